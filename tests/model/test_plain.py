"""Records to plain data and back without pydantic's schema (the cache's entries):
the same data as ``model_dump(mode="json")``, and the same records as validating it."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import MINI, ROOT
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import BaseModel

import simcli
from simcli.model.dates import PartialDate
from simcli.model.plain import plain, rebuilt
from simcli.model.schema import CorpusData, CorpusFragment
from simcli.store.load import bundled_corpus_path


def _same(built: Any, validated: Any) -> None:
    """Equal, and alike in every way a caller could see: types, field order, the
    fields set, and the dates themselves (shared, immutable instances)."""
    assert type(built) is type(validated)
    if isinstance(validated, BaseModel):
        assert list(built.__dict__) == list(validated.__dict__)
        assert built.model_fields_set == validated.model_fields_set
        assert built.__pydantic_extra__ == validated.__pydantic_extra__
        assert built.__pydantic_private__ == validated.__pydantic_private__
        for name, value in validated.__dict__.items():
            _same(built.__dict__[name], value)
    elif isinstance(validated, list):
        assert len(built) == len(validated)
        for a, b in zip(built, validated, strict=True):
            _same(a, b)
    elif isinstance(validated, PartialDate):
        assert built is validated
    else:
        assert built == validated


def _records(data: CorpusData) -> list[BaseModel]:
    out: list[BaseModel] = [data, *data.themes, *data.organisations, *data.outcomes]
    for statement in data.statements:
        out += [statement, *statement.claims]
    for outcome in data.outcomes:
        out += [*outcome.evidence, *outcome.effects]
    return out


def _generated(tmp_path: Path) -> Path:
    path = tmp_path / "generated.yaml"
    with path.open("w", encoding="utf-8") as out:
        generate = [sys.executable, str(ROOT / "benchmarks" / "generate.py"), "300"]
        subprocess.run(generate, stdout=out, check=True)
    return path


@pytest.fixture(params=["bundled", "mini", "generated"])
def corpus_data(request: pytest.FixtureRequest, tmp_path: Path) -> CorpusData:
    if request.param == "bundled":
        path = bundled_corpus_path()
    elif request.param == "mini":
        path = tmp_path / "mini.yaml"
        path.write_text(MINI, encoding="utf-8")
    else:
        path = _generated(tmp_path)
    return simcli.load_corpus(path, cache=False, drafts=True).data


def test_plain_is_model_dump(corpus_data: CorpusData) -> None:
    for record in _records(corpus_data):
        dumped = record.model_dump(mode="json")
        mine = plain(record)
        assert mine == dumped
        assert list(mine) == list(dumped)  # the keys in the same order
    statement = corpus_data.statements[0]
    assert plain(statement, exclude=("claims",)) == statement.model_dump(
        mode="json", exclude={"claims"}
    )


def test_rebuilt_is_what_validating_gives(corpus_data: CorpusData) -> None:
    """From every field (what the cache writes) and from the fields that differ from
    their defaults (what earlier builds wrote): the records validation makes."""
    for data in (plain(corpus_data), corpus_data.model_dump(mode="json", exclude_defaults=True)):
        text = json.dumps(data)
        validated = CorpusData.model_validate_json(text, strict=True)
        built = rebuilt(CorpusData, json.loads(text))
        assert built == validated
        assert repr(built) == repr(validated)
        _same(built, validated)
        assert built.model_dump_json() == validated.model_dump_json()


OPTIONAL = {  # fields with defaults, by record: dropped or kept at random
    "statement": ["title_ours", "date_note", "after", "url", "source", "endorses"],
    "claim": ["target", "deadline", "deadline_note", "note"],
    "outcome": ["date_note", "after", "url", "source", "note", "evidence", "effects"],
}


@settings(max_examples=30, deadline=None)
@given(drops=st.data())
def test_rebuilt_matches_validation_whatever_fields_are_given(drops: st.DataObject) -> None:
    """The bundled corpus with optional fields left out at random, as a file may
    leave them out: rebuilt and validated alike."""
    data = yaml.safe_load(bundled_corpus_path().read_text(encoding="utf-8"))
    for statement in data["statements"]:
        for key in drops.draw(st.sets(st.sampled_from(OPTIONAL["statement"]))):
            statement.pop(key, None)
        for claim in statement["claims"]:
            for key in drops.draw(st.sets(st.sampled_from(OPTIONAL["claim"]))):
                claim.pop(key, None)
    for outcome in data.get("outcomes", []):
        for key in drops.draw(st.sets(st.sampled_from(OPTIONAL["outcome"]))):
            outcome.pop(key, None)
    validated = CorpusData.model_validate(data)
    for given_data in (plain(validated), validated.model_dump(mode="json", exclude_unset=True)):
        built = rebuilt(CorpusData, json.loads(json.dumps(given_data)))
        again = CorpusData.model_validate_json(json.dumps(given_data), strict=True)
        _same(built, again)


def test_a_fragment_too() -> None:
    data = {"statements": [], "themes": [{"id": "t", "label": "T", "description": "D"}]}
    validated = CorpusFragment.model_validate(data)
    _same(rebuilt(CorpusFragment, json.loads(json.dumps(data))), validated)
    every = plain(validated)
    _same(rebuilt(CorpusFragment, every), CorpusFragment.model_validate(every, strict=True))


@pytest.mark.parametrize(
    "bad",
    [
        [],  # not an object
        {"version": 1, "themes": [], "organisations": [], "statements": [], "nope": 1},
        {"version": 1, "themes": [], "organisations": []},  # statements missing
        {"version": 1, "themes": {}, "organisations": [], "statements": []},
        {"version": 1, "themes": [], "organisations": [], "statements": [{"date": []}]},
    ],
)
def test_data_of_another_shape_is_refused(bad: Any) -> None:
    """An entry of the wrong shape is an error (and the cache rebuilds it), never a
    record with fields missing or extra."""
    with pytest.raises((TypeError, KeyError, ValueError)):
        rebuilt(CorpusData, bad)


def _fields_set(record: BaseModel) -> Any:
    """Each record's and nested record's fields set, as the library exposes them."""
    nested = {
        name: [_fields_set(v) for v in value] if isinstance(value, list) else _fields_set(value)
        for name, value in record.__dict__.items()
        if isinstance(value, BaseModel)
        or (isinstance(value, list) and value and isinstance(value[0], BaseModel))
    }
    return (sorted(record.model_fields_set), nested)


def test_a_corpus_from_the_cache_has_the_fields_set_that_validation_gave(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # model_dump(exclude_unset=True) of a record is the same however it was loaded
    monkeypatch.setenv("SIMCLI_CACHE_DIR", str(tmp_path / "cache"))
    validated = simcli.load_corpus(bundled_corpus_path(), cache=False)
    simcli.load_corpus(bundled_corpus_path())  # cached
    cached = simcli.load_corpus(bundled_corpus_path())
    for a, b in zip(validated.statements, cached.statements, strict=True):
        assert _fields_set(a) == _fields_set(b)
        assert a.model_dump(exclude_unset=True) == b.model_dump(exclude_unset=True)
    for a, b in zip(validated.outcomes, cached.outcomes, strict=True):
        assert a.model_dump(exclude_unset=True) == b.model_dump(exclude_unset=True)
    assert validated.data.model_dump(exclude_unset=True) == cached.data.model_dump(
        exclude_unset=True
    )


def test_a_default_list_is_each_records_own() -> None:
    """As validation gives them: a list a record's data left out is a new one for
    each record (appending to one record's never changes another's)."""
    data = {"version": 1, "themes": [], "organisations": [], "statements": []}
    data["themes"] = [{"id": f"t{n}", "label": "T", "description": "D"} for n in range(2)]
    built = rebuilt(CorpusData, json.loads(json.dumps(data)))
    validated = CorpusData.model_validate(data, strict=True)
    first, second = built.themes
    assert first.keywords == second.keywords == []
    assert first.keywords is not second.keywords
    assert (validated.themes[0].keywords is validated.themes[1].keywords) is False
    assert built.outcomes is not rebuilt(CorpusData, json.loads(json.dumps(data))).outcomes
