"""Tests of the alias-file reader and of merging tables (``entnorm._table``)."""

from __future__ import annotations

import os
import re
import textwrap
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from entnorm import _table
from entnorm._errors import AliasFileError
from entnorm._models import ENTITY_TYPES, Entity
from entnorm._table import (
    Extension,
    load_tables,
    merge_tables,
    read_alias_file,
    read_alias_text,
)

LOADERS = [yaml.SafeLoader] + ([yaml.CSafeLoader] if hasattr(yaml, "CSafeLoader") else [])


@pytest.fixture(params=LOADERS, ids=lambda loader: loader.__name__)
def each_loader(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Run a test with libyaml and with the pure-Python parser: both must refuse the same."""
    monkeypatch.setattr(_table, "_LOADER", request.param)
    yield


def write(tmp_path: Path, text: str, name: str = "aliases.yaml") -> Path:
    path = tmp_path / name
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def error_for(tmp_path: Path, text: str) -> AliasFileError:
    path = write(tmp_path, text)
    with pytest.raises(AliasFileError) as info:
        read_alias_file(path)
    assert info.value.path == str(path)
    return info.value


VALID = """\
version: 1
entities:
  - id: mike-pompeo          # a comment
    name: Mike Pompeo
    type: PERSON
    aliases:
      - Michael Pompeo
      - 蓬佩奥
    weak_aliases:
      - Pompeo
  - id: Q148
    name: China
    type: GPE
"""


# -- valid files --------------------------------------------------------------------------


def test_reads_entities_with_sources(tmp_path: Path) -> None:
    path = write(tmp_path, VALID)
    entities = read_alias_file(path)
    assert entities == [
        Entity(
            id="mike-pompeo",
            name="Mike Pompeo",
            type="PERSON",
            aliases=("Michael Pompeo", "蓬佩奥"),
            weak_aliases=("Pompeo",),
            source=f"{path}:3",
        ),
        Entity(id="Q148", name="China", type="GPE", source=f"{path}:11"),
    ]


def test_accepts_path_objects_and_strings(tmp_path: Path) -> None:
    path = write(tmp_path, VALID)
    assert read_alias_file(str(path)) == read_alias_file(path)


def test_read_alias_text_uses_given_path() -> None:
    (entity, _) = read_alias_text(VALID, path="inline.yaml")
    assert entity.source == "inline.yaml:3"
    (entity, _) = read_alias_text(VALID)
    assert entity.source == "<string>:3"


def test_empty_entities_list_is_valid() -> None:
    assert read_alias_text("entities: []\n") == []


def test_duplicate_aliases_are_dropped_silently_first_kept() -> None:
    (entity,) = read_alias_text(
        """\
entities:
  - id: a
    name: Alpha
    type: ORG
    aliases: [Alpha, Beta, Gamma, Beta]
    weak_aliases: [Beta, Delta, Alpha, Delta]
"""
    )
    assert isinstance(entity, Entity)
    assert entity.aliases == ("Beta", "Gamma")
    assert entity.weak_aliases == ("Delta",)


def test_plain_scalars_keep_their_source_text() -> None:
    """YAML 1.1 would turn these into numbers and booleans; names and aliases stay text."""
    (entity,) = read_alias_text(
        """\
entities:
  - id: 1999
    name: 1999
    type: EVENT
    aliases: [NO, Yes, off, 3.50, 0x1F, 1_000]
"""
    )
    assert isinstance(entity, Entity)
    assert (entity.id, entity.name) == ("1999", "1999")
    assert entity.aliases == ("NO", "Yes", "off", "3.50", "0x1F", "1_000")


def test_quoted_null_word_is_a_string() -> None:
    (entity,) = read_alias_text(
        "entities:\n  - id: a\n    name: 'null'\n    type: ORG\n    aliases: [\"~\"]\n"
    )
    assert isinstance(entity, Entity)
    assert (entity.name, entity.aliases) == ("null", ("~",))


def test_values_are_stripped_and_block_scalars_allowed() -> None:
    (entity,) = read_alias_text(
        "entities:\n  - id: a\n    name: |\n      Alpha Corp\n    type: ORG\n"
        "    aliases: ['  Alpha  ']\n"
    )
    assert isinstance(entity, Entity)
    assert (entity.name, entity.aliases) == ("Alpha Corp", ("Alpha",))


def test_format_characters_are_allowed_in_names() -> None:
    """ZWNJ (a format character) is part of Persian spelling, not a control character."""
    (entity,) = read_alias_text(
        "entities:\n  - id: a\n    name: \"\u0645\u06cc\u200c\u0634\u0648\u062f\"\n    type: ORG\n"
    )
    assert isinstance(entity, Entity)
    assert "\u200c" in entity.name


def test_byte_order_mark_is_accepted(tmp_path: Path) -> None:
    path = tmp_path / "bom.yaml"
    path.write_bytes(b"\xef\xbb\xbf" + VALID.encode("utf-8"))
    entities = read_alias_file(path)
    assert [e.id for e in entities] == ["mike-pompeo", "Q148"]
    assert entities[0].source == f"{path}:3"
    assert read_alias_text("\ufeff" + VALID) == read_alias_text(VALID)


def test_extension_entries_are_read_as_extensions() -> None:
    entries = read_alias_text(
        "entities:\n  - id: a\n    aliases: [X, Y, X]\n    weak_aliases: [Y, Z]\n", path="f.yaml"
    )
    assert entries == [Extension("a", ("X", "Y"), ("Z",), "f.yaml", 2)]
    assert entries[0].source == "f.yaml:2"


# -- errors: one test per kind, each asserting path, exact line and a key phrase ------------

# An entry that is complete, for the tests that add a field to it.
ENTRY = "entities:\n  - id: a\n    name: A\n    type: ORG\n"

# fmt: off
ERRORS = [
    # (text, line, phrase)
    pytest.param("entities:\n  - id: a\n    name: 'b\n", 3, "YAML syntax error", id="syntax"),
    pytest.param(
        "entities:\n  - id: a\n    name: b\n   type: ORG\n", 4, "YAML syntax error", id="indent"
    ),
    pytest.param("", None, "the file is empty", id="empty"),
    pytest.param("# only a comment\n\n", None, "the file is empty", id="only-comments"),
    pytest.param("---\n", None, "the file is empty", id="empty-document"),
    pytest.param("- id: a\n  name: b\n", 1, "top level must be a mapping", id="top-list"),
    pytest.param("\nhello\n", 2, "top level must be a mapping", id="top-scalar"),
    pytest.param("version: 1\n", 1, "missing the key 'entities'", id="missing-entities"),
    pytest.param("entities:\n  id: a\n", 2, "'entities' must be a list", id="entities-mapping"),
    pytest.param("entities: 3\n", 1, "'entities' must be a list", id="entities-scalar"),
    pytest.param("entities:\n", 1, "'entities' must be a list", id="entities-null"),
    pytest.param("entities:\n  - a\n", 2, "must be a mapping", id="entry-scalar"),
    pytest.param("entities:\n  - [a]\n", 2, "must be a mapping", id="entry-list"),
    pytest.param("entites: []\n", 1, "unknown field 'entites' (did you mean 'entities'?)",
                 id="top-unknown"),
    pytest.param("version: 2\nentities: []\n", 1, "unsupported version '2'", id="version"),
    pytest.param("entities:\n  - name: a\n    type: ORG\n", 2, "has no 'id'", id="missing-id"),
    pytest.param("entities:\n  - id: ''\n", 2, "id is empty", id="empty-id"),
    pytest.param("entities:\n  - id:\n", 2, "id is empty", id="blank-id"),
    pytest.param("entities:\n  - id: null\n", 2, "a bare 'null' means nothing", id="null-id"),
    pytest.param("entities:\n  - id: [a]\n", 2, "id must be a string", id="list-id"),
    pytest.param("entities:\n  - id: Mike_Pompeo\n", 2, "invalid id 'Mike_Pompeo'", id="bad-id"),
    pytest.param("entities:\n  - id: Q0\n", 2, "invalid id 'Q0'", id="bad-qid"),
    pytest.param("entities:\n  - id: -a\n", 2, "invalid id '-a'", id="id-hyphen"),
    pytest.param(
        "entities:\n  - id: a\n    type: ORG\n", 2, "has a 'type' but no 'name'", id="missing-name"
    ),
    pytest.param(
        "entities:\n  - id: a\n    name: A\n", 2, "has a 'name' but no 'type'", id="missing-type"
    ),
    pytest.param("entities:\n  - id: a\n    name: ''\n    type: ORG\n", 3, "name is empty",
                 id="empty-name"),
    pytest.param("entities:\n  - id: a\n    name: '   '\n", 3, "only spaces", id="space-name"),
    pytest.param("entities:\n  - id: a\n    name: ~\n", 3, "a bare '~'", id="tilde-name"),
    pytest.param("entities:\n  - id: a\n    name: {x: y}\n", 3, "name must be a string",
                 id="mapping-name"),
    pytest.param("entities:\n  - id: a\n    name: \"A\\nB\"\n", 3, "line break", id="newline-name"),
    pytest.param("entities:\n  - id: a\n    name: A\n    type: person\n", 4,
                 "unknown type 'person' (did you mean 'PERSON'?); allowed types: PERSON, ORG, "
                 "GPE, LOC, NORP, FAC, EVENT", id="bad-type"),
    pytest.param("entities:\n  - id: a\n    name: A\n    type: COMPANY\n", 4,
                 "allowed types: PERSON", id="unknown-type"),
    pytest.param(ENTRY + "    aliases: A2\n", 5,
                 "'aliases' must be a list, found the string 'A2'", id="aliases-string"),
    pytest.param(ENTRY + "    aliases:\n", 5,
                 "'aliases' is empty", id="aliases-null"),
    pytest.param(ENTRY + "    weak_aliases: {x: y}\n",
                 5, "'weak_aliases' must be a list", id="weak-mapping"),
    pytest.param(ENTRY + "    aliases:\n      - B\n"
                 "      - ''\n", 7, "alias is empty", id="empty-alias"),
    pytest.param(ENTRY + "    aliases:\n      -\n", 6,
                 "alias is empty", id="blank-alias"),
    pytest.param(ENTRY + "    aliases:\n      - null\n",
                 6, "alias is empty: a bare 'null'", id="null-alias"),
    pytest.param(ENTRY + "    aliases:\n"
                 "      - [b, c]\n", 6, "each alias must be a string, found a list",
                 id="list-alias"),
    pytest.param(ENTRY + "    weak_aliases:\n"
                 "      - {b: c}\n", 6, "each weak alias must be a string", id="mapping-weak"),
    pytest.param("entities:\n  - id: a\n    nmae: A\n", 3,
                 "unknown field 'nmae' (did you mean 'name'?)", id="misspelled-name"),
    pytest.param(ENTRY + "    alias: [B]\n", 5,
                 "unknown field 'alias' (did you mean 'aliases'?)", id="misspelled-aliases"),
    pytest.param("entities:\n  - id: a\n    wikidata: Q1\n", 3, "unknown field 'wikidata'",
                 id="unknown-field"),
    pytest.param("entities:\n  - id: a\n    ? [x]\n    : y\n", 3, "field names must be plain",
                 id="complex-key"),
    pytest.param("entities:\n  - id: a\n    name: A\n    name: B\n    type: ORG\n", 4,
                 "duplicate field 'name' (first given on line 3)", id="duplicate-key"),
    pytest.param("entities: []\nentities: []\n", 2, "duplicate field 'entities'",
                 id="duplicate-top-key"),
    pytest.param(ENTRY + "  - id: b\n    name: B\n"
                 "    type: ORG\n  - id: a\n    name: C\n    type: ORG\n", 8,
                 "duplicate id 'a' (first defined on line 2)", id="duplicate-id"),
    pytest.param("entities:\n  - id: a\n", 2, "no aliases", id="id-only"),
    pytest.param("entities: []\n---\nentities: []\n", 2, "only one YAML document",
                 id="two-documents"),
    pytest.param("entities:\n  - id: a\n    name: A\x07\n", 3, "U+0007 is not allowed",
                 id="control-character"),
]
# fmt: on


@pytest.mark.parametrize(("text", "line", "phrase"), ERRORS)
def test_errors(tmp_path: Path, text: str, line: int | None, phrase: str) -> None:
    error = error_for(tmp_path, text)
    assert error.line == line, error
    assert phrase in error.problem
    prefix = f"{error.path}:{line}: " if line is not None else f"{error.path}: "
    assert str(error) == prefix + error.problem


# fmt: off
TAGS = [
    pytest.param("entities: !!python/object:os.Foo {}\n", 1, "'!!python/object:os.Foo'",
                 id="python-object"),
    pytest.param("entities:\n  - id: a\n    name: !!python/name:os.system\n", 3,
                 "'!!python/name:os.system'", id="python-name"),
    pytest.param("entities:\n  - !custom\n    id: a\n", 2, "'!custom'", id="local"),
    pytest.param("entities:\n  - id: a\n    name: !!str A\n", 3, "'!!str'", id="explicit-str"),
    pytest.param("entities:\n  - id: a\n    name: ! A\n", 3, "'!'", id="non-specific"),
    pytest.param("entities: !!seq []\n", 1, "'!!seq'", id="explicit-seq"),
    pytest.param("!!map\nentities: []\n", 1, "'!!map'", id="top-map"),
    pytest.param("entities:\n  - !!str id: a\n", 2, "'!!str'", id="on-key"),
    pytest.param("%TAG !e! tag:example.com,2000:\n---\nentities: !e!x []\n", 3,
                 "'tag:example.com,2000:x'", id="tag-directive"),
]
# fmt: on


@pytest.mark.parametrize(("text", "line", "shown"), TAGS)
@pytest.mark.usefixtures("each_loader")
def test_tags_are_refused(tmp_path: Path, text: str, line: int, shown: str) -> None:
    error = error_for(tmp_path, text)
    assert error.line == line
    assert "tags are not allowed" in error.problem
    assert shown in error.problem


ANCHORS = [
    pytest.param("entities: &all []\n", 1, "'&all'", id="anchor"),
    pytest.param(
        "entities:\n  - id: a\n    name: &n A\n    type: ORG\n    aliases: [*n]\n", 3, "'&n'",
        id="anchor-then-alias",
    ),
    pytest.param("entities:\n  - *undefined\n", 2, "'*undefined'", id="alias"),
]


@pytest.mark.parametrize(("text", "line", "shown"), ANCHORS)
@pytest.mark.usefixtures("each_loader")
def test_anchors_and_aliases_are_refused(tmp_path: Path, text: str, line: int, shown: str) -> None:
    error = error_for(tmp_path, text)
    assert error.line == line
    assert "anchors and aliases are not allowed in alias files" in error.problem
    assert shown in error.problem


def _billion_laughs(levels: int = 30) -> str:
    """The classic exponential-expansion document, placed where a reader would walk into it."""
    lines = ["entities:", '  - &l0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for level in range(1, levels):
        refs = ", ".join([f"*l{level - 1}"] * 10)
        lines.append(f"  - &l{level} [{refs}]")
    return "\n".join(lines) + "\n"


@pytest.mark.usefixtures("each_loader")
def test_billion_laughs_is_refused_at_the_first_anchor(tmp_path: Path) -> None:
    error = error_for(tmp_path, _billion_laughs())
    assert error.line == 2
    assert "anchors and aliases are not allowed in alias files" in error.problem
    assert "'&l0'" in error.problem


@pytest.mark.usefixtures("each_loader")
def test_billion_laughs_inside_an_entry(tmp_path: Path) -> None:
    text = (
        "entities:\n  - id: a\n    name: A\n    type: ORG\n"
        '    weak_aliases: &l0 ["lol", "lol"]\n'
        "    aliases: [" + ", ".join(["*l0"] * 10) + "]\n"
    )
    error = error_for(tmp_path, text)
    assert error.line == 5
    assert "'&l0'" in error.problem


@pytest.mark.usefixtures("each_loader")
def test_python_tags_never_execute(tmp_path: Path) -> None:
    marker = tmp_path / "hacked"
    payloads = [
        f'entities: !!python/object/apply:os.system ["echo hacked > {marker}"]\n',
        f'entities:\n  - id: a\n    name: !!python/object/apply:os.system ["touch {marker}"]\n',
        f"entities:\n  - !!python/object/new:os.system [touch {marker}]\n",
    ]
    for payload in payloads:
        error = error_for(tmp_path, payload)
        assert "tags are not allowed" in error.problem
        assert "python/object" in error.problem
    assert not marker.exists()


def test_invalid_utf8_reports_the_line_of_the_bad_byte(tmp_path: Path) -> None:
    path = tmp_path / "latin1.yaml"
    path.write_bytes(b"entities:\n  - id: a\n    name: Jos\xe9\n    type: PERSON\n")
    with pytest.raises(AliasFileError) as info:
        read_alias_file(path)
    assert (info.value.path, info.value.line) == (str(path), 3)
    assert "invalid UTF-8 (byte 0xe9)" in info.value.problem


def test_utf16_is_refused_with_advice(tmp_path: Path) -> None:
    path = tmp_path / "utf16.yaml"
    path.write_bytes(VALID.encode("utf-16"))
    with pytest.raises(AliasFileError) as info:
        read_alias_file(path)
    assert (info.value.path, info.value.line) == (str(path), 1)
    assert "save it as UTF-8" in info.value.problem


def test_directory_is_refused(tmp_path: Path) -> None:
    with pytest.raises(AliasFileError) as info:
        read_alias_file(tmp_path)
    assert (info.value.path, info.value.line) == (str(tmp_path), None)
    assert "is a directory" in info.value.problem


def test_missing_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "nope.yaml"
    with pytest.raises(AliasFileError) as info:
        read_alias_file(path)
    assert (info.value.path, info.value.line) == (str(path), None)
    assert "no such file" in info.value.problem
    assert str(info.value) == f"{path}: no such file; check the path"


@pytest.mark.skipif(
    not hasattr(os, "geteuid") or os.geteuid() == 0, reason="root can read any file"
)
def test_unreadable_file_is_refused(tmp_path: Path) -> None:
    path = write(tmp_path, VALID)
    path.chmod(0)
    try:
        with pytest.raises(AliasFileError) as info:
            read_alias_file(path)
    finally:
        path.chmod(0o644)
    assert (info.value.path, info.value.line) == (str(path), None)
    assert "permission denied" in info.value.problem


def test_unreadable_path_is_refused(tmp_path: Path) -> None:
    """A path through a regular file fails in the OS (ENOTDIR), still as AliasFileError."""
    path = write(tmp_path, VALID) / "inside.yaml"
    with pytest.raises(AliasFileError) as info:
        read_alias_file(path)
    assert (info.value.path, info.value.line) == (str(path), None)


def test_errors_pickle_round_trip() -> None:
    import pickle

    with pytest.raises(AliasFileError) as info:
        read_alias_text("entities: 3\n", path="x.yaml")
    copy = pickle.loads(pickle.dumps(info.value))
    assert (copy.path, copy.line, copy.problem) == ("x.yaml", 1, info.value.problem)


# -- merging -----------------------------------------------------------------------------------

BASE = """\
entities:
  - id: a
    name: Alpha
    type: ORG
    aliases: [A1, A2]
    weak_aliases: [Al]
  - id: b
    name: Beta
    type: PERSON
  - id: c
    name: Gamma
    type: GPE
"""


def test_extension_adds_aliases_deduplicated_in_order(tmp_path: Path) -> None:
    base = write(tmp_path, BASE, "base.yaml")
    mine = write(
        tmp_path,
        "entities:\n  - id: a\n    aliases: [A2, A3, Alpha]\n    weak_aliases: [Al, Alf]\n",
        "mine.yaml",
    )
    a, b, c = load_tables([base, mine])
    assert a.aliases == ("A1", "A2", "A3")
    assert a.weak_aliases == ("Al", "Alf")
    assert (a.name, a.type, a.source) == ("Alpha", "ORG", f"{base}:2")
    assert [b.id, c.id] == ["b", "c"]


def test_strong_alias_in_extension_wins_over_weak(tmp_path: Path) -> None:
    base = write(tmp_path, BASE, "base.yaml")
    mine = write(tmp_path, "entities:\n  - id: a\n    aliases: [Al]\n", "mine.yaml")
    (a, _, _) = load_tables([base, mine])
    assert (a.aliases, a.weak_aliases) == (("A1", "A2", "Al"), ())


def test_replacement_keeps_position_and_takes_new_source(tmp_path: Path) -> None:
    base = write(tmp_path, BASE, "base.yaml")
    mine = write(
        tmp_path,
        "entities:\n  - id: new\n    name: New\n    type: LOC\n"
        "  - id: b\n    name: Bêta\n    type: ORG\n    aliases: [B]\n",
        "mine.yaml",
    )
    entities = load_tables([base, mine])
    assert [e.id for e in entities] == ["a", "b", "c", "new"]
    b = entities[1]
    assert (b.name, b.type, b.aliases, b.source) == ("Bêta", "ORG", ("B",), f"{mine}:5")


def test_extension_of_unknown_id_fails_with_file_and_line(tmp_path: Path) -> None:
    base = write(tmp_path, BASE, "base.yaml")
    mine = write(
        tmp_path,
        "entities:\n  - id: a\n    aliases: [A9]\n  - id: zeta\n    aliases: [Z]\n",
        "mine.yaml",
    )
    with pytest.raises(AliasFileError) as info:
        load_tables([base, mine])
    assert (info.value.path, info.value.line) == (str(mine), 4)
    assert "no earlier file defines 'zeta'" in info.value.problem


def test_extension_needs_an_earlier_file_not_a_later_one(tmp_path: Path) -> None:
    base = write(tmp_path, BASE, "base.yaml")
    mine = write(tmp_path, "entities:\n  - id: a\n    aliases: [A9]\n", "mine.yaml")
    with pytest.raises(AliasFileError) as info:
        load_tables([mine, base])
    assert (info.value.path, info.value.line) == (str(mine), 2)


def test_merge_tables_accepts_entity_lists() -> None:
    first = [Entity(id="a", name="A", type="ORG", aliases=("x",))]
    second = [Extension("a", ("y", "x"), ("z",), "p.yaml", 2)]
    (merged,) = merge_tables([first, second])
    assert (merged.aliases, merged.weak_aliases) == (("x", "y"), ("z",))
    assert merge_tables([]) == []


def test_load_tables_refuses_a_single_path(tmp_path: Path) -> None:
    path = write(tmp_path, BASE)
    with pytest.raises(TypeError):
        load_tables(str(path))
    with pytest.raises(TypeError):
        load_tables(path)  # type: ignore[arg-type]
    assert load_tables([]) == []


def test_load_tables_reports_the_failing_file(tmp_path: Path) -> None:
    base = write(tmp_path, BASE, "base.yaml")
    bad = write(tmp_path, ENTRY + "    typo: 1\n", "b.yaml")
    with pytest.raises(AliasFileError) as info:
        load_tables([base, bad])
    assert (info.value.path, info.value.line) == (str(bad), 5)


# -- size and round trip ---------------------------------------------------------------------


def test_large_file_parses(tmp_path: Path) -> None:
    """About 20 MB: the reader streams events, so this only needs memory for the output."""
    path = tmp_path / "big.yaml"
    count = 0
    with path.open("w", encoding="utf-8") as handle:
        handle.write("entities:\n")
        while handle.tell() < 20_000_000:
            handle.write(
                f"  - id: person-{count}\n    name: Person Number {count}\n    type: PERSON\n"
                f"    aliases:\n      - P. Number {count}\n      - Персона {count}\n"
                f"    weak_aliases: [Num{count}]\n"
            )
            count += 1
    entities = read_alias_file(path)
    assert len(entities) == count
    last = entities[-1]
    assert isinstance(last, Entity)
    assert last.aliases == (f"P. Number {count - 1}", f"Персона {count - 1}")
    assert last.source == f"{path}:{2 + 7 * (count - 1)}"


_ALLOWED_CHARS = st.characters(blacklist_categories=("Cc", "Cs", "Zl", "Zp"))
_TEXT = st.text(_ALLOWED_CHARS, min_size=1, max_size=30).map(str.strip).filter(bool)
_ID = st.one_of(
    st.from_regex(r"[a-z0-9][a-z0-9-]{0,20}", fullmatch=True),
    st.integers(min_value=1, max_value=10**9).map(lambda n: f"Q{n}"),
)
_ENTITY = st.builds(
    Entity,
    id=_ID,
    name=_TEXT,
    type=st.sampled_from(ENTITY_TYPES),
    aliases=st.lists(_TEXT, max_size=4).map(tuple),
    weak_aliases=st.lists(_TEXT, max_size=3).map(tuple),
)


def _as_row(entity: Entity) -> dict[str, object]:
    row: dict[str, object] = {"id": entity.id, "name": entity.name, "type": entity.type}
    if entity.aliases:
        row["aliases"] = list(entity.aliases)
    if entity.weak_aliases:
        row["weak_aliases"] = list(entity.weak_aliases)
    return row


@settings(max_examples=200, deadline=None)
@given(
    entities=st.lists(_ENTITY, max_size=6, unique_by=lambda e: e.id),
    flow=st.booleans(),
    width=st.sampled_from([20, 80, 10_000]),
)
def test_dumped_entities_round_trip(entities: list[Entity], flow: bool, width: int) -> None:
    text = yaml.safe_dump(
        {"entities": [_as_row(e) for e in entities]},
        allow_unicode=True,
        sort_keys=False,
        default_flow_style=flow,
        width=width,
    )
    read = read_alias_text(text)
    assert len(read) == len(entities)
    for got, want in zip(read, entities):
        assert isinstance(got, Entity)
        aliases, weak = _table._dedupe(want.name, want.aliases, want.weak_aliases)
        expected = want.model_copy(update={"aliases": aliases, "weak_aliases": weak})
        assert got.model_copy(update={"source": None}) == expected


# -- roles ----------------------------------------------------------------------------------

ROLES = """\
entities:
  - id: united-states
    name: United States
    type: GPE
  - id: mike-pompeo
    name: Mike Pompeo
    type: PERSON
    roles:
      - {title: Secretary of State, of: united-states, from: 2018-04-26, to: 2021-01-20}
      - title: CIA Director
        of: united-states
        from: 2017
        to: 2018-04
"""


def test_roles_are_read_with_partial_dates() -> None:
    (_, pompeo) = _table.merge_tables([_table.read_alias_text(ROLES)])
    first, second = pompeo.roles
    assert (first.title, first.of, str(first.start), str(first.end)) == (
        "Secretary of State", "united-states", "2018-04-26", "2021-01-20"
    )
    assert (str(second.start), str(second.end)) == ("2017-01-01", "2018-04-30")  # a year or month alone


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (("to: 2018-04", "to: 2016"), "ends (2016-12-31) before it starts"),
        (("from: 2017", "from: yesterday"), "invalid date 'yesterday' in a role"),
        (("title: CIA Director", "titel: CIA Director"), "unknown field 'titel' (did you mean 'title'?) in a role"),
        (("    type: PERSON", "    type: ORG"), "only PERSON entities hold roles"),
        (("of: united-states, from", "of: usa, from"), "is 'of: usa', but no entity has that id"),
    ],
)
def test_bad_roles_name_the_file_line_and_problem(change: tuple[str, str], message: str) -> None:
    text = ROLES.replace(*change, 1)
    with pytest.raises(AliasFileError, match=re.escape(message)) as info:
        _table.merge_tables([_table.read_alias_text(text, path="t.yaml")])
    assert info.value.path == "t.yaml" and info.value.line is not None
