#!/usr/bin/env python
"""Coverage-guided fuzz target for the alias-file reader (atheris / libFuzzer).

The input bytes go through the same decoding as ``read_alias_file`` (UTF-8, optional BOM);
half the time they are instead decoded with ``errors="surrogateescape"`` and handed straight
to ``read_alias_text``, which must cope with any ``str``. The reader must either return
entries or raise :class:`entnorm.AliasFileError`; any other exception is a bug. When it
returns entries, they are merged and loaded into a ``Normalizer`` and ``find`` is run over
their own names, with the usual invariants checked.

Run (see fuzz/README.md)::

    python fuzz/fuzz_aliases.py -max_total_time=600 fuzz/corpus_aliases
"""

from __future__ import annotations

import sys

try:
    import atheris
except ImportError:
    atheris = None

if atheris is not None:
    with atheris.instrument_imports(include=["entnorm"]):
        import entnorm
        from entnorm import _table
else:  # pragma: no cover
    import entnorm
    from entnorm import _table


def _check_find(nz: entnorm.Normalizer, text: str) -> None:
    previous_end = 0
    for m in nz.find(text):
        assert 0 <= m.start < m.end <= len(text), (m, len(text))
        assert text[m.start : m.end] == m.text, m
        assert m.start >= previous_end, ("overlap or unsorted", m, previous_end)
        previous_end = m.end
        assert 0.0 <= m.score <= 1.0, m
        entity = nz.get(m.entity_id)
        assert entity is not None and entity.name == m.name, m


def TestOneInput(data: bytes) -> None:
    try:
        if data[:1] == b"\x00":
            text = data[1:].decode("utf-8", "surrogateescape")
        else:
            text = _table._decode(data, "<fuzz>")
        entries = _table.read_alias_text(text, path="<fuzz>")
    except entnorm.AliasFileError as exc:
        assert exc.path == "<fuzz>", exc
        assert exc.line is None or exc.line >= 1, exc
        assert exc.problem, exc
        return
    try:
        entities = _table.merge_tables([entries])
    except entnorm.AliasFileError:
        return  # an extension entry with no earlier file: a documented error
    nz = entnorm.Normalizer(entities)
    names = [name for e in entities[:20] for name in e.all_names()[:5]]
    _check_find(nz, " said. ".join(names) + ".")


def main() -> None:
    if atheris is None:
        sys.exit("atheris is not installed: pip install atheris")
    atheris.Setup(sys.argv, TestOneInput)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
