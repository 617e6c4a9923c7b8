"""The Normalizer: a loaded table and its index, and ``find`` over raw text.

Data flow of ``find``: text → tokens with offsets (:mod:`._folding`) → candidate windows
(:mod:`._matching`, probing :mod:`._index`) → accepted spans (:mod:`._selection`) →
:class:`Mention` models whose offsets are slices of the caller's own string.
"""

from __future__ import annotations

import datetime as dt
import gc
import os
from collections.abc import Collection, Iterable, Iterator, Sequence
from contextlib import closing, contextmanager
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any, Union

from . import _cache
from ._backend import BACKEND
from ._entities import EntityRows
from ._folding import tokenize
from ._index import Index
from ._lexicon import generational_suffix
from ._matching import Doc, FuzzyCache, exact_and_fuzzy
from ._models import Candidate, Entity, Mention, trusted_mention
from ._selection import select
from ._table import load_tables
from ._workers import ordered_map

if TYPE_CHECKING:
    from .render import Highlighted

__all__ = ["DEFAULT", "Normalizer", "load"]

PathLike = Union[str, "os.PathLike[str]"]


def _default_path() -> Path:
    packaged = Path(str(resources.files("entnorm").joinpath("data/aliases.yaml")))
    if packaged.is_file():
        return packaged
    # Source checkout or editable install: the table lives at the project's top level.
    return Path(__file__).resolve().parents[2] / "data" / "aliases.yaml"


DEFAULT: Path = _default_path()
"""Path of the bundled alias table (``data/aliases.yaml``)."""


class Normalizer:
    """Finds mentions of a table's entities in text. Build it with :func:`load`.

    ``find`` is deterministic and safe to call from many threads at once. A Normalizer pickles
    as its table (the index is rebuilt on unpickling), so it can be sent to worker processes.
    """

    def __init__(self, entities: Sequence[Entity]) -> None:
        with _collector_paused():
            self._setup(Index(EntityRows.of(entities)))

    @classmethod
    def _of_rows(cls, rows: EntityRows) -> Normalizer:
        nz = cls.__new__(cls)
        with _collector_paused():
            nz._setup(Index(rows))
        return nz

    def _setup(self, index: Index) -> None:
        # Entities live as plain columns (:mod:`._entities`); models are built when asked for.
        self._index = index
        self._entities: EntityRows = index.entities
        self._ids: dict[str, int] | None = None  # id → position, built by the first get()
        self._models: tuple[Entity, ...] | None = None
        self._cache = FuzzyCache(self._index)

    @property
    def backend(self) -> str:
        """``"compiled"`` or ``"python"``: whether ``find`` runs compiled code, the scan's C
        kernel or the typed modules compiled by mypyc (``entnorm.BACKEND``)."""
        return BACKEND

    @property
    def entities(self) -> tuple[Entity, ...]:
        """Every entity of the table, in table order."""
        if self._models is None:
            self._models = tuple(row.model() for row in self._entities)
        return self._models

    def get(self, entity_id: str) -> Entity | None:
        """The entity with this id, or ``None``."""
        i = self._by_id.get(entity_id)
        if i is None:
            return None
        return self._models[i] if self._models is not None else self._entities[i].model()

    @property
    def _by_id(self) -> dict[str, int]:
        # Not built by load: find never needs it, and for a million ids it is a tenth of a second.
        if self._ids is None:
            self._ids = dict(zip(self._entities.ids, range(len(self._entities))))
        return self._ids

    def __len__(self) -> int:
        return len(self._entities)

    def __iter__(self) -> Iterator[Entity]:
        if self._models is not None:
            return iter(self._models)
        return (row.model() for row in self._entities)  # one at a time: a big table is not kept twice

    def __contains__(self, entity_id: object) -> bool:
        return entity_id in self._by_id

    def __repr__(self) -> str:
        return f"<Normalizer {len(self._entities)} entities>"

    def find(self, text: str, *, date: dt.date | None = None) -> list[Mention]:
        """Every mention of a table entity in ``text``, sorted by start, non-overlapping.

        ``date`` is the day the article speaks of: a role title in the text ("Secretary of
        State …") then supports only the people who held that role on that day (a
        ``datetime`` stands for its day).
        """
        if not isinstance(text, str):
            raise TypeError(f"find() takes a str, not {type(text).__name__}; decode bytes first")
        date = article_day(date)
        doc = Doc(tokenize(text))
        candidates = list(exact_and_fuzzy(doc, self._index, self._cache, sample_crowds=True))
        chosen = select(doc, self._index, candidates, date=date)
        starts, ends = doc.tokens.starts, doc.tokens.ends
        out = []
        rows = self._entities
        for c in chosen:
            e = c.entity
            start, end = starts[c.i], ends[c.j]
            if end < len(text) and text[end] == "." and _abbreviated(doc.tokens.folds[c.j], c.j > c.i):
                end += 1  # the period of "Jr." or "U.S." belongs to the name
            out.append(
                trusted_mention(
                    start, end, text[start:end], rows.ids[e], rows.name_of(e), rows.type_of(e), c.score, c.method,
                    c.alias,
                )
            )
        return out

    def pipe(self, texts: Iterable[str], *, n_process: int = 1, batch_size: int = 64) -> Iterator[list[Mention]]:
        """``find`` over a stream of texts, in order; ``n_process > 1`` uses worker processes.

        Workers are started with the ``spawn`` method and receive this Normalizer once each
        (its table, as JSON in a temporary file; each builds its own index), then batches
        of ``batch_size`` texts. The input is consumed lazily, so an unbounded stream is
        fine. If a worker dies or cannot start, raises :class:`~entnorm.WorkerError` at once
        (never waits for it), and no worker process is left running once the iterator ends,
        however it ends.
        """
        if n_process < 1 or batch_size < 1:
            raise ValueError("n_process and batch_size must be at least 1")
        if n_process == 1:
            for text in texts:
                yield self.find(text)
            return
        batches = ordered_map(
            _find_batch,
            _batches(texts, batch_size),
            n_process=n_process,
            initializer=_init_worker,
            state=self.__getstate__(),
        )
        with closing(batches):  # a caller that stops early stops the workers now, not at garbage collection
            for batch in batches:
                yield from batch

    def lookup(
        self,
        name: str,
        *,
        limit: int = 5,
        types: Collection[str] | None = None,
        context: str | None = None,
    ) -> list[Candidate]:
        """The entities one name (a cell, a span another NER found) may refer to, best first.

        Uses the same keys as ``find`` (exact, swapped order, other romanizations, native
        script, fuzzy) and name parts (a surname, "Korea"); ``types`` keeps only those entity
        types; ``context``, the article the name came from, lends support: entities ``find``
        links there score higher. Scores are comparable across calls, so one threshold serves
        a column (docs/names-without-text.md).
        """
        from ._lookup import lookup

        return lookup(self, name, limit=limit, types=types, context=context)

    def lookup_many(
        self,
        names: Iterable[str],
        *,
        limit: int = 5,
        types: Collection[str] | None = None,
        n_process: int = 1,
        batch_size: int = 256,
    ) -> Iterator[list[Candidate]]:
        """``lookup`` over a column of names, in order; ``n_process > 1`` uses worker processes
        as :meth:`pipe` does (and raises :class:`~entnorm.WorkerError` as it does). The input
        is consumed lazily."""
        if n_process < 1 or batch_size < 1:
            raise ValueError("n_process and batch_size must be at least 1")
        from ._lookup import lookup

        if n_process == 1:
            for name in names:
                yield lookup(self, name, limit=limit, types=types)
            return
        options = {"limit": limit, "types": tuple(types) if types is not None else None}
        batches = ordered_map(
            _lookup_batch,
            ((batch, options) for batch in _batches(names, batch_size, "lookup_many()")),
            n_process=n_process,
            initializer=_init_worker,
            state=self.__getstate__(),
        )
        with closing(batches):
            for batch in batches:
                yield from batch

    def __getstate__(self) -> dict[str, Any]:
        return {"entities": [row.model().model_dump(mode="json") for row in self._entities]}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__init__([Entity(**e) for e in state["entities"]])  # type: ignore[misc]

    def render(self, text: str) -> str:
        """A self-contained HTML page of ``text`` with its mentions highlighted (:mod:`entnorm.render`)."""
        from .render import render_html

        return render_html([("", text, self.find(text))])

    def highlight(self, text: str) -> Highlighted:
        """``text`` and its mentions as a :class:`~entnorm.render.Highlighted`, shown highlighted in Jupyter."""
        from .render import Highlighted

        return Highlighted(text, self.find(text))


_WORKER: Normalizer | None = None


def _init_worker(state: dict[str, Any]) -> None:
    global _WORKER
    nz = Normalizer.__new__(Normalizer)
    nz.__setstate__(state)
    _WORKER = nz


def _find_batch(texts: list[str]) -> list[list[Mention]]:
    assert _WORKER is not None, "worker not initialised"
    return [_WORKER.find(t) for t in texts]


def _lookup_batch(job: tuple[list[str], dict[str, Any]]) -> list[list[Candidate]]:
    from ._lookup import lookup

    assert _WORKER is not None, "worker not initialised"
    names, options = job
    return [lookup(_WORKER, n, **options) for n in names]


def _batches(texts: Iterable[str], size: int, caller: str = "pipe()") -> Iterator[list[str]]:
    batch: list[str] = []
    for text in texts:
        if not isinstance(text, str):
            raise TypeError(f"{caller} takes str items, not {type(text).__name__}")
        batch.append(text)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def _abbreviated(last_fold: str, multi: bool) -> bool:
    return generational_suffix(last_fold) or (multi and len(last_fold) == 1 and last_fold.isalpha())


def article_day(date: object) -> dt.date | None:
    """``date`` as the day ``find`` compares with role dates: a ``datetime`` is its day."""
    if date is None or type(date) is dt.date:
        return date
    if isinstance(date, dt.datetime):
        return date.date()
    if isinstance(date, dt.date):  # a subclass of date: its plain day
        return dt.date(date.year, date.month, date.day)
    raise TypeError(f"date must be a datetime.date, not {type(date).__name__}")


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Read and build a table without Python's cyclic garbage collector. Every collection
    walks all the container objects alive, and a big table's read and build make millions
    (rows, key lists, tuples) that are not garbage: at a million entities the collector took
    a fifth of the load (docs/scaling.md#figures). Nothing a load builds holds a cycle that
    must be freed before it ends. A collector that was off stays off."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def load(paths: PathLike | Sequence[PathLike] | None = None, *, cache: bool | PathLike = True) -> Normalizer:
    """Load alias tables into a :class:`Normalizer`.

    ``None`` loads the bundled table (:data:`DEFAULT`); a path loads that file; a list loads
    every file, merged in order (a later file may add aliases to an id, or replace it).
    Raises :class:`AliasFileError` naming the file and line of any problem.

    ``cache``: the built index is kept in a cache file and read back by the next load of the
    same, unchanged files (docs/scaling.md#the-index-cache). ``True`` uses
    ``$ENTNORM_CACHE_DIR`` (``off`` turns caching off), else ``$XDG_CACHE_HOME/entnorm`` or
    ``~/.cache/entnorm``; a path uses that directory; ``False`` neither reads nor writes one.
    """
    if paths is None:
        files: list[PathLike] = [DEFAULT]
    elif isinstance(paths, (str, os.PathLike)):
        files = [paths]
    else:
        files = list(paths)
    with _collector_paused():
        return _load(files, cache)


def _load(files: list[PathLike], cache: bool | PathLike) -> Normalizer:
    directory = _cache.cache_dir(cache)
    key = _cache.key_for(files) if directory is not None else None
    if directory is not None and key is not None:
        sections = _cache.read(directory, key)
        if sections is not None:
            try:
                index = Index.from_sections(sections)
            except Exception:  # sections that passed the checksums but do not fit: rebuild
                pass
            else:
                nz = Normalizer.__new__(Normalizer)
                nz._setup(index)
                return nz
    nz = Normalizer._of_rows(EntityRows.of(load_tables(files)))  # the models are freed before the build
    if directory is not None and key is not None and _cache.key_for(files) == key:  # unchanged while read
        try:
            sections = nz._index.sections()
        except ValueError:  # a table the format cannot hold (an id with a line break)
            pass
        else:
            _cache.write(directory, key, sections)
    return nz
