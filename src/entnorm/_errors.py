"""Errors raised at the library's boundary."""

from __future__ import annotations

__all__ = ["AliasFileError"]


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
