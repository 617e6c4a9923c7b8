"""Crowded names at scale: `find` with and without sampling crowded keys, on one loaded table.

Loads a table (timing the load: CPU, wall, peak RSS), then runs ``find`` over the first N
documents three times with crowd sampling on (the default) and three times with it off
(``_matching.SAMPLE_CROWDS`` and ``_selection.THIN_CROWDS`` false), and prints the median MB/s (CPU) of each
and whether the mentions are identical. The figures in docs/scaling.md ("Big tables: crowded
names") come from this script on tables of ``../shared/bench/make_bench.py --seed 7``.

Usage::

    python benchmarks/crowds.py DATA_DIR [--docs 200]

``DATA_DIR`` holds ``entities.yaml`` (or ``entities.jsonl``) and ``docs.jsonl``.
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import sys
import time
from pathlib import Path

import entnorm
from entnorm import _matching, _selection


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("data", type=Path)
    ap.add_argument("--docs", type=int, default=200)
    args = ap.parse_args(argv)
    table = next(p for p in (args.data / "entities.jsonl", args.data / "entities.yaml") if p.exists())
    wall, cpu = time.perf_counter(), time.process_time()
    nz = entnorm.load(table)
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1e6
    print(f"{table}: load {time.process_time() - cpu:.1f} s CPU, {time.perf_counter() - wall:.1f} s wall, "
          f"peak RSS {rss:.2f} GB", flush=True)  # fmt: skip
    with open(args.data / "docs.jsonl", encoding="utf-8") as fh:
        texts = [json.loads(line)["text"] for _, line in zip(range(args.docs), fh)]
    mb = sum(len(t.encode()) for t in texts) / 1e6

    def passes() -> tuple[float, list[list[tuple[int, int, str]]]]:
        runs, found = [], []
        for _ in range(3):
            start = time.process_time()
            found = [[(m.start, m.end, m.entity_id) for m in nz.find(t)] for t in texts]
            runs.append(time.process_time() - start)
        return mb / statistics.median(runs), found

    sampled, a = passes()
    _matching.SAMPLE_CROWDS = _selection.THIN_CROWDS = False
    whole, b = passes()
    print(f"{len(texts)} documents, {mb:.2f} MB: sampled {sampled:.3f} MB/s, whole crowds {whole:.3f} MB/s "
          f"({sampled / whole:.2f}x); identical mentions: {a == b} ({sum(map(len, a))})")  # fmt: skip
    return 0 if a == b else 1


if __name__ == "__main__":
    sys.exit(main())
