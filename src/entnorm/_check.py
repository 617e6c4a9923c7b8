"""Lint alias files for ``entnorm check``: errors that stop a load, and warnings about aliases
that load fine but are likely to link the wrong text.

Errors come from the reader itself (:mod:`entnorm._table`), so ``check`` and ``load`` can
never disagree about what is valid. Warnings are heuristics about recall and precision;
they never stop a table from loading.
"""

from __future__ import annotations

import os
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from ._errors import AliasFileError
from ._models import Entity
from ._table import Extension, TableEntry, merge_tables, read_alias_file

__all__ = ["COMMON_WORDS", "Finding", "check_files"]

Level = Literal["error", "warning"]

# Very common English words: as a strong alias each would link ordinary prose ("may", "rose",
# "bush"). A stop-gap until a frequency list replaces it; lower case, one word each.
COMMON_WORDS: frozenset[str] = frozenset(
    """
    a about above across act after again against age ago air all also always am among an
    and any april area arm art as at august autumn away back bad bank bar base be bear
    because bed been before behind being bell best better between big bill bird black
    block blue board body bond book born both box boy bridge bright brown build bush
    business but by call can cape capital car card care case cash cause center central
    chance change chase church city clay clear close coast cold come common cook corn
    could country court cross crown day dean dear deep door down dream drew each early
    east easy end energy even ever every face fair faith fall far field fine fire first
    fish fisher flower for ford forest fox free friday from frost front game gate general
    gold golden good grace grant great green grey group had hall hand hard has have he
    head heart help her here high hill him his hit home hope house how hunt i if in iron
    is island it its jack joy july june just justice key kind king knight lake land
    lane last late law lead left less liberty life light like line little live long
    lord love low luck made main major march mark market mason may me media might miles
    mill miller mine moon more morning most mother much must my nation navy near new news
    next nice night no north not now number of off oil old on one only open or order
    other our out over page park party pass peace people person piper place plain
    play point poor post power price pride prime rain range ray read real red reed rich
    right ring rise river road rock rose round royal rule run saturday say sea see shell
    short should side sky small smith snow so some south spring stone storm street strong
    sun sunday summer sweet take than that the their them then there these they thing
    this time to today top town trade true truth under union unity up us vale
    very victory wall war ward was water way we wells west what when where which white
    who whole why will win winter with wolf wood word work world would year yes yet you
    young
    """.split()
)


@dataclass(frozen=True)
class Finding:
    """One problem in one file; ``line`` is 1-based, ``None`` when the file has no line."""

    path: str
    line: int | None
    level: Level
    code: str
    message: str

    def __str__(self) -> str:
        where = self.path if self.line is None else f"{self.path}:{self.line}"
        return f"{where}: {self.level}: {self.message} [{self.code}]"


def check_files(paths: Sequence[str | os.PathLike[str]]) -> list[Finding]:
    """Check the files as ``load_tables(paths)`` would read them, in that order.

    One error per unusable file (reading stops at the first problem; that file's entries
    are then left out of the cross-file checks), then warnings, sorted by the position of
    the file in ``paths`` and by line.
    """
    if isinstance(paths, (str, bytes, os.PathLike)):
        raise TypeError("check_files() takes a list of paths, not a single path")
    rank: dict[str, int] = {}
    findings: list[Finding] = []
    merged: list[Entity] = []
    for path in paths:
        name = os.fspath(path)
        rank.setdefault(name, len(rank))
        try:
            entries = read_alias_file(path)
        except AliasFileError as exc:
            findings.append(Finding(exc.path, exc.line, "error", "invalid-file", exc.problem))
            continue
        try:
            merged = merge_tables([merged, entries])
        except AliasFileError as exc:
            findings.append(Finding(exc.path, exc.line, "error", "unknown-id", exc.problem))
            continue
        for entry in entries:
            findings.extend(_entry_warnings(entry))
    findings.extend(_table_warnings(merged))

    def order(finding: Finding) -> tuple[int, int, str, str]:
        line = -1 if finding.line is None else finding.line
        return (rank.get(finding.path, len(rank)), line, finding.code, finding.message)

    return sorted(findings, key=order)


def _lint_key(text: str) -> str:
    """The comparison key for the lint: case-folded, accents stripped, no spaces, hyphens
    or dots ("Al-Sisi", "al sisi" and "ALSISI" collide)."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    kept = (
        c
        for c in decomposed
        if not unicodedata.combining(c)
        and not c.isspace()
        and c != "."
        and unicodedata.category(c) != "Pd"
    )
    return unicodedata.normalize("NFC", "".join(kept))


def _word(text: str) -> str:
    """Case-folded, accents stripped, spaces kept: for looking a whole alias up as a word."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _is_acronym(alias: str) -> bool:
    return len(alias) >= 2 and alias.isupper()


def _is_latin(alias: str) -> bool:
    letters = [c for c in alias if c.isalpha()]
    return bool(letters) and all(unicodedata.name(c, "").startswith("LATIN") for c in letters)


def _location(entry: TableEntry) -> tuple[str, int | None]:
    if isinstance(entry, Extension):
        return entry.path, entry.line
    path, _, line = (entry.source or "").rpartition(":")
    return (path, int(line)) if line.isdigit() else (entry.source or "<unknown>", None)


def _entry_warnings(entry: TableEntry) -> list[Finding]:
    """Warnings about single aliases. Weak aliases are exempt: they are the remedy."""
    path, line = _location(entry)
    found: list[Finding] = []
    for alias in entry.aliases:
        if len(_lint_key(alias)) <= 2 and _is_latin(alias) and not alias.isupper():
            found.append(
                Finding(
                    path,
                    line,
                    "warning",
                    "short-alias",
                    f"alias '{alias}' of '{entry.id}' is at most 2 letters and will match "
                    "ordinary text; move it to weak_aliases, or write it as an upper-case "
                    "acronym",
                )
            )
        elif _word(alias) in COMMON_WORDS and not _is_acronym(alias):
            found.append(
                Finding(
                    path,
                    line,
                    "warning",
                    "common-word",
                    f"alias '{alias}' of '{entry.id}' is a common English word and would link "
                    "it in ordinary text; move it to weak_aliases so it links only when the "
                    "article names the entity more fully",
                )
            )
    return found


def _table_warnings(entities: Sequence[Entity]) -> list[Finding]:
    """Warnings across entities of the merged table: ambiguous strong names."""
    found: list[Finding] = []
    by_name: dict[str, list[Entity]] = {}
    by_alias: dict[str, list[Entity]] = {}
    for entity in entities:
        by_name.setdefault(_lint_key(entity.name), []).append(entity)
        for key in dict.fromkeys(_lint_key(alias) for alias in entity.aliases):
            by_alias.setdefault(key, []).append(entity)

    def at(entity: Entity, code: str, message: str) -> Finding:
        path, line = _location(entity)
        return Finding(path, line, "warning", code, message)

    for group in by_name.values():
        if len(group) > 1:
            found.append(
                at(
                    group[1],
                    "shared-name",
                    f"entities {_ids(group)} have the same name '{group[0].name}'; "
                    "if they are the same entity, merge them",
                )
            )
    for key, group in by_alias.items():
        if len(group) > 1:
            alias = next(a for a in group[0].aliases if _lint_key(a) == key)
            found.append(
                at(
                    group[1],
                    "shared-alias",
                    f"alias '{alias}' is a strong alias of {_ids(group)}; if that is meant "
                    "(two people share the name), make it a weak alias so the article decides",
                )
            )
    for entity in entities:
        for alias in entity.aliases:
            others = [e for e in by_name.get(_lint_key(alias), ()) if e.id != entity.id]
            if others:
                found.append(
                    at(
                        entity,
                        "alias-is-name",
                        f"alias '{alias}' of '{entity.id}' is the name of {_ids(others)}; "
                        "drop it or make it a weak alias",
                    )
                )
    return found


def _ids(entities: Sequence[Entity]) -> str:
    return ", ".join(f"'{e.id}'" for e in entities)
