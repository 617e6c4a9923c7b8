"""A spaCy pipeline component: ``nlp.add_pipe("entnorm")``.

Install with ``pip install 'entnorm[spacy]'``. The factory is registered through the
``spacy_factories`` entry point, so ``nlp.add_pipe("entnorm", config={...})`` works without
importing entnorm first::

    import spacy

    nlp = spacy.blank("en")
    nlp.add_pipe("entnorm", config={"aliases": None, "overwrite_ents": "keep"})
    doc = nlp("Ponpeo met Kang Jinghe in Seoul.")
    [(e.text, e.label_, e.kb_id_) for e in doc.ents]
    # [('Ponpeo', 'PERSON', 'mike-pompeo'), ('Kang Jinghe', 'PERSON', 'kang-kyung-wha'), ('Seoul', 'GPE', 'seoul')]

Config:

``mode``
    ``"find"`` (default): find mentions in the raw text, as :meth:`entnorm.Normalizer.find`.
    ``"link"``: add no entities; give each entity already on the doc (from ``ner``, an
    ``entity_ruler``, any upstream recognizer) the ``kb_id_`` of the table entity it names,
    or leave it as it is. See *Link mode* below.
``threshold``
    Link mode: the lowest :meth:`~entnorm.Normalizer.lookup` score that links an entity
    ``find`` did not settle (default 0.6; docs/names-without-text.md has the table).
``aliases``
    A list of alias-table paths (merged in order, as :func:`entnorm.load`), or ``null`` for
    the bundled table.
``overwrite_ents``
    What to do with entities already on the doc (from an earlier ``ner`` or ruler):

    * ``"keep"`` (default): existing entities stay; an entnorm mention that overlaps one is
      not added to ``doc.ents``.
    * ``"overwrite"``: entnorm mentions win; existing entities that overlap one are removed,
      the others stay.
    * ``"spans"``: ``doc.ents`` is left alone; every mention goes to
      ``doc.spans[spans_key]`` instead (span groups may overlap).
``spans_key``
    The span-group key for ``"spans"`` (default ``"entnorm"``).

Alignment policy: entnorm finds character spans in the raw text, and spaCy entities are
token spans. A mention becomes ``doc.char_span(start, end, alignment_mode="expand")``: when it
does not fall on token boundaries, the span grows to the smallest run of tokens that covers
it (a mention inside the single token of an unsegmented CJK run becomes that whole token).
Mentions that cover only whitespace are dropped. If two mentions expand to overlapping token
spans, the first one wins in ``doc.ents`` (``"spans"`` keeps both).

Every span gets ``label_`` = the entity type and ``kb_id_`` = the entity id. The whole
mention (canonical name, score, method, alias, original character offsets) is available as
``span._.entnorm``, a dict, which survives ``Doc.to_bytes`` and ``nlp.pipe(n_process=...)``.

Link mode: entnorm reads the whole text once with ``find`` (so the article lends support, as
in find mode), then, for each upstream entity, in this order:

1. *the same or a slightly narrower span*: mentions inside the entity that all name one
   entity, where the rest of the entity is only titles, grammatical words, the possessive
   and punctuation ("President Ponpeo's", "the United States");
2. *a slightly wider span*: a mention that covers the entity and reaches at most one token
   past it on either side (the recognizer tagged "Jinping" of "Xi Jinping");
3. otherwise :meth:`~entnorm.Normalizer.lookup` of the entity's text with the document as
   context; the top candidate links when it scores at least ``threshold``. An entity linked
   this way by a full name (not a name part) supports the others, as a name in the article
   does: a second round of lookups takes it into account ("Kang" after "Kang Jinghe").

A linked entity keeps its span and ``label_`` (the recognizer's) and gets ``kb_id_`` and
``span._.entnorm`` (the mention or lookup candidate as a dict, with its ``type``). An entity
that links to nothing keeps its ``kb_id_`` (empty, unless the recognizer set one).

The component pickles as its table, so ``nlp.pipe(texts, n_process=2)`` works.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any, Literal, cast

from spacy.language import Language
from spacy.tokens import Doc, Span

from ._folding import tokenize
from ._lookup import _filler as filler_word
from ._lookup import lookup
from ._models import Mention
from ._normalizer import Normalizer, load

__all__ = ["EntnormComponent", "make_entnorm"]

Policy = Literal["keep", "overwrite", "spans"]
POLICIES: tuple[str, ...] = ("keep", "overwrite", "spans")
Mode = Literal["find", "link"]
MODES: tuple[str, ...] = ("find", "link")
DEFAULT_THRESHOLD = 0.6

if not Span.has_extension("entnorm"):
    Span.set_extension("entnorm", default=None)


class EntnormComponent:
    """Sets ``doc.ents`` (or ``doc.spans[spans_key]``) from :meth:`entnorm.Normalizer.find`."""

    def __init__(
        self,
        normalizer: Normalizer,
        name: str = "entnorm",
        overwrite_ents: Policy = "keep",
        spans_key: str = "entnorm",
        aliases: Sequence[str] | None = None,
        *,
        mode: Mode = "find",
        threshold: float = DEFAULT_THRESHOLD,
    ) -> None:
        if overwrite_ents not in POLICIES:
            raise ValueError(f"entnorm: overwrite_ents must be one of {', '.join(POLICIES)}, not {overwrite_ents!r}")
        if mode not in MODES:
            raise ValueError(f"entnorm: mode must be one of {', '.join(MODES)}, not {mode!r}")
        if not 0.0 <= threshold <= 1.0:
            raise ValueError(f"entnorm: threshold must be between 0 and 1, not {threshold!r}")
        self.normalizer = normalizer
        self.name = name
        self.overwrite_ents: Policy = overwrite_ents
        self.spans_key = spans_key
        self.aliases = list(aliases) if aliases is not None else None
        self.mode: Mode = mode
        self.threshold = threshold

    def __repr__(self) -> str:
        how = (
            f"mode='link', threshold={self.threshold}"
            if self.mode == "link"
            else f"overwrite_ents={self.overwrite_ents!r}"
        )
        return f"<EntnormComponent {self.name!r} {len(self.normalizer)} entities, {how}>"

    def spans(self, doc: Doc, mentions: Iterable[Mention]) -> list[Span]:
        """The token spans of ``mentions`` under the alignment policy (may overlap)."""
        out: list[Span] = []
        for m in mentions:
            span = doc.char_span(m.start, m.end, label=m.type, kb_id=m.entity_id, alignment_mode="expand")
            if span is None or not span.text.strip():
                continue
            span._.entnorm = m.model_dump()
            out.append(span)
        return out

    def link(self, doc: Doc) -> Doc:
        """Link mode: set ``kb_id_`` on the entities already on ``doc`` (see the module docs)."""
        mentions = self.normalizer.find(doc.text) if doc.ents else []
        named = {m.entity_id for m in mentions}  # the document as lookup's context, found once
        links: dict[int, tuple[str, dict[str, Any]]] = {}
        for k, ent in enumerate(doc.ents):
            found = _linked_mention(doc, ent, mentions)
            if found is not None:
                links[k] = (found.entity_id, found.model_dump())
        # Full names the recognizer marked and lookup linked support the others, as names in
        # the article do for find: "Kang" after the entity "Kang Jinghe".
        for _ in range(2):
            for k, ent in enumerate(doc.ents):
                if k in links:
                    continue
                cands = lookup(self.normalizer, ent.text, limit=1, support=named)
                if cands and cands[0].score >= self.threshold:
                    links[k] = (cands[0].entity_id, cands[0].model_dump())
                    if cands[0].method != "partial":
                        named.add(cands[0].entity_id)
        out = []
        for k, ent in enumerate(doc.ents):
            if k not in links:
                out.append(ent)
                continue
            entity_id, data = links[k]
            span = Span(doc, ent.start, ent.end, label=ent.label, kb_id=entity_id)
            span._.entnorm = data
            out.append(span)
        doc.ents = out
        return doc

    def __call__(self, doc: Doc) -> Doc:
        if self.mode == "link":
            return self.link(doc)
        spans = self.spans(doc, self.normalizer.find(doc.text))
        if self.overwrite_ents == "spans":
            doc.spans[self.spans_key] = spans
            return doc
        ours = _first_wins(spans)
        existing = list(doc.ents)
        if self.overwrite_ents == "keep":
            kept = existing + [s for s in ours if not any(_overlap(s, e) for e in existing)]
        else:
            kept = ours + [e for e in existing if not any(_overlap(s, e) for s in ours)]
        doc.ents = sorted(kept, key=lambda s: s.start)
        return doc

    def pipe(self, docs: Iterable[Doc], batch_size: int = 128) -> Iterable[Doc]:
        for doc in docs:
            yield self(doc)

    def __reduce__(self) -> tuple[Any, ...]:
        return (
            _rebuild,
            (self.normalizer, self.name, self.overwrite_ents, self.spans_key, self.aliases, self.mode, self.threshold),
        )


def _rebuild(
    normalizer: Normalizer,
    name: str,
    overwrite_ents: Policy,
    spans_key: str,
    aliases: list[str] | None,
    mode: Mode,
    threshold: float,
) -> EntnormComponent:
    return EntnormComponent(normalizer, name, overwrite_ents, spans_key, aliases, mode=mode, threshold=threshold)


def _filler(text: str) -> bool:
    """Only titles, grammatical words, the possessive and punctuation: not a name of its own."""
    toks = tokenize(text)
    return all(filler_word(f, fl, titles=True) for f, fl in zip(toks.folds, toks.flags))


def _linked_mention(doc: Doc, ent: Span, mentions: list[Mention]) -> Mention | None:
    """The mention that names ``ent``: inside it with only filler around, or covering it and
    reaching at most one token further on either side."""
    s, e = ent.start_char, ent.end_char
    inside = [m for m in mentions if s <= m.start and m.end <= e]
    if inside and len({m.entity_id for m in inside}) == 1:
        covered = [(m.start, m.end) for m in inside]
        gaps = [doc.text[a:b] for a, b in zip([s, *(b for _, b in covered)], [*(a for a, _ in covered), e])]
        if all(_filler(g) for g in gaps):
            return max(inside, key=lambda m: m.end - m.start)
    lo = doc[ent.start - 1].idx if ent.start > 0 else s
    hi = doc[ent.end].idx + len(doc[ent.end]) if ent.end < len(doc) else e
    wider = [m for m in mentions if lo <= m.start <= s and e <= m.end <= hi and (m.start, m.end) != (s, e)]
    return wider[0] if len(wider) == 1 else None


def _overlap(a: Span, b: Span) -> bool:
    return a.start < b.end and b.start < a.end


def _first_wins(spans: list[Span]) -> list[Span]:
    out: list[Span] = []
    end = -1
    for s in sorted(spans, key=lambda s: (s.start, -len(s))):
        if s.start >= end:
            out.append(s)
            end = s.end
    return out


@Language.factory(
    "entnorm",
    default_config={
        "aliases": None,
        "overwrite_ents": "keep",
        "spans_key": "entnorm",
        "mode": "find",
        "threshold": DEFAULT_THRESHOLD,
    },
    assigns=["doc.ents", "token.ent_type", "token.ent_iob", "token.ent_kb_id"],
)
def make_entnorm(
    nlp: Language,
    name: str,
    aliases: list[str] | None,
    overwrite_ents: str,
    spans_key: str,
    mode: str,
    threshold: float,
) -> EntnormComponent:
    """The ``entnorm`` factory: see the module docstring for the config."""
    if overwrite_ents not in POLICIES:
        raise ValueError(f"entnorm: overwrite_ents must be one of {', '.join(POLICIES)}, not {overwrite_ents!r}")
    if mode not in MODES:
        raise ValueError(f"entnorm: mode must be one of {', '.join(MODES)}, not {mode!r}")
    if isinstance(aliases, str):
        aliases = [aliases]
    nz = load(list(aliases) if aliases else None)
    return EntnormComponent(
        nz, name, cast(Policy, overwrite_ents), spans_key, aliases, mode=cast(Mode, mode), threshold=threshold
    )
