"""Negative evidence: real names of things that are in no alias table.

Text translated from Chinese, Japanese or Korean is full of real names (cities, districts,
people) whose readings look like the readings of table names: "Luzhou" is a Chinese city, not
欧洲 (ouzhou, Europe); "Ji Jiali" is a person, not 基加利 (Kigali). A span that is already the
real name of something else is no garble, so the matcher lets a fuzzy or transliteration
match on such a span link only with the article's support. Two kinds of knowledge:

- *known places*: GeoNames cities and ISO 3166-2 subdivisions (``known_places.txt.gz``, built
  by ``scripts/build_known_names.py``), each with the keys of its main names, so that another
  name of the *same* place ("Pekin" for Beijing) is not held against it;
- *East Asian personal names*: a common Chinese or Korean surname followed by one or two
  given-name syllables ("Wang Xian", "Yu Liang", "Kim Min-su").

Exact matches of a table's own names never consult this module.
"""

from __future__ import annotations

import gzip
import re
from collections.abc import Sequence
from functools import lru_cache
from importlib import resources

__all__ = ["east_asian_personal_name", "known_place_mains", "load", "pinyin_reading"]

# A romanized Korean syllable (Revised, McCune-Reischauer and common spellings, hyphens gone).
_KOREAN_SYLLABLE = re.compile(
    r"(?:kk|tt|pp|ss|jj|ch|g|k|n|d|t|r|l|m|b|p|s|j|h|)"
    r"(?:yae|yeo|wae|ae|ya|eo|ye|wa|oe|yo|wo|we|wi|yu|eu|ui|oo|ee|a|e|o|u|i)"
    r"(?:ng|k|n|l|m|p|t|)"
)


@lru_cache(maxsize=1)
def _places() -> dict[str, str]:
    raw = resources.files("entnorm").joinpath("data/known_places.txt.gz").read_bytes()
    body = gzip.decompress(raw).decode("utf-8").split("\n", 1)[1]
    keys, mains = body.rstrip("\n").split("\n=\n")
    return dict(zip(keys.split("\n"), mains.split("\n")))


@lru_cache(maxsize=1)
def _name_parts() -> tuple[frozenset[str], frozenset[str]]:
    text = resources.files("entnorm").joinpath("data/east_asian_names.txt").read_text(encoding="utf-8")
    rows = [line.split(" ", 1) for line in text.splitlines() if line and not line.startswith("#")]
    return frozenset(v for k, v in rows if k == "syllable"), frozenset(v for k, v in rows if k == "surname")


def load() -> None:
    """Read the data now (once per process), so that the first ``find`` is not the slow one."""
    _places()
    _name_parts()


def known_place_mains(key: str) -> tuple[str, ...] | None:
    """``None`` if ``key`` names no known place; else the keys of the main names of the places
    it names: empty when ``key`` is only a main name, and with ``key`` among them when it is a
    main name and also another place's alternate name ("tumen": Tumen, and Tyumen)."""
    mains = _places().get(key)
    return None if mains is None else tuple(mains.split()) if mains else ()


@lru_cache(maxsize=1 << 16)
def pinyin_reading(key: str) -> bool:
    """``key`` splits into Mandarin syllables ("xiang", "xizang", "luzhou"): a reading, in
    which a changed letter makes another word, not a typo."""
    syllables = _name_parts()[0]
    ok = [True] + [False] * len(key)
    for end in range(1, len(key) + 1):
        ok[end] = any(ok[start] and key[start:end] in syllables for start in range(max(0, end - 6), end))
    return ok[-1]


@lru_cache(maxsize=1 << 16)
def _syllable_count(token: str) -> int:
    """How few pinyin or Korean syllables ``token`` splits into (0: it does not split)."""
    syllables = _name_parts()[0]
    best = [0] + [99] * len(token)
    for end in range(1, len(token) + 1):
        for start in range(max(0, end - 6), end):
            if best[start] < 99:
                piece = token[start:end]
                if piece in syllables or _KOREAN_SYLLABLE.fullmatch(piece):
                    best[end] = min(best[end], best[start] + 1)
    return best[-1] if best[-1] < 99 else 0


def east_asian_personal_name(folds: Sequence[str]) -> bool:
    """``folds`` (a window's folded tokens) read as surname + one or two given syllables."""
    if not 2 <= len(folds) <= 3:
        return False
    if folds[0] not in _name_parts()[1]:
        return False
    given = 0
    for token in folds[1:]:
        count = _syllable_count(token)
        if not count:
            return False
        given += count
    return given <= 2
