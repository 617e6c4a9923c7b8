#!/usr/bin/env python3
"""Merge data/sources/*.yaml into the bundled table data/aliases.yaml.

    python scripts/build_aliases.py           # write data/aliases.yaml
    python scripts/build_aliases.py --check   # exit 1 if data/aliases.yaml is out of date

Source files are read in filename order; entities keep the order in which their id first
appears.  The same id in two files is one entity: its aliases and weak_aliases are unioned
in order, provided name and type agree (otherwise: error naming both files, exit 1).  An
entry with only ``id`` and aliases extends an entity of an earlier file.  An id given twice
in one file is an error.  Output is deterministic (same sources, same bytes).
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
SOURCES = ROOT / "data" / "sources"
OUT = ROOT / "data" / "aliases.yaml"

ENTITY_TYPES = ("PERSON", "ORG", "GPE", "LOC", "NORP", "FAC", "EVENT")
FIELDS = ("id", "name", "type", "aliases", "weak_aliases", "roles")
ROLE_FIELDS = ("title", "of", "from", "to")
ID_RE = re.compile(r"[a-z0-9][a-z0-9-]*|Q[1-9][0-9]*")

HEADER = """\
# GENERATED FILE -- do not edit by hand.
# Built by scripts/build_aliases.py from data/sources/*.yaml (merged in filename order).
# To change the table, edit a file in data/sources/ and rebuild:
#   python scripts/build_countries.py   # only when the countries/capitals script changed
#   python scripts/build_aliases.py
# CI runs `python scripts/build_aliases.py --check` to make sure this file is up to date.
"""


class BuildError(Exception):
    pass


def _strings(value, where: str, field: str) -> list[str]:
    if value is None:
        return []
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise BuildError(f"{where}: {field} must be a list of non-empty strings")
    return [v.strip() for v in value]


def read_source(path: Path) -> list[dict]:
    rel = path.relative_to(ROOT).as_posix()
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise BuildError(f"{rel}: not valid YAML: {exc}") from exc
    if data is None:
        return []
    if not isinstance(data, dict) or not isinstance(data.get("entities", []), list):
        raise BuildError(f"{rel}: expected a mapping with an 'entities' list")
    entries = []
    seen: set[str] = set()
    for n, raw in enumerate(data.get("entities") or [], 1):
        where = f"{rel} entry {n}"
        if not isinstance(raw, dict):
            raise BuildError(f"{where}: an entry must be a mapping")
        unknown = set(raw) - set(FIELDS)
        if unknown:
            raise BuildError(f"{where}: unknown field(s) {sorted(unknown)}")
        eid = raw.get("id")
        if not isinstance(eid, str) or not ID_RE.fullmatch(eid):
            raise BuildError(f"{where}: bad or missing id {eid!r}")
        where = f"{rel} ({eid})"
        if eid in seen:
            raise BuildError(f"{where}: id appears twice in the same file")
        seen.add(eid)
        name, etype = raw.get("name"), raw.get("type")
        if (name is None) != (etype is None):
            raise BuildError(f"{where}: give both name and type, or neither (extension)")
        if name is not None:
            if not isinstance(name, str) or not name.strip():
                raise BuildError(f"{where}: name must be a non-empty string")
            if etype not in ENTITY_TYPES:
                raise BuildError(f"{where}: type {etype!r} is not one of {', '.join(ENTITY_TYPES)}")
        entries.append(
            {
                "id": eid,
                "name": name.strip() if isinstance(name, str) else None,
                "type": etype,
                "aliases": _strings(raw.get("aliases"), where, "aliases"),
                "weak_aliases": _strings(raw.get("weak_aliases"), where, "weak_aliases"),
                "roles": _roles(raw.get("roles"), where),
                "file": rel,
            }
        )
    return entries


def _roles(value, where: str) -> list[dict]:
    """Roles as written, dates as ISO text (YAML reads 2018-04-26 as a date, 2017 as a number);
    entnorm's own reader validates them when the built table is loaded."""
    if value is None:
        return []
    if not isinstance(value, list) or not all(isinstance(r, dict) for r in value):
        raise BuildError(f"{where}: roles must be a list of mappings")
    out = []
    for role in value:
        unknown = set(role) - set(ROLE_FIELDS)
        if unknown or "title" not in role:
            raise BuildError(f"{where}: a role needs a title and only {', '.join(ROLE_FIELDS)} (got {sorted(role)})")
        out.append({k: (v.isoformat() if hasattr(v, "isoformat") else str(v)) for k, v in role.items()})
    return out


def _union(into: list[str], more: list[str]) -> None:
    for item in more:
        if item not in into:
            into.append(item)


def merge(files: list[Path]) -> list[dict]:
    merged: dict[str, dict] = {}
    for path in files:
        for entry in read_source(path):
            eid = entry["id"]
            have = merged.get(eid)
            if have is None:
                if entry["name"] is None:
                    raise BuildError(
                        f"{entry['file']} ({eid}): extension of an id no earlier file defines"
                    )
                merged[eid] = {
                    "id": eid,
                    "name": entry["name"],
                    "type": entry["type"],
                    "aliases": list(entry["aliases"]),
                    "weak_aliases": list(entry["weak_aliases"]),
                    "roles": list(entry["roles"]),
                    "files": [entry["file"]],
                }
                continue
            if entry["name"] is not None and (entry["name"], entry["type"]) != (have["name"], have["type"]):
                raise BuildError(
                    f"id {eid!r} conflicts: {have['files'][0]} has name={have['name']!r} "
                    f"type={have['type']}, {entry['file']} has name={entry['name']!r} "
                    f"type={entry['type']}"
                )
            _union(have["aliases"], entry["aliases"])
            _union(have["weak_aliases"], entry["weak_aliases"])
            have["roles"].extend(r for r in entry["roles"] if r not in have["roles"])
            have["files"].append(entry["file"])
    out = []
    for ent in merged.values():
        strong = [a for a in ent["aliases"] if a != ent["name"]]
        weak = [a for a in ent["weak_aliases"] if a != ent["name"] and a not in strong]
        item = {"id": ent["id"], "name": ent["name"], "type": ent["type"], "aliases": strong}
        if weak:
            item["weak_aliases"] = weak
        if ent["roles"]:
            item["roles"] = ent["roles"]
        out.append(item)
    return out


def render(entities: list[dict]) -> str:
    body = yaml.safe_dump(
        {"entities": entities}, allow_unicode=True, sort_keys=False, width=1000
    )
    return HEADER + body


def source_files() -> list[Path]:
    return sorted(SOURCES.glob("*.yaml"), key=lambda p: p.name)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--check", action="store_true", help="exit 1 if data/aliases.yaml is not up to date"
    )
    args = parser.parse_args(argv)
    files = source_files()
    if not files:
        print(f"error: no source files in {SOURCES.relative_to(ROOT)}", file=sys.stderr)
        return 1
    try:
        entities = merge(files)
    except BuildError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    text = render(entities)
    rel = OUT.relative_to(ROOT).as_posix()
    if args.check:
        current = OUT.read_text(encoding="utf-8") if OUT.exists() else None
        if current != text:
            print(
                f"{rel} is out of date with data/sources/: run python scripts/build_aliases.py",
                file=sys.stderr,
            )
            return 1
        print(f"{rel} is up to date ({len(entities)} entities from {len(files)} files)")
        return 0
    OUT.write_text(text, encoding="utf-8")
    print(f"wrote {rel}: {len(entities)} entities from {len(files)} files")
    return 0


if __name__ == "__main__":
    sys.exit(main())
