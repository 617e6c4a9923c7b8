"""The command line: entnorm find / check, exit codes, formats, python -m entnorm."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from entnorm.cli import main

ROOT = Path(__file__).resolve().parents[1]
ARTICLE = ROOT / "examples" / "garbled-article.txt"
TABLE = Path(__file__).parent / "data" / "world.yaml"


def test_find_text_output(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["find", str(ARTICLE)]) == 0
    out = capsys.readouterr().out
    assert "'Peng Poe'" in out and "Mike Pompeo (mike-pompeo)" in out and "fuzzy" in out


def test_find_jsonl_and_json(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["find", "--format", "jsonl", str(ARTICLE)]) == 0
    (line,) = capsys.readouterr().out.splitlines()
    doc = json.loads(line)
    text = ARTICLE.read_text(encoding="utf-8")
    assert doc["source"] == str(ARTICLE)
    assert all(text[m["start"] : m["end"]] == m["text"] for m in doc["mentions"])
    assert {"mike-pompeo", "kang-kyung-wha"} <= {m["entity_id"] for m in doc["mentions"]}
    assert main(["find", "--format", "json", str(ARTICLE), str(ARTICLE)]) == 0
    assert len(json.loads(capsys.readouterr().out)) == 2


def test_find_with_own_table_and_stdin() -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "entnorm", "find", "--aliases", str(TABLE), "--format", "jsonl"],
        input=b"Te Langpu met Chairman Jin Zhengen.",
        capture_output=True,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    ids = [m["entity_id"] for m in json.loads(proc.stdout)["mentions"]]
    assert ids == ["donald-trump", "kim-jong-un"]


def test_add_aliases_extends_the_bundled_table(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    mine = tmp_path / "mine.yaml"
    mine.write_text("entities:\n  - id: acme\n    name: Acme Widgets\n    type: ORG\n", encoding="utf-8")
    doc = tmp_path / "doc.txt"
    doc.write_text("Acme Widgets hired Ponpeo.", encoding="utf-8")
    assert main(["find", "--add-aliases", str(mine), "--format", "jsonl", str(doc)]) == 0
    ids = [m["entity_id"] for m in json.loads(capsys.readouterr().out)["mentions"]]
    assert ids == ["acme", "mike-pompeo"]


def test_errors_and_exit_codes(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["find", str(tmp_path / "missing.txt")]) == 1
    assert "missing.txt: cannot read" in capsys.readouterr().err
    bad = tmp_path / "bad.yaml"
    bad.write_text("entities:\n  - id: x\n    nmae: X\n", encoding="utf-8")
    assert main(["find", "--aliases", str(bad), str(ARTICLE)]) == 1
    err = capsys.readouterr().err
    assert f"{bad}:3" in err and "nmae" in err
    latin1 = tmp_path / "latin1.txt"
    latin1.write_bytes("Erdoğan\nMerkel gr\xfc\xdft".encode("latin-1", errors="replace"))
    assert main(["find", str(latin1)]) == 1
    assert "not valid utf-8" in capsys.readouterr().err
    assert main(["find", "--errors", "replace", str(latin1)]) == 0
    with pytest.raises(SystemExit) as info:
        main(["find", "--format", "xml"])
    assert info.value.code == 2


def test_check(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", str(ROOT / "data" / "aliases.yaml")]) == 0
    risky = tmp_path / "risky.yaml"
    risky.write_text(
        "entities:\n"
        "  - id: a\n    name: Alpha Person\n    type: PERSON\n    aliases: [Kim]\n"
        "  - id: b\n    name: Beta Person\n    type: PERSON\n    aliases: [Kim, may]\n",
        encoding="utf-8",
    )
    assert main(["check", str(risky)]) == 0
    out = capsys.readouterr().out
    assert "warning" in out and "Kim" in out
    assert main(["check", "--strict", str(risky)]) == 1
    capsys.readouterr()
    broken = tmp_path / "broken.yaml"
    broken.write_text("entities: [\n", encoding="utf-8")
    assert main(["check", str(broken)]) == 1
    assert "broken.yaml:2: error" in capsys.readouterr().out  # the unclosed '[' is reported where it is seen


def test_version_names_the_backend(capsys: pytest.CaptureFixture[str]) -> None:
    import entnorm
    from entnorm import _backend

    with pytest.raises(SystemExit):
        main(["--version"])
    out = " ".join(capsys.readouterr().out.split())  # argparse wraps it to the terminal's width
    assert out == f"entnorm {entnorm.__version__} ({entnorm.BACKEND} backend: {_backend.describe()})"
    if _backend.KERNEL is None:
        assert _backend.REASON in out
    if not _backend.TYPED:
        assert _backend.TYPED_REASON in out
