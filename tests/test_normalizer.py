"""The public Normalizer: loading, the table view, find's contract, pickling, pipe."""

from __future__ import annotations

import gc
import pickle
import threading
from pathlib import Path

import pytest

import entnorm

TABLE = Path(__file__).parent / "data" / "world.yaml"


@pytest.fixture(scope="module")
def nz() -> entnorm.Normalizer:
    return entnorm.load(TABLE)


def test_load_bundled_table() -> None:
    default = entnorm.load()
    assert isinstance(default, entnorm.Normalizer)
    assert entnorm.DEFAULT.is_file()
    assert len(default) > 500
    assert default.get("mike-pompeo") is not None
    found = default.find("Ponpeo met Foreign Minister Kang Jinghe.")
    assert [m.entity_id for m in found] == ["mike-pompeo", "kang-kyung-wha"]


def test_table_view(nz: entnorm.Normalizer) -> None:
    ent = nz.get("mike-pompeo")
    assert isinstance(ent, entnorm.Entity)
    assert ent.name == "Mike Pompeo" and ent.type == "PERSON" and "蓬佩奥" in ent.aliases
    assert nz.get("nobody") is None
    assert "kim-jong-un" in nz and "nobody" not in nz
    assert [e.id for e in nz.entities] == [e.id for e in nz]
    assert ent.source is not None and ent.source.endswith("world.yaml:3")


def test_merge_in_order_extends_and_overrides(tmp_path: Path) -> None:
    extra = tmp_path / "mine.yaml"
    extra.write_text(
        "entities:\n"
        "  - id: mike-pompeo\n"
        "    aliases: [Mr Secretary Pompeo]\n"
        "  - id: japan\n"
        "    name: Nippon\n"
        "    type: GPE\n",
        encoding="utf-8",
    )
    nz = entnorm.load([TABLE, extra])
    assert "Mr Secretary Pompeo" in nz.get("mike-pompeo").aliases  # type: ignore[union-attr]
    assert nz.get("japan").name == "Nippon"  # type: ignore[union-attr]
    assert nz.get("japan").aliases == ()  # type: ignore[union-attr]


def test_bad_file_names_file_and_line(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("entities:\n  - id: x\n    name: X\n    type: PLANET\n", encoding="utf-8")
    with pytest.raises(entnorm.AliasFileError) as info:
        entnorm.load(bad)
    assert info.value.path == str(bad) and info.value.line == 4
    assert "PLANET" in str(info.value)


def test_tables_are_read_and_built_with_the_collector_paused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A load pauses the cyclic garbage collector (a fifth of a million-entity load) and
    leaves it as it found it, on success, on a bad file, and when the caller had it off."""
    from entnorm import _normalizer

    seen: list[tuple[str, bool]] = []
    read, build = _normalizer.load_tables, _normalizer.Index

    def reading(files: list[Path]) -> object:
        seen.append(("read", gc.isenabled()))
        return read(files)

    def building(rows: object) -> object:
        seen.append(("build", gc.isenabled()))
        return build(rows)  # type: ignore[arg-type]

    monkeypatch.setattr(_normalizer, "load_tables", reading)
    monkeypatch.setattr(_normalizer, "Index", building)
    assert gc.isenabled()
    assert len(entnorm.load(TABLE, cache=False)) > 0
    entnorm.Normalizer(entnorm.load(TABLE, cache=False).entities)
    assert seen == [("read", False), ("build", False), ("read", False), ("build", False), ("build", False)]
    assert gc.isenabled()
    bad = tmp_path / "bad.yaml"
    bad.write_text("- id: x\n  name: [\n", encoding="utf-8")
    with pytest.raises(entnorm.AliasFileError):
        entnorm.load(bad, cache=False)
    assert gc.isenabled()
    gc.disable()
    try:
        entnorm.load(TABLE, cache=False)
        assert not gc.isenabled()
    finally:
        gc.enable()


@pytest.mark.parametrize("value", [b"Pompeo", None, 42, ["Pompeo"]])
def test_find_rejects_non_str(nz: entnorm.Normalizer, value: object) -> None:
    with pytest.raises(TypeError, match="str"):
        nz.find(value)  # type: ignore[arg-type]


def test_mention_model(nz: entnorm.Normalizer) -> None:
    (m,) = nz.find("Secretary Peng Poe spoke.")
    assert isinstance(m, entnorm.Mention)
    assert (m.start, m.end, m.text, m.entity_id, m.name, m.type) == (
        10,
        18,
        "Peng Poe",
        "mike-pompeo",
        "Mike Pompeo",
        "PERSON",
    )
    assert 0 < m.score < 1 and m.method == "fuzzy" and m.alias == "蓬佩奥"
    assert '"entity_id":"mike-pompeo"' in m.model_dump_json()


def test_empty_text(nz: entnorm.Normalizer) -> None:
    assert nz.find("") == []


def test_pickle_round_trip_gives_same_results(nz: entnorm.Normalizer) -> None:
    text = "Te Langpu met Jin Zhengen; Kang Jing and Ponpeo watched."
    clone = pickle.loads(pickle.dumps(nz))
    assert clone.find(text) == nz.find(text)
    assert len(pickle.dumps(nz)) < 50_000


def test_threads_share_a_normalizer(nz: entnorm.Normalizer) -> None:
    texts = [f"Ponpeo met Kang Jinghe {i} times. Kimjongun and Pompei agreed." for i in range(40)]
    expected = [nz.find(t) for t in texts]
    results: list[list[list[entnorm.Mention]]] = [[] for _ in range(8)]

    def work(k: int) -> None:
        results[k] = [nz.find(t) for t in texts]

    threads = [threading.Thread(target=work, args=(k,)) for k in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert all(r == expected for r in results)


def test_pipe_keeps_order_in_one_and_two_processes(nz: entnorm.Normalizer) -> None:
    texts = ["Ponpeo spoke.", "Nothing here.", "Te Langpu and Jin Zhengen."] * 5
    expected = [nz.find(t) for t in texts]
    assert list(nz.pipe(texts)) == expected
    assert list(nz.pipe(iter(texts), n_process=2, batch_size=4)) == expected
    with pytest.raises(ValueError):
        list(nz.pipe(texts, n_process=0))
