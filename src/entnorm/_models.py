"""Pydantic models at the library's boundary: what a table holds and what ``find`` returns.

The hot path works on plain tuples and dicts; these models are built only for entities when
a table is loaded and for the (few) mentions that survive selection.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

__all__ = ["ENTITY_TYPES", "METHODS", "Candidate", "Entity", "EntityType", "Mention", "Method", "Role"]

EntityType = Literal["PERSON", "ORG", "GPE", "LOC", "NORP", "FAC", "EVENT"]
ENTITY_TYPES: tuple[str, ...] = ("PERSON", "ORG", "GPE", "LOC", "NORP", "FAC", "EVENT")

Method = Literal["exact", "native", "transliteration", "fuzzy", "partial", "coreference"]
METHODS: tuple[str, ...] = ("exact", "native", "transliteration", "fuzzy", "partial", "coreference")


class Role(BaseModel):
    """An office a person held: "Secretary of State" of ``united-states`` from 2018-04-26 to
    2021-01-20. A role title before a name in the text ("Secretary of State Ponpeo") is
    evidence for the people who held it, at the date ``find`` is given or at any time.
    """

    model_config = ConfigDict(frozen=True, extra="forbid", populate_by_name=True)

    title: str
    of: str | None = Field(default=None, description="id of the country or organisation")
    start: dt.date | None = Field(default=None, alias="from", description="first day in office")
    end: dt.date | None = Field(default=None, alias="to", description="last day in office (None: still)")

    def held_on(self, day: dt.date | None) -> bool:
        """Whether the role was held on ``day`` (any day at all when ``day`` is None)."""
        return day is None or ((self.start is None or self.start <= day) and (self.end is None or day <= self.end))


class Entity(BaseModel):
    """One row of the alias table.

    ``aliases`` link on their own; ``weak_aliases`` (short forms that are also ordinary
    words or shared with other entities) link only when the article already names the
    entity in a stronger way.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str
    name: str
    type: EntityType
    aliases: tuple[str, ...] = ()
    weak_aliases: tuple[str, ...] = ()
    roles: tuple[Role, ...] = ()
    source: str | None = Field(default=None, description="file:line the entity was read from")

    def all_names(self) -> tuple[str, ...]:
        """The canonical name followed by every alias, strong then weak."""
        return (self.name, *self.aliases, *self.weak_aliases)


class Mention(BaseModel):
    """A span of the caller's text linked to an entity.

    ``text == source_text[start:end]`` always holds, with offsets counted in code points of
    the caller's own ``str``.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    start: int
    end: int
    text: str
    entity_id: str
    name: str
    type: EntityType
    score: float = Field(ge=0.0, le=1.0)
    method: Method
    alias: str = Field(description="the table string (or the key derived from it) that matched")


_new_mention = Mention.__new__
_set = object.__setattr__
_MENTION_FIELDS = frozenset(Mention.model_fields)


def trusted_mention(
    start: int, end: int, text: str, entity_id: str, name: str, type: str, score: float, method: str, alias: str
) -> Mention:
    """A Mention from fields that are valid by construction, without validation: what
    ``Mention.model_construct`` does, at a third of its cost (``find`` builds one per mention)."""
    m = _new_mention(Mention)
    _set(m, "__dict__", {
        "start": start, "end": end, "text": text, "entity_id": entity_id, "name": name,
        "type": type, "score": score, "method": method, "alias": alias,
    })  # fmt: skip
    _set(m, "__pydantic_fields_set__", set(_MENTION_FIELDS))
    _set(m, "__pydantic_extra__", None)
    _set(m, "__pydantic_private__", None)
    return m


class Candidate(BaseModel):
    """One entity a name may refer to, from :meth:`Normalizer.lookup <entnorm.Normalizer.lookup>`.

    ``score`` is comparable across calls (one threshold serves a whole column; see
    docs/names-without-text.md for how it is built and what precision each threshold gave);
    ``text`` is the part of the looked-up name that matched (the whole name, or the name
    without a title: "Pompeo" of "Secretary Pompeo").
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    entity_id: str
    name: str
    type: EntityType
    score: float = Field(ge=0.0, le=1.0)
    method: Method
    alias: str = Field(description="the table string (or the key derived from it) that matched")
    text: str = Field(description="the part of the looked-up name that matched")
