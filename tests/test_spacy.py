"""The spaCy component: factory by entry point, policies, alignment, pickling, n_process=2."""

from __future__ import annotations

import pickle
from pathlib import Path

import pytest

spacy = pytest.importorskip("spacy")

import entnorm  # noqa: E402  (after importorskip: the module needs spacy)
from _samples import load_samples  # noqa: E402
from entnorm.spacy_component import EntnormComponent  # noqa: E402

TEXT = "Ponpeo met Foreign Minister Kang Jinghe in Seoul."


@pytest.fixture(scope="module")
def nz() -> entnorm.Normalizer:
    return entnorm.load()


@pytest.fixture(scope="module")
def nlp():  # type: ignore[no-untyped-def]
    nlp = spacy.blank("en")
    nlp.add_pipe("entnorm")
    return nlp


def test_entry_point_registered() -> None:
    from importlib.metadata import entry_points

    eps = {ep.name: ep.value for ep in entry_points(group="spacy_factories")}
    assert eps.get("entnorm") == "entnorm.spacy_component:make_entnorm"


def test_add_pipe_sets_label_and_kb_id(nlp) -> None:  # type: ignore[no-untyped-def]
    doc = nlp(TEXT)
    assert [(e.text, e.label_, e.kb_id_) for e in doc.ents] == [
        ("Ponpeo", "PERSON", "mike-pompeo"),
        ("Kang Jinghe", "PERSON", "kang-kyung-wha"),
        ("Seoul", "GPE", "seoul"),
    ]
    first = doc.ents[0]._.entnorm
    assert first["name"] == "Mike Pompeo" and first["start"] == 0 and first["method"]
    assert doc[0].ent_kb_id_ == "mike-pompeo" and doc[0].ent_type_ == "PERSON"


def test_custom_table(tmp_path: Path) -> None:
    table = tmp_path / "t.yaml"
    table.write_text("entities:\n  - id: acme\n    name: Acme Corporation\n    type: ORG\n    aliases: [Acme]\n")
    nlp = spacy.blank("en")
    nlp.add_pipe("entnorm", config={"aliases": [str(table)]})
    doc = nlp("Acme said Seoul agreed.")
    assert [(e.text, e.kb_id_) for e in doc.ents] == [("Acme", "acme")]


def _with_existing(policy: str):  # type: ignore[no-untyped-def]
    nlp = spacy.blank("en")
    ruler = nlp.add_pipe("entity_ruler")
    ruler.add_patterns([{"label": "MISC", "pattern": "Kang"}, {"label": "DATE", "pattern": "Monday"}])
    nlp.add_pipe("entnorm", config={"overwrite_ents": policy})
    return nlp("Ponpeo met Foreign Minister Kang Jinghe in Seoul on Monday.")


def test_policy_keep() -> None:
    doc = _with_existing("keep")
    assert [(e.text, e.label_) for e in doc.ents] == [
        ("Ponpeo", "PERSON"), ("Kang", "MISC"), ("Seoul", "GPE"), ("Monday", "DATE"),
    ]


def test_policy_overwrite() -> None:
    doc = _with_existing("overwrite")
    assert [(e.text, e.label_) for e in doc.ents] == [
        ("Ponpeo", "PERSON"), ("Kang Jinghe", "PERSON"), ("Seoul", "GPE"), ("Monday", "DATE"),
    ]


def test_policy_spans() -> None:
    doc = _with_existing("spans")
    assert [(e.text, e.label_) for e in doc.ents] == [("Kang", "MISC"), ("Monday", "DATE")]
    group = doc.spans["entnorm"]
    assert [(s.text, s.label_, s.kb_id_) for s in group] == [
        ("Ponpeo", "PERSON", "mike-pompeo"), ("Kang Jinghe", "PERSON", "kang-kyung-wha"), ("Seoul", "GPE", "seoul"),
    ]


def test_spans_key() -> None:
    nlp = spacy.blank("en")
    nlp.add_pipe("entnorm", config={"overwrite_ents": "spans", "spans_key": "linked"})
    doc = nlp(TEXT)
    assert len(doc.spans["linked"]) == 3 and "entnorm" not in doc.spans


def test_bad_policy() -> None:
    nlp = spacy.blank("en")
    with pytest.raises(ValueError, match="overwrite_ents"):
        nlp.add_pipe("entnorm", config={"overwrite_ents": "merge"})


def test_alignment_expands_to_tokens(nz: entnorm.Normalizer) -> None:
    nlp = spacy.blank("en")
    # An unsegmented CJK run is one token for the blank English tokenizer: the mention
    # inside it expands to the whole token.
    text = "Talks with 文在寅总统 today."
    mentions = nz.find(text)
    assert mentions and mentions[0].text == "文在寅"
    comp = EntnormComponent(nz)
    doc = comp(nlp.make_doc(text))
    (ent,) = doc.ents
    assert ent.text == "文在寅总统" and ent.kb_id_ == "moon-jae-in"
    assert ent.start_char <= mentions[0].start and mentions[0].end <= ent.end_char
    assert ent._.entnorm["text"] == "文在寅"  # the exact mention is kept


def test_component_pickles(nlp) -> None:  # type: ignore[no-untyped-def]
    comp = nlp.get_pipe("entnorm")
    clone = pickle.loads(pickle.dumps(comp))
    assert isinstance(clone, EntnormComponent) and clone.overwrite_ents == "keep"
    assert [e.kb_id_ for e in clone(spacy.blank("en").make_doc(TEXT)).ents] == [
        e.kb_id_ for e in nlp(TEXT).ents
    ]


def test_doc_roundtrips_bytes(nlp) -> None:  # type: ignore[no-untyped-def]
    from spacy.tokens import Doc

    doc = nlp(TEXT)
    back = Doc(nlp.vocab).from_bytes(doc.to_bytes())
    assert [(e.text, e.kb_id_, e._.entnorm["name"]) for e in back.ents] == [
        (e.text, e.kb_id_, e._.entnorm["name"]) for e in doc.ents
    ]


def _expected(nz: entnorm.Normalizer, doc) -> list[tuple[int, int, str, str]]:  # type: ignore[no-untyped-def]
    out: list[tuple[int, int, str, str]] = []
    end = -1
    for m in nz.find(doc.text):
        span = doc.char_span(m.start, m.end, alignment_mode="expand")
        if span is None or span.start < end:
            continue
        out.append((span.start_char, span.end_char, m.type, m.entity_id))
        end = span.end
    return out


def test_samples_pipeline(nlp, nz: entnorm.Normalizer) -> None:  # type: ignore[no-untyped-def]
    samples = load_samples()
    assert samples
    total = 0
    for sample, doc in zip(samples, nlp.pipe(s.text for s in samples)):
        got = [(e.start_char, e.end_char, e.label_, e.kb_id_) for e in doc.ents]
        assert got == _expected(nz, doc), sample.name
        total += len(got)
        # On ordinary English text nearly every mention is token-aligned already.
        exact = {(m.start, m.end) for m in nz.find(sample.text)}
        aligned = sum((e.start_char, e.end_char) in exact for e in doc.ents)
        assert aligned >= 0.9 * len(doc.ents)
    assert total > 100


def test_n_process_2(nlp) -> None:  # type: ignore[no-untyped-def]
    texts = [s.text for s in load_samples()]
    serial = [[(e.start_char, e.end_char, e.label_, e.kb_id_) for e in d.ents] for d in nlp.pipe(texts)]
    docs = list(nlp.pipe(texts, n_process=2, batch_size=4))
    parallel = [[(e.start_char, e.end_char, e.label_, e.kb_id_) for e in d.ents] for d in docs]
    assert parallel == serial
    assert all(e._.entnorm is not None and e._.entnorm["entity_id"] == e.kb_id_ for d in docs for e in d.ents)
    assert sum(map(len, parallel)) > 100
