"""Which path runs: compiled code (the C kernel ``_cscan``, and the typed modules compiled by
mypyc) or pure Python.

``pip install`` compiles where a C compiler and the Python headers exist (``setup.py``):

- ``_cscan.c``, the kernel: the per-character and per-window loops of the scan. The Python
  functions it replaces stay in the package as the reference.
- the typed modules of the hot path (``TYPED_MODULES``: matching, selection, folding, keys ...),
  compiled by mypyc from the very ``.py`` files that also ship: one source, two ways.

Pure Python runs (the ``.py`` files are imported, not the compiled modules) when:

- ``ENTNORM_PURE_PYTHON=1`` is set at import (CI runs the whole suite both ways);
- nothing was compiled (no compiler at install, or ``ENTNORM_NO_COMPILE=1``);
- the compiled code does not load (built for another Python), is damaged, or was built from
  other sources than those beside it (an editable install after an edit: stale, with a
  warning). The kernel and the typed modules are judged apart; the typed modules all
  together, since mypyc links them into one library (a stale one would run old code of the
  others), and against every module of the package, whose types the compiled code assumes.

This module is imported first by ``entnorm/__init__.py``: its choice of the typed modules
must be made before any of them is imported.
"""

from __future__ import annotations

import hashlib
import importlib
import importlib.abc
import importlib.machinery
import importlib.util
import json
import os
import sys
import warnings
from array import array
from collections.abc import Callable, Collection, Sequence
from pathlib import Path
from typing import Protocol, cast

__all__ = [
    "BACKEND",
    "KERNEL",
    "REASON",
    "TYPED",
    "TYPED_MODULES",
    "TYPED_REASON",
    "Kernel",
    "choose",
    "choose_typed",
    "describe",
    "source_digest",
]

_HERE = Path(__file__).resolve().parent
_SOURCE = _HERE / "_cscan.c"
_MANIFEST = _HERE / "_compiled.json"  # written by setup.py beside the modules mypyc compiled
# The modules setup.py has mypyc compile (its TYPED_MODULES; a test holds the two equal).
TYPED_MODULES = ("_columns", "_folding", "_keys", "_known_names", "_lexicon", "_matching", "_selection")


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

    def key_filter(self, keys: list[str], /) -> bytes: ...

    def extent(self, values: array[int], /) -> tuple[int, int]: ...

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
    return _digest(path or _SOURCE)


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


def choose_typed(manifest: Path | None = None) -> tuple[bool, str]:
    """Whether this process should import the typed modules compiled, and why (not).

    ``_compiled.json`` (written by ``setup.py`` beside the compiled modules) holds the SHA-256
    of every ``.py`` of the package when they were compiled, and of every compiled file. The
    compiled modules are used only if all of those still match: any edited module (the
    compiled code assumes the types of the modules it imports too) or damaged file sends
    all of them back to their sources. Their library is loaded from beside the package, not
    from wherever ``sys.path`` finds one of that name.
    """
    if os.environ.get("ENTNORM_PURE_PYTHON", "") not in ("", "0"):
        return False, "ENTNORM_PURE_PYTHON is set"
    manifest = manifest or _MANIFEST
    if not manifest.is_file():
        return False, "the typed modules were not compiled at install"
    try:
        record = json.loads(manifest.read_text(encoding="utf-8"))
        sources, compiled = dict(record["sources"]), dict(record["compiled"])
    except (OSError, ValueError, KeyError, TypeError) as exc:
        return False, f"{manifest.name} is unreadable ({exc})"
    root = manifest.parent.parent
    suffixes = tuple(importlib.machinery.EXTENSION_SUFFIXES)
    library = f"{manifest.parent.name}__mypyc"  # the one library mypyc links the modules into
    wanted = [f"{manifest.parent.name}/{name}" for name in TYPED_MODULES] + [library]
    names = {f.split(".", 1)[0] for f in compiled}
    if not set(wanted) <= names or not all(f.endswith(suffixes) for f in compiled):
        return False, f"{manifest.name} lists other modules than this package's"
    for name, digest in sorted(compiled.items()):
        path = root / name
        if not path.is_file():
            return False, f"no compiled {name} for this Python"
        if _digest(path) != digest:
            return False, f"the compiled {name} is damaged (its SHA-256 differs from the build's)"
    here = {p.name: p for p in _HERE.glob("*.py")}
    stale = sorted(n for n in set(here) | set(sources) if n not in here or _digest(here[n]) != sources.get(n))
    if stale:
        why = f"{', '.join(stale)} changed since the typed modules were compiled"
        warnings.warn(
            f"entnorm: {why}; running the typed modules as pure Python. Rebuild with `pip install -e .` "
            "(or set ENTNORM_PURE_PYTHON=1 to silence this).",
            RuntimeWarning,
            stacklevel=2,
        )
        return False, why
    (path,) = [root / f for f in compiled if f.split(".", 1)[0] == library]
    try:  # the shims beside the modules import it by name: from sys.modules, this very file
        spec = importlib.util.spec_from_file_location(library, path)
        if spec is None or spec.loader is None:
            raise ImportError(f"no loader for {path}")
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
    except ImportError as exc:  # built for another Python, or broken on disk
        return False, f"the compiled modules do not load ({exc})"
    sys.modules[library] = module
    return True, "compiled modules match their sources"


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


class _Sources(importlib.abc.MetaPathFinder):
    """Imports the typed modules from their ``.py`` files even where compiled ones sit beside
    them (Python's own finders prefer the compiled ones)."""

    def find_spec(
        self, fullname: str, path: object = None, target: object = None
    ) -> importlib.machinery.ModuleSpec | None:
        package, _, name = fullname.rpartition(".")
        if package != __package__ or name not in TYPED_MODULES:
            return None
        return importlib.util.spec_from_file_location(fullname, _HERE / f"{name}.py")


def _typed_from_source() -> None:
    if not any(isinstance(f, _Sources) for f in sys.meta_path):
        sys.meta_path.insert(0, _Sources())


def describe() -> str:
    """What runs compiled in this process, in a few words (``entnorm --version``)."""
    if KERNEL is None and not TYPED and REASON == TYPED_REASON:
        return REASON  # "ENTNORM_PURE_PYTHON is set"
    kernel = "C kernel" if KERNEL is not None else f"no C kernel: {REASON}"
    typed = f"{len(TYPED_MODULES)} modules by mypyc" if TYPED else f"typed modules as Python: {TYPED_REASON}"
    return f"{kernel}; {typed}"


KERNEL, REASON = choose()
TYPED, TYPED_REASON = choose_typed()
if not TYPED and all((_HERE / f"{n}.py").is_file() for n in TYPED_MODULES):
    _typed_from_source()  # compiled ones may sit beside the sources: stale, or not to be used
BACKEND = "compiled" if KERNEL is not None or TYPED else "python"
"""``"compiled"`` when the scan's loops run in the C kernel or the typed modules are compiled
(see ``REASON``, ``TYPED_REASON`` and :func:`describe`), ``"python"`` otherwise."""
