"""Why a span was linked or not: every candidate the matcher proposed, and the policy's verdict.

>>> import entnorm
>>> from entnorm.explain import explain, format_explanation
>>> nz = entnorm.load()
>>> print(format_explanation(explain(nz, "Kang Jinghe met Ponpeo. Kang said no.")))  # doctest: +SKIP

``explain`` tokenizes the text exactly as :meth:`entnorm.Normalizer.find` does, collects the
candidate windows of :func:`entnorm._matching.exact_and_fuzzy`, and replays the steps of
:func:`entnorm._selection.select` one by one (using its own helpers), recording for each
candidate the step that dropped it. The verdicts themselves are always those of ``select``:
the replay only supplies the reasons. If the replay and ``select`` ever disagree (the policy
changed and this module did not follow), the explanation says so in ``consistent`` and falls
back to a generic reason for the candidates concerned.

It is read-only: it calls the same functions ``find`` calls and changes no state (apart from
the fuzzy-lookup cache, which ``find`` fills the same way).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from . import _selection as sel
from ._folding import CAP, DIGIT, NATIVE, tokenize
from ._matching import Candidate, Doc, exact_and_fuzzy
from ._models import Mention

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
    """What :func:`explain` returns: every span considered, and the mentions ``find`` returns.

    ``consistent`` is False if the step-by-step replay of the policy disagreed with
    ``select`` (then ``notes`` says so and the reasons concerned are generic).
    """

    text: str
    spans: tuple[SpanExplanation, ...]
    mentions: tuple[Mention, ...]
    consistent: bool = True
    notes: tuple[str, ...] = field(default=())


_Key = tuple[int, int, int, str, str]  # i, j, entity, method, alias


def _key(c: Candidate) -> _Key:
    return (c.i, c.j, c.entity, c.method, c.alias)


class _Replay:
    """The steps of :func:`entnorm._selection.select`, recording why each candidate fell."""

    def __init__(self, nz: Normalizer, doc: Doc, candidates: list[Candidate]) -> None:
        self.nz = nz
        self.doc = doc
        self.index = nz._index
        self.reasons: dict[_Key, str] = {}
        self.kept: list[Candidate] = []
        self._run(candidates)

    # -- names for messages --
    def ent(self, e: int) -> str:
        return self.nz._entities[e].id

    def surface(self, c: Candidate) -> str:
        t = self.doc.tokens
        return t.text[t.starts[c.i] : t.ends[c.j]]

    def word(self, k: int) -> str:
        t = self.doc.tokens
        return t.text[t.starts[k] : t.ends[k]] if 0 <= k < len(t) else ""

    def drop(self, c: Candidate, reason: str) -> None:
        self.reasons.setdefault(_key(c), reason)

    def _run(self, candidates: list[Candidate]) -> None:
        doc, index = self.doc, self.index
        persons = index.person
        live: list[Candidate] = []
        for c in candidates:
            # Mirrors the first filter of select(): people and one-word fuzzy matches.
            if (persons[c.entity] or c.method == "fuzzy") and sel._names_another_person(doc, c):
                nb = self.word(c.i - 1) if doc.tokens.gap(c.i - 1) == " " and c.i > 0 else ""
                nb = nb if nb[:1].isupper() else self.word(c.j + 1)
                who = "another person" if persons[c.entity] else "another name"
                outer = next(
                    (
                        o
                        for o in candidates
                        if o.entity == c.entity and o.i <= c.i and c.j <= o.j and o.j - o.i > c.j - c.i
                    ),
                    None,
                )
                if outer is not None:
                    self.drop(
                        c,
                        f"part of the longer name {self.surface(outer)!r} of the same entity "
                        f"({who} check: {nb!r} stands next to it)",
                    )
                else:
                    self.drop(c, f"{who} beside it: a capitalised name word ({nb!r}) stands next to it")
            elif persons[c.entity] and c.i == c.j and not sel._refers(doc, c.i, c.j):
                before, after = self.word(c.i - 1), self.word(c.j + 1)
                self.drop(c, f"not a reference to a person here (context: {before!r} … {after!r})")
            else:
                live.append(c)

        by_span: dict[tuple[int, int], list[Candidate]] = defaultdict(list)
        for c in live:
            by_span[(c.i, c.j)].append(c)
        ready: list[Candidate] = []
        needy: list[list[Candidate]] = []
        for group in by_span.values():
            best: dict[int, Candidate] = {}
            for c in group:
                if c.entity not in best or sel._rank(c) > sel._rank(best[c.entity]):
                    best[c.entity] = c
            for c in group:
                if best[c.entity] is not c and _key(best[c.entity]) != _key(c):
                    self.drop(
                        c,
                        f"a better candidate for the same entity on this span ({best[c.entity].method}, "
                        f"score {best[c.entity].score:.2f})",
                    )
            ranked = sorted(best.values(), key=sel._rank, reverse=True)
            top = ranked[0]
            rivals = [c for c in ranked if top.score - c.score <= sel.AMBIGUITY_MARGIN]
            for c in ranked:
                if c not in rivals:
                    self.drop(c, f"outscored on this span by {self.ent(top.entity)} ({top.score:.2f} vs {c.score:.2f})")
            if len(rivals) == 1 and not top.needs_anchor:
                ready.append(top)
            else:
                needy.append(rivals)

        taken = [False] * len(doc.tokens)
        accepted = self._place(ready, taken, [])
        anchors = {c.entity for c in accepted if c.strong}

        supported: list[Candidate] = []
        for rivals in needy:
            fits = [c for c in rivals if c.entity in anchors]
            names = " and ".join(self.ent(c.entity) for c in rivals)
            if len(fits) == 1:
                supported.append(fits[0])
                for c in rivals:
                    if c is not fits[0]:
                        self.drop(
                            c,
                            f"ambiguous between {names}; {self.ent(fits[0].entity)} is named elsewhere "
                            "in the article, this one is not",
                        )
                continue
            for c in rivals:
                if len(rivals) > 1 and not fits:
                    self.drop(c, f"ambiguous between {names}, and none of them is named elsewhere in the article")
                elif len(rivals) > 1:
                    self.drop(c, f"ambiguous between {names}, and several of them are named elsewhere in the article")
                else:
                    self.drop(
                        c,
                        "needs support (a weak alias, or a common word where case says nothing): "
                        "the entity is not named elsewhere in the article",
                    )
        partials = sel._partials(doc, index, accepted, anchors, list(taken), persons)
        supported.extend(partials)
        accepted += self._place(supported, taken, accepted)
        final = sel._one_entity_per_surface(sorted(accepted, key=lambda c: (c.i, c.j)))
        kept = {_key(c) for c in final}
        for c in accepted:
            if _key(c) not in kept:
                others = Counter(self.ent(o.entity) for o in accepted if o.key == c.key and o.entity != c.entity)
                rival = ", ".join(f"{e} ×{n}" for e, n in others.most_common())
                self.drop(
                    c,
                    f"one surface, one entity: {self.surface(c)!r} also links to {rival} in this article, "
                    "and this entity does not have the majority",
                )
        self.kept = final
        self.partials = partials

    def _place(self, cands: list[Candidate], taken: list[bool], before: list[Candidate]) -> list[Candidate]:
        placed = sel._place(cands, list(taken))
        ok = {_key(c) for c in placed}
        for c in placed:
            for k in range(c.i, c.j + 1):
                taken[k] = True
        for c in cands:
            if _key(c) in ok:
                continue
            blockers = [o for o in (*before, *placed) if o.i <= c.j and c.i <= o.j]
            if blockers:
                b = blockers[0]
                longer = (b.j - b.i) > (c.j - c.i)
                how = "longer" if longer else "higher-scoring" if b.score > c.score else "earlier"
                self.drop(c, f"overlapped by {how} mention {self.surface(b)!r} ({self.ent(b.entity)})")
            else:
                self.drop(c, "overlapped by another mention")
        return placed


def explain(nz: Normalizer, text: str) -> Explanation:
    """Every candidate span of ``text``, its entities, scores and the verdict on each."""
    if not isinstance(text, str):
        raise TypeError(f"explain() takes a str, not {type(text).__name__}")
    doc = Doc(tokenize(text))
    index = nz._index
    candidates = list(exact_and_fuzzy(doc, index, nz._cache))
    chosen = sel.select(doc, index, list(candidates))
    replay = _Replay(nz, doc, list(candidates))
    mentions = nz.find(text)

    truth = {_key(c) for c in chosen}
    consistent = truth == {_key(c) for c in replay.kept}
    notes: list[str] = []
    if not consistent:
        notes.append(
            "the step-by-step replay disagrees with the selection policy on some candidates "
            "(entnorm.explain is behind entnorm._selection); their reasons are generic"
        )

    toks = doc.tokens
    by_mention = dict(zip((_key(c) for c in chosen), mentions))
    pool: dict[_Key, Candidate] = {}
    for c in (*candidates, *replay.partials, *chosen):
        pool.setdefault(_key(c), c)
    groups: dict[tuple[int, int], list[Candidate]] = defaultdict(list)
    for c in pool.values():
        groups[(c.i, c.j)].append(c)

    spans: list[SpanExplanation] = []
    covered = [False] * len(toks)
    for c in pool.values():
        for k in range(c.i, c.j + 1):
            covered[k] = True
    for i, considered_parts in _unlinked_name_parts(nz, doc, replay, covered):
        spans.append(
            SpanExplanation(toks.starts[i], toks.ends[i], text[toks.starts[i] : toks.ends[i]], considered_parts)
        )
    for (i, j), cs in sorted(groups.items()):
        start, end = toks.starts[i], toks.ends[j]
        considered: list[Considered] = []
        for c in sorted(cs, key=lambda c: (_key(c) not in truth, -c.score, c.entity, c.method)):
            e = nz._entities[c.entity]
            ck = _key(c)
            if ck in truth:
                m = by_mention.get(ck)
                if m is not None:
                    start, end = m.start, m.end  # includes the period of "Jr." / "U.S."
                reason = _kept_reason(c)
            else:
                reason = replay.reasons.get(ck) or "rejected by the selection policy"
            considered.append(
                Considered(e.id, e.name, e.type, c.score, c.method, c.alias, ck in truth, reason, c.needs_anchor)
            )
        spans.append(SpanExplanation(start, end, text[start:end], tuple(considered)))
    spans.sort(key=lambda s: (s.start, s.end))
    return Explanation(text, tuple(spans), tuple(mentions), consistent, tuple(notes))


def _unlinked_name_parts(
    nz: Normalizer, doc: Doc, replay: _Replay, covered: list[bool]
) -> Iterator[tuple[int, tuple[Considered, ...]]]:
    """Capitalised words no candidate covers that are a part (surname, given name) of table people.

    The partial-name step links such a word only to a person named in full elsewhere in the
    article, and only when exactly one such person fits: say which condition failed.
    """
    index, toks = nz._index, doc.tokens
    anchors = {c.entity for c in replay.kept if c.strong}
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


def _kept_reason(c: Candidate) -> str:
    if c.method == "partial":
        return "kept: part or truncation of a person named in full elsewhere in the article"
    if c.needs_anchor:
        return "kept: needed support, and the entity is named elsewhere in the article"
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
    lines.extend(f"note: {n}" for n in ex.notes)
    return "\n".join(lines) + "\n"
