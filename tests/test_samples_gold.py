"""Checks of the gold annotations in ``tests/samples/`` themselves (not of the matcher).

The matcher's own test compares its output with this gold; these tests make sure the gold
is well formed: spans match the text, do not overlap, sit on word boundaries, leave out
titles and possessives, the distractors are really in the text, and (when the alias table
has been built) every entity id exists and every ``kind`` agrees with the listed aliases.
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import pytest

from _samples import KINDS, SAMPLES_DIR, Sample, load_samples, parse_sample

ROOT = Path(__file__).resolve().parent.parent
ALIASES = ROOT / "data" / "aliases.yaml"

SAMPLES = load_samples()
IDS = [s.name for s in SAMPLES]

# Words that are titles or articles and must never open a span.
TITLE_WORDS = {
    "the", "president", "prime", "minister", "foreign", "secretary", "chancellor", "premier",
    "chairman", "chairwoman", "speaker", "mr", "mr.", "mrs", "mrs.", "ms", "ms.", "dr", "dr.",
    "sir", "vice", "general", "leader", "king", "queen", "pope", "senator", "director",
}  # fmt: skip


def _fold(s: str) -> str:
    """Case and accent folding as the markup's ``exact`` kind uses it."""
    decomposed = unicodedata.normalize("NFKD", s)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def _is_word_char(c: str) -> bool:
    return c.isalnum() or unicodedata.category(c).startswith("M")


def _has_non_latin_letter(s: str) -> bool:
    for c in s:
        if c.isalpha():
            name = unicodedata.name(c, "")
            if not name.startswith("LATIN"):
                return True
    return False


def _load_table() -> dict[str, set[str]] | None:
    if not ALIASES.exists():
        return None
    yaml = pytest.importorskip("yaml")
    data = yaml.safe_load(ALIASES.read_text(encoding="utf-8")) or {}
    rows = data.get("entities", data) if isinstance(data, dict) else data
    if isinstance(rows, dict):  # {id: {...}} form
        rows = [{"id": k, **(v or {})} for k, v in rows.items()]
    table: dict[str, set[str]] = {}
    for row in rows or []:
        names = {row.get("name", "")}
        for key in ("aliases", "weak_aliases"):
            for alias in row.get(key) or ():
                names.add(alias if isinstance(alias, str) else str(alias.get("text", "")))
        table[row["id"]] = {_fold(n) for n in names if n}
    return table


TABLE = _load_table()


def test_enough_samples() -> None:
    assert len(SAMPLES) >= 14
    names = [s.name for s in SAMPLES]
    assert len(set(names)) == len(names)
    numbers = [n[:2] for n in names]
    assert len(set(numbers)) == len(numbers), "two samples share a number"


def test_every_kind_is_used() -> None:
    used = {m.kind for s in SAMPLES for m in s.mentions}
    assert used == set(KINDS)


@pytest.mark.parametrize("sample", SAMPLES, ids=IDS)
def test_header_and_length(sample: Sample) -> None:
    assert any(line.startswith("# title:") for line in sample.header), "missing '# title:'"
    words = len(sample.text.split())
    assert 150 <= words <= 350, f"{words} words"
    assert "[[" not in sample.text and "]]" not in sample.text and "|" not in sample.text
    assert sample.mentions, "no mentions"


@pytest.mark.parametrize("sample", SAMPLES, ids=IDS)
def test_spans_match_text(sample: Sample) -> None:
    for m in sample.mentions:
        assert 0 <= m.start < m.end <= len(sample.text)
        assert sample.text[m.start : m.end] == m.text
        assert m.kind in KINDS
        assert re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", m.entity_id), m.entity_id


@pytest.mark.parametrize("sample", SAMPLES, ids=IDS)
def test_spans_do_not_overlap(sample: Sample) -> None:
    spans = sorted(sample.mentions, key=lambda m: (m.start, m.end))
    for a, b in zip(spans, spans[1:]):
        assert a.end <= b.start, f"{a} overlaps {b}"


@pytest.mark.parametrize("sample", SAMPLES, ids=IDS)
def test_spans_on_word_boundaries(sample: Sample) -> None:
    text = sample.text
    for m in sample.mentions:
        assert m.text == m.text.strip(), f"whitespace at the edge of {m.text!r}"
        assert _is_word_char(m.text[0]), f"{m.text!r} starts with a non-letter"
        last_ok = _is_word_char(m.text[-1]) or (m.text.endswith(".") and "." in m.text[:-1])
        assert last_ok, f"{m.text!r} ends with a non-letter"
        if m.start > 0:
            assert not _is_word_char(text[m.start - 1]), f"{m.text!r} starts inside a word"
        if m.end < len(text):
            assert not _is_word_char(text[m.end]), f"{m.text!r} ends inside a word"


@pytest.mark.parametrize("sample", SAMPLES, ids=IDS)
def test_no_possessive_or_title_in_span(sample: Sample) -> None:
    for m in sample.mentions:
        assert not re.search(r"['’]s$", m.text), f"possessive inside {m.text!r}"
        first = m.text.split()[0].casefold()
        assert first not in TITLE_WORDS, f"title or article inside {m.text!r}"


@pytest.mark.parametrize("sample", SAMPLES, ids=IDS)
def test_distractors_occur_outside_gold(sample: Sample) -> None:
    covered = [(m.start, m.end) for m in sample.mentions]
    for d in sample.distractors:
        pattern = re.compile(r"(?<!\w)" + re.escape(d) + r"(?!\w)")
        hits = [h for h in pattern.finditer(sample.text)]
        assert hits, f"distractor {d!r} not found as a whole word"
        free = [h for h in hits if not any(s < h.end() and h.start() < e for s, e in covered)]
        assert free, f"distractor {d!r} only occurs inside gold spans"


@pytest.mark.parametrize("sample", SAMPLES, ids=IDS)
def test_native_kind_is_non_latin(sample: Sample) -> None:
    for m in sample.mentions:
        assert (m.kind == "native") == _has_non_latin_letter(m.text), m


@pytest.mark.skipif(TABLE is None, reason="data/aliases.yaml not built")
@pytest.mark.parametrize("sample", SAMPLES, ids=IDS)
def test_entity_ids_exist(sample: Sample) -> None:
    assert TABLE is not None
    missing = sorted({m.entity_id for m in sample.mentions} - set(TABLE))
    assert not missing, f"ids not in data/aliases.yaml: {missing}"


@pytest.mark.skipif(TABLE is None, reason="data/aliases.yaml not built")
@pytest.mark.parametrize("sample", SAMPLES, ids=IDS)
def test_kind_agrees_with_table(sample: Sample) -> None:
    assert TABLE is not None
    wrong = []
    for m in sample.mentions:
        names = TABLE.get(m.entity_id)
        if names is None or m.kind == "native":
            continue
        listed = _fold(m.text) in names
        if (m.kind == "exact") != listed:
            wrong.append((m.text, m.entity_id, m.kind, "listed" if listed else "not listed"))
    assert not wrong, wrong


def test_parser_offsets_and_header() -> None:
    raw = (
        "# title: t\n# distractor: us — pronoun\n\n"
        "[[Kang Jinghe|kang-kyung-wha|variant]] told us about [[Pompeo|mike-pompeo|exact]]'s call.\n"
    )
    s = parse_sample(raw, "x")
    assert s.text == "Kang Jinghe told us about Pompeo's call.\n"
    assert [(m.start, m.end, m.kind) for m in s.mentions] == [(0, 11, "variant"), (26, 32, "exact")]
    assert s.distractors == ["us"]
    assert SAMPLES_DIR.is_dir()
