"""Alias tables from Wikidata: entity JSON, JSON dumps and Query Service results.

``entnorm import-wikidata FILE -o table.yaml`` (or :func:`import_wikidata`) reads what
Wikidata hands out, with no network access:

* the entity export ``Special:EntityData/Q42.json``: ``{"entities": {"Q42": {...}}}``;
* the JSON dump (``latest-all.json``): ``[``, one entity object a line, each but the last
  followed by a comma, ``]``; a file of one entity object a line reads the same way (the
  file is read into memory: a slice of the dump, not the whole of it);
* Query Service results as CSV (or TSV), as SPARQL JSON (``{"head": ..., "results":
  {"bindings": [...]}}``) or as the flat JSON array its download button writes. Columns:
  ``item`` (required: an entity URI or a QID), ``label`` (or ``itemLabel``), ``alias`` (or
  ``itemAltLabel``), ``lang`` (else a literal's own language tag), and optionally ``class``
  (or ``instance``, ``type``): an instance-of class (URI or QID) or an entnorm type.

Ids become QIDs (``Q42``). The label in the first of the chosen ``languages`` that has one
becomes the name; the other labels and the aliases in those languages become aliases,
native scripts kept as written (they are entnorm's native-script keys). A language code also
covers its regional forms: ``zh`` takes ``zh-hans``, ``zh-cn``, ``zh-tw`` and so on.

``type`` comes from the item's instance-of (P31) classes through ``classes`` (class QID →
entity type; the user's mapping is laid over :data:`DEFAULT_CLASSES`), or from
``default_type``. An item with no label in the chosen languages, or whose classes map to no
type and no default is given, is skipped and reported; malformed input raises
:class:`WikidataError` naming the file and the line, row or item.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Union

import yaml

from ._models import ENTITY_TYPES, Entity, EntityType

__all__ = ["DEFAULT_CLASSES", "DEFAULT_LANGUAGES", "ImportResult", "WikidataError", "import_wikidata", "to_yaml"]

PathLike = Union[str, "os.PathLike[str]"]

DEFAULT_LANGUAGES: tuple[str, ...] = ("en", "zh", "ja", "ko", "ru")
"""Languages read by default: English, and the scripts entnorm's machine translation comes from."""

DEFAULT_CLASSES: dict[str, EntityType] = {
    "Q5": "PERSON",  # human
    "Q6256": "GPE",  # country
    "Q3624078": "GPE",  # sovereign state
    "Q7275": "GPE",  # state
    "Q515": "GPE",  # city
    "Q1549591": "GPE",  # big city
    "Q1637706": "GPE",  # city with millions of inhabitants
    "Q5119": "GPE",  # capital city
    "Q43229": "ORG",  # organization
    "Q4830453": "ORG",  # business
    "Q783794": "ORG",  # company
    "Q891723": "ORG",  # public company
    "Q7278": "ORG",  # political party
    "Q484652": "ORG",  # international organization
    "Q245065": "ORG",  # intergovernmental organization
    "Q327333": "ORG",  # government agency
    "Q192283": "ORG",  # news agency
    "Q3918": "ORG",  # university
    "Q163740": "ORG",  # nonprofit organization
}
"""Instance-of classes with a type by default: humans, countries, cities, organisations."""

_QID = re.compile(r"Q[1-9][0-9]*")
_ENTITY_URI = re.compile(r"^<?(?:https?://www\.wikidata\.org/(?:entity|wiki)/)?(Q[1-9][0-9]*)>?$")
_LANG_LITERAL = re.compile(r'^"(.*)"@([A-Za-z][A-Za-z0-9-]*)$', re.DOTALL)  # TSV: "Douglas Adams"@en
_COLUMNS = {
    "item": ("item",),
    "label": ("label", "itemlabel", "name"),
    "alias": ("alias", "itemaltlabel", "altlabel"),
    "lang": ("lang", "language"),
    "class": ("class", "instance", "instanceof", "type", "p31"),
}


class WikidataError(ValueError):
    """Input that cannot be read as Wikidata: ``path``, ``where`` (line, row or item) and ``problem``."""

    def __init__(self, path: str, where: str | None, problem: str) -> None:
        self.path = str(path)
        self.where = where
        self.problem = problem
        super().__init__(f"{self.path}:{where}: {problem}" if where else f"{self.path}: {problem}")

    def __reduce__(self) -> tuple[type[WikidataError], tuple[str, str | None, str]]:
        return (type(self), (self.path, self.where, self.problem))


@dataclass
class ImportResult:
    """The entities read, in input order, and one sentence per item that was skipped."""

    entities: list[Entity]
    skipped: list[str] = field(default_factory=list)


@dataclass
class _Item:
    """An item gathered from the input, before languages and types are applied."""

    qid: str
    where: str
    labels: list[tuple[str, str]] = field(default_factory=list)  # (language, text)
    aliases: list[tuple[str, str]] = field(default_factory=list)
    classes: list[str] = field(default_factory=list)  # QIDs or entnorm types


def import_wikidata(
    path: PathLike,
    *,
    languages: Sequence[str] = DEFAULT_LANGUAGES,
    classes: Mapping[str, str] | None = None,
    default_type: str | None = None,
) -> ImportResult:
    """Read one Wikidata file (entity JSON, dump, or Query Service CSV/TSV/JSON) into entities."""
    if isinstance(languages, str):
        languages = languages.split(",")
    languages = [x.strip() for x in languages if x.strip()]
    if not languages:
        raise ValueError("give at least one language")
    mapping: dict[str, str] = {**DEFAULT_CLASSES, **(classes or {})}
    for qid, t in mapping.items():
        if not _QID.fullmatch(qid):
            raise ValueError(f"class {qid!r} is not a Wikidata item id (Q…)")
        if t not in ENTITY_TYPES:
            raise ValueError(f"class {qid}: unknown entity type {t!r}; use {', '.join(ENTITY_TYPES)}")
    if default_type is not None and default_type not in ENTITY_TYPES:
        raise ValueError(f"unknown default type {default_type!r}; use {', '.join(ENTITY_TYPES)}")
    name = os.fspath(path)
    try:
        with open(name, "rb") as fh:
            data = fh.read()
    except OSError as exc:
        raise WikidataError(name, None, f"cannot read: {exc.strerror or exc}") from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise WikidataError(name, f"line {line}", "not valid UTF-8") from None
    items = _merge(_read_items(name, text))
    result = ImportResult([])
    for item in items:
        entity = _entity(item, tuple(languages), mapping, default_type, result.skipped)
        if entity is not None:
            result.entities.append(entity)
    return result


def to_yaml(entities: Iterable[Entity], *, source: str | None = None) -> str:
    """The entities as an alias table in entnorm's YAML format (docs/alias-file.md)."""
    rows = []
    for e in entities:
        row: dict[str, Any] = {"id": e.id, "name": e.name, "type": e.type}
        if e.aliases:
            row["aliases"] = list(e.aliases)
        rows.append(row)
    head = f"# Imported from {source} by entnorm import-wikidata.\n" if source else ""
    return head + yaml.safe_dump({"entities": rows}, allow_unicode=True, sort_keys=False, width=1000)


# -- reading ---------------------------------------------------------------------------------


def _read_items(path: str, text: str) -> Iterator[_Item]:
    stripped = text.lstrip()
    if not stripped:
        raise WikidataError(path, None, "the file is empty")
    if stripped[0] not in "[{":
        yield from _table_rows(path, text)
    elif _one_object_a_line(stripped):
        yield from _dump_lines(path, text)  # a dump: errors name their line
    else:
        try:
            doc = json.loads(text)
        except json.JSONDecodeError as exc:
            raise WikidataError(path, f"line {exc.lineno}", f"not valid JSON ({exc.msg})") from None
        yield from _json_document(path, doc)


def _one_object_a_line(stripped: str) -> bool:
    """The dump's layout: ``[`` alone on the first line (or no bracket), then a whole JSON
    object on each line; a pretty-printed document spreads its objects over many lines."""
    lines = [line.strip() for line in stripped.splitlines()[:3] if line.strip()]
    if lines[0] == "[":
        lines = lines[1:]
    if not lines or lines[0] == "]":
        return bool(lines)
    if not lines[0].startswith("{"):
        return False
    if len(lines) == 1 and stripped.startswith("{"):
        return False  # one object: a document of its own, not a dump
    try:
        json.loads(lines[0].removesuffix(","))
    except json.JSONDecodeError:
        return lines[0] != "{"  # a broken dump line: report it with its number
    return True


def _dump_lines(path: str, text: str) -> Iterator[_Item]:
    """The dump: one entity a line, lines ending in commas, inside ``[`` and ``]``."""
    count = 0
    for number, raw in enumerate(text.splitlines(), 1):
        line = raw.strip()
        if line in ("", "[", "]"):
            continue
        line = line.removesuffix(",")
        where = f"line {number}"
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            raise WikidataError(path, where, f"not valid JSON ({exc.msg} at column {exc.colno})") from None
        if not isinstance(obj, dict):
            raise WikidataError(path, where, f"expected an entity object, got {type(obj).__name__}")
        count += 1
        item = _entity_object(path, obj, where) if "item" not in obj else _row(path, _flat_row(obj), where)
        if item is not None:
            yield item
    if not count:
        raise WikidataError(path, None, "no entities in the file")


def _json_document(path: str, doc: Any) -> Iterator[_Item]:
    if isinstance(doc, dict) and isinstance(doc.get("entities"), dict):  # Special:EntityData
        for n, (key, obj) in enumerate(doc["entities"].items(), 1):
            where = f"item {n} ({key})"
            if not isinstance(obj, dict):
                raise WikidataError(path, where, f"expected an entity object, got {type(obj).__name__}")
            item = _entity_object(path, obj, where)
            if item is not None:
                yield item
    elif isinstance(doc, dict) and "results" in doc:  # SPARQL 1.1 JSON results
        bindings = doc["results"].get("bindings") if isinstance(doc["results"], dict) else None
        if not isinstance(bindings, list):
            raise WikidataError(path, None, "'results' has no 'bindings' list: not a Query Service result")
        for n, b in enumerate(bindings, 1):
            where = f"result {n}"
            if not isinstance(b, dict):
                raise WikidataError(path, where, f"expected a binding object, got {type(b).__name__}")
            yield _row(path, _binding_row(path, b, where), where)
    elif isinstance(doc, dict) and "id" in doc:  # one entity object
        item = _entity_object(path, doc, "item 1")
        if item is not None:
            yield item
    elif isinstance(doc, list):  # an array of entities, or the Query Service's flat JSON
        for n, obj in enumerate(doc, 1):
            where = f"item {n}"
            if not isinstance(obj, dict):
                raise WikidataError(path, where, f"expected an object, got {type(obj).__name__}")
            item = _row(path, _flat_row(obj), where) if "item" in obj else _entity_object(path, obj, where)
            if item is not None:
                yield item
    else:
        raise WikidataError(
            path, None, "not a Wikidata export: expected 'entities' (Special:EntityData), a dump, or query results"
        )


def _entity_object(path: str, obj: dict[str, Any], where: str) -> _Item | None:
    """One entity in Wikibase JSON; ``None`` for properties and lexemes (not items)."""
    qid = obj.get("id")
    if not isinstance(qid, str):
        raise WikidataError(path, where, "entity without an 'id'")
    if obj.get("type", "item") != "item" or not qid.startswith("Q"):
        return None
    if not _QID.fullmatch(qid):
        raise WikidataError(path, where, f"id {qid!r} is not a Wikidata item id (Q…)")
    if "missing" in obj:
        raise WikidataError(path, f"{where} {qid}", "Wikidata has no such item ('missing')")
    item = _Item(qid, f"{where} {qid}" if qid not in where else where)
    labels = obj.get("labels", {})
    aliases = obj.get("aliases", {})
    if not isinstance(labels, dict) or not isinstance(aliases, dict):
        raise WikidataError(path, item.where, "'labels' and 'aliases' must be objects keyed by language")
    for lang, value in labels.items():
        item.labels.append((lang, _text(path, item.where, value, f"label {lang!r}")))
    for lang, values in aliases.items():
        if not isinstance(values, list):
            raise WikidataError(path, item.where, f"aliases {lang!r} must be a list")
        for value in values:
            item.aliases.append((lang, _text(path, item.where, value, f"alias {lang!r}")))
    claims = obj.get("claims", obj.get("statements", {}))
    for statement in claims.get("P31", []) if isinstance(claims, dict) else []:
        if not isinstance(statement, dict) or statement.get("rank") == "deprecated":
            continue
        value = ((statement.get("mainsnak") or {}).get("datavalue") or {}).get("value")
        if isinstance(value, dict):
            cls = value.get("id") or (f"Q{value['numeric-id']}" if "numeric-id" in value else None)
            if isinstance(cls, str):
                item.classes.append(cls)
    return item


def _text(path: str, where: str, value: Any, what: str) -> str:
    if isinstance(value, dict) and isinstance(value.get("value"), str):
        return str(value["value"])
    raise WikidataError(path, where, f"{what} must be an object with a string 'value'")


def _flat_row(obj: dict[str, Any]) -> dict[str, tuple[str, str | None]]:
    return {str(k): (str(v), None) for k, v in obj.items() if v is not None}


def _binding_row(path: str, b: dict[str, Any], where: str) -> dict[str, tuple[str, str | None]]:
    out = {}
    for var, term in b.items():
        if not isinstance(term, dict) or not isinstance(term.get("value"), str):
            raise WikidataError(path, where, f"binding {var!r} must be an object with a string 'value'")
        out[var] = (term["value"], term.get("xml:lang"))
    return out


def _table_rows(path: str, text: str) -> Iterator[_Item]:
    """Query Service CSV or TSV: a header row, then one row per (item, label/alias) pair."""
    header = text.split("\n", 1)[0]
    tsv = "\t" in header and "," not in header.replace("\t", "")
    # The Query Service's TSV writes RDF terms ("Paris"@en, <uri>): quotes are not CSV quoting there.
    if tsv:
        reader = csv.reader(io.StringIO(text, newline=""), delimiter="\t", quoting=csv.QUOTE_NONE)
    else:
        reader = csv.reader(io.StringIO(text, newline=""))
    try:
        names = [h.strip().lstrip("?") for h in next(reader)]
    except (StopIteration, csv.Error) as exc:
        raise WikidataError(path, "line 1", f"cannot read the header row ({exc})") from None
    if not any(h.casefold() in _COLUMNS["item"] for h in names):
        raise WikidataError(
            path, "line 1", f"no 'item' column (columns: {', '.join(names)}); expected item, label, alias, lang"
        )
    rows = 0
    while True:
        try:
            values = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            raise WikidataError(path, f"line {reader.line_num}", f"bad CSV ({exc})") from None
        where = f"line {reader.line_num}"
        if not any(v.strip() for v in values):
            continue
        if len(values) != len(names):
            raise WikidataError(path, where, f"{len(values)} fields, but the header has {len(names)}")
        row: dict[str, tuple[str, str | None]] = {}
        for h, v in zip(names, values):
            m = _LANG_LITERAL.match(v) if tsv else None
            row[h] = (m.group(1), m.group(2)) if m else (v, None)
        rows += 1
        yield _row(path, row, where)
    if not rows:
        raise WikidataError(path, None, "no rows under the header")


def _column(row: dict[str, tuple[str, str | None]], role: str) -> tuple[str, str | None] | None:
    for k, v in row.items():
        if k.casefold() in _COLUMNS[role] and v[0].strip():
            return v[0].strip(), v[1]
    return None


def _row(path: str, row: dict[str, tuple[str, str | None]], where: str) -> _Item:
    """One Query Service result row: an item with at most one label, alias and class."""
    item_value = _column(row, "item")
    if item_value is None:
        raise WikidataError(path, where, "no 'item' value")
    m = _ENTITY_URI.match(item_value[0])
    if not m:
        raise WikidataError(path, where, f"item {item_value[0]!r} is not a Wikidata item (a QID or an entity URI)")
    qid = m.group(1)
    item = _Item(qid, f"{where} {qid}")
    lang_value = _column(row, "lang")
    for role, target in (("label", item.labels), ("alias", item.aliases)):
        v = _column(row, role)
        if v is not None:
            lang = lang_value[0] if lang_value else v[1] or ""
            if role == "label" and v[0] == qid:
                continue  # the Query Service's label service writes the QID where there is no label
            target.append((lang, v[0]))
    cls = _column(row, "class")
    if cls is not None:
        cm = _ENTITY_URI.match(cls[0])
        if cm:
            item.classes.append(cm.group(1))
        elif cls[0] in ENTITY_TYPES:
            item.classes.append(cls[0])
        else:
            raise WikidataError(path, where, f"class {cls[0]!r} is neither a Wikidata item nor an entity type")
    return item


def _merge(items: Iterable[_Item]) -> list[_Item]:
    """One item per QID, in order of first appearance (query results have a row per alias)."""
    out: dict[str, _Item] = {}
    for it in items:
        have = out.get(it.qid)
        if have is None:
            out[it.qid] = it
        else:
            have.labels += [x for x in it.labels if x not in have.labels]
            have.aliases += [x for x in it.aliases if x not in have.aliases]
            have.classes += [c for c in it.classes if c not in have.classes]
    return list(out.values())


# -- to entities -----------------------------------------------------------------------------


def _language_rank(lang: str, languages: tuple[str, ...]) -> int | None:
    """Position of ``lang`` among the chosen languages (``*`` takes any); a value with no
    language (a CSV without a ``lang`` column) comes after all of them."""
    if not lang:
        return len(languages)
    lang = lang.casefold()
    for k, want in enumerate(languages):
        w = want.casefold()
        if w == "*" or lang == w or lang.startswith(w + "-"):
            return k
    return None


def _entity(
    item: _Item,
    languages: tuple[str, ...],
    mapping: Mapping[str, str],
    default_type: str | None,
    skipped: list[str],
) -> Entity | None:
    labels = [(r, t) for lang, t in item.labels if (r := _language_rank(lang, languages)) is not None]
    aliases = [t for lang, t in item.aliases if _language_rank(lang, languages) is not None]
    labels.sort(key=lambda rt: rt[0])  # stable: the input order within a language
    if not labels and not aliases:
        skipped.append(f"{item.where}: no label or alias in {', '.join(languages)}")
        return None
    names = [t.strip() for _, t in labels] + [t.strip() for t in aliases]
    names = [n for n in dict.fromkeys(names) if n]
    if not names:
        skipped.append(f"{item.where}: only empty labels")
        return None
    etype = next((mapping.get(c, c if c in ENTITY_TYPES else None) for c in item.classes if _typed(c, mapping)), None)
    etype = etype or default_type
    if etype is None:
        classes = ", ".join(item.classes) or "none"
        skipped.append(
            f"{item.where} ({names[0]}): no type for its instance-of classes ({classes}); "
            "map one with --class QID=TYPE, or give --default-type"
        )
        return None
    return Entity(id=item.qid, name=names[0], type=etype, aliases=tuple(names[1:]))  # type: ignore[arg-type]


def _typed(cls: str, mapping: Mapping[str, str]) -> bool:
    return cls in mapping or cls in ENTITY_TYPES
