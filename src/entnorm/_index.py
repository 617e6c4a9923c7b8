"""The compiled index: every key of the table in plain dictionaries, built once per ``load``.

Lookups cost the same whatever the table size: exact keys are one ``dict`` probe, fuzzy
candidates come from a deletion neighbourhood and a consonant-skeleton map (SymSpell's idea,
packed into sorted arrays: :mod:`._packed`), and only the few keys they return are verified
with rapidfuzz. Nothing in ``find`` ever loops over the table.
"""

from __future__ import annotations

import re
from collections import defaultdict

from . import _known_names as known_names
from ._keys import (
    ACRONYM,
    GLOSS,
    LOWER_INITIAL,
    NATIVE_SCRIPT,
    WEAK,
    AliasForm,
    alias_folds,
    alias_forms,
    deletes,
    event_canon,
    gloss_forms,
    korean_canon,
    name_parts,
    place_core,
    skeleton,
)
from ._lexicon import TITLES
from ._models import Entity
from ._packed import MAX_VALUE, PackedMultimap

__all__ = ["MAX_SKELETON_BUCKET", "MIN_FUZZY_KEY", "MIN_QUERY", "Index"]

MIN_FUZZY_KEY = 4  # shorter keys match exactly or not at all
MIN_QUERY = 5  # shorter text windows match exactly or not at all
MAX_SKELETON_BUCKET = 64  # a skeleton shared by more keys than this says too little to use
_HANGUL = re.compile("[\uac00-\ud7a3]")


class Index:
    """Keys → alias forms, plus the neighbourhoods the fuzzy matcher probes."""

    def __init__(self, entities: list[Entity]) -> None:
        known_names.load()  # the negative evidence the matcher consults: read at load, not mid-find
        self.entities = entities
        self.person = [e.type == "PERSON" for e in entities]
        self.exact: dict[str, list[AliasForm]] = defaultdict(list)
        self.parts: dict[str, set[int]] = defaultdict(set)
        self.place_parts: dict[str, set[int]] = defaultdict(set)
        self.lower_starts: set[str] = set()
        self.forms_of: list[list[AliasForm]] = [[] for _ in entities]
        self.parts_of: list[set[str]] = [set() for _ in entities]
        by_key: dict[str, list[AliasForm]] = self.exact
        # Event names without their years ("Beijing Winter Olympics"), and each event's years.
        events: dict[str, set[int]] = defaultdict(set)
        event_years: dict[int, set[str]] = defaultdict(set)
        event_words: set[str] = set()
        # Keys of entities with a Hangul name, in one spelling for all Korean romanizations.
        self.korean: dict[str, list[AliasForm]] = defaultdict(list)
        for idx, ent in enumerate(entities):
            person = ent.type == "PERSON"
            korean = any(_HANGUL.search(a) for a in ent.all_names())
            seen: set[tuple[str, int]] = set()
            for alias, weak in [
                (ent.name, False),
                *((a, False) for a in ent.aliases),
                *((a, True) for a in ent.weak_aliases),
            ]:
                glosses = gloss_forms(idx, alias) if not weak else []
                for form in (*alias_forms(idx, alias, weak=weak, person=person), *glosses):
                    if (form.key, form.flags) in seen:
                        continue
                    seen.add((form.key, form.flags))
                    by_key[form.key].append(form)
                    self.forms_of[idx].append(form)
                    if form.flags & LOWER_INITIAL:
                        self.lower_starts.add(form.key[: form.bounds[0]])
                if ent.type == "EVENT" and not weak:
                    folds = alias_folds(alias)
                    if folds:
                        canon, years = event_canon(folds)
                        if canon:
                            events[canon].add(idx)
                            event_years[idx].update(years)
                            event_words.update(f for f in folds if not f.isdigit())
                if korean:
                    for form in alias_forms(idx, alias, weak=weak, person=person):
                        if not form.flags & ACRONYM:
                            self.korean[korean_canon(form.key)].append(form)
                if person:
                    for part in name_parts(alias):
                        self.parts[part].add(idx)
                        self.parts_of[idx].add(part)
                elif ent.type in ("GPE", "LOC") and not weak and (core := place_core(alias)):
                    self.place_parts[core].add(idx)
        # People by the title words of their roles ("chancellor" → Scholz, Merkel, ...): a title
        # in the text is checked against the few people who could hold it.
        # (title word, first letter) → (Latin key or name part, is a part, person): the names a
        # title in the text may precede ("chancellor", "s" → scholz, ...).
        self.role_names: dict[tuple[str, str], list[tuple[str, bool, int]]] = defaultdict(list)
        for idx, ent in enumerate(entities):
            words = {w for role in ent.roles for w in role.title.casefold().split() if w in TITLES}
            if not words:
                continue
            names = {(f.key, False) for f in self.forms_of[idx] if not f.flags & NATIVE_SCRIPT}
            names |= {(p, True) for p in self.parts_of[idx] if len(p) >= 4}
            for word in words:
                for name, is_part in names:
                    self.role_names[(word, name[0])].append((name, is_part, idx))
        self.role_names = dict(self.role_names)
        self.exact = dict(by_key)
        self.parts = dict(self.parts)
        self.place_parts = dict(self.place_parts)
        self.korean = dict(self.korean)
        self.events = {k: tuple(sorted(v)) for k, v in events.items()}
        self.event_years = {k: frozenset(v) for k, v in event_years.items()}
        self.event_words = frozenset(event_words)  # words of event names: where such a name can start
        self.max_key_len = max((len(k) for k in self.exact), default=0)
        self.max_tokens = min(12, max((len(f.bounds) for fs in self.exact.values() for f in fs), default=1) + 1)
        self.fuzzy_keys = [
            key
            for key, forms in self.exact.items()
            if len(key) >= MIN_FUZZY_KEY and not all(f.flags & (ACRONYM | WEAK | GLOSS) for f in forms)
        ]
        if len(self.fuzzy_keys) > MAX_VALUE:
            raise ValueError(f"too many distinct keys for the fuzzy index ({len(self.fuzzy_keys)})")
        self.neighbours = PackedMultimap(
            (d, kid) for kid, key in enumerate(self.fuzzy_keys) for d in (key, *deletes(key))
        )
        # Multi-word keys by their first word: "Shanghai Cooperative Organization" is checked
        # word by word against the keys that start with "shanghai".
        self.first_words = PackedMultimap(
            (key[: forms[0].bounds[0]], kid)
            for kid, key in enumerate(self.fuzzy_keys)
            if len((forms := self.exact[key])[0].bounds) >= 2 and not forms[0].flags & NATIVE_SCRIPT
        )
        self.skeletons = PackedMultimap(
            (sk, kid) for kid, key in enumerate(self.fuzzy_keys) if len(sk := skeleton(key)) >= 3
        )
