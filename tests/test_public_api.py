"""Lock the public surface: a change here is a change to users' code."""

from __future__ import annotations

import inspect

import entnorm


def test_exported_names() -> None:
    assert sorted(entnorm.__all__) == sorted(
        [
            "DEFAULT",
            "AliasFileError",
            "Entity",
            "EntityType",
            "Mention",
            "Method",
            "Normalizer",
            "WorkerError",
            "__version__",
            "load",
        ]
    )
    for name in entnorm.__all__:
        assert hasattr(entnorm, name)


def test_mention_fields() -> None:
    assert list(entnorm.Mention.model_fields) == [
        "start",
        "end",
        "text",
        "entity_id",
        "name",
        "type",
        "score",
        "method",
        "alias",
    ]


def test_entity_fields() -> None:
    assert list(entnorm.Entity.model_fields) == ["id", "name", "type", "aliases", "weak_aliases", "source"]


def test_normalizer_methods() -> None:
    public = {n for n, _ in inspect.getmembers(entnorm.Normalizer) if not n.startswith("_")}
    assert {"find", "get", "entities", "pipe"} <= public
    assert list(inspect.signature(entnorm.Normalizer.pipe).parameters) == ["self", "texts", "n_process", "batch_size"]
    assert inspect.signature(entnorm.Normalizer.pipe).parameters["n_process"].kind is inspect.Parameter.KEYWORD_ONLY


def test_package_is_typed() -> None:
    from importlib import resources

    assert resources.files("entnorm").joinpath("py.typed").is_file()
