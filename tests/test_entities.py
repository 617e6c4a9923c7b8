"""Entities as columns: every field comes back as the model had it, and the model is rebuilt equal."""

from __future__ import annotations

import datetime as dt

import entnorm
from entnorm._entities import EntityRows
from entnorm._models import Entity, Role


def _odd_entities() -> list[Entity]:
    role = Role(title="President", of="x", start=dt.date(2001, 1, 1), end=None)
    return [
        Entity(id="x", name="X", type="GPE", source="t.yaml:3"),
        Entity(id="p", name="Pat", type="PERSON", aliases=("P. Doe", "蓬佩奥"), weak_aliases=("Pat",), roles=(role,)),
        Entity(id="q", name="Q", type="ORG", source="C:\\tables\\a.yaml:0012"),  # not "path:line" as written
        Entity(id="r", name="R", type="EVENT", source="no line here"),
        Entity(id="s", name="S", type="LOC", source="a:b:7"),
    ]


def test_rows_give_back_every_field() -> None:
    entities = _odd_entities()
    rows = EntityRows.of(entities)
    assert len(rows) == len(entities)
    for entity, row in zip(entities, rows):
        assert row.model() == entity
        assert row.all_names() == entity.all_names()
    assert [r.model() for r in rows[1:3]] == entities[1:3] and rows[-1].id == "s"
    assert rows.type_of(1) == "PERSON" and rows.name_of(2) == "Q"
    assert rows.flags_of_type("PERSON") == [False, True, False, False, False]
    assert rows.roles_by_entity() == [(1, entities[1].roles)]


def test_rows_from_their_sections_are_the_same() -> None:
    rows = EntityRows.of(_odd_entities())
    again = EntityRows.from_sections(rows.sections())
    assert list(again) == list(rows)


def test_the_normalizer_builds_models_on_demand() -> None:
    nz = entnorm.load(cache=False)
    pompeo = nz.get("mike-pompeo")
    assert isinstance(pompeo, Entity) and pompeo.name == "Mike Pompeo"
    assert nz._models is None  # get() built one model, not the table's
    models = nz.entities
    assert nz.entities is models and models[0] == nz._entities[0].model()
    assert nz.get("mike-pompeo") is models[nz._by_id["mike-pompeo"]]
    assert list(nz) == list(models)
