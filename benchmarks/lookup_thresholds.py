"""Precision and recall of ``Normalizer.lookup`` by score threshold, on the lookup gold list.

Each gold name is looked up alone (no context); the top candidate counts as the answer when
its score reaches the threshold. A positive is right when that answer is its entity; a
negative (a name in no table) is wrong whenever any answer is given.

    python benchmarks/lookup_thresholds.py [tests/data/lookup_gold.jsonl] [--errors T]
        [--dev ../shared/corpus/dev/articles.jsonl]

Prints a Markdown table (the one in docs/names-without-text.md) and, with ``--errors``, the
wrong answers and the misses at threshold T. With ``--dev``, the dev-corpus names are looked
up a second time with their article as ``context``.

With ``--own DIR`` (data from ``make_data.py``: a Faker table and garbled mentions), a second,
held-out check on synthetic names that played no part in setting the score factors: the
first ``--table-size`` entities are the table, the ``variant``/``partial``/``native``
mentions of those are the positives, and the surfaces of the other entities (people of the
same locales, not in the table) are the negatives.
"""

from __future__ import annotations

import argparse
import json
import time
from collections import Counter
from pathlib import Path
from typing import Any

import entnorm
from entnorm._folding import fold_text

GOLD = Path(__file__).resolve().parents[1] / "tests" / "data" / "lookup_gold.jsonl"
THRESHOLDS = (0.3, 0.4, 0.5, 0.6, 0.7, 0.75, 0.8, 0.85, 0.9, 0.95)


def threshold_table(positives: list[tuple[dict[str, Any], list[Any]]], negatives: list[list[Any]]) -> None:
    """Print the precision / recall / F1 table over the top candidates."""
    print("| threshold | precision | recall | F1 | right | wrong (positives) | wrong (negatives) |")
    print("|---:|---:|---:|---:|---:|---:|---:|")
    for t in THRESHOLDS:
        right = wrong_pos = 0
        for r, a in positives:
            if a and a[0].score >= t:
                if a[0].entity_id == r["id"]:
                    right += 1
                else:
                    wrong_pos += 1
        wrong_neg = sum(1 for a in negatives if a and a[0].score >= t)
        answered = right + wrong_pos + wrong_neg
        p = right / answered if answered else 1.0
        rc = right / len(positives)
        f1 = 2 * p * rc / (p + rc) if p + rc else 0.0
        print(f"| {t:.2f} | {p:.3f} | {rc:.3f} | {f1:.3f} | {right} | {wrong_pos} | {wrong_neg} |")


def own_data(folder: Path, size: int) -> None:
    """The held-out check on make_data.py output (see the module docstring)."""
    everyone = entnorm.load(folder / "entities.yaml")
    nz = entnorm.Normalizer(everyone.entities[:size])
    known = {fold_text(n).replace(" ", "") for e in nz for n in e.all_names()}
    pos: dict[tuple[str, str], str] = {}
    neg: set[str] = set()
    for line in (folder / "docs.jsonl").read_text(encoding="utf-8").splitlines():
        for m in json.loads(line)["mentions"]:
            if m["id"] in nz and m["kind"] in ("variant", "partial", "native"):
                pos.setdefault((m["text"], m["id"]), m["kind"])
            elif m["id"] not in nz and fold_text(m["text"]).replace(" ", "") not in known:
                neg.add(m["text"])
    surfaces = Counter(text for text, _ in pos)
    rows = [{"name": t, "id": i, "kind": k} for (t, i), k in sorted(pos.items()) if surfaces[t] == 1]
    positives = [(r, nz.lookup(r["name"], limit=5)) for r in rows]
    negatives = [nz.lookup(n, limit=5) for n in sorted(neg)]
    kinds = dict(Counter(r["kind"] for r in rows))
    print(f"\nHeld out: make_data.py names, a {len(nz)}-entity table; {len(rows)} positives {kinds}, ", end="")
    print(f"{len(negatives)} negatives (mentions of entities not in the table):\n")
    threshold_table(positives, negatives)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    ap.add_argument("gold", nargs="?", type=Path, default=GOLD)
    ap.add_argument("--errors", type=float, default=None, metavar="T", help="list errors at threshold T")
    ap.add_argument("--dev", type=Path, default=None, help="dev corpus articles.jsonl: also measure with context")
    ap.add_argument("--own", type=Path, default=None, metavar="DIR", help="make_data.py output: a held-out check")
    ap.add_argument("--table-size", type=int, default=1000, help="with --own: entities in the table (default 1000)")
    args = ap.parse_args()
    rows = [json.loads(line) for line in args.gold.read_text(encoding="utf-8").splitlines() if line.strip()]
    nz = entnorm.load()
    t0 = time.perf_counter()
    answers = [nz.lookup(r["name"], limit=5) for r in rows]
    elapsed = time.perf_counter() - t0
    positives = [(r, a) for r, a in zip(rows, answers) if r["id"] is not None]
    negatives = [(r, a) for r, a in zip(rows, answers) if r["id"] is None]
    kinds = Counter(r["kind"] for r in rows)

    print(f"{len(rows)} names: {len(positives)} positives ({dict(kinds)}), {len(negatives)} negatives;")
    print(f"{1000 * elapsed / len(rows):.2f} ms a name (one process, warm cache after the first)\n")
    top5 = sum(any(c.entity_id == r["id"] for c in a) for r, a in positives)
    print(f"gold entity among the 5 candidates (any score): {top5}/{len(positives)}\n")
    threshold_table(positives, [a for _, a in negatives])
    print("\nRecall by kind of positive at threshold 0.5 / 0.8:\n")
    print("| kind | names | recall ≥ 0.5 | recall ≥ 0.8 |")
    print("|---|---:|---:|---:|")
    for kind in sorted({r["kind"] for r, _ in positives}):
        group = [(r, a) for r, a in positives if r["kind"] == kind]
        hits = [sum(bool(a) and a[0].score >= t and a[0].entity_id == r["id"] for r, a in group) for t in (0.5, 0.8)]
        print(f"| {kind} | {len(group)} | {hits[0] / len(group):.3f} | {hits[1] / len(group):.3f} |")

    if args.dev is not None:
        articles = {}
        for line in args.dev.read_text(encoding="utf-8").splitlines():
            doc = json.loads(line)
            articles[doc["id"]] = doc["text"]
        dev = [r for r, _ in positives if r["source"] in articles]
        with_ctx = [nz.lookup(r["name"], limit=1, context=articles[r["source"]]) for r in dev]
        print(f"\nThe {len(dev)} dev-corpus positives looked up with their article as context:\n")
        print("| kind | names | recall ≥ 0.6 alone | recall ≥ 0.6 with context |")
        print("|---|---:|---:|---:|")
        alone = {id(r): a for r, a in positives}
        for kind in sorted({r["kind"] for r in dev}):
            group = [(r, c) for r, c in zip(dev, with_ctx) if r["kind"] == kind]
            a = sum(
                bool(alone[id(r)]) and alone[id(r)][0].score >= 0.6 and alone[id(r)][0].entity_id == r["id"]
                for r, _ in group
            )
            b = sum(bool(c) and c[0].score >= 0.6 and c[0].entity_id == r["id"] for r, c in group)
            print(f"| {kind} | {len(group)} | {a / len(group):.3f} | {b / len(group):.3f} |")

    if args.own is not None:
        own_data(args.own, args.table_size)

    if args.errors is not None:
        t = args.errors
        print(f"\nErrors at threshold {t}:")
        for r, a in zip(rows, answers):
            top = a[0] if a and a[0].score >= t else None
            if r["id"] is None and top is not None:
                print(f"  negative {r['name']!r} -> {top.entity_id} {top.score} {top.method}")
            elif r["id"] is not None and (top is None or top.entity_id != r["id"]):
                got = f"{top.entity_id} {top.score} {top.method}" if top else "nothing"
                rank = next((f"{c.entity_id} {c.score} {c.method}" for c in a if c.entity_id == r["id"]), "not listed")
                print(f"  {r['kind']} {r['name']!r} ({r['id']}) -> {got}; gold: {rank}")


if __name__ == "__main__":
    main()
