"""Tests of the alias-table linter behind ``entnorm check`` (``entnorm._check``)."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from entnorm._check import COMMON_WORDS, Finding, check_files


def write(tmp_path: Path, text: str, name: str = "aliases.yaml") -> Path:
    path = tmp_path / name
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def codes(findings: list[Finding]) -> list[tuple[int | None, str]]:
    return [(f.line, f.code) for f in findings]


CLEAN = """\
entities:
  - id: mike-pompeo
    name: Mike Pompeo
    type: PERSON
    aliases: [Michael Pompeo, 蓬佩奥, US Secretary Pompeo]
    weak_aliases: [Pompeo, Mike]
  - id: united-states
    name: United States
    type: GPE
    aliases: [USA, US, 美国]
    weak_aliases: [America, us]
"""


def test_clean_file_has_no_findings(tmp_path: Path) -> None:
    assert check_files([write(tmp_path, CLEAN)]) == []


def test_no_files_no_findings() -> None:
    assert check_files([]) == []


def test_single_path_is_refused(tmp_path: Path) -> None:
    with pytest.raises(TypeError):
        check_files(str(write(tmp_path, CLEAN)))


def test_reader_error_is_one_error_finding(tmp_path: Path) -> None:
    path = write(tmp_path, "entities:\n  - id: a\n    nmae: A\n    type: ORG\n    bad: 1\n")
    (finding,) = check_files([path])
    assert finding == Finding(
        str(path),
        3,
        "error",
        "invalid-file",
        "unknown field 'nmae' (did you mean 'name'?) in an entry; "
        "allowed fields: id, name, type, aliases, weak_aliases, roles",
    )
    assert str(finding).startswith(f"{path}:3: error: unknown field 'nmae'")
    assert str(finding).endswith("[invalid-file]")


def test_missing_file_is_an_error_without_line(tmp_path: Path) -> None:
    path = tmp_path / "missing.yaml"
    (finding,) = check_files([path])
    assert (finding.path, finding.line, finding.level) == (str(path), None, "error")
    assert str(finding) == f"{path}: error: no such file; check the path [invalid-file]"


def test_extension_of_unknown_id_is_an_error(tmp_path: Path) -> None:
    base = write(tmp_path, CLEAN, "base.yaml")
    mine = write(tmp_path, "entities:\n  - id: nobody\n    aliases: [Nobody]\n", "mine.yaml")
    (finding,) = check_files([base, mine])
    assert (finding.path, finding.line, finding.level, finding.code) == (
        str(mine),
        2,
        "error",
        "unknown-id",
    )
    assert "no earlier file defines 'nobody'" in finding.message


def test_a_broken_file_does_not_hide_the_others(tmp_path: Path) -> None:
    broken = write(tmp_path, "entities: [\n", "broken.yaml")
    other = write(tmp_path, CLEAN.replace("Michael Pompeo", "Rose"), "other.yaml")
    findings = check_files([broken, other])
    assert [(f.path, f.level, f.code) for f in findings] == [
        (str(broken), "error", "invalid-file"),
        (str(other), "warning", "common-word"),
    ]


ENTITY = "entities:\n  - id: e\n    name: Entity Name\n    type: PERSON\n"


@pytest.mark.parametrize(
    ("aliases", "warned"),
    [
        ("[Al]", True),  # two Latin letters, not an acronym
        ("[xi]", True),
        ("[é]", True),  # one letter after folding
        ("[U.s]", True),  # folds to 'us'
        ("[US]", False),  # upper-case acronym
        ("[UK, EU]", False),
        ("[普京]", False),  # not Latin script
        ("[ИГ]", False),
        ("[Ali]", False),  # three letters
        ("['42']", False),  # no letters
    ],
)
def test_short_alias(tmp_path: Path, aliases: str, warned: bool) -> None:
    findings = check_files([write(tmp_path, ENTITY + f"    aliases: {aliases}\n")])
    assert codes(findings) == ([(2, "short-alias")] if warned else [])
    if warned:
        assert "move it to weak_aliases" in findings[0].message


def test_short_weak_alias_is_fine(tmp_path: Path) -> None:
    assert check_files([write(tmp_path, ENTITY + "    weak_aliases: [Al, xi]\n")]) == []


@pytest.mark.parametrize(
    ("aliases", "warned"),
    [
        ("[Rose]", True),
        ("[may]", True),
        ("[Bush]", True),
        ("[Grant]", True),
        ("[Victory]", True),
        ("[Rosé]", True),  # accents do not hide the word
        ("[WHO]", False),  # upper-case acronym
        ("[Rose Park]", False),  # a whole multi-word alias is not one word
        ("[Roses]", False),
    ],
)
def test_common_word_alias(tmp_path: Path, aliases: str, warned: bool) -> None:
    findings = check_files([write(tmp_path, ENTITY + f"    aliases: {aliases}\n")])
    assert codes(findings) == ([(2, "common-word")] if warned else [])


def test_common_word_as_weak_alias_is_fine(tmp_path: Path) -> None:
    text = ENTITY + "    aliases: [Entity]\n    weak_aliases: [Rose, May, Bush]\n"
    assert check_files([write(tmp_path, text)]) == []


def test_common_word_list_is_lower_case_single_words() -> None:
    assert 250 <= len(COMMON_WORDS) <= 600
    assert all(word == word.lower() and word.isalpha() for word in COMMON_WORDS)
    assert {"may", "will", "park", "rose", "bush", "victory"} <= COMMON_WORDS


TWO_KIMS = """\
entities:
  - id: kim-jong-un
    name: Kim Jong-un
    type: PERSON
    aliases: [Kim, Kim Jong Un]
  - id: kim-yo-jong
    name: Kim Yo-jong
    type: PERSON
    aliases: [KIM, kim-yo-jong]
  - id: kim-dae-jung
    name: Kim Dae-jung
    type: PERSON
    aliases: [Kím]
    weak_aliases: [Kim Jong Un]
"""


def test_shared_alias_is_one_warning_naming_the_ids(tmp_path: Path) -> None:
    findings = check_files([write(tmp_path, TWO_KIMS)])
    assert codes(findings) == [(6, "shared-alias")]
    message = findings[0].message
    assert "'Kim'" in message
    assert "'kim-jong-un', 'kim-yo-jong', 'kim-dae-jung'" in message
    assert findings[0].level == "warning"


def test_shared_weak_alias_is_fine(tmp_path: Path) -> None:
    text = TWO_KIMS.replace("aliases: [Kim, Kim Jong Un]", "weak_aliases: [Kim]")
    text = text.replace("aliases: [KIM, kim-yo-jong]", "weak_aliases: [KIM]")
    text = text.replace("    aliases: [Kím]\n    weak_aliases: [Kim Jong Un]\n", "")
    assert check_files([write(tmp_path, text)]) == []


def test_alias_equal_to_another_entitys_name(tmp_path: Path) -> None:
    text = """\
    entities:
      - id: georgia-country
        name: Georgia
        type: GPE
      - id: georgia-us-state
        name: Georgia (U.S. state)
        type: GPE
        aliases: [georgia, State of Georgia]
    """
    findings = check_files([write(tmp_path, text)])
    assert codes(findings) == [(5, "alias-is-name")]
    assert "'georgia' of 'georgia-us-state' is the name of 'georgia-country'" in (
        findings[0].message
    )


def test_alias_equal_to_own_name_after_folding_is_fine(tmp_path: Path) -> None:
    text = ENTITY + "    aliases: [ENTITY NAME, entity-name]\n"
    assert check_files([write(tmp_path, text)]) == []


def test_same_name_twice(tmp_path: Path) -> None:
    text = ENTITY + "  - id: f\n    name: Entity name\n    type: ORG\n"
    findings = check_files([write(tmp_path, text)])
    assert codes(findings) == [(5, "shared-name")]
    assert "'e', 'f'" in findings[0].message


def test_cross_file_warnings_use_the_merged_table(tmp_path: Path) -> None:
    base = write(tmp_path, CLEAN, "base.yaml")
    mine = write(
        tmp_path,
        """\
        entities:
          - id: mike-pompeo
            aliases: [Rose]
          - id: us-army
            name: United States Army
            type: ORG
            aliases: [Michael Pompeo]
        """,
        "mine.yaml",
    )
    findings = check_files([base, mine])
    assert [(f.path, f.line, f.code) for f in findings] == [
        (str(mine), 2, "common-word"),
        (str(mine), 4, "shared-alias"),
    ]


def test_replaced_entity_does_not_count_twice(tmp_path: Path) -> None:
    base = write(tmp_path, CLEAN, "base.yaml")
    mine = write(
        tmp_path,
        "entities:\n  - id: mike-pompeo\n    name: Mike Pompeo\n    type: PERSON\n"
        "    aliases: [Michael Pompeo]\n",
        "mine.yaml",
    )
    assert check_files([base, mine]) == []


def test_order_is_by_file_given_then_line(tmp_path: Path) -> None:
    second = write(tmp_path, ENTITY + "    aliases: [Bo]\n", "a-second.yaml")
    first = write(
        tmp_path,
        "entities:\n  - id: x\n    name: X\n    type: ORG\n    aliases: [Rose]\n"
        "  - id: y\n    name: Y\n    type: ORG\n    aliases: [Al, May]\n",
        "z-first.yaml",
    )
    findings = check_files([first, second])
    assert [(Path(f.path).name, f.line, f.code) for f in findings] == [
        ("z-first.yaml", 2, "common-word"),
        ("z-first.yaml", 6, "common-word"),
        ("z-first.yaml", 6, "short-alias"),
        ("a-second.yaml", 2, "short-alias"),
    ]
    assert check_files([first, second]) == findings
