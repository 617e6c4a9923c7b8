"""The compiled index: every key of the table, built once per ``load`` (or read from the cache).

Lookups cost the same whatever the table size: exact keys are one ``dict`` probe, fuzzy
candidates come from a deletion neighbourhood and a consonant-skeleton map (SymSpell's idea,
packed into sorted arrays: :mod:`._packed`), and only the few keys they return are verified
with rapidfuzz. Nothing in ``find`` ever loops over the table.

Once built, the alias forms and name parts live in columns (:mod:`._columns`), not as a tuple
per form: ``exact``, ``korean``, ``forms_of``, ``parts``, ``place_parts`` and ``parts_of``
are read-only views that build the few tuples and sets a lookup returns. The same columns
are what :mod:`._cache` writes and reads back.
"""

from __future__ import annotations

import json
import re
import sys
from array import array
from collections import defaultdict
from collections.abc import Iterator, Mapping, Sequence
from itertools import accumulate
from typing import Any, TypeVar, overload

from . import _known_names as known_names
from ._backend import KERNEL as _KERNEL
from ._columns import Sections, StrColumn, extent, ints, offsets, remember
from ._entities import EntityRows
from ._keys import (
    ACRONYM,
    GLOSS,
    LOWER_INITIAL,
    NATIVE_SCRIPT,
    WEAK,
    AliasForm,
    alias_folds,
    alias_forms,
    event_canon,
    gloss_forms,
    korean_canon,
    name_parts,
    place_core,
    skeleton,
)
from ._lexicon import TITLES
from ._packed import MAX_VALUE, PackedMultimap

__all__ = ["MAX_SKELETON_BUCKET", "MIN_FUZZY_KEY", "MIN_QUERY", "Index"]

MIN_FUZZY_KEY = 4  # shorter keys match exactly or not at all
MIN_QUERY = 5  # shorter text windows match exactly or not at all
MAX_SKELETON_BUCKET = 64  # a skeleton shared by more keys than this says too little to use
_HANGUL = re.compile("[\uac00-\ud7a3]")


class Index:
    """Keys → alias forms, plus the neighbourhoods the fuzzy matcher probes."""

    exact: _FormMap  # a Mapping, plus positions for the compiled scan
    korean: Mapping[str, list[AliasForm]]
    forms_of: Sequence[Sequence[AliasForm]]
    parts: _SetMap  # a Mapping, plus sizes without building the sets
    place_parts: Mapping[str, set[int]]
    parts_of: Sequence[set[str]]

    fuzzy_keys: Sequence[str]

    def __init__(self, entities: EntityRows, sections: Sections | None = None) -> None:
        """Build the index of ``entities``, or read it from a cache file's ``sections`` (which
        hold the entities too: see ``from_sections``)."""
        known_names.load()  # the negative evidence the matcher consults: read at load, not mid-find
        self.entities = entities
        self.person = entities.flags_of_type("PERSON")
        if sections is not None:
            self._read(sections)
            return
        by_key: dict[str, list[AliasForm]] = defaultdict(list)
        parts: dict[str, set[int]] = defaultdict(set)
        place_parts: dict[str, set[int]] = defaultdict(set)
        self.lower_starts: set[str] = set()
        n = len(entities)
        forms_of: list[list[AliasForm]] = [[] for _ in range(n)]
        parts_of: list[set[str]] = [set() for _ in range(n)]
        # Event names without their years ("Beijing Winter Olympics"), and each event's years.
        events: dict[str, set[int]] = defaultdict(set)
        event_years: dict[int, set[str]] = defaultdict(set)
        event_words: set[str] = set()
        # Keys of entities with a Hangul name, in one spelling for all Korean romanizations.
        korean_forms: dict[str, list[AliasForm]] = defaultdict(list)
        for idx, ent in enumerate(entities):
            person = ent.type == "PERSON"
            korean = any(_HANGUL.search(a) for a in ent.all_names())
            seen: set[tuple[str, int]] = set()
            for alias, weak in [
                (ent.name, False),
                *((a, False) for a in ent.aliases),
                *((a, True) for a in ent.weak_aliases),
            ]:
                glosses = gloss_forms(idx, alias) if not weak else []
                for form in (*alias_forms(idx, alias, weak=weak, person=person), *glosses):
                    if (form.key, form.flags) in seen:
                        continue
                    seen.add((form.key, form.flags))
                    by_key[form.key].append(form)
                    forms_of[idx].append(form)
                    if form.flags & LOWER_INITIAL:
                        self.lower_starts.add(form.key[: form.bounds[0]])
                if ent.type == "EVENT" and not weak:
                    folds = alias_folds(alias)
                    if folds:
                        canon, years = event_canon(folds)
                        if canon:
                            events[canon].add(idx)
                            event_years[idx].update(years)
                            event_words.update(f for f in folds if not f.isdigit())
                if korean:
                    for form in alias_forms(idx, alias, weak=weak, person=person):
                        if not form.flags & ACRONYM:
                            korean_forms[korean_canon(form.key)].append(form)
                if person:
                    for part in name_parts(alias):
                        parts[part].add(idx)
                        parts_of[idx].add(part)
                elif ent.type in ("GPE", "LOC") and not weak and (core := place_core(alias)):
                    place_parts[core].add(idx)
        # People by the title words of their roles ("chancellor" → Scholz, Merkel, ...): a title
        # in the text is checked against the few people who could hold it.
        # (title word, first letter) → (Latin key or name part, is a part, person): the names a
        # title in the text may precede ("chancellor", "s" → scholz, ...).
        self.role_names: dict[tuple[str, str], list[tuple[str, bool, int]]] = defaultdict(list)
        for idx, roles in entities.roles_by_entity():
            words = {w for role in roles for w in role.title.casefold().split() if w in TITLES}
            if not words:
                continue
            names = {(f.key, False) for f in forms_of[idx] if not f.flags & NATIVE_SCRIPT}
            names |= {(p, True) for p in parts_of[idx] if len(p) >= 4}
            for word in words:
                for name, is_part in names:
                    self.role_names[(word, name[0])].append((name, is_part, idx))
        self.role_names = dict(self.role_names)
        self.events = {k: tuple(sorted(v)) for k, v in events.items()}
        self.event_years = {k: frozenset(v) for k, v in event_years.items()}
        self.event_words = frozenset(event_words)  # words of event names: where such a name can start
        self.max_key_len = max((len(k) for k in by_key), default=0)
        self.max_tokens = min(12, max((len(f.bounds) for fs in by_key.values() for f in fs), default=1) + 1)
        self.fuzzy_keys = [
            key
            for key, forms in by_key.items()
            if len(key) >= MIN_FUZZY_KEY and not all(f.flags & (ACRONYM | WEAK | GLOSS) for f in forms)
        ]
        if len(self.fuzzy_keys) > MAX_VALUE:
            raise ValueError(f"too many distinct keys for the fuzzy index ({len(self.fuzzy_keys)})")
        self.neighbours = PackedMultimap.of_keys(self.fuzzy_keys, deletions=True)
        # Multi-word keys by their first word: "Shanghai Cooperative Organization" is checked
        # word by word against the keys that start with "shanghai".
        firsts = [
            (key[: forms[0].bounds[0]], kid)
            for kid, key in enumerate(self.fuzzy_keys)
            if len((forms := by_key[key])[0].bounds) >= 2 and not forms[0].flags & NATIVE_SCRIPT
        ]
        self.first_words = PackedMultimap.of_keys([k for k, _ in firsts], [v for _, v in firsts])
        del firsts
        shapes = [(sk, kid) for kid, key in enumerate(self.fuzzy_keys) if len(sk := skeleton(key)) >= 3]
        self.skeletons = PackedMultimap.of_keys([k for k, _ in shapes], [v for _, v in shapes])
        del shapes
        self._pack(by_key, korean_forms, forms_of, parts, place_parts, parts_of)

    def _pack(
        self,
        by_key: dict[str, list[AliasForm]],
        korean: dict[str, list[AliasForm]],
        forms_of: list[list[AliasForm]],
        parts: dict[str, set[int]],
        place_parts: dict[str, set[int]],
        parts_of: list[set[str]],
    ) -> None:
        """Move the built forms and parts into columns, and the views over them."""
        keys = list(by_key)
        key_id = {k: i for i, k in enumerate(keys)}
        alias_id: dict[str, int] = {}
        # Arrays, not lists, while they fill: a million-entity table has millions of forms.
        f_entity, f_alias, f_key = array("Q"), array("Q"), array("Q")
        f_flags, f_bounds, f_nbounds = array("Q"), array("Q"), array("Q")
        form_id: dict[int, int] = {}

        def add(form: AliasForm) -> None:
            form_id.setdefault(id(form), len(f_entity))
            f_entity.append(form.entity)
            f_alias.append(alias_id.setdefault(form.alias, len(alias_id)))
            f_key.append(key_id[form.key])
            f_flags.append(form.flags)
            f_bounds.extend(form.bounds)
            f_nbounds.append(len(form.bounds))

        # Exact forms first, grouped by key, then the Korean ones grouped by their spelling:
        # each key's forms are one range of the columns.
        exact_sizes = []
        for key in keys:
            for form in by_key[key]:
                add(form)
            exact_sizes.append(len(by_key[key]))
        korean_keys = list(korean)
        korean_sizes = []
        for ckey in korean_keys:
            korean_sizes.append(len(korean[ckey]))
            for form in korean[ckey]:
                f_entity.append(form.entity)  # not deduplicated: a second list holds them
                f_alias.append(alias_id.setdefault(form.alias, len(alias_id)))
                f_key.append(key_id[form.key])
                f_flags.append(form.flags)
                f_bounds.extend(form.bounds)
                f_nbounds.append(len(form.bounds))
        part_keys = sorted(set(parts) | {p for ps in parts_of for p in ps})
        part_id = {p: i for i, p in enumerate(part_keys)}
        place_keys = list(place_parts)
        self._columns: Sections = {
            "index.keys": "\n".join(keys),
            **StrColumn.of(alias_id).sections("index.aliases"),
            "index.form_entity": ints(f_entity),
            "index.form_alias": ints(f_alias),
            "index.form_key": ints(f_key),
            "index.form_flags": array("B", f_flags),
            "index.form_bounds": ints(f_bounds),
            "index.form_nbounds": ints(f_nbounds),
            "index.exact_sizes": ints(exact_sizes),
            "index.korean_keys": "\n".join(korean_keys),
            "index.korean_sizes": ints(korean_sizes),
            "index.forms_of_at": offsets(map(len, forms_of)),
            "index.forms_of": ints(form_id[id(f)] for fs in forms_of for f in fs),
            "index.part_keys": "\n".join(part_keys),
            "index.parts_at": offsets(len(parts.get(p, ())) for p in part_keys),
            "index.parts": ints(e for p in part_keys for e in sorted(parts.get(p, ()))),
            "index.place_keys": "\n".join(place_keys),
            "index.place_at": offsets(len(place_parts[p]) for p in place_keys),
            "index.place": ints(e for p in place_keys for e in sorted(place_parts[p])),
            "index.parts_of_at": offsets(map(len, parts_of)),
            "index.parts_of": ints(part_id[p] for ps in parts_of for p in sorted(ps)),
        }
        if any("\n" in k for k in (*keys, *korean_keys, *part_keys, *place_keys)):  # pragma: no cover
            raise ValueError("a key holds a line break")  # folded keys never do: tokens hold no spaces
        self._views(self._columns, keys)

    def _views(self, c: Sections, keys: list[str]) -> None:
        forms = _Forms(c, keys, len(self.entities))
        self.exact = _FormMap(keys, forms, _ints(c, "index.exact_sizes"), 0, scanned=True)
        korean_keys = _lines(c, "index.korean_keys")
        self.korean = _FormMap(korean_keys, forms, _ints(c, "index.korean_sizes"), sum(_ints(c, "index.exact_sizes")))
        self.forms_of = _FormsOf(forms, _ints(c, "index.forms_of_at"), _ints(c, "index.forms_of"))
        part_keys = _lines(c, "index.part_keys")
        n = len(self.entities)
        self.parts = _SetMap(part_keys, _ints(c, "index.parts_at"), _ints(c, "index.parts"), n)
        place_keys = _lines(c, "index.place_keys")
        self.place_parts = _SetMap(place_keys, _ints(c, "index.place_at"), _ints(c, "index.place"), n)
        self.parts_of = _PartsOf(part_keys, _ints(c, "index.parts_of_at"), _ints(c, "index.parts_of"))
        if len(self.forms_of) != n or len(self.parts_of) != n:
            raise ValueError("per-entity columns do not fit the entities")

    # -- the cache file's sections ----------------------------------------------------------

    def sections(self) -> Sections:
        """Everything ``from_sections`` needs, as arrays and text (the entities' columns too)."""
        meta = {
            "max_key_len": self.max_key_len,
            "max_tokens": self.max_tokens,
            "lower_starts": sorted(self.lower_starts),
            "role_names": {
                "keys": [[w, c, len(vs)] for (w, c), vs in self.role_names.items()],
                "names": [name for vs in self.role_names.values() for name, _, _ in vs],
                "parts": [part for vs in self.role_names.values() for _, part, _ in vs],
                "entities": [e for vs in self.role_names.values() for _, _, e in vs],
            },
            "events": [[k, list(v)] for k, v in self.events.items()],
            "event_years": [[k, sorted(v)] for k, v in self.event_years.items()],
            "event_words": sorted(self.event_words),
        }
        kid = {k: i for i, k in enumerate(_lines(self._columns, "index.keys"))}
        return {
            **self.entities.sections(),
            **self._columns,
            "index.meta": json.dumps(meta, ensure_ascii=False),
            "index.fuzzy_keys": ints(kid[k] for k in self.fuzzy_keys),
            "index.neighbours": self.neighbours.words,
            "index.first_words": self.first_words.words,
            "index.skeletons": self.skeletons.words,
        }

    @classmethod
    def from_sections(cls, c: Sections) -> Index:
        """The index a cache file holds. Raises ``ValueError`` (or ``KeyError``, ``TypeError``)
        for sections that do not fit together; every stored index is range-checked, so even a
        forged file with valid checksums cannot make a lookup fail."""
        return cls(EntityRows.from_sections(c), c)

    def _read(self, c: Sections) -> None:
        n = len(self.entities)
        keys = _lines(c, "index.keys")
        self._columns = {k: v for k, v in c.items() if k.startswith("index.") and k not in _NOT_COLUMNS}
        self._views(self._columns, keys)
        meta = json.loads(_str(c, "index.meta"))
        self.max_key_len = int(meta["max_key_len"])
        self.max_tokens = int(meta["max_tokens"])
        self.lower_starts = {str(s) for s in meta["lower_starts"]}
        self.role_names = _role_names(meta["role_names"], n)
        self.events = {str(k): tuple(_entity(e, n) for e in v) for k, v in meta["events"]}
        self.event_years = {_entity(k, n): frozenset(map(str, v)) for k, v in meta["event_years"]}
        self.event_words = frozenset(map(str, meta["event_words"]))
        fuzzy = _ints(c, "index.fuzzy_keys")
        if extent(fuzzy)[1] >= len(keys):
            raise ValueError("fuzzy key out of range")
        self.fuzzy_keys = _Picked(keys, fuzzy)
        limit = len(self.fuzzy_keys)
        self.neighbours = PackedMultimap.from_words(_ints(c, "index.neighbours"), limit)
        self.first_words = PackedMultimap.from_words(_ints(c, "index.first_words"), limit)
        self.skeletons = PackedMultimap.from_words(_ints(c, "index.skeletons"), limit)


_V = TypeVar("_V")


def filter_may_hold(key_filter: bytes, key: str) -> bool:
    """Whether ``key`` may be among the keys the kernel's ``key_filter`` was built of (never
    False for one that is): three bits of ``hash(key)`` in one 64-bit word of the filter,
    picked by the hash's bits 18 and up. The reference of what the kernel reads."""
    h = hash(key) & 0xFFFF_FFFF_FFFF_FFFF
    words = len(key_filter) // 8
    at = ((h >> 18) & (words - 1)) * 8
    word = int.from_bytes(key_filter[at : at + 8], sys.byteorder)
    bits = (1 << (h & 63)) | (1 << ((h >> 6) & 63)) | (1 << ((h >> 12) & 63))
    return word & bits == bits

_NOT_COLUMNS = frozenset({"index.meta", "index.fuzzy_keys", "index.neighbours", "index.first_words", "index.skeletons"})


def _ints(c: Sections, name: str) -> array[int]:
    value = c[name]
    if not isinstance(value, array):
        raise ValueError(f"section {name} is not an array")
    return value


def _str(c: Sections, name: str) -> str:
    value = c[name]
    if not isinstance(value, str):
        raise ValueError(f"section {name} is not text")
    return value


def _lines(c: Sections, name: str) -> list[str]:
    text = _str(c, name)
    return text.split("\n") if text else []


def _role_names(c: dict[str, list[Any]], n: int) -> dict[tuple[str, str], list[tuple[str, bool, int]]]:
    names, parts, entities = c["names"], c["parts"], c["entities"]
    if not (
        len(names) == len(parts) == len(entities)
        and all(isinstance(x, str) and x for x in names)
        and all(isinstance(x, bool) for x in parts)
        and all(isinstance(x, int) and 0 <= x < n for x in entities)
    ):
        raise ValueError("role names do not fit")
    rows = list(zip(names, parts, entities))
    out: dict[tuple[str, str], list[tuple[str, bool, int]]] = {}
    at = 0
    for word, first, count in c["keys"]:
        if not (isinstance(word, str) and isinstance(first, str) and isinstance(count, int) and count > 0):
            raise ValueError("role names do not fit")
        out[(word, first)] = rows[at : at + count]
        at += count
    if at != len(rows):
        raise ValueError("role names do not fit")
    return out


def _entity(e: Any, n: int) -> int:
    if not isinstance(e, int) or not 0 <= e < n:
        raise ValueError("entity out of range")
    return e


def _check_groups(sizes: array[int], total: int, what: str) -> array[int]:
    """Start of each group from their sizes; every group holds one item at least."""
    if sizes and extent(sizes)[0] < 1:
        raise ValueError(f"an empty group in {what}")
    at = array("Q", accumulate(sizes, initial=0))
    if at[-1] > total:
        raise ValueError(f"{what} overruns its column")
    return at


class _Picked(Sequence[str]):
    """``keys[ids[i]]``: the fuzzy keys as positions in the key list, not a second list."""

    __slots__ = ("_ids", "_keys")

    def __init__(self, keys: list[str], ids: array[int]) -> None:
        self._keys, self._ids = keys, ids

    def __len__(self) -> int:
        return len(self._ids)

    @overload
    def __getitem__(self, i: int) -> str: ...
    @overload
    def __getitem__(self, i: slice) -> list[str]: ...
    def __getitem__(self, i: int | slice) -> str | list[str]:
        if isinstance(i, slice):
            return [self._keys[k] for k in self._ids[i]]
        return self._keys[self._ids[i]]


class _Forms:
    """Alias forms as columns: form ``i`` is built as an :class:`AliasForm` when read."""

    __slots__ = ("_alias", "_aliases", "_at", "_bounds", "_entity", "_flags", "_key", "_keys")

    def __init__(self, c: Sections, keys: list[str], n_entities: int) -> None:
        self._keys = keys
        self._aliases = StrColumn.from_sections(c, "index.aliases")
        self._entity = _ints(c, "index.form_entity")
        self._alias = _ints(c, "index.form_alias")
        self._key = _ints(c, "index.form_key")
        self._flags = _ints(c, "index.form_flags")
        self._bounds = _ints(c, "index.form_bounds")
        nbounds = _ints(c, "index.form_nbounds")
        n = len(self._entity)
        if not len(self._alias) == len(self._key) == len(self._flags) == len(nbounds) == n:
            raise ValueError("form columns differ in length")
        if n and (
            extent(self._entity)[1] >= n_entities
            or extent(self._alias)[1] >= len(self._aliases)
            or extent(self._key)[1] >= len(keys)
        ):
            raise ValueError("form column out of range")
        self._at = _check_groups(nbounds, len(self._bounds), "form bounds")

    def __len__(self) -> int:
        return len(self._entity)

    def form(self, i: int) -> AliasForm:
        return AliasForm(
            self._entity[i],
            self._aliases[self._alias[i]],
            self._keys[self._key[i]],
            tuple(self._bounds[self._at[i] : self._at[i + 1]]),
            self._flags[i],
        )

    def span(self, start: int, stop: int) -> list[AliasForm]:
        return [self.form(i) for i in range(start, stop)]

    # Parts of form ``i`` read without building it (for crowds of thousands of forms).
    def entity_of(self, i: int) -> int:
        return self._entity[i]

    def flags_of(self, i: int) -> int:
        return self._flags[i]

    def bounds_of(self, i: int) -> tuple[int, ...]:
        return tuple(self._bounds[self._at[i] : self._at[i + 1]])


class _KeyedGroups(Mapping[str, _V]):
    """Key → a group of values read from columns: one ``dict`` probe for the key's position,
    then ``_group(position)``. The one place the read-only maps below keep their key plumbing."""

    __slots__ = ("_pos",)

    def __init__(self, keys: list[str]) -> None:
        self._pos = dict(zip(keys, range(len(keys))))

    def _group(self, k: int) -> _V:
        raise NotImplementedError

    @property
    def positions(self) -> dict[str, int]:
        """Key → position: the dict the scan probes (the compiled kernel too), read-only."""
        return self._pos

    def at(self, k: int) -> _V:
        """The group at a position from :attr:`positions`."""
        return self._group(k)

    def get(self, key: str, default: Any = None) -> Any:
        k = self._pos.get(key)
        if k is None:
            return default
        return self._group(k)

    def __getitem__(self, key: str) -> _V:
        return self._group(self._pos[key])

    def __contains__(self, key: object) -> bool:
        return key in self._pos

    def __iter__(self) -> Iterator[str]:
        return iter(self._pos)

    def __len__(self) -> int:
        return len(self._pos)


class _FormMap(_KeyedGroups[list[AliasForm]]):
    """Key → its alias forms: one ``dict`` probe, then the few forms built from the columns."""

    __slots__ = ("_at", "_base", "_built", "_filter", "_forms")

    def __init__(self, keys: list[str], forms: _Forms, sizes: array[int], base: int, *, scanned: bool = False) -> None:
        if len(sizes) != len(keys):
            raise ValueError("key groups do not fit the keys")
        super().__init__(keys)
        # The map every window of a text probes (``scanned``) gets the compiled kernel's
        # filter of its keys: see :attr:`key_filter`.
        self._filter = _KERNEL.key_filter(keys) if scanned and _KERNEL is not None else None
        self._at = _check_groups(sizes, len(forms) - base, "key groups")
        self._base = base  # where this map's forms start in the columns
        self._forms = forms
        self._built: dict[int, list[AliasForm]] = {}  # the groups read lately: names recur (read-only)

    def _group(self, k: int) -> list[AliasForm]:
        return remember(self._built, k, self._read)

    @property
    def key_filter(self) -> bytes | None:
        """A Bloom filter of the keys (:func:`filter_may_hold`), which the compiled kernel's
        window scan reads before :attr:`positions`; None without the kernel. Most windows of
        a text are in no table, and at a million entities the dict is far out of the CPU's
        caches: the filter answers most misses from a few cached megabytes."""
        return self._filter

    def _read(self, k: int) -> list[AliasForm]:
        return self._forms.span(self._base + self._at[k], self._base + self._at[k + 1])

    def size(self, key: str) -> int:
        """How many forms ``key`` has, without building them (0 if none)."""
        k = self._pos.get(key)
        return 0 if k is None else self._at[k + 1] - self._at[k]

    def size_at(self, k: int) -> int:
        """How many forms the key at position ``k`` has, without building them."""
        return self._at[k + 1] - self._at[k]

    @property
    def columns(self) -> _Forms:
        """The forms' columns, for :meth:`ids`."""
        return self._forms

    def ids(self, key: str) -> range:
        """The positions of ``key``'s forms in :attr:`columns` (empty if none)."""
        k = self._pos.get(key)
        return range(0) if k is None else range(self._base + self._at[k], self._base + self._at[k + 1])


class _FormsOf(Sequence[Sequence[AliasForm]]):
    """Entity → its alias forms, in the order they were derived."""

    __slots__ = ("_at", "_built", "_forms", "_ids")

    def __init__(self, forms: _Forms, at: array[int], ids: array[int]) -> None:
        if extent(at)[1] > len(ids) or extent(ids)[1] >= max(len(forms), 1):
            raise ValueError("forms of an entity out of range")
        self._forms, self._at, self._ids = forms, at, ids
        self._built: dict[int, tuple[AliasForm, ...]] = {}  # the entities read lately (read-only)

    def __len__(self) -> int:
        return len(self._at) - 1

    @overload
    def __getitem__(self, e: int) -> tuple[AliasForm, ...]: ...
    @overload
    def __getitem__(self, e: slice) -> list[tuple[AliasForm, ...]]: ...
    def __getitem__(self, e: int | slice) -> tuple[AliasForm, ...] | list[tuple[AliasForm, ...]]:
        if isinstance(e, slice):
            return [self[k] for k in range(*e.indices(len(self)))]
        return remember(self._built, e, self._read)

    def _read(self, e: int) -> tuple[AliasForm, ...]:
        form, ids = self._forms.form, self._ids
        return tuple(form(ids[k]) for k in range(self._at[e], self._at[e + 1]))


class _SetMap(_KeyedGroups[set[int]]):
    """Name part → the entities that have it (a new ``set`` on each read)."""

    __slots__ = ("_at", "_vals")

    def __init__(self, keys: list[str], at: array[int], vals: array[int], n_entities: int) -> None:
        if len(at) != len(keys) + 1 or extent(at)[1] > len(vals) or extent(vals)[1] >= max(n_entities, 1):
            raise ValueError("name parts out of range")
        if len(set(at)) != len(at):  # every part names one entity at least
            raise ValueError("a name part without entities")
        super().__init__(keys)
        self._at, self._vals = at, vals

    def _group(self, k: int) -> set[int]:
        return set(self._vals[self._at[k] : self._at[k + 1]])

    def size(self, key: str) -> int:
        """How many entities have ``key``, without building their set (0 if none)."""
        k = self._pos.get(key)
        return 0 if k is None else self._at[k + 1] - self._at[k]


class _PartsOf(Sequence[set[str]]):
    """Entity → the name parts of its aliases."""

    __slots__ = ("_at", "_ids", "_keys")

    def __init__(self, keys: list[str], at: array[int], ids: array[int]) -> None:
        if extent(at)[1] > len(ids) or extent(ids)[1] >= max(len(keys), 1):
            raise ValueError("parts of an entity out of range")
        self._keys, self._at, self._ids = keys, at, ids

    def __len__(self) -> int:
        return len(self._at) - 1

    @overload
    def __getitem__(self, e: int) -> set[str]: ...
    @overload
    def __getitem__(self, e: slice) -> list[set[str]]: ...
    def __getitem__(self, e: int | slice) -> set[str] | list[set[str]]:
        if isinstance(e, slice):
            return [self[k] for k in range(*e.indices(len(self)))]
        keys, ids = self._keys, self._ids
        return {keys[ids[k]] for k in range(self._at[e], self._at[e + 1])}
