"""The index's columns and views: they give back exactly what was built, and survive a round trip."""

from __future__ import annotations

from typing import Any

import pytest

import entnorm
from entnorm._index import Index


@pytest.fixture(scope="module")
def built(request: pytest.FixtureRequest) -> tuple[Index, dict[str, Any]]:
    """The bundled table's index, and the dictionaries it packed into columns."""
    seen: dict[str, Any] = {}
    real = Index._pack

    def spy(self: Index, *args: Any) -> None:
        seen.update(zip(("exact", "korean", "forms_of", "parts", "place_parts", "parts_of"), args))
        real(self, *args)

    mp = pytest.MonkeyPatch()
    mp.setattr(Index, "_pack", spy)
    try:
        nz = entnorm.load(cache=False)
    finally:
        mp.undo()
    return nz._index, seen


def _same_views(index: Index, seen: dict[str, Any]) -> None:
    assert {k: list(v) for k, v in index.exact.items()} == {k: list(v) for k, v in seen["exact"].items()}
    assert {k: list(v) for k, v in index.korean.items()} == {k: list(v) for k, v in seen["korean"].items()}
    assert [list(v) for v in index.forms_of] == [list(v) for v in seen["forms_of"]]
    assert dict(index.parts.items()) == dict(seen["parts"])
    assert dict(index.place_parts.items()) == dict(seen["place_parts"])
    assert list(index.parts_of) == list(seen["parts_of"])
    assert index.exact.get("no such key") is None and "no such key" not in index.parts


def test_the_views_give_back_what_was_built(built: tuple[Index, dict[str, Any]]) -> None:
    index, seen = built
    assert len(index.exact) == len(seen["exact"]) > 10_000
    _same_views(index, seen)


def test_a_round_trip_through_sections_keeps_everything(built: tuple[Index, dict[str, Any]]) -> None:
    index, seen = built
    again = Index.from_sections(index.sections())
    _same_views(again, seen)
    for name in ("role_names", "events", "event_years", "event_words", "lower_starts", "person"):
        assert getattr(again, name) == getattr(index, name), name
    assert list(again.fuzzy_keys) == list(index.fuzzy_keys) and again.fuzzy_keys[-1] == index.fuzzy_keys[-1]
    assert (again.max_key_len, again.max_tokens) == (index.max_key_len, index.max_tokens)
    for name in ("neighbours", "first_words", "skeletons"):
        assert getattr(again, name).words == getattr(index, name).words
    assert list(again.entities) == list(index.entities)
