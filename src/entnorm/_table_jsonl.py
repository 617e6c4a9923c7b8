"""Alias tables as JSON Lines: one entry a line, read many times faster than YAML.

A ``.jsonl`` alias file holds the same entries as a YAML one, one JSON object a line
(``{"id": "mike-pompeo", "name": "Mike Pompeo", "type": "PERSON", "aliases": [...]}``), with
the same fields, the same rules and the same :class:`AliasFileError` messages at the same
``file:line``. A big table parses with the C ``json`` decoder, a line at a time, instead of
walking a YAML event stream: the format for tables of a million entities
(docs/alias-file.md#json-lines-tables). Blank lines are not entries.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from typing import Any, cast

from ._errors import AliasFileError
from ._models import ENTITY_TYPES, Entity, EntityType, Role
from ._table import (
    _BAD_CHAR,
    _ENTRY_FIELDS,
    _ID_RE,
    _ROLE_FIELDS,
    _SURROGATE,
    Extension,
    TableEntry,
    _dedupe,
    _parse_date,
    _shorten,
    _slug,
    _suggest,
)

__all__ = ["jsonl_lines", "read_jsonl_text"]

_TOP_LINE_FIELDS = ("version",)


class _Duplicate(Exception):
    def __init__(self, field: str) -> None:
        self.field = field


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in pairs:
        if key in out:
            raise _Duplicate(key)
        out[key] = value
    return out


_DECODER = json.JSONDecoder(object_pairs_hook=_no_duplicates)


def _describe(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return f"the boolean {'true' if value else 'false'}"
    if isinstance(value, (int, float)):
        return f"the number {value}; write it in quotes if you mean the text"
    if isinstance(value, str):
        return f"the string '{_shorten(value)}'"
    if isinstance(value, list):
        return "a list"
    return "an object ({...})"


def jsonl_lines(entries: Iterable[TableEntry]) -> Iterator[str]:
    """Entries (of :func:`read_alias_file <._table.read_alias_file>`) as JSON Lines, one a line
    with its newline: what ``scripts/table_to_jsonl.py`` writes; reads back to the same entries."""
    for e in entries:
        row: dict[str, Any] = {"id": e.id}
        if isinstance(e, Entity):
            row["name"], row["type"] = e.name, e.type
        if e.aliases:
            row["aliases"] = list(e.aliases)
        if e.weak_aliases:
            row["weak_aliases"] = list(e.weak_aliases)
        if isinstance(e, Entity) and e.roles:
            row["roles"] = [
                {k: v for k, v in r.model_dump(mode="json", by_alias=True).items() if v is not None} for r in e.roles
            ]
        yield json.dumps(row, ensure_ascii=False) + "\n"


def read_jsonl_text(text: str, *, path: str = "<string>") -> list[TableEntry]:
    """Parse JSON Lines alias-file text; ``path`` is only used in sources and error messages."""
    if text.startswith("\ufeff"):
        text = text[1:]
    entries: list[TableEntry] = []
    first_line: dict[str, int] = {}
    for number, line in enumerate(text.split("\n"), 1):
        if not line.strip():
            continue
        entry = _Line(path, number).read(line, first=not entries and not first_line)
        if entry is None:
            first_line.setdefault("", number)  # the version line: only first
            continue
        if entry.id in first_line:
            raise AliasFileError(
                path,
                number,
                f"duplicate id '{entry.id}' (first defined on line {first_line[entry.id]}); "
                "ids must be unique within a file: merge the two entries",
            )
        first_line[entry.id] = number
        entries.append(entry)
    return entries


class _Line:
    """One line against the schema of an entry, failing at the first problem."""

    def __init__(self, path: str, line: int) -> None:
        self._path = path
        self._line = line

    def _error(self, problem: str) -> AliasFileError:
        return AliasFileError(self._path, self._line, problem)

    def read(self, line: str, *, first: bool) -> TableEntry | None:
        try:
            value = _DECODER.decode(line)
        except _Duplicate as dup:
            raise self._error(f"duplicate field '{_shorten(dup.field)}'; keep only one") from None
        except json.JSONDecodeError as exc:
            raise self._error(
                f"not valid JSON ({exc.msg} at column {exc.colno}); each line must be one entry, "
                'a JSON object such as {"id": "mike-pompeo", "name": "Mike Pompeo", "type": "PERSON"}'
            ) from None
        except RecursionError:
            raise self._error("not valid JSON (nested too deeply)") from None
        if not isinstance(value, dict):
            raise self._error(f"each line must be a JSON object (an entry), found {_describe(value)}")
        if "version" in value and "id" not in value:
            if not first:
                raise self._error("'version' may only be given on the first line, on its own")
            self._fields(value, _TOP_LINE_FIELDS, "on the version line")
            if value["version"] not in (1, "1"):
                raise self._error(
                    f"unsupported version '{_shorten(str(value['version']))}'; this version of entnorm reads "
                    "version 1 files"
                )
            return None
        return self._entry(value)

    def _fields(self, value: dict[str, Any], allowed: tuple[str, ...], where: str) -> None:
        for name in value:
            if name not in allowed:
                raise self._error(
                    f"unknown field '{_shorten(name)}'{_suggest(name, allowed)} {where}; "
                    f"allowed fields: {', '.join(allowed)}"
                )

    def _entry(self, value: dict[str, Any]) -> TableEntry:
        self._fields(value, _ENTRY_FIELDS, "in an entry")
        if "id" not in value:
            raise self._error('this entry has no \'id\'; add one, e.g. "id": "mike-pompeo"')
        entry_id = self._id(value["id"], "id")
        name = self._text(value["name"], "name") if "name" in value else None
        type_ = value.get("type")
        if type_ is not None or "type" in value:
            type_ = self._text(type_, "type")
            if type_ not in ENTITY_TYPES:
                hint = f" (did you mean '{type_.upper()}'?)" if type_.upper() in ENTITY_TYPES else ""
                raise self._error(f"unknown type '{_shorten(type_)}'{hint}; allowed types: {', '.join(ENTITY_TYPES)}")
        aliases = self._strings(value.get("aliases", []), "aliases", "alias")
        weak = self._strings(value.get("weak_aliases", []), "weak_aliases", "weak alias")
        roles = self._roles(value["roles"]) if "roles" in value else ()
        if roles and type_ != "PERSON":
            raise self._error(
                f"entry '{entry_id}' has roles but "
                + (f"type {type_}" if type_ else "no type")
                + "; only PERSON entities hold roles (define the person here with name and type)"
            )
        if name is not None and type_ is not None:
            strong, weak_t = _dedupe(name, aliases, weak)
            # Every field was checked above as the YAML reader checks it: no second validation.
            return Entity.model_construct(
                id=entry_id,
                name=name,
                type=cast(EntityType, type_),
                aliases=strong,
                weak_aliases=weak_t,
                roles=roles,
                source=f"{self._path}:{self._line}",
            )
        if name is not None or type_ is not None:
            has, lacks = ("name", "type") if name is not None else ("type", "name")
            raise self._error(
                f"entry '{entry_id}' has a '{has}' but no '{lacks}'; give both to define the "
                "entity, or neither to add aliases to an entity defined in an earlier file"
            )
        if not aliases and not weak:
            raise self._error(
                f"entry '{entry_id}' has no 'name' and 'type' and no aliases; give 'name' and 'type' to define it"
            )
        strong, weak_t = _dedupe("", aliases, weak)
        return Extension(entry_id, strong, weak_t, self._path, self._line)

    def _id(self, value: Any, what: str) -> str:
        text = self._text(value, what)
        if _ID_RE.fullmatch(text) is None:
            raise self._error(
                f"invalid id '{_shorten(text)}': use lower-case letters, digits and hyphens "
                f"(e.g. '{_slug(text)}') or a Wikidata QID such as 'Q22686'"
            )
        return text

    def _text(self, value: Any, what: str) -> str:
        if not isinstance(value, str):
            raise self._error(f"{what} must be a string, found {_describe(value)}")
        text = value.strip()
        if not text:
            raise self._error(f"{what} is empty; write a value or remove the field")
        bad = _BAD_CHAR.search(text)
        if bad is not None:
            raise self._error(
                f"{what} '{_shorten(text)}' contains a line break or control character "
                f"(U+{ord(bad.group()):04X}); write it on one line"
            )
        if _SURROGATE.search(text) is not None:
            raise self._error(f"{what} '{_shorten(text)}' holds a lone surrogate, not valid Unicode")
        return text

    def _strings(self, value: Any, field: str, item: str) -> list[str]:
        if not isinstance(value, list):
            raise self._error(f"'{field}' must be a list of strings, found {_describe(value)}")
        return [self._text(v, item) for v in value]

    def _roles(self, value: Any) -> tuple[Role, ...]:
        if not isinstance(value, list):
            raise self._error(
                f"'roles' must be a list, found {_describe(value)}; write each role as "
                '{"title": "Secretary of State", "of": "united-states", "from": "2018-04-26", "to": "2021-01-20"}'
            )
        roles = []
        for role in value:
            if not isinstance(role, dict):
                raise self._error(
                    f"each role must be an object with 'title' (and 'of', 'from', 'to'), found {_describe(role)}"
                )
            self._fields(role, _ROLE_FIELDS, "in a role")
            if "title" not in role:
                raise self._error('this role has no \'title\'; add one, e.g. "title": "Foreign Minister"')
            title = self._text(role["title"], "role 'title'")
            of = self._id(role["of"], "role 'of'") if "of" in role else None
            start = self._date(role.get("from"), "from", last=False)
            end = self._date(role.get("to"), "to", last=True)
            if start is not None and end is not None and end < start:
                raise self._error(f"role '{title}' ends ({end}) before it starts ({start})")
            roles.append(Role.model_validate({"title": title, "of": of, "from": start, "to": end}))
        return tuple(roles)

    def _date(self, value: Any, what: str, *, last: bool) -> Any:
        if value is None:
            return None
        text = self._text(value, f"role '{what}'")
        day = _parse_date(text, last=last)
        if day is None:
            raise self._error(f"invalid date '{_shorten(text)}' in a role: write YYYY-MM-DD, YYYY-MM or YYYY")
        return day
