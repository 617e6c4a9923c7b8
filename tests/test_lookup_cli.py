"""``entnorm lookup``: NAME arguments, and --column over CSV/JSONL keeping every input row."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from entnorm.cli import main


def test_names_as_text(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["lookup", "Ponpeo", "Zhang Wei", "--limit", "1", "--threshold", "0.6"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0] == "Ponpeo" and "mike-pompeo" in out[1] and "0.92" in out[1]
    assert out[2:] == ["Zhang Wei", "  (no candidates)"]


def test_names_as_json_with_threshold_types_and_context(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["lookup", "Johnson", "--format", "json", "--threshold", "0.5"]) == 0
    assert json.loads(capsys.readouterr().out) == [{"name": "Johnson", "candidates": []}]
    assert main(["lookup", "Johnson", "--format", "jsonl", "--context", "Boris Johnson spoke."]) == 0
    (line,) = capsys.readouterr().out.splitlines()
    assert json.loads(line)["candidates"][0]["entity_id"] == "boris-johnson"
    assert main(["lookup", "Korea", "--format", "jsonl", "--type", "PERSON"]) == 0
    assert json.loads(capsys.readouterr().out)["candidates"] == []


def test_csv_column_keeps_rows(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    src = tmp_path / "people.csv"
    src.write_text('id,who,note\n1,Ponpeo,"two\nlines"\n2,Zhang Wei,x\n3,Te Langpu,y\n', encoding="utf-8")
    assert main(["lookup", "--column", "who", "--threshold", "0.6", str(src)]) == 0
    rows = list(csv.reader(io.StringIO(capsys.readouterr().out)))
    assert rows[0] == [
        "id",
        "who",
        "note",
        "entnorm_id",
        "entnorm_name",
        "entnorm_type",
        "entnorm_score",
        "entnorm_method",
    ]
    assert rows[1][:5] == ["1", "Ponpeo", "two\nlines", "mike-pompeo", "Mike Pompeo"]
    assert rows[2] == ["2", "Zhang Wei", "x", "", "", "", "", ""]
    assert rows[3][3] == "donald-trump" and float(rows[3][6]) >= 0.6


def test_jsonl_column_with_context_field(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    src = tmp_path / "ents.jsonl"
    src.write_text(
        '{"id": 1, "who": "Johnson", "doc": "Boris Johnson spoke."}\n\n{"id": 2, "who": "Johnson", "doc": ""}\n',
        encoding="utf-8",
    )
    assert main(["lookup", "--column", "who", "--context-field", "doc", "--limit", "1", str(src)]) == 0
    first, second = (json.loads(x) for x in capsys.readouterr().out.splitlines())
    assert first["id"] == 1 and first["doc"] == "Boris Johnson spoke."
    assert first["candidates"][0]["entity_id"] == "boris-johnson" and first["candidates"][0]["score"] >= 0.8
    assert second["candidates"][0]["score"] < 0.5


def test_column_from_stdin_with_jobs(tmp_path: Path) -> None:
    lines = "".join(json.dumps({"n": k, "name": name}) + "\n" for k, name in enumerate(["Ponpeo", "文在寅"] * 3))
    proc = subprocess.run(
        [sys.executable, "-m", "entnorm", "lookup", "--column", "name", "--jobs", "2", "--limit", "1"],
        input=lines.encode(),
        capture_output=True,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    out = [json.loads(x) for x in proc.stdout.decode().splitlines()]
    assert [o["n"] for o in out] == list(range(6))
    assert [o["candidates"][0]["entity_id"] for o in out] == ["mike-pompeo", "moon-jae-in"] * 3


def test_errors_name_file_and_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    src = tmp_path / "t.csv"
    src.write_text("id,who\n1,Ponpeo\n2,Ponpeo,extra\n", encoding="utf-8")
    assert main(["lookup", "--column", "who", str(src)]) == 1
    assert f"{src}:3: 3 fields, but the header has 2" in capsys.readouterr().err
    assert main(["lookup", "--column", "name", str(src)]) == 1
    assert "no column 'name' (columns: id, who)" in capsys.readouterr().err
    bad = tmp_path / "t.jsonl"
    bad.write_text('{"who": "Ponpeo"}\n{"who": 3}\n', encoding="utf-8")
    assert main(["lookup", "--column", "who", str(bad)]) == 1
    assert f"{bad}:2: field 'who' is int, not a string" in capsys.readouterr().err
    for usage in (["lookup"], ["lookup", "X", "--threshold", "2"], ["lookup", "--column", "who", "--format", "json"]):
        with pytest.raises(SystemExit) as info:
            main(usage)
        assert info.value.code == 2


def test_byte_order_mark_and_bad_encoding(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bom = tmp_path / "excel.csv"
    bom.write_bytes("\ufeffname\r\nPonpeo\r\n".encode())
    assert main(["lookup", "--column", "name", str(bom)]) == 0
    rows = list(csv.reader(io.StringIO(capsys.readouterr().out)))
    assert rows[0][0] == "name" and rows[1][:2] == ["Ponpeo", "mike-pompeo"]
    bad = tmp_path / "latin1.csv"
    bad.write_bytes("name\nK\xf6ln\n".encode("latin-1"))
    assert main(["lookup", "--column", "name", str(bad)]) == 1
    assert f"{bad}:2: not valid utf-8" in capsys.readouterr().err
    assert main(["lookup", "--column", "name", "--encoding", "latin-1", str(bad)]) == 0
    assert "Köln" in capsys.readouterr().out
