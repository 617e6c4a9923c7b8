"""Instructions per ``find`` of a 5,000-word article, counted by valgrind's callgrind.

Instruction counts repeat for the same binary, inputs and environment whatever else the
machine is doing, so they compare commits on a busy shared machine where seconds do not.
The article is the sample articles of ``tests/samples`` joined and cut (or repeated) to
5,000 words. Two runs in fresh processes, with 1 and with ``--finds`` finds (default 4);
the cost of one find is their difference divided by ``finds - 1``, so loading the table,
imports and the interpreter's start cancel out.

Usage::

    python benchmarks/find_cost.py [--finds 4] [--aliases TABLE ...]

Needs ``valgrind`` on the PATH. Loads use the index cache (``docs/scaling.md``), warmed first.
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

DRIVER = """
import sys
from pathlib import Path
import entnorm
paths = sys.argv[3:] or None
nz = entnorm.load(paths)
words = " ".join(p.read_text(encoding="utf-8") for p in sorted(Path(sys.argv[2]).glob("*.txt"))).split()
while len(words) < 5000:
    words += words
text = " ".join(words[:5000])
for _ in range(int(sys.argv[1])):
    nz.find(text)
"""


def instructions(finds: int, driver: Path, aliases: list[str]) -> int:
    """Total instructions of one fresh process that loads the table and runs ``finds`` finds."""
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "callgrind.out"
        cmd = ["valgrind", "--tool=callgrind", f"--callgrind-out-file={out}", sys.executable, str(driver)]
        subprocess.run([*cmd, str(finds), str(ROOT / "tests" / "samples"), *aliases], check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip
        match = re.search(r"^(?:summary|totals):\s*(\d+)", out.read_text(), re.MULTILINE)
        if match is None:
            raise SystemExit(f"no instruction total in {out}")
        return int(match.group(1))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--finds", type=int, default=4)
    ap.add_argument("--aliases", nargs="*", default=[], help="alias tables (default: the bundled one)")
    args = ap.parse_args(argv)
    if args.finds < 2:
        ap.error("--finds must be at least 2")
    with tempfile.TemporaryDirectory() as tmp:
        driver = Path(tmp) / "driver.py"
        driver.write_text(DRIVER, encoding="utf-8")
        env_note = os.environ.get("ENTNORM_CACHE_DIR", "the default cache directory")
        subprocess.run([sys.executable, str(driver), "1", str(ROOT / "tests" / "samples"), *args.aliases], check=True)
        one = instructions(1, driver, args.aliases)
        many = instructions(args.finds, driver, args.aliases)
    per_find = (many - one) / (args.finds - 1)
    print(f"1 find: {one:,} instructions; {args.finds} finds: {many:,} (index cache: {env_note})")
    print(f"one find of 5,000 words: {per_find / 1e6:.1f} M instructions")
    return 0


if __name__ == "__main__":
    sys.exit(main())
