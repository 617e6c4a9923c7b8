"""The shared development corpus (../shared/corpus/dev) at the bar of the core issue.

Skipped where the shared folder is not beside the project (it is in CI and on dev machines).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import entnorm

DEV = Path(__file__).resolve().parents[1].parent / "shared" / "corpus" / "dev"

pytestmark = pytest.mark.skipif(not (DEV / "articles.jsonl").is_file(), reason="../shared/corpus/dev not present")


def test_dev_corpus_strict_scores() -> None:
    nz = entnorm.load(DEV / "aliases.yaml")
    tp = fp = fn = 0
    for line in (DEV / "articles.jsonl").read_text(encoding="utf-8").splitlines():
        doc = json.loads(line)
        found = nz.find(doc["text"])
        for m in found:
            assert doc["text"][m.start : m.end] == m.text
        pred = {(m.start, m.end, m.entity_id) for m in found}
        gold = {(g["start"], g["end"], g["id"]) for g in doc["mentions"]}
        tp += len(pred & gold)
        fp += len(pred - gold)
        fn += len(gold - pred)
    precision, recall = tp / (tp + fp), tp / (tp + fn)
    f1 = 2 * precision * recall / (precision + recall)
    assert precision >= 0.97
    assert f1 >= 0.93


def test_seed_article_pompeo_and_kang_with_bundled_table() -> None:
    """dev-000 with entnorm.load(): every Pompeo and Kang variant, no other person."""
    nz = entnorm.load()
    doc = json.loads((DEV / "articles.jsonl").read_text(encoding="utf-8").splitlines()[0])
    assert doc["id"] == "dev-000"
    found = {(m.start, m.end): m for m in nz.find(doc["text"])}
    wanted = {"mike-pompeo", "kang-kyung-wha"}
    variants = [g for g in doc["mentions"] if g["id"] in wanted]
    assert len(variants) == 13
    for g in variants:  # includes the headline's "Han Kangjing" = 韩 + 康京
        m = found.get((g["start"], g["end"]))
        assert m is not None and m.entity_id == g["id"], g["text"]
    gold_people = {(g["start"], g["end"], g["id"]) for g in doc["mentions"]}
    for m in found.values():
        if m.type == "PERSON":
            assert (m.start, m.end, m.entity_id) in gold_people, m.text
