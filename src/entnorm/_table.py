"""Read alias files into table entries and merge them, in order, into one entity list.

The file format is a public contract and the files come from users, so the reader is strict
and safe by construction: it walks the YAML *event stream* itself instead of constructing
Python objects. Nothing in a file can run code (every tag is refused), nothing can expand
(every anchor and alias is refused), and memory grows with the output only. Every problem is
an :class:`AliasFileError` with the file, the 1-based line and a sentence the user can act on.
See ``docs/alias-file.md`` for the format.
"""

from __future__ import annotations

import calendar
import datetime as dt
import difflib
import os
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import TypeAlias, cast

import yaml

from ._errors import AliasFileError
from ._models import ENTITY_TYPES, Entity, EntityType, Role

__all__ = [
    "Extension",
    "TableEntry",
    "load_tables",
    "merge_tables",
    "read_alias_file",
    "read_alias_text",
]

# libyaml when PyYAML was built with it (fast), the pure-Python parser otherwise; both only
# parse here, nothing is constructed.
_LOADER: type = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

_TOP_FIELDS = ("entities", "version")
_ENTRY_FIELDS = ("id", "name", "type", "aliases", "weak_aliases", "roles")
_ROLE_FIELDS = ("title", "of", "from", "to")
_DATE_RE = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")
_ID_RE = re.compile(r"[a-z0-9][a-z0-9-]*|Q[1-9][0-9]*")
# What YAML 1.1 would read as null from a plain (unquoted) scalar.
_NULLS = frozenset({"", "~", "null", "Null", "NULL"})
# Characters that cannot sit inside a one-line name: controls (Unicode category Cc: tab,
# newline, ...) and the line/paragraph separators (Zl, Zp). Format characters (Cf, e.g. the
# ZWNJ of Persian spelling) are legitimate.
_BAD_CHAR = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]")
# YAML's non-printable characters (the reader refuses them); used to locate the line.
_NON_PRINTABLE = re.compile(
    "[^\x09\x0a\x0d\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]|\ufeff"
)
_YAML_TAG_PREFIX = "tag:yaml.org,2002:"
_SURROGATE = re.compile("[\ud800-\udfff]")


@dataclass(frozen=True, slots=True)
class Extension:
    """An entry with an id but no name and type: adds aliases to an entity of an earlier file.

    It only means something once merged after the file that defines ``id``, so the reader
    keeps it apart from :class:`Entity` and :func:`merge_tables` resolves it.
    """

    id: str
    aliases: tuple[str, ...]
    weak_aliases: tuple[str, ...]
    path: str
    line: int

    @property
    def source(self) -> str:
        """``file:line`` of the entry, like :attr:`Entity.source`."""
        return f"{self.path}:{self.line}"


TableEntry: TypeAlias = Entity | Extension


def read_alias_file(path: str | os.PathLike[str]) -> list[TableEntry]:
    """Read and validate one alias file; each entry's ``source`` is ``f"{path}:{line}"``.

    A name ending in ``.jsonl`` is read as JSON Lines (:mod:`._table_jsonl`), any other as YAML.

    Raises :class:`AliasFileError` (line ``None``) for a missing, unreadable or non-file path.
    """
    name = os.fspath(path)
    if os.path.isdir(name):
        raise AliasFileError(name, None, "is a directory; give the path of a YAML or JSON Lines alias file")
    try:
        with open(name, "rb") as handle:
            data = handle.read()
    except FileNotFoundError:
        raise AliasFileError(name, None, "no such file; check the path") from None
    except PermissionError:
        raise AliasFileError(name, None, "permission denied; the file is not readable") from None
    except OSError as exc:
        raise AliasFileError(name, None, f"cannot read the file: {exc.strerror or exc}") from None
    text = _decode(data, name)
    del data  # a large file should not be held twice while it is parsed
    if name.endswith(".jsonl"):
        from ._table_jsonl import read_jsonl_text

        return read_jsonl_text(text, path=name)
    return read_alias_text(text, path=name)


def read_alias_text(text: str, *, path: str = "<string>") -> list[TableEntry]:
    """Parse alias-file text; ``path`` is only used in sources and error messages."""
    if text.startswith("\ufeff"):
        text = text[1:]
    # libyaml cannot even take a lone surrogate (a str from errors="surrogateescape"): it
    # raised UnicodeEncodeError instead of an AliasFileError.
    surrogate = _SURROGATE.search(text)
    if surrogate is not None:
        raise AliasFileError(
            path,
            text.count("\n", 0, surrogate.start()) + 1,
            f"the character U+{ord(surrogate.group()):04X} is a lone surrogate, not valid "
            "Unicode (bytes that did not decode?); remove it or save the file as UTF-8",
        )
    return _Reader(text, path).read()


def merge_tables(tables: Iterable[Sequence[TableEntry]]) -> list[Entity]:
    """Merge tables in order into one entity list.

    A later :class:`Entity` with a known id replaces the earlier one in place (its position is
    kept); an :class:`Extension` adds its aliases to the entity defined so far, deduplicated
    with the first occurrence kept. An extension of an id nothing earlier defines is an error.
    """
    merged: dict[str, Entity] = {}
    for table in tables:
        for entry in table:
            if isinstance(entry, Entity):
                merged[entry.id] = entry
                continue
            base = merged.get(entry.id)
            if base is None:
                raise AliasFileError(
                    entry.path,
                    entry.line,
                    f"entry '{entry.id}' has no name and type, so it adds aliases to an entity "
                    f"from an earlier file, but no earlier file defines '{entry.id}'; "
                    "give it a name and a type to define it here, or check the id and the "
                    "order of the files",
                )
            aliases, weak = _dedupe(
                base.name,
                (*base.aliases, *entry.aliases),
                (*base.weak_aliases, *entry.weak_aliases),
            )
            merged[entry.id] = base.model_copy(update={"aliases": aliases, "weak_aliases": weak})
    for entity in merged.values():
        for role in entity.roles:
            if role.of is not None and role.of not in merged:
                path, _, line = (entity.source or "<string>:0").rpartition(":")
                raise AliasFileError(
                    path,
                    int(line) if line.isdigit() else None,
                    f"role '{role.title}' of entry '{entity.id}' is 'of: {role.of}', but no entity has that id; "
                    "give the id of a country or organisation in the table",
                )
    return list(merged.values())


def load_tables(paths: Sequence[str | os.PathLike[str]]) -> list[Entity]:
    """Read every file and merge them in the order given: what the Normalizer loads."""
    if isinstance(paths, (str, bytes, os.PathLike)):
        raise TypeError("load_tables() takes a list of paths, not a single path")
    return merge_tables(read_alias_file(path) for path in paths)


def _parse_date(value: str, *, last: bool) -> dt.date | None:
    """``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD`` (``None`` if not a date); a year or month alone
    means its first day for 'from' and its last day for 'to' (``last``)."""
    m = _DATE_RE.fullmatch(value)
    if m is None:
        return None
    try:
        year, month, day = int(m[1]), int(m[2] or (12 if last else 1)), m[3]
        if day is None:
            return dt.date(year, month, calendar.monthrange(year, month)[1] if last else 1)
        return dt.date(year, month, int(day))
    except ValueError:
        return None


def _decode(data: bytes, path: str) -> str:
    """UTF-8 with an optional byte-order mark; anything else is refused with its line."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise AliasFileError(path, 1, "the file is UTF-16 encoded; save it as UTF-8")
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise AliasFileError(
            path,
            line,
            f"invalid UTF-8 (byte 0x{data[exc.start]:02x}); save the file as UTF-8",
        ) from None


def _dedupe(
    name: str, aliases: Iterable[str], weak_aliases: Iterable[str]
) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Drop repeats of the name and of earlier strings, first occurrence kept (strong wins)."""
    seen = {name}

    def fresh(values: Iterable[str]) -> tuple[str, ...]:
        kept: list[str] = []
        for value in values:
            if value not in seen:
                seen.add(value)
                kept.append(value)
        return tuple(kept)

    strong = fresh(aliases)
    return strong, fresh(weak_aliases)


def _line(event: yaml.Event) -> int:
    """The 1-based line an event starts on (both parsers always set the mark)."""
    mark = event.start_mark
    assert mark is not None
    return int(mark.line) + 1


def _is_plain(event: yaml.ScalarEvent) -> bool:
    # The pure-Python parser reports plain style as None, libyaml as "".
    return not event.style


def _describe(event: yaml.Event) -> str:
    """How a node reads to a user, for 'found ...' in messages."""
    if isinstance(event, yaml.MappingStartEvent):
        return "a mapping (key: value pairs)"
    if isinstance(event, yaml.SequenceStartEvent):
        return "a list"
    if isinstance(event, yaml.ScalarEvent):
        if _is_plain(event) and event.value in _NULLS:
            return "nothing (an empty value)"
        return f"the value '{_shorten(event.value)}'"
    return "nothing"


def _shorten(value: str, limit: int = 40) -> str:
    """A value fit to quote in a one-line message: short, with control characters escaped."""
    if len(value) > limit:
        value = value[: limit - 3] + "..."
    return _BAD_CHAR.sub(lambda m: f"\\u{ord(m.group()):04x}", value)


def _suggest(word: str, choices: Sequence[str]) -> str:
    close = difflib.get_close_matches(word.lower(), choices, n=1)
    return f" (did you mean '{close[0]}'?)" if close else ""


def _slug(value: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", value.lower()).strip("-") or "my-entity"


class _Reader:
    """Walks the event stream of one file against the schema, failing at the first problem.

    Each method consumes exactly the events of the node it reads, so the reader never holds
    more than one entry's worth of events and never needs to skip anything.
    """

    def __init__(self, text: str, path: str) -> None:
        self._raw = text
        self._path = path
        self._events: Iterator[yaml.Event] = yaml.parse(text, Loader=_LOADER)

    def _error(self, line: int | None, problem: str) -> AliasFileError:
        return AliasFileError(self._path, line, problem)

    def _next(self) -> yaml.Event:
        """The next event, refusing anchors, aliases and tags the moment they appear."""
        try:
            event = next(self._events)
        except StopIteration:  # pragma: no cover - the parser always ends with StreamEnd
            raise self._error(None, "unexpected end of file") from None
        except yaml.YAMLError as exc:
            raise self._syntax_error(exc) from None
        if isinstance(event, yaml.AliasEvent):
            raise self._error(
                _line(event),
                f"anchors and aliases are not allowed in alias files (found '*{event.anchor}'); "
                "write the value out in full",
            )
        if isinstance(event, yaml.NodeEvent) and event.anchor is not None:
            raise self._error(
                _line(event),
                f"anchors and aliases are not allowed in alias files (found '&{event.anchor}'); "
                "remove it and write values out in full",
            )
        tag = getattr(event, "tag", None)
        if tag is not None:
            shown = "!!" + tag[len(_YAML_TAG_PREFIX) :] if tag.startswith(_YAML_TAG_PREFIX) else tag
            raise self._error(
                _line(event),
                f"tags are not allowed in alias files (found '{shown}'); remove it, "
                "every value is read as plain text",
            )
        return event

    def _syntax_error(self, exc: yaml.YAMLError) -> AliasFileError:
        if isinstance(exc, yaml.reader.ReaderError):
            found = _NON_PRINTABLE.search(self._raw)
            if found is not None:
                line = self._raw.count("\n", 0, found.start()) + 1
                return self._error(
                    line,
                    f"the character U+{ord(found.group()):04X} is not allowed in YAML; remove it",
                )
            return self._error(None, f"YAML cannot read this file: {exc.reason}")
        if isinstance(exc, yaml.MarkedYAMLError):
            mark = exc.problem_mark or exc.context_mark
            what = exc.problem or "invalid YAML"
            if exc.context:
                what = f"{what} {exc.context}"
            if "end of stream" in what and exc.context_mark is not None:
                # An unclosed quote or bracket: where it opens is where the user must look.
                mark = exc.context_mark
                what = f"{what} that starts on this line and is never closed"
            return self._error(
                None if mark is None else int(mark.line) + 1,
                f"YAML syntax error: {what}; check the indentation, the '-' and ':' and the "
                "quotes on this line and the one before",
            )
        return self._error(None, f"YAML syntax error: {exc}")  # pragma: no cover

    # -- document structure -------------------------------------------------------------

    def read(self) -> list[TableEntry]:
        """The file's entries; a YAML syntax error anywhere wins over a schema error, since
        a broken structure (a wrong indent, say) is usually what caused the schema error."""
        try:
            return self._read_stream()
        except AliasFileError:
            self._raise_later_syntax_error()
            raise

    def _raise_later_syntax_error(self) -> None:
        """Parse the rest of the file (events only, nothing kept) for a syntax error."""
        try:
            for _ in self._events:
                pass
        except yaml.YAMLError as exc:
            raise self._syntax_error(exc) from None

    def _read_stream(self) -> list[TableEntry]:
        self._next()  # StreamStartEvent
        start = self._next()
        if isinstance(start, yaml.StreamEndEvent):
            raise self._empty()
        top = self._next()
        if isinstance(top, yaml.ScalarEvent) and _is_plain(top) and top.value == "":
            raise self._empty()
        if not isinstance(top, yaml.MappingStartEvent):
            raise self._error(
                _line(top),
                "the top level must be a mapping with the key 'entities', "
                f"found {_describe(top)}",
            )
        entries = self._read_top(top)
        self._next()  # DocumentEndEvent
        after = self._next()
        if isinstance(after, yaml.DocumentStartEvent):
            raise self._error(
                _line(after),
                "only one YAML document is allowed per alias file; remove this '---' "
                "and what follows, or move it to its own file",
            )
        return entries

    def _empty(self) -> AliasFileError:
        return self._error(None, "the file is empty; it must start with 'entities:'")

    def _fields(
        self, start: yaml.MappingStartEvent, allowed: Sequence[str], where: str
    ) -> Iterator[tuple[str, yaml.Event]]:
        """Yield (key, value event) pairs; the caller must consume each value's events."""
        seen: dict[str, int] = {}
        while True:
            key = self._next()
            if isinstance(key, yaml.MappingEndEvent):
                return
            if not isinstance(key, yaml.ScalarEvent):
                raise self._error(
                    _line(key), f"field names must be plain words, found {_describe(key)}"
                )
            name = key.value
            if name not in allowed:
                raise self._error(
                    _line(key),
                    f"unknown field '{_shorten(name)}'{_suggest(name, allowed)} {where}; "
                    f"allowed fields: {', '.join(allowed)}",
                )
            if name in seen:
                raise self._error(
                    _line(key),
                    f"duplicate field '{name}' (first given on line {seen[name]}); "
                    "keep only one",
                )
            seen[name] = _line(key)
            yield name, self._next()

    def _read_top(self, start: yaml.MappingStartEvent) -> list[TableEntry]:
        entries: list[TableEntry] | None = None
        for key, value in self._fields(start, _TOP_FIELDS, "at the top level"):
            if key == "version":
                version = self._text(value, "'version'")
                if version != "1":
                    raise self._error(
                        _line(value),
                        f"unsupported version '{version}'; this version of entnorm reads "
                        "'version: 1' files",
                    )
            else:
                entries = self._read_entities(value)
        if entries is None:
            raise self._error(
                _line(start), "missing the key 'entities' (the list of entries) at the top level"
            )
        return entries

    def _read_entities(self, start: yaml.Event) -> list[TableEntry]:
        if not isinstance(start, yaml.SequenceStartEvent):
            raise self._error(
                _line(start),
                "'entities' must be a list of entries, each starting with '- id: ...', "
                f"found {_describe(start)}",
            )
        entries: list[TableEntry] = []
        first_line: dict[str, int] = {}
        while True:
            event = self._next()
            if isinstance(event, yaml.SequenceEndEvent):
                return entries
            if not isinstance(event, yaml.MappingStartEvent):
                raise self._error(
                    _line(event),
                    "each entry under 'entities' must be a mapping with 'id', 'name' and "
                    f"'type', found {_describe(event)}",
                )
            entry, id_line = self._read_entry(event)
            if entry.id in first_line:
                raise self._error(
                    id_line,
                    f"duplicate id '{entry.id}' (first defined on line {first_line[entry.id]}); "
                    "ids must be unique within a file: merge the two entries",
                )
            first_line[entry.id] = id_line
            entries.append(entry)

    # -- one entry --------------------------------------------------------------------------

    def _read_entry(self, start: yaml.MappingStartEvent) -> tuple[TableEntry, int]:
        entry_id: str | None = None
        id_line = _line(start)
        name: str | None = None
        type_: str | None = None
        aliases: list[str] = []
        weak: list[str] = []
        roles: list[Role] = []
        roles_line = 0
        given: set[str] = set()
        for key, value in self._fields(start, _ENTRY_FIELDS, "in an entry"):
            given.add(key)
            if key == "id":
                entry_id, id_line = self._read_id(value), _line(value)
            elif key == "name":
                name = self._text(value, "name")
            elif key == "type":
                type_ = self._read_type(value)
            elif key == "aliases":
                aliases = self._strings(value, "aliases", "alias")
            elif key == "roles":
                roles, roles_line = self._read_roles(value), _line(value)
            else:
                weak = self._strings(value, "weak_aliases", "weak alias")
        line = _line(start)
        if entry_id is None:
            raise self._error(line, "this entry has no 'id'; add one, e.g. 'id: mike-pompeo'")
        if roles and type_ != "PERSON":
            raise self._error(
                roles_line,
                f"entry '{entry_id}' has roles but "
                + (f"type {type_}" if type_ else "no type")
                + "; only PERSON entities hold roles (define the person here with name and type)",
            )
        if name is not None and type_ is not None:
            strong, weak_t = _dedupe(name, aliases, weak)
            entity = Entity(
                id=entry_id,
                name=name,
                type=cast(EntityType, type_),
                aliases=strong,
                weak_aliases=weak_t,
                roles=tuple(roles),
                source=f"{self._path}:{line}",
            )
            return entity, id_line
        if name is not None or type_ is not None:
            has, lacks = ("name", "type") if name is not None else ("type", "name")
            raise self._error(
                line,
                f"entry '{entry_id}' has a '{has}' but no '{lacks}'; give both to define the "
                "entity, or neither to add aliases to an entity defined in an earlier file",
            )
        if not aliases and not weak:
            raise self._error(
                line,
                f"entry '{entry_id}' has no 'name' and 'type' and no aliases; "
                "give 'name' and 'type' to define it",
            )
        strong, weak_t = _dedupe("", aliases, weak)
        return Extension(entry_id, strong, weak_t, self._path, line), id_line

    def _read_roles(self, event: yaml.Event) -> list[Role]:
        if not isinstance(event, yaml.SequenceStartEvent):
            raise self._error(
                _line(event),
                f"'roles' must be a list, found {_describe(event)}; write each role on its own "
                "line as '- {title: Secretary of State, of: united-states, from: 2018-04-26, to: 2021-01-20}'",
            )
        roles: list[Role] = []
        while True:
            element = self._next()
            if isinstance(element, yaml.SequenceEndEvent):
                return roles
            if not isinstance(element, yaml.MappingStartEvent):
                raise self._error(
                    _line(element),
                    f"each role must be a mapping with 'title' (and 'of', 'from', 'to'), found {_describe(element)}",
                )
            line = _line(element)
            fields: dict[str, str] = {}
            for key, value in self._fields(element, _ROLE_FIELDS, "in a role"):
                fields[key] = self._read_id(value) if key == "of" else self._text(value, f"role '{key}'")
            if "title" not in fields:
                raise self._error(line, "this role has no 'title'; add one, e.g. 'title: Foreign Minister'")
            start = self._date(fields.get("from"), line, last=False)
            end = self._date(fields.get("to"), line, last=True)
            if start is not None and end is not None and end < start:
                raise self._error(line, f"role '{fields['title']}' ends ({end}) before it starts ({start})")
            role = {"title": fields["title"], "of": fields.get("of"), "from": start, "to": end}
            roles.append(Role.model_validate(role))

    def _date(self, value: str | None, line: int, *, last: bool) -> dt.date | None:
        if value is None:
            return None
        day = _parse_date(value, last=last)
        if day is None:
            raise self._error(line, f"invalid date '{_shorten(value)}' in a role: write YYYY-MM-DD, YYYY-MM or YYYY")
        return day

    def _read_id(self, event: yaml.Event) -> str:
        value = self._text(event, "id")
        if _ID_RE.fullmatch(value) is None:
            raise self._error(
                _line(event),
                f"invalid id '{_shorten(value)}': use lower-case letters, digits and hyphens "
                f"(e.g. '{_slug(value)}') or a Wikidata QID such as 'Q22686'",
            )
        return value

    def _read_type(self, event: yaml.Event) -> str:
        value = self._text(event, "type")
        if value not in ENTITY_TYPES:
            hint = f" (did you mean '{value.upper()}'?)" if value.upper() in ENTITY_TYPES else ""
            raise self._error(
                _line(event),
                f"unknown type '{_shorten(value)}'{hint}; allowed types: {', '.join(ENTITY_TYPES)}",
            )
        return value

    def _text(self, event: yaml.Event, what: str) -> str:
        """A one-line string. Plain scalars keep their source text, so ``1999`` or ``No``
        stay strings instead of YAML 1.1's number or boolean."""
        if not isinstance(event, yaml.ScalarEvent):
            raise self._error(_line(event), f"{what} must be a string, found {_describe(event)}")
        raw = event.value
        if _is_plain(event) and raw in _NULLS:
            if raw:
                raise self._error(
                    _line(event),
                    f"{what} is empty: a bare '{raw}' means nothing in YAML; write it in "
                    f"quotes ('{raw}') if you mean the word",
                )
            raise self._error(_line(event), f"{what} is empty; write a value or remove the line")
        value = raw.strip()
        if not value:
            raise self._error(_line(event), f"{what} is empty (only spaces); write a value")
        bad = _BAD_CHAR.search(value)
        if bad is not None:
            raise self._error(
                _line(event),
                f"{what} '{_shorten(value)}' contains a line break or control character "
                f"(U+{ord(bad.group()):04X}); write it on one line",
            )
        return value

    def _strings(self, event: yaml.Event, field: str, item: str) -> list[str]:
        if isinstance(event, yaml.ScalarEvent):
            if _is_plain(event) and event.value in _NULLS:
                raise self._error(
                    _line(event),
                    f"'{field}' is empty; write '{field}: []' or remove the line",
                )
            raise self._error(
                _line(event),
                f"'{field}' must be a list, found the string '{_shorten(event.value)}'; "
                f"write each {item} on its own line starting with '- '",
            )
        if not isinstance(event, yaml.SequenceStartEvent):
            raise self._error(
                _line(event), f"'{field}' must be a list, found {_describe(event)}"
            )
        values: list[str] = []
        while True:
            element = self._next()
            if isinstance(element, yaml.SequenceEndEvent):
                return values
            if not isinstance(element, yaml.ScalarEvent):
                raise self._error(
                    _line(element),
                    f"each {item} must be a string, found {_describe(element)}; "
                    f"write one {item} per '- ' line",
                )
            values.append(self._text(element, item))
