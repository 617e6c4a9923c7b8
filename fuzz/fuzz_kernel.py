#!/usr/bin/env python
"""Differential fuzz target for the compiled kernel (``entnorm._cscan``) (atheris / libFuzzer).

Each input becomes a text, and the kernel's ``tokenize``, ``cues`` and ``windows`` must return
exactly what their pure-Python references (``_folding._tokenize_python``,
``_matching._cues_python``, ``_matching._probes_python``) return on it, over the bundled
table; ``pack`` of the text's tokens with their deletions what
``PackedMultimap._of_keys_python`` packs, and ``probe`` of each token in the bundled index
what ``PackedMultimap._near_python`` finds; a crash of the kernel kills the process, which
libFuzzer also keeps. Two decodings, chosen by the first byte: even, the rest as UTF-8 with
``errors="surrogateescape"`` (articles as seeds; bad bytes become lone surrogates); odd, every
three bytes one code point modulo 0x110000 (any code point, lone surrogates and astral planes
included, which UTF-8 seeds rarely reach).

atheris guides by coverage of the Python side (the references, instrumented); the C kernel is
not instrumented, so the search is blind inside it, and the comparison is what catches it out.

Run (see fuzz/README.md)::

    python fuzz/fuzz_kernel.py -max_total_time=600 fuzz/corpus_kernel
"""

from __future__ import annotations

import sys
from array import array

try:
    import atheris
except ImportError:  # the check stays importable without atheris
    atheris = None

if atheris is not None:
    with atheris.instrument_imports(include=["entnorm"]):
        import entnorm
        from entnorm import _backend, _folding, _matching
        from entnorm._packed import MAX_VALUE, PackedMultimap
else:  # pragma: no cover
    import entnorm
    from entnorm import _backend, _folding, _matching
    from entnorm._packed import MAX_VALUE, PackedMultimap

try:
    from entnorm import _cscan as KERNEL
except ImportError:  # no compiled kernel in this install: nothing to compare
    KERNEL = None

if KERNEL is not None and _backend.KERNEL is None:  # ENTNORM_PURE_PYTHON=1: classes not yet set
    _folding.give_classes(KERNEL)

INDEX = entnorm.load()._index


def text_of(data: bytes) -> str:
    """The text an input stands for (see the module docstring)."""
    if not data or data[0] % 2 == 0:
        return data[1:].decode("utf-8", "surrogateescape")
    body = data[1:]
    return "".join(chr(int.from_bytes(body[k : k + 3], "little") % 0x110000) for k in range(0, len(body) - 2, 3))


def kernel_cues(tokens: _folding.Tokens) -> tuple[list[object], ...]:
    """The kernel's ``cues`` of tokens, called as ``_matching.Doc`` calls it."""
    assert KERNEL is not None
    m = _matching
    args = (m._QUIET_WORDS, m._HYPHEN_CHARS, m._DOT_CHARS, m._APOSTROPHE_CHARS)
    return KERNEL.cues(tokens.text, tokens.starts, tokens.ends, tokens.folds, tokens.flags, *args)


def check(text: str) -> None:
    """Kernel and reference agree on the tokens, cues, windows, packed keys and probes of ``text``."""
    assert KERNEL is not None
    got = KERNEL.tokenize(text, _folding._INFO, _folding._token_info)
    want = _folding._tokenize_python(text)
    assert got == (want.starts, want.ends, want.folds, want.flags), ("tokens differ", text)
    assert kernel_cues(want) == _matching._cues_python(want), ("cues differ", text)
    doc = _matching.Doc(want)
    probes = KERNEL.windows(doc, INDEX, _matching._HYPHENS, _matching.CONNECTORS)
    assert probes == list(_matching._probes_python(doc, INDEX)), ("windows differ", text)
    # folded keys and the raw tokens (any script); a lone surrogate makes both raise, so none
    keys = [*want.folds, *(text[s:e] for s, e in zip(want.starts, want.ends))]
    keys = [k for k in keys if not any("\ud800" <= c <= "\udfff" for c in k)]
    packed = array("Q")
    packed.frombytes(KERNEL.pack(keys, None, True))
    assert packed == PackedMultimap._of_keys_python(keys, deletions=True).words, ("pack differs", keys)
    near = INDEX.neighbours
    for k in keys[:50]:
        assert KERNEL.probe(near.words, MAX_VALUE + 1, k, True) == near._near_python(k), ("probe differs", k)


def TestOneInput(data: bytes) -> None:
    if KERNEL is not None:
        check(text_of(data))


def main() -> None:
    if atheris is None:
        sys.exit("atheris is not installed: pip install atheris")
    if KERNEL is None:
        sys.exit("the compiled kernel is not built: pip install -e . with a C compiler")
    atheris.Setup(sys.argv, TestOneInput)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
