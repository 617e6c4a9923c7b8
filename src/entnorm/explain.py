"""Why a span was linked or not: every candidate the matcher proposed, and the policy's verdict.

>>> import entnorm
>>> from entnorm.explain import explain, format_explanation
>>> nz = entnorm.load()
>>> print(format_explanation(explain(nz, "Kang Jinghe met Ponpeo. Kang said no.")))  # doctest: +SKIP

``explain`` tokenizes the text exactly as :meth:`entnorm.Normalizer.find` does, collects the
candidate windows of :func:`entnorm._matching.exact_and_fuzzy`, and runs
:func:`entnorm._selection.select` with a :class:`~entnorm._selection.Verdicts` recorder: the
policy itself writes down why it dropped each candidate, so the reasons can never drift from
the verdicts.

It is read-only: it calls the same functions ``find`` calls and changes no state (apart from
the fuzzy-lookup cache, which ``find`` fills the same way).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ._folding import CAP, DIGIT, NATIVE, tokenize
from ._matching import Candidate, Doc, exact_and_fuzzy
from ._models import Mention
from ._normalizer import article_day
from ._selection import Verdicts, select

if TYPE_CHECKING:
    from ._normalizer import Normalizer

_MAX_PEOPLE = 4

__all__ = ["Considered", "Explanation", "SpanExplanation", "explain", "format_explanation"]


@dataclass(frozen=True)
class Considered:
    """One candidate entity for a span, with the verdict and its reason."""

    entity_id: str
    name: str
    type: str
    score: float
    method: str
    alias: str
    kept: bool
    reason: str
    needs_support: bool = False


@dataclass(frozen=True)
class SpanExplanation:
    """A span of the text the matcher proposed at least one entity for."""

    start: int
    end: int
    text: str
    candidates: tuple[Considered, ...]

    @property
    def kept(self) -> Considered | None:
        return next((c for c in self.candidates if c.kept), None)


@dataclass(frozen=True)
class Explanation:
    """What :func:`explain` returns: every span considered, and the mentions ``find`` returns."""

    text: str
    spans: tuple[SpanExplanation, ...]
    mentions: tuple[Mention, ...]


def explain(nz: Normalizer, text: str, *, date: dt.date | None = None) -> Explanation:
    """Every candidate span of ``text``, its entities, scores and the verdict on each."""
    if not isinstance(text, str):
        raise TypeError(f"explain() takes a str, not {type(text).__name__}")
    date = article_day(date)
    doc = Doc(tokenize(text))
    index = nz._index
    candidates = list(exact_and_fuzzy(doc, index, nz._cache))
    verdicts = Verdicts()
    chosen = select(doc, index, list(candidates), verdicts, date=date)
    mentions = nz.find(text, date=date)

    toks = doc.tokens
    kept = set(chosen)
    by_mention = dict(zip(chosen, mentions))
    groups: dict[tuple[int, int], list[Candidate]] = defaultdict(list)
    for c in dict.fromkeys((*candidates, *verdicts.proposed, *chosen)):
        groups[(c.i, c.j)].append(c)

    spans: list[SpanExplanation] = []
    # A word that is part of a table person's name is explained as such unless a longer
    # candidate or a kept one covers it: on a one-word span whose candidates all failed
    # ("Kishida" as a typo of Kishiwada), the name part joins them.
    covered = [False] * len(toks)
    for c in (*candidates, *verdicts.proposed):
        if c.i < c.j or c in kept:
            for k in range(c.i, c.j + 1):
                covered[k] = True
    anchors = {c.entity for c in chosen if c.strong}
    parts = dict(_unlinked_name_parts(nz, doc, anchors, covered))
    for i, considered_parts in parts.items():
        if (i, i) not in groups:
            spans.append(
                SpanExplanation(toks.starts[i], toks.ends[i], text[toks.starts[i] : toks.ends[i]], considered_parts)
            )
    for (i, j), cs in sorted(groups.items()):
        start, end = toks.starts[i], toks.ends[j]
        considered: list[Considered] = []
        for c in sorted(cs, key=lambda c: (c not in kept, -c.score, c.entity, c.method)):
            e = nz._entities[c.entity]
            if c in kept:
                m = by_mention.get(c)
                if m is not None:
                    start, end = m.start, m.end  # includes the period of "Jr." / "U.S."
                reason = _kept_reason(c, verdicts)
            else:
                reason = verdicts.reasons.get(c, "not placed")
            considered.append(
                Considered(e.id, e.name, e.type, c.score, c.method, c.alias, c in kept, reason, c.needs_anchor)
            )
        if i == j and i in parts and not any(c in kept for c in cs):
            considered.extend(parts[i])
        spans.append(SpanExplanation(start, end, text[start:end], tuple(considered)))
    spans.sort(key=lambda s: (s.start, s.end))
    return Explanation(text, tuple(spans), tuple(mentions))


def _unlinked_name_parts(
    nz: Normalizer, doc: Doc, anchors: set[int], covered: list[bool]
) -> Iterator[tuple[int, tuple[Considered, ...]]]:
    """Capitalised words no candidate covers that are a part (surname, given name) of table people.

    The partial-name step links such a word only to a person named in full elsewhere in the
    article, and only when exactly one such person fits: say which condition failed.
    """
    index, toks = nz._index, doc.tokens
    for i in range(len(toks)):
        fl = toks.flags[i]
        if covered[i] or fl & DIGIT or not (fl & (CAP | NATIVE) or doc.upper_line[i]):
            continue
        people = sorted(e for e in index.parts.get(toks.folds[i], ()) if index.person[e])
        if not people:
            continue
        named = [e for e in people if e in anchors]
        others = len(people) - len(named)
        if named:
            people = named  # the people the article does name are the ones that matter
        elif len(people) > _MAX_PEOPLE:
            people = people[:_MAX_PEOPLE]
        ids = " and ".join(nz._entities[e].id for e in people)
        if not named and others > len(people):
            ids += f" (and {others - len(people)} more)"
        if len(named) > 1:
            reason = f"ambiguous: part of the names of {ids}, all named in full in the article"
        elif named:
            reason = (
                "a part of a person named in full in the article, refused by context "
                "(not a reference here, another person beside it, or not a name word here)"
            )
        elif len(people) > 1:
            reason = f"a part of the names of {ids}, none of whom is named in full in the article"
        else:
            reason = "a part of this person's name, but the article never names them in full"
        out = []
        for e in people:
            ent = nz._entities[e]
            why = reason
            out.append(Considered(ent.id, ent.name, ent.type, 0.8, "partial", toks.folds[i], False, why, True))
        yield i, tuple(out)


def _kept_reason(c: Candidate, verdicts: Verdicts) -> str:
    if c in verdicts.support:
        return f"kept: needed support ({c.caution or 'a form that links only with support'}); {verdicts.support[c]}"
    if c.method == "partial" and c.score <= 0.7:
        return "kept: a title before a surname that only this person in the table bears"
    if c.method == "partial":
        return "kept: part or truncation of a name given in full elsewhere in the article"
    return "kept"


def format_explanation(ex: Explanation, only_rejected: bool = False, verbose: bool = False) -> str:
    """A plain-text rendering: one block per span, one line per candidate.

    Unless ``verbose``, weaker duplicates of the linked entity on the same span (its
    transliteration beside its exact match, say) are left out.
    """
    lines: list[str] = []
    for s in ex.spans:
        kept = s.kept
        if only_rejected and kept is not None:
            continue
        verdict = f"→ {kept.entity_id}" if kept else "→ not linked"
        lines.append(f"{s.start}-{s.end} {s.text!r} {verdict}")
        shown = [c for c in s.candidates if verbose or kept is None or c.kept or c.entity_id != kept.entity_id]
        shared = len(shown) > 1 and len({c.reason for c in shown}) == 1
        for c in shown:
            mark = "+" if c.kept else "-"
            quiet = shared or (c.kept and c.reason == "kept")
            lines.append(
                f"  {mark} {c.entity_id:<28} {c.score:5.2f} {c.method:<15} alias={c.alias!r}"
                + ("" if quiet else f"\n      {c.reason}")
            )
        if shared:
            lines.append(f"      {shown[0].reason}")
    if not ex.spans:
        lines.append("(no candidate spans)")
    lines.append(f"{len(ex.mentions)} mention(s) linked, {sum(1 for s in ex.spans if s.kept is None)} span(s) rejected")
    return "\n".join(lines) + "\n"
