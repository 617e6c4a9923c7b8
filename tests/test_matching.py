"""What find() catches, with the span exactly on the name (tests/data/world.yaml)."""

from __future__ import annotations

from pathlib import Path

import pytest

import entnorm

TABLE = Path(__file__).parent / "data" / "world.yaml"


@pytest.fixture(scope="module")
def nz() -> entnorm.Normalizer:
    return entnorm.load(TABLE)


def links(nz: entnorm.Normalizer, text: str) -> list[tuple[str, str]]:
    found = nz.find(text)
    for m in found:
        assert text[m.start : m.end] == m.text
    return [(m.text, m.entity_id) for m in found]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Mike Pompeo arrived.", ("Mike Pompeo", "mike-pompeo", "exact")),
        ("POMPEO ARRIVES IN SEOUL TODAY", ("POMPEO", "mike-pompeo", "exact")),
        ("Then Erdogan spoke.", ("Erdogan", "recep-tayyip-erdogan", "exact")),
        ("Then Erdoğan spoke.", ("Erdoğan", "recep-tayyip-erdogan", "exact")),
        ("It was “Pompeo’s” idea.", ("Pompeo", "mike-pompeo", "exact")),
        ("Kim Jong Un met him.", ("Kim Jong Un", "kim-jong-un", "exact")),
        ("Kimjongun met him.", ("Kimjongun", "kim-jong-un", "exact")),
        ("The envoy Ponpeo said.", ("Ponpeo", "mike-pompeo", "transliteration")),
        ("Secretary of Treasury Ponpeo said.", ("Ponpeo", "mike-pompeo", "transliteration")),  # a title
        ("The envoy Pompei said.", ("Pompei", "mike-pompeo", "fuzzy")),
        ("The envoy Pompio said.", ("Pompio", "mike-pompeo", "fuzzy")),
        ("Chancellor Merkle said.", ("Merkle", "angela-merkel", "fuzzy")),
        ("President Zelenski said.", ("Zelenski", "volodymyr-zelensky", "fuzzy")),
        ("President Erdogen said.", ("Erdogen", "recep-tayyip-erdogan", "fuzzy")),
        ("President Mun Jae-in said.", ("Mun Jae-in", "moon-jae-in", "transliteration")),  # via 문재인
        ("President Jinping Xi said.", ("Jinping Xi", "xi-jinping", "fuzzy")),
        ("Prime Minister Abe Shinzou said.", ("Abe Shinzou", "shinzo-abe", "fuzzy")),
        ("President Te Langpu said.", ("Te Langpu", "donald-trump", "transliteration")),
        ("President Wen Zaiyin said.", ("Wen Zaiyin", "moon-jae-in", "transliteration")),
        ("Minister He Ye Tailang said.", ("He Ye Tailang", "taro-kono", "transliteration")),
        ("Secretary Peng Poe said.", ("Peng Poe", "mike-pompeo", "fuzzy")),
        ("Minister Kang Jinghe said.", ("Kang Jinghe", "kang-kyung-wha", "transliteration")),
        ("President 文在寅 said.", ("文在寅", "moon-jae-in", "native")),
        ("장관 폼페이오 said.", ("폼페이오", "mike-pompeo", "native")),
        ("The South Korean Foreign Ministry said.", ("South Korean Foreign Ministry", "south-korea-mofa", "exact")),
    ],
)
def test_finds_each_kind_of_mention(nz: entnorm.Normalizer, text: str, expected: tuple[str, str, str]) -> None:
    found = nz.find(text)
    people = [(m.text, m.entity_id, m.method) for m in found if m.type == "PERSON" or m.type == "ORG"]
    assert expected in people or expected in [(m.text, m.entity_id, m.method) for m in found]


def test_truncations_and_surnames_after_the_full_name(nz: entnorm.Normalizer) -> None:
    text = "Foreign Minister Kang Jinghe met Mike Pompeo. Later Kang Jing said that Pompeo agreed. Kang smiled."
    assert links(nz, text) == [
        ("Kang Jinghe", "kang-kyung-wha"),
        ("Mike Pompeo", "mike-pompeo"),
        ("Kang Jing", "kang-kyung-wha"),
        ("Pompeo", "mike-pompeo"),
        ("Kang", "kang-kyung-wha"),
    ]


def test_surname_alone_without_the_full_name_is_not_linked(nz: entnorm.Normalizer) -> None:
    assert links(nz, "Later Kang said that Kim agreed.") == []


def test_possessive_and_abbreviation_periods(nz: entnorm.Normalizer) -> None:
    assert links(nz, "The U.S. and Pompeo's team.") == [("U.S.", "united-states"), ("Pompeo", "mike-pompeo")]
    assert links(nz, "Donald J. Trump spoke.") == [("Donald J. Trump", "donald-trump")]


def test_crlf_and_length_changing_text_keep_spans(nz: entnorm.Normalizer) -> None:
    text = "Straße İstanbul ﬁnal 😀\r\nSecretary Peng Poe and 文在寅 met Kim Jong-un.\r\n"
    assert links(nz, text) == [("Peng Poe", "mike-pompeo"), ("文在寅", "moon-jae-in"), ("Kim Jong-un", "kim-jong-un")]


def test_word_level_variants_of_multi_word_names(tmp_path: Path) -> None:
    table = tmp_path / "t.yaml"
    table.write_text(
        "entities:\n  - id: sco\n    name: Shanghai Cooperation Organisation\n    type: ORG\n", encoding="utf-8"
    )
    nz = entnorm.load(table)
    text = "Ministers of the Shanghai Cooperative Organization met."
    assert links(nz, text) == [("Shanghai Cooperative Organization", "sco")]
    assert links(nz, "The Shanghai Trade Organization met.") == []  # a different middle word


def test_the_same_family_name_with_another_given_name_needs_support() -> None:
    # benchmarks/unknown_names.py: Japanese names that share a table person's family name.
    nz = entnorm.load()
    for name in ("Tanaka Keiko", "Koki Tanaka", "Matsumoto Keiko"):
        assert nz.find(f"Officials from {name} met the delegation on Monday.") == [], name
    assert [m.entity_id for m in nz.find("Mike Pompoe said so.")] == ["mike-pompeo"]  # a typo still links


def test_a_word_of_a_table_persons_name_is_no_typo_of_a_place() -> None:
    # tests/samples 08: "Kishida" (Fumio Kishida's surname) is one letter from Kishiwada.
    nz = entnorm.load()
    assert "kishiwada" not in [m.entity_id for m in nz.find("Prime Minister Kishida said on Sunday.")]


def test_a_place_in_its_own_right_is_not_another_places_alternate_name() -> None:
    # benchmarks/unknown_names.py: Tumen (Jilin) is also a GeoNames spelling of Tyumen.
    nz = entnorm.load()
    assert nz.find("Officials from Tumen met the delegation on Monday.") == []
