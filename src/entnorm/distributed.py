"""Running ``find`` over JSONL on a cluster (Dask; the per-partition helper also suits Spark).

Nothing here imports Dask at module import time: :func:`dask_find_jsonl` imports it when called.

* :func:`find_jsonl_partition` — the per-partition work: JSON lines in, the same records with
  a ``"mentions"`` list added, JSON lines out. Use it from any engine (Dask, Spark's
  ``rdd.mapPartitions``, a plain loop).
* :func:`dask_find_jsonl` — a directory (glob) of JSONL files through a ``dask.distributed``
  cluster into JSONL files, with the Normalizer sent **once per worker**: its table travels
  inside a worker plugin (registered once per table, and replayed to workers that join later);
  each worker builds the Normalizer once into a module-level cache keyed by the table's
  fingerprint, and tasks carry only that fingerprint.

See ``docs/scaling.md`` for recipes and measured figures.
"""

from __future__ import annotations

import glob as _glob
import hashlib
import json
import os
import threading
from collections.abc import Iterable, Iterator, Sequence
from typing import TYPE_CHECKING, Any, Union

from ._jsonl import read_records

if TYPE_CHECKING:
    from ._normalizer import Normalizer

__all__ = ["dask_find_jsonl", "find_jsonl_partition", "table_fingerprint", "worker_builds"]

PathLike = Union[str, "os.PathLike[str]"]


def find_jsonl_partition(
    lines: Iterable[str],
    nz: Normalizer,
    *,
    text_field: str = "text",
    source: str | None = None,
) -> Iterator[str]:
    """``find`` over JSON lines: each record with ``"mentions"`` added, as a JSON line (no newline).

    Every other field is kept as it was (an existing ``"mentions"`` field is replaced); each
    mention is ``Mention.model_dump()``. Lines that are empty or only whitespace are not
    records and are passed over; any other line must be a JSON object whose ``text_field``
    is a string, or a :class:`ValueError` names its line number (counted from 1 in
    ``lines``) and ``source`` when given. Nothing is skipped silently.
    """
    for _number, record, text in read_records(lines, text_field=text_field, source=source):
        record["mentions"] = [m.model_dump() for m in nz.find(text)]
        yield json.dumps(record, ensure_ascii=False)


def table_fingerprint(nz: Normalizer) -> str:
    """A SHA-256 hex digest of the Normalizer's table (what it pickles as)."""
    state = nz.__getstate__()
    blob = json.dumps(state, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()


# --- worker side -----------------------------------------------------------------------------

_CACHE: dict[str, Normalizer] = {}
_BUILDS: dict[str, int] = {}
_LOCK = threading.Lock()


def worker_builds() -> dict[str, int]:
    """How many times this process built a Normalizer for each table fingerprint.

    On a cluster, ``client.run(entnorm.distributed.worker_builds)`` gives the figure per
    worker; with :func:`dask_find_jsonl` it is 1 for every worker that ran a task.
    """
    return dict(_BUILDS)


def _build(fingerprint: str, state: dict[str, Any]) -> Normalizer:
    with _LOCK:  # a worker with several threads builds once
        nz = _CACHE.get(fingerprint)
        if nz is None:
            from ._models import Entity
            from ._normalizer import Normalizer

            nz = Normalizer([Entity(**e) for e in state["entities"]])
            _CACHE[fingerprint] = nz
            _BUILDS[fingerprint] = _BUILDS.get(fingerprint, 0) + 1
        return nz


def _plugin_name(fingerprint: str) -> str:
    return f"entnorm-{fingerprint[:24]}"


def _worker_normalizer(fingerprint: str) -> Normalizer:
    nz = _CACHE.get(fingerprint)
    if nz is not None:
        return nz
    # The plugin's setup normally ran when the worker registered it; if this task got here
    # first (or the cache was cleared), build from the plugin the worker already holds.
    from distributed import get_worker

    plugin: Any = get_worker().plugins.get(_plugin_name(fingerprint))
    if plugin is None:
        raise RuntimeError(f"entnorm: no table {fingerprint[:12]} on this worker; use dask_find_jsonl()")
    return _build(fingerprint, plugin.state)


_PLUGIN_CLASS: type | None = None


def _plugin_class() -> type:
    """The WorkerPlugin subclass, made on first use so that importing this module needs no Dask."""
    global _PLUGIN_CLASS
    if _PLUGIN_CLASS is None:
        from distributed.diagnostics.plugin import WorkerPlugin

        class _NormalizerPlugin(WorkerPlugin):  # type: ignore[misc,unused-ignore]
            idempotent = True  # the name carries the fingerprint: same table, no resend

            def __init__(self, fingerprint: str, state: dict[str, Any]) -> None:
                self.fingerprint = fingerprint
                self.state = state
                self.name = _plugin_name(fingerprint)

            def setup(self, worker: Any) -> None:
                _build(self.fingerprint, self.state)

            def teardown(self, worker: Any) -> None:
                _CACHE.pop(self.fingerprint, None)

        _NormalizerPlugin.__module__ = __name__
        _NormalizerPlugin.__qualname__ = "_NormalizerPlugin"
        _PLUGIN_CLASS = _NormalizerPlugin
    return _PLUGIN_CLASS


def __getattr__(name: str) -> Any:  # PEP 562: lets a worker unpickle the plugin by reference
    if name == "_NormalizerPlugin":
        return _plugin_class()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def _find_partition(items: Iterable[tuple[str, str]], fingerprint: str, text_field: str) -> Iterator[str]:
    nz = _worker_normalizer(fingerprint)
    items = iter(items)
    first = next(items, None)
    if first is None:
        return
    path = first[1]

    def lines() -> Iterator[str]:
        yield first[0]
        for line, _path in items:
            yield line

    yield from find_jsonl_partition(lines(), nz, text_field=text_field, source=path)


# --- client side -----------------------------------------------------------------------------


def dask_find_jsonl(
    input_glob: str,
    output_dir: PathLike,
    *,
    client: Any,
    aliases: Normalizer | PathLike | Sequence[PathLike] | None = None,
    text_field: str = "text",
    blocksize: int | str | None = None,
) -> list[str]:
    """Run ``find`` over JSONL files on a ``dask.distributed`` cluster; returns the output paths.

    ``input_glob`` is a glob of JSONL files or a directory (its ``*.jsonl``). ``aliases`` is a
    :class:`~entnorm.Normalizer`, a table path or list of paths (loaded here, on the client,
    as :func:`entnorm.load` does), or ``None`` for the bundled table. The table is sent to
    each worker once, in a worker plugin; every worker builds the Normalizer once and keeps
    it for later calls with the same table.

    With ``blocksize=None`` each input file is one partition and output ``part-NNNNN.jsonl``
    holds the records of the N-th input file (sorted by name), in order; a ``blocksize``
    (e.g. ``"64MiB"``) splits big files, and then error line numbers count from the start
    of a block. Output lines are :func:`find_jsonl_partition`'s; a bad input line fails the
    whole run with a ValueError naming the file and line.
    """
    import dask.bag as db

    from ._normalizer import Normalizer, load

    if os.path.isdir(input_glob):
        input_glob = os.path.join(input_glob, "*.jsonl")
    if not _glob.glob(input_glob):
        raise FileNotFoundError(f"no input files match {input_glob!r}")
    nz = aliases if isinstance(aliases, Normalizer) else load(aliases)
    state = nz.__getstate__()
    fingerprint = table_fingerprint(nz)
    client.register_plugin(_plugin_class()(fingerprint, state))

    os.makedirs(output_dir, exist_ok=True)
    read_text: Any = db.read_text  # untyped in Dask
    lines = read_text(input_glob, blocksize=blocksize, encoding="utf-8", include_path=True)
    out = lines.map_partitions(_find_partition, fingerprint, text_field)
    paths: list[str] = out.to_textfiles(
        os.path.join(os.fspath(output_dir), "part-*.jsonl"),
        name_function=_part_name,
        encoding="utf-8",
        last_endline=True,
        scheduler=client,
    )
    return paths


def _part_name(i: int) -> str:
    return f"{i:05d}"
