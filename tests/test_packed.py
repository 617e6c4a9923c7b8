"""The packed string → integers multimap behind the fuzzy neighbourhoods."""

from __future__ import annotations

from array import array

import pytest
from hypothesis import given
from hypothesis import strategies as st

from entnorm._packed import MAX_VALUE, PackedMultimap


def test_get_returns_every_value_added_under_a_key() -> None:
    m = PackedMultimap([("pompeo", 1), ("pompe", 1), ("pompe", 7), ("kang", 2)])
    assert sorted(m.get("pompe")) == [1, 7]
    assert list(m.get("kang")) == [2]
    assert list(m.get("nobody")) == []
    assert len(m) == 4
    assert m.count("pompe", 1) == 2 and m.count("pompe", 5) == 2


def test_values_must_fit() -> None:
    with pytest.raises(ValueError):
        PackedMultimap([("x", MAX_VALUE + 1)])


@given(st.lists(st.tuples(st.text(max_size=12), st.integers(0, 1000)), max_size=200))
def test_same_as_a_dict_of_lists(pairs: list[tuple[str, int]]) -> None:
    m = PackedMultimap(pairs)
    expected: dict[str, list[int]] = {}
    for k, v in pairs:
        expected.setdefault(k, []).append(v)
    for k, values in expected.items():
        # a hash collision can only add values, never lose one
        assert set(values) <= set(m.get(k))


def test_words_round_trip_and_values_past_the_limit_are_dropped() -> None:
    m = PackedMultimap([("pompeo", 1), ("pompeo", 7), ("kim", 2)])
    again = PackedMultimap.from_words(m.words, limit=8)
    assert sorted(again.get("pompeo")) == [1, 7] and list(again.get("kim")) == [2]
    # A cache file read back with a shorter key list: a value past it is never returned.
    assert sorted(PackedMultimap.from_words(m.words, limit=5).get("pompeo")) == [1]
    with pytest.raises(ValueError):
        PackedMultimap.from_words(array("I", [1]), limit=5)
