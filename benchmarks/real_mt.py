"""Accuracy on real machine translation: entnorm, flashtext and a rapidfuzz sweep on the WMT22 gold.

The gold (``tests/data/wmt22/<pair>/<doc>.jsonl``, see ``docs/real-mt-annotation.md``) is
standoff: offsets into the texts of ``../shared/corpus/wmt22``, which this script reads. Every
tool gets the same table (the bundled one unless ``--aliases``) and the same texts; each is
scored strictly (same span and id) and leniently (overlapping span, same id) with
:mod:`entnorm.evaluation`. Spans annotated with ``"id": null`` (real names that are in no
table) are not gold mentions, so any link on them is a false positive.

Usage::

    python benchmarks/real_mt.py [--corpus ../shared/corpus/wmt22] [--tools entnorm,flashtext,rapidfuzz]
                                 [--json results/real_mt.json] [--markdown]
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from entnorm.evaluation import GoldDoc, GoldMention, Report, score

ROOT = Path(__file__).resolve().parents[1]
GOLD = ROOT / "tests" / "data" / "wmt22"
CORPUS = ROOT.parent / "shared" / "corpus" / "wmt22"
GARBLED = ("variant",)  # the kinds counted as garbled in-table names

Span = tuple[int, int, str]


@dataclass(frozen=True)
class GoldText:
    """One annotated text: a document's reference or one system's output of it."""

    pair: str
    doc: str
    system: str
    gold: GoldDoc
    unlinked: tuple[tuple[int, int, str], ...]  # (start, end, name) of real names in no table


def corpus_texts(corpus: Path, pair: str) -> dict[str, dict[str, str]]:
    """doc id → {"ref-A": reference A, system name: output} for one language pair."""
    out: dict[str, dict[str, str]] = {}
    with open(corpus / f"{pair}.jsonl", encoding="utf-8") as fh:
        for line in fh:
            d = json.loads(line)
            out[d["doc"]] = {"ref-A": d["references"]["A"], **d["systems"]}
    return out


def load_gold(gold_dir: Path = GOLD, corpus: Path = CORPUS) -> list[GoldText]:
    """Every annotated text, its gold mentions resolved against the corpus; raises ValueError
    naming the file and line when an annotation does not fit its text."""
    out: list[GoldText] = []
    for pair_dir in sorted(p for p in gold_dir.iterdir() if p.is_dir()):
        texts = corpus_texts(corpus, pair_dir.name)
        for path in sorted(pair_dir.glob("*.jsonl")):
            for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
                if not line.strip():
                    continue
                where = f"{path.relative_to(ROOT)}:{n}"
                row = json.loads(line)
                try:
                    text = texts[row["doc"]][row["system"]]
                except KeyError:
                    raise ValueError(f"{where}: no text for {row.get('doc')!r} / {row.get('system')!r}") from None
                mentions, unlinked, last_end = [], [], 0
                for k, m in enumerate(row["mentions"]):
                    start, end = m["start"], m["end"]
                    if text[start:end] != m["text"] or start < last_end:
                        raise ValueError(f"{where}: mention {k} {m['text']!r} does not fit at {start}-{end}")
                    last_end = end
                    if m.get("id"):
                        mentions.append(GoldMention(start, end, m["text"], m["id"], m.get("kind", "unknown")))
                    else:
                        unlinked.append((start, end, m.get("name", m["text"])))
                doc_id = f"{row['pair']}/{row['doc']}/{row['system']}"
                out.append(
                    GoldText(
                        row["pair"], row["doc"], row["system"], GoldDoc(doc_id, text, tuple(mentions)), tuple(unlinked)
                    )
                )
    return out


# -- the tools -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Found:
    start: int
    end: int
    entity_id: str


def _surfaces(entities: list) -> Iterator[tuple[str, str]]:
    for e in entities:
        for s in e.all_names():
            yield s, e.id


def entnorm_tool(aliases: list[str] | None) -> Callable[[str], list[Found]]:
    import entnorm

    nz = entnorm.load(aliases)
    return lambda text: [Found(m.start, m.end, m.entity_id) for m in nz.find(text)]


def flashtext_tool(aliases: list[str] | None) -> Callable[[str], list[Found]]:
    """flashtext's KeywordProcessor (case-insensitive, word boundaries) over every table string."""
    from flashtext import KeywordProcessor

    import entnorm

    kp = KeywordProcessor(case_sensitive=False)
    seen: set[str] = set()
    for s, i in _surfaces(entnorm.load(aliases).entities):
        if s.lower() not in seen:  # first entity wins, as add_keyword would overwrite
            seen.add(s.lower())
            kp.add_keyword(s, i)
    return lambda text: [Found(s, e, i) for i, s, e in kp.extract_keywords(text, span_info=True)]


_WORD = re.compile(r"[^\W\d_][\w'’.-]*")


def rapidfuzz_tool(aliases: list[str] | None, cutoff: float = 88) -> Callable[[str], list[Found]]:
    """A naive sweep: every window of 1-4 capitalised words, rapidfuzz ``fuzz.ratio`` against every
    Latin-script table string, best match over ``cutoff``; overlapping windows keep the best."""
    from rapidfuzz import fuzz, process

    import entnorm

    choices, ids, seen = [], [], set()
    for s, i in _surfaces(entnorm.load(aliases).entities):
        if s.isascii() and s.lower() not in seen:
            seen.add(s.lower())
            choices.append(s.lower())
            ids.append(i)

    def find(text: str) -> list[Found]:
        words = [m for m in _WORD.finditer(text) if m.group()[0].isupper()]
        cands = []
        for a in range(len(words)):
            for b in range(a, min(a + 4, len(words))):
                if b > a and words[b].start() - words[b - 1].end() != 1:
                    break
                s, e = words[a].start(), words[b].end()
                hit = process.extractOne(
                    text[s:e].lower(), choices, scorer=fuzz.ratio, processor=None, score_cutoff=cutoff
                )
                if hit is not None:
                    cands.append((hit[1], e - s, s, e, ids[hit[2]]))
        out, taken = [], []
        for _score, _len, s, e, i in sorted(cands, key=lambda c: (-c[0], -c[1], c[2])):
            if all(e <= ts or te <= s for ts, te in taken):
                taken.append((s, e))
                out.append(Found(s, e, i))
        return sorted(out, key=lambda f: f.start)

    return find


TOOLS = {"entnorm": entnorm_tool, "flashtext": flashtext_tool, "rapidfuzz": rapidfuzz_tool}


# -- measuring -----------------------------------------------------------------------------


def measure(gold: list[GoldText], find: Callable[[str], list[Found]]) -> dict:
    """Scores of one tool: overall, by kind, by system, garbled-name recall, unlinked spans hit."""
    t0 = time.perf_counter()
    predicted = [find(g.gold.text) for g in gold]
    seconds = time.perf_counter() - t0
    report = score([g.gold for g in gold], predicted)
    by_system: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for g, preds in zip(gold, predicted):
        found = {(p.start, p.end, p.entity_id) for p in preds}
        row = by_system[g.system]
        row[0] += len(g.gold.mentions)
        row[1] += sum((m.start, m.end, m.entity_id) in found for m in g.gold.mentions)
    garbled = [k for k in report.by_kind if k.kind in GARBLED]
    g_total = sum(k.total for k in garbled)
    unlinked_hit = Counter()
    for g, preds in zip(gold, predicted):
        for s, e, _name in g.unlinked:
            for p in preds:
                if p.start < e and s < p.end:
                    unlinked_hit[(g.gold.text[s:e], p.entity_id)] += 1
                    break
    return {
        "report": report,
        "seconds": seconds,
        "by_system": {k: (v[1] / v[0] if v[0] else 0.0, v[0]) for k, v in sorted(by_system.items())},
        "garbled_recall": (sum(k.strict for k in garbled) / g_total) if g_total else 0.0,
        "garbled_total": g_total,
        "unlinked_spans": sum(len(g.unlinked) for g in gold),
        "unlinked_hit": unlinked_hit,
    }


def coverage(gold: list[GoldText]) -> tuple[int, int]:
    """(named-entity mentions naming a table entity, all named-entity mentions)."""
    linked = sum(len(g.gold.mentions) for g in gold)
    return linked, linked + sum(len(g.unlinked) for g in gold)


def _fmt(report: Report) -> str:
    s, lenient = report.strict, report.lenient
    return (
        f"strict P {s.precision:.3f} R {s.recall:.3f} F1 {s.f1:.3f} | "
        f"lenient P {lenient.precision:.3f} R {lenient.recall:.3f} F1 {lenient.f1:.3f}"
    )


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", type=Path, default=CORPUS)
    ap.add_argument("--gold", type=Path, default=GOLD)
    ap.add_argument("--aliases", action="append", help="alias table(s); default: the bundled table")
    ap.add_argument("--tools", default="entnorm,flashtext,rapidfuzz")
    ap.add_argument("--pairs", default="zh-en,ja-en,ru-en")
    ap.add_argument("--json", type=Path, help="write the figures here")
    ap.add_argument("-v", "--verbose", action="store_true", help="list entnorm's errors")
    args = ap.parse_args(argv)
    pairs = set(args.pairs.split(","))
    gold = [g for g in load_gold(args.gold, args.corpus) if g.pair in pairs]
    docs = {(g.pair, g.doc) for g in gold}
    linked, total = coverage(gold)
    print(f"gold: {len(docs)} documents, {len(gold)} texts, {total} named-entity mentions, "
          f"{linked} of them in the table ({linked / max(total, 1):.1%} coverage)")
    for pair in sorted(pairs):
        n = len({d for p, d in docs if p == pair})
        if n:
            sub = [g for g in gold if g.pair == pair]
            print(f"  {pair}: {n} documents, {len(sub)} texts, {sum(len(g.gold.mentions) for g in sub)} table mentions")
    results = {}
    for tool in args.tools.split(","):
        find = TOOLS[tool](args.aliases)
        r = measure(gold, find)
        results[tool] = r
        rep = r["report"]
        print(f"\n{tool}: {_fmt(rep)}  ({r['seconds']:.1f} s)")
        kinds = ", ".join(f"{k.kind} {k.strict_recall:.3f} ({k.strict}/{k.total})" for k in rep.by_kind)
        print(f"  strict recall by kind: {kinds}")
        print(f"  garbled-name (variant) recall: {r['garbled_recall']:.3f} of {r['garbled_total']}")
        hit = sum(r["unlinked_hit"].values())
        print(f"  links on real names in no table: {hit} of {r['unlinked_spans']} spans")
        systems = ", ".join(f"{k} {v[0]:.3f}" for k, v in r["by_system"].items())
        print(f"  strict recall by system: {systems}")
        if args.verbose and tool == "entnorm":
            for (surface, eid), n in r["unlinked_hit"].most_common(40):
                print(f"    linked a name in no table: {surface!r} -> {eid} ×{n}")
            for e in rep.errors[:200]:
                shown = e.text if e.predicted_text is None else f"{e.text!r} / {e.predicted_text!r}"
                print(f"    {e.kind}: {e.doc} {shown!r} gold={e.gold_id} ({e.gold_kind}) pred={e.predicted_id}")
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(
            json.dumps(
                {
                    tool: {
                        "strict": r["report"].strict.to_dict(),
                        "lenient": r["report"].lenient.to_dict(),
                        "by_kind": {k.kind: k.to_dict() for k in r["report"].by_kind},
                        "by_system": r["by_system"],
                        "garbled_recall": r["garbled_recall"],
                        "unlinked_hit": sum(r["unlinked_hit"].values()),
                        "seconds": r["seconds"],
                    }
                    for tool, r in results.items()
                },
                indent=1,
            ),
            encoding="utf-8",
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
