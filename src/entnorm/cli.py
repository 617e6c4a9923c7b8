"""Command line: ``entnorm find`` over files or stdin, ``entnorm check`` over alias files.

Exit codes: 0 ok, 1 findings or errors (bad alias file, unreadable input), 2 usage.
Output goes to stdout; messages go to stderr and never mix with the data.
"""

from __future__ import annotations

import argparse
import json
import os

import sys
from collections.abc import Sequence
from typing import TextIO

from ._errors import AliasFileError
from ._models import Mention
from ._normalizer import DEFAULT, Normalizer, load

__all__ = ["main"]

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE = 0, 1, 2


class _Failure(Exception):
    """A user-facing error: printed as one line, exit code 1."""


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="entnorm", description="Find garbled named-entity mentions in news text, with exact spans."
    )
    p.add_argument("--version", action="version", version=_version())
    sub = p.add_subparsers(dest="command", metavar="COMMAND")
    sub.required = True

    f = sub.add_parser("find", help="find mentions in text files (or stdin)")
    f.add_argument("files", nargs="*", metavar="FILE", help="text files; '-' or none reads stdin")
    f.add_argument(
        "--aliases", action="append", metavar="FILE", help="alias table(s) to use instead of the bundled one (repeatable)"
    )
    f.add_argument(
        "--add-aliases", action="append", metavar="FILE", help="alias table(s) merged over the bundled one (repeatable)"
    )
    f.add_argument("--format", choices=("text", "json", "jsonl"), default="text", help="output format (default: text)")
    f.add_argument("--encoding", default="utf-8", help="encoding of the input files (default: utf-8)")
    f.add_argument(
        "--errors",
        choices=("strict", "replace", "surrogateescape"),
        default="strict",
        help="what to do with bytes that do not decode (default: strict, i.e. stop with an error)",
    )

    c = sub.add_parser("check", help="validate alias files and warn about risky aliases")
    c.add_argument("files", nargs="+", metavar="FILE")
    c.add_argument("--strict", action="store_true", help="exit 1 on warnings too")
    return p


def _version() -> str:
    from . import __version__

    return f"entnorm {__version__}"


def _tables(args: argparse.Namespace) -> list[str | os.PathLike[str]]:
    tables: list[str | os.PathLike[str]] = list(args.aliases or [DEFAULT])
    tables += list(args.add_aliases or [])
    return tables


def _read(path: str, encoding: str, errors: str) -> str:
    try:
        if path == "-":
            data = sys.stdin.buffer.read()
        else:
            with open(path, "rb") as fh:
                data = fh.read()
    except OSError as exc:
        raise _Failure(f"{path}: cannot read: {exc.strerror or exc}") from None
    try:
        return data.decode(encoding, errors)
    except LookupError:
        raise _Failure(f"unknown encoding {encoding!r}") from None
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise _Failure(
            f"{path}:{line}: not valid {encoding} (byte {exc.start}); pass --encoding, or --errors replace"
        ) from None


def _mention_dict(m: Mention) -> dict[str, object]:
    return m.model_dump()


def _emit_text(out: TextIO, source: str, text: str, mentions: list[Mention], many: bool) -> None:
    if many:
        out.write(f"== {source}\n")
    for m in mentions:
        out.write(
            f"{m.start:>6}-{m.end:<6} {m.text!r:<28} {m.name} ({m.entity_id}) "
            f"score={m.score:.2f} {m.method}\n"
        )
    if not mentions:
        out.write("(no mentions)\n")


def _find(args: argparse.Namespace) -> int:
    nz = load(_tables(args))
    files = args.files or ["-"]
    out = sys.stdout
    results: list[dict[str, object]] = []
    for path in files:
        text = _read(path, args.encoding, args.errors)
        mentions = nz.find(text)
        source = "<stdin>" if path == "-" else path
        if args.format == "text":
            _emit_text(out, source, text, mentions, len(files) > 1)
        elif args.format == "jsonl":
            out.write(json.dumps({"source": source, "mentions": [_mention_dict(m) for m in mentions]}, ensure_ascii=False))
            out.write("\n")
        else:
            results.append({"source": source, "mentions": [_mention_dict(m) for m in mentions]})
    if args.format == "json":
        json.dump(results, out, ensure_ascii=False, indent=2)
        out.write("\n")
    return EXIT_OK


def _check(args: argparse.Namespace) -> int:
    from ._check import check_files

    findings = check_files(args.files)
    for f in findings:
        where = f"{f.path}:{f.line}" if f.line is not None else f.path
        print(f"{where}: {f.level}: {f.code}: {f.message}")
    errors = sum(1 for f in findings if f.level == "error")
    warnings = len(findings) - errors
    print(f"{len(args.files)} file(s) checked: {errors} error(s), {warnings} warning(s)", file=sys.stderr)
    return EXIT_FINDINGS if errors or (args.strict and warnings) else EXIT_OK


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code."""
    parser = _parser()
    args = parser.parse_args(argv)
    try:
        return _check(args) if args.command == "check" else _find(args)
    except (AliasFileError, _Failure) as exc:
        print(f"entnorm: error: {exc}", file=sys.stderr)
        return EXIT_FINDINGS
    except KeyboardInterrupt:
        print("entnorm: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # The reader went away (e.g. `| head`): stop quietly, as Unix tools do.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return EXIT_OK




