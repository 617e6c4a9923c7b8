"""Plain columns: strings in one str, integers in the narrowest array."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from entnorm._columns import StrColumn, ints, offsets


@given(st.lists(st.text()))
def test_a_str_column_gives_back_its_strings(strings: list[str]) -> None:
    col = StrColumn.of(strings)
    assert len(col) == len(strings) and list(col) == strings
    assert [col[i] for i in range(len(strings))] == strings
    assert col[1:3] == strings[1:3]
    assert col.span(0, len(strings)) == tuple(strings)
    if strings:
        assert col[-1] == strings[-1]
    again = StrColumn.from_sections(col.sections("x"), "x")
    assert list(again) == strings


def test_offsets_that_do_not_fit_are_refused() -> None:
    from array import array

    import pytest

    with pytest.raises(ValueError):
        StrColumn("abc", array("B", [0, 4]))


def test_ints_use_the_narrowest_array() -> None:
    assert ints([1, 255]).typecode == "B"
    assert ints([256]).typecode == "I"
    assert ints([1 << 32]).typecode == "Q"
    assert ints([]).typecode == "B" and list(ints([3, 1])) == [3, 1]
    assert list(offsets([2, 0, 3])) == [0, 2, 2, 5]
