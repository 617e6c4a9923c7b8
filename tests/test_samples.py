"""Data-driven: the bundled table over the gold sample articles in tests/samples/.

Every sample must come out exactly as annotated: no mention that is not in the gold, and
every gold mention found except those listed in ``samples/known_misses.txt`` (which must
still be missed, like a strict xfail, so the list cannot go stale).
"""

from __future__ import annotations

from pathlib import Path

import pytest

import entnorm
from _samples import SAMPLES_DIR, Sample, load_samples

SAMPLES = load_samples()
PERSON_VARIANTS = {"mike-pompeo", "kang-kyung-wha"}


def _known_misses() -> set[tuple[str, int, int, str]]:
    out = set()
    for line in (SAMPLES_DIR / "known_misses.txt").read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            name, start, end, entity_id = line.split()
            out.add((name, int(start), int(end), entity_id))
    return out


KNOWN_MISSES = _known_misses()


@pytest.fixture(scope="module")
def nz() -> entnorm.Normalizer:
    return entnorm.load()


def test_there_are_enough_samples() -> None:
    assert len(SAMPLES) >= 12
    kinds = {g.kind for s in SAMPLES for g in s.mentions}
    assert kinds == {"exact", "variant", "partial", "native"}


@pytest.mark.parametrize("sample", SAMPLES, ids=[s.name for s in SAMPLES])
def test_sample_article(nz: entnorm.Normalizer, sample: Sample) -> None:
    found = nz.find(sample.text)
    for m in found:
        assert sample.text[m.start : m.end] == m.text
    predicted = {(m.start, m.end, m.entity_id) for m in found}
    gold = {(g.start, g.end, g.entity_id) for g in sample.mentions}
    known = {(s, e, i) for (n, s, e, i) in KNOWN_MISSES if n == sample.name}
    assert known <= gold, "known_misses.txt lists a mention that is not in the gold"

    false_hits = sorted(predicted - gold)
    assert not false_hits, [(sample.text[s:e], i) for s, e, i in false_hits]
    misses = sorted(gold - predicted - known)
    assert not misses, [(sample.text[s:e], i) for s, e, i in misses]
    fixed = sorted(known & predicted)
    assert not fixed, f"now found, remove from known_misses.txt: {fixed}"


@pytest.mark.parametrize("sample", SAMPLES, ids=[s.name for s in SAMPLES])
def test_distractors_are_not_linked(nz: entnorm.Normalizer, sample: Sample) -> None:
    gold_spans = [(g.start, g.end) for g in sample.mentions]
    for m in nz.find(sample.text):
        assert (m.start, m.end) in gold_spans
    for distractor in sample.distractors:
        assert distractor in sample.text


def test_seed_style_article_finds_every_pompeo_and_kang_variant(nz: entnorm.Normalizer) -> None:
    sample = next(s for s in SAMPLES if s.name.startswith("01-kang-pompeo"))
    found = {(m.start, m.end): m.entity_id for m in nz.find(sample.text)}
    for g in sample.mentions:
        if g.entity_id in PERSON_VARIANTS:
            assert found.get((g.start, g.end)) == g.entity_id, g.text
    people = {nz.get(i).type for i in found.values()} and {
        i
        for i in found.values()
        if nz.get(i).type == "PERSON"  # type: ignore[union-attr]
    }
    assert people == PERSON_VARIANTS


def test_samples_with_windows_line_endings_keep_exact_spans(nz: entnorm.Normalizer) -> None:
    for sample in SAMPLES:
        crlf = sample.text.replace("\n", "\r\n")
        lf_found = [(m.text, m.entity_id) for m in nz.find(sample.text)]
        crlf_found = nz.find(crlf)
        for m in crlf_found:
            assert crlf[m.start : m.end] == m.text
        assert [(m.text, m.entity_id) for m in crlf_found] == lf_found


def test_known_misses_file_exists() -> None:
    assert Path(SAMPLES_DIR / "known_misses.txt").is_file()
