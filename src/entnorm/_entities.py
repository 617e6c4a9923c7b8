"""A table's entities as plain columns; the pydantic :class:`Entity` is built only when asked.

The index and the matcher read an entity's fields by position (``rows[e].id``); a million
validated models would cost about a kilobyte and some microseconds each for nothing. Roles
are few (curated people), so they stay :class:`Role` models, kept only for the entities that
have them.
"""

from __future__ import annotations

import datetime as dt
import json
from array import array
from collections.abc import Iterator, Sequence
from typing import NamedTuple, cast, overload

from ._columns import Sections, StrColumn, extent, offsets, remember
from ._models import ENTITY_TYPES, Entity, EntityType, Role

__all__ = ["EntityRow", "EntityRows"]

_NO_SOURCE = (1 << 32) - 1  # the source path id of an entity without a source
_NO_LINE = (1 << 32) - 1  # the line of a source that is not "path:line"


class EntityRow(NamedTuple):
    """One entity's fields, as :class:`Entity` has them."""

    id: str
    name: str
    type: EntityType
    aliases: tuple[str, ...]
    weak_aliases: tuple[str, ...]
    roles: tuple[Role, ...]
    source: str | None

    def all_names(self) -> tuple[str, ...]:
        """The canonical name followed by every alias, strong then weak."""
        return (self.name, *self.aliases, *self.weak_aliases)

    def model(self) -> Entity:
        """The pydantic model, without validating again what was validated when read."""
        return Entity.model_construct(
            id=self.id,
            name=self.name,
            type=self.type,
            aliases=self.aliases,
            weak_aliases=self.weak_aliases,
            roles=self.roles,
            source=self.source,
        )


class EntityRows(Sequence[EntityRow]):
    """Every entity of a table, in table order, as columns."""

    __slots__ = ("_alias_at", "_aliases", "_built", "_lines", "_names", "_paths", "_roles", "_source_of", "_types",
                 "_weak", "_weak_at", "ids")  # fmt: skip

    ids: list[str]
    _built: dict[int, EntityRow]
    _names: StrColumn
    _types: bytes
    _aliases: StrColumn
    _alias_at: array[int]
    _weak: StrColumn
    _weak_at: array[int]
    _roles: dict[int, tuple[Role, ...]]
    _paths: list[str]
    _source_of: array[int]
    _lines: array[int]

    def __init__(self) -> None:
        """Empty: ``of`` and ``from_sections`` fill the columns."""
        self._built = {}

    @classmethod
    def of(cls, entities: Sequence[Entity | EntityRow]) -> EntityRows:
        self = cls()
        self.ids = [e.id for e in entities]
        self._names = StrColumn.of(e.name for e in entities)
        self._types = bytes(ENTITY_TYPES.index(e.type) for e in entities)
        self._aliases = StrColumn.of(a for e in entities for a in e.aliases)
        self._alias_at = offsets(len(e.aliases) for e in entities)
        self._weak = StrColumn.of(a for e in entities for a in e.weak_aliases)
        self._weak_at = offsets(len(e.weak_aliases) for e in entities)
        self._roles = {i: tuple(e.roles) for i, e in enumerate(entities) if e.roles}
        # Sources are "path:line" with a few distinct paths: a path id and a line per entity.
        paths: dict[str, int] = {}
        source_of, lines = array("I"), array("I")
        for e in entities:
            if e.source is None:
                source_of.append(_NO_SOURCE)
                lines.append(0)
                continue
            path, _, line = e.source.rpartition(":")
            if not (path and line.isascii() and line.isdigit() and str(int(line)) == line and int(line) < _NO_LINE):
                path, line = e.source, ""
            source_of.append(paths.setdefault(path, len(paths)))
            lines.append(int(line) if line else _NO_LINE)
        self._paths = list(paths)
        self._source_of, self._lines = source_of, lines
        return self

    def __len__(self) -> int:
        return len(self.ids)

    @overload
    def __getitem__(self, i: int) -> EntityRow: ...
    @overload
    def __getitem__(self, i: slice) -> list[EntityRow]: ...
    def __getitem__(self, i: int | slice) -> EntityRow | list[EntityRow]:
        if isinstance(i, slice):
            return [self[k] for k in range(*i.indices(len(self)))]
        if i < 0:
            i += len(self)
        return remember(self._built, i, self._row)

    def _row(self, i: int) -> EntityRow:
        return EntityRow(
            self.ids[i],
            self._names[i],
            self.type_of(i),
            self._aliases.span(self._alias_at[i], self._alias_at[i + 1]),
            self._weak.span(self._weak_at[i], self._weak_at[i + 1]),
            self._roles.get(i, ()),
            self._source(i),
        )

    def __iter__(self) -> Iterator[EntityRow]:
        for i in range(len(self.ids)):
            yield self._row(i)

    def roles_by_entity(self) -> list[tuple[int, tuple[Role, ...]]]:
        """``(entity, roles)`` for the entities that have roles, in table order."""
        return sorted(self._roles.items())

    def has_roles(self, i: int) -> bool:
        return i in self._roles

    def type_of(self, i: int) -> EntityType:
        return cast(EntityType, ENTITY_TYPES[self._types[i]])

    def name_of(self, i: int) -> str:
        return self._names[i]

    def flags_of_type(self, entity_type: str) -> list[bool]:
        """For each entity, whether it has this type."""
        code = ENTITY_TYPES.index(entity_type)
        return list(map(bool, self._types.translate(bytes(int(k == code) for k in range(256)))))

    def _source(self, i: int) -> str | None:
        path = self._source_of[i]
        if path == _NO_SOURCE:
            return None
        line = self._lines[i]
        return self._paths[path] if line == _NO_LINE else f"{self._paths[path]}:{line}"

    # -- the cache file's sections ----------------------------------------------------------

    def sections(self) -> Sections:
        roles = {str(i): [[r.title, r.of, _iso(r.start), _iso(r.end)] for r in rs] for i, rs in self._roles.items()}
        ids = "\n".join(self.ids)
        if ids.count("\n") != max(0, len(self.ids) - 1):
            raise ValueError("an id holds a line break: this table cannot be cached")
        return {
            "entities.ids": ids,
            **self._names.sections("entities.names"),
            "entities.types": array("B", self._types),
            **self._aliases.sections("entities.aliases"),
            "entities.alias_at": self._alias_at,
            **self._weak.sections("entities.weak"),
            "entities.weak_at": self._weak_at,
            "entities.roles": json.dumps(roles, ensure_ascii=False),
            "entities.paths": json.dumps(self._paths, ensure_ascii=False),
            "entities.source_of": self._source_of,
            "entities.lines": self._lines,
        }

    @classmethod
    def from_sections(cls, s: Sections) -> EntityRows:
        """Rows from a cache file; every index is checked, so a forged file cannot crash a lookup."""
        self = cls()
        ids = s["entities.ids"]
        if not isinstance(ids, str):
            raise ValueError("entities.ids is not text")
        self.ids = ids.split("\n") if ids else []
        n = len(self.ids)
        self._names = StrColumn.from_sections(s, "entities.names")
        self._aliases = StrColumn.from_sections(s, "entities.aliases")
        self._weak = StrColumn.from_sections(s, "entities.weak")
        types, alias_at, weak_at = s["entities.types"], s["entities.alias_at"], s["entities.weak_at"]
        source_of, lines = s["entities.source_of"], s["entities.lines"]
        if not all(isinstance(a, array) for a in (types, alias_at, weak_at, source_of, lines)):
            raise ValueError("entity columns are not arrays")
        assert isinstance(types, array) and isinstance(alias_at, array) and isinstance(weak_at, array)
        assert isinstance(source_of, array) and isinstance(lines, array)
        if len(self._names) != n or len(types) != n or len(source_of) != n or len(lines) != n:
            raise ValueError("entity columns differ in length")
        if len(alias_at) != n + 1 or len(weak_at) != n + 1:
            raise ValueError("alias offsets do not fit the entities")
        if extent(types)[1] >= len(ENTITY_TYPES):
            raise ValueError("unknown entity type")
        if extent(alias_at)[1] > len(self._aliases) or extent(weak_at)[1] > len(self._weak):
            raise ValueError("alias offsets out of range")
        self._types = types.tobytes()
        self._alias_at, self._weak_at = alias_at, weak_at
        paths = json.loads(_text(s["entities.paths"]))
        if not isinstance(paths, list) or not all(isinstance(p, str) for p in paths):
            raise ValueError("entities.paths is not a list of strings")
        if any(p >= len(paths) and p != _NO_SOURCE for p in set(source_of)):
            raise ValueError("source path out of range")
        self._paths, self._source_of, self._lines = paths, source_of, lines
        roles = json.loads(_text(s["entities.roles"]))
        self._roles = {}
        for key, rs in roles.items():
            i = int(key)
            if not 0 <= i < n:
                raise ValueError("role of an entity out of range")
            self._roles[i] = tuple(
                Role.model_validate({"title": t, "of": of, "from": start, "to": end}) for t, of, start, end in rs
            )
        return self


def _iso(day: dt.date | None) -> str | None:
    return None if day is None else day.isoformat()


def _text(value: array[int] | str) -> str:
    if not isinstance(value, str):
        raise ValueError("section is not text")
    return value
