"""Candidate matching: which token windows of a text could name which entities.

A window is a run of tokens joined only by what can sit inside a name (a space, a hyphen, an
apostrophe, a middle dot, the period of an initial). Each window is looked up by its compact
folded key: exactly in the index, and, when it looks like a name (capitalised, not ordinary
English words), fuzzily through the deletion and skeleton neighbourhoods. The cost is a few
dictionary probes per token, whatever the size of the table; fuzzy verification results are
cached per distinct key because news vocabulary repeats.

This module proposes; :mod:`entnorm._selection` decides.
"""

from __future__ import annotations

import bisect
import unicodedata
from collections.abc import Callable, Iterator
from functools import lru_cache
from typing import Any, NamedTuple

from rapidfuzz.distance import OSA, JaroWinkler

from ._backend import KERNEL as _KERNEL
from ._folding import CAP, CJK, DIGIT, LATIN, NATIVE, UPPER, Tokens
from ._index import MAX_SKELETON_BUCKET, MIN_QUERY, Index
from ._keys import (
    ACRONYM,
    GLOSS,
    LOWER_INITIAL,
    NATIVE_SCRIPT,
    SWAPPED,
    SYLLABIC,
    WEAK,
    AliasForm,
    event_canon,
    korean_canon,
    skeleton,
)
from ._known_names import east_asian_personal_name, known_place_mains, pinyin_reading
from ._lexicon import CONNECTORS, GRAMMATICAL_WORDS, generational_suffix, is_function_word, zipf

__all__ = ["CROWD", "Candidate", "Doc", "FuzzyCache", "exact_and_fuzzy", "window_bounds"]

_SENTENCE_END = frozenset(".!?:;\n\r")
_OPENERS = frozenset("\"'“‘«([{—–-* \t")
_DOTS = frozenset("\u00b7\u30fb\u2022\u2027\u2219\uff65")
_HYPHENS = frozenset("-\u2010\u2011")
_APOSTROPHES = frozenset("'\u2019")


class Candidate(NamedTuple):
    """A proposed link of tokens ``i..j`` (inclusive) to one entity."""

    i: int
    j: int
    entity: int
    score: float
    method: str
    alias: str
    key: str  # compact folded form of the text window
    needs_anchor: bool  # links only if the article names the entity more strongly elsewhere
    strong: bool  # can itself anchor the entity for the rest of the article
    weak: bool = False  # matched a weak alias: yields to a strong name on the same span
    caution: str = ""  # why the span may well be something else (explain shows it); implies needs_anchor
    crowded: bool = False  # its window matched a key more than CROWD entities share: only support decides


class _Lazy:
    """A list-like view computing ``fn(k)`` on first access and keeping it."""

    __slots__ = ("cache", "fn")

    def __init__(self, fn: Callable[[int], Any]) -> None:
        self.fn = fn
        self.cache: dict[int, Any] = {}

    def __getitem__(self, k: int) -> Any:
        try:
            return self.cache[k]
        except KeyError:
            value = self.cache[k] = self.fn(k)
            return value


@lru_cache(maxsize=4096)  # a text has few distinct gaps: ", ", ". ", "\n\n", ...
def _gap_joins(gap: str) -> bool | None:
    """Whether ``gap`` joins the tokens around it into one name, whatever they are; ``None``
    when that depends on them (:func:`_joinable` then decides)."""
    if not gap or len(gap) == 1 and gap in _APOSTROPHES or gap[0] == "." and gap[1:] in ("", " "):
        return None
    if len(gap) > 3:
        return False
    if gap in (" ", "\u00a0", "  ") or gap in _HYPHENS or gap in _DOTS:
        return True
    stripped = gap.strip(" ")
    return len(stripped) == 1 and (stripped in _HYPHENS or stripped in _DOTS)


def _joinable(tokens: Tokens, gaps: list[str], k: int) -> bool:
    """Can a name run on from token ``k`` over the gap to token ``k + 1``?"""
    gap = gaps[k]
    joins = _gap_joins(gap)
    if joins is not None:
        return joins
    left, right = tokens.flags[k], tokens.flags[k + 1]
    if not gap:
        return bool(left & CJK and right & CJK) or bool(left & NATIVE and right & NATIVE and not (left | right) & CJK)
    if len(gap) == 1 and gap in _APOSTROPHES:
        return len(tokens.folds[k + 1]) > 1 or tokens.flags[k + 1] & CAP > 0  # O'Brien, not Pompeo's
    return len(tokens.folds[k]) == 1  # "." or ". " after initials and abbreviations: "Donald J. Trump", "U.S."


def _line_cases(tokens: Tokens) -> tuple[list[bool], list[bool]]:
    """Per token: is its line in capitals, or in Title Case? Either way case says little.

    A headline in capitals carries no case cue at all; in a Title Case headline every
    word is capitalised, so a capital does not mark a name.
    """
    text, flags, starts, folds = tokens.text, tokens.flags, tokens.starts, tokens.folds
    n = len(tokens)
    upper_out = [False] * n
    title_out = [False] * n
    k = 0
    while k < n:
        line_end = text.find("\n", starts[k])
        line_end = len(text) if line_end < 0 else line_end
        m = bisect.bisect_left(starts, line_end, k)
        latin = upper = 0
        for q in range(k, m):
            f = flags[q]
            if f & LATIN and not f & DIGIT:
                latin += 1
                upper += f & UPPER > 0
        if latin >= 3 and upper >= 0.7 * latin:
            upper_out[k:m] = [True] * (m - k)
        elif latin >= 4 and not any(
            flags[q] & LATIN and not flags[q] & (DIGIT | CAP) and folds[q] not in _QUIET_WORDS
            for q in range(k, m)  # prose stops at its first lowercase content word
        ):
            # Title Case: every word but the little grammatical ones is capitalised.
            title_out[k:m] = [True] * (m - k)
        k = m
    return upper_out, title_out


# The lowercase words a Title Case line keeps ("of", "the", "and", "de", ...).
_QUIET_WORDS = GRAMMATICAL_WORDS | CONNECTORS


_Cues = tuple[list[str], list[bool], list[int], list[bool], list[bool], list[bool], list[bool]]


def _cues_python(tokens: Tokens) -> _Cues:
    """What :class:`Doc` reads per gap and per token: gaps, joinable, glued, possessive,
    exclaimed, upper_line, title_line. The compiled kernel's ``cues`` does exactly this; this
    is its reference."""
    text = tokens.text
    n = len(tokens)
    gaps = [text[e:s] for e, s in zip(tokens.ends, tokens.starts[1:])]
    joinable = [gap == " " or _joinable(tokens, gaps, k) for k, gap in enumerate(gaps)]
    glued = [0] * n
    possessive = [False] * n
    exclaimed = [gap in ("!", "! ") for gap in gaps]
    for k in [k for k, gap in enumerate(gaps) if gap in _APOSTROPHES]:
        if tokens.folds[k + 1] == "s":
            possessive[k] = True
            after = tokens.ends[k + 1]
            if after < len(text) and text[after].isalpha():
                glued[k] |= 2
                glued[k + 1] |= 1
        else:
            glued[k] |= 2
            glued[k + 1] |= 1
    upper_line, title_line = _line_cases(tokens)
    return gaps, joinable, glued, possessive, exclaimed, upper_line, title_line


_HYPHEN_CHARS = "".join(sorted(_HYPHENS))  # the kernel takes the sets as strings
_DOT_CHARS = "".join(sorted(_DOTS))
_APOSTROPHE_CHARS = "".join(sorted(_APOSTROPHES))


class Doc:
    """A tokenized text with the reading cues the matcher needs per token."""

    def __init__(self, tokens: Tokens) -> None:
        self.tokens = tokens
        text = tokens.text
        if _KERNEL is not None:
            cues = _KERNEL.cues(
                text,
                tokens.starts,
                tokens.ends,
                tokens.folds,
                tokens.flags,
                _QUIET_WORDS,
                _HYPHEN_CHARS,
                _DOT_CHARS,
                _APOSTROPHE_CHARS,
            )
        else:
            cues = _cues_python(tokens)
        self.gaps: list[str] = cues[0]  # the text between token k and k + 1
        self.joinable: list[bool] = cues[1]  # may a name run on over gap k?
        # Bit 1: an apostrophe glues the token to a word before it; bit 2: to a word after it
        # (other than the possessive 's): "Xi" in "Xi'an".
        self.glued: list[int] = cues[2]
        # A possessive 's ends a name ("Pompeo's"), except inside a longer table name that has it
        # ("People's Republic of China", "China's Foreign Ministry"): exact lookups look past it.
        self.possessive: list[bool] = cues[3]
        # A brand's exclamation mark inside a name ("Yahoo! News", "WoW!Korea"): exact table
        # names may run on past it, as past a possessive.
        self.exclaimed: list[bool] = cues[4]
        self.upper_line: list[bool] = cues[5]  # is the token's line in capitals,
        self.title_line: list[bool] = cues[6]  # or in Title Case? (see _line_cases)
        self.sentence_initial = _Lazy(lambda k: self._initial(text, tokens.starts[k]))

    @staticmethod
    def _initial(text: str, start: int) -> bool:
        p = start - 1
        while p >= 0 and text[p] in _OPENERS:
            p -= 1
        return p < 0 or text[p] in _SENTENCE_END


_Hits = tuple[tuple[str, float], ...]


class FuzzyCache:
    """Fuzzy neighbours per compact key (a ``str``) or per word sequence (a ``tuple``), in one
    bounded store; safe to share between threads (a lost race only computes twice)."""

    def __init__(self, index: Index, limit: int = 200_000) -> None:
        self.index = index
        self.limit = limit
        self.data: dict[str | tuple[str, ...], _Hits] = {}
        self.crowds: dict[str, _Crowd] = {}
        self.crowding: dict[str, bool] = {}

    def crowd(self, key: str) -> _Crowd:
        """A crowded key's forms sorted into kinds: see :func:`_crowd`."""
        hit = self.crowds.get(key)
        if hit is None:
            hit = _crowd(self.index, key)
            if len(self.crowds) >= 4096:
                self.crowds.clear()
            self.crowds[key] = hit
        return hit

    def crowded(self, key: str) -> bool:
        """Do more than ``CROWD`` entities share this key (one in the index)?"""
        hit = self.crowding.get(key)
        if hit is None:
            exact = self.index.exact
            hit = exact.size(key) > CROWD and len(set(map(exact.columns.entity_of, exact.ids(key)))) > CROWD
            if len(self.crowding) >= 65_536:
                self.crowding.clear()
            self.crowding[key] = hit
        return hit

    def neighbours(self, q: str) -> _Hits:
        return self._remember(q, _verify)

    def word_neighbours(self, words: tuple[str, ...]) -> _Hits:
        return self._remember(words, _verify_words)

    def _remember(self, key: Any, compute: Callable[[Index, Any], _Hits]) -> _Hits:
        hit = self.data.get(key)
        if hit is None:
            hit = compute(self.index, key)
            if len(self.data) >= self.limit:
                self.data.clear()
            self.data[key] = hit
        return hit


def _allowed_edits(length: int) -> int:
    return 0 if length < MIN_QUERY else 1 if length <= 7 else 2 if length <= 11 else 3


def _verify(index: Index, q: str) -> tuple[tuple[str, float], ...]:
    """Keys within a length-scaled edit distance of ``q``, or sharing its consonant skeleton."""
    keys = index.fuzzy_keys
    near = index.neighbours.near(q)
    sk = skeleton(q)
    same_skeleton: set[int] = set()
    if len(sk) >= 3 and index.skeletons.count(sk, MAX_SKELETON_BUCKET) <= MAX_SKELETON_BUCKET:
        same_skeleton.update(index.skeletons.get(sk))  # a skeleton shared by many keys says little
    out: list[tuple[str, float]] = []
    for kid in near | same_skeleton:
        k = keys[kid]
        if k == q:
            continue
        longest = max(len(k), len(q))
        allowed = _allowed_edits(longest)
        dist = OSA.distance(q, k, score_cutoff=allowed)
        if dist <= allowed:
            out.append((k, 1.0 - dist / longest))
        elif kid in same_skeleton and q[0] == k[0] and longest - min(len(q), len(k)) <= 2:
            jw = JaroWinkler.similarity(q, k, prefix_weight=0.1)
            if jw >= 0.88:
                out.append((k, round(jw * 0.9, 4)))
    out.sort(key=lambda kv: (-kv[1], kv[0]))
    return tuple(out)


def _verify_words(index: Index, words: tuple[str, ...]) -> tuple[tuple[str, float], ...]:
    """Multi-word keys with the same first word and as many words, each within an edit or two.

    Catches word-level variants that are too far apart as a whole for the deletion
    neighbourhood ("Shanghai Cooperative Organization" for "... Cooperation Organisation").
    """
    if index.first_words.count(words[0], MAX_SKELETON_BUCKET) > MAX_SKELETON_BUCKET:
        return ()  # a first word that starts many names ("United") says little
    out: list[tuple[str, float]] = []
    for kid in set(index.first_words.get(words[0])):
        key = index.fuzzy_keys[kid]
        bounds = index.exact[key][0].bounds
        parts = [key[a:b] for a, b in zip((0, *bounds), bounds)]
        if len(parts) != len(words) or parts[0] != words[0]:
            continue
        total = 0
        for w, p in zip(words, parts):
            if w == p:
                continue
            allowed = max(1, min(len(w), len(p)) // 5) if min(len(w), len(p)) >= 4 else 0
            dist = OSA.distance(w, p, score_cutoff=allowed)
            if dist > allowed:
                break
            total += dist
        else:
            if total:
                out.append((key, round(1.0 - total / max(len(key), sum(map(len, words))), 4)))
    out.sort(key=lambda kv: (-kv[1], kv[0]))
    return tuple(out)


def _tokens_of(key: str, bounds: tuple[int, ...]) -> set[str]:
    return {key[a:b] for a, b in zip((0, *bounds), bounds)}


def _same_name_other_given(compact: str, bounds: tuple[int, ...], key: str, key_bounds: tuple[int, ...]) -> bool:
    """A window that shares a whole word of a multi-word name while another of its words is no
    typo of any other word of the name: the same family, another person."""
    if len(bounds) < 2 or len(key_bounds) < 2:
        return False
    words = [compact[a:b] for a, b in zip((0, *bounds), bounds)]
    names = [key[a:b] for a, b in zip((0, *key_bounds), key_bounds)]
    if not set(words) & set(names):
        return False
    others = [n for n in names if n not in words]
    return any(w not in names and all(OSA.normalized_similarity(w, n) < 0.6 for n in others) for w in words)


def _squash(s: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKC", s).casefold() if c.isalnum())


def window_bounds(doc: Doc, i: int, j: int) -> tuple[int, ...]:
    """Cumulative folded lengths of tokens ``i..j``: where the window's tokens end in its key."""
    out, total = [], 0
    for k in range(i, j + 1):
        total += len(doc.tokens.folds[k])
        out.append(total)
    return tuple(out)


# A key (or a span) that more entities share than this is crowded: a common surname in a table
# of a million names. Only the article's support links it (_selection._crowded_spans), and
# find expands it last, into the forms that can change what the window links to.
CROWD = 16


def exact_and_fuzzy(doc: Doc, index: Index, cache: FuzzyCache, *, sample_crowds: bool = False) -> Iterator[Candidate]:
    """Every exact and fuzzy candidate of every window of ``doc``.

    Every candidate of a window that matched a key more than ``CROWD`` entities share,
    exactly or as one of its fuzzy neighbours, is marked ``crowded``: selection links it only with the article's
    support. With ``sample_crowds`` (``find``), such a window yields the candidates of
    :func:`_crowd_sample` only, after every other window: selection then costs the same at any
    table size, and links the same (``lookup`` and ``explain`` want them all).
    """
    if not (sample_crowds and SAMPLE_CROWDS):
        yield from _windows(doc, index, cache, None)
        return
    crowded: list[_Deferred] = []
    # Entities that a strong candidate of an uncrowded window names, or that one cautions
    # about (two forms of a name in the article support it, one of them uncrowded): a crowd
    # keeps all of them.
    named = _Named(index)
    for c in _windows(doc, index, cache, crowded):
        if c.strong or c.caution:
            named.add(c.entity)
        yield c
    if not crowded:
        return

    def sampled(key: str) -> list[AliasForm]:
        return _crowd_sample(cache, key, named) if cache.crowded(key) else index.exact[key]

    # A crowd sampled down to one entity may name it for another crowd: sample once more.
    for i, j, compact, hits in crowded:
        if hits is None:
            sample = sampled(compact)
            if len({f.entity for f in sample}) == 1:
                for c in _exact(doc, index, i, j, compact, sample, True):
                    if c.strong:
                        named.add(c.entity)
    for i, j, compact, hits in crowded:
        if hits is None:
            yield from _exact(doc, index, i, j, compact, sampled(compact), True)
        else:
            yield from _fuzzy(doc, index, i, j, compact, hits, sampled, True)


# Whether ``find`` samples crowded keys (tests and benchmarks/crowds.py turn it off to compare).
SAMPLE_CROWDS = True


# A window deferred for a crowded key: tokens, key, and its fuzzy hits (None: matched exactly).
_Deferred = tuple[int, int, str, "_Hits | None"]


class _Named:
    """The entities an article names strongly or with a caution outside its crowds, and
    their alias forms by key: each entity's forms are read once per article, not once per
    crowded window, and only in an article that has a crowded window at all."""

    __slots__ = ("_forms", "_read", "entities", "index")

    def __init__(self, index: Index) -> None:
        self.index = index
        self.entities: set[int] = set()
        self._forms: dict[str, list[AliasForm]] = {}
        self._read: set[int] = set()  # the entities whose forms are in _forms

    def add(self, entity: int) -> None:
        self.entities.add(entity)

    def forms(self, key: str) -> list[AliasForm]:
        """The named entities' forms of ``key``."""
        if len(self._read) < len(self.entities):
            for e in sorted(self.entities - self._read):
                for f in self.index.forms_of[e]:
                    self._forms.setdefault(f.key, []).append(f)
            self._read |= self.entities
        return self._forms.get(key, [])


class _Crowd(NamedTuple):
    """What a crowded key's windows need of its forms, computed once per key."""

    key: str  # all its forms are ``index.exact[key]``, built only if a sample runs out
    forms_of: dict[int, tuple[AliasForm, ...]]  # of the entities below, in the key's order
    always: frozenset[int]  # entities every window keeps
    kinds: tuple[tuple[int, ...], ...]  # per kind, its first entities (up to _KIND_SPARE)
    complete: tuple[bool, ...]  # per kind: are those all of its entities?


_KIND_SPARE = 8  # entities kept per kind, so that two remain after the article's named ones


def _crowd(index: Index, key: str) -> _Crowd:
    """Sort a crowded key's entities into kinds: type and the (flags, word bounds) of the
    entity's forms of this key, and for a native-script or gloss form its alias too (a native
    window matches the very characters or only their reading). Entities of one kind give the
    same candidates on any window but for their own negative evidence, which on a crowded
    span decides nothing (:func:`entnorm._selection.select` links a crowded candidate only
    with the article's support). People with roles (a title may fit them) are kept always.
    Reads the form columns: only the forms of the entities kept are built."""
    rows = index.entities
    cols = index.exact.columns
    by_entity: dict[int, list[int]] = {}
    for i in index.exact.ids(key):
        by_entity.setdefault(cols.entity_of(i), []).append(i)
    always: set[int] = set()
    kinds: dict[tuple[object, ...], list[int]] = {}
    for e, ids in by_entity.items():
        if rows.has_roles(e):
            always.add(e)
            continue
        shape = tuple(sorted(_shape(cols, i) for i in ids))
        kinds.setdefault((rows.type_of(e), shape), []).append(e)
    spares = {e for es in kinds.values() for e in es[:_KIND_SPARE]}
    return _Crowd(
        key,
        {e: tuple(map(cols.form, ids)) for e, ids in by_entity.items() if e in always or e in spares},
        frozenset(always),
        tuple(tuple(es[:_KIND_SPARE]) for es in kinds.values()),
        tuple(len(es) <= _KIND_SPARE for es in kinds.values()),
    )


def _shape(cols: Any, i: int) -> tuple[int, tuple[int, ...], str]:
    flags = cols.flags_of(i)
    return flags, cols.bounds_of(i), cols.form(i).alias if flags & (NATIVE_SCRIPT | GLOSS) else ""


def _crowd_sample(cache: FuzzyCache, key: str, named: _Named) -> list[AliasForm]:
    """The forms of a crowded key that can change the link: all forms of the entities named
    elsewhere in the article (see :class:`_Named`) and of those kept always, and of the rest
    two entities per kind. Two of a kind keep an ambiguous window ambiguous and one keeps a
    lone candidate alone, as the whole crowd would; named entities are not counted among the
    two."""
    crowd = cache.crowd(key)
    keep = list(crowd.always)
    for entities, complete in zip(crowd.kinds, crowd.complete):
        others = [e for e in entities if e not in named.entities][:2]
        if len(others) < 2 and not complete:  # the spares ran out: the whole crowd
            return cache.index.exact[key]
        keep += others
    sample = [f for e in keep for f in crowd.forms_of[e]]
    return sample + [f for f in named.forms(key) if f.entity not in crowd.always]


def _windows(doc: Doc, index: Index, cache: FuzzyCache, crowded: list[_Deferred] | None) -> Iterator[Candidate]:
    folds = doc.tokens.folds
    exact = index.exact
    probes = _KERNEL.windows(doc, index, _HYPHENS, CONNECTORS) if _KERNEL is not None else _probes_python(doc, index)
    for i, j, compact, at, name_like in probes:
        if at is not None and (size := exact.size_at(at)):
            if size <= CROWD or not cache.crowded(compact):  # fewer forms than CROWD: fewer entities
                yield from _exact(doc, index, i, j, compact, exact.at(at), False)
            elif crowded is not None:
                crowded.append((i, j, compact, None))  # its forms are not even built yet
            else:
                yield from _exact(doc, index, i, j, compact, exact.at(at), True)
        elif name_like and (korean := index.korean.get(korean_canon(compact))):
            yield from _other_romanization(doc, index, i, j, compact, korean)
        elif name_like and len(compact) >= MIN_QUERY and (i < j or zipf(compact) < 3.0):
            # A single word that is itself English ("Pompeii", "Korean") is no typo.
            hits = cache.neighbours(compact)
            if not hits and j - i >= 1:
                hits = cache.word_neighbours(tuple(folds[i : j + 1]))
            if not hits:
                continue
            if not any(exact.size(key) > CROWD and cache.crowded(key) for key, _ in hits):
                yield from _fuzzy(doc, index, i, j, compact, hits, exact.__getitem__, False)
            elif crowded is not None:
                crowded.append((i, j, compact, hits))  # "Browm": a near-miss of a name thousands share
            else:
                yield from _fuzzy(doc, index, i, j, compact, hits, exact.__getitem__, True)
    yield from _events(doc, index)


_Probe = tuple[int, int, str, "int | None", bool]


def _probes_python(doc: Doc, index: Index) -> Iterator[_Probe]:
    """The windows the matcher looks at: runs of tokens ``i..j`` whose folded key ``compact``
    is in the index (with its position), or that miss it but still read like a name
    (``name_like``: Latin words, capitalised or joined by connectors, no possessive between).
    The compiled kernel's ``windows`` does exactly this; this is its reference."""
    toks = doc.tokens
    folds, flags = toks.folds, toks.flags
    positions = index.exact.positions
    n = len(toks)
    for i in range(n):
        fl = flags[i]
        upper_line = doc.upper_line[i]
        if fl & DIGIT or not (fl & (CAP | NATIVE) or upper_line or folds[i] in index.lower_starts):
            continue
        if doc.glued[i] & 1:
            continue
        compact = ""
        name_like = bool(fl & LATIN) and not fl & NATIVE
        for j in range(i, min(n, i + index.max_tokens)):
            if j > i:
                if not doc.joinable[j - 1]:
                    if not (doc.possessive[j - 1] or doc.exclaimed[j - 1]):
                        break
                    name_like = False  # past a possessive: exact table names only
                fj = flags[j]
                hyphened = doc.gaps[j - 1] in _HYPHENS
                if not (fj & LATIN and (fj & CAP or upper_line or hyphened or folds[j] in CONNECTORS)):
                    name_like = False
            compact += folds[j]
            if len(compact) > index.max_key_len + 3:
                break
            if doc.glued[j] & 2:
                continue  # "Xi" of "Xi'an": the word goes on past the apostrophe
            at = positions.get(compact)
            if at is not None or name_like:
                yield i, j, compact, at, name_like


def _events(doc: Doc, index: Index) -> Iterator[Candidate]:
    """Event names with a year added, moved or dropped, or "Olympic Games" for "Olympics": "2022
    Beijing Winter Olympics" and "Beijing Winter Olympic Games" are the 2022 Winter Olympics.
    A year in the text must be one of the event's; without one, the name must be one event's."""
    if not index.events:
        return
    toks = doc.tokens
    folds, flags = toks.folds, toks.flags
    n = len(toks)
    words = index.event_words
    for i in [i for i, f in enumerate(folds) if f in words or flags[i] & DIGIT and len(f) == 4]:
        if not (flags[i] & CAP and flags[i] & LATIN or flags[i] & DIGIT):
            continue
        for j in range(i + 1, min(n, i + 7)):
            if doc.gaps[j - 1] != " " or not (flags[j] & CAP or flags[j] & DIGIT and len(folds[j]) == 4):
                break
            canon, years = event_canon(folds[i : j + 1])
            found = index.events.get(canon, ())
            if found and any(f.entity not in found for f in index.exact.get(canon, ())):
                continue  # "2022 Beijing" is Beijing with a year, not the "Beijing 2022" Games
            fits = [e for e in found if set(years) <= index.event_years.get(e, frozenset())]
            if len(fits) == 1 and (years or len(found) == 1):
                name = index.entities[fits[0]].name
                yield Candidate(i, j, fits[0], 0.9, "fuzzy", name, "".join(folds[i : j + 1]), False, True)


def _exact(
    doc: Doc, index: Index, i: int, j: int, compact: str, forms: list[AliasForm], crowded: bool
) -> Iterator[Candidate]:
    toks = doc.tokens
    person = index.person
    fl = toks.flags
    window_native = any(fl[k] & NATIVE for k in range(i, j + 1))
    upper_line = doc.upper_line[i]
    single = i == j
    bounds: tuple[int, ...] | None = None
    for f in forms:
        if f.flags & GLOSS:
            # A dictionary translation of a Chinese name ("Nationalist Party" for 国民党): a
            # reading of the text as much as of the table, so only the article's support links it.
            if fl[i] & CAP or upper_line:
                gloss = "an English gloss of a Chinese name (CC-CEDICT)"
                yield Candidate(
                    i, j, f.entity, 0.9, "transliteration", f.alias, compact, True, False, True, gloss, crowded
                )
            continue
        # A weak alias is an ordinary word or a shared short form: only the capital letter of
        # a word inside a sentence, or another mention elsewhere, makes it a name.
        weak = bool(f.flags & WEAK)
        needs_anchor = weak and (window_native or upper_line or not fl[i] & CAP or doc.sentence_initial[i])
        if f.flags & ACRONYM:
            if not all(fl[k] & (UPPER | DIGIT) for k in range(i, j + 1)):  # "G-7", "U.S."
                continue
            if upper_line and zipf(compact) >= 4.0:
                needs_anchor = True  # "GIVE US ANY": the pronoun or the country?
        elif not (fl[i] & (CAP | NATIVE) or upper_line or f.flags & LOWER_INITIAL):
            continue
        if window_native:
            if f.flags & NATIVE_SCRIPT and _squash(toks.surface(i, j)) == _squash(f.alias):
                method, score = "native", 1.0
            else:
                method, score = "transliteration", 0.85
        elif f.flags & NATIVE_SCRIPT:
            method, score = "transliteration", 0.92
            if len(compact) < MIN_QUERY:
                needs_anchor = True
            caution = _caution(doc, index, i, j, compact, f.entity)
            if caution == _ENGLISH_WORD:
                # An English word that a native name reads as is the word, not the name, even
                # where the article names the entity: "Saudi" (사우디) is the adjective,
                # "Tai" (泰) and "Dai" are not Thailand.
                continue
            if caution:
                yield Candidate(i, j, f.entity, score, method, f.alias, compact, True, False, weak, caution, crowded)
                continue
        elif f.flags & SWAPPED:
            method, score = "fuzzy", 0.9
        else:
            method = "exact"
            if bounds is None:
                bounds = window_bounds(doc, i, j)  # once per window, not per form
            score = 1.0 if bounds == f.bounds else 0.97
            if score < 1.0 and not person[f.entity] and east_asian_personal_name(toks.folds[i : j + 1]):
                needs_anchor = True  # "He Fei" is a person unless the article says Hefei
            if single and person[f.entity] and zipf(compact) >= 4.0 and (upper_line or doc.sentence_initial[i]):
                needs_anchor = True  # "Rose" or "Price" at the start of a sentence: case says nothing
        strong = not needs_anchor
        yield Candidate(i, j, f.entity, score, method, f.alias, compact, needs_anchor, strong, weak, "", crowded)


def _other_romanization(
    doc: Doc, index: Index, i: int, j: int, compact: str, forms: list[AliasForm]
) -> Iterator[Candidate]:
    """A Korean name in another romanization than the table's ("Mun Chae-in", "Kang Kyung-hwa"):
    a reading, linked like a transliteration, with the same negative evidence."""
    for f in forms:
        if f.flags & WEAK:
            continue
        caution = _caution(doc, index, i, j, compact, f.entity)
        needs = bool(caution)
        yield Candidate(i, j, f.entity, 0.9, "transliteration", f.alias, compact, needs, not needs, False, caution)


def _fuzzy(
    doc: Doc,
    index: Index,
    i: int,
    j: int,
    compact: str,
    hits: _Hits,
    forms_of_key: Callable[[str], list[AliasForm]],
    crowded: bool,
) -> Iterator[Candidate]:
    after = doc.tokens.folds[j + 1] if j + 1 < len(doc.tokens) else ""
    if after and doc.gaps[j] in _HYPHENS and (len(after) <= 3 or zipf(after) < 3.0):
        return  # a near-miss never ends inside a hyphenated name: "Kim Jong" of "Kim Jong-eun"
    bounds = window_bounds(doc, i, j)
    suffixed = generational_suffix(doc.tokens.folds[j])
    # Titles and grammatical words are never typos of a name's words: "Foreign Minister" is
    # not "Foreign Ministry", "Washington and" is not "Washington DC".
    all_common = all(zipf(t) >= 3.0 for t in doc.tokens.folds[i : j + 1])
    plain_words = {t for t in doc.tokens.folds[i : j + 1] if is_function_word(t)}
    owners: set[int] | None = None  # the table people whose name has the span as a word, read on first need
    for key, sim in hits:
        for f in forms_of_key(key):
            if f.flags & (ACRONYM | WEAK):
                continue
            if key.startswith(compact) and (len(compact) in f.bounds or len(key) - len(compact) >= 2):
                continue  # tokens or a syllable missing at the end: a partial mention or another
                # word ("Netanya" is not "Netanyahu"), which only the article's support may link
            if compact.startswith(key) and len(key) in bounds:
                continue  # whole tokens extra: a longer name
            if key.endswith(compact) and len(key) - len(compact) in f.bounds:
                continue  # leading tokens missing
            if compact.endswith(key) and len(compact) - len(key) in bounds:
                continue  # leading tokens extra: "In Singapore", "A Chinese Foreign Ministry"
            if plain_words and not plain_words <= _tokens_of(key, f.bounds):
                continue
            if compact.startswith(key) and (len(key) <= 5 or all_common):
                continue  # letters added to the end of a name make another word: "Korean", "Omani"
            if suffixed != generational_suffix(key[f.bounds[-2] :] if len(f.bounds) > 1 else ""):
                continue  # "Jr." added or dropped: the father or the son, not a typo
            score = round(sim * 0.95, 4)
            caution = _caution(doc, index, i, j, compact, f.entity)
            if not caution and _same_name_other_given(compact, bounds, key, f.bounds):
                caution = "the same family name with another given name"  # "Tanaka Keiko", Kakuei Tanaka
            if not caution and owners is None:
                owners = index.parts.get(compact, set())
            if not caution and owners and f.entity not in owners:
                # the span is a word of a table person's own name: "Kishida" is not Kishiwada
                caution = f"a part of the name of {index.entities[min(owners)].name}, in the table"
            if not caution and pinyin_reading(compact) and pinyin_reading(key):
                caution = "another pinyin reading, not a misspelling"  # "Xiang" is not "Xizang"
            if not caution and f.flags & SYLLABIC:
                # MT writes the reading of a syllabic name (Han, kana, Hangul) exactly, split or
                # joined, or in another romanization; a reading with letters changed ("Peng Poe"
                # for pengpeiao) is a respelling that only the article's support may link: alone,
                # such near-misses are mostly other names ("Luzhou" is not ouzhou, Europe).
                # Alphabetic scripts (Cyrillic: "Zelensky", "Zelenskii") vary letter by letter.
                caution = "a respelling of a native-script reading"
            if caution:
                yield Candidate(i, j, f.entity, score, "fuzzy", f.alias, compact, True, False, False, caution, crowded)
                continue
            strong = sim >= 0.8 and (i != j or len(compact) >= 6)
            yield Candidate(i, j, f.entity, score, "fuzzy", f.alias, compact, False, strong, False, "", crowded)


KNOWN_PLACE = "the real name of a place (GeoNames, ISO 3166-2)"  # a caution lookup weighs more


_ENGLISH_WORD = "an English word"


def _caution(doc: Doc, index: Index, i: int, j: int, compact: str, entity: int) -> str:
    """Why a fuzzy or transliteration match on tokens ``i..j`` may be a real name of something
    else (empty if nothing speaks against it): negative evidence, :mod:`._known_names`."""
    folds = doc.tokens.folds
    mains = known_place_mains(compact)
    if mains is not None:
        # Another name of the same place ("Pekin": GeoNames' main name Beijing is the
        # entity's own) is no evidence against it; a place named so in its own right is
        # ("Tumen" in Jilin, though GeoNames also spells Tyumen so).
        own = {f.key for f in index.forms_of[entity] if not f.flags & NATIVE_SCRIPT}
        if compact not in own and (compact in mains or own.isdisjoint(mains)):
            return KNOWN_PLACE
    if east_asian_personal_name(folds[i : j + 1]):
        return "shaped like an East Asian personal name (surname and given name)"
    if i > 0 and doc.gaps[i - 1] == " " and east_asian_personal_name(folds[i - 1 : j + 1]):
        return f"the given name in an East Asian personal name ({doc.tokens.surface(i - 1, j)!r})"
    if i == j and zipf(compact) >= 3.0:
        return _ENGLISH_WORD
    if i < j:
        for k in range(i, j + 1):
            if (
                len(folds[k]) <= 4
                and zipf(folds[k]) >= 3.5
                and not any(
                    folds[k] == f.key[a:b] for f in index.forms_of[entity] for a, b in zip((0, *f.bounds), f.bounds)
                )
            ):
                return f"{folds[k]!r} is an English word, not a misspelt part of the name"
    return ""
