#!/usr/bin/env python
"""Measure ``find`` on very large and pathological inputs: time and peak memory.

Each case runs in its own process (peak RSS from ``resource.getrusage`` is per process) and
prints one Markdown table row; the figures go into docs/reliability.md.

    python scripts/measure_limits.py            # every case
    python scripts/measure_limits.py news-50mb  # one case
"""

from __future__ import annotations

import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
MB = 1_000_000

CASES = {
    "news-1mb": ("news", 1 * MB),
    "news-10mb": ("news", 10 * MB),
    "news-50mb": ("news", 50 * MB),
    "words-50mb": ("words", 50 * MB),
    "token-5mb": ("token", 5 * MB),
    "kim-1mb": ("kim", 1 * MB),
    "pompeo-1mb": ("pompeo", 1 * MB),
    "surrogates-10mb": ("surrogates", 10 * MB),
}


def build(kind: str, size: int) -> str:
    if kind == "news":  # the gold sample articles, repeated
        sys.path.insert(0, str(ROOT / "tests"))
        from _samples import load_samples

        unit = "\n".join(s.text for s in load_samples()) + "\n"
    elif kind == "words":  # ordinary lower-case prose with no names
        unit = "the weather report said that rain would fall on tuesday morning. "
    elif kind == "token":
        unit = "a"
    elif kind == "kim":
        unit = "Kim "
    elif kind == "pompeo":
        unit = "Mike Pompeo met Kim Jong-un. "
    elif kind == "surrogates":  # undecodable bytes next to names
        unit = b"\xffMike Pompeo\xfe met Kim Jong-un \xed\xa0\x80. ".decode("utf-8", "surrogateescape")
    else:
        raise SystemExit(f"unknown kind {kind}")
    return (unit * (size // len(unit) + 1))[:size]


def child(case: str) -> None:
    kind, size = CASES[case]
    import entnorm

    nz = entnorm.load()
    text = build(kind, size)
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
    started = time.perf_counter()
    mentions = nz.find(text)
    elapsed = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
    for m in mentions:  # the span invariant, on the big input too
        assert text[m.start : m.end] == m.text
    print(
        f"| {case} | {len(text):,} | {len(mentions):,} | {elapsed:.1f} s | "
        f"{len(text) / elapsed / MB:.2f} MB/s | {before} MB | {peak} MB |",
        flush=True,
    )


def main(argv: list[str]) -> None:
    if argv[:1] == ["--child"]:
        child(argv[1])
        return
    cases = argv or list(CASES)
    print("| case | chars | mentions | find time | throughput | RSS before find | peak RSS |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    for case in cases:
        subprocess.run([sys.executable, __file__, "--child", case], check=True)


if __name__ == "__main__":
    main(sys.argv[1:])
