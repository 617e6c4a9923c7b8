"""Build entnorm, compiling the scan's kernel (``src/entnorm/_cscan.c``) where a C compiler exists.

The kernel is optional: with ``ENTNORM_NO_COMPILE=1``, or when the compiler is missing or
fails, the build goes on and installs the pure-Python package, which runs the same scan in
Python (``entnorm._backend`` chooses at import). The kernel records the SHA-256 of the source
it was compiled from, so that an editable install can tell a stale kernel from a current one.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import sys
from pathlib import Path

from setuptools import Extension, setup
from setuptools.command.build_ext import build_ext
from setuptools.command.build_py import build_py

ROOT = Path(__file__).resolve().parent
KERNEL = "src/entnorm/_cscan.c"


def _extensions() -> list[Extension]:
    if os.environ.get("ENTNORM_NO_COMPILE", "") not in ("", "0"):
        print("entnorm: ENTNORM_NO_COMPILE is set: building the pure-Python package", file=sys.stderr)
        return []
    digest = hashlib.sha256((ROOT / KERNEL).read_bytes()).hexdigest()
    args = [] if sys.platform == "win32" else ["-O2", "-g0"]
    return [
        Extension(
            "entnorm._cscan",
            [KERNEL],
            define_macros=[("ENTNORM_SOURCE_DIGEST", f'"{digest}"')],
            extra_compile_args=args,
        )
    ]


class OptionalBuildExt(build_ext):
    """Compile the kernel if this machine can; otherwise say so and install pure Python."""

    def run(self) -> None:
        try:
            super().run()
        except Exception as exc:  # no compiler at all (CCompilerError, PlatformError, ...)
            print(f"entnorm: cannot compile ({exc}): installing the pure-Python package", file=sys.stderr)

    def build_extension(self, ext: Extension) -> None:
        try:
            super().build_extension(ext)
        except Exception as exc:
            print(f"entnorm: compiling {ext.name} failed ({exc}): it runs as pure Python", file=sys.stderr)
            Path(self.get_ext_fullpath(ext.name)).unlink(missing_ok=True)


class BuildPy(build_py):
    """Ship the bundled table (top-level ``data/aliases.yaml``) inside the package."""

    def run(self) -> None:
        super().run()
        target = Path(self.build_lib) / "entnorm" / "data" / "aliases.yaml"
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(ROOT / "data" / "aliases.yaml", target)


setup(ext_modules=_extensions(), cmdclass={"build_ext": OptionalBuildExt, "build_py": BuildPy})
