"""Command line: ``entnorm find`` over files, stdin or JSONL; ``check`` over alias files;
``render`` to an HTML page; ``eval`` against gold annotations; ``explain`` one text;
``lookup`` names (arguments, or a CSV/JSONL column); ``import-wikidata`` to an alias table.

Exit codes: 0 ok, 1 findings or errors (bad alias file, unreadable input, invalid gold file,
``eval --fail-under`` not met, a ``--jobs`` worker process died), 2 usage, 130 interrupted.
Output goes to stdout; messages (and the progress bar) go to stderr and never mix with the data.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections import deque
from collections.abc import Iterable, Iterator, Sequence
from typing import Any, NamedTuple, TextIO

from ._errors import AliasFileError, WorkerError
from ._jsonl import JsonlError, read_records
from ._models import Mention
from ._normalizer import DEFAULT, Normalizer, load
from .wikidata import DEFAULT_LANGUAGES

__all__ = ["main"]

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE = 0, 1, 2


class _Failure(Exception):
    """A user-facing error: printed as one line, exit code 1."""


class _Usage(Exception):
    """A usage error found after parsing: reported by argparse, exit code 2."""


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="entnorm", description="Find garbled named-entity mentions in news text, with exact spans."
    )
    p.add_argument("--version", action="version", version=_version())
    sub = p.add_subparsers(dest="command", metavar="COMMAND")
    sub.required = True

    f = sub.add_parser("find", help="find mentions in text files, stdin, or JSONL documents")
    f.add_argument("files", nargs="*", metavar="FILE", help="text files; '-' or none reads stdin")
    _table_options(f)
    f.add_argument(
        "--format",
        choices=("text", "json", "jsonl"),
        default=None,
        help="output format (default: text; jsonl with --text-field)",
    )
    _input_options(f)
    f.add_argument(
        "--mentions-field",
        default="mentions",
        metavar="FIELD",
        help="with --text-field: the key the mentions are written under (default: mentions)",
    )
    f.add_argument(
        "--color",
        choices=("auto", "always", "never"),
        default="auto",
        help="colour the text view (needs rich: pip install 'entnorm[cli]'); auto = when stdout is a terminal",
    )
    f.add_argument(
        "--progress",
        choices=("auto", "always", "never"),
        default="auto",
        help="progress bar on stderr (needs tqdm or rich); auto = on a terminal, once the run takes over a second",
    )
    f.add_argument("--jobs", "-j", type=_positive, default=1, metavar="N", help="worker processes (default: 1)")
    f.add_argument(
        "--batch-size",
        type=_positive,
        default=32,
        metavar="B",
        help="documents per batch sent to a worker (default: 32)",
    )

    c = sub.add_parser("check", help="validate alias files and warn about risky aliases")
    c.add_argument("files", nargs="+", metavar="FILE")
    c.add_argument("--strict", action="store_true", help="exit 1 on warnings too")

    r = sub.add_parser("render", help="write one self-contained HTML page with the mentions highlighted")
    r.add_argument("files", nargs="*", metavar="FILE", help="text files; '-' or none reads stdin")
    r.add_argument("-o", "--output", metavar="OUT.html", help="where to write the page (default: stdout)")
    r.add_argument("--title", default="entnorm mentions", help="page title")
    _table_options(r)
    _input_options(r)

    e = sub.add_parser("eval", help="precision / recall / F1 against gold annotations (JSONL)")
    e.add_argument("gold", nargs="+", metavar="GOLD.jsonl", help='one {"id", "text", "mentions"} object per line')
    _table_options(e)
    e.add_argument("--format", choices=("text", "json"), default="text", help="output format (default: text)")
    e.add_argument(
        "--max-errors", type=int, default=50, metavar="N", help="errors listed in the text report (0: all; default 50)"
    )
    e.add_argument(
        "--fail-under", type=float, default=None, metavar="F1", help="exit 1 if the strict F1 is below this (0..1)"
    )

    x = sub.add_parser("explain", help="show every candidate of a text and why it was linked or not")
    x.add_argument("text", nargs="?", help="the text to explain; '-' reads stdin")
    x.add_argument("--file", "-f", metavar="FILE", help="read the text from this file instead")
    _table_options(x)
    x.add_argument("--format", choices=("text", "json"), default="text", help="output format (default: text)")
    x.add_argument("--rejected-only", action="store_true", help="only the spans that were not linked")
    x.add_argument("--verbose", "-v", action="store_true", help="also weaker duplicates of the linked entity")
    x.add_argument("--encoding", default="utf-8", help="encoding of --file (default: utf-8)")

    lk = sub.add_parser("lookup", help="the ranked candidate entities of names (arguments, or a CSV/JSONL column)")
    lk.add_argument("names", nargs="*", metavar="NAME", help="names to look up (or files, with --column)")
    lk.add_argument(
        "--column",
        metavar="FIELD",
        help="read CSV or JSONL files (or stdin) and look up this column; the output keeps every input row",
    )
    lk.add_argument(
        "--input-format",
        choices=("auto", "csv", "tsv", "jsonl"),
        default="auto",
        help="with --column: input format (default: by file extension; stdin: jsonl if it starts with '{')",
    )
    lk.add_argument("--limit", type=_positive, default=5, metavar="N", help="candidates per name (default: 5)")
    lk.add_argument(
        "--threshold",
        type=float,
        default=0.0,
        metavar="S",
        help="drop candidates scoring below S (0..1; docs/names-without-text.md has a table; default: 0)",
    )
    lk.add_argument("--type", action="append", metavar="TYPE", dest="types", help="only this entity type (repeatable)")
    lk.add_argument("--context", metavar="TEXT", help="article text the names come from: lends support")
    lk.add_argument("--context-field", metavar="FIELD", help="with --column: the column holding each row's context")
    lk.add_argument(
        "--format",
        choices=("text", "json", "jsonl"),
        default=None,
        help="output for NAME arguments (default: text); --column writes its input format",
    )
    lk.add_argument(
        "--prefix",
        default="entnorm_",
        help="CSV output: prefix of the added columns (id, name, type, score, method; default: entnorm_)",
    )
    lk.add_argument(
        "--candidates-field",
        default="candidates",
        metavar="FIELD",
        help="JSONL output: the key the candidates are written under (default: candidates)",
    )
    lk.add_argument("--jobs", "-j", type=_positive, default=1, metavar="N", help="worker processes (default: 1)")
    lk.add_argument("--encoding", default="utf-8", help="encoding of the input files (default: utf-8)")
    _table_options(lk)

    w = sub.add_parser("import-wikidata", help="build an alias table from Wikidata JSON, a dump or query results")
    w.add_argument("files", nargs="+", metavar="FILE", help="entity JSON, JSON dump, or Query Service CSV/TSV/JSON")
    w.add_argument("-o", "--output", metavar="TABLE.yaml", help="where to write the table (default: stdout)")
    w.add_argument(
        "--lang",
        default=",".join(DEFAULT_LANGUAGES),
        metavar="LANGS",
        help=f"comma-separated languages, first = the name's (default: {','.join(DEFAULT_LANGUAGES)}; * = any)",
    )
    w.add_argument(
        "--class",
        action="append",
        dest="classes",
        metavar="QID=TYPE",
        help="map an instance-of class to an entity type, e.g. Q1127126=ORG (repeatable; over the defaults)",
    )
    w.add_argument("--default-type", metavar="TYPE", help="type of items whose classes map to none")
    w.add_argument("--strict", action="store_true", help="exit 1 if any item was skipped")
    return p


def _table_options(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--aliases",
        action="append",
        metavar="FILE",
        help="alias table(s) to use instead of the bundled one (repeatable)",
    )
    p.add_argument(
        "--add-aliases", action="append", metavar="FILE", help="alias table(s) merged over the bundled one (repeatable)"
    )


def _input_options(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--text-field",
        metavar="FIELD",
        help="read JSONL: one JSON object a line, the text under FIELD (other fields are passed through)",
    )
    p.add_argument(
        "--id-field", default="id", metavar="FIELD", help="with --text-field: the key naming a document (default: id)"
    )
    p.add_argument("--encoding", default="utf-8", help="encoding of the input files (default: utf-8)")
    p.add_argument(
        "--errors",
        choices=("strict", "replace", "surrogateescape"),
        default="strict",
        help="what to do with bytes that do not decode (default: strict, i.e. stop with an error)",
    )


def _positive(value: str) -> int:
    try:
        n = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {value!r}") from None
    if n < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, not {n}")
    return n


def _version() -> str:
    from . import __version__, _backend

    return f"entnorm {__version__} ({_backend.BACKEND} backend: {_backend.describe()})"


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


class _Input(NamedTuple):
    """One document: where it came from, its text, and (JSONL) the object it was read from."""

    source: str
    text: str
    record: dict[str, Any] | None


def _documents(args: argparse.Namespace) -> Iterator[_Input]:
    files = args.files or ["-"]
    for path in files:
        source = "<stdin>" if path == "-" else path
        text = _read(path, args.encoding, args.errors)
        if not args.text_field:
            yield _Input(source, text, None)
            continue
        try:
            records = list(read_records(text.splitlines(), text_field=args.text_field, source=source))
        except JsonlError as exc:
            raise _Failure(str(exc)) from None
        for n, obj, value in records:
            where = f"{source}:{n}"
            ident = obj.get(args.id_field)
            yield _Input(str(ident) if isinstance(ident, (str, int)) else where, value, obj)


def _count(args: argparse.Namespace) -> int | None:
    """How many documents the input holds, when that is cheap to know (not for stdin)."""
    files = args.files or ["-"]
    if "-" in files:
        return None
    if not args.text_field:
        return len(files)
    total = 0
    for path in files:
        try:
            with open(path, "rb") as fh:
                total += sum(1 for line in fh if line.strip())
        except OSError:
            return None
    return total


def _progress(items: Iterable[Any], mode: str, total: int | None) -> Iterator[Any]:
    """``items``, with a progress bar on stderr when asked for (and a library to draw it)."""
    if mode == "never" or (mode == "auto" and not _isatty(sys.stderr)):
        yield from items
        return
    try:
        from tqdm import tqdm
    except ImportError:
        pass
    else:
        # auto: the bar appears only once the run has taken a second, so small inputs stay quiet.
        cols, rows = _stderr_size()
        delay = 1.0 if mode == "auto" else 0.0
        yield from tqdm(items, total=total, unit="doc", file=sys.stderr, ncols=cols, nrows=rows, delay=delay)
        return
    try:
        from rich.progress import track
    except ImportError:
        yield from items
        return
    if mode == "auto" and (total is None or total < 100):
        yield from items
        return
    from rich.console import Console

    yield from track(items, total=total, description="finding", console=Console(file=sys.stderr), transient=True)


def _stderr_size() -> tuple[int | None, int | None]:
    """Columns and lines of stderr's terminal; 80x24 where a pseudo-terminal reports 0x0 (tqdm would draw nothing)."""
    try:
        size = os.get_terminal_size(sys.stderr.fileno())
    except (AttributeError, ValueError, OSError):
        return None, None
    return (size.columns or 80, size.lines or 24)


def _isatty(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


def _found(
    nz: Normalizer, docs: Iterator[_Input], jobs: int, batch_size: int
) -> Iterator[tuple[_Input, list[Mention]]]:
    """Each document with its mentions, in input order; ``jobs > 1`` uses worker processes."""
    if jobs == 1:
        for d in docs:
            yield d, nz.find(d.text)
        return
    pending: deque[_Input] = deque()

    def texts() -> Iterator[str]:
        for d in docs:
            pending.append(d)
            yield d.text

    for mentions in nz.pipe(texts(), n_process=jobs, batch_size=batch_size):
        yield pending.popleft(), mentions


def _emit_text(out: TextIO, source: str, text: str, mentions: list[Mention], many: bool) -> None:
    if many:
        out.write(f"== {source}\n")
    out.writelines(
        f"{m.start:>6}-{m.end:<6} {m.text!r:<28} {m.name} ({m.entity_id}) score={m.score:.2f} {m.method}\n"
        for m in mentions
    )
    if not mentions:
        out.write("(no mentions)\n")


def _rich_console(color: str) -> Any | None:
    """A rich Console for the coloured view, or None for plain output."""
    if color == "never" or (color == "auto" and (not _isatty(sys.stdout) or os.environ.get("NO_COLOR"))):
        return None
    try:
        from rich.console import Console
    except ImportError:
        if color == "always":
            print("entnorm: --color always needs rich: pip install 'entnorm[cli]'", file=sys.stderr)
        return None
    return Console(file=sys.stdout, force_terminal=color == "always" or None, highlight=False, soft_wrap=True)


_BASIC_COLOURS = {
    "PERSON": "yellow",
    "ORG": "cyan",
    "GPE": "green",
    "LOC": "magenta",
    "NORP": "bright_yellow",
    "FAC": "white",
    "EVENT": "red",
}


def _emit_rich(console: Any, source: str, text: str, mentions: list[Mention], many: bool) -> None:
    from rich.table import Table
    from rich.text import Text

    from .render import TYPE_COLOURS

    def background(t: str) -> str:
        # Pastels need 256 colours or more; on 8/16-colour terminals they would all turn white.
        if console.color_system in ("truecolor", "256"):
            return TYPE_COLOURS.get(t, "#dddddd")
        return _BASIC_COLOURS.get(t, "white")

    if many:
        console.rule(f"[bold]{source}", align="left")
    marked = Text()
    pos = 0
    for m in mentions:
        marked.append(text[pos : m.start])
        marked.append(m.text, style=f"bold black on {background(m.type)}")
        if m.name.casefold() != m.text.casefold():
            marked.append(f"⟨{m.name}⟩", style="dim italic")
        pos = m.end
    marked.append(text[pos:])
    console.print(marked)
    if not mentions:
        console.print("[dim](no mentions)")
        return
    table = Table(box=None, show_header=True, header_style="bold", pad_edge=False)
    for col in ("span", "text", "entity", "type", "score", "method"):
        table.add_column(col, justify="right" if col in ("span", "score") else "left")
    for m in mentions:
        colour = background(m.type)
        table.add_row(
            f"{m.start}-{m.end}",
            Text(m.text),
            Text(m.entity_id),
            Text(m.type, style=f"black on {colour}"),
            f"{m.score:.2f}",
            m.method,
        )
    console.print(table)
    console.print()


def _find(args: argparse.Namespace) -> int:
    nz = load(_tables(args))
    fmt = args.format or ("jsonl" if args.text_field else "text")
    out = sys.stdout
    many = bool(args.text_field) or len(args.files) > 1
    console = _rich_console(args.color) if fmt == "text" else None
    results: list[object] = []
    shows = args.progress == "always" or (args.progress == "auto" and _isatty(sys.stderr))
    total = _count(args) if shows else None
    found = _progress(_found(nz, _documents(args), args.jobs, args.batch_size), args.progress, total)
    for doc, mentions in found:
        dicts = [_mention_dict(m) for m in mentions]
        if fmt == "text":
            if console is not None:
                _emit_rich(console, doc.source, doc.text, mentions, many)
            else:
                _emit_text(out, doc.source, doc.text, mentions, many)
            continue
        item: dict[str, object]
        if doc.record is not None:
            item = {**doc.record, args.mentions_field: dicts}
        else:
            item = {"source": doc.source, "mentions": dicts}
        if fmt == "jsonl":
            # One write and a flush per record: what is on disk is whole records, even if
            # this process is killed later (an error, e.g. a dead --jobs worker, flushes anyway).
            out.write(json.dumps(item, ensure_ascii=False) + "\n")
            out.flush()
        else:
            results.append(item)
    if fmt == "json":
        json.dump(results, out, ensure_ascii=False, indent=2)
        out.write("\n")
    return EXIT_OK


def _render(args: argparse.Namespace) -> int:
    from .render import render_html

    nz = load(_tables(args))
    docs = [(d.source, d.text, nz.find(d.text)) for d in _documents(args)]
    page = render_html(docs, title=args.title)
    if args.output and args.output != "-":
        _write_output(args.output, page)
        n = sum(len(m) for _, _, m in docs)
        print(f"wrote {args.output}: {len(docs)} document(s), {n} mention(s)", file=sys.stderr)
    else:
        sys.stdout.write(page)
    return EXIT_OK


def _eval(args: argparse.Namespace) -> int:
    from .evaluation import GoldFormatError, evaluate, format_report, load_gold

    gold = []
    for path in args.gold:
        try:
            gold.extend(load_gold(path))
        except OSError as exc:
            raise _Failure(f"{path}: cannot read: {exc.strerror or exc}") from None
        except GoldFormatError as exc:
            raise _Failure(str(exc)) from None
        except UnicodeDecodeError:
            raise _Failure(f"{path}: not valid UTF-8") from None
    report = evaluate(load(_tables(args)), gold)
    if args.format == "json":
        json.dump(report.to_dict(), sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    else:
        sys.stdout.write(format_report(report, None if args.max_errors <= 0 else args.max_errors))
    if args.fail_under is not None and report.strict.f1 < args.fail_under:
        print(f"entnorm: strict F1 {report.strict.f1:.4f} is below {args.fail_under}", file=sys.stderr)
        return EXIT_FINDINGS
    return EXIT_OK


def _explain(args: argparse.Namespace) -> int:
    from dataclasses import asdict

    from .explain import explain, format_explanation

    if args.file is not None and args.text is not None:
        raise _Usage("give the text or --file, not both")
    if args.file is not None:
        text = _read(args.file, args.encoding, "strict")
    elif args.text is None or args.text == "-":
        text = _read("-", args.encoding, "strict")
    else:
        text = args.text
    ex = explain(load(_tables(args)), text)
    if args.format == "json":
        spans = [
            {**asdict(s), "kept": s.kept.entity_id if s.kept else None}
            for s in ex.spans
            if not (args.rejected_only and s.kept is not None)
        ]
        data = {
            "text": ex.text,
            "mentions": [_mention_dict(m) for m in ex.mentions],
            "spans": spans,
        }
        json.dump(data, sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    else:
        sys.stdout.write(format_explanation(ex, only_rejected=args.rejected_only, verbose=args.verbose))
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


def _lookup(args: argparse.Namespace) -> int:
    from ._lookup_cli import lookup_column, lookup_names

    if not 0.0 <= args.threshold <= 1.0:
        raise _Usage("--threshold must be between 0 and 1")
    if args.column is None:
        if not args.names:
            raise _Usage("give names to look up, or --column FIELD with CSV/JSONL input")
        if args.context_field:
            raise _Usage("--context-field needs --column")
        try:
            lookup_names(load(_tables(args)), args, sys.stdout)
        except ValueError as exc:
            raise _Usage(str(exc)) from None
        return EXIT_OK
    if args.format is not None:
        raise _Usage("--format is for NAME arguments; --column writes its input format")
    if args.context is not None:
        raise _Usage("--context is for NAME arguments; with --column use --context-field")
    try:
        lookup_column(load(_tables(args)), args, sys.stdout)
    except (JsonlError, OSError) as exc:
        raise _Failure(str(exc)) from None
    except ValueError as exc:
        raise _Failure(str(exc)) from None
    return EXIT_OK


def _import_wikidata(args: argparse.Namespace) -> int:
    from .wikidata import WikidataError, import_wikidata, to_yaml

    languages = [x.strip() for x in args.lang.split(",") if x.strip()]
    classes = {}
    for spec in args.classes or []:
        qid, sep, etype = spec.partition("=")
        if not sep:
            raise _Usage(f"--class takes QID=TYPE, not {spec!r}")
        classes[qid.strip()] = etype.strip().upper()
    merged: dict[str, Any] = {}
    skipped: list[str] = []
    for path in args.files:
        try:
            result = import_wikidata(path, languages=languages, classes=classes, default_type=args.default_type)
        except WikidataError as exc:
            raise _Failure(str(exc)) from None
        except ValueError as exc:
            raise _Usage(str(exc)) from None
        skipped += [f"{path}:{s}" for s in result.skipped]
        for e in result.entities:
            have = merged.get(e.id)
            if have is None:
                merged[e.id] = e
            else:
                extra = tuple(a for a in (e.name, *e.aliases) if a != have.name and a not in have.aliases)
                merged[e.id] = have.model_copy(update={"aliases": have.aliases + extra})
    for line in skipped[:20]:
        print(f"entnorm: skipped {line}", file=sys.stderr)
    if len(skipped) > 20:
        print(f"entnorm: ... and {len(skipped) - 20} more skipped", file=sys.stderr)
    if not merged:
        raise _Failure("no entity could be imported (see the skipped items above)")
    page = to_yaml(merged.values(), source=", ".join(os.path.basename(f) for f in args.files))
    if args.output and args.output != "-":
        _write_output(args.output, page)
        load([args.output])  # the table must load: an AliasFileError here names the line
        print(f"wrote {args.output}: {len(merged)} entities, {len(skipped)} item(s) skipped", file=sys.stderr)
    else:
        sys.stdout.write(page)
    return EXIT_FINDINGS if args.strict and skipped else EXIT_OK


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code."""
    parser = _parser()
    args = parser.parse_args(argv)
    commands = {
        "find": _find,
        "check": _check,
        "render": _render,
        "eval": _eval,
        "explain": _explain,
        "lookup": _lookup,
        "import-wikidata": _import_wikidata,
    }
    try:
        return commands[args.command](args)
    except _Usage as exc:
        parser.error(str(exc))
    except (AliasFileError, WorkerError, _Failure) as exc:
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


def _write_output(path: str, text: str) -> None:
    """Write a command's output file; an unwritable path is a one-line failure naming it."""
    try:
        with open(path, "w", encoding="utf-8") as fh:
            fh.write(text)
    except OSError as exc:
        raise _Failure(f"{path}: cannot write: {exc.strerror or exc}") from None
