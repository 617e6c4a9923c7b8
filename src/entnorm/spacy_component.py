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

The component pickles as its table, so ``nlp.pipe(texts, n_process=2)`` works.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any, Literal, cast

from spacy.language import Language
from spacy.tokens import Doc, Span

from ._models import Mention
from ._normalizer import Normalizer, load

__all__ = ["EntnormComponent", "make_entnorm"]

Policy = Literal["keep", "overwrite", "spans"]
POLICIES: tuple[str, ...] = ("keep", "overwrite", "spans")

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
    ) -> None:
        if overwrite_ents not in POLICIES:
            raise ValueError(f"entnorm: overwrite_ents must be one of {', '.join(POLICIES)}, not {overwrite_ents!r}")
        self.normalizer = normalizer
        self.name = name
        self.overwrite_ents: Policy = overwrite_ents
        self.spans_key = spans_key
        self.aliases = list(aliases) if aliases is not None else None

    def __repr__(self) -> str:
        return (
            f"<EntnormComponent {self.name!r} {len(self.normalizer)} entities, overwrite_ents={self.overwrite_ents!r}>"
        )

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

    def __call__(self, doc: Doc) -> Doc:
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
        return (EntnormComponent, (self.normalizer, self.name, self.overwrite_ents, self.spans_key, self.aliases))


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
    default_config={"aliases": None, "overwrite_ents": "keep", "spans_key": "entnorm"},
    assigns=["doc.ents", "token.ent_type", "token.ent_iob", "token.ent_kb_id"],
)
def make_entnorm(
    nlp: Language,
    name: str,
    aliases: list[str] | None,
    overwrite_ents: str,
    spans_key: str,
) -> EntnormComponent:
    """The ``entnorm`` factory: see the module docstring for the config."""
    if overwrite_ents not in POLICIES:
        raise ValueError(f"entnorm: overwrite_ents must be one of {', '.join(POLICIES)}, not {overwrite_ents!r}")
    if isinstance(aliases, str):
        aliases = [aliases]
    nz = load(list(aliases) if aliases else None)
    return EntnormComponent(nz, name, cast(Policy, overwrite_ents), spans_key, aliases)
