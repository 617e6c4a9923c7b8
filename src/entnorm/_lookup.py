"""Lookup of one name without running text: the ranked candidate entities of a string.

``find`` reads an article and commits to one entity per span; a spreadsheet cell or a span
an upstream NER model produced is a name on its own, and the caller wants the ranked
options and a score to threshold. The candidates come from the same key spaces as ``find``
(:func:`entnorm._matching.exact_and_fuzzy` over the name read as a one-line text: exact,
swapped order, other romanizations, native-script keys, fuzzy) plus the name parts the
index keeps for partial references (:attr:`Index.parts`, :attr:`Index.place_parts`).

The score of a candidate (0..1) is, in order (docs/names-without-text.md):

1. the matcher's own score for the window (exact 1.0, native 1.0, swapped order 0.9,
   romanization 0.85-0.92, fuzzy ``0.95 × similarity``, partial name 0.7);
2. times ``FUZZY_NATIVE_KEY`` for a fuzzy match to the romanization of a native-script
   alias: pinyin and kana romanizations are dense, so one edit away from 东京 ``dongjing``
   lies "Dongjiang" (a river) as often as a garbled Tokyo (measured: 2 of 22 right);
3. times the square of the *coverage*: the share of the name's letters the matched window
   covers, not counting titles and grammatical words before it or grammatical words after
   it ("President Pompeo's" is fully covered by "Pompeo"; "Seoul Forest Park" is
   covered to 33% by "Seoul": extra name words mostly make another entity);
4. times ``UNSUPPORTED`` when the key needs support from an article in ``find`` (a weak
   alias, a common word as a one-word name, a reading the matcher flags with negative
   evidence) and ``context`` does not give it; times ``NEGATIVE_EVIDENCE`` instead for a
   fuzzy (letter-edit) match flagged with negative evidence, or any match of a known place:
   with a table of ten thousand names, "Zhang Wei" is one edit from the city Zhongwei and
   "Wang Fang" from Wang Yang, and alone nothing tells them from a garble;
5. divided among near-equal rivals: candidates within ``AMBIGUITY_MARGIN`` of each other
   share the evidence (each is scaled by its own share of their summed scores);
6. with ``context``, an entity ``find`` links in the context text gets a boost of
   ``CONTEXT_BOOST`` of the way to 1.0, before step 5, and is exempt from step 4.

The factors were set on ``tests/data/lookup_gold.jsonl`` so that one threshold means about
the same precision whatever the kind of evidence (``benchmarks/lookup_thresholds.py``).
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from functools import lru_cache
from typing import TYPE_CHECKING

from ._folding import CAP, DIGIT, LATIN, NATIVE, UPPER, tokenize
from ._lexicon import TITLES, is_grammatical_word
from ._matching import KNOWN_PLACE, Doc, exact_and_fuzzy
from ._matching import Candidate as Proposal
from ._models import ENTITY_TYPES, Candidate
from ._selection import AMBIGUITY_MARGIN

if TYPE_CHECKING:
    from ._normalizer import Normalizer

__all__ = ["CONTEXT_BOOST", "FUZZY_NATIVE_KEY", "NEGATIVE_EVIDENCE", "PARTIAL_SCORE", "UNSUPPORTED", "lookup"]

FUZZY_NATIVE_KEY = 0.7  # a fuzzy match to a romanized native-script alias
UNSUPPORTED = 0.8  # a key that needs an article's support, looked up without one
NEGATIVE_EVIDENCE = 0.6  # a match that is also a real name of something else (see step 4)
PARTIAL_SCORE = 0.7  # a surname, given name or the distinctive part of a place name
CONTEXT_BOOST = 0.5  # share of the way to 1.0 an entity named in the context gains
_MAX_NAME = 1000  # characters: a "name" longer than this is a document, not a cell


def lookup(
    nz: Normalizer,
    name: str,
    *,
    limit: int = 5,
    types: Collection[str] | None = None,
    context: str | None = None,
    support: Collection[str] = (),
) -> list[Candidate]:
    """The ranked candidates for ``name``: best first, at most ``limit``.

    ``support`` is the ids of entities already known to be named in the context (the spaCy
    link mode has run ``find`` on the document once and passes them instead of ``context``).
    """
    if not isinstance(name, str):
        raise TypeError(f"lookup() takes a str, not {type(name).__name__}")
    if limit < 1:
        raise ValueError("limit must be at least 1")
    wanted = _check_types(types)
    if context is not None and not isinstance(context, str):
        raise TypeError(f"context must be a str, not {type(context).__name__}")
    name = name.strip()
    if not name or len(name) > _MAX_NAME:
        return []
    index = nz._index
    supported = set(support)
    if context:
        supported.update(m.entity_id for m in nz.find(context))
    best: dict[int, tuple[float, Proposal, tuple[int, int]]] = {}
    for text in _spellings(name):
        doc = Doc(tokenize(text))
        if not len(doc.tokens):
            continue
        for p in [*exact_and_fuzzy(doc, index, nz._cache), *_parts(doc, nz)]:
            ent = nz._entities[p.entity]
            if wanted is not None and ent.type not in wanted:
                continue
            score = p.score * _coverage(doc, p.i, p.j) ** 2
            if p.method == "fuzzy" and _native(p.alias):
                score *= FUZZY_NATIVE_KEY
            if p.needs_anchor and ent.id not in supported:
                # A letter-edit match that is also a real name of something else ("Zhang Wei" is a
                # person's name, not a misspelt Zhongwei) needs more than a weak alias does; an
                # exact reading ("Jin Zhengen" for 金正恩) keeps the weak alias's factor unless the
                # name is a known place ("Gunsan" is a Korean city, not a reading of Kunshan).
                against = p.caution and (p.method == "fuzzy" or p.caution == KNOWN_PLACE)
                score *= NEGATIVE_EVIDENCE if against else UNSUPPORTED
            if ent.id in supported:
                score += (1.0 - score) * CONTEXT_BOOST
            span = (doc.tokens.starts[p.i], doc.tokens.ends[p.j])
            old = best.get(p.entity)
            if old is None or score > old[0]:
                best[p.entity] = (score, p, span)
    shared = _share(sorted(((s, e) for e, (s, _, _) in best.items()), key=lambda se: (-se[0], se[1])))
    out = []
    for e, score in shared:
        _, p, (start, end) = best[e]
        ent = nz._entities[e]
        out.append(
            Candidate(
                entity_id=ent.id,
                name=ent.name,
                type=ent.type,
                score=round(min(1.0, max(0.0, score)), 4),
                method=p.method,  # type: ignore[arg-type]  # the matcher's methods are Method values
                alias=p.alias,
                text=name[start:end],
            )
        )
    out.sort(key=lambda c: (-c.score, c.entity_id))
    return out[:limit]


def _check_types(types: Collection[str] | None) -> frozenset[str] | None:
    if types is None:
        return None
    if isinstance(types, str):
        types = [types]
    bad = [t for t in types if t not in ENTITY_TYPES]
    if bad:
        raise ValueError(f"unknown entity type(s) {', '.join(map(repr, bad))}; use {', '.join(ENTITY_TYPES)}")
    return frozenset(types)


def _spellings(name: str) -> list[str]:
    """The name as given, and, when its Latin words are all lowercase or all capitals, with
    each word capitalised: a spreadsheet's ``pompeo`` or ``MIKE POMPEO`` is still a name, and
    the matcher reads case. Same length, so offsets hold for both."""
    out = [name]
    toks = tokenize(name)
    latin = [f for f in toks.flags if f & LATIN and not f & DIGIT]
    if latin and (all(not f & CAP for f in latin) or all(f & UPPER for f in latin)):
        chars = list(name)
        for start, end, flags in zip(toks.starts, toks.ends, toks.flags):
            if flags & LATIN:
                word = name[start:end]
                cap = word[0].upper() + word[1:].lower()
                if len(cap) == end - start:
                    chars[start:end] = cap
        titled = "".join(chars)
        if titled != name:
            out.append(titled)
    return out


@lru_cache(maxsize=65536)
def _native(alias: str) -> bool:
    return any(f & NATIVE for f in tokenize(alias).flags)


def _coverage(doc: Doc, i: int, j: int) -> float:
    """Share of the name's folded letters inside tokens ``i..j``, leaving out titles and
    grammatical words before the window and grammatical words after it."""
    folds, flags = doc.tokens.folds, doc.tokens.flags
    inside = sum(len(f) for f in folds[i : j + 1])
    before = sum(len(folds[k]) for k in range(i) if not _filler(folds[k], flags[k], titles=True))
    after = sum(len(folds[k]) for k in range(j + 1, len(folds)) if not _filler(folds[k], flags[k], titles=False))
    total = inside + before + after
    return inside / total if total else 0.0


def _filler(fold: str, flags: int, *, titles: bool) -> bool:
    """A Latin title or grammatical word (or the possessive ``s``), not a name word; 安 folds
    to ``an`` but is no article."""
    if not flags & LATIN:
        return False
    return (titles and fold in TITLES) or is_grammatical_word(fold) or fold == "s"


def _parts(doc: Doc, nz: Normalizer) -> Iterable[Proposal]:
    """A surname or given name of people, or the distinctive part of a qualified place name
    ("Kishida", "Korea"), read from the whole name as one key; these need support in ``find``."""
    index = nz._index
    toks = doc.tokens
    keep = [k for k in range(len(toks)) if not _filler(toks.folds[k], toks.flags[k], titles=True)]
    if not keep:
        return
    i, j = keep[0], keep[-1]
    key = "".join(toks.folds[i : j + 1])
    for e in sorted(index.parts.get(key, set()) | index.place_parts.get(key, set())):
        yield Proposal(i, j, e, PARTIAL_SCORE, "partial", key, key, True, False)


def _share(ranked: list[tuple[float, int]]) -> list[tuple[int, float]]:
    """Scale each score by its share among the candidates within ``AMBIGUITY_MARGIN`` of it."""
    out = []
    for s, e in ranked:
        near = sum(t for t, _ in ranked if abs(t - s) <= AMBIGUITY_MARGIN)
        out.append((e, s * s / near if near else 0.0))
    return out
