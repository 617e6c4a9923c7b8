"""Negative evidence (entnorm._known_names): real names of things in no table stay unlinked."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

import entnorm
from entnorm._known_names import east_asian_personal_name, known_place_mains
from entnorm.explain import explain

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def nz() -> entnorm.Normalizer:
    return entnorm.load()


def test_known_places_carry_their_main_names() -> None:
    assert known_place_mains("luzhou") == ()  # a city's own name
    assert "beijing" in (known_place_mains("pekin") or ())  # another name of Beijing
    assert known_place_mains("aichi") is not None  # a prefecture (ISO 3166-2)
    assert known_place_mains("pompeoxyz") is None


@pytest.mark.parametrize(
    ("folds", "expected"),
    [
        (["wang", "xian"], True),
        (["ji", "jiali"], True),
        (["yu", "liang"], True),
        (["kim", "min", "su"], True),  # Kim Min-su: hyphen splits the given name
        (["wang", "xiaoming", "li"], False),  # three given syllables
        (["wang", "xiaomingxyz"], False),  # not syllables
        (["te", "langpu"], False),  # 特 is no common surname
        (["london"], False),
    ],
)
def test_east_asian_personal_name_shape(folds: list[str], expected: bool) -> None:
    assert east_asian_personal_name(folds) is expected


@pytest.mark.parametrize(
    "name",
    ["Luzhou", "Ji Jiali", "Dongjiang", "Sunagawa", "Kanda", "Yu Liang",
     "Changi", "Yin Zheng", "Black Tea", "Chili", "Lijia", "Song Haiyan",
     # Xi'an is a table entity since the places build and "Xian" is its exact alias: selection
     # reads "Wang Xian" as a surname and a given name (_selection._inside_other_name).
     "Wang Xian"],
)
def test_real_names_in_no_table_are_not_linked_alone(nz: entnorm.Normalizer, name: str) -> None:
    text = f"Officials from {name} met the delegation on Monday."
    start = text.index(name)
    assert [m for m in nz.find(text) if m.start < start + len(name) and start < m.end] == []


@pytest.mark.parametrize(("name", "entity_id"), [("Hebei", "hebei-province"), ("Aichi", "aichi-prefecture")])
def test_real_names_the_table_has_grown_to_list_are_linked(nz: entnorm.Normalizer, name: str, entity_id: str) -> None:
    # were in no table when the list above was made; build_places.py added the provinces
    text = f"Officials from {name} met the delegation on Monday."
    assert [m.entity_id for m in nz.find(text)] == [entity_id]


def test_explain_says_why_a_real_name_needs_support(nz: entnorm.Normalizer) -> None:
    ex = explain(nz, "Officials from Ji Jiali met the delegation.")
    (span,) = [s for s in ex.spans if s.text == "Ji Jiali"]
    (kigali,) = [c for c in span.candidates if c.entity_id == "kigali"]
    assert not kigali.kept and "East Asian personal name" in kigali.reason


def test_another_name_of_the_same_place_is_no_evidence_against_it(nz: entnorm.Normalizer) -> None:
    # Xianggang is Hong Kong's own reading: that GeoNames lists it does not make it another place.
    assert [(m.text, m.entity_id) for m in nz.find("Officials from Xianggang met the delegation.")] == [
        ("Xianggang", "hong-kong")
    ]


def test_the_article_supports_a_cautioned_reading(nz: entnorm.Normalizer) -> None:
    # Alone, "Mo Keer" may be anyone named Mo; beside Merkel's own name it is her.
    assert nz.find("Mo Keer said no.") == []
    text = "Angela Merkel arrived. Mo Keer said no."
    assert [(m.text, m.entity_id) for m in nz.find(text)][-1] == ("Mo Keer", "angela-merkel")


def test_built_data_is_current() -> None:
    import importlib.util
    from importlib.metadata import PackageNotFoundError, version

    spec = importlib.util.spec_from_file_location("build_known_names", ROOT / "scripts" / "build_known_names.py")
    assert spec is not None and spec.loader is not None
    script = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(script)
    for package, pinned in script.PINS.items():
        try:
            if version(package) != pinned:
                pytest.skip(f"{package} {version(package)} installed, the build is pinned to {pinned}")
        except PackageNotFoundError:
            pytest.skip(f"{package} (a build-time tool) is not installed")
    proc = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "build_known_names.py"), "--check"],
        capture_output=True, text=True, timeout=600,
    )
    assert proc.returncode == 0, proc.stderr


def test_a_district_the_table_now_has_links_to_itself(nz: entnorm.Normalizer) -> None:
    # Ginza was a name in no table whose reading is ギニア's (Guinea); since issue 10 the table
    # has it, and it links to the district, not to Guinea.
    assert [m.entity_id for m in nz.find("Officials from Ginza met the delegation on Monday.")] == ["ginza"]
