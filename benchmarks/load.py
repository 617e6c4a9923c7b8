"""Load time of a table: cold (read and build) and warm (from the index cache), each in a fresh process.

    python benchmarks/load.py                         # the bundled table
    python benchmarks/load.py benchmarks/data/e100k/entities.yaml --runs 3
    python benchmarks/load.py TABLE --src /path/to/other/checkout/src   # another version, same way

Each run is ``python -c "entnorm.load(TABLE, cache=...)"`` in a new interpreter (so nothing is
warm but the OS file cache), timed around ``load`` only, in CPU time (what a shared machine
disturbs least) and wall time; peak RSS is the process's. The warm runs use a fresh cache
directory, filled by one untimed load first. A source tree whose
``load`` has no ``cache`` option is timed cold only. Prints one Markdown row per kind: the
median and the range of the runs.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

_CHILD = """
import json, resource, sys, time
import entnorm
table = None if sys.argv[1] == "-" else sys.argv[1]
kw = {} if sys.argv[2] == "none" else {"cache": sys.argv[2] != "off" and sys.argv[2]}
start, cpu = time.perf_counter(), time.process_time()
nz = entnorm.load(table, **kw)
took, cpu = time.perf_counter() - start, time.process_time() - cpu
rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({"seconds": took, "cpu": cpu, "rss_mb": rss, "entities": len(nz)}))
"""


def _run(src: Path, table: str, cache: str) -> dict[str, float]:
    env = {**os.environ, "PYTHONPATH": str(src)}
    env.pop("ENTNORM_CACHE_DIR", None)
    proc = subprocess.run(
        [sys.executable, "-c", _CHILD, table, cache], env=env, capture_output=True, text=True, check=True
    )
    return json.loads(proc.stdout.strip().splitlines()[-1])  # type: ignore[no-any-return]


def _row(kind: str, runs: list[dict[str, float]]) -> str:
    secs = [r["seconds"] for r in runs]
    cpu = [r["cpu"] for r in runs]
    rss = max(r["rss_mb"] for r in runs)
    return (
        f"| {kind} | {int(runs[0]['entities']):,} | **{statistics.median(cpu):.2f} s** "
        f"({min(cpu):.2f}–{max(cpu):.2f}) | {statistics.median(secs):.2f} s | {rss:.0f} MB |"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("table", nargs="?", default="-", help="alias file (default: the bundled table)")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--src", type=Path, default=ROOT / "src", help="the entnorm source tree to time")
    parser.add_argument("--kinds", default="cold,warm", help="cold, warm or both (comma-separated)")
    args = parser.parse_args(argv)
    has_cache = "cache:" in (args.src / "entnorm" / "_normalizer.py").read_text(encoding="utf-8")
    print("| load | entities | CPU time: median (range) | wall time: median | peak RSS |")
    print("| --- | --- | --- | --- | --- |")
    kinds = args.kinds.split(",")
    if "cold" in kinds:
        cold = [_run(args.src, args.table, "off" if has_cache else "none") for _ in range(args.runs)]
        print(_row("cold: read and build", cold), flush=True)
    if "warm" in kinds and has_cache:
        with tempfile.TemporaryDirectory(prefix="entnorm-bench-cache-") as cache:
            _run(args.src, args.table, cache)
            warm = [_run(args.src, args.table, cache) for _ in range(args.runs)]
        print(_row("warm: from the index cache", warm), flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
