"""`simcli schema`: the JSON Schema editors and validators use, generated from the models."""

from __future__ import annotations

import json

import jsonschema
import pytest
from conftest import MINI, ROOT

from simcli.read.yamlsrc import parse_yaml
from simcli.store.load import bundled_corpus_path


def _data(text: str):
    return parse_yaml(text, "c.yaml").data  # dates stay text, as an editor sees them


@pytest.mark.parametrize(("args", "file"), [([], "corpus"), (["--fragment"], "fragment")])
def test_committed_schema_files_are_current(run, args: list[str], file: str) -> None:
    result = run("schema", *args)
    assert result.exit_code == 0
    assert result.stdout == (ROOT / "schema" / f"{file}.schema.json").read_text()


def test_bundled_corpus_has_the_modeline_and_validates() -> None:
    text = bundled_corpus_path().read_text(encoding="utf-8")
    assert text.splitlines()[0] == "# yaml-language-server: $schema=../schema/corpus.schema.json"
    schema = json.loads((ROOT / "schema" / "corpus.schema.json").read_text())
    jsonschema.Draft202012Validator.check_schema(schema)
    jsonschema.validate(_data(text), schema)


@pytest.mark.parametrize(
    ("old", "new", "complaint"),
    [
        ('        quote: "it does real harm ... people"\n', "", "'quote' is a required property"),
        ('        quote: "it does', '        qoute: "it does', "Additional properties"),
        ("        kind: concern", "        kind: worry", "'worry' is not one of"),
        ("    date: 2021-04\n", "    date: April 2021\n", "April 2021"),
    ],
)
def test_schema_rejects_a_broken_copy(old: str, new: str, complaint: str) -> None:
    schema = json.loads((ROOT / "schema" / "corpus.schema.json").read_text())
    jsonschema.validate(_data(MINI), schema)
    with pytest.raises(jsonschema.ValidationError) as info:
        jsonschema.validate(_data(MINI.replace(old, new)), schema)
    assert complaint in str(info.value)


def test_fragment_schema_takes_a_statement_file() -> None:
    schema = json.loads((ROOT / "schema" / "fragment.schema.json").read_text())
    statement_only = "statements:\n" + MINI.split("statements:\n")[1].split("outcomes:\n")[0]
    jsonschema.validate(_data(statement_only), schema)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(_data("statements: 3\n"), schema)
