"""A built wheel installs into a fresh virtual environment and works with the bundled table."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import venv
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.skipif(os.environ.get("ENTNORM_SKIP_WHEEL") == "1", reason="ENTNORM_SKIP_WHEEL=1")
@pytest.mark.parametrize("compiler", ["cc", "broken"])
def test_wheel_installs_and_finds(tmp_path: Path, compiler: str) -> None:
    """With a C compiler the wheel carries the kernel and the typed modules compiled by mypyc;
    with one that fails (CC=false: a machine without a working compiler) the build still
    succeeds, as the pure-Python package."""
    wheels = tmp_path / "wheels"
    # Build from a copy: pip builds in the tree, and setuptools reuses a kernel left in build/.
    tree = tmp_path / "tree"
    for part in ("pyproject.toml", "setup.py", "MANIFEST.in", "README.md", "data/aliases.yaml"):
        (tree / part).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(ROOT / part, tree / part)
    shutil.copytree(
        ROOT / "src", tree / "src", ignore=shutil.ignore_patterns("__pycache__", "*.so", "*.pyd", "*.egg-info")
    )
    env = {k: v for k, v in os.environ.items() if k not in ("ENTNORM_PURE_PYTHON", "ENTNORM_NO_COMPILE")}
    if compiler == "broken":
        env["CC"] = "false"
    build = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(wheels), str(tree)],
        capture_output=True,
        text=True,
        check=False,
        env=env,
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
    clean = {k: v for k, v in os.environ.items() if k != "ENTNORM_PURE_PYTHON"}
    version = subprocess.run([str(env_dir / "bin" / "entnorm"), "--version"], capture_output=True, text=True, env=clean)
    said = " ".join(version.stdout.split())  # argparse wraps it to the terminal's width
    if compiler == "broken":
        assert "(python backend: no C kernel: no compiled kernel is installed; typed modules as Python: " in said
    else:  # compiled, and running compiled in a venv without mypy: nothing of mypyc needed at run time
        assert "(compiled backend: C kernel; 7 modules by mypyc)" in said
