"""Lock the public surface: a change here is a change to users' code."""

from __future__ import annotations

import inspect

import entnorm


def test_exported_names() -> None:
    assert sorted(entnorm.__all__) == sorted(
        [
            "BACKEND",
            "DEFAULT",
            "AliasFileError",
            "Candidate",
            "Entity",
            "EntityType",
            "Mention",
            "Method",
            "Normalizer",
            "Role",
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


def test_candidate_fields() -> None:
    assert list(entnorm.Candidate.model_fields) == ["entity_id", "name", "type", "score", "method", "alias", "text"]


def test_entity_fields() -> None:
    assert list(entnorm.Entity.model_fields) == ["id", "name", "type", "aliases", "weak_aliases", "roles", "source"]


def test_role_fields() -> None:
    assert list(entnorm.Role.model_fields) == ["title", "of", "start", "end"]


def test_find_takes_a_keyword_only_date() -> None:
    date = inspect.signature(entnorm.Normalizer.find).parameters["date"]
    assert date.kind is inspect.Parameter.KEYWORD_ONLY and date.default is None


def test_normalizer_methods() -> None:
    public = {n for n, _ in inspect.getmembers(entnorm.Normalizer) if not n.startswith("_")}
    assert {"find", "get", "entities", "pipe"} <= public
    assert list(inspect.signature(entnorm.Normalizer.pipe).parameters) == ["self", "texts", "n_process", "batch_size"]
    assert inspect.signature(entnorm.Normalizer.pipe).parameters["n_process"].kind is inspect.Parameter.KEYWORD_ONLY
    assert {"lookup", "lookup_many"} <= public
    lookup = inspect.signature(entnorm.Normalizer.lookup).parameters
    assert list(lookup) == ["self", "name", "limit", "types", "context"]
    assert all(lookup[p].kind is inspect.Parameter.KEYWORD_ONLY for p in ("limit", "types", "context"))
    many = inspect.signature(entnorm.Normalizer.lookup_many).parameters
    assert list(many) == ["self", "names", "limit", "types", "n_process", "batch_size"]
    assert all(many[p].kind is inspect.Parameter.KEYWORD_ONLY for p in list(many)[2:])


def test_wikidata_module() -> None:
    from entnorm import wikidata

    assert sorted(wikidata.__all__) == sorted(
        ["DEFAULT_CLASSES", "DEFAULT_LANGUAGES", "ImportResult", "WikidataError", "import_wikidata", "to_yaml"]
    )
    params = inspect.signature(wikidata.import_wikidata).parameters
    assert list(params) == ["path", "languages", "classes", "default_type"]
    assert all(params[p].kind is inspect.Parameter.KEYWORD_ONLY for p in ("languages", "classes", "default_type"))


def test_spacy_component_config() -> None:
    try:
        from entnorm.spacy_component import EntnormComponent
    except ImportError:  # spaCy is an extra
        return
    params = inspect.signature(EntnormComponent).parameters
    assert params["mode"].default == "find" and params["mode"].kind is inspect.Parameter.KEYWORD_ONLY
    assert params["threshold"].default == 0.6


def test_package_is_typed() -> None:
    from importlib import resources

    assert resources.files("entnorm").joinpath("py.typed").is_file()
