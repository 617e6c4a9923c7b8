"""Build entnorm, compiling where a C compiler exists: the scan's kernel (``src/entnorm/_cscan.c``)
and the typed modules of the hot path, by mypyc, from the very same ``.py`` files the
pure-Python path runs (``TYPED_MODULES``).

Both are optional: with ``ENTNORM_NO_COMPILE=1``, or when the compiler (or mypyc) is missing or
fails, the build goes on and installs the pure-Python package, which runs the same code in
Python (``entnorm._backend`` chooses at import). The kernel records the SHA-256 of the source
it was compiled from, and ``_compiled.json`` beside the compiled modules the SHA-256 of every
``.py`` of the package and of every compiled file, so that an editable install can tell stale
compiled code from current code, and a damaged file from a sound one.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sys
from pathlib import Path

from setuptools import Extension, setup
from setuptools.command.build_ext import build_ext
from setuptools.command.build_py import build_py

ROOT = Path(__file__).resolve().parent
KERNEL = "src/entnorm/_cscan.c"
# The modules mypyc compiles: the per-token and per-candidate Python of ``find`` and of the
# index build. Each stays in the package as source too (the pure-Python path, and the reference).
TYPED_MODULES = ("_columns", "_folding", "_keys", "_known_names", "_lexicon", "_matching", "_selection")
MANIFEST = "_compiled.json"  # SHA-256 of the package's sources and of the compiled files


def _extensions() -> list[Extension]:
    if os.environ.get("ENTNORM_NO_COMPILE", "") not in ("", "0"):
        print("entnorm: ENTNORM_NO_COMPILE is set: building the pure-Python package", file=sys.stderr)
        return []
    digest = _sha256(ROOT / KERNEL)
    args = [] if sys.platform == "win32" else ["-O2", "-g0"]
    return [
        Extension(
            "entnorm._cscan",
            [KERNEL],
            define_macros=[("ENTNORM_SOURCE_DIGEST", f'"{digest}"')],
            extra_compile_args=args,
        )
    ]


_TYPED: list[Extension] = []  # mypyc's extensions, made once per build (finalize_options may run again)


class OptionalBuildExt(build_ext):
    """Compile the kernel and the typed modules if this machine can; otherwise say so and
    install pure Python. The typed modules are compiled together or not at all (mypyc links
    them into one library, ``entnorm__mypyc``)."""

    def finalize_options(self) -> None:
        # Before setuptools finalizes the extension list: it prepares each extension there.
        if self.distribution.ext_modules and not _TYPED:
            _TYPED.extend(self._typed_extensions())
            self.distribution.ext_modules = [*self.distribution.ext_modules, *_TYPED]
        super().finalize_options()

    def run(self) -> None:
        self._built: set[str] = set()
        try:
            super().run()
        except Exception as exc:  # no compiler at all (CCompilerError, PlatformError, ...)
            print(f"entnorm: cannot compile ({exc}): installing the pure-Python package", file=sys.stderr)
        self._record()

    def _typed_extensions(self) -> list[Extension]:
        """mypyc's extensions for ``TYPED_MODULES`` (none where mypyc is missing or fails)."""
        try:
            from mypyc.build import mypycify
        except ImportError:
            print("entnorm: mypyc is not installed: the typed modules run as pure Python", file=sys.stderr)
            return []
        try:
            return list(
                mypycify(
                    [f"src/entnorm/{m}.py" for m in TYPED_MODULES],
                    opt_level="3",
                    debug_level="0",
                    group_name="entnorm",
                    target_dir=os.path.join("build", "mypyc"),
                )
            )
        except (Exception, SystemExit) as exc:  # mypy reports type errors by exiting
            print(f"entnorm: mypyc failed ({exc!r}): the typed modules run as pure Python", file=sys.stderr)
            return []

    def build_extension(self, ext: Extension) -> None:
        try:
            super().build_extension(ext)
        except Exception as exc:
            print(f"entnorm: compiling {ext.name} failed ({exc}): it runs as pure Python", file=sys.stderr)
            Path(self.get_ext_fullpath(ext.name)).unlink(missing_ok=True)
            ext.optional = True  # an editable install then copies the others in place, not fails
        else:
            self._built.add(ext.name)

    def _record(self) -> None:
        """Write the manifest beside typed modules compiled by this very build; otherwise
        remove every typed output and manifest an earlier build left, in ``build/`` and (in an
        editable install) in ``src/``, so that no old compiled code passes for current."""
        names = [*(f"entnorm.{m}" for m in TYPED_MODULES), "entnorm__mypyc"]
        fresh = bool(_TYPED) and {ext.name for ext in _TYPED} <= self._built
        for inplace in (False, True) if self.inplace else (False,):
            outputs = [self._output(name, inplace) for name in names]
            manifest = self._output("entnorm._compiled", inplace).with_name(MANIFEST)
            if fresh and all(p.is_file() for p in outputs):
                root = manifest.parent.parent  # site-packages, build/lib... or src/
                compiled = {p.relative_to(root).as_posix(): _sha256(p) for p in outputs}
                record = {"sources": _sources(), "compiled": compiled}
                manifest.write_text(json.dumps(record, indent=1, sort_keys=True) + "\n", encoding="utf-8")
                continue
            for p in (*outputs, manifest):
                p.unlink(missing_ok=True)
        if not fresh and _TYPED:
            print("entnorm: the typed modules were not all compiled: they run as pure Python", file=sys.stderr)

    def _output(self, name: str, inplace: bool) -> Path:
        saved, self.inplace = self.inplace, inplace
        try:
            return Path(self.get_ext_fullpath(name))
        finally:
            self.inplace = saved


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _sources() -> dict[str, str]:
    """SHA-256 of every module of the package: the compiled code assumes the types of the
    modules it imports too, so an edit of any of them makes it stale (``entnorm._backend``)."""
    return {p.name: _sha256(p) for p in sorted((ROOT / "src" / "entnorm").glob("*.py"))}


class BuildPy(build_py):
    """Ship the bundled table (top-level ``data/aliases.yaml``) inside the package."""

    def run(self) -> None:
        super().run()
        target = Path(self.build_lib) / "entnorm" / "data" / "aliases.yaml"
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(ROOT / "data" / "aliases.yaml", target)


setup(ext_modules=_extensions(), cmdclass={"build_ext": OptionalBuildExt, "build_py": BuildPy})
