"""Errors raised at the library's boundary."""

from __future__ import annotations

from typing import Any

__all__ = ["AliasFileError", "WorkerError"]


class AliasFileError(ValueError):
    """An alias file could not be used: says which file, which line and what is wrong.

    ``path`` is the file as given, ``line`` is 1-based (``None`` when the problem has no
    line, e.g. an unreadable file) and ``problem`` is a sentence a user can act on.
    """

    def __init__(self, path: str, line: int | None, problem: str) -> None:
        self.path = str(path)
        self.line = line
        self.problem = problem
        where = f"{self.path}:{line}" if line is not None else self.path
        super().__init__(f"{where}: {problem}")

    def __reduce__(self) -> tuple[type[AliasFileError], tuple[str, int | None, str]]:
        return (type(self), (self.path, self.line, self.problem))


class WorkerError(RuntimeError):
    """A worker process of ``pipe(n_process > 1)`` died or could not start, so ``pipe`` stopped.

    Raised instead of waiting: a dead worker's batch will never come back, and a worker that
    failed at start-up would fail again if restarted. The message names the cause where it is
    known; ``exitcode`` is the worker's (negative: killed by that signal, e.g. ``-9`` for
    SIGKILL), or ``None`` when no worker was started or its code is unknown.
    """

    def __init__(self, message: str, *, exitcode: int | None = None) -> None:
        self.exitcode = exitcode
        super().__init__(message)

    def __reduce__(self) -> tuple[Any, ...]:
        return (_worker_error, (str(self), self.exitcode))


def _worker_error(message: str, exitcode: int | None) -> WorkerError:
    return WorkerError(message, exitcode=exitcode)
