"""Worker processes for ``Normalizer.pipe(n_process > 1)``: results in order, and an error, never a hang.

``multiprocessing.Pool`` replaces a worker that dies and never fails the task it was running,
so a worker killed by the out-of-memory killer, or one that cannot import its modules, left
the caller blocked for good (issue 13). ``ProcessPoolExecutor`` marks itself broken as soon
as one of its processes ends, and every pending task then fails with ``BrokenProcessPool``;
this module turns that into a :class:`~entnorm.WorkerError` that names the cause (the
worker's signal or exit code), and stops every other worker so that nothing is left behind.

Nothing here knows about entnorm's matching: :func:`ordered_map` runs any picklable function
over batches.
"""

from __future__ import annotations

import contextlib
import json
import multiprocessing
import multiprocessing.connection
import multiprocessing.process
import os
import signal
import sys
import tempfile
import threading
from collections import deque
from collections.abc import Callable, Generator, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any, TypeVar

from ._errors import WorkerError

__all__ = ["ordered_map", "unimportable_main"]

T = TypeVar("T")
R = TypeVar("R")

_PREFETCH = 2
"""Batches in flight per worker: one running, one queued, so no worker waits for the parent."""

_GRACE = 5.0
"""Seconds a stopped worker gets to exit after SIGTERM before it is sent SIGKILL."""


def unimportable_main() -> str | None:
    """Why ``spawn`` workers could not re-import ``__main__``, or ``None`` if they can.

    A ``spawn`` worker re-runs the parent's main module from its file (as ``__mp_main__``)
    before it can unpickle anything. A script read from standard input (``python -``) has a
    ``__file__`` of ``<stdin>`` that is no file, so every worker failed at start-up. This
    mirrors ``multiprocessing.spawn.get_preparation_data``: ``python -m`` mains are imported
    by name, and mains with no ``__file__`` (the REPL, ``python -c``) are not re-imported.
    """
    main = sys.modules.get("__main__")
    if main is None or getattr(getattr(main, "__spec__", None), "name", None) is not None:
        return None
    path = getattr(main, "__file__", None)
    if not isinstance(path, str):
        return None
    origin: str | None = getattr(multiprocessing.process, "ORIGINAL_DIR", None)  # spawn resolves from here
    full = path if os.path.isabs(path) or origin is None else os.path.join(origin, path)
    if os.path.isfile(full):
        return None
    return (
        f"the main module {path!r} is not a file, so spawn cannot re-import it "
        "(run the script from a file, or use n_process=1)"
    )


def ordered_map(
    fn: Callable[[T], R],
    items: Iterable[T],
    *,
    n_process: int,
    initializer: Callable[[Any], None],
    state: Any,
) -> Generator[R, None, None]:
    """``fn`` over ``items`` in ``n_process`` ``spawn`` workers, yielding results in input order.

    ``initializer(state)`` runs once in each worker before its first item; ``state`` must be
    JSON (it reaches the workers through a temporary file, see :func:`_write_state`).
    ``items`` is read lazily, at most two per worker ahead of the caller. If a worker dies
    (a signal, an exit, a failure at start-up), raises :class:`WorkerError` as soon as the
    parent learns of it. Whenever this generator ends (exhausted, closed early, an
    exception, Ctrl-C), no worker process is left running and the file is removed.
    """
    problem = unimportable_main()
    if problem is not None:
        raise WorkerError(f"worker processes could not start: {problem}")
    path = _write_state(state)
    try:
        yield from _run(fn, items, n_process=n_process, initializer=initializer, path=path)
    finally:
        with contextlib.suppress(FileNotFoundError):  # removed early once every worker had read it
            os.unlink(path)


def _write_state(state: Any) -> str:
    """``state`` as JSON in a new private temporary file; returns its path.

    Why not the executor's ``initargs``: they are pickled into the message that ``spawn``
    writes to each new worker's pipe, and ``Process.start()`` blocks until the worker has read
    all of it. A worker that dies while starting (an import error, a main module it cannot
    re-import) never reads the rest, so a table larger than the pipe's buffer (64 KiB; the
    bundled one is about 240 KB) blocked the parent for good. JSON, not pickle: entnorm
    never unpickles anything from disk.
    """
    # Removed as soon as every worker has read it, so a parent killed later leaves nothing.
    fd, path = tempfile.mkstemp(prefix="entnorm-workers-", suffix=".json")
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        json.dump(state, fh, ensure_ascii=False, separators=(",", ":"))
    return path


def _start_worker(path: str, initializer: Callable[[Any], None]) -> None:
    # Ctrl-C reaches the whole process group: only the parent handles it (it stops the
    # workers). A worker interrupted mid-task printed a traceback and could leave the
    # queues locked, so that stopping it hung for good. Ignored before the state is read.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    parent = multiprocessing.parent_process()
    if parent is not None:
        threading.Thread(target=_exit_with, args=(parent.sentinel,), name="entnorm-parent-watch", daemon=True).start()
    with open(path, encoding="utf-8") as fh:
        state = json.load(fh)
    initializer(state)


def _exit_with(parent_sentinel: int) -> None:
    """End this worker when its parent ends. A worker's queues keep both ends of their pipes
    open, so a worker whose parent was killed (SIGKILL, the out-of-memory killer) would
    otherwise wait for its next batch for good, an orphan re-parented to init."""
    multiprocessing.connection.wait([parent_sentinel])
    os._exit(1)


def _run(
    fn: Callable[[T], R], items: Iterable[T], *, n_process: int, initializer: Callable[[Any], None], path: str
) -> Iterator[R]:
    executor = ProcessPoolExecutor(
        n_process,
        mp_context=multiprocessing.get_context("spawn"),
        initializer=_start_worker,
        initargs=(path, initializer),
    )
    workers = _Workers(executor, n_process)
    pending: deque[Future[tuple[int, R]]] = deque()
    source = iter(items)
    done = 0
    finished = False
    try:
        for item in source:
            pending.append(workers.submit(fn, item, done))
            if len(pending) >= _PREFETCH * n_process:
                break
        while pending:
            try:
                pid, result = pending.popleft().result()
            except BrokenProcessPool as exc:
                raise workers.error(done) from exc
            done += 1
            if workers.reported(pid):  # every worker has started, so has read the state
                with contextlib.suppress(FileNotFoundError):
                    os.unlink(path)
            item_next = next(source, _END)
            if item_next is not _END:
                pending.append(workers.submit(fn, item_next, done))  # before yielding: keep workers busy
            yield result
        finished = True
    finally:
        if finished:
            executor.shutdown(wait=True)
        else:
            workers.stop()


_END: Any = object()


def _call(fn: Callable[[T], R], item: T) -> tuple[int, R]:
    """``fn(item)`` in a worker, with the worker's pid: the parent learns which workers have started."""
    return os.getpid(), fn(item)


class _Workers:
    """The executor's processes, remembered as they start, to name a death and to stop them all."""

    def __init__(self, executor: ProcessPoolExecutor, n_process: int) -> None:
        self._executor = executor
        self._n_process = n_process
        self._seen: dict[int, multiprocessing.process.BaseProcess] = {}
        self._reported: set[int] = set()

    def submit(self, fn: Callable[[T], R], item: T, done: int) -> Future[tuple[int, R]]:
        try:
            with _sigint_blocked():  # workers start inside submit()
                future = self._executor.submit(_call, fn, item)
        except BrokenProcessPool as exc:
            raise self.error(done) from exc
        # Workers start on demand inside submit(); the executor keeps them in a private dict
        # (present from Python 3.2 to 3.13). Without it, errors only lack the exit code.
        self._seen.update(getattr(self._executor, "_processes", None) or {})
        return future

    def reported(self, pid: int) -> bool:
        """Note a result from worker ``pid``; true once all ``n_process`` workers have sent one."""
        self._reported.add(pid)
        return len(self._seen) >= self._n_process and self._reported >= self._seen.keys()

    def error(self, done: int) -> WorkerError:
        """The error for a broken pool: which worker ended, how, and how far the run got."""
        # A worker started by the submit() that found the pool broken is not remembered yet,
        # and it may be the one whose exit is the cause (the others then die by SIGTERM).
        self._seen.update(getattr(self._executor, "_processes", None) or {})
        # The executor's manager thread terminates the survivors and reaps every worker; read
        # the exit codes once it is done, or a worker it is reaping still reads as running.
        manager = getattr(self._executor, "_executor_manager_thread", None)
        if manager is not None:
            manager.join(_GRACE)
        for p in self._seen.values():
            p.join(_GRACE)  # the executor is already terminating the survivors
        codes = [p.exitcode for p in self._seen.values() if p.exitcode is not None]
        # The survivors end with -SIGTERM (the executor stops them): the first other code is the cause.
        causes = [c for c in codes if c != -signal.SIGTERM] or codes
        code = causes[0] if causes else None
        return WorkerError(_describe(code, done), exitcode=code)

    def stop(self) -> None:
        """Stop every worker now: pending batches are dropped, running ones are killed."""
        manager = getattr(self._executor, "_executor_manager_thread", None)
        self._executor.shutdown(wait=False, cancel_futures=True)
        self._seen.update(getattr(self._executor, "_processes", None) or {})
        alive = [p for p in self._seen.values() if p.is_alive()]
        for p in alive:
            p.terminate()
        for p in alive:
            p.join(_GRACE)
            if p.is_alive():
                p.kill()
                p.join(_GRACE)
        if manager is not None:
            manager.join(_GRACE)  # it sees the workers gone and releases its queues


@contextlib.contextmanager
def _sigint_blocked() -> Iterator[None]:
    """SIGINT blocked in this thread meanwhile, so that workers started now are born with it
    blocked (the mask survives fork and exec). Ctrl-C reaches the whole process group, and a
    worker still importing, before ``_start_worker`` can ignore it, printed a traceback. The
    parent loses nothing: a SIGINT that arrived meanwhile is delivered when it is unblocked."""
    if not hasattr(signal, "pthread_sigmask"):  # Windows: no signal masks
        yield
        return
    old = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, old)


def _describe(code: int | None, done: int) -> str:
    lost = "; the rest of the input was not processed"
    if code is not None and code < 0:
        try:
            name = signal.Signals(-code).name
        except ValueError:
            name = f"signal {-code}"
        hint = " (the out-of-memory killer sends this signal)" if -code == signal.SIGKILL else ""
        return f"a worker process was killed by {name}{hint}{lost}"
    if done == 0:
        status = "ended" if code is None else f"exited with code {code}"
        return (
            f"worker processes could not start: a worker {status} before returning any result "
            "(its error, if any, is printed above); a worker must be able to import entnorm and "
            "re-import the main module, whose top level should be guarded by `if __name__ == '__main__':`"
        )
    status = "ended unexpectedly" if code is None else f"exited unexpectedly with code {code}"
    return f"a worker process {status}{lost}"
