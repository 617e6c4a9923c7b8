"""Worker death in ``pipe(n_process > 1)`` and ``find --jobs``: an error within seconds, never a hang.

Each scenario runs in its own process session, so that a hang is bounded by the
subprocess timeout (generous: it is a bound, not a benchmark) and any process left behind,
even one re-parented to init, is found by its session id in ``/proc``.
"""

from __future__ import annotations

import json
import multiprocessing
import os
import pickle
import signal
import subprocess
import sys
import tempfile
import time
import types
from collections.abc import Iterator
from pathlib import Path

import pytest

import entnorm
from entnorm import WorkerError
from entnorm._workers import unimportable_main

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc; POSIX signals")

TIMEOUT = 120  # seconds; start-up (import, table load, two workers' index builds) takes ~5 s on a busy machine
ROOT = Path(__file__).resolve().parents[1]


def _stat(pid: str) -> list[str]:
    """Fields of /proc/PID/stat after the command name: state, ppid, pgrp, session, ..."""
    with open(f"/proc/{pid}/stat", encoding="utf-8", errors="replace") as fh:
        return fh.read().rsplit(")", 1)[1].split()


def _in_session(sid: int) -> list[int]:
    """Processes (not zombies) whose session is ``sid``."""
    found = []
    for pid in os.listdir("/proc"):
        if not pid.isdigit():
            continue
        try:
            fields = _stat(pid)
        except OSError:
            continue
        if int(fields[3]) == sid and fields[0] != "Z":
            found.append(int(pid))
    return found


def _workers_of(pid: int) -> list[int]:
    """The ``spawn`` worker processes whose parent is ``pid`` (not its resource tracker)."""
    found = []
    for child in os.listdir("/proc"):
        if not child.isdigit():
            continue
        try:
            fields = _stat(child)
            with open(f"/proc/{child}/cmdline", "rb") as fh:
                cmdline = fh.read()
        except OSError:
            continue
        if int(fields[1]) == pid and b"spawn_main" in cmdline:
            found.append(int(child))
    return found


def _assert_session_empty(sid: int) -> None:
    """Nothing of the session is left: its resource tracker may take a moment to see EOF."""
    deadline = time.monotonic() + 20
    while (left := _in_session(sid)) and time.monotonic() < deadline:
        time.sleep(0.2)
    for pid in left:
        os.kill(pid, signal.SIGKILL)
    assert not left, f"processes left behind: {left}"


def _env(tmp_path: Path) -> dict[str, str]:
    """The environment of a scenario: its own temporary directory, to find a table file left behind."""
    (tmp_path / "tmp").mkdir(exist_ok=True)
    return {**os.environ, "TMPDIR": str(tmp_path / "tmp")}


def _assert_no_table_file(tmp_path: Path) -> None:
    assert not list((tmp_path / "tmp").glob("entnorm-workers-*")), "the table's temporary file was left"


def _run(args: list[str], *, cwd: Path, stdin: bytes | None = None) -> subprocess.CompletedProcess[bytes]:
    """Run a scenario in ``cwd`` (a test's tmp_path) in a new session; nothing may be left of it."""
    proc = subprocess.Popen(
        args,
        cwd=cwd,
        env=_env(cwd),
        stdin=subprocess.PIPE if stdin is not None else subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )
    try:
        out, err = proc.communicate(stdin, timeout=TIMEOUT)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.communicate()
        _assert_session_empty(proc.pid)
        pytest.fail(f"no result within {TIMEOUT} s: hung")
    _assert_session_empty(proc.pid)
    _assert_no_table_file(cwd)
    return subprocess.CompletedProcess(args, proc.returncode, out, err)


# The scenarios' scripts print one JSON line: what pipe raised, after how many results, and
# the worker processes still alive in the parent right after.
REPORT = """
def report(exc, n):
    import json, multiprocessing
    print(json.dumps({
        "error": type(exc).__name__ if exc else None,
        "message": str(exc) if exc else None,
        "exitcode": getattr(exc, "exitcode", None),
        "results": n,
        "children": len(multiprocessing.active_children()),
    }))
"""

KILL_SCRIPT = (
    REPORT
    + """
import itertools, multiprocessing, os, signal, sys, time
import entnorm

TEXT = "Mike Pompeo met Kang Kyung-wha in Seoul. " * 20
MODE = sys.argv[1]

def kill_one_worker():
    os.kill(multiprocessing.active_children()[0].pid, signal.SIGKILL)

def texts():
    for i in itertools.count():
        if MODE == "between" and i == 200:
            time.sleep(2)  # every batch asked for so far comes back: the workers wait for the next
            kill_one_worker()
            time.sleep(1)
        yield TEXT

if __name__ == "__main__":
    n, exc = 0, None
    try:
        nz = entnorm.load()
        if sys.argv[2] == "pipe":
            results = nz.pipe(texts(), n_process=2, batch_size=8)
        else:
            results = nz.lookup_many((f"Ponpeo {i}" for i in itertools.count()), n_process=2, batch_size=8)
        for _ in results:
            n += 1
            if MODE == "mid-batch" and n == 40:  # both workers are busy with the batches queued after this one
                kill_one_worker()
            if n > 100_000:
                break
    except Exception as e:
        exc = e
    report(exc, n)
"""
)


def _report(proc: subprocess.CompletedProcess[bytes]) -> dict[str, object]:
    assert proc.returncode == 0, proc.stderr.decode(errors="replace")
    report: dict[str, object] = json.loads(proc.stdout.decode().strip().splitlines()[-1])
    return report


@pytest.mark.parametrize(("mode", "api"), [("mid-batch", "pipe"), ("between", "pipe"), ("mid-batch", "lookup_many")])
def test_sigkill_to_one_worker_raises(tmp_path: Path, mode: str, api: str) -> None:
    """SIGKILL (what the out-of-memory killer sends) to one worker, while batches are in
    flight or while the workers wait for input: WorkerError, not a hang, and no worker left."""
    script = tmp_path / "kill.py"
    script.write_text(KILL_SCRIPT, encoding="utf-8")
    report = _report(_run([sys.executable, str(script), mode, api], cwd=tmp_path))
    assert report["error"] == "WorkerError", report
    assert report["exitcode"] == -signal.SIGKILL
    assert str(report["message"]).startswith("a worker process was killed by SIGKILL"), report
    assert 40 <= int(str(report["results"])) < 100_000
    assert report["children"] == 0


STARTUP_SCRIPT = (
    REPORT
    + """
import sys
{worker_side}
if __name__ == "__main__":
    import entnorm
    n, exc = 0, None
    try:
        for mentions in entnorm.load().pipe(["Mike Pompeo in Seoul."] * 100, n_process=2, batch_size=8):
            n += 1
    except Exception as e:
        exc = e
    report(exc, n)
"""
)


@pytest.mark.parametrize(
    "worker_side",
    [
        # the worker's environment lacks entnorm (it cannot unpickle the worker function)
        'if __name__ == "__mp_main__":\n    sys.modules["entnorm"] = None',
        # the script's top level fails when a worker re-imports it
        'if __name__ == "__mp_main__":\n    raise ImportError("no such thing here")',
    ],
    ids=["entnorm-not-importable", "main-module-raises"],
)
def test_worker_failing_at_import_raises(tmp_path: Path, worker_side: str) -> None:
    script = tmp_path / "startup.py"
    script.write_text(STARTUP_SCRIPT.replace("{worker_side}", worker_side), encoding="utf-8")
    proc = _run([sys.executable, str(script)], cwd=tmp_path)
    report = _report(proc)
    assert report["error"] == "WorkerError", report
    assert str(report["message"]).startswith("worker processes could not start: a worker exited with code 1")
    assert report["results"] == 0 and report["children"] == 0
    assert b"Traceback" in proc.stderr  # the worker's own error, for the user to read


STDIN_SCRIPT = (
    REPORT
    + """
import entnorm, entnorm._workers
{setup}
n, exc = 0, None
try:
    for mentions in entnorm.load().pipe(["Mike Pompeo in Seoul."] * 100, n_process=2, batch_size=8):
        n += 1
except Exception as e:
    exc = e
report(exc, n)
"""
)


def test_main_module_read_from_stdin_is_refused_before_starting(tmp_path: Path) -> None:
    """``python -`` (issue 13): spawn cannot re-import ``<stdin>``; said before any worker starts."""
    proc = _run([sys.executable, "-"], cwd=tmp_path, stdin=STDIN_SCRIPT.replace("{setup}", "").encode())
    report = _report(proc)
    assert report["error"] == "WorkerError", report
    assert report["message"] == (
        "worker processes could not start: the main module '<stdin>' is not a file, so spawn "
        "cannot re-import it (run the script from a file, or use n_process=1)"
    )
    assert report["children"] == 0
    assert b"Traceback" not in proc.stderr  # no worker was started


def test_main_module_read_from_stdin_fails_fast_even_unchecked(tmp_path: Path) -> None:
    """Without the check, the workers start and fail; that too must be an error, not the hang
    of issue 13 (spawn blocked writing the table into a dead worker's start-up pipe)."""
    setup = "entnorm._workers.unimportable_main = lambda: None"
    proc = _run([sys.executable, "-"], cwd=tmp_path, stdin=STDIN_SCRIPT.replace("{setup}", setup).encode())
    report = _report(proc)
    assert report["error"] == "WorkerError", report
    assert str(report["message"]).startswith("worker processes could not start: a worker exited with code 1")
    assert b"FileNotFoundError" in proc.stderr
    assert report["children"] == 0


def test_workers_end_when_the_parent_is_killed(tmp_path: Path) -> None:
    """The parent SIGKILLed mid-run (its queues cannot say so): the workers exit, no orphan,
    and no table file is left (it is removed once every worker has read it)."""
    script = tmp_path / "parent.py"
    script.write_text(
        """
import glob, itertools, multiprocessing, os, signal, tempfile
import entnorm

if __name__ == "__main__":
    texts = itertools.repeat("Mike Pompeo met Kang Kyung-wha in Seoul. " * 5)
    table_file = os.path.join(tempfile.gettempdir(), "entnorm-workers-*")
    for n, mentions in enumerate(entnorm.load().pipe(texts, n_process=2, batch_size=8)):
        if n >= 40 and not glob.glob(table_file):
            print(len(multiprocessing.active_children()), flush=True)
            os.kill(os.getpid(), signal.SIGKILL)
""",
        encoding="utf-8",
    )
    proc = _run([sys.executable, str(script)], cwd=tmp_path)  # asserts the session is empty after
    assert proc.returncode == -signal.SIGKILL and proc.stdout == b"2\n", proc


def test_sigint_to_workers_while_they_start_is_ignored(tmp_path: Path) -> None:
    """Ctrl-C reaches the whole process group. A worker still importing (before it can
    ignore SIGINT) died with a KeyboardInterrupt traceback; workers are now born with SIGINT
    blocked. SIGINT is sent to every worker as soon as it is started."""
    script = tmp_path / "sigint.py"
    script.write_text(
        REPORT
        + """
import multiprocessing, os, signal
import entnorm

def texts():
    for i in range(40):
        if i <= 4:  # each of the first items comes after a submit() that may have started a worker
            for p in multiprocessing.active_children():
                os.kill(p.pid, signal.SIGINT)
        yield "Mike Pompeo met Kang Kyung-wha in Seoul."

if __name__ == "__main__":
    n, exc = 0, None
    try:
        for mentions in entnorm.load().pipe(texts(), n_process=2, batch_size=1):
            n += len(mentions)
    except Exception as e:
        exc = e
    report(exc, n)
""",
        encoding="utf-8",
    )
    proc = _run([sys.executable, str(script)], cwd=tmp_path)
    report = _report(proc)
    assert report["error"] is None and report["results"] == 40 * 3, report
    assert b"Traceback" not in proc.stderr and b"KeyboardInterrupt" not in proc.stderr, proc.stderr


def test_cli_jobs_worker_killed(tmp_path: Path) -> None:
    """``find --jobs 2`` with a worker killed mid-run: exit 1, one line on stderr, whole records."""
    docs = tmp_path / "docs.jsonl"
    text = "Mike Pompeo met Kang Kyung-wha in Seoul. " * 3
    docs.write_text("".join(json.dumps({"id": i, "text": text}) + "\n" for i in range(20_000)), encoding="utf-8")
    out_path = tmp_path / "out.jsonl"
    with open(out_path, "wb") as out:
        proc = subprocess.Popen(
            [sys.executable, "-m", "entnorm", "find", "--jobs", "2", "--batch-size", "8", "--text-field", "text"]
            + [str(docs)],
            cwd=ROOT,
            env=_env(tmp_path),
            stdout=out,
            stderr=subprocess.PIPE,
            start_new_session=True,
        )
        try:
            deadline = time.monotonic() + TIMEOUT
            while out_path.stat().st_size == 0 and proc.poll() is None and time.monotonic() < deadline:
                time.sleep(0.1)
            workers = _workers_of(proc.pid)
            assert proc.poll() is None and workers, "the run ended (or never started) before the kill"
            os.kill(workers[0], signal.SIGKILL)
            _, err = proc.communicate(timeout=TIMEOUT)
        except BaseException:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.communicate()
            raise
        finally:
            _assert_session_empty(proc.pid)
    assert proc.returncode == 1, err
    lines = err.decode().splitlines()
    assert len(lines) == 1 and lines[0].startswith("entnorm: error: a worker process was killed by SIGKILL"), err
    data = out_path.read_bytes()
    assert data.endswith(b"\n")
    records = [json.loads(line) for line in data.splitlines()]
    assert 0 < len(records) < 20_000
    assert [r["id"] for r in records] == list(range(len(records)))
    assert all(r["mentions"] for r in records)
    _assert_no_table_file(tmp_path)


def test_closing_pipe_early_stops_the_workers_and_removes_the_table_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A caller that stops early: no worker left, and the table's temporary file is gone.
    The input is read at most two batches per worker ahead (``Pool.imap`` read all of it)."""
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    pulled = 0

    def texts() -> Iterator[str]:  # endless
        nonlocal pulled
        while True:
            pulled += 1
            yield "Mike Pompeo met Kang Kyung-wha in Seoul."

    results = entnorm.load().pipe(texts(), n_process=2, batch_size=4)
    assert [m.entity_id for m in next(results)] == ["mike-pompeo", "kang-kyung-wha", "seoul"]
    assert pulled <= (2 * 2 + 1) * 4  # the batches in flight, and the one sent after the first result
    assert [p.name.startswith("entnorm-workers-") for p in tmp_path.iterdir()] == [True]
    results.close()
    assert multiprocessing.active_children() == []
    assert list(tmp_path.iterdir()) == []


def test_unimportable_main(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    script = tmp_path / "script.py"
    script.write_text("", encoding="utf-8")
    cases: list[tuple[dict[str, object], bool]] = [
        ({"__file__": "<stdin>", "__spec__": None}, True),
        ({"__file__": str(tmp_path / "deleted.py"), "__spec__": None}, True),
        ({"__file__": str(script), "__spec__": None}, False),
        ({"__spec__": None}, False),  # the REPL, python -c: not re-imported
        ({"__file__": "<stdin>", "__spec__": types.SimpleNamespace(name="pkg.cli")}, False),  # python -m
    ]
    for attrs, refused in cases:
        main = types.ModuleType("__main__")
        for key, value in attrs.items():
            setattr(main, key, value)
        monkeypatch.setitem(sys.modules, "__main__", main)
        problem = unimportable_main()
        assert (problem is not None) == refused, attrs
        if refused:
            assert repr(attrs["__file__"]) in str(problem)


def test_worker_error_pickles() -> None:
    err = pickle.loads(pickle.dumps(WorkerError("a worker process was killed by SIGKILL", exitcode=-9)))
    assert isinstance(err, WorkerError) and isinstance(err, RuntimeError)
    assert str(err) == "a worker process was killed by SIGKILL" and err.exitcode == -9
