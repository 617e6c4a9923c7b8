"""Typed surface of the compiled kernel (``_cscan.c``); ``entnorm._backend.Kernel`` mirrors it."""

from array import array
from collections.abc import Callable, Collection, Sequence

SOURCE_DIGEST: str

def set_classes(
    syllabic: Sequence[tuple[int, int]], katakana: Sequence[tuple[int, int]], marks: Sequence[tuple[int, int]], /
) -> None: ...
def tokenize(
    text: str, info: dict[str, tuple[str, int]], token_info: Callable[[str], tuple[str, int]], /
) -> tuple[list[int], list[int], list[str], list[int]]: ...
def key_filter(keys: list[str], /) -> bytes: ...
def extent(values: array[int], /) -> tuple[int, int]: ...
def windows(
    doc: object, index: object, hyphens: Collection[str], connectors: Collection[str], /
) -> list[tuple[int, int, str, int | None, bool]]: ...
def cues(
    text: str,
    starts: list[int],
    ends: list[int],
    folds: list[str],
    flags: list[int],
    quiet: frozenset[str],
    hyphens: str,
    dots: str,
    apostrophes: str,
    /,
) -> tuple[list[str], list[bool], list[int], list[bool], list[bool], list[bool], list[bool]]: ...
def pack(keys: list[str], values: list[int] | None, deletions: bool, /) -> bytes: ...
def probe(words: array[int], limit: int, key: str, deletions: bool, /) -> set[int]: ...
