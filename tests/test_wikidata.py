"""entnorm.wikidata and ``entnorm import-wikidata``: the real export formats, and clear errors."""

from __future__ import annotations

from pathlib import Path

import pytest

import entnorm
from entnorm.cli import main
from entnorm.wikidata import DEFAULT_CLASSES, WikidataError, import_wikidata, to_yaml

DATA = Path(__file__).parent / "data" / "wikidata"


def by_id(path: Path, **kw: object) -> dict[str, entnorm.Entity]:
    return {e.id: e for e in import_wikidata(path, **kw).entities}  # type: ignore[arg-type]


def test_entity_data_json() -> None:
    (putin,) = import_wikidata(DATA / "Q7747.json").entities
    assert (putin.id, putin.name, putin.type) == ("Q7747", "Vladimir Putin", "PERSON")
    # labels in the other chosen languages, native scripts kept, zh and zh-hans folded together
    assert putin.aliases[:4] == ("弗拉基米尔·普京", "ウラジーミル・プーチン", "블라디미르 푸틴", "Владимир Путин")
    assert {"Vladimir Vladimirovich Putin", "Putin", "Путин"} <= set(putin.aliases)
    assert "Wladimir Putin" not in putin.aliases  # German is not a default language
    assert len(set(putin.aliases)) == len(putin.aliases)


def test_dump_lines_skip_properties_and_report_untyped() -> None:
    result = import_wikidata(DATA / "dump.json")
    assert [e.id for e in result.entities] == ["Q8684", "Q7184"]  # P31 is a property, not an item
    seoul, nato = result.entities
    assert seoul.type == "GPE" and {"首尔", "首爾", "서울", "Seoul Special City"} <= set(seoul.aliases)
    assert nato.type == "ORG" and "北约" in nato.aliases  # via intergovernmental organization
    (skip,) = result.skipped
    assert skip.startswith("line 5 Q1490 (Tokyo)") and "Q1137833" in skip


def test_class_mapping_and_languages() -> None:
    found = by_id(DATA / "dump.json", classes={"Q1137833": "GPE"}, languages=["ja", "en"])
    assert found["Q1490"].type == "GPE"
    assert found["Q1490"].name == "東京都" and found["Q1490"].aliases == ("Tokyo", "東京")
    assert found["Q8684"].name == "ソウル特別市"
    assert by_id(DATA / "dump.json", languages=["*"])["Q8684"].aliases[-1] != "Seoul"  # any language


def test_query_csv_rows_grouped_by_item() -> None:
    result = import_wikidata(DATA / "query.csv")
    assert result.entities == [] and len(result.skipped) == 2  # no class column, no default
    found = by_id(DATA / "query.csv", default_type="PERSON")
    xi = found["Q15031"]
    assert xi.name == "Xi Jinping" and xi.type == "PERSON"
    assert xi.aliases == ("习近平", "習近平", "시진핑", "Си Цзиньпин", "Xi", "习主席")
    assert found["Q956"].aliases == ("北京市", "Peking", "北京")


def test_query_json_results_use_language_tags() -> None:
    result = import_wikidata(DATA / "query.json")
    (merkel,) = result.entities
    assert (merkel.id, merkel.name, merkel.aliases) == ("Q567", "Angela Merkel", ("安格拉·默克尔",))
    assert "Q458" in result.skipped[0] and "Q4120211" in result.skipped[0]
    eu = by_id(DATA / "query.json", classes={"Q4120211": "ORG"})["Q458"]
    assert (eu.type, eu.aliases) == ("ORG", ("EU",))


def test_query_service_flat_json_and_tsv(tmp_path: Path) -> None:
    flat = tmp_path / "flat.json"
    flat.write_text(
        '[{"item": "http://www.wikidata.org/entity/Q64", "itemLabel": "Berlin",'
        ' "class": "http://www.wikidata.org/entity/Q515"}]',
        encoding="utf-8",
    )
    assert [(e.id, e.name, e.type) for e in import_wikidata(flat).entities] == [("Q64", "Berlin", "GPE")]
    tsv = tmp_path / "q.tsv"
    tsv.write_text(
        '?item\t?label\t?class\n<http://www.wikidata.org/entity/Q90>\t"Paris"@en\tGPE\n'
        '<http://www.wikidata.org/entity/Q90>\t"Paris"@fr\tGPE\n',
        encoding="utf-8",
    )
    (paris,) = import_wikidata(tsv).entities
    assert (paris.id, paris.name, paris.type, paris.aliases) == ("Q90", "Paris", "GPE", ())


def test_layouts_are_told_apart(tmp_path: Path) -> None:
    pretty = tmp_path / "pretty.json"  # the Query Service download, indented
    pretty.write_text(
        '[\n  {\n    "item": "http://www.wikidata.org/entity/Q64",\n    "itemLabel": "Berlin",\n'
        '    "class": "GPE"\n  }\n]\n',
        encoding="utf-8",
    )
    assert [e.id for e in import_wikidata(pretty).entities] == ["Q64"]
    lines = tmp_path / "entities.jsonl"  # one entity object a line, no brackets
    lines.write_text(
        '{"type":"item","id":"Q64","labels":{"en":{"language":"en","value":"Berlin"}}}\n'
        '{"type":"item","id":"Q90","labels":{"en":{"language":"en","value":"Paris"}}}\n',
        encoding="utf-8",
    )
    assert [e.name for e in import_wikidata(lines, default_type="GPE").entities] == ["Berlin", "Paris"]
    assert [e.id for e in import_wikidata(DATA / "dump.json", languages="en, ko").entities] == ["Q8684", "Q7184"]


def test_imported_table_loads_and_links(tmp_path: Path) -> None:
    result = import_wikidata(DATA / "Q7747.json")
    out = tmp_path / "putin.yaml"
    out.write_text(to_yaml(result.entities, source="Q7747.json"), encoding="utf-8")
    nz = entnorm.load(out)
    assert nz.lookup("Vladimir Vladimirovich Putin")[0].entity_id == "Q7747"
    assert nz.lookup("ウラジーミル・プーチン")[0].method == "native"
    assert [m.entity_id for m in nz.find("Владимир Путин прибыл.")] == ["Q7747"]


@pytest.mark.parametrize(
    ("content", "where"),
    [
        ("[\n" + '{"type":"item","id":"Q1","labels":{}},\n' + '{"type":"item","id":"Q2",\n' + "]\n", "line 3"),
        ('[\n{"type":"item","labels":{}}\n]\n', "line 2"),
        ('{"entities": {"Q5": {"type": "item", "id": "Q5", "labels": {"en": "human"}}}}', "item 1 (Q5)"),
        ('{"entities": {"Q404": {"id": "Q404", "missing": ""}}}', "item 1 (Q404)"),
        ("label,lang\nBerlin,en\n", "line 1"),
        ("item,label\nhttp://www.wikidata.org/entity/Q64,Berlin,extra\n", "line 2"),
        ("item,label\nQ64,Berlin\nBerlin,Berlin\n", "line 3"),
        ('{"head": {"vars": []}, "results": {"bindings": [{"item": {"type": "uri"}}]}}', "result 1"),
        ('{"entities": {"Q1": ', "line 1"),
    ],
)
def test_bad_input_names_file_and_place(tmp_path: Path, content: str, where: str) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text(content, encoding="utf-8")
    with pytest.raises(WikidataError) as info:
        import_wikidata(bad)
    assert info.value.path == str(bad)
    assert info.value.where is not None and info.value.where.startswith(where)
    assert str(info.value).startswith(f"{bad}:{where}")


def test_unusable_files_and_options(tmp_path: Path) -> None:
    empty = tmp_path / "empty.csv"
    empty.write_text("", encoding="utf-8")
    with pytest.raises(WikidataError, match="empty"):
        import_wikidata(empty)
    with pytest.raises(WikidataError, match="cannot read"):
        import_wikidata(tmp_path / "absent.json")
    with pytest.raises(ValueError, match="unknown entity type"):
        import_wikidata(DATA / "dump.json", classes={"Q515": "CITY"})
    with pytest.raises(ValueError, match="not a Wikidata item"):
        import_wikidata(DATA / "dump.json", classes={"city": "GPE"})
    assert DEFAULT_CLASSES["Q5"] == "PERSON"


def test_cli_import(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "table.yaml"
    args = ["import-wikidata", str(DATA / "dump.json"), str(DATA / "Q7747.json"), "-o", str(out)]
    assert main([*args, "--class", "Q1137833=gpe"]) == 0
    err = capsys.readouterr().err
    assert "3 entities" not in err and "4 entities, 0 item(s) skipped" in err
    assert {e.id for e in entnorm.load(out)} == {"Q8684", "Q7184", "Q1490", "Q7747"}
    assert main([*args, "--strict"]) == 1  # Tokyo skipped
    assert "dump.json:line 5 Q1490 (Tokyo)" in capsys.readouterr().err


def test_cli_errors(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text("item,label\nnot-an-item,Berlin\n", encoding="utf-8")
    assert main(["import-wikidata", str(bad)]) == 1
    assert f"{bad}:line 2: item 'not-an-item' is not a Wikidata item" in capsys.readouterr().err
    assert main(["import-wikidata", str(DATA / "query.csv")]) == 1
    assert "no entity could be imported" in capsys.readouterr().err
    with pytest.raises(SystemExit) as exit_info:
        main(["import-wikidata", str(DATA / "query.csv"), "--class", "Q5"])
    assert exit_info.value.code == 2
