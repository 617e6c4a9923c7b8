"""``entnorm lookup``: names given as arguments, or a column of CSV/JSONL rows.

A column's output keeps every input row, in order, whatever matched: CSV gains the top
candidate's ``id, name, type, score, method`` columns (empty when nothing reaches the
threshold), JSONL gains a list of candidates under one key.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import sys
from collections.abc import Iterator
from typing import Any, TextIO

from ._jsonl import JsonlError, read_records
from ._models import Candidate
from ._normalizer import Normalizer

__all__ = ["lookup_column", "lookup_names"]

_ADDED = ("id", "name", "type", "score", "method")


def _kept(cands: list[Candidate], threshold: float) -> list[Candidate]:
    return [c for c in cands if c.score >= threshold]


def lookup_names(nz: Normalizer, args: argparse.Namespace, out: TextIO) -> None:
    """Each NAME argument with its candidates, as text, JSON or JSON lines."""
    fmt = args.format or "text"
    results = []
    for name in args.names:
        cands = _kept(nz.lookup(name, limit=args.limit, types=args.types, context=args.context), args.threshold)
        if fmt == "text":
            out.write(f"{name}\n")
            out.writelines(
                f"  {c.score:.2f}  {c.entity_id:<28} {c.name} ({c.type})  {c.method}  alias={c.alias!r}\n"
                for c in cands
            )
            if not cands:
                out.write("  (no candidates)\n")
            continue
        item = {"name": name, "candidates": [c.model_dump() for c in cands]}
        if fmt == "jsonl":
            out.write(json.dumps(item, ensure_ascii=False) + "\n")
        else:
            results.append(item)
    if fmt == "json":
        json.dump(results, out, ensure_ascii=False, indent=2)
        out.write("\n")


def lookup_column(nz: Normalizer, args: argparse.Namespace, out: TextIO) -> None:
    """Every row of every input, with the candidates of its ``--column`` value added."""
    for path in args.names or ["-"]:
        text = _read(path, args.encoding)
        fmt = _format(path, text, args.input_format)
        if fmt == "jsonl":
            _jsonl(nz, args, path, text, out)
        else:
            _csv(nz, args, path, text, out, "\t" if fmt == "tsv" else ",")


def _read(path: str, encoding: str) -> str:
    if path == "-":
        data = sys.stdin.buffer.read()
    else:
        with open(path, "rb") as fh:
            data = fh.read()
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise ValueError(f"{path}:{line}: not valid {encoding}; pass --encoding") from None
    return text.removeprefix("\ufeff")  # a spreadsheet's byte-order mark is not part of the header


def _format(path: str, text: str, given: str) -> str:
    if given != "auto":
        return given
    lower = path.lower()
    for ext, fmt in ((".csv", "csv"), (".tsv", "tsv"), (".jsonl", "jsonl"), (".ndjson", "jsonl"), (".json", "jsonl")):
        if lower.endswith(ext):
            return fmt
    return "jsonl" if text.lstrip().startswith("{") else "csv"


def _candidates(
    nz: Normalizer, args: argparse.Namespace, names: list[str], contexts: list[str | None]
) -> Iterator[list[Candidate]]:
    if args.context_field:
        for name, ctx in zip(names, contexts):
            yield _kept(nz.lookup(name, limit=args.limit, types=args.types, context=ctx), args.threshold)
        return
    for cands in nz.lookup_many(names, limit=args.limit, types=args.types, n_process=args.jobs):
        yield _kept(cands, args.threshold)


def _jsonl(nz: Normalizer, args: argparse.Namespace, path: str, text: str, out: TextIO) -> None:
    source = "<stdin>" if path == "-" else path
    records = list(read_records(text.splitlines(), text_field=args.column, source=source))
    contexts: list[str | None] = []
    for number, record, _ in records:
        ctx = record.get(args.context_field) if args.context_field else None
        if ctx is not None and not isinstance(ctx, str):
            raise JsonlError(f"{source}:{number}: field {args.context_field!r} is {type(ctx).__name__}, not a string")
        contexts.append(ctx)
    names = [name for _, _, name in records]
    for (_, record, _), cands in zip(records, _candidates(nz, args, names, contexts)):
        item: dict[str, Any] = {**record, args.candidates_field: [c.model_dump() for c in cands]}
        out.write(json.dumps(item, ensure_ascii=False) + "\n")


def _csv(nz: Normalizer, args: argparse.Namespace, path: str, text: str, out: TextIO, delimiter: str) -> None:
    source = "<stdin>" if path == "-" else path
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        header = next(reader)
    except StopIteration:
        raise ValueError(f"{source}: empty: no header row") from None
    if args.column not in header:
        raise ValueError(f"{source}:1: no column {args.column!r} (columns: {', '.join(header)})")
    col = header.index(args.column)
    ctx_col = None
    if args.context_field:
        if args.context_field not in header:
            raise ValueError(f"{source}:1: no column {args.context_field!r} (columns: {', '.join(header)})")
        ctx_col = header.index(args.context_field)
    rows: list[list[str]] = []
    for row in reader:
        if not row:
            continue
        if len(row) != len(header):
            raise ValueError(f"{source}:{reader.line_num}: {len(row)} fields, but the header has {len(header)}")
        rows.append(row)
    names = [r[col] for r in rows]
    contexts: list[str | None] = [r[ctx_col] if ctx_col is not None else None for r in rows]
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\n")
    writer.writerow([*header, *(args.prefix + a for a in _ADDED)])
    for row, cands in zip(rows, _candidates(nz, args, names, contexts)):
        top = cands[0] if cands else None
        added = [top.entity_id, top.name, top.type, f"{top.score:.4f}", top.method] if top else [""] * len(_ADDED)
        writer.writerow([*row, *added])
