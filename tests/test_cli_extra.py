"""CLI: find over JSONL, coloured/plain views, progress, --jobs; render, eval, explain."""

from __future__ import annotations

import importlib.util
import json
import re
from pathlib import Path

import pytest

from entnorm.cli import main

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "garbled-article.txt"
ANSI = re.compile(r"\x1b\[[0-9;]*m")

TEXTS = [
    "Ponpeo met Foreign Minister Kang Jinghe in Seoul.",
    "Nothing to see here.",
    "Xinhua said Beijing and Tokyo agreed.",
    "Kim Jong-un and Kim Yo-jong arrived. Kim spoke first.",
]


def _jsonl(tmp_path: Path, n: int = 1) -> Path:
    p = tmp_path / "docs.jsonl"
    lines = []
    for k in range(n):
        for i, t in enumerate(TEXTS):
            lines.append(json.dumps({"id": f"d{k}-{i}", "body": t, "lang": "en", "mentions": "old"}))
    p.write_text("\n".join(lines) + "\n\n", encoding="utf-8")
    return p


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


# -- find ----------------------------------------------------------------------------------


def test_find_jsonl_passes_fields_through(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = _run(capsys, "find", "--text-field", "body", "--mentions-field", "found", str(_jsonl(tmp_path)))
    assert code == 0, err
    rows = [json.loads(line) for line in out.splitlines()]
    assert [r["id"] for r in rows] == [f"d0-{i}" for i in range(len(TEXTS))]
    for r, t in zip(rows, TEXTS):
        assert r["body"] == t and r["lang"] == "en" and r["mentions"] == "old"
        for m in r["found"]:
            assert t[m["start"] : m["end"]] == m["text"]
    assert [m["entity_id"] for m in rows[0]["found"]] == ["mike-pompeo", "kang-kyung-wha", "seoul"]
    assert rows[1]["found"] == []


def test_find_jsonl_default_field_name_and_formats(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = str(_jsonl(tmp_path))
    _, out, _ = _run(capsys, "find", "--text-field", "body", path)
    assert isinstance(json.loads(out.splitlines()[0])["mentions"], list)  # overwritten
    code, out, _ = _run(capsys, "find", "--text-field", "body", "--format", "json", path)
    assert code == 0 and len(json.loads(out)) == len(TEXTS)
    code, out, _ = _run(capsys, "find", "--text-field", "body", "--format", "text", path)
    assert code == 0 and "== d0-0" in out and "(no mentions)" in out


def test_find_jsonl_stdin(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    import io

    data = "\n".join(json.dumps({"text": t}) for t in TEXTS).encode()
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(data)))
    code, out, _ = _run(capsys, "find", "--text-field", "text")
    assert code == 0 and len(out.splitlines()) == len(TEXTS)


@pytest.mark.parametrize(
    "content, message",
    [
        ("{oops\n", "not valid JSON"),
        ('["a"]\n', "expected a JSON object, got list"),
        ('{"text": 3}\n', "no 'body' field"),
        ('{"body": 3}\n', "field 'body' is int, not a string"),
    ],
)
def test_find_jsonl_errors(tmp_path: Path, capsys: pytest.CaptureFixture[str], content: str, message: str) -> None:
    p = tmp_path / "bad.jsonl"
    p.write_text('{"body": "Seoul."}\n' + content, encoding="utf-8")
    code, _, err = _run(capsys, "find", "--text-field", "body", str(p))
    assert code == 1
    assert f"bad.jsonl:2: {message}" in err


def test_find_plain_when_piped(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = _run(capsys, "find", str(EXAMPLE))
    assert code == 0 and not ANSI.search(out)
    assert "Mike Pompeo (mike-pompeo)" in out
    assert err == ""  # no progress bar when stderr is not a terminal


@pytest.mark.skipif(importlib.util.find_spec("rich") is None, reason="rich not installed")
def test_find_coloured_view(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(capsys, "find", "--color", "always", str(EXAMPLE))
    assert code == 0 and ANSI.search(out)
    plain = ANSI.sub("", out)
    assert "Peng Poe⟨Mike Pompeo⟩" in plain  # the text, with the canonical name after a garbled mention
    assert "kang-kyung-wha" in plain and "transliteration" in plain


def test_find_color_never(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("sys.stdout.isatty", lambda: True, raising=False)
    code, out, _ = _run(capsys, "find", "--color", "never", str(EXAMPLE))
    assert code == 0 and not ANSI.search(out)


@pytest.mark.skipif(
    importlib.util.find_spec("tqdm") is None and importlib.util.find_spec("rich") is None, reason="no progress library"
)
def test_progress_on_stderr(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = _run(capsys, "find", "--text-field", "body", "--progress", "always", str(_jsonl(tmp_path, 30)))
    assert code == 0 and len(out.splitlines()) == 30 * len(TEXTS)
    assert err  # the bar went to stderr, not into the data
    assert all(line.startswith("{") for line in out.splitlines())
    _, _, err = _run(capsys, "find", "--text-field", "body", "--progress", "never", str(_jsonl(tmp_path, 30)))
    assert err == ""


def test_jobs_preserve_order(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = str(_jsonl(tmp_path, 5))
    _, serial, _ = _run(capsys, "find", "--text-field", "body", path)
    code, parallel, err = _run(capsys, "find", "--text-field", "body", "--jobs", "2", "--batch-size", "3", path)
    assert code == 0, err
    assert parallel == serial


def test_jobs_with_plain_files(capsys: pytest.CaptureFixture[str]) -> None:
    samples = sorted(str(p) for p in (ROOT / "tests" / "samples").glob("0*.txt"))[:4]
    _, serial, _ = _run(capsys, "find", "--format", "jsonl", *samples)
    code, parallel, _ = _run(capsys, "find", "--format", "jsonl", "-j", "2", *samples)
    assert code == 0 and parallel == serial


@pytest.mark.parametrize("bad", ["0", "-1", "x"])
def test_jobs_usage(capsys: pytest.CaptureFixture[str], bad: str) -> None:
    with pytest.raises(SystemExit) as exc:
        main(["find", "--jobs", bad, str(EXAMPLE)])
    assert exc.value.code == 2


# -- render --------------------------------------------------------------------------------


def test_render_to_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out_file = tmp_path / "out.html"
    sample = ROOT / "tests" / "samples" / "01-kang-pompeo-phone-call.txt"
    code, out, err = _run(capsys, "render", str(EXAMPLE), str(sample), "-o", str(out_file), "--title", "T<1>")
    assert code == 0 and out == ""
    assert "2 document(s)" in err
    page = out_file.read_text(encoding="utf-8")
    assert page.count("<article") == 2 and "garbled-article.txt" in page
    assert "T&lt;1&gt;" in page and "http" not in page.lower()
    assert 'data-id="mike-pompeo"' in page


def test_render_jsonl_to_stdout(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(capsys, "render", "--text-field", "body", str(_jsonl(tmp_path)))
    assert code == 0 and out.startswith("<!DOCTYPE html>")
    assert out.count("<article") == len(TEXTS) and "<h2>d0-3</h2>" in out


def test_render_unwritable(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = _run(capsys, "render", str(EXAMPLE), "-o", str(tmp_path / "missing" / "x.html"))
    assert code == 1 and "cannot write" in err


# -- eval ----------------------------------------------------------------------------------


def _gold(tmp_path: Path) -> Path:
    text = "Ponpeo met Foreign Minister Kang Jinghe in Seoul. Tokyo."
    gold = {
        "id": "g1",
        "text": text,
        "mentions": [
            {"start": 0, "end": 6, "text": "Ponpeo", "id": "mike-pompeo", "kind": "variant"},
            {"start": 28, "end": 39, "text": "Kang Jinghe", "id": "kang-kyung-wha", "kind": "variant"},
            {"start": 43, "end": 48, "text": "Seoul", "id": "seoul", "kind": "exact"},
            {"start": 50, "end": 55, "text": "Tokyo", "id": "not-tokyo", "kind": "exact"},
        ],
    }
    p = tmp_path / "gold.jsonl"
    p.write_text(json.dumps(gold) + "\n", encoding="utf-8")
    return p


def test_eval_text(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(capsys, "eval", str(_gold(tmp_path)))
    assert code == 0
    assert re.search(r"strict\s+0\.750\s+0\.750\s+0\.750\s+3\s+1\s+1", out), out
    assert "recall by kind" in out and "variant" in out
    assert "wrong entity" in out and "not-tokyo" in out


def test_eval_json_and_fail_under(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    gold = str(_gold(tmp_path))
    code, out, _ = _run(capsys, "eval", gold, "--format", "json", "--fail-under", "0.7")
    assert code == 0
    data = json.loads(out)
    assert data["strict"]["f1"] == 0.75 and data["recall_by_kind"]["variant"]["strict"] == 2
    assert {e["entity_id"] for e in data["entities"] if e["fn"]} == {"not-tokyo"}
    code, _, err = _run(capsys, "eval", gold, "--fail-under", "0.9")
    assert code == 1 and "below" in err


def test_eval_bad_gold(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    p = tmp_path / "g.jsonl"
    p.write_text('{"id": "x", "text": "abc", "mentions": [{"start": 0, "end": 2, "text": "zz", "id": "a"}]}\n')
    code, _, err = _run(capsys, "eval", str(p))
    assert code == 1 and "g.jsonl:1" in err
    code, _, err = _run(capsys, "eval", str(tmp_path / "nope.jsonl"))
    assert code == 1 and "cannot read" in err


# -- explain -------------------------------------------------------------------------------


def test_explain_text(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(capsys, "explain", "Kim Jong-un and Kim Yo-jong arrived. Kim spoke first.")
    assert code == 0
    assert "→ kim-jong-un" in out and "ambiguous" in out
    code, out, _ = _run(capsys, "explain", "--rejected-only", "Kim Jong-un and Kim Yo-jong arrived. Kim spoke.")
    assert "→ kim-jong-un" not in out and "→ not linked" in out


def test_explain_json_file(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(capsys, "explain", "--format", "json", "--file", str(EXAMPLE))
    assert code == 0
    data = json.loads(out)
    text = EXAMPLE.read_text(encoding="utf-8")
    assert data["text"] == text and "spans" in data
    assert [m["entity_id"] for m in data["mentions"]][:2] == ["kang-kyung-wha", "mike-pompeo"]
    for s in data["spans"]:
        assert text[s["start"] : s["end"]] == s["text"]
        assert all(c["reason"] for c in s["candidates"])


def test_explain_usage(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exc:
        main(["explain", "some text", "--file", str(EXAMPLE)])
    assert exc.value.code == 2


def test_explain_custom_table(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    table = tmp_path / "t.yaml"
    table.write_text("entities:\n  - id: acme\n    name: Acme Corporation\n    type: ORG\n    aliases: [Acme]\n")
    code, out, _ = _run(capsys, "explain", "--aliases", str(table), "Acme Corporation said so.")
    assert code == 0 and "→ acme" in out
