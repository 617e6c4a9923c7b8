"""Plain columns for big tables: many strings in one ``str``, many small integers in one ``array``.

A million entities as Python objects (a model, a tuple and a ``str`` per field each) cost
gigabytes and seconds to build; as a handful of columns they cost a few bytes a field and
can be written to and read from a cache file (:mod:`._cache`) as raw bytes, without pickle.
"""

from __future__ import annotations

from array import array
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import TypeVar, overload

from ._backend import KERNEL as _KERNEL

__all__ = ["MEMO", "Sections", "StrColumn", "ints", "offsets", "remember"]

_T = TypeVar("_T")
MEMO = 65_536  # values a view keeps built: the names a stream of articles uses recur


def remember(memo: dict[int, _T], k: int, build: Callable[[int], _T]) -> _T:
    """``memo[k]``, built by ``build(k)`` on a miss; the memo is emptied when it holds ``MEMO``."""
    value = memo.get(k)
    if value is None:
        value = build(k)
        if len(memo) >= MEMO:
            memo.clear()
        memo[k] = value
    return value


# A cache file's sections: each an array (its typecode says how to read it back) or a str.
Sections = dict[str, "array[int] | str"]

if array("I").itemsize != 4 or array("Q").itemsize != 8:  # pragma: no cover - every CPython platform
    raise ImportError("entnorm needs 4-byte 'I' and 8-byte 'Q' arrays")


def extent(values: array[int]) -> tuple[int, int]:
    """``(min, max)`` of an unsigned int array, ``(0, 0)`` if empty: the range checks of every
    column a cache file holds. The kernel reads the array's buffer in one C pass; ``min`` and
    ``max`` make an int object per item (a quarter of a warm million-entity load)."""
    if _KERNEL is not None:
        return _KERNEL.extent(values)
    return min(values, default=0), max(values, default=0)


def ints(values: Iterable[int]) -> array[int]:
    """Unsigned integers in the narrowest array that holds them ('B', 'I' or 'Q')."""
    out = array("Q", values)
    top = extent(out)[1]
    code = "B" if top < 1 << 8 else "I" if top < 1 << 32 else "Q"
    return out if code == "Q" else array(code, out)


def offsets(lengths: Iterable[int]) -> array[int]:
    """Cumulative ``lengths`` starting at 0: row ``i`` spans ``at[i]:at[i + 1]``."""
    at, total = [0], 0
    for n in lengths:
        total += n
        at.append(total)
    return ints(at)


class StrColumn(Sequence[str]):
    """Read-only strings packed into one ``str`` and an offsets array (two objects for any count)."""

    __slots__ = ("_at", "_text")

    def __init__(self, text: str, at: array[int]) -> None:
        if not at or at[0] != 0 or at[-1] != len(text):
            raise ValueError("offsets do not fit the text")
        self._text = text
        self._at = at

    @classmethod
    def of(cls, strings: Iterable[str]) -> StrColumn:
        values = list(strings)
        return cls("".join(values), offsets(map(len, values)))

    def __len__(self) -> int:
        return len(self._at) - 1

    @overload
    def __getitem__(self, i: int) -> str: ...
    @overload
    def __getitem__(self, i: slice) -> list[str]: ...
    def __getitem__(self, i: int | slice) -> str | list[str]:
        if isinstance(i, slice):
            return [self[k] for k in range(*i.indices(len(self)))]
        if i < 0:
            i += len(self)
        return self._text[self._at[i] : self._at[i + 1]]

    def span(self, start: int, stop: int) -> tuple[str, ...]:
        """Strings ``start`` to ``stop`` (exclusive), as a tuple."""
        text, at = self._text, self._at
        return tuple(text[at[k] : at[k + 1]] for k in range(start, stop))

    def __iter__(self) -> Iterator[str]:
        text, at = self._text, self._at
        for k in range(len(at) - 1):
            yield text[at[k] : at[k + 1]]

    def sections(self, name: str) -> Sections:
        return {f"{name}.text": self._text, f"{name}.at": self._at}

    @classmethod
    def from_sections(cls, sections: Sections, name: str) -> StrColumn:
        text, at = sections[f"{name}.text"], sections[f"{name}.at"]
        if not isinstance(text, str) or not isinstance(at, array):
            raise ValueError(f"section {name} has the wrong kind")
        return cls(text, at)
