"""Scoring against gold annotations: strict / lenient P/R/F1, recall by kind, per-entity errors."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import pytest

import entnorm
from entnorm.evaluation import (
    GoldDoc,
    GoldFormatError,
    GoldMention,
    Scores,
    evaluate,
    format_report,
    load_gold,
    parse_gold,
    score,
)

DEV = Path("/work/shared/corpus/dev")


@dataclass(frozen=True)
class P:
    start: int
    end: int
    entity_id: str


TEXT = "Kang Jing met Ponpeo in Seoul and Tokyo."
#       0    5    10   15   20   25   30   35


def _gold() -> GoldDoc:
    return GoldDoc(
        "d1",
        TEXT,
        (
            GoldMention(0, 9, "Kang Jing", "kang", "partial"),
            GoldMention(14, 20, "Ponpeo", "pompeo", "variant"),
            GoldMention(24, 29, "Seoul", "seoul", "exact"),
            GoldMention(34, 39, "Tokyo", "tokyo", "exact"),
        ),
    )


def test_scores_arithmetic() -> None:
    s = Scores(tp=3, fp=1, fn=2)
    assert s.precision == pytest.approx(0.75)
    assert s.recall == pytest.approx(0.6)
    assert s.f1 == pytest.approx(2 * 0.75 * 0.6 / 1.35)
    assert Scores(0, 0, 0).f1 == 0.0 and Scores(0, 0, 0).precision == 0.0
    assert Scores(1, 0, 0).to_dict() == {"tp": 1, "fp": 0, "fn": 0, "precision": 1.0, "recall": 1.0, "f1": 1.0}


def test_perfect() -> None:
    g = _gold()
    r = score([g], [[P(m.start, m.end, m.entity_id) for m in g.mentions]])
    assert r.strict == Scores(4, 0, 0) and r.lenient == Scores(4, 0, 0)
    assert r.errors == ()
    assert all(k.strict_recall == 1.0 for k in r.by_kind)


def test_every_error_kind() -> None:
    preds = [
        P(0, 4, "kang"),  # boundary: overlaps "Kang Jing", same id
        P(14, 20, "pompeo-other"),  # wrong entity
        # Seoul missed
        P(34, 39, "tokyo"),  # correct
        P(10, 13, "met-entity"),  # spurious
    ]
    r = score([_gold()], [preds])
    assert r.strict == Scores(tp=1, fp=3, fn=3)
    assert r.lenient == Scores(tp=2, fp=2, fn=2)
    kinds = [(e.kind, e.start, e.end) for e in r.errors]
    assert kinds == [("boundary", 0, 9), ("spurious", 10, 13), ("wrong_entity", 14, 20), ("missed", 24, 29)]
    boundary = r.errors[0]
    assert boundary.predicted_start == 0 and boundary.predicted_end == 4 and boundary.predicted_text == "Kang"
    wrong = r.errors[2]
    assert wrong.gold_id == "pompeo" and wrong.predicted_id == "pompeo-other"
    by_kind = {k.kind: k for k in r.by_kind}
    assert (by_kind["exact"].total, by_kind["exact"].strict, by_kind["exact"].lenient) == (2, 1, 1)
    assert (by_kind["partial"].strict, by_kind["partial"].lenient) == (0, 1)
    assert (by_kind["variant"].strict, by_kind["variant"].lenient) == (0, 0)
    ents = {e.entity_id: (e.tp, e.fp, e.fn) for e in r.entities}
    assert ents["kang"] == (0, 1, 1)
    assert ents["pompeo"] == (0, 0, 1) and ents["pompeo-other"] == (0, 1, 0)
    assert ents["seoul"] == (0, 0, 1) and ents["tokyo"] == (1, 0, 0) and ents["met-entity"] == (0, 1, 0)
    # entities with errors come first
    assert r.entities[-1].entity_id == "tokyo"


def test_lenient_is_one_to_one() -> None:
    g = GoldDoc("d", "Aaaa Bbbb", (GoldMention(0, 9, "Aaaa Bbbb", "x"),))
    r = score([g], [[P(0, 4, "x"), P(5, 9, "x")]])
    assert r.lenient == Scores(1, 1, 0)
    assert r.strict == Scores(0, 2, 1)


def test_counts_add_up_over_documents() -> None:
    g = _gold()
    r = score([g, g], [[P(24, 29, "seoul")], []])
    assert r.documents == 2
    assert r.strict == Scores(1, 0, 7)


def test_length_mismatch() -> None:
    with pytest.raises(ValueError):
        score([_gold()], [])


def test_parse_gold_validates() -> None:
    ok = parse_gold({"id": "a", "text": "Seoul", "mentions": [{"start": 0, "end": 5, "text": "Seoul", "id": "seoul"}]})
    assert ok.mentions[0].kind == "unknown"
    bad = [
        [],
        {"id": "a"},
        {"text": "Seoul", "mentions": {}},
        {"text": "Seoul", "mentions": [{"start": 0, "end": 9, "id": "s"}]},
        {"text": "Seoul", "mentions": [{"start": 0, "end": 5, "text": "Seoux", "id": "s"}]},
        {"text": "Seoul", "mentions": [{"start": 0, "end": 5}]},
    ]
    for obj in bad:
        with pytest.raises(GoldFormatError):
            parse_gold(obj, "f:1")


def test_load_gold_names_file_and_line(tmp_path: Path) -> None:
    p = tmp_path / "gold.jsonl"
    p.write_text('{"id": "a", "text": "x", "mentions": []}\n\n{oops\n', encoding="utf-8")
    with pytest.raises(GoldFormatError, match=r"gold.jsonl:3"):
        load_gold(p)


def test_report_to_dict_is_json() -> None:
    r = score([_gold()], [[P(0, 4, "kang")]])
    d = json.loads(json.dumps(r.to_dict()))
    assert set(d) == {"documents", "strict", "lenient", "recall_by_kind", "entities", "errors"}
    assert d["recall_by_kind"]["exact"]["total"] == 2
    assert all("kind" in e and "doc" in e for e in d["errors"])


def test_format_report() -> None:
    r = score([_gold()], [[P(0, 4, "kang")]])
    text = format_report(r, max_errors=2)
    for needle in ("strict", "lenient", "recall by kind", "per-entity errors", "boundary", "more"):
        assert needle in text
    assert "more" not in format_report(r, max_errors=None)


@pytest.mark.skipif(not (DEV / "articles.jsonl").exists(), reason="dev corpus not available")
def test_dev_corpus_end_to_end() -> None:
    gold = load_gold(DEV / "articles.jsonl")
    assert len(gold) == 16 and sum(len(d.mentions) for d in gold) == 447
    r = evaluate(entnorm.load(DEV / "aliases.yaml"), gold)
    assert r.strict.tp + r.strict.fn == 447
    assert r.lenient.tp >= r.strict.tp
    assert {k.kind for k in r.by_kind} == {"exact", "variant", "partial", "native"}
    assert r.strict.f1 > 0.5  # a sanity floor, not a quality target
