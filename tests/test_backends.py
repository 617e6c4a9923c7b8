"""The compiled kernel and the pure-Python scan give the same answers, to the last offset and score.

Two layers. In process, each kernel function is compared with the Python function it replaces
(``_cscan.tokenize`` with ``_folding._tokenize_python``, ``_cscan.cues`` with
``_matching._cues_python``, ``_cscan.windows`` with ``_matching._probes_python``, ``pack`` and
``probe`` with ``PackedMultimap``'s references) on every text we have and on Hypothesis-generated hostile text.
Across processes, whole ``find`` answers of a worker on the kernel and a worker forced onto
Python (``ENTNORM_PURE_PYTHON=1``) are compared. Both skip when the kernel is not built
(``pip install -e .`` without a C compiler, or ``ENTNORM_NO_COMPILE=1``); the rest of this
file tests how ``entnorm._backend`` decides, with or without a build.
"""

from __future__ import annotations

import ast
import hashlib
import importlib
import importlib.machinery
import json
import os
import shutil
import subprocess
import sys
from array import array
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType, SimpleNamespace
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import entnorm
from _samples import load_samples
from entnorm import _backend, _folding, _matching
from entnorm._index import filter_may_hold
from entnorm._packed import MAX_VALUE, PackedMultimap
from test_properties import any_text

ROOT = Path(__file__).resolve().parents[1]
DEV = ROOT.parent / "shared" / "corpus" / "dev"
WMT22 = ROOT.parent / "shared" / "corpus" / "wmt22"
NZ = entnorm.load()

# Texts no corpus has: lone surrogates, a 5 MB token, 1 MB of one repeated alias, right-to-left
# with directional controls, stacked combining marks, kana with combining sound marks.
EXTREMES = [
    "",
    "Pompeo \ud800 met Kang\udfff Kyung-wha \udc00",
    "K" * 5_000_000,
    "Mike Pompeo " * 80_000,
    "وزير الخارجية مايك بومبيو \u202eMike Pompeo\u202c met \u05e0\u05ea\u05e0\u05d9\u05d4\u05d5",
    "Ke\u0301\u0301ng Jinghe\u0308 and Po\u0301mpeo" * 50,
    "\u0301\u0301 ポンペオ\u3099氏と강경화\u0301 a\u200db x_y İstanbul ﬁnance Straße 🙂\r\n",
    "Xi'an Xi Jinping's U.S.-China PRESIDENT MOON JAE-IN SAID Yahoo! News",
]


def _corpus_texts() -> Iterator[str]:
    yield from (s.text for s in load_samples())
    yield from (p.read_text(encoding="utf-8") for p in sorted((ROOT / "examples").glob("*.txt")))
    if (DEV / "articles.jsonl").is_file():
        yield from (json.loads(line)["text"] for line in (DEV / "articles.jsonl").open(encoding="utf-8"))
    for pair in ("zh-en", "ja-en", "ru-en"):
        path = WMT22 / f"{pair}.jsonl"
        if path.is_file():
            for line in path.open(encoding="utf-8"):
                doc = json.loads(line)
                yield from (*doc["references"].values(), *doc["systems"].values())


def _kernel() -> ModuleType | None:
    try:
        from entnorm import _cscan
    except ImportError:
        return None
    return _cscan


KERNEL = _kernel()
needs_kernel = pytest.mark.skipif(KERNEL is None, reason="the compiled kernel is not built")
if KERNEL is not None and _backend.KERNEL is None:  # forced onto Python: give the kernel its classes
    _folding.give_classes(KERNEL)


def _kernel_cues(tokens: _folding.Tokens) -> Any:
    """The kernel's ``cues`` of tokens, called as ``_matching.Doc`` calls it."""
    assert KERNEL is not None
    m = _matching
    args = (m._QUIET_WORDS, m._HYPHEN_CHARS, m._DOT_CHARS, m._APOSTROPHE_CHARS)
    return KERNEL.cues(tokens.text, tokens.starts, tokens.ends, tokens.folds, tokens.flags, *args)


def _same_scan(text: str) -> None:
    """The kernel's tokens and windows are the reference's, on the bundled table."""
    assert KERNEL is not None
    got = KERNEL.tokenize(text, _folding._INFO, _folding._token_info)
    want = _folding._tokenize_python(text)
    assert got == (want.starts, want.ends, want.folds, want.flags), f"tokens differ on {text[:200]!r}"
    assert _kernel_cues(want) == _matching._cues_python(want), f"cues differ on {text[:200]!r}"
    doc = _matching.Doc(want)
    probes = KERNEL.windows(doc, NZ._index, _matching._HYPHENS, _matching.CONNECTORS)
    assert probes == list(_matching._probes_python(doc, NZ._index)), f"windows differ on {text[:200]!r}"


@needs_kernel
def test_kernel_equals_reference_on_every_corpus_text() -> None:
    n = 0
    for text in _corpus_texts():
        _same_scan(text)
        n += 1
    assert n > 30  # the samples alone; with ../shared, thousands


@needs_kernel
@pytest.mark.parametrize("text", EXTREMES, ids=range(len(EXTREMES)))
def test_kernel_equals_reference_on_extremes(text: str) -> None:
    _same_scan(text)


@needs_kernel
@settings(suppress_health_check=[HealthCheck.too_slow], deadline=None, max_examples=300)
@given(any_text)
def test_kernel_equals_reference_on_hostile_text(text: str) -> None:
    _same_scan(text)


@needs_kernel
def test_kernel_rejects_what_it_cannot_read() -> None:
    assert KERNEL is not None
    with pytest.raises(TypeError):
        KERNEL.tokenize(b"bytes", {}, _folding._token_info)
    with pytest.raises(TypeError, match="token info"):
        KERNEL.tokenize("abc", {}, lambda tok: "not a pair")
    with pytest.raises(ZeroDivisionError):
        KERNEL.tokenize("abc", {}, lambda tok: 1 / 0)
    with pytest.raises(ValueError, match="range"):
        KERNEL.set_classes([(5, 1)], [], [])
    KERNEL.tokenize("still works after a refused range", _folding._INFO, _folding._token_info)


# Gaps the corpora rarely hold, each between two words: every branch of _joinable, the
# possessive and glued apostrophes, exclamation marks, initials, and line cases.
_GAP_TEXTS = [
    "Xi'an Pompeo's O'Brien d'Ale'ma Pompeo's. Kim's, Lee\u2019s Park\u2019S l'Aquila",
    "Donald J. Trump U.S. A.B. Cd. E . F.. Yahoo! News WoW!Korea Hey!! You",
    "Jean-Marc Jean\u2010Marc A \u2011 B A - B A -- B A \u00b7 B A\u30fbB A\u00a0B A  B A   B A    B",
    "北京上海 ポンペオ氏 강경화 Москва-Сити Ωmega αβγ\u0301 가나 日本\u3099",
    "THE PRESIDENT SAID\nThe Minister of the Interior and the People\nthe cat sat on the mat\n\nA B C D",
    "Mr. Smith’s dog, Ms. O’Neil! and ‘quoted’ St. Petersburg;Tokyo—Seoul–Busan\r\nEnd",
]


@needs_kernel
@pytest.mark.parametrize("text", _GAP_TEXTS, ids=range(len(_GAP_TEXTS)))
def test_kernel_cues_equal_reference_on_every_kind_of_gap(text: str) -> None:
    _same_scan(text)
    assert _matching._cues_python(_folding._tokenize_python(text))[0]  # gaps to compare


def test_gap_texts_reach_every_cue() -> None:
    """The texts above make every cue both true and false somewhere (a check on the check)."""
    cues = [_matching._cues_python(_folding._tokenize_python(t)) for t in _GAP_TEXTS]
    for k in range(1, 7):
        values = {v for c in cues for v in c[k]}
        assert len(values) > 1 or k == 2 and values == {0, 1, 2, 3}, k
    assert {v for c in cues for v in c[2]} == {0, 1, 2, 3}  # glued: before, after, both


@needs_kernel
def test_kernel_cues_refuse_what_they_cannot_read() -> None:
    assert KERNEL is not None
    m = _matching
    chars = (m._HYPHEN_CHARS, m._DOT_CHARS, m._APOSTROPHE_CHARS)
    with pytest.raises(ValueError, match="differ in length"):
        KERNEL.cues("ab cd", [0, 3], [2], ["ab", "cd"], [0, 0], m._QUIET_WORDS, *chars)
    with pytest.raises(ValueError, match="increasing and inside"):
        KERNEL.cues("ab cd", [3, 0], [5, 2], ["cd", "ab"], [0, 0], m._QUIET_WORDS, *chars)
    with pytest.raises(ValueError, match="increasing and inside"):
        KERNEL.cues("ab", [0], [9], ["ab"], [0], m._QUIET_WORDS, *chars)
    with pytest.raises(TypeError, match="set"):
        KERNEL.cues("ab", [0], [2], ["ab"], [0], ["the"], *chars)
    with pytest.raises(TypeError, match="hyphens"):
        KERNEL.cues("ab", [0], [2], ["ab"], [0], m._QUIET_WORDS, "-" * 9, *chars[1:])
    with pytest.raises(TypeError, match="folds"):
        KERNEL.cues("ab", [0], [2], [None], [0], m._QUIET_WORDS, *chars)
    assert KERNEL.cues("", [], [], [], [], m._QUIET_WORDS, *chars) == ([], [], [], [], [], [], [])


@needs_kernel
def test_kernel_cues_read_a_flag_of_minus_one_and_the_offsets_after_it() -> None:
    # Found by review: a flag of -1 (PyLong_AsLong's error value, with no error) skipped reading
    # that token's offsets, and the kernel used whatever its buffer held from an earlier call.
    assert KERNEL is not None
    m = _matching
    args = (m._QUIET_WORDS, m._HYPHEN_CHARS, m._DOT_CHARS, m._APOSTROPHE_CHARS)
    n = 100
    KERNEL.cues("x" * 900, list(range(0, 600, 6)), list(range(3, 603, 6)), ["x"] * n, [0] * n, *args)
    flags = [0] * n
    flags[50] = -1
    tokens = _folding.Tokens("ab " * n, [3 * k for k in range(n)], [3 * k + 2 for k in range(n)], ["ab"] * n, flags)
    got = _kernel_cues(tokens)
    assert got == _matching._cues_python(tokens)
    assert got[0] == [" "] * (n - 1)


@needs_kernel
def test_kernel_cues_never_hand_python_code_a_half_built_list() -> None:
    # Found by review: a fold's __hash__ (run by the quiet-word lookup) that walked
    # gc.get_objects() met the output lists with empty slots, and copying one crashed. In a
    # child process: a crash must fail this test, not end the test run.
    code = """
import gc
from entnorm import _cscan, _matching as m
class Peek(str):
    def __hash__(self):
        for o in gc.get_objects():
            if type(o) is list and len(o) == 5 and o is not folds:
                list(o)
        return str.__hash__(self)
folds = [Peek(w) for w in "abcde"]
out = _cscan.cues("a b c d e", [0, 2, 4, 6, 8], [1, 3, 5, 7, 9], folds, [4] * 5,
                  m._QUIET_WORDS, m._HYPHEN_CHARS, m._DOT_CHARS, m._APOSTROPHE_CHARS)
print(out[6])
"""
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert proc.stdout.strip() == str([False] * 5)  # lowercase content words: not Title Case


def _toy_index(
    positions: dict[str, Any],
    lower: Any = frozenset(),
    max_tokens: int = 4,
    max_key_len: int = 30,
    key_filter: Any = None,
) -> Any:
    exact = SimpleNamespace(positions=positions, key_filter=key_filter)
    return SimpleNamespace(exact=exact, lower_starts=lower, max_tokens=max_tokens, max_key_len=max_key_len)


def _same_windows(doc: _matching.Doc, index: Any) -> None:
    assert KERNEL is not None
    got = KERNEL.windows(doc, index, _matching._HYPHENS, _matching.CONNECTORS)
    # The reference reads ``lower_starts`` as the set the index holds (compiled by mypyc, it
    # insists); the kernel answers ``in`` for any container, so it meets the reference on a set.
    reference = SimpleNamespace(**{**vars(index), "lower_starts": set(index.lower_starts)})
    assert got == list(_matching._probes_python(doc, reference))


@needs_kernel
def test_kernel_windows_read_inputs_as_python_does() -> None:
    """Found by review: a None position is a miss (``positions.get(...) is not None``); any
    container answers ``in``; huge limits do not overflow."""
    doc = _matching.Doc(_folding._tokenize_python("foo bar the Baz Qux"))
    _same_windows(doc, _toy_index({"foo": None, "the": None}, {"foo", "the"}))
    for lower in (["foo"], {"foo": 1}, frozenset(["foo"])):
        _same_windows(doc, _toy_index({"foo": 0}, lower))
    _same_windows(doc, _toy_index({}, max_tokens=sys.maxsize))
    _same_windows(doc, _toy_index({}, max_key_len=sys.maxsize))
    _same_windows(_matching.Doc(_folding._tokenize_python("")), _toy_index({}))


@needs_kernel
def test_key_filter_holds_every_key_and_few_others() -> None:
    """The filter the kernel builds for the bundled table's exact keys answers "maybe" for
    every key (a Bloom filter has no false negatives) and for few strings outside them."""
    assert KERNEL is not None
    exact = NZ._index.exact
    key_filter = KERNEL.key_filter(list(exact.positions))
    assert exact.key_filter in (key_filter, None)  # None on the pure-Python path
    words = len(key_filter) // 8
    assert words & (words - 1) == 0 and 16 <= len(key_filter) * 8 / len(exact.positions) <= 32
    assert all(filter_may_hold(key_filter, key) for key in exact.positions)
    others = [f"{key}{i}" for i, key in enumerate(exact.positions) if f"{key}{i}" not in exact.positions]
    rate = sum(filter_may_hold(key_filter, key) for key in others) / len(others)
    assert len(others) > 5000 and rate < 0.03
    assert KERNEL.key_filter([]) == bytes(8)
    with pytest.raises(TypeError):
        KERNEL.key_filter(["a", 5])


@needs_kernel
def test_kernel_windows_consult_the_key_filter() -> None:
    """Windows give the reference's answer with a filter of the keys; a filter without a
    key hides it from the kernel (so the filter is read, not merely carried); a malformed one
    is refused."""
    assert KERNEL is not None
    doc = _matching.Doc(_folding._tokenize_python("foo bar the Baz Qux and the baz qux"))
    positions = {"foo": 0, "the": 1, "bazqux": 2, "thebaz": 3}
    lower = {"foo", "the"}
    _same_windows(doc, _toy_index(positions, lower, key_filter=KERNEL.key_filter(list(positions))))
    without_foo = KERNEL.key_filter([k for k in positions if k != "foo"])
    assert not filter_may_hold(without_foo, "foo")
    got = KERNEL.windows(doc, _toy_index(positions, lower, key_filter=without_foo), _matching._HYPHENS, set())
    hits = {row[2] for row in got if row[3] is not None}
    assert "foo" not in hits and hits == {"the", "bazqux", "thebaz"}
    for bad in (b"", b"abc", bytes(24), "x" * 8, 5):
        with pytest.raises(ValueError, match="key_filter"):
            KERNEL.windows(doc, _toy_index(positions, lower, key_filter=bad), _matching._HYPHENS, set())


def test_the_scanned_keys_have_a_filter_only_with_the_kernel() -> None:
    assert (NZ._index.exact.key_filter is None) == (_backend.KERNEL is None)
    assert NZ._index.korean.key_filter is None  # type: ignore[attr-defined]  # only the map every window probes


@needs_kernel
def test_kernel_survives_python_code_that_changes_the_doc_mid_scan() -> None:
    """Found by review: an ``__eq__`` run by a membership test used to clear the Doc's lists
    under the scan (a segfault). The kernel scans its own snapshot; the Doc may change."""
    assert KERNEL is not None
    doc = _matching.Doc(_folding._tokenize_python("Foo of bar of baz of qux"))

    class Clears:
        def __hash__(self) -> int:
            return hash("of")

        def __eq__(self, other: object) -> bool:
            doc.tokens.folds.clear()
            return False

    KERNEL.windows(doc, _toy_index({}), _matching._HYPHENS, {Clears()})  # no crash; any answer
    assert doc.tokens.folds == []


def _same_pack(keys: list[str], values: list[int] | None, deletions: bool) -> None:
    assert KERNEL is not None
    got = array("Q")
    got.frombytes(KERNEL.pack(keys, values, deletions))
    assert got == PackedMultimap._of_keys_python(keys, values, deletions=deletions).words


@needs_kernel
@pytest.mark.parametrize("n", [255, 256, 257, 5000])
def test_kernel_sorts_packed_words_as_python_does(n: int) -> None:
    """Below 256 words the kernel sorts with qsort, from 256 with a radix sort."""
    keys = [f"k{i * 7919 % n}" for i in range(n)]
    _same_pack(keys, [(i * 104729) % (MAX_VALUE + 1) for i in range(n)], False)
    _same_pack(["same"] * n, None, False)  # one hash: the passes over its digits are skipped


@needs_kernel
def test_kernel_packs_the_bundled_index_as_python_does() -> None:
    index = NZ._index
    keys = list(index.fuzzy_keys)
    _same_pack(keys, None, True)
    for built in (index.neighbours, index.first_words, index.skeletons):  # what load built, either path
        assert isinstance(built.words, array) and len(built) > 0
    assert index.neighbours.words == PackedMultimap._of_keys_python(keys, deletions=True).words


@needs_kernel
@settings(suppress_health_check=[HealthCheck.too_slow], deadline=None, max_examples=300)
@given(
    st.lists(st.text(st.characters(exclude_categories=["Cs"]), max_size=40), max_size=30),
    st.booleans(),
    st.booleans(),
)
def test_kernel_packs_any_keys_as_python_does(keys: list[str], deletions: bool, own_values: bool) -> None:
    values = [(7919 * k) % (MAX_VALUE + 1) for k in range(len(keys))] if own_values else None
    _same_pack(keys, values, deletions)


@needs_kernel
def test_kernel_pack_refuses_what_python_refuses() -> None:
    assert KERNEL is not None
    with pytest.raises(ValueError, match="24 bits"):
        KERNEL.pack(["a"], [MAX_VALUE + 1], False)
    with pytest.raises(ValueError, match="24 bits"):
        PackedMultimap._of_keys_python(["a"], [MAX_VALUE + 1])
    with pytest.raises(UnicodeEncodeError):
        KERNEL.pack(["a\ud800b"], None, True)
    with pytest.raises(UnicodeEncodeError):
        PackedMultimap._of_keys_python(["a\ud800b"], deletions=True)
    with pytest.raises(TypeError):
        KERNEL.pack(["a", 5], None, False)  # type: ignore[list-item]
    with pytest.raises(TypeError):
        KERNEL.pack(["a", "b"], [1], False)


@needs_kernel
def test_kernel_probes_the_bundled_index_as_python_does() -> None:
    assert KERNEL is not None
    near = NZ._index.neighbours
    keys = list(NZ._index.fuzzy_keys)
    for q in keys + [k[1:] for k in keys[:2000]] + [k + "x" for k in keys[:2000]]:
        assert KERNEL.probe(near.words, MAX_VALUE + 1, q, True) == near._near_python(q), q


@needs_kernel
@settings(suppress_health_check=[HealthCheck.too_slow], deadline=None, max_examples=300)
@given(st.text(st.characters(exclude_categories=["Cs"]), max_size=24), st.integers(0, MAX_VALUE + 1))
def test_kernel_probes_any_query_as_python_does(q: str, limit: int) -> None:
    """Any query, and any limit: values at or past it are never returned (a forged cache)."""
    assert KERNEL is not None
    near = NZ._index.neighbours
    bounded = PackedMultimap.from_words(near.words, limit)
    assert KERNEL.probe(near.words, limit, q, True) == bounded._near_python(q)
    assert KERNEL.probe(near.words, limit, q, False) == set(bounded.get(q))


@needs_kernel
def test_kernel_probe_limits_as_python_does() -> None:
    """Found by review: the limit wrapped (a negative one returned every value); values past
    it are never returned, whatever the limit, as a forged cache file must not reach them."""
    assert KERNEL is not None
    words = PackedMultimap._of_keys_python(["abc", "abd"], deletions=True).words
    for limit in (-(2**70), -1, 0, 1, 2, MAX_VALUE + 1, 2**63, 2**64 + 1, 2**80):
        want = PackedMultimap.from_words(words, limit)._near_python("abc")
        assert KERNEL.probe(words, limit, "abc", True) == want, limit


@needs_kernel
def test_kernel_probe_refuses_what_is_not_packed_words() -> None:
    assert KERNEL is not None
    with pytest.raises(TypeError, match="array"):
        KERNEL.probe(array("l", [1, 2]), 10, "abc", True)
    with pytest.raises(TypeError):
        KERNEL.probe(b"12345678", 10, "abc", True)
    assert KERNEL.probe(array("Q"), 10, "abc", True) == set()


# --- whole find, two processes: the kernel against ENTNORM_PURE_PYTHON=1 ---

# One request a line: {"table": path or null, "texts": [...]}; one answer a line: a list per text
# of [start, end, entity_id, score, method, alias]. ``ensure_ascii`` keeps lone surrogates intact.
_WORKER = r"""
import json, sys
import entnorm
print(json.dumps(entnorm.BACKEND), flush=True)
tables = {}
for line in sys.stdin:
    req = json.loads(line)
    table = req["table"]
    if table not in tables:
        tables[table] = entnorm.load(table) if table else entnorm.load()
    nz = tables[table]
    out = [[[m.start, m.end, m.entity_id, m.score, m.method, m.alias] for m in nz.find(t)] for t in req["texts"]]
    print(json.dumps(out), flush=True)
"""


class Worker:
    """A process running ``find`` on one backend."""

    def __init__(self, *, pure: bool) -> None:
        env = {k: v for k, v in os.environ.items() if k != "ENTNORM_PURE_PYTHON"}
        if pure:
            env["ENTNORM_PURE_PYTHON"] = "1"
        self.proc = subprocess.Popen(
            [sys.executable, "-c", _WORKER], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, env=env, cwd=ROOT
        )
        self.backend = self.read()

    def read(self) -> Any:
        assert self.proc.stdout is not None
        line = self.proc.stdout.readline()
        assert line, f"worker died (exit {self.proc.poll()})"
        return json.loads(line)

    def send(self, texts: list[str], table: str | None = None) -> None:
        assert self.proc.stdin is not None
        self.proc.stdin.write(json.dumps({"table": table, "texts": texts}) + "\n")
        self.proc.stdin.flush()

    def close(self) -> None:
        if self.proc.stdin:
            self.proc.stdin.close()
        self.proc.wait(timeout=60)


@pytest.fixture(scope="module")
def workers() -> Iterator[tuple[Worker, Worker]]:
    if KERNEL is None:
        pytest.skip("the compiled kernel is not built")
    compiled = Worker(pure=False)
    pure = Worker(pure=True)
    assert (compiled.backend, pure.backend) == ("compiled", "python")
    yield compiled, pure
    compiled.close()
    pure.close()


def assert_same(workers: tuple[Worker, Worker], texts: list[str], table: str | None = None) -> None:
    """Both backends answer the batch (in parallel) and agree on every text."""
    compiled, pure = workers
    compiled.send(texts, table)
    pure.send(texts, table)
    got, want = compiled.read(), pure.read()
    assert len(got) == len(want) == len(texts)
    for text, g, w in zip(texts, got, want):
        assert g == w, f"backends differ on {text[:200]!r}"


def test_find_is_the_same_on_both_backends(workers: tuple[Worker, Worker]) -> None:
    texts = list(_corpus_texts()) + EXTREMES
    for k in range(0, len(texts), 200):
        assert_same(workers, texts[k : k + 200])
    if (DEV / "aliases.yaml").is_file():
        dev = [json.loads(line)["text"] for line in (DEV / "articles.jsonl").open(encoding="utf-8")]
        assert_same(workers, dev, str(DEV / "aliases.yaml"))


@settings(suppress_health_check=list(HealthCheck), deadline=None, max_examples=150)
@given(any_text)
def test_find_is_the_same_on_both_backends_on_hostile_text(workers: tuple[Worker, Worker], text: str) -> None:
    assert_same(workers, [text])


# --- how entnorm._backend decides (runs with or without a build) ---


def test_the_backend_is_reported() -> None:
    assert entnorm.BACKEND == _backend.BACKEND in ("compiled", "python")
    assert NZ.backend == entnorm.BACKEND
    assert (entnorm.BACKEND == "compiled") == (_backend.KERNEL is not None or _backend.TYPED)
    if os.environ.get("ENTNORM_PURE_PYTHON") == "1":
        assert (entnorm.BACKEND, _backend.REASON) == ("python", "ENTNORM_PURE_PYTHON is set")
        assert _backend.TYPED_REASON == "ENTNORM_PURE_PYTHON is set"


def test_the_typed_modules_run_as_reported() -> None:
    """Compiled where ``TYPED`` says so; otherwise their ``.py`` files, even where compiled
    ones sit beside them (Python's own import would take those)."""
    for name in _backend.TYPED_MODULES:
        module = importlib.import_module(f"entnorm.{name}")
        assert module.__file__ is not None
        assert module.__file__.endswith(".py") != _backend.TYPED, (name, module.__file__)


def test_setup_compiles_the_modules_the_backend_knows() -> None:
    tree = ast.parse((ROOT / "setup.py").read_text(encoding="utf-8"))
    (value,) = [
        n.value for n in tree.body if isinstance(n, ast.Assign) and ast.unparse(n.targets[0]) == "TYPED_MODULES"
    ]
    assert ast.literal_eval(value) == _backend.TYPED_MODULES


def test_the_env_var_forces_python(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ENTNORM_PURE_PYTHON", "1")
    assert _backend.choose() == (None, "ENTNORM_PURE_PYTHON is set")
    assert _backend.choose_typed() == (False, "ENTNORM_PURE_PYTHON is set")
    monkeypatch.setenv("ENTNORM_PURE_PYTHON", "0")
    assert (_backend.choose()[0] is not None) == (KERNEL is not None)


def test_a_manifest_that_does_not_fit_is_not_trusted(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("ENTNORM_PURE_PYTHON", raising=False)
    manifest = tmp_path / "entnorm" / "_compiled.json"
    manifest.parent.mkdir()
    assert _backend.choose_typed(manifest) == (False, "the typed modules were not compiled at install")
    manifest.write_text("{not json", encoding="utf-8")
    assert _backend.choose_typed(manifest)[1].startswith("_compiled.json is unreadable")
    suffix = importlib.machinery.EXTENSION_SUFFIXES[0]
    one = {f"entnorm/_selection{suffix}": "0" * 64}
    manifest.write_text(json.dumps({"sources": {}, "compiled": one}), encoding="utf-8")
    assert _backend.choose_typed(manifest) == (False, "_compiled.json lists other modules than this package's")
    names = [f"entnorm/{m}" for m in _backend.TYPED_MODULES] + ["entnorm__mypyc"]
    every = {f"{n}{suffix}": "0" * 64 for n in names}
    manifest.write_text(json.dumps({"sources": {}, "compiled": every}), encoding="utf-8")
    assert _backend.choose_typed(manifest) == (False, f"no compiled {min(every)} for this Python")


@needs_kernel
def test_a_stale_kernel_is_never_used(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """An editable install after an edit of _cscan.c: the old kernel would run old code."""
    monkeypatch.delenv("ENTNORM_PURE_PYTHON", raising=False)
    edited = tmp_path / "_cscan.c"
    edited.write_bytes(_backend._SOURCE.read_bytes() + b"/* edited */\n")
    monkeypatch.setattr(_backend, "_SOURCE", edited)
    with pytest.warns(RuntimeWarning, match="older than _cscan.c"):
        assert _backend.choose() == (None, "the compiled kernel is older than _cscan.c beside it")


def _copy_package(tmp_path: Path) -> Path:
    package = tmp_path / "entnorm"
    shutil.copytree(Path(entnorm.__file__).parent, package, ignore=shutil.ignore_patterns("__pycache__"))
    for lib in Path(entnorm.__file__).parent.parent.glob("entnorm__mypyc*"):  # mypyc's library, beside the package
        shutil.copyfile(lib, tmp_path / lib.name)
    # As a wheel lays it out: the bundled table inside the package.
    (package / "data").mkdir(exist_ok=True)
    shutil.copyfile(ROOT / "data" / "aliases.yaml", package / "data" / "aliases.yaml")
    return package


def _import_in(tmp_path: Path, path: list[Path] | None = None) -> subprocess.CompletedProcess[str]:
    """Import the package copied into ``tmp_path``; print the backend, why the kernel runs or
    not, why the typed modules run compiled or not, where ``_selection`` came from and what
    ``find`` found."""
    code = (
        "import entnorm, entnorm._backend as b, entnorm._selection as s; print(entnorm.BACKEND); print(b.REASON); "
        "print(b.TYPED_REASON); print(s.__file__.rsplit('.', 1)[-1]); "
        "print(entnorm.load().find('Mike Pompeo')[0].entity_id)"
    )
    env = {k: v for k, v in os.environ.items() if k != "ENTNORM_PURE_PYTHON"}
    env["PYTHONPATH"] = os.pathsep.join(map(str, path or [tmp_path]))
    return subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, cwd=tmp_path)


def test_nothing_compiled_means_python(tmp_path: Path) -> None:
    package = _copy_package(tmp_path)
    for built in [
        *package.glob("*.so"),
        *package.glob("*.pyd"),
        *tmp_path.glob("entnorm__mypyc*"),
        package / "_compiled.json",
    ]:
        built.unlink(missing_ok=True)
    out = _import_in(tmp_path)
    assert out.returncode == 0, out.stderr
    assert out.stdout.splitlines() == [
        "python",
        "no compiled kernel is installed",
        "the typed modules were not compiled at install",
        "py",
        "mike-pompeo",
    ]


needs_typed = pytest.mark.skipif(not _backend.TYPED, reason=f"typed modules not compiled: {_backend.TYPED_REASON}")


@needs_typed
@pytest.mark.parametrize("edited", ["_keys.py", "_index.py"])
def test_a_stale_typed_module_is_never_used(tmp_path: Path, edited: str) -> None:
    """An editable install after an edit: of a typed module, or of a module whose types the
    compiled code assumes (``_index``). All typed modules then run from source (mypyc links
    them into one library, whose copy of the others would be as old)."""
    package = _copy_package(tmp_path)
    with (package / edited).open("a", encoding="utf-8") as fh:
        fh.write("# edited\n")
    out = _import_in(tmp_path)
    assert out.returncode == 0, out.stderr
    _, _, why, selection, found = out.stdout.splitlines()
    assert (why, selection, found) == (f"{edited} changed since the typed modules were compiled", "py", "mike-pompeo")
    assert "RuntimeWarning" in out.stderr


def _library(tmp_path: Path) -> Path:
    (lib,) = tmp_path.glob("entnorm__mypyc*")
    return lib


@needs_typed
def test_a_damaged_compiled_file_is_never_loaded(tmp_path: Path) -> None:
    package = _copy_package(tmp_path)
    (shim,) = package.glob("_keys.*.so")
    shim.write_bytes(shim.read_bytes()[:1000])  # truncated: Python's own import would fail on it
    out = _import_in(tmp_path)
    assert out.returncode == 0, out.stderr
    _, _, why, selection, found = out.stdout.splitlines()
    assert why == f"the compiled entnorm/{shim.name} is damaged (its SHA-256 differs from the build's)"
    assert (selection, found) == ("py", "mike-pompeo")


@needs_typed
def test_compiled_modules_that_do_not_load_fall_back(tmp_path: Path) -> None:
    """A library that matches the manifest but does not load (as one built for another ABI)."""
    package = _copy_package(tmp_path)
    lib = _library(tmp_path)
    lib.write_bytes(b"not a shared object")
    record = json.loads((package / "_compiled.json").read_text(encoding="utf-8"))
    record["compiled"][lib.name] = hashlib.sha256(lib.read_bytes()).hexdigest()
    (package / "_compiled.json").write_text(json.dumps(record), encoding="utf-8")
    out = _import_in(tmp_path)
    assert out.returncode == 0, out.stderr
    _, _, why, selection, found = out.stdout.splitlines()
    assert why.startswith("the compiled modules do not load") and (selection, found) == ("py", "mike-pompeo")


@needs_typed
def test_the_library_is_the_one_beside_the_package(tmp_path: Path) -> None:
    """Another ``entnorm__mypyc`` earlier on ``sys.path`` is never loaded in its place."""
    _copy_package(tmp_path)
    other = tmp_path / "other"
    other.mkdir()
    (other / _library(tmp_path).name).write_bytes(b"not a shared object")
    out = _import_in(tmp_path, path=[other, tmp_path])
    assert out.returncode == 0, out.stderr
    _, _, why, selection, found = out.stdout.splitlines()
    assert (why, found) == ("compiled modules match their sources", "mike-pompeo")
    assert selection != "py"


@needs_kernel
def test_a_kernel_that_does_not_load_falls_back(tmp_path: Path) -> None:
    """A kernel built for another ABI, or broken on disk: the package still imports, as Python."""
    package = _copy_package(tmp_path)
    assert KERNEL is not None and KERNEL.__file__ is not None
    (package / Path(KERNEL.__file__).name).write_bytes(b"not a shared object")
    out = _import_in(tmp_path)
    assert out.returncode == 0, out.stderr
    backend, reason, typed, _, found = out.stdout.splitlines()
    assert (backend, found) == (
        "compiled" if typed == "compiled modules match their sources" else "python",
        "mike-pompeo",
    )
    assert reason.startswith("the compiled kernel does not load")
