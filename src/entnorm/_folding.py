"""Text folding: split a string into tokens and fold each one to ASCII, keeping offsets.

entnorm never folds a whole text and reuses its offsets: folding changes lengths (``ß`` →
``ss``, ``ﬁ`` → ``fi``, ``İ`` lowercases to two characters, ``蓬`` → ``Peng``). Instead each
token keeps its ``start``/``end`` in the caller's string and carries its folded form
separately, so every span the matcher returns is a slice of the original text.

Tokens are runs of letters, digits and combining marks (so ``e`` + U+0301 stays one token);
Han, Hiragana and Hangul characters are one token each (these scripts do not separate
words with spaces, and one character is one syllable); Katakana runs stay whole (they spell
one foreign word, e.g. ポンペオ).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from unidecode import unidecode

from ._backend import KERNEL as _KERNEL
from ._backend import Kernel
from ._unicode_tables import MARKS

__all__ = ["Tokens", "fold_token", "fold_text", "is_cjk_char", "tokenize"]

# Scripts written one syllable per character (no spaces between words).
_SYLLABIC = (
    "\u3040-\u309f"  # Hiragana
    "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"  # Han
    "\U00020000-\U0002ebef\U00030000-\U0003134f"  # Han extensions
    "\uac00-\ud7af\u1100-\u11ff\u3130-\u318f"  # Hangul
)
_KATAKANA = "\u30a0-\u30fa\u30fc-\u30ff\u31f0-\u31ff\uff66-\uff9f"
_TOKEN_RE = re.compile(
    rf"[{_SYLLABIC}][{MARKS}]*"
    rf"|[{_KATAKANA}]+"
    rf"|(?:(?![{_SYLLABIC}{_KATAKANA}])[^\W_]|[{MARKS}]|\u200d)+"
)
_SYLLABIC_RE = re.compile(rf"[{_SYLLABIC}]")
_NON_ALNUM = re.compile(r"[^a-z0-9]+")
_SUFFIX_SPELLINGS = {"junior": "jr", "senior": "sr"}

# Token flags (bit set): how the token is written in the caller's text.
CAP = 1  # first letter is an uppercase (or titlecase) letter
UPPER = 2  # has cased letters and all of them are uppercase
LATIN = 4  # folds to itself in ASCII (Latin script, possibly with diacritics)
DIGIT = 8  # all digits
CJK = 16  # a Han/Hiragana/Hangul syllable or a Katakana run
NATIVE = 32  # any non-Latin script


def is_cjk_char(ch: str) -> bool:
    """True for a character the tokenizer treats as one syllable-token."""
    return _SYLLABIC_RE.match(ch) is not None


@lru_cache(maxsize=65536)
def fold_token(token: str) -> str:
    """Fold one token to lowercase ASCII letters and digits (``Erdoğan`` → ``erdogan``).

    "Junior" and "Senior" fold to ``jr`` and ``sr``: spelled out or abbreviated, the
    generational suffix of a name is the same word.
    """
    if token.isascii():
        folded = _NON_ALNUM.sub("", token.lower())
    else:
        folded = _NON_ALNUM.sub("", unidecode(unicodedata.normalize("NFKC", token)).lower())
    return _SUFFIX_SPELLINGS.get(folded, folded)


@lru_cache(maxsize=4096)
def _is_latin(ch: str) -> bool:
    if unicodedata.combining(ch) or ch == "\u200d":
        return True
    try:
        return unicodedata.name(ch).startswith("LATIN")
    except ValueError:
        return False


@lru_cache(maxsize=65536)
def _flags(token: str) -> int:
    first = token[0]
    flags = 0
    if first.isupper() or first.istitle():
        flags |= CAP
    if token.isupper():
        flags |= UPPER
    if token.isdigit():
        flags |= DIGIT
    if token.isascii():
        flags |= LATIN
    else:
        if all(c.isascii() or _is_latin(c) for c in token):
            flags |= LATIN
        else:
            flags |= NATIVE
            if _SYLLABIC_RE.match(first) or "\u30a0" <= first <= "\u30ff":
                flags |= CJK
    return flags


@dataclass(frozen=True, slots=True)
class Tokens:
    """A tokenized text as parallel lists (plain data: the hot path indexes them)."""

    text: str
    starts: list[int]
    ends: list[int]
    folds: list[str]
    flags: list[int]

    def __len__(self) -> int:
        return len(self.starts)

    def surface(self, i: int, j: int) -> str:
        """The caller's text from token ``i`` to token ``j`` inclusive."""
        return self.text[self.starts[i] : self.ends[j]]

    def gap(self, i: int) -> str:
        """The text between token ``i`` and token ``i + 1``."""
        return self.text[self.ends[i] : self.starts[i + 1]]


_INFO: dict[str, tuple[str, int]] = {}
_INFO_LIMIT = 500_000
# Tokens longer than this (base64 blobs, URLs, runs of junk) are folded afresh each time.
_CACHE_MAX_LEN = 64


def _token_info(tok: str) -> tuple[str, int]:
    if len(tok) > _CACHE_MAX_LEN:  # never cached: the caches would pin huge strings for good
        return fold_token.__wrapped__(tok) or tok.casefold(), _flags.__wrapped__(tok)
    folded = fold_token(tok) or tok.casefold()  # a script unidecode drops still gets a key
    info = (folded, _flags(tok))
    if len(_INFO) >= _INFO_LIMIT:
        _INFO.clear()
    _INFO[tok] = info
    return info


def _ranges(char_class: str) -> list[tuple[int, int]]:
    """A regex class body of single characters and ``a-b`` ranges, as code point ranges."""
    out, k = [], 0
    while k < len(char_class):
        if k + 2 < len(char_class) and char_class[k + 1] == "-":
            out.append((ord(char_class[k]), ord(char_class[k + 2])))
            k += 3
        else:
            out.append((ord(char_class[k]), ord(char_class[k])))
            k += 1
    return out


def give_classes(kernel: Kernel) -> None:
    """Hand the compiled kernel the token pattern's character classes, from their one source
    above (at import; tests and the fuzz target call it for a kernel forced aside)."""
    kernel.set_classes(_ranges(_SYLLABIC), _ranges(_KATAKANA), _ranges(MARKS))


if _KERNEL is not None:
    give_classes(_KERNEL)


def tokenize(text: str) -> Tokens:
    """Split ``text`` into tokens with offsets, folded forms and case/script flags."""
    if _KERNEL is not None:
        starts, ends, folds, flags = _KERNEL.tokenize(text, _INFO, _token_info)
        return Tokens(text, starts, ends, folds, flags)
    return _tokenize_python(text)


def _tokenize_python(text: str) -> Tokens:
    """:func:`tokenize` in Python: the reference the compiled kernel must equal."""
    starts: list[int] = []
    ends: list[int] = []
    folds: list[str] = []
    flags: list[int] = []
    info = _INFO
    for m in _TOKEN_RE.finditer(text):
        tok = m.group()
        folded, flag = info.get(tok) or _token_info(tok)
        start, end = m.span()
        starts.append(start)
        ends.append(end)
        folds.append(folded)
        flags.append(flag)
    return Tokens(text, starts, ends, folds, flags)


def fold_text(text: str) -> str:
    """Fold a whole string to its space-joined folded tokens (for keys, never for offsets)."""
    return " ".join(tokenize(text).folds)
