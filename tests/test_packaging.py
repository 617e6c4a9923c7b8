"""A built wheel installs into a fresh virtual environment and works with the bundled table."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import venv
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.skipif(os.environ.get("ENTNORM_SKIP_WHEEL") == "1", reason="ENTNORM_SKIP_WHEEL=1")
def test_wheel_installs_and_finds(tmp_path: Path) -> None:
    wheels = tmp_path / "wheels"
    build = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(wheels), str(ROOT)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert build.returncode == 0, build.stderr
    (wheel,) = wheels.glob("entnorm-*.whl")

    env_dir = tmp_path / "venv"
    venv.create(env_dir, with_pip=True)
    py = env_dir / "bin" / "python"
    install = subprocess.run([str(py), "-m", "pip", "install", "-q", str(wheel)], capture_output=True, text=True)
    assert install.returncode == 0, install.stderr

    article = ROOT / "examples" / "garbled-article.txt"
    run = subprocess.run(
        [str(env_dir / "bin" / "entnorm"), "find", "--format", "jsonl", str(article)],
        capture_output=True,
        text=True,
        cwd=tmp_path,  # not the checkout: the table must come from the wheel
        check=False,
    )
    assert run.returncode == 0, run.stderr
    ids = {m["entity_id"] for m in json.loads(run.stdout)["mentions"]}
    assert {"mike-pompeo", "kang-kyung-wha"} <= ids
    where = subprocess.run(
        [str(py), "-c", "import entnorm; print(entnorm.DEFAULT)"], capture_output=True, text=True, cwd=tmp_path
    )
    assert "site-packages" in where.stdout
