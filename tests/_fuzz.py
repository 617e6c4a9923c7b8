"""Load a fuzz target from fuzz/ as a module (the targets are scripts, not a package)."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

FUZZ_DIR = Path(__file__).resolve().parents[1] / "fuzz"


def load_target(name: str) -> ModuleType:
    """The module ``fuzz/<name>.py``, imported once per test session."""
    module = sys.modules.get(f"_fuzz_{name}")
    if module is None:
        spec = importlib.util.spec_from_file_location(f"_fuzz_{name}", FUZZ_DIR / f"{name}.py")
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        sys.modules[spec.name] = module
        spec.loader.exec_module(module)
    return module
