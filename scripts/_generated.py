"""Shared by the build scripts: write a generated data file, or check that it is current."""

from __future__ import annotations

import argparse
import sys
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path


def pinned(pins: dict[str, str]) -> bool:
    """Whether every build-time package is installed at its pinned version (says which is not)."""
    for package, want in pins.items():
        try:
            have = version(package)
        except PackageNotFoundError:
            have = "not installed"
        if have != want:
            print(f"{package} is {have}; this build is pinned to {want}", file=sys.stderr)
            return False
    return True


def write_or_check(description: str, outputs: dict[Path, str], script: str, what: str) -> int:
    """``--check``: exit 1 if any output differs from the file; else write the outputs."""
    ap = argparse.ArgumentParser(description=description)
    ap.add_argument("--check", action="store_true", help="fail if the files are not up to date")
    args = ap.parse_args()
    if args.check:
        stale = [p for p, text in outputs.items() if not p.exists() or p.read_text(encoding="utf-8") != text]
        for path in stale:
            print(f"{path} is out of date: run python scripts/{script}", file=sys.stderr)
        return 1 if stale else 0
    for path, text in outputs.items():
        path.write_text(text, encoding="utf-8")
        print(f"wrote {path}: {text.count(chr(10)) - 1} {what}")
    return 0
