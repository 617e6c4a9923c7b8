"""A string → small-integer multimap packed into one sorted array of 64-bit words.

The fuzzy neighbourhoods hold tens of millions of entries for a million-entity table (every
key with each of its letters deleted). As a ``dict`` of lists that costs gigabytes; packed as
``(hash << 24) | value`` in a sorted ``array('Q')`` it costs 8 bytes an entry, and a lookup
is a binary search. Hash collisions only add candidates: the matcher verifies every
candidate key against the text anyway.
"""

from __future__ import annotations

import zlib
from array import array
from bisect import bisect_left
from collections.abc import Iterable, Iterator, Sequence

from ._backend import KERNEL as _KERNEL
from ._keys import deletes

__all__ = ["PackedMultimap"]

_VALUE_BITS = 24
_VALUE_MASK = (1 << _VALUE_BITS) - 1
_HASH_BITS = 38
_BUCKET_BITS = 6
MAX_VALUE = _VALUE_MASK


def _hash(s: str) -> int:
    """A stable 38-bit hash (CRC-32 and the length): the same in every process."""
    return (zlib.crc32(s.encode("utf-8")) << 6) | (len(s) & 63)


class PackedMultimap:
    """Maps strings to the integers added under them; built once, then read-only."""

    __slots__ = ("_limit", "_words")

    def __init__(
        self, pairs: Iterable[tuple[str, int]] = (), *, words: array[int] | None = None, limit: int = MAX_VALUE + 1
    ) -> None:
        """From ``(key, value)`` pairs, or from another map's sorted ``words`` (``from_words``)."""
        if words is not None:
            if words.typecode != "Q":
                raise ValueError("packed words must be an array('Q')")
            self._words, self._limit = words, limit
            return
        # Bucket by the hash's top bits, then sort each bucket: concatenated in bucket order
        # they are sorted, and only one bucket is ever a Python list at a time.
        buckets = [array("Q") for _ in range(1 << _BUCKET_BITS)]
        for key, value in pairs:
            if not 0 <= value <= _VALUE_MASK:
                raise ValueError(f"value {value} does not fit in {_VALUE_BITS} bits")
            h = _hash(key)
            buckets[h >> (_HASH_BITS - _BUCKET_BITS)].append((h << _VALUE_BITS) | value)
        words = array("Q")
        for i, bucket in enumerate(buckets):
            words.extend(sorted(bucket))
            buckets[i] = array("Q")  # release as we go
        self._words = words
        self._limit = MAX_VALUE + 1

    @classmethod
    def of_keys(
        cls, keys: Sequence[str], values: Sequence[int] | None = None, *, deletions: bool = False
    ) -> PackedMultimap:
        """Each key under its value (its position when ``values`` is None) and, with
        ``deletions``, each string made by deleting one of its characters (``_keys.deletes``)
        under the same value: the fuzzy neighbourhoods. The compiled kernel's ``pack`` does
        this without a Python string per deletion; this is its reference."""
        if _KERNEL is None:
            return cls._of_keys_python(keys, values, deletions=deletions)
        words = array("Q")
        words.frombytes(_KERNEL.pack(list(keys), None if values is None else list(values), deletions))
        return cls.from_words(words, MAX_VALUE + 1)

    @classmethod
    def _of_keys_python(
        cls, keys: Sequence[str], values: Sequence[int] | None = None, *, deletions: bool = False
    ) -> PackedMultimap:
        """:meth:`of_keys` in Python: the reference the compiled kernel must equal."""
        vals: Iterable[int] = range(len(keys)) if values is None else values
        if not deletions:
            return cls(zip(keys, vals))
        return cls((d, v) for key, v in zip(keys, vals) for d in (key, *deletes(key)))

    @classmethod
    def from_words(cls, words: array[int], limit: int) -> PackedMultimap:
        """A map from the sorted words of another (a cache file's section). Values ``>= limit``
        are never returned, so a forged file cannot send a caller out of its key list."""
        return cls(words=words, limit=limit)

    @property
    def words(self) -> array[int]:
        """The sorted ``(hash << 24) | value`` words: what a cache file stores."""
        return self._words

    def __len__(self) -> int:
        return len(self._words)

    def get(self, key: str) -> Iterator[int]:
        """The values added under ``key`` (and, rarely, under a string with the same hash)."""
        words = self._words
        h = _hash(key)
        i = bisect_left(words, h << _VALUE_BITS)
        n = len(words)
        limit = self._limit
        while i < n:
            w = words[i]
            if w >> _VALUE_BITS != h:
                return
            if (v := w & _VALUE_MASK) < limit:
                yield v
            i += 1

    def near(self, key: str) -> set[int]:
        """The values under ``key`` and under each of its one-character deletions: a query's
        distance-1 neighbourhood, when the map was built with ``of_keys(deletions=True)``.
        The compiled kernel's ``probe`` searches the words without a Python string per
        deletion; :meth:`_near_python` is its reference."""
        if _KERNEL is None:
            return self._near_python(key)
        return _KERNEL.probe(self._words, self._limit, key, True)

    def _near_python(self, key: str) -> set[int]:
        """:meth:`near` in Python: the reference the compiled kernel must equal."""
        out: set[int] = set()
        for d in (key, *deletes(key)):
            out.update(self.get(d))
        return out

    def count(self, key: str, limit: int) -> int:
        """How many values ``key`` has, counting no further than ``limit + 1``."""
        total = 0
        for _ in self.get(key):
            total += 1
            if total > limit:
                break
        return total
