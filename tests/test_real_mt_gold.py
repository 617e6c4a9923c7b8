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
    assert strict.precision >= 0.95, strict
    assert strict.recall >= 0.91, strict
    # real names that are in no table: links on them are false links
    assert sum(r["unlinked_hit"].values()) <= 0.05 * r["unlinked_spans"]  # 4.6% with the grown table


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
        "Dongjiang",  # a dish; 东京 is Tokyo
        "Luzhou",  # a city; 欧洲 is Europe
        "Ginza",  # Tokyo's district; ギニア is Guinea
        "Kanda",  # a mountain; カナダ is Canada
        "Black Tea",  # not the Black Sea
        "Chili",  # the dish, not Чили (Chile)
        "Hunan Daily",  # a newspaper, not the province
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
