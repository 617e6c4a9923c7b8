"""Documents as JSON lines: one object a line, its text in a named field, nothing skipped.

The command line (``entnorm find --text-field``) and the cluster helpers
(:mod:`entnorm.distributed`) read the same shape and must refuse the same bad lines with the
same message: a line that is not a JSON object, or whose text field is missing or not a
string, raises :class:`JsonlError` naming the source and line (``file:3: ...``, or
``line 3: ...`` without a source). Blank lines are not records.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from typing import Any

__all__ = ["JsonlError", "read_records"]


class JsonlError(ValueError):
    """A JSON line that cannot be a document; the message names the source and line."""


def read_records(
    lines: Iterable[str], *, text_field: str, source: str | None = None
) -> Iterator[tuple[int, dict[str, Any], str]]:
    """``(line number, record, text)`` for every non-blank line, numbered from 1."""
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        where = f"{source}:{number}" if source else f"line {number}"
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            raise JsonlError(f"{where}: not valid JSON ({exc.msg} at column {exc.colno})") from None
        if not isinstance(record, dict):
            raise JsonlError(f"{where}: expected a JSON object, got {type(record).__name__}")
        text = record.get(text_field)
        if text is None:
            raise JsonlError(f"{where}: no {text_field!r} field")
        if not isinstance(text, str):
            raise JsonlError(f"{where}: field {text_field!r} is {type(text).__name__}, not a string")
        yield number, record, text
