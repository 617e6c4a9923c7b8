"""Benchmark entnorm against exact and fuzzy peers, one subprocess per (tool, table size).

    python benchmarks/run.py DATA_DIR --sizes 1k,10k,100k,1M --megabytes 1 --name e1m-1mb
    python benchmarks/run.py --render benchmarks/results/e1m-1mb.json [more.json ...]

DATA_DIR is made by ``benchmarks/make_data.py`` or the shared ``make_bench.py``
(``entities.yaml``, ``docs.jsonl``, ``meta.json``). Tables of each size are prefixes of
``entities.yaml`` (see ``tables.py``); the corpus is the first ``--megabytes`` MB of
``docs.jsonl``. Each child process parses its table, builds its index, runs over the corpus
``--repeats`` times (throughput = median) and scores the first run against the gold spans.

Tools:
  entnorm     entnorm's loader (parse, timed apart) + Normalizer build + ``find``
  entnorm-py  the same with ENTNORM_PURE_PYTHON=1 (no compiled kernel, the typed modules as Python)
  flashtext   KeywordProcessor(case_sensitive=False), every name and alias -> id
  aho-ci      pyahocorasick on lower-cased text + word-boundary filter, leftmost-longest
  aho-cs      the same, case-sensitive
  rapidfuzz   rapidfuzz.process.extractOne(fuzz.ratio >= 88) over 1-4 token windows
  simstring   simstring 3-gram cosine >= 0.7 over 1-4 token windows
  spaczz      spaczz FuzzyMatcher (defaults) over spaCy's blank English tokenizer
For the peers a surface string shared by several entities maps to the first in table order.
The two fuzzy sweeps only consider windows starting with an upper-case or caseless letter.
The fuzzy peers stop after ``--slow-cap`` seconds (scored on the documents they reached).
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import platform
import re
import resource
import subprocess
import sys
import time
from statistics import median

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from tables import parse_size, size_label, write_prefix  # noqa: E402

# "entnorm" runs compiled code where it is built (the kernel, the typed modules by mypyc); "entnorm-py"
# the same with ENTNORM_PURE_PYTHON=1.
TOOLS = ["entnorm", "entnorm-py", "flashtext", "aho-ci", "aho-cs", "rapidfuzz", "simstring", "spaczz"]
# Largest table each tool is run on by default (the fuzzy sweeps are O(text x table)).
DEFAULT_MAX_SIZE = {"rapidfuzz": 1_000, "simstring": 10_000, "spaczz": 1_000}
SLOW_TOOLS = {"rapidfuzz", "simstring", "spaczz"}


# ---------------------------------------------------------------------------
# Child: one tool, one table
# ---------------------------------------------------------------------------


def _rss_mb() -> float:
    try:
        with open("/proc/self/status") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return float("nan")


def _peak_mb() -> float:
    r = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return r / 1024 if sys.platform != "darwin" else r / 2**20


def load_corpus(docs_path: str, megabytes: float):
    """First documents of docs.jsonl up to `megabytes` MB of UTF-8 text (at least one)."""
    texts, gold = [], []
    limit = megabytes * 1e6
    nbytes = 0
    with open(docs_path, encoding="utf-8") as f:
        for line in f:
            if texts and nbytes >= limit:
                break
            d = json.loads(line)
            texts.append(d["text"])
            gold.append([(m["start"], m["end"], m["id"], m.get("kind", "?")) for m in d["mentions"]])
            nbytes += len(d["text"].encode("utf-8"))
    return texts, gold, nbytes


def _surfaces(ents):
    """(surface, id) for every name and alias; first entity wins a shared surface."""
    for e in ents:
        yield e["name"], e["id"]
        for a in e.get("aliases", ()):
            yield a, e["id"]


def _leftmost_longest(cands):
    out, last = [], -1
    for s, e, i in sorted(cands, key=lambda c: (c[0], c[0] - c[1])):
        if s >= last:
            out.append((s, e, i))
            last = e
    return out


def _is_word(c: str) -> bool:
    return c.isalnum() or c == "_"


def _same_length_lower(text: str) -> str:
    low = text.lower()
    if len(low) == len(text):
        return low
    return "".join(c.lower() if len(c.lower()) == 1 else c for c in text)


_TOKEN = re.compile(r"\w+(?:[-'\u2019.]\w+)*")


def _windows(text: str, k: int):
    """(start, end) of windows of 1..k tokens whose first character is upper or caseless."""
    toks = [(m.start(), m.end()) for m in _TOKEN.finditer(text)]
    for a in range(len(toks)):
        c = text[toks[a][0]]
        if c.islower() or c.isdigit() or c == "_":
            continue
        for b in range(a, min(a + k, len(toks))):
            yield toks[a][0], toks[b][1]


def _best_nonoverlapping(cands):
    """cands: (score, start, end, id) -> highest score first, then longer."""
    taken, out = [], []
    for _score, s, e, i in sorted(cands, key=lambda c: (-c[0], c[1] - c[2], c[1])):
        if all(e <= ts or s >= te for ts, te in taken):
            taken.append((s, e))
            out.append((s, e, i))
    return sorted(out)


def build_tool(tool: str, spec: dict):
    """Return (finder, parse_s, build_s, notes); finder(text) -> [(start, end, id)]."""
    notes = {}
    if tool in ("entnorm", "entnorm-py"):
        import entnorm

        notes["version"] = getattr(entnorm, "__version__", "?")
        notes["backend"] = getattr(entnorm, "BACKEND", "python")
        describe = getattr(getattr(entnorm, "_backend", None), "describe", None)
        if describe is not None:
            notes["compiled"] = describe()  # what runs compiled: the kernel, the typed modules
        try:
            from entnorm import Normalizer
            from entnorm._table import load_tables
        except ImportError:  # internals moved: time load() as a whole
            t0 = time.perf_counter()
            nz = entnorm.load(spec["yaml"])
            notes["parse_and_build_not_separable"] = True
            return _entnorm_finder(nz), 0.0, time.perf_counter() - t0, notes
        t0 = time.perf_counter()
        ents = load_tables([spec["yaml"]])
        parse_s = time.perf_counter() - t0
        notes["rss_after_parse_mb"] = round(_rss_mb(), 1)
        t0 = time.perf_counter()
        nz = Normalizer(ents)
        build_s = time.perf_counter() - t0
        del ents
        return _entnorm_finder(nz), parse_s, build_s, notes

    t0 = time.perf_counter()
    with open(spec["json"], encoding="utf-8") as f:
        ents = json.load(f)
    parse_s = time.perf_counter() - t0  # JSON copy of the table, not YAML: not compared
    notes["rss_after_parse_mb"] = round(_rss_mb(), 1)
    t0 = time.perf_counter()
    if tool == "flashtext":
        from flashtext import KeywordProcessor

        kp = KeywordProcessor(case_sensitive=False)
        seen = set()
        for s, i in _surfaces(ents):
            k = s.lower()
            if k not in seen:  # first entity wins: add_keyword would overwrite
                seen.add(k)
                kp.add_keyword(s, i)
        del ents, seen
        build_s = time.perf_counter() - t0

        def finder(text):
            return [(s, e, i) for i, s, e in kp.extract_keywords(text, span_info=True)]

        return finder, parse_s, build_s, notes
    if tool in ("aho-ci", "aho-cs"):
        import ahocorasick

        ci = tool == "aho-ci"
        A = ahocorasick.Automaton()
        for s, i in _surfaces(ents):
            k = _same_length_lower(s) if ci else s
            if k not in A:
                A.add_word(k, (len(k), i))
        A.make_automaton()
        del ents
        build_s = time.perf_counter() - t0

        def finder(text):
            hay = _same_length_lower(text) if ci else text
            n = len(text)
            cands = []
            for end_i, (ln, i) in A.iter(hay):
                s, e = end_i - ln + 1, end_i + 1
                if (s == 0 or not _is_word(text[s - 1])) and (e == n or not _is_word(text[e])):
                    cands.append((s, e, i))
            return _leftmost_longest(cands)

        return finder, parse_s, build_s, notes
    if tool == "rapidfuzz":
        from rapidfuzz import fuzz, process

        choices, ids, seen = [], [], set()
        for s, i in _surfaces(ents):
            k = s.lower()
            if k not in seen:
                seen.add(k)
                choices.append(k)
                ids.append(i)
        k_max = min(4, max(len(_TOKEN.findall(c)) for c in choices))
        del ents
        build_s = time.perf_counter() - t0
        cutoff = spec.get("rapidfuzz_cutoff", 88)
        notes.update(scorer="fuzz.ratio", cutoff=cutoff, max_window_tokens=k_max)

        def finder(text):
            cands = []
            for s, e in _windows(text, k_max):
                r = process.extractOne(
                    text[s:e].lower(), choices, scorer=fuzz.ratio, processor=None, score_cutoff=cutoff
                )
                if r is not None:
                    cands.append((r[1], s, e, ids[r[2]]))
            return _best_nonoverlapping(cands)

        return finder, parse_s, build_s, notes
    if tool == "simstring":
        from simstring.database.dict import DictDatabase
        from simstring.feature_extractor.character_ngram import CharacterNgramFeatureExtractor
        from simstring.measure.cosine import CosineMeasure
        from simstring.searcher import Searcher

        db = DictDatabase(CharacterNgramFeatureExtractor(3))
        first = {}
        for s, i in _surfaces(ents):
            k = s.lower()
            if k not in first:
                first[k] = i
                db.add(k)
        k_max = min(4, max(len(_TOKEN.findall(c)) for c in first))
        del ents
        searcher = Searcher(db, CosineMeasure())
        build_s = time.perf_counter() - t0
        alpha = spec.get("simstring_alpha", 0.7)
        notes.update(measure="cosine", ngram=3, alpha=alpha, max_window_tokens=k_max)

        def finder(text):
            cands = []
            for s, e in _windows(text, k_max):
                r = searcher.ranked_search(text[s:e].lower(), alpha)
                if r:
                    name, score = next(iter(r.items()))
                    cands.append((score, s, e, first[name]))
            return _best_nonoverlapping(cands)

        return finder, parse_s, build_s, notes
    if tool == "spaczz":
        import spacy
        from spaczz.matcher import FuzzyMatcher

        nlp = spacy.blank("en")  # the tokenizer only: spaczz matches token windows
        matcher = FuzzyMatcher(nlp.vocab)
        first = {}
        for s, i in _surfaces(ents):
            if s.lower() not in first:
                first[s.lower()] = i
                matcher.add(i, [nlp.make_doc(s)])
        del ents
        build_s = time.perf_counter() - t0
        notes.update(matcher="FuzzyMatcher", defaults="spaczz defaults (min_r2=75, ignore_case)")

        def finder(text):
            doc = nlp.make_doc(text)
            cands = [
                (ratio / 100, doc[s].idx, doc[e - 1].idx + len(doc[e - 1].text), mid)
                for mid, s, e, ratio, _pattern in matcher(doc)
            ]
            return _best_nonoverlapping(cands)

        return finder, parse_s, build_s, notes
    raise SystemExit(f"unknown tool {tool}")


def _entnorm_finder(nz):
    def finder(text):
        return [(m.start, m.end, m.entity_id) for m in nz.find(text)]

    return finder


def score(gold, pred):
    """Strict (same start, end, id) and lenient (overlapping span, same id) P/R/F1."""
    n_gold = sum(len(g) for g in gold)
    n_pred = sum(len(p) for p in pred)
    strict_tp = lenient_tp = 0
    by_kind_total, by_kind_hit = {}, {}
    for g, p in zip(gold, pred):
        pset = {(s, e, i) for s, e, i in p}
        for s, e, i, kind in g:
            by_kind_total[kind] = by_kind_total.get(kind, 0) + 1
            if (s, e, i) in pset:
                strict_tp += 1
                by_kind_hit[kind] = by_kind_hit.get(kind, 0) + 1
        used = set()
        for s, e, i, _ in g:
            for k, (ps, pe, pi) in enumerate(p):
                if k not in used and pi == i and ps < e and s < pe:
                    used.add(k)
                    lenient_tp += 1
                    break

    def prf(tp):
        P = tp / n_pred if n_pred else 0.0
        R = tp / n_gold if n_gold else 0.0
        return {"p": round(P, 4), "r": round(R, 4), "f1": round(2 * P * R / (P + R) if P + R else 0.0, 4)}

    return {
        "gold": n_gold,
        "predicted": n_pred,
        "strict": prf(strict_tp),
        "lenient": prf(lenient_tp),
        "strict_recall_by_kind": {k: round(by_kind_hit.get(k, 0) / v, 4) for k, v in sorted(by_kind_total.items())},
    }


def child(spec: dict) -> dict:
    tool = spec["tool"]
    status = spec.get("status")

    def stage(s):
        if status:
            with open(status, "a") as f:
                f.write(f"{time.time():.1f} {s}\n")

    load_start = os.getloadavg()[0]
    texts, gold, nbytes = load_corpus(spec["docs"], spec["megabytes"])
    gc.collect()
    rss_base = _rss_mb()
    stage("parse+build")
    finder, parse_s, build_s, notes = build_tool(tool, spec)
    gc.collect()
    rss_built = _rss_mb()
    stage("run")
    cap = spec.get("slow_cap") if tool in SLOW_TOOLS else None
    repeats = spec["repeats"]
    times, preds, docs_done, bytes_done = [], None, len(texts), nbytes
    for r in range(repeats):
        out = []
        t0 = time.perf_counter()
        done_bytes = 0
        for t in texts:
            out.append(finder(t))
            done_bytes += len(t.encode("utf-8")) if cap else 0
            if cap and time.perf_counter() - t0 > cap:
                break
        dt = time.perf_counter() - t0
        if preds is None:
            preds = out
            if cap:
                docs_done, bytes_done = len(out), done_bytes
        times.append(dt)
        stage(f"run {r + 1}: {dt:.2f}s")
        if cap and dt > cap / 3:
            break  # slow tool: one run is all it gets
    med = median(times)
    res = {
        "tool": tool,
        "parse_s": round(parse_s, 3),
        "build_s": round(build_s, 3),
        "run_s": [round(t, 3) for t in times],
        "docs": docs_done,
        "text_mb": round(bytes_done / 1e6, 4),
        "mb_per_s": round(bytes_done / 1e6 / med, 4) if med > 0 else None,
        "rss_base_mb": round(rss_base, 1),
        "rss_after_build_mb": round(rss_built, 1),
        "index_rss_mb": round(rss_built - rss_base, 1),
        "peak_rss_mb": round(_peak_mb(), 1),
        "partial_corpus": docs_done < len(texts),
        "loadavg_1min_start": round(load_start, 2),
        "loadavg_1min_end": round(os.getloadavg()[0], 2),
        "notes": notes,
    }
    res.update(score(gold[:docs_done], preds))
    return res


def child_profile(spec: dict) -> str:
    """Run entnorm's find once over the corpus under cProfile; return the top 15 (cumulative)."""
    import cProfile
    import io
    import pstats

    texts, _, _ = load_corpus(spec["docs"], spec["megabytes"])
    finder, _, _, _ = build_tool("entnorm", spec)
    pr = cProfile.Profile()
    pr.enable()
    for t in texts:
        finder(t)
    pr.disable()
    buf = io.StringIO()
    st = pstats.Stats(pr, stream=buf)
    st.sort_stats("cumulative").print_stats(15)
    return buf.getvalue()


# ---------------------------------------------------------------------------
# Parent
# ---------------------------------------------------------------------------


def _versions() -> dict:
    from importlib.metadata import PackageNotFoundError, version

    out = {"python": platform.python_version()}
    for p in [
        "entnorm",
        "rapidfuzz",
        "unidecode",
        "pyyaml",
        "pydantic",
        "flashtext",
        "pyahocorasick",
        "simstring-fast",
        "faker",
        "matplotlib",
        "spacy",
        "spaczz",
    ]:
        try:
            out[p] = version(p)
        except PackageNotFoundError:
            pass
    return out


def _machine() -> dict:
    mem = None
    try:
        with open("/proc/meminfo") as f:
            mem = round(int(f.readline().split()[1]) / 2**20, 1)
    except OSError:
        pass
    cpu = None
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    return {"nproc": os.cpu_count(), "cpu": cpu, "mem_gb": mem, "platform": platform.platform()}


def _git_rev() -> str | None:
    try:
        return subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], cwd=HERE, text=True, capture_output=True, check=True
        ).stdout.strip()
    except Exception:
        return None


def _limit_memory(gb: float):
    def f():
        b = int(gb * 2**30)
        resource.setrlimit(resource.RLIMIT_AS, (b, b))

    return f


def run_one(spec: dict, timeout: float, mem_gb: float, log) -> dict:
    status = spec["status"]
    open(status, "w").close()
    t0 = time.perf_counter()
    try:
        env = {k: v for k, v in os.environ.items() if k != "ENTNORM_PURE_PYTHON"}
        if spec["tool"] == "entnorm-py":
            env["ENTNORM_PURE_PYTHON"] = "1"
        p = subprocess.run(
            [sys.executable, os.path.abspath(__file__), "--child", json.dumps(spec)],
            env=env,
            capture_output=True,
            text=True,
            timeout=timeout,
            preexec_fn=_limit_memory(mem_gb) if mem_gb else None,
        )
    except subprocess.TimeoutExpired:
        stages = open(status).read().split("\n")
        last = [s for s in stages if s.strip()][-1:] or ["start"]
        return {
            "tool": spec["tool"],
            "error": f"timeout after {timeout:.0f}s in stage '{last[0].split(' ', 1)[-1]}'",
            "wall_s": round(time.perf_counter() - t0, 1),
        }
    if p.returncode != 0:
        err = (p.stderr or "").strip().splitlines()
        msg = err[-1] if err else f"exit code {p.returncode}"
        if "MemoryError" in (p.stderr or ""):
            msg = f"MemoryError (address-space limit {mem_gb:g} GB)"
        elif p.returncode < 0:
            msg = f"killed by signal {-p.returncode}"
        return {"tool": spec["tool"], "error": msg, "wall_s": round(time.perf_counter() - t0, 1)}
    res = json.loads(p.stdout.strip().splitlines()[-1])
    res["wall_s"] = round(time.perf_counter() - t0, 1)
    return res


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("data", nargs="?", help="data folder (entities.yaml, docs.jsonl)")
    ap.add_argument("--sizes", default="1k,10k,100k,1M", help="table sizes, e.g. 1k,10k,100k,1M")
    ap.add_argument("--tools", default=",".join(TOOLS))
    ap.add_argument("--megabytes", type=float, default=1.0, help="corpus size (prefix of docs.jsonl)")
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument(
        "--slow-cap", type=float, default=120.0, help="seconds per run for the fuzzy sweeps (rapidfuzz, simstring)"
    )
    ap.add_argument(
        "--max-size",
        action="append",
        default=[],
        help="TOOL=N: largest table for TOOL (defaults: rapidfuzz=1k, simstring=10k)",
    )
    ap.add_argument("--timeout", type=float, default=1800.0, help="seconds per child process")
    ap.add_argument("--mem-gb", type=float, default=16.0, help="address-space limit of each child (0 = none)")
    ap.add_argument("--name", help="run name: results go to benchmarks/results/NAME.json")
    ap.add_argument("--out", help="results JSON path (overrides --name)")
    ap.add_argument(
        "--profile", action="store_true", help="also profile entnorm (cProfile) at the size given by --profile-size"
    )
    ap.add_argument("--profile-size", default="100k")
    ap.add_argument(
        "--render",
        nargs="*",
        metavar="RESULTS_JSON",
        help="render docs/benchmarks.md and docs/img/benchmarks.png from results",
    )
    ap.add_argument("--doc", default=os.path.join(HERE, "..", "docs", "benchmarks.md"))
    ap.add_argument("--child", help=argparse.SUPPRESS)
    ap.add_argument("--child-profile", help=argparse.SUPPRESS)
    a = ap.parse_args(argv)

    if a.child:
        print(json.dumps(child(json.loads(a.child))))
        return 0
    if a.child_profile:
        print(child_profile(json.loads(a.child_profile)))
        return 0
    if a.render is not None and not a.data:
        from render import render

        render(a.render, a.doc)
        return 0
    if not a.data:
        ap.error("give a data folder (or --render RESULTS_JSON ...)")

    log = lambda m: print(m, file=sys.stderr, flush=True)  # noqa: E731
    sizes = [parse_size(s) for s in a.sizes.split(",") if s.strip()]
    tools = [t.strip() for t in a.tools.split(",") if t.strip()]
    for t in tools:
        if t not in TOOLS:
            ap.error(f"unknown tool {t}; choose from {', '.join(TOOLS)}")
    max_size = dict(DEFAULT_MAX_SIZE)
    for kv in a.max_size:
        k, _, v = kv.partition("=")
        max_size[k] = parse_size(v)
    data = os.path.abspath(a.data)
    docs = os.path.join(data, "docs.jsonl")
    name = a.name or f"{os.path.basename(data.rstrip('/'))}-{a.megabytes:g}mb"
    out = a.out or os.path.join(HERE, "results", f"{name}.json")
    os.makedirs(os.path.dirname(os.path.abspath(out)), exist_ok=True)
    meta = {}
    if os.path.exists(os.path.join(data, "meta.json")):
        with open(os.path.join(data, "meta.json"), encoding="utf-8") as f:
            meta = json.load(f)
    results = {
        "name": name,
        "data": data,
        "generator": meta.get("generator"),
        "generator_args": meta.get("args"),
        "megabytes": a.megabytes,
        "repeats": a.repeats,
        "command": "python benchmarks/run.py "
        + " ".join(
            os.path.relpath(x, os.path.join(HERE, "..")) if x == a.data else x
            for x in (argv if argv is not None else sys.argv[1:])
        ),
        "machine": _machine(),
        "versions": _versions(),
        "git": _git_rev(),
        "started": time.strftime("%Y-%m-%d %H:%M:%S"),
        "runs": [],
    }

    def save():
        with open(out, "w", encoding="utf-8") as f:
            json.dump(results, f, indent=1, ensure_ascii=False)

    status = os.path.join(os.path.dirname(os.path.abspath(out)), f".{name}.status")
    for n in sizes:
        ypath, jpath = write_prefix(data, n, log)
        for tool in tools:
            if n > max_size.get(tool, float("inf")):
                continue
            spec = {
                "tool": tool,
                "yaml": ypath,
                "json": jpath,
                "docs": docs,
                "megabytes": a.megabytes,
                "repeats": a.repeats,
                "slow_cap": a.slow_cap,
                "status": status,
            }
            log(f"[{size_label(n)}] {tool} ...")
            r = run_one(spec, a.timeout, a.mem_gb, log)
            r["size"] = n
            results["runs"].append(r)
            save()
            if "error" in r:
                log(f"[{size_label(n)}] {tool}: FAILED {r['error']}")
            else:
                log(
                    f"[{size_label(n)}] {tool}: parse {r['parse_s']}s build {r['build_s']}s "
                    f"{r['mb_per_s']} MB/s peak {r['peak_rss_mb']} MB "
                    f"strict F1 {r['strict']['f1']} lenient F1 {r['lenient']['f1']}"
                )
    if a.profile and "entnorm" in tools:
        n = parse_size(a.profile_size)
        ypath, jpath = write_prefix(data, n, log)
        spec = {"tool": "entnorm", "yaml": ypath, "json": jpath, "docs": docs, "megabytes": a.megabytes}
        log(f"[{size_label(n)}] profiling entnorm ...")
        p = subprocess.run(
            [sys.executable, os.path.abspath(__file__), "--child-profile", json.dumps(spec)],
            capture_output=True,
            text=True,
            timeout=a.timeout,
        )
        results["profile"] = {
            "size": n,
            "megabytes": a.megabytes,
            "text": p.stdout if p.returncode == 0 else p.stderr[-2000:],
        }
    results["finished"] = time.strftime("%Y-%m-%d %H:%M:%S")
    save()
    log(f"results: {out}")
    if a.render is not None:
        from render import render

        render([out] + list(a.render), a.doc)
    return 0


if __name__ == "__main__":
    sys.exit(main())
