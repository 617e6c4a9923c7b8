"""Precision and recall of ``Normalizer.lookup`` by score threshold, on the lookup gold list.

Each gold name is looked up alone (no context); the top candidate counts as the answer when
its score reaches the threshold. A positive is right when that answer is its entity; a
negative (a name in no table) is wrong whenever any answer is given.

    python benchmarks/lookup_thresholds.py [tests/data/lookup_gold.jsonl] [--errors T]
        [--dev ../shared/corpus/dev/articles.jsonl]

Prints a Markdown table (the one in docs/names-without-text.md) and, with ``--errors``, the
wrong answers and the misses at threshold T. With ``--dev``, the dev-corpus names are looked
up a second time with their article as ``context``.
"""

from __future__ import annotations

import argparse
import json
import time
from collections import Counter
from pathlib import Path

import entnorm

GOLD = Path(__file__).resolve().parents[1] / "tests" / "data" / "lookup_gold.jsonl"
THRESHOLDS = (0.3, 0.4, 0.5, 0.6, 0.7, 0.75, 0.8, 0.85, 0.9, 0.95)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    ap.add_argument("gold", nargs="?", type=Path, default=GOLD)
    ap.add_argument("--errors", type=float, default=None, metavar="T", help="list errors at threshold T")
    ap.add_argument("--dev", type=Path, default=None, help="dev corpus articles.jsonl: also measure with context")
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
    print("| threshold | precision | recall | F1 | right | wrong (positives) | wrong (negatives) |")
    print("|---:|---:|---:|---:|---:|---:|---:|")
    for t in THRESHOLDS:
        right = wrong_pos = wrong_neg = 0
        for r, a in positives:
            if a and a[0].score >= t:
                if a[0].entity_id == r["id"]:
                    right += 1
                else:
                    wrong_pos += 1
        wrong_neg = sum(1 for _, a in negatives if a and a[0].score >= t)
        answered = right + wrong_pos + wrong_neg
        p = right / answered if answered else 1.0
        rc = right / len(positives)
        f1 = 2 * p * rc / (p + rc) if p + rc else 0.0
        print(f"| {t:.2f} | {p:.3f} | {rc:.3f} | {f1:.3f} | {right} | {wrong_pos} | {wrong_neg} |")

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
