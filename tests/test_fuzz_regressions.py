"""Every input the fuzz targets in fuzz/ crashed on, kept so the bug stays fixed.

Each entry is the exact crash input libFuzzer saved (``fuzz/artifacts/crash-*``), the
target it crashed, and what went wrong. The test runs the input through the public API and
through the target's own ``TestOneInput`` (which asserts every invariant).
"""

from __future__ import annotations

import pytest

import entnorm
from _fuzz import load_target
from entnorm import _table

# (target, input, what broke)
CRASHES = [
    pytest.param(
        "fuzz_aliases",
        bytes.fromhex("00000000000000253a0a20202de0969bc5df9ef5d6202020616c69617365733a205b785d0a"),
        id="aliases-lone-surrogate",
        # read_alias_text() got a str with lone surrogates (surrogateescape-decoded bytes);
        # libyaml raised UnicodeEncodeError instead of AliasFileError. Fixed in _table.py.
    ),
]


@pytest.mark.parametrize(("target", "data"), CRASHES)
def test_crash_input_no_longer_crashes(target: str, data: bytes) -> None:
    load_target(target).TestOneInput(data)


@pytest.mark.parametrize("loader", ["CSafeLoader", "SafeLoader"])
def test_lone_surrogate_in_alias_text_is_an_alias_file_error(monkeypatch: pytest.MonkeyPatch, loader: str) -> None:
    import yaml

    if not hasattr(yaml, loader):
        pytest.skip("PyYAML built without libyaml")
    monkeypatch.setattr(_table, "_LOADER", getattr(yaml, loader))
    text = b"entities:\n  - id: a\n    name: Jos\xe9\n    type: PERSON\n".decode("utf-8", "surrogateescape")
    with pytest.raises(entnorm.AliasFileError) as info:
        _table.read_alias_text(text, path="x.yaml")
    assert (info.value.path, info.value.line) == ("x.yaml", 3)
    assert "U+DCE9" in info.value.problem and "surrogate" in info.value.problem
