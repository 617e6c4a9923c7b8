"""Span selection: from candidate windows to the mentions a careful reader would accept.

The policy, in order:

1. *Local cues.* A one-word reference to a person, a one-word fuzzy match, or a one-word
   weak alias is refused when a capitalised name word stands right beside it ("Sara
   Duterte", "Kim Min-su", "Park Sang-hak", "Akari Ikeda": another name); a one-word place
   that only begins another proper name ("Japan Times") is refused too, and so is anything
   that starts inside a longer native-script name of another entity (巴罗 in 哈巴罗夫斯克).
2. *One entity per span.* A span keeps its best-scoring entity; two entities within
   ``AMBIGUITY_MARGIN`` of each other make the span ambiguous.
3. *Self-sufficient mentions first.* Unambiguous candidates that need no support are placed
   longest first (then by score, then leftmost); overlapping ones are dropped.
4. *Anchors.* Entities those mentions name strongly are the article's anchors.
5. *Supported mentions.* Ambiguous spans, weak aliases, common words where case says
   nothing, surnames, given names and truncations ("Kang Jing" after "Kang Jinghe") link only
   to an anchored entity, and only when exactly one anchored entity fits. Where no rival is
   anchored, a strong name beats weak aliases of other entities ("Montenegro"), except on a
   span that more than ``CROWD`` entities share, where only the article's support decides.
6. *One surface, one entity.* Within an article a surface form keeps the entity most of its
   occurrences have; occurrences that disagree are dropped.
"""

from __future__ import annotations

import datetime as dt
import math
from collections import Counter, defaultdict
from collections.abc import Iterator, Sequence
from functools import lru_cache

from rapidfuzz import process
from rapidfuzz.distance import OSA, JaroWinkler

from ._folding import CAP, CJK, DIGIT, LATIN, NATIVE, UPPER
from ._index import Index
from ._known_names import east_asian_personal_name
from ._lexicon import (
    COLLECTIVE_NOUNS,
    MONTHS,
    NON_REFERRING_CUES,
    TITLES,
    generational_suffix,
    is_grammatical_word,
    is_non_name_word,
    zipf,
)
from ._matching import CROWD, Candidate, Doc, window_bounds

__all__ = ["AMBIGUITY_MARGIN", "Verdicts", "select"]

AMBIGUITY_MARGIN = 0.03
_ARTICLES = frozenset("the a an".split())
_QUANTIFIERS = frozenset("only another every no any".split())
_MONTH_CONTEXT = frozenset("in on since until till by from during early late mid last next this of".split())
_MAX_PARTIAL_TOKENS = 3


class Verdicts:
    """Why :func:`select` dropped each candidate it dropped (``entnorm explain`` reads it).

    ``find`` passes none and pays nothing; with one, every rejection records a sentence, and
    the partial candidates that ``select`` itself proposes are listed in ``proposed``.
    """

    def __init__(self) -> None:
        self.reasons: dict[Candidate, str] = {}
        self.proposed: list[Candidate] = []
        self.support: dict[Candidate, str] = {}  # what the article offered a candidate that needed it

    def drop(self, c: Candidate, reason: str) -> None:
        self.reasons.setdefault(c, reason)


def select(
    doc: Doc,
    index: Index,
    candidates: list[Candidate],
    verdicts: Verdicts | None = None,
    *,
    date: dt.date | None = None,
) -> list[Candidate]:
    """Choose the non-overlapping, supported candidates; sorted by position.

    ``date`` is the day the article speaks of: a role title before a name supports the people
    who held that role on that day (on any day when ``None``).
    """
    persons = index.person
    beside: dict[tuple[int, int], int | None] = {}  # per span, not per candidate: spans repeat
    refers: dict[int, bool] = {}

    def local_cues_reject(c: Candidate) -> bool:
        if c.method != "exact" and _after_name_particle(doc, c.i):
            if verdicts is not None:
                particle = doc.tokens.surface(c.i - 1, c.i)
                verdicts.drop(c, f"part of a name with a particle ({particle!r}), not a garbled name")
            return True
        person = persons[c.entity]
        # A weak one-word alias is a word that many names share ("Ikeda" the city and the
        # surname): beside another capitalised name word it is part of that name.
        if not (person or c.method == "fuzzy" or (c.weak and c.i == c.j)):
            return False
        span = (c.i, c.j)
        if span not in beside:
            beside[span] = _name_word_beside(doc, c)
        k = beside[span]
        if k is not None and not (person or c.method == "fuzzy") and doc.tokens.folds[k] in _PLACE_DESIGNATORS:
            return False  # "Saga City": a weak place with its designator, not another name
        if k is not None:
            if verdicts is not None:
                verdicts.drop(c, _beside_reason(doc, c, beside[span], person, candidates))
            return True
        if person and c.i == c.j:
            if c.i not in refers:
                refers[c.i] = _refers(doc, c.i, c.j)
            if not refers[c.i] and verdicts is not None:
                context = f"{_word(doc, c.i - 1)!r} … {_word(doc, c.j + 1)!r}"
                verdicts.drop(c, f"not a reference to a person here (context: {context})")
            return not refers[c.i]
        return False

    crowded = _crowded_spans(candidates)
    # Entities with a cautioned candidate outside the crowds: their forms on crowded spans
    # count towards "two different forms" ("ERIC CO LINS" … "CO LINS" is Eric Collins).
    cautioned = {c.entity for c in candidates if c.caution and not c.crowded}
    if THIN_CROWDS:
        candidates = _thin_crowds(doc, index, candidates, crowded, cautioned, verdicts)
    candidates = [c for c in candidates if not local_cues_reject(c)]
    starts = {c.i for c in candidates if not c.needs_anchor}  # a partial "Tea" (Tea Banh) starts no name
    kept = []
    longer: dict[tuple[int, int], str | None] = {}
    inside: set[int] = set()  # tokens of places inside longer names: no partial links there either
    for c in candidates:
        if (c.i, c.j) not in longer:
            longer[(c.i, c.j)] = _longer_name(doc, index, c, starts)
        name = longer[(c.i, c.j)]
        if name is None:
            kept.append(c)
            continue
        inside.update(range(c.i, c.j + 1))
        if verdicts is not None:
            verdicts.drop(c, f"part of a longer proper name ({name!r}) that is not in the table")
    candidates = _inside_native_names(doc, index, kept, verdicts)

    by_span: dict[tuple[int, int], list[Candidate]] = defaultdict(list)
    for c in candidates:
        by_span[(c.i, c.j)].append(c)
    ready: list[Candidate] = []
    needy: list[list[Candidate]] = []
    for group in by_span.values():
        best: dict[int, Candidate] = {}
        for c in group:
            # Per entity, a candidate that stands alone beats a higher-scoring one that needs
            # support: "Pompio" is a typo of Pompeo even if it is nearer to 폼페이오's reading.
            if c.entity not in best or _own_rank(c) > _own_rank(best[c.entity]):
                best[c.entity] = c
        ranked = sorted(best.values(), key=_rank, reverse=True)
        top = ranked[0]
        rivals = [c for c in ranked if top.score - c.score <= AMBIGUITY_MARGIN]
        if verdicts is not None:
            for c in group:
                b = best[c.entity]
                if c != b:
                    verdicts.drop(
                        c, f"a better candidate for the same entity on this span ({b.method}, score {b.score:.2f})"
                    )
                elif c not in rivals:
                    verdicts.drop(c, f"outscored on this span by {_id(index, top)} ({top.score:.2f} vs {c.score:.2f})")
        if len(rivals) == 1 and not top.needs_anchor:
            ready.append(top)
        else:
            needy.append(rivals)

    # The article's anchors: what the self-sufficient mentions name strongly, placed as if alone.
    anchors = {c.entity for c in _place(ready, [False] * len(doc.tokens), doc, index, None, ()) if c.strong}

    # A fitting role title before a name supports a person as well as a strong mention does
    # ("Foreign Minister Kang Jinghe"), and such a person then anchors the rest of the article.
    # So do two different forms of one name ("Kim Yeo-jong" and "Jin Yuzheng"), and a title
    # before the same surname elsewhere ("Foreign Minister Kang Jing" … "Kang Jinghe said").
    titled: dict[Candidate, str] = {}
    forms: dict[int, set[str]] = defaultdict(set)
    for rivals in needy:
        for c in rivals:
            if c.caution and ((c.i, c.j) not in crowded or c.entity in cautioned):
                forms[c.entity].add(c.key)
    titled_surnames: dict[str, list[tuple[str, ...]]] | None = None
    for rivals in needy:
        for c in rivals:
            if c.entity in anchors or not persons[c.entity]:
                continue
            why = _role_support(index, c.entity, date, _title_before(doc, c.i))
            if not why and titled_surnames is None:
                titled_surnames = _titled_surnames(doc)  # only when some person needs it
            for words in () if why or titled_surnames is None else titled_surnames.get(doc.tokens.folds[c.i], ()):
                why = _role_support(index, c.entity, date, words)
                if why:
                    break
            if not why and len(forms[c.entity]) >= 2:
                why = f"named in {len(forms[c.entity])} different forms in the article"
            if why:
                titled[c] = why
    titled_on: dict[tuple[int, int], set[int]] = defaultdict(set)
    for c in titled:
        titled_on[(c.i, c.j)].add(c.entity)
    anchors |= {c.entity for c in titled if len(titled_on[(c.i, c.j)]) == 1}

    supported: list[Candidate] = []
    for rivals in needy:
        fits = [c for c in rivals if c.entity in anchors]
        if not fits and (rivals[0].i, rivals[0].j) not in crowded:
            # Nothing in the article settles it: a strong name beats weak aliases of others
            # ("Montenegro" the country, not Luís Montenegro's surname).
            fits = [c for c in rivals if not c.weak and not c.needs_anchor]
            if len(fits) != 1 or len(fits) == len(rivals):
                fits = []
        if len(fits) == 1:
            supported.append(fits[0])
            if verdicts is not None and fits[0].needs_anchor:
                named = "the entity is named strongly elsewhere in the article"
                verdicts.support[fits[0]] = titled.get(fits[0]) or named
        if verdicts is not None:
            for c in rivals:
                if len(fits) != 1 or c != fits[0]:
                    verdicts.drop(c, _support_reason(index, rivals, fits))
    # Supported mentions compete with self-sufficient ones on length: "JIN ZHENGEN" (金正恩,
    # supported by "Kim Jong-un" elsewhere) is one name, not "JIN" and a near-miss "ZHENGEN".
    taken = [False] * len(doc.tokens)
    accepted = _place(ready + supported, taken, doc, index, verdicts, ())
    free = [t or k in inside for k, t in enumerate(taken)]
    partials = _partials(doc, index, accepted, anchors, free, persons, date)
    partials += _titled_garbles(doc, index, free, date)
    if verdicts is not None:
        verdicts.proposed.extend(partials)
    accepted += _place(partials, taken, doc, index, verdicts, accepted)
    accepted = [_with_designator(doc, index, c, taken) for c in accepted]
    return _one_entity_per_surface(sorted(accepted, key=lambda c: (c.i, c.j)), doc, index, verdicts)


# Capitalised words after a place's name that are part of how the text names it: the mention
# of Shizuoka in "present-day Shizuoka City" is "Shizuoka City", as a reader marks it.
_DESIGNATORS_ABSORBED = frozenset("City Province Prefecture".split())


def _crowded_spans(candidates: list[Candidate]) -> set[tuple[int, int]]:
    """Spans that more than ``CROWD`` entities share, or where a key that more than ``CROWD``
    entities share matched (a candidate marked ``crowded``, maybe sampled down to a few of
    them): "Smith" in a table of a million names.

    On such a span only the article's support decides: an entity it names strongly
    elsewhere, a role title that fits one person, or two forms of the entity's name of which
    one is outside the crowds ("ERIC CO LINS" … "CO LINS"). The weaker rules that settle a
    span between a few entities (a strong name beats weak aliases of the others; two forms of
    a name hundreds share) are no evidence among hundreds, and left to them a span would link
    one of them at random (the one whose name happened to draw no caution).
    """
    spans = {(c.i, c.j) for c in candidates if c.crowded}
    counts = Counter((c.i, c.j) for c in candidates)
    if max(counts.values(), default=0) > CROWD:
        entities: dict[tuple[int, int], set[int]] = defaultdict(set)
        for c in candidates:
            if counts[(c.i, c.j)] > CROWD:
                entities[(c.i, c.j)].add(c.entity)
        spans |= {span for span, es in entities.items() if len(es) > CROWD}
    return spans


# Whether selection thins crowded spans (tests and benchmarks/crowds.py turn it off to compare).
THIN_CROWDS = True


def _thin_crowds(
    doc: Doc,
    index: Index,
    candidates: list[Candidate],
    crowded: set[tuple[int, int]],
    cautioned: set[int],
    verdicts: Verdicts | None,
) -> list[Candidate]:
    """Drop, on crowded spans (:func:`_crowded_spans`), the rivals that cannot change what
    the span links to, so that selection costs the same at any table size.

    On such a span only an entity the article names strongly elsewhere, or a role title, can
    win, or one that another, uncrowded form of its name supports. So all entities named
    strongly on other spans or cautioned about outside the crowds stay, and so do, with a
    title before the span, all people with roles. Of the rest, two per kind stay (type,
    score, method, support needed, weak, has roles): enough to keep "ambiguous" ambiguous and
    a lone candidate alone, so that the choice is the one the whole crowd would have given.
    """
    if not crowded:
        return candidates
    by_span: dict[tuple[int, int], list[Candidate]] = defaultdict(list)
    for c in candidates:
        if (c.i, c.j) in crowded:
            by_span[(c.i, c.j)].append(c)
    rows = index.entities
    named = {c.entity for c in candidates if c.strong and (c.i, c.j) not in crowded}
    titled_words = _titled_surnames(doc)
    kept: dict[tuple[int, int], set[int]] = {}
    for span, group in by_span.items():
        best: dict[int, Candidate] = {}
        for c in group:
            if c.entity not in best or _own_rank(c) > _own_rank(best[c.entity]):
                best[c.entity] = c
        titled = bool(_title_before(doc, span[0])) or doc.tokens.folds[span[0]] in titled_words
        seen: Counter[tuple[object, ...]] = Counter()
        keep = kept[span] = set()
        for e, c in best.items():
            roles = rows.has_roles(e)
            if e in named or e in cautioned or (titled and roles):
                keep.add(e)
                continue
            kind = (rows.type_of(e), c.score, c.method, c.needs_anchor, c.strong, c.weak, roles)
            if seen[kind] < 2:
                seen[kind] += 1
                keep.add(e)
    out = []
    for c in candidates:
        span = (c.i, c.j)
        if span not in crowded or c.entity in kept[span]:
            out.append(c)
        elif verdicts is not None:
            others = len({r.entity for r in by_span[span]})
            verdicts.drop(c, f"one of {others} entities that share this name, and not named elsewhere in the article")
    return out


def _with_designator(doc: Doc, index: Index, c: Candidate, taken: list[bool]) -> Candidate:
    """``c`` widened over a capitalised designator right after it ("Shizuoka City")."""
    k = c.j + 1
    toks = doc.tokens
    if (
        k < len(toks)
        and index.entities.type_of(c.entity) == "GPE"
        and toks.gap(c.j) == " "
        and toks.surface(k, k) in _DESIGNATORS_ABSORBED
        and not taken[k]
    ):
        taken[k] = True
        return c._replace(j=k)
    return c


def _rank(c: Candidate) -> tuple[float, bool]:
    return (c.score, not c.needs_anchor)


def _own_rank(c: Candidate) -> tuple[bool, float]:
    return (not c.needs_anchor, c.score)


def _place(
    cands: list[Candidate],
    taken: list[bool],
    doc: Doc,
    index: Index,
    verdicts: Verdicts | None,
    before: Sequence[Candidate],
) -> list[Candidate]:
    """Greedy leftmost-longest placement into free tokens: longest span, then score, then position."""
    out: list[Candidate] = []
    for c in sorted(cands, key=lambda c: (-(c.j - c.i), -c.score, c.i, c.entity)):
        if not any(taken[c.i : c.j + 1]):
            for k in range(c.i, c.j + 1):
                taken[k] = True
            out.append(c)
        elif verdicts is not None:
            b = next((o for o in (*before, *out) if o.i <= c.j and c.i <= o.j), None)
            if b is None:
                verdicts.drop(c, "overlapped by another mention")
            else:
                how = "longer" if b.j - b.i > c.j - c.i else "higher-scoring" if b.score > c.score else "earlier"
                verdicts.drop(c, f"overlapped by {how} mention {_surface(doc, b)!r} ({_id(index, b)})")
    return out


# -- sentences for Verdicts (only built when someone asks) ---------------------------------


def _id(index: Index, c: Candidate) -> str:
    return index.entities[c.entity].id


def _word(doc: Doc, k: int) -> str:
    t = doc.tokens
    return t.text[t.starts[k] : t.ends[k]] if 0 <= k < len(t) else ""


def _surface(doc: Doc, c: Candidate) -> str:
    return doc.tokens.surface(c.i, c.j)


def _beside_reason(doc: Doc, c: Candidate, k: int | None, person: bool, pool: list[Candidate]) -> str:
    word = _word(doc, k if k is not None else -1)
    who = "another person" if person else "another name"
    outer = next(
        (o for o in pool if o.entity == c.entity and o.i <= c.i and c.j <= o.j and o.j - o.i > c.j - c.i), None
    )
    if outer is not None:
        longer = _surface(doc, outer)
        return f"part of the longer name {longer!r} of the same entity ({who} check: {word!r} stands next to it)"
    return f"{who} beside it: a capitalised name word ({word!r}) stands next to it"


def _support_reason(index: Index, rivals: list[Candidate], fits: list[Candidate]) -> str:
    names = " and ".join(_id(index, c) for c in rivals)
    cautious = next((c for c in rivals if c.caution), None)
    if cautious is not None and not fits:
        return (
            f"needs support, as the span may well be something else ({cautious.caution}); the article neither "
            "names the entity strongly elsewhere nor puts a fitting role title before it"
        )
    if len(fits) == 1 and fits[0].weak is False and all(c.weak for c in rivals if c is not fits[0]):
        return f"a weak alias here: {_id(index, fits[0])} has this as a strong name"
    if len(fits) == 1:
        return f"ambiguous between {names}; {_id(index, fits[0])} is named elsewhere in the article, this one is not"
    if len(rivals) > 1 and not fits:
        return f"ambiguous between {names}, and none of them is named elsewhere in the article"
    if len(rivals) > 1:
        return f"ambiguous between {names}, and several of them are named elsewhere in the article"
    return (
        "needs support (a weak alias, or a common word where case says nothing): "
        "the entity is not named elsewhere in the article"
    )


# Capitalised head nouns of institutions: a place inside a longer name that has one ("US Navy",
# "University of Macau", "Bosnia and Herzegovina Olympic Committee") names that institution.
_INSTITUTION_HEADS = frozenset(
    """agency bureau office department ministry committee commission council university universiti
    college school academy institute party embassy consulate navy army corps police court
    bank company corporation group association federation league club team times platform foundation
    hospital museum airport airlines forum area command guard initiative program programme project
    zone fund assembly expo exhibition fair festival conference championship championships games
    stadium arena dome station bridge tower""".split()
)
# Venue words that end a name a place is the last word of: "Rakuten Seimei Park Miyagi".
_VENUE_HEADS = frozenset("park stadium arena dome hall".split())
_RIGHT_JOINERS = frozenset("of for the &".split())
_DOCTRINES = frozenset("thought doctrine theory thoughts".split())
# Words that say what kind of place a name is: "Guangdong Province" is still Guangdong.
_PLACE_DESIGNATORS = frozenset("province prefecture city county district region state oblast krai municipality".split())
_LEFT_JOINERS = frozenset("of for the in".split())


# Arabic and other name particles: "al-Mishri" is a person's name, not a garbled "Missouri".
_NAME_PARTICLES = frozenset("al el ad ar as ash at az an ibn bin bint abu abd".split())


def _after_name_particle(doc: Doc, i: int) -> bool:
    """Whether token ``i`` follows a lower-case name particle ("al-Mishri", "bin Zayed")."""
    toks = doc.tokens
    k = i - 1
    return k >= 0 and toks.gap(k) in ("-", " ") and toks.folds[k] in _NAME_PARTICLES and not toks.flags[k] & CAP


def _name_gap(doc: Doc, k: int) -> bool:
    """Whether the gap after token ``k`` can sit inside a name: a space, a hyphen, or the
    period of an abbreviation ("U.S. Navy")."""
    gap = doc.tokens.gap(k)
    return gap in (" ", "-") or (gap == ". " and len(doc.tokens.folds[k]) == 1)


def _longer_name(doc: Doc, index: Index, c: Candidate, starts: set[int]) -> str | None:
    """The longer proper name a place candidate is only part of, if it is one ("University of
    Macau", "US Navy", "Japan Times", "Shanghai Cooperative Organization"), else ``None``.

    Two cues: a capitalised institution word in the run of capitalised words around the place
    (either side, through "of", "and", "the"), or, for a one-word place, any capitalised word
    right after it that starts no mention of its own and is no title ("Japan Foreign Minister")
    and no personal name ("Belgium Niu Ruifei", where punctuation was lost). Not in headlines
    (capitals or Title Case), where every word is capitalised.
    """
    kind = index.entities.type_of(c.entity)
    if kind not in ("GPE", "LOC", "ORG", "PERSON"):
        return None
    toks = doc.tokens
    n = len(toks)
    if name := _inside_other_name(doc, c, place=kind in ("GPE", "LOC")):
        return name
    if doc.upper_line[c.i] or doc.title_line[c.i]:
        return None
    if kind == "PERSON":
        # A doctrine named after a person is not the person: "Xi Jinping Thought on Socialism".
        k = c.j + 1
        if k < n and toks.gap(c.j) == " " and toks.flags[k] & CAP and toks.folds[k] in _DOCTRINES:
            return toks.surface(c.i, k)
        return None
    if kind == "ORG":
        # Only a name made of ordinary words ("Security Council", "Congress") is shared by other
        # institutions; "Xinhua" or "NATO" beside a capitalised word is still itself.
        generic = all(zipf(toks.folds[k]) >= 3.0 and not toks.flags[k] & UPPER for k in range(c.i, c.j + 1))
        if generic and (name := _org_inside_longer_name(doc, c, starts)):
            return name
        # A capitalised word that names another outlet, branch or building of the organisation
        # makes another name: "Saga Shimbun News" (its website), "Shiseido Ginza Building".
        if not (doc.upper_line[c.i] or doc.title_line[c.i]):
            for k in range(c.j + 1, min(n, c.j + 3)):  # "Saga Shimbun News", "Shiseido Ginza Building"
                if toks.gap(k - 1) != " " or not toks.flags[k] & CAP:
                    break
                if toks.folds[k] in _ORG_TAILS and k not in starts:
                    return toks.surface(c.i, k)

    def name_word(k: int) -> bool:
        return bool(toks.flags[k] & CAP and toks.flags[k] & LATIN)

    last, k = c.j, c.j + 1
    while kind != "ORG" and k < n and _name_gap(doc, k - 1) and (name_word(k) or toks.folds[k] in _RIGHT_JOINERS):
        if name_word(k) and toks.folds[k] in _INSTITUTION_HEADS:
            last = k
        k += 1
    first, k, before_joiner = c.i, c.i - 1, False
    while k >= 0 and toks.gap(k) == " " and (name_word(k) or toks.folds[k] in _LEFT_JOINERS):
        if toks.folds[k] in _LEFT_JOINERS:
            before_joiner = True
        else:
            if before_joiner and toks.folds[k] in _INSTITUTION_HEADS:
                first = k  # "University of Macau"; not the dateline "Xinhua News Agency Beijing"
            before_joiner = False  # the head stands right before "of": not "Forum ... Meeting in Bangkok"
        k -= 1
    if (first, last) != (c.i, c.j):
        return toks.surface(first, last)  # "Council of the European Union", "US Navy"
    k = c.j + 1
    if kind == "ORG":
        return None
    if c.i != c.j or c.method not in ("exact", "transliteration") or k >= n or k in starts:
        return None
    f = toks.flags[k]
    if (
        toks.gap(c.j) == " "
        and f & CAP
        and f & LATIN
        and not f & UPPER
        and not is_non_name_word(toks.folds[k], sentence_initial=False)
        and toks.folds[k] not in _PLACE_DESIGNATORS
        and toks.folds[k] not in index.parts  # a person's name follows: "Ambassador to Germany Andriy Melnyk"
        and not east_asian_personal_name(toks.folds[k : k + 2])
        and not east_asian_personal_name(toks.folds[k : k + 3])
    ):
        return toks.surface(c.i, k)
    return None


# Words after an organisation's name that make the name of another outlet or site of it.
_ORG_TAILS = frozenset("news live online energy building tower terrace plaza office".split())
# Ship prefixes, as written: "USS Nevada" is a ship, not the state.
_VESSEL_PREFIXES = frozenset("USS USNS HMS HMAS HMCS HMNZS INS JS ROKS RFS PLANS CNS KRI BRP HTMS".split())
# Top-level domains after a glued period: "LEON.JP" is a website, not León.
_DOMAIN_SUFFIXES = frozenset("com net org jp cn kr ru tw hk uk de fr co gov edu info io tv news vn".split())


def _inside_native_names(
    doc: Doc, index: Index, candidates: list[Candidate], verdicts: Verdicts | None
) -> list[Candidate]:
    """Drop candidates that start inside a longer native-script name that the table has,
    letter for letter, for another entity: Han and Hangul have no spaces, so 巴罗 (Barrot)
    in 哈巴罗夫斯克 (Khabarovsk) and 拉登 (bin Laden) in 瓜拉登嘉楼 (Kuala Terengganu) are
    syllables of the longer name, whether or not that name is linked (as a weak alias it may
    not be). A name the longer one begins with is a word of it: 美国 in 美国银行 (Bank of
    America, or American banks) stays."""
    covering: dict[int, list[Candidate]] = defaultdict(list)  # token -> native names over it
    for o in candidates:
        if o.method == "native" and o.j > o.i:
            for k in range(o.i, o.j + 1):
                covering[k].append(o)
    if not covering:
        return candidates
    kept = []
    for c in candidates:
        claim = next(
            (o for o in covering.get(c.i, ()) if o.i < c.i <= c.j <= o.j and o.entity != c.entity),
            None,
        )
        if claim is None:
            kept.append(c)
        elif verdicts is not None:
            verdicts.drop(c, f"inside {_surface(doc, claim)!r}, the native name of {_id(index, claim)}")
    return kept


def _inside_other_name(doc: Doc, c: Candidate, *, place: bool) -> str | None:
    """The other name a candidate is only the visible part of, whatever the line's case: a
    ship ("USS Nevada"), a website ("LEON.JP", "CNN.co.jp"), or, for a one-word place, an
    East Asian personal name whose given name reads like a city ("Liu Zunyi", "Wang Xian",
    "Zunyi Liu")."""
    toks = doc.tokens
    n = len(toks)
    before, after = c.i - 1, c.j + 1
    if before >= 0 and toks.gap(before) == " " and toks.surface(before, before) in _VESSEL_PREFIXES:
        return toks.surface(before, c.j)
    if after < n and toks.gap(c.j) == "." and toks.folds[after] in _DOMAIN_SUFFIXES:
        return toks.surface(c.i, after)
    if after < n and toks.gap(c.j) in ("-", " ") and toks.surface(after, after) == "class":
        return toks.surface(c.i, after)  # a ship class: "Ohio-class submarine"
    if (
        place
        and before >= 0
        and toks.gap(before) == " "
        and toks.folds[before] in _VENUE_HEADS
        and toks.flags[before] & CAP
        and not doc.sentence_initial[before]
    ):
        return toks.surface(before, c.j)  # "Rakuten Seimei Park Miyagi"
    if not place or c.i != c.j or c.method not in ("exact", "transliteration"):
        return None

    def name_word(k: int) -> bool:
        return 0 <= k < n and bool(toks.flags[k] & CAP and toks.flags[k] & LATIN and not toks.flags[k] & UPPER)

    given = toks.folds[c.i]
    if (
        name_word(before)
        and toks.gap(before) == " "
        and not (before >= 1 and east_asian_personal_name((toks.folds[before - 1], toks.folds[before])))
        and east_asian_personal_name((toks.folds[before], given))
    ):
        return toks.surface(before, c.j)
    if (
        name_word(after)
        and toks.gap(c.j) == " "
        and not (after + 1 < n and east_asian_personal_name((toks.folds[after], toks.folds[after + 1])))
        and east_asian_personal_name((toks.folds[after], given))
    ):
        return toks.surface(c.i, after)
    return None


_WEEKDAYS = frozenset("monday tuesday wednesday thursday friday saturday sunday".split())
# Title words that also qualify an institution's name: "National Security Council".
_INSTITUTION_QUALIFIERS = frozenset("national state central federal supreme general".split())


def _org_inside_longer_name(doc: Doc, c: Candidate, starts: set[int]) -> str | None:
    """A generic organisation name with another capitalised name word right before or after it is
    part of a longer name: "National Security Council" is not the UN's "Security Council",
    "Xinhua Net" is not Xinhua. Titles ("NATO Secretary General"), other mentions ("US
    Congress") and words that start a sentence do not count."""
    toks = doc.tokens

    def name_word(k: int) -> bool:
        f = toks.flags[k]
        fold = toks.folds[k]
        return bool(
            f & CAP
            and f & LATIN
            and not f & UPPER
            and k not in starts
            and not doc.sentence_initial[k]
            and fold not in _WEEKDAYS
            and (fold in _INSTITUTION_QUALIFIERS or not is_non_name_word(fold, sentence_initial=False))
        )

    before = c.i - 1
    if before >= 1 and toks.folds[before] == "s" and doc.possessive[before - 1]:
        before -= 1  # "People's Congress"
    if before >= 0 and toks.gap(c.i - 1) == " " and name_word(before):
        return toks.surface(before, c.j)
    if c.j + 1 < len(toks) and toks.gap(c.j) == " " and name_word(c.j + 1):
        return toks.surface(c.i, c.j + 1)
    return None


def _name_word_beside(doc: Doc, c: Candidate) -> int | None:
    """The token of a capitalised name word beside a one-word reference, if there is one."""
    toks = doc.tokens
    if any(toks.gap(k) == " " for k in range(c.i, c.j)) or doc.upper_line[c.i]:
        return None
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
                return k
    return None


def _partials(
    doc: Doc,
    index: Index,
    accepted: list[Candidate],
    anchors: set[int],
    taken: list[bool],
    persons: list[bool],
    date: dt.date | None,
) -> list[Candidate]:
    """Surnames, given names and truncations of anchored people, and the distinctive part of
    an anchored qualified place name ("Korea" after "South Korea"), in the free tokens."""
    person_anchors = {e for e in anchors if persons[e]}
    mentions = Counter(c.entity for c in accepted)
    truncations: dict[str, dict[int, str]] = {}
    seen: set[tuple[str, int]] = set()
    sources = [(f.key, f.bounds, e, f.alias) for e in sorted(person_anchors) for f in index.forms_of[e]]
    sources += [
        (c.key, window_bounds(doc, c.i, c.j), c.entity, c.alias) for c in accepted if c.entity in person_anchors
    ]
    # Near-miss repeats: the anchored name with one of its words garbled ("Pham Minh Ish" in an
    # article that names Pham Minh Chinh, "Akiaki Amari" after "Akira Amari").
    one_off: dict[tuple[str, ...], dict[int, tuple[str, str]]] = {}
    for key, bounds, e, alias in sources:
        if (key, e) not in seen:
            seen.add((key, e))
            prefixes, patterns = _key_variants(key, bounds)
            for prefix in prefixes:
                truncations.setdefault(prefix, {}).setdefault(e, alias)
            for pattern, word in patterns:
                one_off.setdefault(pattern, {}).setdefault(e, (word, alias))
    one_off_words = {w for pattern in one_off for w in pattern if w}
    # Name part → the anchored people who have it: a part that thousands of people share in a
    # big table costs nothing here.
    anchor_parts: dict[str, list[int]] = {}
    for e in sorted(person_anchors):
        for part in index.parts_of[e]:
            anchor_parts.setdefault(part, []).append(e)
    # What a window must start with to fit anything below: most capitalised words start none.
    starts = {key[:p] for key in (*anchor_parts, *truncations) for p in range(1, len(key) + 1)}
    toks = doc.tokens
    folds = toks.folds
    out: list[Candidate] = []
    n = len(toks)
    for i in range(n):
        fl = toks.flags[i]
        if taken[i] or fl & DIGIT or not (fl & (CAP | NATIVE) or doc.upper_line[i]) or doc.glued[i]:
            continue
        first = folds[i]
        if not (
            first in starts
            or (one_off_words and not one_off_words.isdisjoint(folds[i : i + 4]))
            or first in index.place_parts
            or (index.parts.size(first) == 1 and _titled(doc, i))
        ):
            continue
        compact = ""
        for j in range(i, min(n, i + (4 if fl & CJK else _MAX_PARTIAL_TOKENS))):
            if taken[j] or (j > i and not doc.joinable[j - 1]) or (toks.flags[j] & CJK) != (fl & CJK):
                break
            if j > i and not (toks.flags[j] & (CAP | CJK) or doc.upper_line[j] or toks.gap(j - 1) != " "):
                break
            compact += toks.folds[j]
            fits: dict[int, tuple[float, str]] = dict.fromkeys(anchor_parts.get(compact, ()), (0.8, compact))
            for e, alias in truncations.get(compact, {}).items():
                fits.setdefault(e, (0.75, alias))
            if not fits and j > i and not one_off_words.isdisjoint(toks.folds[i : j + 1]):
                fits.update(_near_miss(toks.folds[i : j + 1], one_off))
            if not fits and i == j and index.parts.size(compact) == 1 and _titled(doc, i):
                # "Prime Minister Kishida": a title before a surname that only one person
                # in the whole table bears, and that is no English word, names that person.
                (person,) = index.parts[compact]
                if zipf(compact) < 3.5 and _title_fits(doc, index, person, i, date):
                    fits[person] = (0.7, compact)
            if not fits and i == j and compact in index.place_parts:
                place = _dominant([e for e in index.place_parts[compact] if e in anchors], mentions)
                if place is not None:
                    fits[place] = (0.75, compact)
            if len(fits) != 1 or not _refers(doc, i, j):
                continue
            ((e, (score, alias)),) = fits.items()
            out.append(Candidate(i, j, e, score, "partial", alias, compact, False, False))
    # A truncation spanning two syllables or more of an anchored name ("Han Kangjing": 韩 +
    # 康京) does not turn into another person because of the word before it.
    return [c for c in out if (c.score < 0.8 and len(c.key) >= 6) or _name_word_beside(doc, c) is None]


# Spellings of one title that news uses interchangeably, folded to one form.
_TITLE_SYNONYMS = (
    (("minister", "of", "foreign", "affairs"), ("foreign", "minister")),
    (("minister", "for", "foreign", "affairs"), ("foreign", "minister")),
    (("foreign", "secretary"), ("foreign", "minister")),
    (("minister", "of", "national", "defense"), ("defense", "minister")),
    (("minister", "of", "defense"), ("defense", "minister")),
    (("defence",), ("defense",)),
    (("premier",), ("prime", "minister")),
    (("spokesman",), ("spokesperson",)),
    (("spokeswoman",), ("spokesperson",)),
    (("chairwoman",), ("chairman",)),
    (("general-secretary",), ("general", "secretary")),
)
_TITLE_JOINERS = frozenset("of for the and".split())
_SUBORDINATE = frozenset("vice deputy assistant under associate".split())


def _canonical_title(words: Sequence[str]) -> tuple[str, ...]:
    out = tuple(words)
    for old, new in _TITLE_SYNONYMS:
        k = 0
        while k + len(old) <= len(out):
            if out[k : k + len(old)] == old:
                out = out[:k] + new + out[k + len(old) :]
                k += len(new)
            else:
                k += 1
    return out


def _title_before(doc: Doc, i: int) -> tuple[str, ...]:
    """The capitalised words right before token ``i`` that hold a title ("US Secretary of State")."""
    toks = doc.tokens
    words: list[str] = []
    k = i - 1
    while k >= 0 and len(words) < 7 and toks.gap(k) in (" ", ". "):
        f = toks.folds[k]
        if not (toks.flags[k] & CAP or f in TITLES or f in _TITLE_JOINERS or doc.upper_line[k]):
            break
        words.append(f)
        k -= 1
    while words and words[-1] in _TITLE_JOINERS:
        words.pop()
    words.reverse()
    return tuple(words) if any(w in TITLES for w in words) else ()


def _titled_surnames(doc: Doc) -> dict[str, list[tuple[str, ...]]]:
    """The titles the article puts before each capitalised word: "Foreign Minister Kang" →
    ``{"kang": [("foreign", "minister")]}``."""
    toks = doc.tokens
    out: dict[str, list[tuple[str, ...]]] = defaultdict(list)
    for k in range(1, len(toks)):
        if toks.flags[k] & CAP and toks.folds[k - 1] in TITLES and (words := _title_before(doc, k)):
            out[toks.folds[k]].append(words)
    return out


def _role_support(index: Index, person: int, date: dt.date | None, words: tuple[str, ...]) -> str:
    """Why the title ``words`` supports ``person`` (empty if it does not): the title is one of
    the person's roles held on ``date``, or any title at all for a person with no roles."""
    if not words:
        return ""
    if not index.entities.has_roles(person):  # asked of crowds of people: no row built
        return f"a title ({' '.join(words)!r}) before the name, and the table lists no roles to check it against"
    said = _canonical_title(words)
    entity = index.entities[person]
    for role in entity.roles:
        want = _canonical_title(role.title.casefold().split())
        # "Vice President" is another office than "President", and so is "Deputy Foreign Minister".
        fits = any(
            said[k : k + len(want)] == want and (k == 0 or said[k - 1] not in _SUBORDINATE)
            for k in range(len(said) - len(want) + 1)
        )
        if (fits or said == want[:1]) and role.held_on(date):
            when = f"{role.start or '…'} to {role.end or 'now'}"
            return f"the title {' '.join(words)!r} fits a role of {entity.id}: {role.title} of {role.of} ({when})"
    return ""


def _titled_garbles(doc: Doc, index: Index, taken: list[bool], date: dt.date | None) -> list[Candidate]:
    """A garbled name right after a title that fits a role of exactly one near-enough person:
    "German Chancellor Scholts" is Scholz. The name must be close to one of the person's Latin
    names or name parts (same first letter, similar length, Jaro-Winkler at least 0.85), or
    end in the person's exact surname ("Defense Minister Alexei Reznikov"), and the title must
    fit a role the person held (on ``date``, when given)."""
    toks = doc.tokens
    out: list[Candidate] = []
    n = len(toks)
    folds, flags = toks.folds, toks.flags
    pools: dict[tuple[tuple[str, ...], str], tuple[list[tuple[str, bool, int]], list[str]]] = {}
    near_titles: list[int] = []  # the capitalised words of the run right after a title word
    for k in [k for k, f in enumerate(folds) if f in TITLES]:
        m = k + 1
        while m < min(n, k + 8) and (flags[m] & CAP or folds[m] in _TITLE_JOINERS):
            if flags[m] & CAP and (not near_titles or near_titles[-1] < m):
                near_titles.append(m)
            m += 1
    for i in near_titles:
        if taken[i] or not flags[i] & CAP or not flags[i] & LATIN or toks.gap(i - 1) != " " or doc.upper_line[i]:
            continue
        words = _title_before(doc, i)  # "Prime Minister of Poland", "German Chancellor"
        if not words:
            continue
        first = toks.folds[i][:1]
        if (words, first) not in pools:
            entries = list(dict.fromkeys(hit for w in set(words) for hit in index.role_names.get((w, first), ())))
            pools[(words, first)] = (entries, [name for name, _, _ in entries])
        pool, pool_names = pools[(words, first)]
        compact = ""
        for j in range(i, min(n, i + 3)):
            if taken[j] or (j > i and (toks.gap(j - 1) != " " or not toks.flags[j] & CAP)):
                break
            compact += toks.folds[j]
            if len(compact) < 5:
                continue
            best: dict[int, float] = {}
            lo, hi = 0.75 * len(compact), len(compact) / 0.75
            hits = process.extract(compact, pool_names, scorer=JaroWinkler.similarity, score_cutoff=0.85, limit=None)
            for _, sim, p in hits:
                name, part, e = pool[p]
                if not lo <= len(name) <= hi or (part and j > i):
                    continue
                if j > i and not (name.startswith(folds[i]) or name.endswith(folds[j])):
                    continue  # several words: the first or last must be the name's ("JOHNSON SAYS" is not)
                if sim > best.get(e, 0.0):
                    best[e] = sim
            if j > i:
                # The right surname with a garbled given name: "Defense Minister Alexei Reznikov".
                for e in index.parts.get(toks.folds[j], ()):
                    if index.entities.has_roles(e) and toks.folds[j] in index.parts_of[e]:
                        best.setdefault(e, 0.85)
            fits = {e: sim for e, sim in best.items() if _role_support(index, e, date, words)}
            if len(fits) == 1:
                ((e, sim),) = fits.items()
                name = index.entities[e].name
                out.append(Candidate(i, j, e, round(0.7 * sim, 4), "fuzzy", name, compact, False, False))
    return out


@lru_cache(maxsize=65_536)  # the same people's keys, article after article
def _key_variants(key: str, bounds: tuple[int, ...]) -> tuple[tuple[str, ...], tuple[tuple[tuple[str, ...], str], ...]]:
    """A key's truncations, and its words with one left out (the pattern, the word left out)."""
    words = [key[a:b] for a, b in zip((0, *bounds), bounds)]
    patterns: tuple[tuple[tuple[str, ...], str], ...] = ()
    if 2 <= len(words) <= _MAX_PARTIAL_TOKENS:
        patterns = tuple(((*words[:p], "", *words[p + 1 :]), words[p]) for p in range(len(words)))
    return tuple(_truncations(key, bounds)), patterns


def _near_miss(
    words: Sequence[str], one_off: dict[tuple[str, ...], dict[int, tuple[str, str]]]
) -> dict[int, tuple[float, str]]:
    """Anchored people whose name ``words`` repeats with exactly one word garbled: any word of
    three ("Pham Minh Ish"), or of two when it keeps the first letter or is within two edits."""
    out: dict[int, tuple[float, str]] = {}
    for p, w in enumerate(words):
        for e, (want, alias) in one_off.get((*words[:p], "", *words[p + 1 :]), {}).items():
            if w != want and (len(words) >= 3 or w[:1] == want[:1] or OSA.distance(w, want, score_cutoff=2) <= 2):
                out[e] = (0.7, alias)
    return out


def _title_fits(doc: Doc, index: Index, person: int, i: int, date: dt.date | None) -> bool:
    """The title before token ``i`` fits one of ``person``'s roles, or the table lists none:
    "President Moon" is Moon Jae-in, "Ms. Jiang" is not North Korea's defence minister."""
    if not index.entities.has_roles(person):
        return True
    return bool(_role_support(index, person, date, _title_before(doc, i)))


def _titled(doc: Doc, i: int) -> bool:
    """A title stands right before token ``i`` ("President", "Mr", "Foreign Minister")."""
    toks = doc.tokens
    return i > 0 and toks.gap(i - 1) in (" ", ". ") and toks.folds[i - 1] in TITLES and bool(toks.flags[i - 1] & CAP)


def _dominant(entities: list[int], mentions: Counter[int]) -> int | None:
    """The one anchored entity, or the one the article names at least three times as often
    as all the others together (an article about Seoul and Tokyo means South Korea by "Korea"
    even if North Korea comes up once)."""
    if len(entities) == 1:
        return entities[0]
    ranked = sorted(entities, key=lambda e: (-mentions[e], e))
    if not ranked:
        return None
    top, rest = mentions[ranked[0]], sum(mentions[e] for e in ranked[1:])
    return ranked[0] if top >= 3 and top >= 3 * rest else None


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


def _one_entity_per_surface(
    accepted: list[Candidate], doc: Doc, index: Index, verdicts: Verdicts | None
) -> list[Candidate]:
    votes: dict[str, Counter[int]] = defaultdict(Counter)
    for c in accepted:
        votes[c.key][c.entity] += 1
    keep = {}
    for key, counter in votes.items():
        ranked = counter.most_common()
        if len(ranked) == 1 or ranked[0][1] > ranked[1][1]:
            keep[key] = ranked[0][0]
    out = [c for c in accepted if keep.get(c.key) == c.entity]
    if verdicts is not None:
        for c in accepted:
            if keep.get(c.key) != c.entity:
                others = ", ".join(
                    f"{index.entities[e].id} ×{n}" for e, n in votes[c.key].most_common() if e != c.entity
                )
                verdicts.drop(
                    c,
                    f"one surface, one entity: {_surface(doc, c)!r} also links to {others} in this article, "
                    "and this entity does not have the majority",
                )
    return out
