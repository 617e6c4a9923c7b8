"""Smoke test of the benchmark scripts (benchmarks/): a tiny dataset, entnorm only.

Timings are not asserted (they live in the benchmark itself). The test checks that the
generator and the runner work together and that the result JSON is sane.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

pytest.importorskip("faker")

BENCH = Path(__file__).resolve().parents[1] / "benchmarks"


def test_generate_and_run_entnorm(tmp_path: Path) -> None:
    data = tmp_path / "data"
    subprocess.run(
        [sys.executable, str(BENCH / "make_data.py"), "--seed", "7", "--entities", "200",
         "--megabytes", "0.02", "--out", str(data), "--check", "--quiet"],
        check=True, timeout=300,
    )
    for name in ("entities.yaml", "docs.jsonl", "meta.json"):
        assert (data / name).is_file()
    meta = json.loads((data / "meta.json").read_text(encoding="utf-8"))
    assert meta["entities"]["entities"] == 200
    assert meta["docs"]["mentions"] > 20

    out = tmp_path / "results.json"
    subprocess.run(
        [sys.executable, str(BENCH / "run.py"), str(data), "--tools", "entnorm", "--sizes", "200",
         "--megabytes", "0.02", "--repeats", "1", "--timeout", "600", "--out", str(out)],
        check=True, timeout=900,
    )
    res = json.loads(out.read_text(encoding="utf-8"))
    assert res["machine"]["nproc"] >= 1
    assert res["versions"]["python"]
    (run,) = res["runs"]
    assert "error" not in run, run
    assert run["tool"] == "entnorm" and run["size"] == 200
    assert run["build_s"] >= 0 and run["parse_s"] >= 0
    assert run["mb_per_s"] > 0
    assert run["peak_rss_mb"] > 0
    assert run["gold"] == meta["docs"]["mentions"]
    assert run["strict"]["f1"] > 0.5
    assert run["lenient"]["f1"] >= run["strict"]["f1"]
    assert 0 < run["strict"]["p"] <= 1 and 0 < run["strict"]["r"] <= 1


def test_crowds_benchmark_runs_and_finds_the_same_mentions(tmp_path: Path) -> None:
    data = tmp_path / "data"
    subprocess.run(
        [sys.executable, str(BENCH / "make_data.py"), "--seed", "7", "--entities", "200",
         "--megabytes", "0.01", "--out", str(data), "--quiet"],
        check=True, timeout=300,
    )  # fmt: skip
    done = subprocess.run(
        [sys.executable, str(BENCH / "crowds.py"), str(data), "--docs", "5"],
        capture_output=True, text=True, timeout=600, env={**os.environ, "ENTNORM_CACHE_DIR": "off"},
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "identical mentions: True" in done.stdout
