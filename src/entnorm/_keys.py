"""Keys derived from table strings: what an alias looks like after folding.

Every alias becomes one or more *keys*, compact folded strings with the spaces and hyphens
removed ("Kim Jong-un" → ``kimjongun``), so that spacing and hyphenation variants, merged
tokens and case all meet at one dictionary lookup. Native-script aliases become the key of
their romanization (蓬佩奥 → ``pengpeiao``, ポンペオ → ``ponpeo``, 폼페이오 → ``pompeio``): the
bridge to what machine translation writes. The consonant skeleton (``pngp`` for both
"Peng Poe" and 蓬佩奥) and deletion neighbourhoods find candidates for the fuzzy verifier.
"""

from __future__ import annotations

import itertools
import re
from functools import lru_cache
from importlib import resources
from typing import NamedTuple

from ._folding import CAP, CJK, LATIN, NATIVE, UPPER, is_cjk_char, tokenize
from ._lexicon import CONNECTORS, is_function_word

__all__ = ["AliasForm", "alias_forms", "deletes", "event_canon", "gloss_forms", "korean_canon", "skeleton"]

_VOWELS = re.compile(r"[aeiouywh]+")
_REPEATS = re.compile(r"(.)\1+")
_SEPARATORS = re.compile(r"[\u00b7\u30fb\u2022\u2027\u2219\uff65]")  # middle dots between name parts

# Alias-form flags.
WEAK = 1  # listed under weak_aliases: links only with support from the article
ACRONYM = 2  # all-caps Latin abbreviation (US, NATO): matches uppercase text only
NATIVE_SCRIPT = 4  # the table string is in a non-Latin script; its key is a romanization
SWAPPED = 8  # derived: family and given name in the other order
LOWER_INITIAL = 16  # the table string starts with a lowercase letter ("de Gaulle")
SYLLABIC = 32  # native script written in syllables (Han, kana, Hangul): its readings are exact
GLOSS = 64  # derived: an English gloss of a Han alias (CC-CEDICT); links only with support


# Particles that start a surname and are written in lower case inside a sentence.
_NAME_PARTICLES = frozenset("von van de der den da di du le la del della des dos ter ten bin ibn al el".split())


class AliasForm(NamedTuple):
    """One key of one entity: the compact folded string and where it came from."""

    entity: int
    alias: str  # the table string
    key: str  # compact folded key
    bounds: tuple[int, ...]  # cumulative token end offsets inside ``key``
    flags: int


def skeleton(key: str) -> str:
    """Consonant skeleton: vowels (and y, w, h) dropped, doubled letters collapsed."""
    return _REPEATS.sub(r"\1", _VOWELS.sub("", key))


# Korean romanizations disagree on vowels and on voicing, letter for letter: Revised ("Mun
# Jae-in", "Gang Gyeong-hwa"), McCune-Reischauer ("Mun Chae-in") and the common spellings
# ("Moon", "Kang Kyung-wha", "Shin", "Choi"). Folded to one form, they meet at one key.
_KOREAN_CANON = (
    ("wh", "hw"),
    ("tch", "j"),
    ("ch", "j"),
    ("sh", "s"),
    ("kk", "k"),
    ("tt", "t"),
    ("pp", "p"),
    ("ss", "s"),
    ("jj", "j"),
    ("g", "k"),
    ("d", "t"),
    ("b", "p"),
    ("r", "l"),
    ("ll", "l"),
    ("yeo", "yu"),
    ("eo", "u"),
    ("eu", "u"),
    ("oo", "u"),
    ("ae", "e"),
    ("oi", "oe"),
    ("ee", "i"),
)


@lru_cache(maxsize=131_072)  # text windows repeat
def korean_canon(key: str) -> str:
    """One spelling for the romanizations of a Korean name ("moonjaein", "munchaein" and
    "munjaein" → ``munjein``): compared only with the keys of entities that have a Hangul name."""
    for old, new in _KOREAN_CANON:
        key = key.replace(old, new)
    return key


_YEAR = re.compile(r"(?:19|20)\d\d")
_EVENT_WORDS = (("olympicgames", "olympics"), ("olympic", "olympics"), ("olympicss", "olympics"))


def event_canon(folds: list[str] | tuple[str, ...]) -> tuple[str, tuple[str, ...]]:
    """An event's name without its years, and the years: "2022 Beijing Winter Olympics",
    "Beijing 2022 Winter Olympics" and "Beijing Winter Olympic Games" all give
    (``beijingwinterolympics``, ...). Years are compared apart, so 2018 never meets 2022."""
    years = tuple(f for f in folds if _YEAR.fullmatch(f))
    key = "".join(f for f in folds if not _YEAR.fullmatch(f))
    for old, new in _EVENT_WORDS:
        key = key.replace(old, new)
    return key, years


def deletes(key: str) -> set[str]:
    """The key with each single character deleted (SymSpell's distance-1 neighbourhood)."""
    return {key[:i] + key[i + 1 :] for i in range(len(key))}


def _bounds(folds: list[str]) -> tuple[int, ...]:
    out, total = [], 0
    for f in folds:
        total += len(f)
        out.append(total)
    return tuple(out)


def _is_acronym(alias: str, flags: list[int]) -> bool:
    letters = [c for c in alias if c.isalpha()]
    if not letters or len(letters) > 6 or not all(f & LATIN for f in flags):
        return False
    return all(c.isupper() for c in letters) and (
        len(flags) == 1 or all(len(p) == 1 for p in re.findall(r"[A-Za-z]+", alias))
    )


def alias_forms(entity: int, alias: str, *, weak: bool, person: bool) -> list[AliasForm]:
    """Every key one table string contributes (its own, and its name-order swap for people)."""
    return [AliasForm(entity, alias, key, bounds, flags) for key, bounds, flags in _alias_keys(alias, weak, person)]


def gloss_forms(entity: int, alias: str) -> list[AliasForm]:
    """Keys of the English glosses CC-CEDICT gives a Han alias (国民党 → "Nationalist Party")."""
    out = []
    for gloss in _glosses().get(alias, ()):
        folds = list(_tokens(gloss)[0])
        out.append(AliasForm(entity, gloss, "".join(folds), _bounds(folds), GLOSS))
    return out


@lru_cache(maxsize=1)
def _glosses() -> dict[str, tuple[str, ...]]:
    """Han proper name → its English glosses (``scripts/build_glosses.py``)."""
    data = resources.files("entnorm").joinpath("data/cedict_glosses.txt").read_text(encoding="utf-8")
    out: dict[str, list[str]] = {}
    for line in data.splitlines():
        if line and not line.startswith("#"):
            han, gloss = line.split("\t", 1)
            out.setdefault(han, []).append(gloss)
    return {k: tuple(v) for k, v in out.items()}


@lru_cache(maxsize=262_144)  # big tables repeat names: the same string, folded once
def _alias_keys(alias: str, weak: bool, person: bool) -> tuple[tuple[str, tuple[int, ...], int], ...]:
    folds, tflags = _tokens(alias)
    if not folds:
        return ()
    flags = WEAK if weak else 0
    if any(f & NATIVE for f in tflags):
        flags |= NATIVE_SCRIPT | (SYLLABIC if any(f & CJK for f in tflags) else 0)
    elif _is_acronym(alias, list(tflags)):
        flags |= ACRONYM
    if tflags[0] & LATIN and not tflags[0] & (CAP | UPPER) and folds[0] not in CONNECTORS:
        flags |= LOWER_INITIAL
    elif person and len(folds) > 1 and folds[0] in _NAME_PARTICLES and tflags[-1] & CAP:
        flags |= LOWER_INITIAL  # "Von der Leyen" is "von der Leyen" inside a sentence
    keys = [("".join(folds), _bounds(list(folds)), flags)]
    if flags & NATIVE_SCRIPT:
        # 万斯 is "Mo Si" to unidecode, "Wan Si" to the MT: every mix of the two readings of the
        # characters they disagree on (at most three of them) is a key too.
        readings = _han_readings()
        choices = [
            (f, readings[ch]) if len(ch) == 1 and ch in readings else (f,) for ch, f in zip(_token_texts(alias), folds)
        ]
        if 0 < sum(len(c) > 1 for c in choices) <= 3:
            for combo in itertools.product(*choices):
                if list(combo) != list(folds):
                    keys.append(("".join(combo), _bounds(list(combo)), flags))
        # MT transliterates a Chinese place name and translates its generic last character:
        # 永暑礁 "Yongshu Island" or "Yongshu Reef", 黄岩岛 "Huangyan Island".
        texts = _token_texts(alias)
        generic = _HAN_GENERICS.get(texts[-1]) if len(texts) >= 3 and all(map(_is_han, texts)) else None
        for word in generic or ():
            gfolds = [*folds[:-1], word]
            keys.append(("".join(gfolds), _bounds(gfolds), flags))
        # Hong Kong and Macau write Cantonese: 林郑月娥 "Lam Cheng Yuet-ngor", 陈 "Chan".
        if 2 <= len(texts) <= 4 and all(map(_is_han, texts)):
            for combo in _cantonese_spellings(tuple(texts)):
                keys.append(("".join(combo), _bounds(list(combo)), flags))
        # Taiwan, Hong Kong and older texts write Wade-Giles: 蒋经国 "Chiang Ching-kuo", 夏 "Hsia";
        # a few older and American sources Yale: 周 "Jou", 习近平 "Syi Jinping".
        for system in (_wade_giles(), _yale()):
            spelt = [system.get(f, f) if len(t) == 1 and _is_han(t) else f for t, f in zip(texts, folds)]
            if spelt != list(folds):
                keys.append(("".join(spelt), _bounds(spelt), flags))
    if any(c in _MACRONS for c in alias):
        # Hepburn's long vowels: "Kōno" is written Kono, Kouno, Kohno or Koono.
        for long in ("ou", "oh", "oo"):
            respelt = alias.translate({ord(m): long if m in "ōŌ" else "uu" for m in _MACRONS})
            rfolds = list(_tokens(respelt)[0])
            keys.append(("".join(rfolds), _bounds(rfolds), flags))
    if person and not flags & (NATIVE_SCRIPT | ACRONYM):
        chunks = [c for c in alias.split() if c]
        if len(chunks) in (2, 3) and all(fold_chunk(c) not in CONNECTORS for c in chunks):
            swapped = [chunks[-1], *chunks[:-1]]
            sfolds = [f for c in swapped for f in _tokens(c)[0]]
            keys.append(("".join(sfolds), _bounds(sfolds), flags | SWAPPED))
    return tuple(keys)


@lru_cache(maxsize=262_144)
def _tokens(text: str) -> tuple[tuple[str, ...], tuple[int, ...]]:
    toks = tokenize(text)
    return tuple(toks.folds), tuple(toks.flags)


def alias_folds(alias: str) -> tuple[str, ...]:
    """The folded tokens of a Latin table string (empty for one in another script)."""
    folds, tflags = _tokens(alias)
    return () if any(f & NATIVE for f in tflags) else folds


def _token_texts(text: str) -> list[str]:
    toks = tokenize(text)
    return [text[a:b] for a, b in zip(toks.starts, toks.ends)]


_MACRONS = frozenset("ōŌūŪ")
# Jyutping → the spellings Hong Kong uses for names (the Government Cantonese Romanisation and
# its common variants): initials, then finals; each maps to its alternatives.
_HK_INITIALS = (
    ("gw", ("kw",)),
    ("ng", ("ng",)),
    ("b", ("p",)),
    ("d", ("t",)),
    ("g", ("k",)),
    ("z", ("ch", "ts")),
    ("c", ("ch", "ts")),
    ("j", ("y",)),
    ("p", ("p",)),
    ("t", ("t",)),
    ("k", ("k",)),
    ("kw", ("kw",)),
    ("m", ("m",)),
    ("n", ("n",)),
    ("l", ("l",)),
    ("f", ("f",)),
    ("h", ("h",)),
    ("s", ("s", "sh")),
    ("w", ("w",)),
)
_HK_FINALS = {
    "aa": ("a",),
    "aai": ("ai",),
    "aau": ("au",),
    "aam": ("am",),
    "aan": ("an",),
    "aang": ("ang",),
    "aap": ("ap",),
    "aat": ("at",),
    "aak": ("ak",),
    "ei": ("ei", "ee"),
    "i": ("i", "ee", "ze"),
    "o": ("o", "or"),
    "ou": ("o",),
    "u": ("u", "oo"),
    "un": ("un", "oon"),
    "ut": ("ut", "oot"),
    "oeng": ("eung",),
    "oek": ("euk",),
    "eoi": ("ui", "eui"),
    "eon": ("un", "eun"),
    "eot": ("ut",),
    "yu": ("u", "ue", "yu"),
    "yun": ("un", "uen", "yuen"),
    "yut": ("ut", "uet", "yuet"),
}
# Generic last characters of Chinese place names and the English words MT writes for them.
_HAN_GENERICS = {
    "礁": ("reef", "island"),
    "岛": ("island",),
    "島": ("island",),
    "湾": ("bay",),
    "灣": ("bay",),
    "河": ("river",),
    "江": ("river",),
    "山": ("mountain",),
    "湖": ("lake",),
    "港": ("port",),
}


def _is_han(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff" or "\u3400" <= ch <= "\u4dbf"


def _hk_syllable(jyutping: str) -> tuple[str, ...]:
    """One Jyutping syllable in Hong Kong spellings: ``zoeng`` → (cheung, tseung)."""
    for initial, spelt in _HK_INITIALS:
        if jyutping.startswith(initial) and len(jyutping) > len(initial):
            final = jyutping[len(initial) :]
            if initial == "j" and final.startswith("yu"):
                spelt = ("",)  # "jyut" is "yuet": the y is the final's
            return tuple(i + f for i in spelt for f in _HK_FINALS.get(final, (final,)))
    return _HK_FINALS.get(jyutping, (jyutping,))


@lru_cache(maxsize=65_536)
def _cantonese_spellings(chars: tuple[str, ...]) -> tuple[tuple[str, ...], ...]:
    """Hong Kong spellings of a short Han name, at most 16 of them (``scripts/build_cantonese.py``)."""
    readings = _cantonese()
    if not all(c in readings for c in chars):
        return ()
    choices = [_hk_syllable(readings[c]) for c in chars]
    out: list[tuple[str, ...]] = []
    for combo in itertools.product(*choices):
        out.append(combo)
        if len(out) == 16:
            break
    return tuple(out)


@lru_cache(maxsize=1)
def _cantonese() -> dict[str, str]:
    data = resources.files("entnorm").joinpath("data/cantonese.txt").read_text(encoding="utf-8")
    return dict(line.split(" ", 1) for line in data.splitlines() if line and not line.startswith("#"))


@lru_cache(maxsize=1)
def _wade_giles() -> dict[str, str]:
    """Pinyin syllable → Wade-Giles without diacritics (``scripts/build_wade_giles.py``)."""
    data = resources.files("entnorm").joinpath("data/wade_giles.txt").read_text(encoding="utf-8")
    return dict(line.split(" ", 1) for line in data.splitlines() if line and not line.startswith("#"))


@lru_cache(maxsize=1)
def _yale() -> dict[str, str]:
    """Pinyin syllable → Yale romanization without tones (``scripts/build_yale.py``)."""
    data = resources.files("entnorm").joinpath("data/yale.txt").read_text(encoding="utf-8")
    return dict(line.split(" ", 1) for line in data.splitlines() if line and not line.startswith("#"))


@lru_cache(maxsize=1)
def _han_readings() -> dict[str, str]:
    """Common Mandarin readings where unidecode's differ (``scripts/build_han_readings.py``)."""
    data = resources.files("entnorm").joinpath("data/han_readings.txt").read_text(encoding="utf-8")
    return dict(line.split(" ", 1) for line in data.splitlines() if line and not line.startswith("#"))


def fold_chunk(chunk: str) -> str:
    """The compact key of one chunk of a name (a whitespace-separated word, or a native part)."""
    return "".join(_tokens(chunk)[0])


# Words that qualify a place name rather than name it: "South Korea" is a Korea, "Republic of
# the Congo" a Congo. What is left after them is the name a text may use alone.
_PLACE_QUALIFIERS = frozenset(
    "north south east west northern southern eastern western central upper lower new "
    "republic of the democratic people's peoples federal federated islamic state commonwealth".split()
)
# Left over, these are generic words, not names ("United States" does not make "States" a name).
_PLACE_GENERIC = frozenset("states kingdom nations islands island republic emirates union sea ocean".split())


# Chinese generic place words: MT transliterates the name and translates these, or drops them
# (加沙地带 "Gaza Strip" → "Jiasha"; 加勒万河谷 "Galwan Valley" → "Jialewan River Valley").
_HAN_PLACE_SUFFIXES = ("地带", "地区", "河谷", "山谷", "海峡", "半岛", "群岛", "列岛", "高地", "自治区")


def place_core(alias: str) -> str | None:
    """The key of the distinctive rest of a qualified place name: "South Korea" → ``korea``,
    加沙地带 (Gaza Strip) → ``jiasha``.

    ``None`` when the name has no qualifier, or nothing distinctive is left.
    """
    for suffix in _HAN_PLACE_SUFFIXES:
        if alias.endswith(suffix) and len(alias) - len(suffix) >= 2 and all(is_cjk_char(c) for c in alias):
            core = fold_chunk(alias[: -len(suffix)])
            return core if len(core) >= 4 else None
    chunks = alias.split()
    k = 0
    while k < len(chunks) - 1 and chunks[k].casefold() in _PLACE_QUALIFIERS:
        k += 1
    if k == 0:
        return None
    rest = [fold_chunk(c) for c in chunks[k:]]
    if any(not r for r in rest) or rest[-1] in _PLACE_GENERIC or not all(c[:1].isupper() for c in chunks[k:]):
        return None
    core = "".join(rest)
    return core if len(core) >= 4 else None


def name_parts(alias: str) -> list[str]:
    """Keys of the parts a text may use alone: surname, given name, a part of a native name.

    Latin names split at spaces ("Kim Jong-un" → kim, jongun); native names at middle dots
    (迈克·蓬佩奥 → maike, pengpeiao); a four-character Han name in halves (安倍晋三 → anbei,
    jinsan), a three-character one into its one-character surname and two-character given name.
    """
    folds, tflags = _tokens(alias)
    if not folds:
        return []
    if all(f & LATIN for f in tflags):
        parts = [fold_chunk(c) for c in alias.split()]
        return [p for p in parts if len(p) >= 2 and p not in CONNECTORS and not is_function_word(p)]
    if any(f & CJK for f in tflags):
        groups = [g for g in _SEPARATORS.split(alias) if g.strip()]
        if len(groups) > 1:
            return [fold_chunk(g) for g in groups if len(fold_chunk(g)) >= 3]
        if len(folds) == 4:
            return ["".join(folds[:2]), "".join(folds[2:])]
        if len(folds) == 3:
            return [folds[0], "".join(folds[1:])] if len(folds[0]) >= 3 else ["".join(folds[1:])]
        return []
    return [p for p in (fold_chunk(c) for c in alias.split()) if len(p) >= 3] if len(alias.split()) > 1 else []
