"""The index cache: a loaded table's columns in a file, so the next ``load`` skips parsing and building.

A cache file is data only, read with ``array.frombytes`` and ``json.loads``; nothing in it
can run code. It is used only when everything it was built from is the same, byte for
byte: each table file (SHA-256, in the order given, under the path as given, since entity
sources name it), entnorm's version and its own code and data files (SHA-256), the format
version and the byte order. A file that was cut short, edited or corrupted fails its
checksums and is rebuilt, silently; one that passes them is still range-checked as it is
read (:meth:`Index.from_sections <entnorm._index.Index.from_sections>`).

Layout (all integers little-endian)::

    magic        8 bytes   b"\\x89ENTIDX\\n"
    format       uint32    FORMAT
    header_len   uint32
    header_hash  32 bytes  SHA-256 of the header
    header       JSON      {"entnorm", "package", "byteorder", "tables": [[path, sha256], ...],
                            "payload": {"size", "sha256"}, "sections": [[name, kind, offset, size], ...]}
    payload      bytes     the sections back to back: UTF-8 text (kind "str") or an array's
                           bytes (kind "B", "I" or "Q")

Files are written to a temporary name in the cache directory and renamed into place
(``os.replace``), so a reader never sees half a file. One file per list of table paths:
a changed table overwrites its old file instead of adding one.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import struct
import sys
import tempfile
from array import array
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import BinaryIO, Union

from ._columns import Sections

__all__ = ["ENV", "FORMAT", "MAGIC", "CacheKey", "cache_dir", "key_for", "read", "write"]

MAGIC = b"\x89ENTIDX\n"
FORMAT = 1
ENV = "ENTNORM_CACHE_DIR"
_PREFIX = struct.Struct("<8sII32s")
_KINDS = frozenset({"str", "B", "I", "Q"})
_log = logging.getLogger("entnorm.cache")

PathLike = Union[str, "os.PathLike[str]"]


@dataclass(frozen=True)
class CacheKey:
    """What a cache file must have been built from, and the file's name."""

    tables: tuple[tuple[str, str], ...]  # (path as given, SHA-256 of its bytes)
    name: str
    identity: tuple[tuple[str, str], ...]  # entnorm's version and package digest, the byte order


def cache_dir(option: bool | PathLike = True) -> Path | None:
    """Where cache files go: ``option`` if a path, else ``$ENTNORM_CACHE_DIR``, else
    ``$XDG_CACHE_HOME/entnorm`` or ``~/.cache/entnorm``. ``None`` (no caching) for
    ``option=False`` or ``ENTNORM_CACHE_DIR=off``."""
    if option is False:
        return None
    if option is not True:
        return Path(option)
    env = os.environ.get(ENV)
    if env:
        return None if env.strip().lower() == "off" else Path(env)
    xdg = os.environ.get("XDG_CACHE_HOME")
    base = Path(xdg) if xdg and os.path.isabs(xdg) else Path.home() / ".cache"
    return base / "entnorm"


def key_for(paths: list[PathLike]) -> CacheKey | None:
    """The key of these table files now, or ``None`` if one cannot be read (the reader then
    reports why, with its own message)."""
    tables = []
    absolute = []
    try:
        for path in paths:
            name = os.fspath(path)
            if not isinstance(name, str):
                return None
            with open(name, "rb") as handle:
                digest = _digest(handle)
            tables.append((name, digest))
            absolute.append(os.path.abspath(name))
    except (OSError, ValueError):
        return None
    where = json.dumps([FORMAT, absolute, [t[0] for t in tables]], ensure_ascii=False)
    name = hashlib.sha256(where.encode("utf-8", "surrogatepass")).hexdigest()[:32] + ".idx"
    # Taken now, before the build: a package edited while a table is built does not bless the file.
    return CacheKey(tuple(tables), name, tuple(_identity().items()))


def _digest(handle: BinaryIO) -> str:
    h = hashlib.sha256()
    while chunk := handle.read(1 << 20):
        h.update(chunk)
    return h.hexdigest()


@lru_cache(maxsize=1)
def package_digest() -> str:
    """SHA-256 of entnorm's own files (code and data): an edit in a source checkout, where the
    version does not change, still invalidates every cache file."""
    root = Path(__file__).resolve().parent
    h = hashlib.sha256()
    for path in sorted(root.rglob("*")):
        if "__pycache__" in path.parts or path.suffix == ".pyc" or not path.is_file():
            continue
        h.update(path.relative_to(root).as_posix().encode("utf-8", "surrogatepass") + b"\0")
        h.update(path.read_bytes())
        h.update(b"\0")
    return h.hexdigest()


def _identity() -> dict[str, str]:
    from . import __version__

    return {"entnorm": __version__, "package": package_digest(), "byteorder": sys.byteorder}


def read(directory: Path, key: CacheKey) -> Sections | None:
    """The sections of the cache file for ``key``, or ``None`` when there is none or it cannot
    be trusted (wrong magic, format, version, tables, checksums or layout)."""
    path = directory / key.name
    try:
        with open(path, "rb") as handle:
            data = handle.read()
    except OSError:
        return None
    try:
        return _parse(data, key)
    except Exception as exc:  # a damaged file is rebuilt, never trusted and never fatal
        _log.debug("cache file %s not used: %s", path, exc)
        return None


def _parse(data: bytes, key: CacheKey) -> Sections | None:
    if len(data) < _PREFIX.size:
        raise ValueError("shorter than its prefix")
    magic, version, header_len, header_hash = _PREFIX.unpack_from(data)
    if magic != MAGIC or version != FORMAT:
        raise ValueError("not a cache file of this format")
    view = memoryview(data)
    start = _PREFIX.size + header_len
    header_bytes = view[_PREFIX.size : start]
    if len(header_bytes) != header_len or hashlib.sha256(header_bytes).digest() != header_hash:
        raise ValueError("header checksum")
    header = json.loads(bytes(header_bytes))
    if not isinstance(header, dict):
        raise ValueError("header is not an object")
    for field, value in key.identity:
        if header.get(field) != value:
            raise ValueError(f"built by another {field}")
    if header.get("tables") != [list(t) for t in key.tables]:
        raise ValueError("built from other tables")
    payload = view[start:]
    if header["payload"] != {"size": len(payload), "sha256": hashlib.sha256(payload).hexdigest()}:
        raise ValueError("payload checksum")
    sections: Sections = {}
    for name, kind, offset, size in header["sections"]:
        if not (isinstance(name, str) and kind in _KINDS and isinstance(offset, int) and isinstance(size, int)):
            raise ValueError("bad section entry")
        if offset < 0 or size < 0 or offset + size > len(payload) or name in sections:
            raise ValueError("section out of bounds")
        chunk = payload[offset : offset + size]
        if kind == "str":
            sections[name] = str(chunk, "utf-8")
        else:
            values = array(kind)
            values.frombytes(chunk)  # raises ValueError unless size is a multiple of the item size
            sections[name] = values
    return sections


def write(directory: Path, key: CacheKey, sections: Sections) -> bool:
    """Write the cache file for ``key`` atomically. ``False`` (and nothing left behind) when
    the directory cannot be made or written: caching is an optimisation, never an error."""
    chunks: list[bytes | memoryview] = []
    entries = []
    digest = hashlib.sha256()
    offset = 0
    for name, value in sections.items():
        if isinstance(value, str):
            chunk: bytes | memoryview = value.encode("utf-8")
            kind = "str"
        else:
            chunk = memoryview(value).cast("B")
            kind = value.typecode
        if kind not in _KINDS:
            raise ValueError(f"section {name} has typecode {kind!r}")
        digest.update(chunk)
        entries.append([name, kind, offset, len(chunk)])
        chunks.append(chunk)
        offset += len(chunk)
    header = {
        **dict(key.identity),
        "tables": [list(t) for t in key.tables],
        "payload": {"size": offset, "sha256": digest.hexdigest()},
        "sections": entries,
    }
    head = json.dumps(header, ensure_ascii=True).encode("ascii")
    prefix = _PREFIX.pack(MAGIC, FORMAT, len(head), hashlib.sha256(head).digest())
    tmp = None
    try:
        directory.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".tmp-", suffix=".idx", dir=directory)
        with os.fdopen(fd, "wb") as handle:
            handle.write(prefix)
            handle.write(head)
            for chunk in chunks:
                handle.write(chunk)
        os.replace(tmp, directory / key.name)
        return True
    except OSError as exc:
        _log.debug("cache file for %s not written: %s", directory, exc)
        if tmp is not None:
            try:
                os.unlink(tmp)
            except OSError:
                pass
        return False
