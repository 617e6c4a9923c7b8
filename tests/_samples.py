"""Loader for the gold-annotated sample articles in ``tests/samples/``.

Each sample is one ``NN-slug.txt`` file:

* lines at the very top that start with ``# `` are header comments (title, coverage and
  one ``# distractor: <string> — <why>`` line per deliberate distractor);
* the rest is the article, with every mention of a table entity written inline as
  ``[[surface|entity-id|kind]]``.

``Sample.text`` is the article with the header and the markup removed: the body after the
header, with leading blank lines dropped and trailing whitespace replaced by a single
``"\\n"``. Gold offsets are Python ``str`` (code point) offsets into that text, ``end``
exclusive. See ``tests/samples/README.md`` for the annotation conventions.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

__all__ = ["KINDS", "SAMPLES_DIR", "Gold", "Sample", "load_sample", "load_samples", "parse_sample"]

SAMPLES_DIR = Path(__file__).resolve().parent / "samples"
KINDS: tuple[str, ...] = ("exact", "variant", "partial", "native")

_MARKUP = re.compile(r"\[\[([^\[\]|\n]+)\|([a-z0-9][a-z0-9-]*)\|([a-z]+)\]\]")
_DISTRACTOR = re.compile(r"^#\s*distractor:\s*(.+?)\s+[—–]\s+.*$")
_FILE = re.compile(r"^\d{2}-[a-z0-9-]+\.txt$")


@dataclass(frozen=True)
class Gold:
    """One gold mention: ``text == sample.text[start:end]``."""

    start: int
    end: int
    text: str
    entity_id: str
    kind: str


@dataclass(frozen=True)
class Sample:
    name: str
    text: str
    mentions: list[Gold] = field(default_factory=list)
    distractors: list[str] = field(default_factory=list)
    header: list[str] = field(default_factory=list)


def parse_sample(raw: str, name: str = "<string>") -> Sample:
    """Parse one marked-up sample file's content."""
    raw = raw.replace("\r\n", "\n")
    lines = raw.split("\n")
    header: list[str] = []
    i = 0
    while i < len(lines) and (lines[i].startswith("# ") or lines[i] == "#"):
        header.append(lines[i])
        i += 1
    body = "\n".join(lines[i:]).lstrip("\n").rstrip() + "\n"

    distractors: list[str] = []
    for line in header:
        m = _DISTRACTOR.match(line)
        if m:
            distractors.append(m.group(1))
        elif line.lower().startswith("# distractor"):
            raise ValueError(f"{name}: malformed distractor line {line!r}")

    out: list[str] = []
    mentions: list[Gold] = []
    pos = 0  # position in body
    length = 0  # length of out so far
    for m in _MARKUP.finditer(body):
        chunk = body[pos : m.start()]
        out.append(chunk)
        length += len(chunk)
        surface, entity_id, kind = m.group(1), m.group(2), m.group(3)
        if kind not in KINDS:
            raise ValueError(f"{name}: unknown kind {kind!r} in {m.group(0)!r}")
        mentions.append(Gold(length, length + len(surface), surface, entity_id, kind))
        out.append(surface)
        length += len(surface)
        pos = m.end()
    out.append(body[pos:])
    text = "".join(out)
    if "[[" in text or "]]" in text:
        bad = text[max(0, text.find("[[")) :][:60]
        raise ValueError(f"{name}: unparsed markup near {bad!r}")
    return Sample(name=name, text=text, mentions=mentions, distractors=distractors, header=header)


def load_sample(path: Path) -> Sample:
    return parse_sample(path.read_text(encoding="utf-8"), name=path.stem)


def load_samples(directory: Path = SAMPLES_DIR) -> list[Sample]:
    """All ``NN-slug.txt`` samples in ``directory``, sorted by file name."""
    return [load_sample(p) for p in sorted(directory.iterdir()) if _FILE.match(p.name)]
