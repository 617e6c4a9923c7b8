"""``explain``: the verdicts are exactly ``find``'s, every rejection has a specific reason."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import entnorm
from _samples import load_samples
from entnorm.explain import Explanation, explain, format_explanation

DEV = Path("/work/shared/corpus/dev/articles.jsonl")


@pytest.fixture(scope="module")
def nz() -> entnorm.Normalizer:
    return entnorm.load()


def _texts() -> list[str]:
    texts = [s.text for s in load_samples()]
    if DEV.exists():
        texts += [json.loads(line)["text"] for line in DEV.read_text(encoding="utf-8").splitlines() if line.strip()]
    return texts


def _linked(ex: Explanation) -> list[tuple[int, int, str]]:
    return [(s.start, s.end, s.kept.entity_id) for s in ex.spans if s.kept is not None]


def test_kept_equals_find_on_samples(nz: entnorm.Normalizer) -> None:
    for text in _texts():
        ex = explain(nz, text)
        assert _linked(ex) == [(m.start, m.end, m.entity_id) for m in nz.find(text)]
        assert list(ex.mentions) == nz.find(text)
        for s in ex.spans:
            assert text[s.start : s.end] == s.text
            assert sum(c.kept for c in s.candidates) <= 1


def test_every_rejection_has_a_specific_reason(nz: entnorm.Normalizer) -> None:
    """The selection policy records a sentence for every candidate it drops."""
    for text in _texts():
        ex = explain(nz, text)
        for s in ex.spans:
            for c in s.candidates:
                assert c.reason and c.reason != "not placed"


def test_read_only(nz: entnorm.Normalizer) -> None:
    text = _texts()[0]
    before = nz.find(text)
    explain(nz, text)
    explain(nz, text)
    assert nz.find(text) == before


def _span(ex: Explanation, surface: str, nth: int = 0) -> tuple[str, ...]:
    spans = [s for s in ex.spans if s.text == surface]
    assert len(spans) > nth, [s.text for s in ex.spans]
    return tuple(c.reason for c in spans[nth].candidates if not c.kept)


def test_reason_another_person(nz: entnorm.Normalizer) -> None:
    ex = explain(nz, "Vice President Sara Duterte spoke in Manila.")
    reasons = _span(ex, "Duterte")
    assert reasons and all("another person beside it" in r for r in reasons)
    assert "'Sara'" in reasons[0]


def test_reason_not_a_reference(nz: entnorm.Normalizer) -> None:
    ex = explain(nz, "Theresa May spoke. The vote was in May 2019.")
    assert _linked(ex)[0][2] == "theresa-may"
    assert any("part of the longer name 'Theresa May'" in r for r in _span(ex, "May", 0))
    assert any("not a reference" in r for r in _span(ex, "May", 1))


def test_reason_overlapped_by_longer(nz: entnorm.Normalizer) -> None:
    ex = explain(nz, "Ministers met at the ASEAN Regional Forum in Bangkok.")
    reasons = _span(ex, "ASEAN")
    assert any("overlapped by longer mention 'ASEAN Regional Forum'" in r for r in reasons)


def test_reason_ambiguous_partial(nz: entnorm.Normalizer) -> None:
    ex = explain(nz, "Kim Jong-un and Kim Yo-jong arrived. Kim spoke first.")
    spans = [s for s in ex.spans if s.text == "Kim"]
    assert spans and spans[0].kept is None
    ids = {c.entity_id for c in spans[0].candidates}
    assert ids == {"kim-jong-un", "kim-yo-jong"}
    assert all("ambiguous" in c.reason for c in spans[0].candidates)


def test_reason_part_without_full_name(nz: entnorm.Normalizer) -> None:
    ex = explain(nz, "A spokesman named Kishida said nothing.")
    if not any(s.text == "Kishida" for s in ex.spans):
        pytest.skip("Kishida is listed on its own in this table")
    s = next(s for s in ex.spans if s.text == "Kishida")
    if s.kept is None:
        assert any("never names them in full" in c.reason or "none of whom" in c.reason for c in s.candidates)


def test_reason_needs_support(nz: entnorm.Normalizer) -> None:
    # Collect every reason over the samples: the main rejection kinds all occur.
    seen: set[str] = set()
    for text in _texts():
        for s in explain(nz, text).spans:
            for c in s.candidates:
                if not c.kept:
                    seen.add(c.reason.split(":")[0].split(" (")[0].split(" between")[0])
    for expected in ("overlapped by longer mention", "needs support", "ambiguous", "another person beside it"):
        assert any(r.startswith(expected) for r in seen), (expected, sorted(seen))


def test_format(nz: entnorm.Normalizer) -> None:
    ex = explain(nz, "Kim Jong-un and Kim Yo-jong arrived. Kim spoke first. Ponpeo too.")
    out = format_explanation(ex)
    assert "→ kim-jong-un" in out and "→ not linked" in out and "ambiguous" in out
    assert "mention(s) linked" in out
    rejected = format_explanation(ex, only_rejected=True)
    assert "→ kim-jong-un" not in rejected and "→ not linked" in rejected
    assert format_explanation(explain(nz, "nothing here")).startswith("(no candidate spans)")


def test_type_error(nz: entnorm.Normalizer) -> None:
    with pytest.raises(TypeError):
        explain(nz, b"bytes")  # type: ignore[arg-type]
