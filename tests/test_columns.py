"""Plain columns: strings in one str, integers in the narrowest array."""

from __future__ import annotations

from array import array

import pytest
from hypothesis import given
from hypothesis import strategies as st

from entnorm import _backend
from entnorm._columns import StrColumn, extent, ints, offsets


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


@given(st.sampled_from(["B", "I", "Q"]), st.lists(st.integers(min_value=0, max_value=2**64 - 1), max_size=50))
def test_extent_is_min_and_max(code: str, values: list[int]) -> None:
    """On either path (the kernel's C pass, or min and max), ``(0, 0)`` for no items."""
    top = {"B": 2**8, "I": 2**32, "Q": 2**64}[code]
    column = array(code, [v % top for v in values])
    assert extent(column) == (min(column, default=0), max(column, default=0))


def test_the_kernel_extent_refuses_what_is_not_an_unsigned_int_array() -> None:
    if _backend.KERNEL is None:
        pytest.skip("the compiled kernel is not built")
    kernel = _backend.KERNEL
    assert kernel.extent(array("Q", [2**64 - 1, 0, 7])) == (0, 2**64 - 1)
    assert kernel.extent(array("I", range(1000, 0, -1))) == (1, 1000)
    assert kernel.extent(b"\x05\x02\x09") == (2, 9)  # bytes are a buffer of 'B'
    for bad in (
        array("d", [1.0]),
        array("i", [1]),
        array("H", [1]),
        "abc",
        [1, 2],
        memoryview(array("I", [1, 2, 3]))[::2],
    ):
        with pytest.raises((TypeError, BufferError)):
            kernel.extent(bad)  # type: ignore[arg-type]
