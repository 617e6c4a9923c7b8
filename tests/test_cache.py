"""The index cache: a warm load gives what a cold one gives, and a stale or damaged file is rebuilt."""

from __future__ import annotations

import ast
import json
import re
import shutil
from array import array
from pathlib import Path

import pytest

import entnorm
from _samples import load_samples
from entnorm import _cache
from entnorm import _normalizer as normalizer_module

WORLD = Path(__file__).resolve().parent / "data" / "world.yaml"
SRC = Path(entnorm.__file__).resolve().parent


class Reads:
    """Counts how often the YAML reader runs: 0 on a warm load."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.count = 0
        real = normalizer_module.load_tables

        def counting(paths):  # type: ignore[no-untyped-def]
            self.count += 1
            return real(paths)

        monkeypatch.setattr(normalizer_module, "load_tables", counting)


def _outputs(nz: entnorm.Normalizer) -> list[object]:
    found = [[m.model_dump() for m in nz.find(s.text)] for s in load_samples()]
    looked = [[c.model_dump() for c in nz.lookup(n)] for n in ("Ponpeo", "Kim", "Xi Jinping", "Moon Jae-in", "Beijing")]
    return [found, looked, [e.model_dump() for e in nz.entities]]


def _only_file(directory: Path) -> Path:
    files = list(directory.iterdir())
    assert len(files) == 1 and files[0].suffix == ".idx", files
    return files[0]


@pytest.fixture(scope="module")
def cold_bundled() -> list[object]:
    return _outputs(entnorm.load(cache=False))


def test_warm_load_gives_the_same_mentions_lookups_and_entities(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, cold_bundled: list[object]
) -> None:
    reads = Reads(monkeypatch)
    first = entnorm.load(cache=tmp_path)
    assert reads.count == 1
    _only_file(tmp_path)
    warm = entnorm.load(cache=tmp_path)
    assert reads.count == 1  # read from the cache, not from YAML
    assert _outputs(first) == _outputs(warm) == cold_bundled
    assert warm.get("mike-pompeo") == first.get("mike-pompeo")
    assert warm.get("no-such-id") is None and len(warm) == len(first)


def test_an_edited_table_is_read_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    table = tmp_path / "t.yaml"
    shutil.copy(WORLD, table)
    cache = tmp_path / "cache"
    reads = Reads(monkeypatch)
    assert not entnorm.load(table, cache=cache).find("Zorblax Quint spoke.")
    entnorm.load(table, cache=cache)
    assert reads.count == 1
    table.write_text(WORLD.read_text(encoding="utf-8").replace("Michael Pompeo,", "Zorblax Quint, Michael Pompeo,"))
    nz = entnorm.load(table, cache=cache)
    assert reads.count == 2
    assert [(m.entity_id, m.method) for m in nz.find("Zorblax Quint spoke.")] == [("mike-pompeo", "exact")]
    _only_file(cache)  # the same list of paths: the old file was replaced, not kept beside
    entnorm.load(table, cache=cache)
    assert reads.count == 2


def test_a_table_edited_while_it_is_read_is_not_cached(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    table = tmp_path / "t.yaml"
    shutil.copy(WORLD, table)
    real = normalizer_module.load_tables

    def edit_then_read(paths):  # type: ignore[no-untyped-def]
        table.write_text(WORLD.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
        return real(paths)

    monkeypatch.setattr(normalizer_module, "load_tables", edit_then_read)
    entnorm.load(table, cache=tmp_path / "cache")
    assert not (tmp_path / "cache").exists() or not list((tmp_path / "cache").iterdir())


def test_the_path_as_given_is_part_of_the_key(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    table = tmp_path / "t.yaml"
    shutil.copy(WORLD, table)
    monkeypatch.chdir(tmp_path)
    reads = Reads(monkeypatch)
    a = entnorm.load("t.yaml", cache=tmp_path / "c")
    b = entnorm.load(table, cache=tmp_path / "c")
    assert reads.count == 2
    assert a.entities[0].source == "t.yaml:3" and b.entities[0].source == f"{table}:3"
    assert entnorm.load(table, cache=tmp_path / "c").entities[0].source == f"{table}:3" and reads.count == 2


def test_the_order_of_the_files_is_part_of_the_key(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    extra = tmp_path / "extra.yaml"
    extra.write_text("entities:\n  - id: mike-pompeo\n    name: Pompeo Mike\n    type: PERSON\n", encoding="utf-8")
    one = entnorm.load([WORLD, extra], cache=tmp_path)
    other = entnorm.load([extra, WORLD], cache=tmp_path)
    assert one.get("mike-pompeo").name == "Pompeo Mike"  # type: ignore[union-attr]
    assert other.get("mike-pompeo").name == "Mike Pompeo"  # type: ignore[union-attr]
    assert entnorm.load([extra, WORLD], cache=tmp_path).get("mike-pompeo").name == "Mike Pompeo"  # type: ignore[union-attr]


@pytest.mark.parametrize("field", ["entnorm", "package"])
def test_another_version_or_package_is_rebuilt(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, field: str) -> None:
    entnorm.load(WORLD, cache=tmp_path)
    reads = Reads(monkeypatch)
    if field == "entnorm":
        monkeypatch.setattr(entnorm, "__version__", "99.0.0")
    else:
        monkeypatch.setattr(_cache, "package_digest", lambda: "0" * 64)
    entnorm.load(WORLD, cache=tmp_path)
    assert reads.count == 1
    entnorm.load(WORLD, cache=tmp_path)
    assert reads.count == 1  # and the rebuilt file serves the new version


def test_the_package_digest_covers_code_and_data() -> None:
    # Computed over entnorm's own files, so an edit in a checkout (same version) invalidates.
    _cache.package_digest.cache_clear()
    assert re.fullmatch("[0-9a-f]{64}", _cache.package_digest())


def _damage(path: Path, how: str) -> None:
    data = bytearray(path.read_bytes())
    if how == "truncated":
        del data[len(data) // 2 :]
    elif how == "empty":
        del data[:]
    elif how == "payload-byte":
        data[-100] ^= 0x01
    elif how == "header-byte":
        data[60] ^= 0x20
    elif how == "magic":
        data[:8] = b"PK\x03\x04xxxx"
    elif how == "garbage":
        data[:] = bytes(range(256)) * 40
    elif how == "appended":
        data += b"\x00" * 16
    path.write_bytes(bytes(data))


@pytest.mark.parametrize("how", ["truncated", "empty", "payload-byte", "header-byte", "magic", "garbage", "appended"])
def test_a_damaged_file_is_rebuilt_silently(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, how: str) -> None:
    expected = _outputs(entnorm.load(WORLD, cache=False))
    entnorm.load(WORLD, cache=tmp_path)
    _damage(_only_file(tmp_path), how)
    reads = Reads(monkeypatch)
    assert _outputs(entnorm.load(WORLD, cache=tmp_path)) == expected
    assert reads.count == 1
    assert _outputs(entnorm.load(WORLD, cache=tmp_path)) == expected and reads.count == 1  # repaired


def _biggest(s: dict[str, object], name: str) -> None:
    values = array("Q", s[name])  # type: ignore[arg-type]
    values[0] = 1 << 40
    s[name] = values


def _forge(path: Path, change) -> None:  # type: ignore[no-untyped-def]
    """Rewrite a cache file with changed sections and checksums that match again."""
    key = _cache.key_for([WORLD])
    assert key is not None
    sections = _cache.read(path.parent, key)
    assert sections is not None
    change(sections)
    assert _cache.write(path.parent, key, sections)


@pytest.mark.parametrize(
    "change",
    [
        lambda s: _biggest(s, "index.form_entity"),
        lambda s: _biggest(s, "index.form_key"),
        lambda s: _biggest(s, "index.forms_of"),
        lambda s: s["index.form_nbounds"].__setitem__(0, 0),
        lambda s: s["index.exact_sizes"].__setitem__(0, 0),
        lambda s: _biggest(s, "index.parts"),
        lambda s: _biggest(s, "entities.alias_at"),
        lambda s: s["entities.types"].__setitem__(0, 200),
        lambda s: s.__setitem__("index.meta", "[]"),
        lambda s: s.__setitem__("index.meta", s["index.meta"].replace('"max_tokens"', '"max_tokenz"')),
        lambda s: s.__setitem__("entities.ids", "a\nb"),
        lambda s: s.__delitem__("index.keys"),
        lambda s: s.__setitem__("index.keys", s["index.form_entity"]),
        lambda s: s.__setitem__("entities.roles", json.dumps({"99999": [["Minister", None, None, None]]})),
    ],
)
def test_a_forged_file_with_valid_checksums_is_refused_by_its_ranges(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, change
) -> None:  # type: ignore[no-untyped-def]
    expected = _outputs(entnorm.load(WORLD, cache=False))
    entnorm.load(WORLD, cache=tmp_path)
    _forge(_only_file(tmp_path), change)
    reads = Reads(monkeypatch)
    assert _outputs(entnorm.load(WORLD, cache=tmp_path)) == expected
    assert reads.count == 1


def test_no_cache_directory_means_no_caching(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a directory")
    nz = entnorm.load(WORLD, cache=blocker / "cache")  # cannot be made: loads all the same
    assert len(nz) > 0
    monkeypatch.setenv(_cache.ENV, "off")
    reads = Reads(monkeypatch)
    entnorm.load(WORLD)
    entnorm.load(WORLD)
    assert reads.count == 2
    entnorm.load(WORLD, cache=False)
    assert reads.count == 3 and [p.name for p in tmp_path.iterdir()] == ["a-file"]


def test_a_failed_write_leaves_nothing_behind(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(src: str, dst: object) -> None:
        raise PermissionError(13, "read-only")

    monkeypatch.setattr(_cache.os, "replace", refuse)
    assert len(entnorm.load(WORLD, cache=tmp_path)) > 0
    assert list(tmp_path.iterdir()) == []


def test_where_the_cache_goes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(_cache.ENV, raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert _cache.cache_dir() == tmp_path / "xdg" / "entnorm"
    entnorm.load(WORLD)
    _only_file(tmp_path / "xdg" / "entnorm")
    monkeypatch.setenv(_cache.ENV, str(tmp_path / "env"))
    assert _cache.cache_dir() == tmp_path / "env"
    assert _cache.cache_dir(tmp_path / "kw") == tmp_path / "kw"
    assert _cache.cache_dir(False) is None
    monkeypatch.setenv(_cache.ENV, "OFF")
    assert _cache.cache_dir() is None
    assert _cache.cache_dir(tmp_path / "kw") == tmp_path / "kw"  # an explicit directory wins


def test_a_missing_table_is_reported_by_the_reader(tmp_path: Path) -> None:
    with pytest.raises(entnorm.AliasFileError, match="no such file"):
        entnorm.load(tmp_path / "missing.yaml", cache=tmp_path)


def test_the_file_starts_with_magic_and_format() -> None:
    assert _cache.MAGIC == b"\x89ENTIDX\n" and _cache.FORMAT == 1


@pytest.mark.parametrize("module", ["_cache.py", "_columns.py", "_entities.py", "_index.py", "_packed.py"])
def test_no_pickle_and_no_eval(module: str) -> None:
    tree = ast.parse((SRC / module).read_text(encoding="utf-8"))
    banned = {"pickle", "cPickle", "_pickle", "marshal", "shelve", "dill", "joblib", "cloudpickle"}
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            assert not {a.name.split(".")[0] for a in node.names} & banned, ast.dump(node)
        elif isinstance(node, ast.ImportFrom):
            assert (node.module or "").split(".")[0] not in banned, ast.dump(node)
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
            assert node.func.id not in {"eval", "exec", "compile", "__import__"}, ast.dump(node)
    assert "pickle" not in (SRC / module).read_text(encoding="utf-8").replace("without pickle", "").replace(
        "no pickle", ""
    )
