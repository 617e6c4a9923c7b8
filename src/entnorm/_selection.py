"""Span selection: from candidate windows to the mentions a careful reader would accept.

The policy, in order:

1. *Local cues.* A one-word reference to a person, or a one-word fuzzy match, is refused
   when a capitalised name word stands right beside it ("Sara Duterte", "Kim Min-su",
   "Park Sang-hak": another name).
2. *One entity per span.* A span keeps its best-scoring entity; two entities within
   ``AMBIGUITY_MARGIN`` of each other make the span ambiguous.
3. *Self-sufficient mentions first.* Unambiguous candidates that need no support are placed
   longest first (then by score, then leftmost); overlapping ones are dropped.
4. *Anchors.* Entities those mentions name strongly are the article's anchors.
5. *Supported mentions.* Ambiguous spans, weak aliases, common words where case says
   nothing, surnames, given names and truncations ("Kang Jing" after "Kang Jinghe") link only
   to an anchored entity, and only when exactly one anchored entity fits.
6. *One surface, one entity.* Within an article a surface form keeps the entity most of its
   occurrences have; occurrences that disagree are dropped.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Iterator

from ._folding import CAP, CJK, DIGIT, LATIN, NATIVE, UPPER
from ._index import Index
from ._lexicon import (
    COLLECTIVE_NOUNS,
    MONTHS,
    NON_REFERRING_CUES,
    generational_suffix,
    is_grammatical_word,
    is_non_name_word,
)
from ._matching import Candidate, Doc, window_bounds

__all__ = ["AMBIGUITY_MARGIN", "select"]

AMBIGUITY_MARGIN = 0.03
_ARTICLES = frozenset("the a an".split())
_QUANTIFIERS = frozenset("only another every no any".split())
_MONTH_CONTEXT = frozenset("in on since until till by from during early late mid last next this of".split())
_MAX_PARTIAL_TOKENS = 3


def select(doc: Doc, index: Index, candidates: list[Candidate]) -> list[Candidate]:
    """Choose the non-overlapping, supported candidates; sorted by position."""
    persons = index.person
    beside: dict[tuple[int, int], bool] = {}  # per span, not per candidate: spans repeat
    refers: dict[int, bool] = {}

    def local_cues_reject(c: Candidate) -> bool:
        person = persons[c.entity]
        if not (person or c.method == "fuzzy"):
            return False
        span = (c.i, c.j)
        if span not in beside:
            beside[span] = _names_another_person(doc, c)
        if beside[span]:
            return True
        if person and c.i == c.j:
            if c.i not in refers:
                refers[c.i] = _refers(doc, c.i, c.j)
            return not refers[c.i]
        return False

    candidates = [c for c in candidates if not local_cues_reject(c)]

    by_span: dict[tuple[int, int], list[Candidate]] = defaultdict(list)
    for c in candidates:
        by_span[(c.i, c.j)].append(c)
    ready: list[Candidate] = []
    needy: list[list[Candidate]] = []
    for group in by_span.values():
        best: dict[int, Candidate] = {}
        for c in group:
            if c.entity not in best or _rank(c) > _rank(best[c.entity]):
                best[c.entity] = c
        ranked = sorted(best.values(), key=_rank, reverse=True)
        top = ranked[0]
        rivals = [c for c in ranked if top.score - c.score <= AMBIGUITY_MARGIN]
        if len(rivals) == 1 and not top.needs_anchor:
            ready.append(top)
        else:
            needy.append(rivals)

    taken = [False] * len(doc.tokens)
    accepted = _place(ready, taken)
    anchors = {c.entity for c in accepted if c.strong}

    supported: list[Candidate] = []
    for rivals in needy:
        fits = [c for c in rivals if c.entity in anchors]
        if len(fits) == 1:
            supported.append(fits[0])
    supported.extend(_partials(doc, index, accepted, anchors, taken, persons))
    accepted += _place(supported, taken)
    return _one_entity_per_surface(sorted(accepted, key=lambda c: (c.i, c.j)))


def _rank(c: Candidate) -> tuple[float, bool]:
    return (c.score, not c.needs_anchor)


def _place(cands: list[Candidate], taken: list[bool]) -> list[Candidate]:
    """Greedy leftmost-longest placement into free tokens: longest span, then score, then position."""
    out = []
    for c in sorted(cands, key=lambda c: (-(c.j - c.i), -c.score, c.i, c.entity)):
        if not any(taken[c.i : c.j + 1]):
            for k in range(c.i, c.j + 1):
                taken[k] = True
            out.append(c)
    return out


def _names_another_person(doc: Doc, c: Candidate) -> bool:
    """True when a one-word reference has a capitalised name word beside it."""
    toks = doc.tokens
    if any(toks.gap(k) == " " for k in range(c.i, c.j)) or doc.upper_line[c.i]:
        return False
    for k in (c.i - 1, c.j + 1):
        if 0 <= k < len(toks):
            gap = toks.gap(min(k, c.i)) if k < c.i else toks.gap(c.j)
            f = toks.flags[k]
            if (
                gap == " "
                and f & CAP
                and f & LATIN
                and not f & UPPER
                and not is_non_name_word(toks.folds[k], sentence_initial=doc.sentence_initial[k])
            ):
                return True
    return False


def _partials(
    doc: Doc, index: Index, accepted: list[Candidate], anchors: set[int], taken: list[bool], persons: list[bool]
) -> list[Candidate]:
    """Surnames, given names and truncations of anchored people, in the free tokens."""
    person_anchors = {e for e in anchors if persons[e]}
    if not person_anchors:
        return []
    truncations: dict[str, dict[int, str]] = {}
    seen: set[tuple[str, int]] = set()
    sources = [(f.key, f.bounds, e, f.alias) for e in sorted(person_anchors) for f in index.forms_of[e]]
    sources += [
        (c.key, window_bounds(doc, c.i, c.j), c.entity, c.alias) for c in accepted if c.entity in person_anchors
    ]
    for key, bounds, e, alias in sources:
        if (key, e) not in seen:
            seen.add((key, e))
            for prefix in _truncations(key, bounds):
                truncations.setdefault(prefix, {}).setdefault(e, alias)
    toks = doc.tokens
    out: list[Candidate] = []
    n = len(toks)
    for i in range(n):
        fl = toks.flags[i]
        if taken[i] or fl & DIGIT or not (fl & (CAP | NATIVE) or doc.upper_line[i]) or doc.glued[i]:
            continue
        compact = ""
        for j in range(i, min(n, i + (4 if fl & CJK else _MAX_PARTIAL_TOKENS))):
            if taken[j] or (j > i and not doc.joinable[j - 1]) or (toks.flags[j] & CJK) != (fl & CJK):
                break
            if j > i and not (toks.flags[j] & (CAP | CJK) or doc.upper_line[j] or toks.gap(j - 1) != " "):
                break
            compact += toks.folds[j]
            fits: dict[int, tuple[float, str]] = {}
            for e in index.parts.get(compact, ()):
                if e in person_anchors:
                    fits[e] = (0.8, compact)
            for e, alias in truncations.get(compact, {}).items():
                fits.setdefault(e, (0.75, alias))
            if len(fits) != 1 or not _refers(doc, i, j):
                continue
            ((e, (score, alias)),) = fits.items()
            out.append(Candidate(i, j, e, score, "partial", alias, compact, False, False))
    # A truncation spanning two syllables or more of an anchored name ("Han Kangjing": 韩 +
    # 康京) does not turn into another person because of the word before it.
    return [c for c in out if (c.score < 0.8 and len(c.key) >= 6) or not _names_another_person(doc, c)]


def _truncations(key: str, bounds: tuple[int, ...]) -> Iterator[str]:
    """``key`` cut short inside its later tokens ("Kang Jing" of "Kang Jinghe").

    The cut keeps the first token and two letters more, at least 55% of the key, and never
    just drops a generational suffix ("Marcos" of "Marcos Jr." is the father).
    """
    if len(bounds) < 2:
        return
    for length in range(max(bounds[0] + 2, math.ceil(0.55 * len(key))), len(key)):
        if not (length in bounds and generational_suffix(key[length:])):
            yield key[:length]


def _refers(doc: Doc, i: int, j: int) -> bool:
    """False where the words around a name-like token show it is not a reference."""
    toks = doc.tokens
    prev = toks.folds[i - 1] if i > 0 else ""
    nxt = toks.folds[j + 1] if j + 1 < len(toks) else ""
    if prev in NON_REFERRING_CUES or prev in _QUANTIFIERS or nxt in COLLECTIVE_NOUNS:
        return False  # "a man surnamed Wang", "the only Suga she knew", "the Kishi family"
    if prev in _ARTICLES:
        # "the Moon government" uses the name as a modifier; "a Kim" is someone else.
        modifier = j + 1 < len(toks) and not toks.flags[j + 1] & (CAP | DIGIT) and not is_grammatical_word(nxt)
        if not modifier:
            return False
    if i == j and toks.folds[i] in MONTHS:
        nxt_digit = j + 1 < len(toks) and toks.flags[j + 1] & DIGIT
        if nxt_digit or prev in _MONTH_CONTEXT or nxt in ("this", "last", "next"):
            return False
    return True


def _one_entity_per_surface(accepted: list[Candidate]) -> list[Candidate]:
    votes: dict[str, Counter[int]] = defaultdict(Counter)
    for c in accepted:
        votes[c.key][c.entity] += 1
    keep = {}
    for key, counter in votes.items():
        ranked = counter.most_common()
        if len(ranked) == 1 or ranked[0][1] > ranked[1][1]:
            keep[key] = ranked[0][0]
    return [c for c in accepted if keep.get(c.key) == c.entity]
