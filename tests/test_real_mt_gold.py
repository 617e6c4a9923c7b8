"""The real-text regression suite: hand-annotated gold over WMT22 machine translation.

Standoff annotations live in ``tests/data/wmt22/<pair>/<doc>.jsonl`` (see
``docs/real-mt-annotation.md``); the texts are read from ``../shared/corpus/wmt22`` and the
tests skip when it is absent. Floors sit a little under what was measured when they were set
(``benchmarks/real_mt.py`` prints the figures): a change that loses accuracy on real MT fails.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

import entnorm

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus" / "wmt22"
sys.path.insert(0, str(ROOT / "benchmarks"))

pytestmark = pytest.mark.skipif(not CORPUS.is_dir(), reason="../shared/corpus/wmt22 is not here")

from real_mt import corpus_texts, entnorm_tool, load_gold, measure  # noqa: E402


@pytest.fixture(scope="module")
def gold() -> list:
    return load_gold()


@pytest.fixture(scope="module")
def nz() -> entnorm.Normalizer:
    return entnorm.load()


def test_every_selected_document_is_annotated_for_every_system() -> None:
    selected = json.loads((ROOT / "tests" / "data" / "wmt22" / "documents.json").read_text(encoding="utf-8"))
    for pair, docs in selected.items():
        texts = corpus_texts(CORPUS, pair)
        for doc in docs:
            path = ROOT / "tests" / "data" / "wmt22" / pair / f"{doc}.jsonl"
            rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
            assert rows[0]["system"] == "ref-A", path
            assert {r["system"] for r in rows} == set(texts[doc]), path


def test_gold_ids_are_table_entities(gold: list, nz: entnorm.Normalizer) -> None:
    unknown = {m.entity_id for g in gold for m in g.gold.mentions if nz.get(m.entity_id) is None}
    assert unknown == set()


def test_accuracy_on_real_mt_does_not_fall(gold: list) -> None:
    r = measure(gold, entnorm_tool(None))
    strict = r["report"].strict
    assert strict.precision >= 0.95, strict  # the goal of issue 10; 0.952 measured at 12,338 entities
    # 0.904 measured: recall fell from 0.915 as the table grew because the 1,600 gold mentions
    # the new entities took over are more often garbles ("Sisapanna", "University of Australia")
    assert strict.recall >= 0.90, strict
    # real names that are in no table: links on them are false links
    assert sum(r["unlinked_hit"].values()) <= 0.07 * r["unlinked_spans"]  # 6.2% (202 of 3,248) at 12,338 entities


def _spans(gold: list, surface: str) -> list[tuple[str, int, int]]:
    """Every occurrence of ``surface`` in the gold texts that no table mention covers."""
    out = []
    for g in gold:
        text, k = g.gold.text, g.gold.text.find(surface)
        while k >= 0:
            e = k + len(surface)
            if not any(m.start < e and k < m.end for m in g.gold.mentions):
                out.append((text, k, e))
            k = text.find(surface, e)
    return out


@pytest.mark.parametrize(
    "surface",
    [
        "Ji Jiali",  # a person; 基加利 is Kigali
        "Wang Xian",  # a reporter; 万象 is Vientiane
        "Kanda",  # a mountain; カナダ is Canada
        "Black Tea",  # not the Black Sea
        "Chili",  # the dish, not Чили (Chile)
        # Since issue 10 the table has Ginza, Luzhou, the East River (Dongjiang) and Hunan Daily,
        # which the gold now links; these longer names around table names are still in no table:
        "Ginza Matsuya",  # a department store, not the district
        "Saga Shimbun News",  # the newspaper's website, not the newspaper
        "Hunan International Convention and Exhibition Center",  # a venue, not the province
        "Bosnia and Herzegovina Olympic Committee",  # not the country
    ],
)
def test_real_names_in_no_table_stay_unlinked_in_real_mt(gold: list, nz: entnorm.Normalizer, surface: str) -> None:
    spans = _spans(gold, surface)
    assert spans, f"{surface!r} is no longer in the gold texts"
    linked = [
        (text[s:e], m.entity_id)
        for text, s, e in spans
        for m in nz.find(text)
        if m.start < e and s < m.end
    ]
    assert linked == []


def test_garbles_real_systems_made_are_found(gold: list, nz: entnorm.Normalizer) -> None:
    wanted = {
        ("Scholts", "olaf-scholz"),  # Online-A, zh-en
        ("Akiaki Amari", "akira-amari"),  # one word garbled, the article names Akira Amari
        ("Amari Akira", "akira-amari"),  # family name first
        ("Vladimir Zelensky", "volodymyr-zelensky"),  # the Russian form of the name
    }
    found = set()
    for g in gold:
        for m in g.gold.mentions:
            if (m.text, m.entity_id) in wanted:
                got = {(p.start, p.end, p.entity_id) for p in nz.find(g.gold.text)}
                if (m.start, m.end, m.entity_id) in got:
                    found.add((m.text, m.entity_id))
    assert found == wanted
