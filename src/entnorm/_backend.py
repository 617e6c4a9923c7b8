"""Which path runs the scan: the compiled kernel (``_cscan``, C) or pure Python.

``pip install`` compiles ``_cscan.c`` where a C compiler and the Python headers exist
(``setup.py``); the kernel takes the per-character and per-window loops of the scan, and the
Python functions it replaces stay in the package as the reference, and as the path taken when:

- ``ENTNORM_PURE_PYTHON=1`` is set at import (CI runs the whole suite both ways);
- no kernel is installed (no compiler at install, or ``ENTNORM_NO_COMPILE=1``);
- the kernel does not load (built for another Python), or was built from another ``_cscan.c``
  than the one beside it (an editable install after an edit: stale, with a warning).
"""

from __future__ import annotations

import hashlib
import importlib
import importlib.util
import os
import warnings
from array import array
from collections.abc import Callable, Collection, Sequence
from pathlib import Path
from typing import Protocol, cast

__all__ = ["BACKEND", "KERNEL", "REASON", "Kernel", "choose", "source_digest"]

_SOURCE = Path(__file__).resolve().parent / "_cscan.c"


class Kernel(Protocol):
    """What the Python side calls in the kernel (typed in ``_cscan.pyi``)."""

    SOURCE_DIGEST: str

    def set_classes(
        self,
        syllabic: Sequence[tuple[int, int]],
        katakana: Sequence[tuple[int, int]],
        marks: Sequence[tuple[int, int]],
        /,
    ) -> None: ...

    def tokenize(
        self, text: str, info: dict[str, tuple[str, int]], token_info: Callable[[str], tuple[str, int]], /
    ) -> tuple[list[int], list[int], list[str], list[int]]: ...

    def pack(self, keys: list[str], values: list[int] | None, deletions: bool, /) -> bytes: ...

    def probe(self, words: array[int], limit: int, key: str, deletions: bool, /) -> set[int]: ...

    def windows(
        self, doc: object, index: object, hyphens: Collection[str], connectors: Collection[str], /
    ) -> list[tuple[int, int, str, int | None, bool]]: ...

    def cues(
        self,
        text: str,
        starts: list[int],
        ends: list[int],
        folds: list[str],
        flags: list[int],
        quiet: frozenset[str],
        hyphens: str,
        dots: str,
        apostrophes: str,
        /,
    ) -> tuple[list[str], list[bool], list[int], list[bool], list[bool], list[bool], list[bool]]: ...


def source_digest(path: Path | None = None) -> str:
    """SHA-256 of the kernel's C source (``_cscan.c``): ``setup.py`` compiles it into the kernel."""
    return hashlib.sha256((path or _SOURCE).read_bytes()).hexdigest()


def choose() -> tuple[Kernel | None, str]:
    """The kernel this process should use (``None``: pure Python), and why."""
    if os.environ.get("ENTNORM_PURE_PYTHON", "") not in ("", "0"):
        return None, "ENTNORM_PURE_PYTHON is set"
    name = f"{__package__ or 'entnorm'}._cscan"
    if importlib.util.find_spec(name) is None:
        return None, "no compiled kernel is installed"
    try:
        _cscan = cast(Kernel, importlib.import_module(name))
    except ImportError as exc:  # built for another Python, or broken on disk
        return None, f"the compiled kernel does not load ({exc})"
    if _SOURCE.is_file() and _cscan.SOURCE_DIGEST != source_digest():
        why = "the compiled kernel is older than _cscan.c beside it"
        warnings.warn(
            f"entnorm: {why}; running pure Python. Rebuild with `pip install -e .` "
            "(or set ENTNORM_PURE_PYTHON=1 to silence this).",
            RuntimeWarning,
            stacklevel=2,
        )
        return None, why
    return _cscan, "compiled kernel matches its source"


KERNEL, REASON = choose()
BACKEND = "compiled" if KERNEL is not None else "python"
"""``"compiled"`` when the scan's loops run in the C kernel, ``"python"`` otherwise (see ``REASON``)."""
