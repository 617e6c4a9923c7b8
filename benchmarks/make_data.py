#!/usr/bin/env python3
"""make_data.py: entnorm's own benchmark data. It makes an alias table and news-like text with gold spans.

    python benchmarks/make_data.py --seed 1 --entities 10000 --megabytes 1 --out benchmarks/data/own-e10k

The output has the same layout as the shared generator (``../shared/bench/make_bench.py``),
so ``run.py`` takes either:

* ``entities.yaml``: an entnorm alias table. Every entity is a ``  - id:`` block with
  ``name``, ``type`` and an optional flow list of ``aliases``.
* ``docs.jsonl``: ``{"id", "text", "mentions": [{"start", "end", "text", "id", "kind", "op"}]}``.
  Offsets are code points and the end is excluded. ``text[start:end] == mention["text"]``.
  The kinds are ``exact`` (a name or alias, ignoring case), ``native`` (a native-script alias),
  ``variant`` (a garbled form that is not in the table) and ``partial`` (a surname alone,
  an initial with a surname, or a company name without its legal form).
* ``meta.json``: arguments, versions, counts and timings.

The mix is about 80% PERSON from 20 Faker locales, 15% ORG and 5% GPE/LOC. Cyrillic, Greek,
Chinese, Korean and Japanese persons have a romanized name and their native-script name as an
alias. About half the entities have aliases.

Design (this file shares no code with the shared generator):

* **Entity i is a pure function of (seed, i).** It has its own RNG, and the Faker instances are
  reseeded for it. Ids are made unique in table order. So the first N entities of a bigger
  table are exactly the N-entity table, and the mention pool (the first ``--mention-pool``
  entities) needs only those entities. The text does not depend on ``--entities``, so one
  corpus is gold for every table size with the same seed.
* **The text has its own RNG stream.** The 1 MB corpus is a prefix of the 10 MB one.
* **Noise model**: about 40% of the mentions (``--garble-rate``) are rewritten by one rule:
  ``edit``, ``edit2``, ``ocr`` (rn/m, cl/d, li/h), ``split``, ``merge``, ``hyphen``,
  ``swap`` (name order), ``unidecode_native`` (romanize the native name with unidecode),
  ``translit`` (a second Cyrillic romanization), ``fold`` (strip diacritics), ``surname``,
  ``initial`` or ``strip_suffix``. A rewrite that lands on a known name of the entity is
  retried. Some surfaces are UPPERCASED (``+upper``), as in headlines.

Requires Faker and Unidecode (``pip install -e '.[bench]'``).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import sys
import time
from collections import Counter

try:
    import faker as faker_module
    from faker import Faker
    from unidecode import unidecode
except ImportError as exc:  # pragma: no cover
    sys.exit(f"make_data.py needs Faker and Unidecode: pip install -e '.[bench]' ({exc})")

# ---------------------------------------------------------------------------
# Mix
# ---------------------------------------------------------------------------
# (locale, weight, script). script: latin | cyrillic | greek | zh | ko | ja
PERSONS = [
    ("en_US", 20, "latin"),
    ("en_GB", 6, "latin"),
    ("en_IN", 3, "latin"),
    ("en_AU", 2, "latin"),
    ("de_DE", 6, "latin"),
    ("fr_FR", 6, "latin"),
    ("es_ES", 5, "latin"),
    ("es_MX", 2, "latin"),
    ("it_IT", 4, "latin"),
    ("pt_BR", 4, "latin"),
    ("nl_NL", 2, "latin"),
    ("pl_PL", 3, "latin"),
    ("tr_TR", 2, "latin"),
    ("sv_SE", 1, "latin"),
    ("cs_CZ", 1, "latin"),
    ("ru_RU", 7, "cyrillic"),
    ("uk_UA", 3, "cyrillic"),
    ("bg_BG", 1, "cyrillic"),
    ("el_GR", 1, "greek"),
    ("zh_CN", 7, "zh"),
    ("zh_TW", 2, "zh"),
    ("ko_KR", 5, "ko"),
    ("ja_JP", 4, "ja"),
]
COMPANY_LOCALES = [("en_US", 45), ("en_GB", 15), ("de_DE", 12), ("fr_FR", 9), ("es_ES", 7), ("it_IT", 6), ("nl_NL", 6)]
PLACE_LOCALES = [("en_US", 40), ("en_GB", 15), ("de_DE", 12), ("fr_FR", 10), ("es_ES", 10), ("nl_NL", 7), ("pl_PL", 6)]

# News spellings of common Korean surnames (unidecode gives Gim, I, Bag, Jeong...).
KOREAN_SURNAME = {
    "김": "Kim",
    "이": "Lee",
    "박": "Park",
    "최": "Choi",
    "정": "Jung",
    "강": "Kang",
    "조": "Cho",
    "윤": "Yoon",
    "장": "Jang",
    "임": "Lim",
    "한": "Han",
    "오": "Oh",
    "서": "Seo",
    "신": "Shin",
    "권": "Kwon",
    "황": "Hwang",
    "안": "Ahn",
    "송": "Song",
    "류": "Ryu",
    "유": "Yoo",
    "홍": "Hong",
    "전": "Jeon",
    "고": "Ko",
    "문": "Moon",
    "양": "Yang",
    "손": "Son",
    "배": "Bae",
    "백": "Baek",
    "허": "Heo",
    "노": "Roh",
    "심": "Shim",
    "하": "Ha",
    "곽": "Kwak",
    "성": "Sung",
    "차": "Cha",
    "주": "Joo",
    "우": "Woo",
    "구": "Koo",
    "민": "Min",
    "진": "Jin",
    "지": "Ji",
    "엄": "Eom",
    "채": "Chae",
    "원": "Won",
    "천": "Chun",
    "방": "Bang",
    "공": "Kong",
    "현": "Hyun",
    "변": "Byun",
    "여": "Yeo",
    "추": "Choo",
    "도": "Do",
    "석": "Seok",
    "선": "Sun",
    "남궁": "Namgung",
    "황보": "Hwangbo",
    "제갈": "Jegal",
    "선우": "Sunwoo",
}

# A second Cyrillic romanization (BGN/PCGN style), unlike unidecode's.
CYRILLIC_BGN = dict(
    zip(
        "абвгдеёжзийклмнопрстуфхцчшщъыьэюяєіїґ",
        [
            "a",
            "b",
            "v",
            "g",
            "d",
            "e",
            "yo",
            "zh",
            "z",
            "i",
            "y",
            "k",
            "l",
            "m",
            "n",
            "o",
            "p",
            "r",
            "s",
            "t",
            "u",
            "f",
            "kh",
            "ts",
            "ch",
            "sh",
            "shch",
            "",
            "y",
            "",
            "e",
            "yu",
            "ya",
            "ye",
            "i",
            "yi",
            "g",
        ],
    )
)

SHORT_FORMS = {
    "William": "Bill",
    "Robert": "Bob",
    "Richard": "Dick",
    "James": "Jim",
    "Michael": "Mike",
    "Thomas": "Tom",
    "Joseph": "Joe",
    "Christopher": "Chris",
    "Daniel": "Dan",
    "Anthony": "Tony",
    "Alexander": "Alex",
    "Nicholas": "Nick",
    "Elizabeth": "Liz",
    "Katherine": "Kate",
    "Jennifer": "Jenny",
    "Margaret": "Peggy",
    "Samuel": "Sam",
    "Benjamin": "Ben",
    "Matthew": "Matt",
    "Andrew": "Andy",
    "Edward": "Ted",
    "Steven": "Steve",
    "Gregory": "Greg",
    "Timothy": "Tim",
    "Patricia": "Pat",
    "Susan": "Sue",
    "Jonathan": "Jon",
    "Kenneth": "Ken",
    "Francesco": "Franco",
    "Giuseppe": "Peppe",
    "Aleksandr": "Sasha",
    "Vladimir": "Volodya",
}

LEGAL_FORMS = [
    "GmbH & Co. KG",
    "and Sons",
    "& Sons",
    "e figli",
    "Inc.",
    "Inc",
    "LLC",
    "Ltd.",
    "Ltd",
    "PLC",
    "plc",
    "Group",
    "GmbH",
    "AG",
    "KG",
    "KGaA",
    "OHG",
    "SE",
    "S.A.",
    "SA",
    "SARL",
    "SAS",
    "S.L.",
    "S.p.A.",
    "SpA",
    "S.r.l.",
    "N.V.",
    "B.V.",
    "Co.",
    "Corp.",
]
_LEGAL_ALTERNATION = "|".join(re.escape(s) for s in sorted(LEGAL_FORMS, key=len, reverse=True))
LEGAL_RE = re.compile(rf"[ ,]+(?:{_LEGAL_ALTERNATION})$")

INDUSTRIES = [
    "Logistics",
    "Shipping",
    "Energy",
    "Pharma",
    "Holdings",
    "Capital",
    "Mining",
    "Airlines",
    "Telecom",
    "Motors",
    "Foods",
    "Steel",
    "Insurance",
    "Media",
    "Bank",
]
LOC_PATTERNS = ["Mount {s}", "{s} River", "Lake {c}", "{c} Valley", "{s} Bay", "Cape {s}", "{s} Strait", "{s} Island"]

# ---------------------------------------------------------------------------
# Helpers
# ---------------------------------------------------------------------------


def romanize(s: str) -> str:
    """unidecode, without apostrophes (soft signs) and extra spaces."""
    return " ".join(unidecode(s).replace("'", "").replace('"', "").split())


def bgn(s: str) -> str:
    out, prev = [], ""
    for ch in s:
        low = ch.lower()
        if low in CYRILLIC_BGN:
            r = "ye" if low == "е" and not prev.isalpha() else CYRILLIC_BGN[low]
            out.append(r[:1].upper() + r[1:] if ch != low else r)
        else:
            out.append(romanize(ch) if ord(ch) > 127 else ch)
        prev = ch
    return " ".join("".join(out).split())


def title1(s: str) -> str:
    return s[:1].upper() + s[1:].lower()


def has_native(s: str) -> bool:
    return any(c.isalpha() and ord(c) >= 0x370 and not 0x1E00 <= ord(c) <= 0x1EFF for c in s)


def slug(s: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", unidecode(s).lower()).strip("-") or "entity"


def upper_keeps(s: str) -> bool:
    u = s.upper()
    return len(u) == len(s) and u.casefold() == s.casefold()


_PLAIN = re.compile(r"^[^\W\d_][\w .'\-]*$")
_RESERVED = {"y", "n", "yes", "no", "on", "off", "true", "false", "null", "~"}


def yaml_str(s: str) -> str:
    if _PLAIN.match(s) and not s.endswith((" ", ":")) and s.lower() not in _RESERVED and "  " not in s:
        return s
    return json.dumps(s, ensure_ascii=False)


def weighted(pairs):
    return [p[0] for p in pairs], [p[1] for p in pairs]


class Ent:
    __slots__ = ("id", "name", "type", "aliases", "given", "surname", "native", "native_split", "script", "locale")

    def __init__(self, **kw):
        for k in self.__slots__:
            setattr(self, k, kw.get(k))
        self.aliases = self.aliases or []

    def names(self):
        return [self.name] + self.aliases


# ---------------------------------------------------------------------------
# Entities
# ---------------------------------------------------------------------------


class Table:
    def __init__(self, seed: int, org_share: float, place_share: float):
        self.seed = seed
        self.org_share, self.place_share = org_share, place_share
        locales = {p[0] for p in PERSONS} | {c for c, _ in COMPANY_LOCALES} | {c for c, _ in PLACE_LOCALES}
        self.fk = {loc: Faker(loc) for loc in sorted(locales)}
        self.persons = ([(loc, script) for loc, _, script in PERSONS], [w for _, w, _ in PERSONS])
        self.companies = weighted(COMPANY_LOCALES)
        self.places = weighted(PLACE_LOCALES)
        self.used_ids = Counter()
        self.stats = Counter()

    def entity(self, i: int) -> Ent:
        rng = random.Random(f"entnorm-bench/{self.seed}/entity/{i}")
        r = rng.random()
        if r < self.place_share:
            e = self._place(rng)
        elif r < self.place_share + self.org_share:
            e = self._company(rng)
        else:
            e = self._person(rng)
        # aliases: unique, not the name, at most 3 (native kept)
        seen, al = {e.name.casefold()}, []
        for a in e.aliases:
            if a and a.casefold() not in seen:
                seen.add(a.casefold())
                al.append(a)
        if len(al) > 3:
            al = al[:2] + [al[-1]]
        e.aliases = al
        base = slug(e.name)
        self.used_ids[base] += 1
        e.id = base if self.used_ids[base] == 1 else f"{base}-{self.used_ids[base]}"
        self.stats[f"type:{e.type}"] += 1
        return e

    def _faker(self, loc, rng):
        f = self.fk[loc]
        f.seed_instance(rng.getrandbits(48))
        return f

    def _person(self, rng) -> Ent:
        loc, script = rng.choices(*self.persons)[0]
        f = self._faker(loc, rng)
        female = rng.random() < 0.5
        first = f.first_name_female if female and hasattr(f, "first_name_female") else f.first_name_male
        last = f.last_name_female if female and hasattr(f, "last_name_female") else f.last_name_male
        al, native, split = [], None, None
        if script == "latin":
            given, surname = first(), last()
            name = f"{given} {surname}"
            if rng.random() < 0.3:
                al.append(surname)
            if rng.random() < 0.5:
                al.append(romanize(name))  # "Muller" for "Müller", if different
            short = SHORT_FORMS.get(given.split()[0])
            if short and rng.random() < 0.4:
                al.append(f"{short} {surname}")
        elif script in ("cyrillic", "greek"):
            g_n, s_n = first(), last()
            given, surname = romanize(g_n), romanize(s_n)
            name = f"{given} {surname}"
            native, split = f"{g_n} {s_n}", (s_n, g_n)
            if rng.random() < 0.25:
                al.append(surname)
            if script == "cyrillic" and rng.random() < 0.35:
                al.append(f"{bgn(g_n)} {bgn(s_n)}")
        elif script == "ja":
            gk, _, gr = f.first_name_female_pair() if female else f.first_name_male_pair()
            sk, _, sr = f.last_name_pair()
            given, surname = gr, sr
            name = f"{given} {surname}"
            native, split = sk + gk, (sk, gk)
            if rng.random() < 0.15:
                al.append(surname)
        else:  # zh, ko: surname first
            g_n = first()
            s_n = f.last_name()
            native, split = s_n + g_n, (s_n, g_n)
            if script == "ko":
                surname = KOREAN_SURNAME.get(s_n) or title1(romanize(s_n).replace(" ", ""))
                sylls = [romanize(c).lower() for c in g_n]
                joined = rng.random() < 0.3
                given = title1(("" if joined else "-").join(s for s in sylls if s))
                if not joined and rng.random() < 0.3:
                    al.append(f"{surname} {given.replace('-', '').capitalize()}")
            else:
                surname = title1(romanize(s_n).replace(" ", ""))
                given = title1(romanize(g_n).replace(" ", ""))
            name = f"{surname} {given}"
        if native:
            al.append(native)
        self.stats[f"locale:{loc}"] += 1
        return Ent(
            name=name,
            type="PERSON",
            aliases=al,
            given=given,
            surname=surname,
            native=native,
            native_split=split,
            script=script,
            locale=loc,
        )

    def _company(self, rng) -> Ent:
        loc = rng.choices(*self.companies)[0]
        f = self._faker(loc, rng)
        if rng.random() < 0.2:
            name = f"{f.last_name()} {rng.choice(INDUSTRIES)}" + rng.choice(["", " Group", " Inc.", " PLC"])
        else:
            name = " ".join(f.company().split())
        al = []
        m = LEGAL_RE.search(name)
        if m and rng.random() < 0.4:
            core = name[: m.start()].rstrip(" ,")
            if " " in core or "-" in core:
                al.append(core)
        words = [w for w in re.findall(r"[^\W\d_]+", name) if w[0].isupper()]
        if len(words) >= 3 and rng.random() < 0.06:
            al.append("".join(w[0] for w in words[:4]))
        if rng.random() < 0.5:
            al.append(romanize(name))
        self.stats[f"org_locale:{loc}"] += 1
        return Ent(name=name, type="ORG", aliases=al, script="latin", locale=loc)

    def _place(self, rng) -> Ent:
        loc = rng.choices(*self.places)[0]
        f = self._faker(loc, rng)
        r = rng.random()
        if r < 0.1:
            return Ent(
                name=f.country() if loc == "en_US" else self._faker("en_US", rng).country(),
                type="GPE",
                script="latin",
                locale="en_US",
            )
        city = " ".join(f.city().split())
        if r < 0.8:
            al = [romanize(city)] if rng.random() < 0.5 else []
            return Ent(name=city, type="GPE", aliases=al, script="latin", locale=loc)
        name = rng.choice(LOC_PATTERNS).format(s=self._faker("en_US", rng).last_name(), c=city)
        al = ["Mt. " + name[6:]] if name.startswith("Mount ") and rng.random() < 0.5 else []
        return Ent(name=name, type="LOC", aliases=al, script="latin", locale=loc)


def write_table(
    path: str, n: int, seed: int, pool_size: int, org_share: float, place_share: float, log
) -> tuple[list[Ent], dict]:
    table = Table(seed, org_share, place_share)
    pool = []
    forms, names = Counter(), Counter()
    n_alias = n_with = 0
    t0 = time.perf_counter()
    with open(path, "w", encoding="utf-8") as f:
        f.write(f"# entnorm benchmark table: make_data.py --seed {seed} --entities {n}\n")
        f.write("entities:\n")
        chunk = []
        for i in range(n):
            e = table.entity(i)
            if i < pool_size:
                pool.append(e)
            names[e.name] += 1
            for s in e.names():
                forms[s.casefold()] += 1
            block = f"  - id: {e.id}\n    name: {yaml_str(e.name)}\n    type: {e.type}\n"
            if e.aliases:
                n_with += 1
                n_alias += len(e.aliases)
                block += "    aliases: [" + ", ".join(yaml_str(a) for a in e.aliases) + "]\n"
            chunk.append(block)
            if len(chunk) == 2000:
                f.write("".join(chunk))
                chunk = []
            if log and (i + 1) % 100_000 == 0:
                log(f"  {i + 1:,} entities ({time.perf_counter() - t0:.0f}s)")
        f.write("".join(chunk))
    stats = dict(sorted(table.stats.items()))
    stats.update(
        entities=n,
        entities_with_aliases=n_with,
        aliases_total=n_alias,
        surface_forms_total=n + n_alias,
        distinct_surface_forms_casefolded=len(forms),
        ambiguous_surface_forms_casefolded=sum(1 for c in forms.values() if c > 1),
        distinct_canonical_names=len(names),
        canonical_names_shared_by_several_entities=sum(1 for c in names.values() if c > 1),
        seconds=round(time.perf_counter() - t0, 2),
    )
    return pool, stats


# ---------------------------------------------------------------------------
# Noise
# ---------------------------------------------------------------------------
SOUNDS_LIKE = {
    "a": ["e", "o"],
    "e": ["a", "i"],
    "i": ["e", "y"],
    "o": ["u", "a"],
    "u": ["o", "ou"],
    "y": ["i", "j"],
    "c": ["k", "s"],
    "k": ["c", "q"],
    "s": ["z", "ss"],
    "z": ["s"],
    "b": ["p"],
    "p": ["b"],
    "d": ["t"],
    "t": ["d", "th"],
    "g": ["k", "gh"],
    "j": ["y", "zh"],
    "v": ["w", "f"],
    "w": ["v"],
    "f": ["v", "ph"],
    "m": ["n"],
    "n": ["m"],
    "l": ["r"],
    "r": ["l"],
    "x": ["ks"],
    "h": ["kh"],
}
OCR = [("rn", "m"), ("m", "rn"), ("cl", "d"), ("li", "h"), ("vv", "w"), ("nn", "m"), ("ri", "n")]


def _inner_letters(s: str) -> list[int]:
    return [i for i in range(1, len(s)) if s[i].isalpha() and s[i - 1] not in " -."]


def edit(s: str, rng: random.Random) -> str:
    pos = _inner_letters(s)
    if not pos:
        return s
    i = rng.choice(pos)
    c = s[i]
    r = rng.random()
    if r < 0.25:
        return s[:i] + s[i + 1 :]  # deletion
    if r < 0.45:
        return s[:i] + c + s[i:]  # doubling
    if r < 0.65 and i + 1 < len(s) and s[i + 1].isalpha() and s[i + 1] != c:
        return s[:i] + s[i + 1] + c + s[i + 2 :]  # transposition
    alt = SOUNDS_LIKE.get(c.lower())
    if not alt:
        return s[:i] + s[i + 1 :]
    rep = rng.choice(alt)
    rep = rep.upper() if c.isupper() else rep
    return s[:i] + rep + s[i + 1 :]


def ocr(s: str, rng: random.Random) -> str | None:
    opts = [(a, b) for a, b in OCR if a in s[1:]]
    if not opts:
        return None
    a, b = rng.choice(opts)
    idx = [j for j in range(1, len(s) - len(a) + 1) if s.startswith(a, j)]
    j = rng.choice(idx)
    return s[:j] + b + s[j + len(a) :]


def split(s: str, rng: random.Random) -> str | None:
    toks = s.split(" ")
    long = [k for k, t in enumerate(toks) if len(t) >= 6 and t.isalpha()]
    if not long:
        return None
    k = rng.choice(long)
    t = toks[k]
    i = rng.randrange(3, len(t) - 2)
    toks[k] = t[:i] + " " + (t[i:].upper() if t.isupper() else t[i].upper() + t[i + 1 :])
    return " ".join(toks)


def merge(s: str, rng: random.Random) -> str | None:
    toks = s.split(" ")
    if len(toks) < 2:
        return None
    k = rng.randrange(len(toks) - 1)
    nxt = toks[k + 1]
    toks[k : k + 2] = [toks[k] + (nxt if toks[k].isupper() else nxt[:1].lower() + nxt[1:])]
    return " ".join(toks)


def hyphen(s: str, rng: random.Random) -> str | None:
    if "-" in s:
        return s.replace("-", " " if rng.random() < 0.5 else "", 1)
    toks = s.split(" ")
    pairs = [k for k in range(len(toks) - 1) if toks[k].isalpha() and toks[k + 1].isalpha()]
    if not pairs:
        return None
    k = rng.choice(pairs)
    return " ".join(toks[:k] + [toks[k] + "-" + toks[k + 1]] + toks[k + 2 :])


class Garbler:
    def __init__(self, rng: random.Random):
        self.rng = rng

    def rules(self, e: Ent):
        rules = {"edit": 30, "edit2": 9, "ocr": 3, "split": 7, "merge": 7, "hyphen": 5}
        if e.type == "PERSON":
            rules.update(surname=14, initial=5, swap=7)
            if e.native_split and e.script in ("zh", "ko", "ja"):
                rules["unidecode_native"] = 10
            if e.script == "cyrillic":
                rules["translit"] = 7
        elif e.type == "ORG":
            rules["strip_suffix"] = 12
        if romanize(e.name) != e.name:
            rules["fold"] = 6
        return list(rules), list(rules.values())

    def apply(self, rule: str, e: Ent):
        rng = self.rng
        latin = [a for a in e.aliases if not has_native(a)]
        base = (
            rng.choice(latin) if latin and rule in ("edit", "edit2", "ocr", "split") and rng.random() < 0.25 else e.name
        )
        if rule == "edit":
            return edit(base, rng), "variant"
        if rule == "edit2":
            return edit(edit(base, rng), rng), "variant"
        if rule == "ocr":
            return ocr(base, rng), "variant"
        if rule == "split":
            return split(base, rng), "variant"
        if rule == "merge":
            return merge(base, rng), "variant"
        if rule == "hyphen":
            return hyphen(base, rng), "variant"
        if rule == "surname":
            return e.surname, "partial"
        if rule == "initial":
            return f"{e.given[0]}. {e.surname}", "partial"
        if rule == "swap":
            first_given = e.name.startswith(e.given + " ")
            return (f"{e.surname} {e.given}" if first_given else f"{e.given} {e.surname}"), "variant"
        if rule == "unidecode_native":
            sur, giv = e.native_split
            return " ".join(title1(t) for t in romanize(f"{sur} {giv}").split()), "variant"
        if rule == "translit":
            sur, giv = e.native_split
            return f"{bgn(giv)} {bgn(sur)}", "variant"
        if rule == "strip_suffix":
            m = LEGAL_RE.search(e.name)
            return (e.name[: m.start()].rstrip(" ,") if m else None), "partial"
        if rule == "fold":
            return romanize(e.name), "variant"
        raise KeyError(rule)

    def garble(self, e: Ent):
        known = {s.casefold() for s in e.names()}
        rules, weights = self.rules(e)
        for _ in range(8):
            rule = self.rng.choices(rules, weights)[0]
            s, kind = self.apply(rule, e)
            if not s or len(s) < 2 or s.casefold() in known or has_native(s):
                continue
            if self.rng.random() < 0.03 and upper_keeps(s) and s.upper().casefold() not in known:
                s, rule = s.upper(), rule + "+upper"
            return s, kind, rule
        return None


# ---------------------------------------------------------------------------
# Text
# ---------------------------------------------------------------------------
TITLES = [
    "President",
    "Prime Minister",
    "Senator",
    "Governor",
    "Minister",
    "Foreign Minister",
    "Mayor",
    "Ambassador",
    "Dr.",
    "Mr.",
    "Ms.",
    "General",
    "Judge",
    "Chief Executive",
    "Chairman",
    "Spokeswoman",
    "Spokesman",
    "Coach",
    "Professor",
    "Lawmaker",
]
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]
SUBJECTS = [
    "the tariff dispute",
    "the spending plan",
    "the ceasefire talks",
    "rate cuts",
    "the takeover bid",
    "emissions targets",
    "the corruption probe",
    "fuel prices",
    "the port strike",
    "the migration deal",
    "the chip export ban",
    "pension changes",
    "the grain corridor",
    "the rail project",
    "the court challenge",
    "bank capital rules",
    "the vaccine contract",
    "the fishing quota",
    "the arms package",
    "the data leak",
]
ACTIONS = [
    "announced",
    "rejected",
    "condemned",
    "welcomed",
    "proposed",
    "defended",
    "challenged",
    "signed",
    "delayed",
    "approved",
    "vetoed",
    "backed",
    "revived",
]
TRENDS = ["rose", "fell", "surged", "slid", "gained", "lost", "recovered", "plunged"]
MEASURES = [
    "inflation",
    "the jobless rate",
    "exports",
    "the currency",
    "bond yields",
    "factory output",
    "consumer confidence",
    "the trade surplus",
    "the stock index",
]

# slots: P/Q persons (Q different from P), T = title + person, C/D companies, L place.
# Others: W weekday, M month, S subject, A action, R trend, N number, X measure, F filler clause
SENTENCES = [
    "{T} said on {W} that {F}.",
    "{P} told reporters in {L} that {F}.",
    "{P} and {Q} {A} {S} after talks in {L}.",
    "{P} held a phone call with {Q} on {W} about {S}.",
    "Shares in {C} {R} {N}% after {P} {A} {S}.",
    "{C} said in a filing that {F}.",
    "A spokesman for {C} declined to comment on {S}.",
    "{C} and {D} agreed to {F} by {M}.",
    "{P}, who {F}, is expected to visit {L} in {M}.",
    "Supporters of {P} gathered in {L} on {W}.",
    "{P}'s government {A} {S} in {M}.",
    '"{F}," {T} said.',
    '"{F}," said {P}.',
    "In {L}, officials said {F}.",
    "{L} has {A} {S}, according to {C}.",
    "{T} met {Q} in {L} to discuss {S}.",
    "{P} was quoted by {C} as saying {F}.",
    "Asked about {S}, {P} said {F}.",
    "{T} {A} {S} on {W}.",
    "Critics accused {P} of ignoring {S}.",
]
FILLERS = [
    "{X} {R} {N}% in {M}, data showed.",
    "Economists said {F}.",
    "A vote is scheduled for {W}.",
    "It was not clear whether {F}.",
    "The move comes as {X} {R} for a third month.",
    "Negotiations on {S} are due to resume in {M}.",
    "{X} {R} sharply on {W}.",
]
HEADLINE = ["{P} {A} {S}", "{P} under pressure over {S}", "{C} {R} on {S}", "{L} braces for {S}"]
_SLOT = re.compile(r"\{(\w)\}")


class Writer:
    def __init__(self, seed: int, pool: list[Ent], garble_rate: float):
        self.rng = random.Random(f"entnorm-bench/{seed}/text")
        self.garbler = Garbler(self.rng)
        self.garble_rate = garble_rate
        lorem = next(p for p in Faker("en_US").providers if hasattr(p, "word_list"))
        self.words = list(lorem.word_list)
        groups = {"P": [], "C": [], "L": []}
        for e in pool:
            groups["P" if e.type == "PERSON" else "C" if e.type == "ORG" else "L"].append(e)
        # Zipf-like popularity by table position
        self.groups = {k: (v, [1 / (j + 1) ** 0.8 for j in range(len(v))]) for k, v in groups.items() if v}
        self.kinds, self.ops = Counter(), Counter()

    def _words(self, lo, hi):
        return " ".join(self.rng.choices(self.words, k=self.rng.randint(lo, hi)))

    def _fill(self, slot):
        rng = self.rng
        return {
            "W": lambda: rng.choice(WEEKDAYS),
            "M": lambda: rng.choice(MONTHS),
            "S": lambda: rng.choice(SUBJECTS),
            "A": lambda: rng.choice(ACTIONS),
            "R": lambda: rng.choice(TRENDS),
            "X": lambda: rng.choice(MEASURES),
            "N": lambda: f"{rng.uniform(0.2, 12):.1f}" if rng.random() < 0.5 else str(rng.randint(1, 30)),
            "F": lambda: (
                f"{rng.choice(MEASURES)} could {self._words(3, 7)}" if rng.random() < 0.4 else self._words(5, 12)
            ),
        }[slot]()

    def surface(self, e: Ent, first: bool):
        rng = self.rng
        if rng.random() < self.garble_rate:
            g = self.garbler.garble(e)
            if g:
                return g
        if e.native and rng.random() < 0.1:
            return e.native, "native", "native"
        latin = [a for a in e.aliases if not has_native(a)]
        if not first and e.type == "PERSON" and e.surname in latin and rng.random() < 0.6:
            s, op = e.surname, "alias"
        elif latin and rng.random() < 0.25:
            s, op = rng.choice(latin), "alias"
        else:
            s, op = e.name, "name"
        if rng.random() < 0.04 and upper_keeps(s):
            s, op = s.upper(), op + "+upper"
        return s, "exact", op

    def document(self, doc_id: str) -> dict:
        rng = self.rng
        cast = {}
        for k, (lo, hi) in {"P": (2, 5), "C": (0, 2), "L": (1, 2)}.items():
            if k in self.groups:
                items, w = self.groups[k]
                picked = []
                for _ in range(hi * 3):
                    if len(picked) >= min(rng.randint(lo, hi), len(items)):
                        break
                    e = rng.choices(items, w)[0]
                    if e not in picked:
                        picked.append(e)
                cast[k] = picked
        n_p, n_c, n_l = (len(cast.get(k, [])) for k in "PCL")
        have = {s for s, ok in [("P", n_p), ("T", n_p), ("Q", n_p >= 2), ("C", n_c), ("D", n_c >= 2), ("L", n_l)] if ok}

        def fits(tpl):
            return {s for s in _SLOT.findall(tpl) if s in "PQTCDL"} <= have

        usable = [t for t in SENTENCES if fits(t)]
        text, mentions, seen = [], [], set()
        pos = 0

        def put(s):
            nonlocal pos
            text.append(s)
            pos += len(s)

        def mention(e):
            s, kind, op = self.surface(e, e.id not in seen)
            seen.add(e.id)
            mentions.append({"start": pos, "end": pos + len(s), "text": s, "id": e.id, "kind": kind, "op": op})
            put(s)
            if kind == "exact" and op == "name" and e.native and rng.random() < 0.2:
                put(" (")
                mentions.append(
                    {
                        "start": pos,
                        "end": pos + len(e.native),
                        "text": e.native,
                        "id": e.id,
                        "kind": "native",
                        "op": "native_gloss",
                    }
                )
                put(e.native)
                put(")")

        def sentence(tpl):
            start_piece, start_m, start_pos = len(text), len(mentions), pos
            used = {}
            last = 0
            for m in _SLOT.finditer(tpl):
                put(tpl[last : m.start()])
                last = m.end()
                slot = m.group(1)
                if slot in "PQTCDL":
                    key = {"P": "P", "Q": "P", "T": "P", "C": "C", "D": "C", "L": "L"}[slot]
                    avoid = used.get(key, [])
                    choices = [x for x in cast[key] if x not in avoid] or cast[key]
                    e = rng.choice(choices)
                    used.setdefault(key, []).append(e)
                    if slot == "T":
                        put(rng.choice(TITLES) + " ")
                    mention(e)
                else:
                    put(self._fill(slot))
            put(tpl[last:])
            # capitalise the sentence start ("de Vries said" -> "De Vries said")
            for k in range(start_piece, len(text)):
                if text[k]:
                    if text[k][0].islower():
                        text[k] = text[k][0].upper() + text[k][1:]
                        for mm in mentions[start_m:]:
                            if mm["start"] == start_pos:
                                mm["text"] = text[k][: mm["end"] - mm["start"]]
                    break

        # headline (sometimes upper case)
        heads = [h for h in HEADLINE if fits(h)]
        if heads and rng.random() < 0.6:
            m0 = len(mentions)
            sentence(rng.choice(heads))
            if rng.random() < 0.25:
                head = "".join(text)
                if upper_keeps(head):
                    text[:] = [head.upper()]
                    for mm in mentions[m0:]:
                        up = mm["text"].upper()
                        if up != mm["text"]:
                            mm["text"], mm["op"] = up, mm["op"] if "+upper" in mm["op"] else mm["op"] + "+upper"
            put("\n\n")
        if "L" in have and rng.random() < 0.35:
            mention(cast["L"][0])
            put(" (Reuters) - " if rng.random() < 0.5 else " - ")
        goal = rng.randint(300, 800)
        per_mention = rng.uniform(25, 40)
        words, in_par, par = 0, 0, rng.randint(2, 5)
        while words < goal:
            before = len(text)
            if usable and len(mentions) * per_mention < words + 10:
                sentence(rng.choice(usable))
            elif rng.random() < 0.5:
                sentence(rng.choice(FILLERS))
            else:
                w = self._words(7, 15)
                put(w[0].upper() + w[1:] + ".")
            words += sum(t.count(" ") for t in text[before:]) + 1
            in_par += 1
            if in_par >= par:
                put("\n\n")
                in_par, par = 0, rng.randint(2, 5)
            else:
                put(" ")
        body = "".join(text).rstrip()
        for mm in mentions:
            self.kinds[mm["kind"]] += 1
            self.ops[mm["op"]] += 1
        return {"id": doc_id, "text": body, "mentions": mentions}


def write_docs(path: str, pool: list[Ent], seed: int, megabytes: float, garble_rate: float, log):
    w = Writer(seed, pool, garble_rate)
    goal = megabytes * 1e6
    stats = Counter()
    t0 = time.perf_counter()
    with open(path, "w", encoding="utf-8") as f:
        while stats["text_bytes_utf8"] < goal:
            d = w.document(f"doc-{stats['docs']:06d}")
            f.write(json.dumps(d, ensure_ascii=False) + "\n")
            stats["docs"] += 1
            stats["text_bytes_utf8"] += len(d["text"].encode("utf-8"))
            stats["text_chars"] += len(d["text"])
            stats["words"] += len(d["text"].split())
            stats["mentions"] += len(d["mentions"])
    out = dict(stats)
    out.update(
        words_per_mention=round(stats["words"] / max(1, stats["mentions"]), 1),
        mentions_by_kind=dict(sorted(w.kinds.items())),
        mentions_by_op=dict(sorted(w.ops.items())),
        seconds=round(time.perf_counter() - t0, 2),
    )
    if log:
        log(f"  {out['docs']:,} docs, {out['mentions']:,} mentions, {out['words_per_mention']} words/mention")
    return out


def check(out: str, log) -> None:
    """Every span slices its text, and `kind` agrees with the table."""
    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
    from tables import iter_entities

    names = {}
    for e in iter_entities(os.path.join(out, "entities.yaml")):
        assert e["id"] not in names, f"duplicate id {e['id']}"
        names[e["id"]] = {s.casefold() for s in [e["name"]] + e["aliases"]}
    n = 0
    with open(os.path.join(out, "docs.jsonl"), encoding="utf-8") as f:
        for line in f:
            d = json.loads(line)
            for m in d["mentions"]:
                assert d["text"][m["start"] : m["end"]] == m["text"], (d["id"], m)
                known = m["text"].casefold() in names[m["id"]]
                assert known == (m["kind"] in ("exact", "native")), (d["id"], m)
                n += 1
    log(f"check: {len(names):,} unique ids, {n:,} spans consistent")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--entities", type=int, default=1000)
    ap.add_argument("--megabytes", type=float, default=1.0, help="MB of UTF-8 text; 0 = table only")
    ap.add_argument("--mention-pool", type=int, default=1000)
    ap.add_argument("--garble-rate", type=float, default=0.4)
    ap.add_argument("--org-share", type=float, default=0.15)
    ap.add_argument("--place-share", type=float, default=0.05)
    ap.add_argument("--out", required=True)
    ap.add_argument("--check", action="store_true")
    ap.add_argument("--quiet", action="store_true")
    a = ap.parse_args(argv)
    log = (lambda m: None) if a.quiet else (lambda m: print(m, file=sys.stderr, flush=True))
    os.makedirs(a.out, exist_ok=True)
    t0 = time.perf_counter()
    pool_size = min(a.mention_pool, a.entities)
    log(f"table: {a.entities:,} entities")
    pool, ent_stats = write_table(
        os.path.join(a.out, "entities.yaml"), a.entities, a.seed, pool_size, a.org_share, a.place_share, log
    )
    doc_stats = None
    if a.megabytes > 0:
        log(f"text: {a.megabytes:g} MB")
        doc_stats = write_docs(os.path.join(a.out, "docs.jsonl"), pool, a.seed, a.megabytes, a.garble_rate, log)
    from importlib.metadata import version

    meta = {
        "generator": "make_data.py",
        "args": vars(a),
        "mention_pool": pool_size,
        "versions": {
            "python": sys.version.split()[0],
            "faker": faker_module.VERSION,
            "unidecode": version("unidecode"),
        },
        "entities": ent_stats,
        "docs": doc_stats,
        "total_seconds": round(time.perf_counter() - t0, 2),
    }
    with open(os.path.join(a.out, "meta.json"), "w", encoding="utf-8") as f:
        json.dump(meta, f, indent=1, ensure_ascii=False)
    log(f"done in {meta['total_seconds']}s -> {a.out}")
    if a.check and a.megabytes > 0:
        check(a.out, log)
    return 0


if __name__ == "__main__":
    sys.exit(main())
