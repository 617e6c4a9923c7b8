"""Run each fuzz target in fuzz/ briefly, so the targets cannot rot.

With atheris installed, each target runs as a real libFuzzer process for a few seconds on a
copy of its seed corpus. Without it (atheris has wheels for Linux x86-64 only), each target's
``TestOneInput`` still runs on its seeds and on a few hundred Hypothesis-generated inputs
(``fuzz_one_input``), so the invariants it checks are exercised everywhere.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from _fuzz import FUZZ_DIR, load_target

ROOT = Path(__file__).resolve().parents[1]
TARGETS = {"fuzz_find": "corpus_find", "fuzz_aliases": "corpus_aliases", "fuzz_kernel": "corpus_kernel"}


def _needs_kernel(name: str) -> None:
    if name == "fuzz_kernel" and load_target(name).KERNEL is None:
        pytest.skip("the compiled kernel is not built: fuzz_kernel has nothing to compare")


def _seeds(name: str) -> list[Path]:
    seeds = sorted((FUZZ_DIR / TARGETS[name]).glob("seed-*"))
    assert seeds, f"no seed corpus for {name}"
    return seeds


@pytest.mark.parametrize("name", TARGETS)
def test_target_accepts_its_seeds(name: str) -> None:
    target = load_target(name)
    for seed in _seeds(name):
        target.TestOneInput(seed.read_bytes())


@pytest.mark.parametrize("name", TARGETS)
def test_target_with_hypothesis_fuzz_one_input(name: str) -> None:
    target = load_target(name)
    seeds = [p.read_bytes() for p in _seeds(name)]

    @settings(database=None, suppress_health_check=list(HealthCheck))
    @given(
        st.one_of(
            st.binary(max_size=300),
            st.builds(
                lambda seed, cut, junk: seed[:cut] + junk + seed[cut:],
                st.sampled_from(seeds),
                st.integers(0, 400),
                st.binary(max_size=20),
            ),
        )
    )
    def run(data: bytes) -> None:
        target.TestOneInput(data)

    rng = __import__("random").Random(0)
    for _ in range(200 if name == "fuzz_aliases" else 60):
        run.hypothesis.fuzz_one_input(rng.randbytes(rng.randrange(16, 600)))


@pytest.mark.parametrize("name", TARGETS)
def test_target_runs_under_atheris(name: str, tmp_path: Path) -> None:
    pytest.importorskip("atheris")
    _needs_kernel(name)
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for seed in _seeds(name):
        shutil.copy(seed, corpus)
    proc = subprocess.run(
        [
            sys.executable,
            str(FUZZ_DIR / f"{name}.py"),
            "-max_total_time=5",
            "-max_len=512",
            f"-artifact_prefix={tmp_path}/",
            str(corpus),
        ],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=ROOT,
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert "Done" in proc.stderr, proc.stderr[-3000:]
    assert not list(tmp_path.glob("crash-*"))
