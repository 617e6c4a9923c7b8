"""Property tests (Hypothesis) for ``Normalizer.find``: the guarantees of docs/reliability.md.

Run with the default ``ci`` profile (fixed seed, ~150 examples per property) in the normal
test run, or ``HYPOTHESIS_PROFILE=long`` for 5000 examples per property (see conftest.py).
"""

from __future__ import annotations

import json
import os
import pickle
import random
import subprocess
import sys
import threading
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

import entnorm
from _samples import load_samples
from entnorm import Mention, Normalizer

NZ = entnorm.load()
ROOT = Path(__file__).resolve().parents[1]


def check_invariants(nz: Normalizer, text: str, mentions: list[Mention]) -> None:
    """Everything ``find`` promises about its result, for any text."""
    previous_end = 0
    for m in mentions:
        assert 0 <= m.start < m.end <= len(text), m
        assert text[m.start : m.end] == m.text, m
        assert m.start >= previous_end, f"unsorted or overlapping at {m}"
        previous_end = m.end
        assert 0.0 <= m.score <= 1.0, m
        assert m.entity_id in nz, m
        entity = nz.get(m.entity_id)
        assert entity is not None
        assert entity.name == m.name and entity.type == m.type, m


# -- strategies -----------------------------------------------------------------------------

# Every string of the bundled table: canonical names, aliases, weak aliases.
ALL_NAMES: list[str] = sorted({name for e in NZ for name in e.all_names()})

# Any code point of any plane except the surrogates (a str from a decoder never has them
# unless errors="surrogateescape"; those have their own tests in test_hostile.py).
any_unicode = st.text(st.characters(exclude_categories=("Cs",)), max_size=200)

combining = st.text(
    st.one_of(
        st.characters(min_codepoint=0x300, max_codepoint=0x36F),  # combining diacritics
        st.characters(min_codepoint=0x1AB0, max_codepoint=0x1AFF),
        st.characters(min_codepoint=0x20D0, max_codepoint=0x20FF),
        st.sampled_from("aeouKimPn "),
    ),
    max_size=60,
)
ZWJ_AND_EMOJI = [
    "\U0001f468\u200d\U0001f469\u200d\U0001f467\u200d\U0001f466",  # family
    "\U0001f3f3\ufe0f\u200d\U0001f308",  # rainbow flag
    "\U0001f469\U0001f3fd\u200d\U0001f680",  # astronaut, skin tone
    "\U0001f1f0\U0001f1f7",  # regional indicators: KR flag
    "\u200d",
    "\u200c",
    "\ufe0f",
    "Kim\u200dJong\u200dUn",
    "Pom\u200dpeo",
]
RTL = [
    "محمد بن سلمان",
    "رجب طيب أردوغان",
    "בנימין נתניהו",
    "\u200fנתניהו\u200e",
    "\u202eKim Jong Un\u202c",  # right-to-left override around Latin
    "ﻣﺤﻤﺪ",  # Arabic presentation forms
    "إيران",
]
CONTROLS = [
    "\x00",
    "\x01",
    "\x1b[31m",
    "\x7f",
    "\x85",
    "\r\n",
    "\r",
    "\n",
    "\t",
    "\x0b",
    "\x0c",
    "\u2028",
    "\u2029",
    "\u00ad",
    "\ufeff",
    "\ufffd",
    "\U0010ffff",
    "\U000e0001",
]
PUNCT = [" ", "  ", ". ", ", ", "'", "’", "-", "—", "(", ")", '"', "«", "»", "「", "」", "。", "·", "."]


def _garble(rng: random.Random, s: str) -> str:
    """Damage a name the way machine translation and OCR do."""
    if not s:
        return s
    kind = rng.randrange(7)
    i = rng.randrange(len(s))
    if kind == 0:  # drop a letter
        return s[:i] + s[i + 1 :]
    if kind == 1:  # double a letter
        return s[:i] + s[i] + s[i:]
    if kind == 2 and len(s) > 1:  # swap two neighbours
        i = min(i, len(s) - 2)
        return s[:i] + s[i + 1] + s[i] + s[i + 2 :]
    if kind == 3:  # glue the words
        return s.replace(" ", "")
    if kind == 4:
        return s.upper()
    if kind == 5:
        return s.lower()
    return s.replace(" ", "-")


names = st.sampled_from(ALL_NAMES)
garbled = st.builds(
    lambda name, seed, times: _apply(name, random.Random(seed), times),
    names,
    st.integers(0, 2**32),
    st.integers(1, 3),
)


def _apply(name: str, rng: random.Random, times: int) -> str:
    for _ in range(times):
        name = _garble(rng, name)
    return name


long_token = st.builds(
    lambda ch, n: ch * n,
    st.sampled_from(["a", "K", "é", "ж", "金", "ポ", "0", "e\u0301"]),
    st.integers(200, 20_000),
)
repeated_name = st.builds(
    lambda name, sep, n: sep.join([name] * n),
    names,
    st.sampled_from([" ", ", ", ". ", ""]),
    st.integers(2, 40),
)
piece = st.one_of(
    names,
    garbled,
    any_unicode,
    combining,
    st.sampled_from(ZWJ_AND_EMOJI),
    st.sampled_from(RTL),
    st.sampled_from(CONTROLS),
    st.sampled_from(PUNCT),
    st.text(st.characters(min_codepoint=0x20, max_codepoint=0x7E), max_size=30),
)
# Real names and their garbled forms spliced into noise, plus the odd giant piece.
spliced = st.lists(
    st.one_of(piece, piece, piece, st.sampled_from(PUNCT), long_token, repeated_name),
    max_size=25,
).map("".join)
any_text = st.one_of(any_unicode, spliced, combining)


# -- find never raises; invariants ----------------------------------------------------------


@given(any_unicode)
def test_invariants_on_any_unicode(text: str) -> None:
    check_invariants(NZ, text, NZ.find(text))


@given(spliced)
def test_invariants_on_names_spliced_into_noise(text: str) -> None:
    check_invariants(NZ, text, NZ.find(text))


@given(combining)
def test_invariants_on_combining_marks(text: str) -> None:
    check_invariants(NZ, text, NZ.find(text))


@given(st.lists(st.one_of(names, garbled), min_size=1, max_size=12), st.sampled_from(PUNCT + CONTROLS))
def test_invariants_on_names_only(parts: list[str], sep: str) -> None:
    text = sep.join(parts)
    check_invariants(NZ, text, NZ.find(text))


# -- determinism ---------------------------------------------------------------------------

NZ_PICKLED = pickle.loads(pickle.dumps(NZ))


@given(any_text)
def test_same_result_twice_and_after_pickling(text: str) -> None:
    first = NZ.find(text)
    assert NZ.find(text) == first
    assert NZ_PICKLED.find(text) == first


def test_pickled_normalizer_is_equivalent() -> None:
    copy = pickle.loads(pickle.dumps(NZ))
    assert copy.entities == NZ.entities
    for sample in load_samples():
        assert copy.find(sample.text) == NZ.find(sample.text)


FIXED_TEXTS = [
    "Ponpeo met Kang Jinghe in Seoul.",
    "Mike Pompeo met Kim Jong-un. " * 3,
    "习近平 和 Путин встретились. 文在寅 대통령 and Erdoğan said.",
    "KIM JONG UN\r\nmet\x00Moon Jae-in — «Trump» said; Shinzo\u200dAbe, Merkel.",
    "\u202eKim Jong Un\u202c בנימין נתניהו \U0001f468\u200d\U0001f469\u200d\U0001f467 e\u0301 Macron",
]


def test_same_result_in_a_fresh_process() -> None:
    """Hash randomisation, import order and caches must not change any result."""
    script = (
        "import json, sys, entnorm\n"
        "nz = entnorm.load()\n"
        "texts = json.load(sys.stdin)\n"
        "json.dump([[m.model_dump() for m in nz.find(t)] for t in texts], sys.stdout)\n"
    )
    texts = FIXED_TEXTS + [s.text for s in load_samples()[:4]]
    expected = [[m.model_dump() for m in NZ.find(t)] for t in texts]
    for seed in ("0", "12345"):
        out = subprocess.run(
            [sys.executable, "-c", script],
            input=json.dumps(texts),
            capture_output=True,
            text=True,
            encoding="utf-8",
            check=True,
            cwd=ROOT,
            env={**os.environ, "PYTHONHASHSEED": seed, "PYTHONIOENCODING": "utf-8"},
            timeout=120,
        )
        assert json.loads(out.stdout) == expected
    assert any(expected), "the fixed texts should contain mentions"


# -- locality ------------------------------------------------------------------------------


def _found_alone(entity: entnorm.Entity) -> bool:
    text = f"{entity.name} said."
    return any(m.start == 0 and m.end >= len(entity.name) and m.entity_id == entity.id for m in NZ.find(text))


# Entities whose canonical name is found when it is a sentence on its own.
LOCAL = [e for e in NZ if _found_alone(e)]

# Lower-case ASCII words that are not names (no capitalised word, nothing in the table).
WORDS = (
    "the a an of and or but to in on at by for with from about after before over under "
    "weather report said rain would fall tuesday morning prices rose slightly market "
    "traders expect quiet week ahead officials declined comment further details were not "
    "immediately available meeting lasted two hours talks focused trade security issues "
    "several reporters waited outside building statement followed later evening"
).split()


def test_the_word_list_names_nothing() -> None:
    text = " ".join(WORDS)
    assert NZ.find(text) == []


def test_locality_population_is_large() -> None:
    # Qualified place names ("Xi'an (city in China)", "Reading, United Kingdom") are made so that
    # the matcher never reads them as a phrase (scripts/build_places.py): they are not counted.
    plain = [e for e in NZ if "(" not in e.name and ", " not in e.name]
    assert len(LOCAL) > 0.9 * len(plain)


@given(
    st.sampled_from(LOCAL),
    st.lists(st.sampled_from(WORDS), max_size=40),
    st.lists(st.sampled_from(WORDS), max_size=40),
)
def test_full_name_is_found_whatever_text_surrounds_it(
    entity: entnorm.Entity, before: list[str], after: list[str]
) -> None:
    """Locality rule: if an entity's canonical name is found when it stands alone as the
    sentence "NAME said.", then it is still found, at the same offset and linked to the
    same entity, in ``BEFORE. NAME said. AFTER.`` where BEFORE and AFTER are any sequences of
    lower-case ASCII words from a fixed list of ordinary words (none of them a name in the
    table). Text outside the sentence boundaries ". " cannot take the name away."""
    prefix = " ".join(before) + ". " if before else ""
    suffix = " " + " ".join(after) + "." if after else ""
    text = f"{prefix}{entity.name} said.{suffix}"
    start = len(prefix)
    mentions = NZ.find(text)
    check_invariants(NZ, text, mentions)
    assert any(m.start == start and m.end >= start + len(entity.name) and m.entity_id == entity.id for m in mentions), (
        text,
        mentions,
    )


# -- thread safety -------------------------------------------------------------------------


def _run_threads(count: int, work: Callable[[int], list[list[Mention]]]) -> list[list[list[Mention]]]:
    results: list[list[list[Mention]] | BaseException | None] = [None] * count
    barrier = threading.Barrier(count)

    def run(k: int) -> None:
        try:
            barrier.wait()
            results[k] = work(k)
        except BaseException as exc:  # reported below
            results[k] = exc

    threads = [threading.Thread(target=run, args=(k,)) for k in range(count)]
    old = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)  # switch threads as often as possible
    try:
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=300)
    finally:
        sys.setswitchinterval(old)
    for r in results:
        if isinstance(r, BaseException):
            raise r
    return results  # type: ignore[return-value]


def test_eight_threads_give_the_single_threaded_results() -> None:
    texts = [s.text for s in load_samples()]
    texts += [t.lower() for t in texts[:4]] + [t.upper() for t in texts[4:8]]
    expected = [entnorm.load().find(t) for t in texts]  # single-threaded, cold caches
    shared = entnorm.load()  # cold caches, shared by all threads

    def work(k: int) -> list[list[Mention]]:
        order = list(range(len(texts)))
        random.Random(k).shuffle(order)
        got: list[list[Mention] | None] = [None] * len(texts)
        for i in order:
            got[i] = shared.find(texts[i])
        return got  # type: ignore[return-value]

    for got in _run_threads(8, work):
        assert got == expected


@pytest.mark.parametrize("text", FIXED_TEXTS)
def test_fixed_texts_satisfy_invariants(text: str) -> None:
    check_invariants(NZ, text, NZ.find(text))
