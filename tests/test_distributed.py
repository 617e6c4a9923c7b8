"""entnorm.distributed: the JSONL partition helper, and the Dask path on a 2-process LocalCluster."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import entnorm
from _samples import load_samples
from entnorm.distributed import find_jsonl_partition, table_fingerprint, worker_builds


@pytest.fixture(scope="module")
def nz() -> entnorm.Normalizer:
    return entnorm.load()


def _expected(nz: entnorm.Normalizer, text: str) -> list[dict[str, Any]]:
    return [m.model_dump() for m in nz.find(text)]


# --- find_jsonl_partition (no Dask needed) -------------------------------------------------


def test_partition_adds_mentions_and_keeps_fields(nz: entnorm.Normalizer) -> None:
    lines = [
        json.dumps({"id": 1, "body": "Ponpeo met Foreign Minister Kang Jinghe in Seoul.", "lang": "en"}),
        "   ",  # blank lines are not records
        json.dumps({"id": 2, "body": "Nothing here.", "mentions": ["stale"]}),
    ]
    out = [json.loads(line) for line in find_jsonl_partition(lines, nz, text_field="body")]
    assert [r["id"] for r in out] == [1, 2]
    assert out[0]["lang"] == "en" and out[0]["body"] == "Ponpeo met Foreign Minister Kang Jinghe in Seoul."
    assert out[0]["mentions"] == _expected(nz, out[0]["body"])
    assert [m["entity_id"] for m in out[0]["mentions"]][:2] == ["mike-pompeo", "kang-kyung-wha"]
    assert out[1]["mentions"] == _expected(nz, "Nothing here.")


def test_partition_keeps_non_ascii_text(nz: entnorm.Normalizer) -> None:
    text = "Ердоган и Пути́н встретились; 文在寅 too."
    [line] = find_jsonl_partition([json.dumps({"text": text})], nz)
    assert text in line  # written as UTF-8, not \u escapes
    assert json.loads(line)["mentions"] == _expected(nz, text)


@pytest.mark.parametrize(
    ("bad", "message"),
    [
        ("{not json", "a.jsonl:2: not valid JSON"),
        ('["a list"]', "a.jsonl:2: expected a JSON object"),
        ('{"title": "no text"}', "a.jsonl:2: no 'text' field"),
        ('{"text": 42}', "a.jsonl:2: field 'text' is int"),
    ],
)
def test_partition_bad_line_names_its_number(nz: entnorm.Normalizer, bad: str, message: str) -> None:
    lines = [json.dumps({"text": "Seoul."}), bad, json.dumps({"text": "Tokyo."})]
    with pytest.raises(ValueError, match=message) as info:
        list(find_jsonl_partition(lines, nz, source="in/a.jsonl"))
    assert str(info.value).startswith("in/a.jsonl:2: ")


def test_fingerprint_is_of_the_table(nz: entnorm.Normalizer) -> None:
    import pickle

    assert table_fingerprint(nz) == table_fingerprint(pickle.loads(pickle.dumps(nz)))
    assert table_fingerprint(nz) != table_fingerprint(entnorm.load(Path(__file__).parent / "data" / "world.yaml"))


def test_import_does_not_import_dask() -> None:
    code = (
        "import sys, entnorm.distributed; "
        "sys.exit(any(m.split('.')[0] in ('dask', 'distributed') for m in sys.modules))"
    )
    assert subprocess.run([sys.executable, "-c", code], check=False).returncode == 0


# --- Dask: LocalCluster, 2 worker processes --------------------------------------------------


@pytest.fixture(scope="module")
def client() -> Iterator[Any]:
    distributed = pytest.importorskip("dask.distributed")
    with (
        distributed.LocalCluster(n_workers=2, processes=True, threads_per_worker=1, dashboard_address=None) as cluster,
        distributed.Client(cluster) as client,
    ):
        yield client


def _write_articles(directory: Path) -> list[list[dict[str, Any]]]:
    """The sample articles as JSONL, split round-robin into 3 files; returns the records per file."""
    directory.mkdir()
    samples = load_samples()
    assert len(samples) >= 6
    files: list[list[dict[str, Any]]] = [[], [], []]
    for i, sample in enumerate(samples):
        files[i % 3].append({"id": sample.name, "n": i, "text": sample.text})
    for k, records in enumerate(files):
        with open(directory / f"articles-{k}.jsonl", "w", encoding="utf-8") as f:
            f.writelines(json.dumps(record, ensure_ascii=False) + "\n" for record in records)
    return files


def test_dask_matches_single_process_and_ships_once_per_worker(
    client: Any, nz: entnorm.Normalizer, tmp_path: Path
) -> None:
    from entnorm.distributed import dask_find_jsonl

    inputs = _write_articles(tmp_path / "in")
    paths = dask_find_jsonl(str(tmp_path / "in"), tmp_path / "out", client=client)
    assert [Path(p).name for p in paths] == ["part-00000.jsonl", "part-00001.jsonl", "part-00002.jsonl"]

    for records, path in zip(inputs, paths):
        with open(path, encoding="utf-8") as f:
            got = [json.loads(line) for line in f]
        assert [(r["id"], r["n"], r["text"]) for r in got] == [(r["id"], r["n"], r["text"]) for r in records]
        for r in got:
            assert r["mentions"] == _expected(nz, r["text"]), r["id"]
    assert sum(len(_expected(nz, r["text"])) for records in inputs for r in records) > 50

    # A second run with the same table (and a glob this time) reuses the workers' Normalizers.
    again = dask_find_jsonl(str(tmp_path / "in" / "*.jsonl"), tmp_path / "out2", client=client)
    assert [Path(p).read_bytes() for p in again] == [Path(p).read_bytes() for p in paths]

    fingerprint = table_fingerprint(nz)
    builds = client.run(worker_builds)
    assert len(builds) == 2
    assert all(per_worker.get(fingerprint, 0) <= 1 for per_worker in builds.values()), builds
    assert sum(per_worker.get(fingerprint, 0) for per_worker in builds.values()) >= 1
    assert worker_builds().get(fingerprint, 0) == 0  # the client process never built one


def test_dask_bad_line_fails_naming_file_and_line(client: Any, tmp_path: Path) -> None:
    from entnorm.distributed import dask_find_jsonl

    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.jsonl").write_text('{"text": "Seoul."}\n{"text": "Tokyo."}\n{oops\n', encoding="utf-8")
    with pytest.raises(ValueError, match=r"a\.jsonl:3: not valid JSON"):
        dask_find_jsonl(str(tmp_path / "in"), tmp_path / "out", client=client)


def test_dask_no_input_files(client: Any, tmp_path: Path) -> None:
    from entnorm.distributed import dask_find_jsonl

    with pytest.raises(FileNotFoundError, match="no input files"):
        dask_find_jsonl(str(tmp_path / "missing" / "*.jsonl"), tmp_path / "out", client=client)


def test_dask_worker_killed_mid_partition_loses_and_duplicates_nothing(
    client: Any, nz: entnorm.Normalizer, tmp_path: Path
) -> None:
    """SIGKILL to a worker after it has yielded the first record of a partition: Dask reruns
    the task on a live worker, whose write truncates the half-written part file. Every record
    comes out once, identical to single-process ``find``. (Runs last: it restarts a worker.)"""
    import os
    import signal
    from concurrent.futures import ThreadPoolExecutor

    from entnorm.distributed import dask_find_jsonl

    marker = tmp_path / "killed"

    def arm(marker: str) -> None:
        """On each worker: die by SIGKILL inside the first partition that any worker starts."""
        import entnorm.distributed as d

        original = d.find_jsonl_partition

        def dying(lines: Any, nz: Any, **kwargs: Any) -> Iterator[str]:
            for k, line in enumerate(original(lines, nz, **kwargs)):
                yield line
                if k == 0:
                    try:
                        os.close(os.open(marker, os.O_CREAT | os.O_EXCL | os.O_WRONLY))
                    except FileExistsError:
                        continue  # another worker died already: this one works normally
                    os.kill(os.getpid(), signal.SIGKILL)

        d.find_jsonl_partition = dying

    pids_before = set(client.run(os.getpid).values())
    client.run(arm, str(marker))
    inputs = _write_articles(tmp_path / "in")
    pool = ThreadPoolExecutor(1)  # a bound on the run, in case the retry never came
    try:
        paths = pool.submit(dask_find_jsonl, str(tmp_path / "in"), tmp_path / "out", client=client).result(120)
    finally:
        pool.shutdown(wait=False)  # a run still going ends with the cluster
    assert marker.exists(), "no worker was killed"
    for records, path in zip(inputs, paths):
        with open(path, encoding="utf-8") as f:
            got = [json.loads(line) for line in f]
        assert [(r["id"], r["mentions"]) for r in got] == [(r["id"], _expected(nz, r["text"])) for r in records]
    client.wait_for_workers(2, timeout=60)
    assert set(client.run(os.getpid).values()) != pids_before  # the nanny started a new worker
