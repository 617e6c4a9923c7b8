"""JSON Lines alias tables: the same entries as YAML, the same refusals at the same file:line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import entnorm
from _samples import load_samples
from entnorm._table import read_alias_file
from entnorm._table_jsonl import jsonl_lines, read_jsonl_text

WORLD = Path(__file__).resolve().parent / "data" / "world.yaml"


def _strip_sources(entities: tuple[entnorm.Entity, ...]) -> list[dict[str, object]]:
    return [e.model_dump(exclude={"source"}) for e in entities]


def _write(tmp_path: Path, *lines: object, name: str = "t.jsonl") -> Path:
    path = tmp_path / name
    path.write_text(
        "".join((line if isinstance(line, str) else json.dumps(line, ensure_ascii=False)) + "\n" for line in lines),
        encoding="utf-8",
    )
    return path


def test_the_bundled_table_as_jsonl_loads_the_same(tmp_path: Path) -> None:
    out = tmp_path / "aliases.jsonl"
    out.write_text("".join(jsonl_lines(read_alias_file(entnorm.DEFAULT))), encoding="utf-8")
    yaml_nz = entnorm.load(cache=False)
    jsonl_nz = entnorm.load(out, cache=False)
    assert _strip_sources(jsonl_nz.entities) == _strip_sources(yaml_nz.entities)
    assert jsonl_nz.entities[5].source == f"{out}:6"  # one entry a line
    for sample in load_samples()[:8]:
        assert jsonl_nz.find(sample.text) == yaml_nz.find(sample.text)


def test_entries_and_extensions_merge_with_yaml(tmp_path: Path) -> None:
    extra = _write(
        tmp_path,
        {"version": 1},
        {"id": "mike-pompeo", "aliases": ["Zorblax Quint"]},
        "",
        {"id": "new-one", "name": "Brand New", "type": "ORG", "weak_aliases": ["BN", "Brand New"]},
    )
    nz = entnorm.load([WORLD, extra], cache=False)
    assert "Zorblax Quint" in nz.get("mike-pompeo").aliases  # type: ignore[union-attr]
    new = nz.get("new-one")
    assert new is not None and new.weak_aliases == ("BN",) and new.source == f"{extra}:4"
    assert [m.entity_id for m in nz.find("Zorblax Quint met Brand New.")] == ["mike-pompeo", "new-one"]


def test_roles(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        {"id": "x", "name": "X", "type": "GPE"},
        {
            "id": "p",
            "name": "Pat Doe",
            "type": "PERSON",
            "roles": [{"title": "President", "of": "x", "from": "2001", "to": "2004-02"}],
        },
    )
    role = entnorm.load(path, cache=False).get("p").roles[0]  # type: ignore[union-attr]
    assert (role.title, role.of, str(role.start), str(role.end)) == ("President", "x", "2001-01-01", "2004-02-29")


@pytest.mark.parametrize(
    ("lines", "line", "message"),
    [
        (
            [
                '{"id": "a", "name": "A", "type": "ORG"',
            ],
            1,
            "not valid JSON",
        ),
        (['["a"]'], 1, "each line must be a JSON object (an entry), found a list"),
        ([{"id": "a", "nmae": "A", "type": "ORG"}], 1, "unknown field 'nmae' (did you mean 'name'?) in an entry"),
        (['{"id": "a", "name": "A", "name": "B", "type": "ORG"}'], 1, "duplicate field 'name'"),
        (
            [{"id": "a", "name": "A", "type": "ORG"}, "", {"id": "a", "name": "B", "type": "ORG"}],
            3,
            "duplicate id 'a' (first defined on line 1)",
        ),
        ([{"name": "A", "type": "ORG"}], 1, "this entry has no 'id'"),
        ([{"id": "Mike_Pompeo", "name": "A", "type": "ORG"}], 1, "invalid id 'Mike_Pompeo'"),
        ([{"id": "a", "name": "A", "type": "person"}], 1, "unknown type 'person' (did you mean 'PERSON'?)"),
        ([{"id": "a", "name": 1999, "type": "ORG"}], 1, "name must be a string, found the number 1999"),
        ([{"id": "a", "name": None, "type": "ORG"}], 1, "name must be a string, found null"),
        ([{"id": "a", "name": "  ", "type": "ORG"}], 1, "name is empty"),
        ([{"id": "a", "name": "A\nB", "type": "ORG"}], 1, "contains a line break or control character (U+000A)"),
        (
            [{"id": "a", "name": "A", "type": "ORG", "aliases": "B"}],
            1,
            "'aliases' must be a list of strings, found the string 'B'",
        ),
        (
            [{"id": "a", "name": "A", "type": "ORG", "aliases": ["B", 2]}],
            1,
            "alias must be a string, found the number 2",
        ),
        ([{"id": "a", "name": "A"}], 1, "entry 'a' has a 'name' but no 'type'"),
        ([{"id": "a"}], 1, "entry 'a' has no 'name' and 'type' and no aliases"),
        ([{"id": "a", "name": "A", "type": "ORG", "roles": [{"title": "Boss"}]}], 1, "only PERSON entities hold roles"),
        (
            [{"id": "a", "name": "A", "type": "PERSON", "roles": [{"title": "Boss", "from": "2020-13"}]}],
            1,
            "invalid date '2020-13' in a role",
        ),
        (
            [{"id": "a", "name": "A", "type": "PERSON", "roles": [{"title": "Boss", "from": "2020", "to": "2019"}]}],
            1,
            "ends (2019-12-31) before it starts (2020-01-01)",
        ),
        (
            [{"id": "a", "name": "A", "type": "PERSON", "roles": [{"titel": "Boss"}]}],
            1,
            "unknown field 'titel' (did you mean 'title'?) in a role",
        ),
        ([{"id": "a", "name": "A", "type": "ORG"}, {"version": 1}], 2, "'version' may only be given on the first line"),
        ([{"version": 2}], 1, "unsupported version '2'"),
        (['{"id": "a", "name": "\\ud800", "type": "ORG"}'], 1, "lone surrogate"),
    ],
)
def test_refusals_name_the_line(tmp_path: Path, lines: list[object], line: int, message: str) -> None:
    path = _write(tmp_path, *lines)
    with pytest.raises(entnorm.AliasFileError) as info:
        entnorm.load(path, cache=False)
    assert info.value.path == str(path) and info.value.line == line
    assert message in info.value.problem


def test_an_extension_of_an_unknown_id_names_its_line(tmp_path: Path) -> None:
    path = _write(tmp_path, {"id": "nobody", "aliases": ["X"]})
    with pytest.raises(entnorm.AliasFileError, match=r"t\.jsonl:1: entry 'nobody' has no name and type"):
        entnorm.load([WORLD, path], cache=False)


def test_not_utf8_and_byte_order_mark(tmp_path: Path) -> None:
    path = tmp_path / "t.jsonl"
    path.write_bytes(b'{"id": "a", "name": "A", "type": "ORG"}\n{"id": "b", "name": "\xe9", "type": "ORG"}\n')
    with pytest.raises(entnorm.AliasFileError, match=r"t\.jsonl:2: invalid UTF-8"):
        entnorm.load(path, cache=False)
    path.write_bytes(b'\xef\xbb\xbf{"id": "a", "name": "A", "type": "ORG"}\n')
    assert len(entnorm.load(path, cache=False)) == 1


def test_read_jsonl_text_matches_the_yaml_reader_on_a_table() -> None:
    yaml_entries = read_alias_file(WORLD)
    again = read_jsonl_text("".join(jsonl_lines(yaml_entries)), path="w.jsonl")
    assert [e.model_dump(exclude={"source"}) for e in again] == [  # type: ignore[union-attr]
        e.model_dump(exclude={"source"})
        for e in yaml_entries  # type: ignore[union-attr]
    ]


def test_check_reads_jsonl(tmp_path: Path) -> None:
    from entnorm._check import check_files

    path = _write(tmp_path, {"id": "a", "name": "A", "type": "ORG", "aliases": ["May"]})
    findings = check_files([path])
    assert [(f.line, f.code) for f in findings if f.level == "warning"] == [(1, "common-word")]
