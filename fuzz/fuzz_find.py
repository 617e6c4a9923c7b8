#!/usr/bin/env python
"""Coverage-guided fuzz target for ``Normalizer.find`` (atheris / libFuzzer).

The input bytes are decoded as UTF-8 with ``errors="surrogateescape"``, so seed files are
plain articles and any invalid byte becomes a lone surrogate (which ``find`` must survive).
Every result is checked against the invariants ``find`` promises; a failed check raises and
libFuzzer saves the input as ``crash-*``.

Run (see fuzz/README.md)::

    python fuzz/fuzz_find.py -max_total_time=600 fuzz/corpus_find
"""

from __future__ import annotations

import sys

try:
    import atheris
except ImportError:  # the invariant check stays importable without atheris
    atheris = None

if atheris is not None:
    with atheris.instrument_imports(include=["entnorm"]):
        import entnorm
else:  # pragma: no cover
    import entnorm

NZ = entnorm.load()


def check(nz: entnorm.Normalizer, text: str) -> list[entnorm.Mention]:
    """Run ``find`` and assert every promised invariant; returns the mentions."""
    mentions = nz.find(text)
    previous_end = 0
    for m in mentions:
        assert 0 <= m.start < m.end <= len(text), (m, len(text))
        assert text[m.start : m.end] == m.text, m
        assert m.start >= previous_end, ("overlap or unsorted", m, previous_end)
        previous_end = m.end
        assert 0.0 <= m.score <= 1.0, m
        assert m.entity_id in nz, m
        entity = nz.get(m.entity_id)
        assert entity is not None and entity.name == m.name and entity.type == m.type, m
    return mentions


def TestOneInput(data: bytes) -> None:
    text = data.decode("utf-8", "surrogateescape")
    first = check(NZ, text)
    # Determinism within the process (the fuzzy cache is warm the second time).
    assert NZ.find(text) == first


def main() -> None:
    if atheris is None:
        sys.exit("atheris is not installed: pip install atheris")
    atheris.Setup(sys.argv, TestOneInput)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
