"""`simcli export`: the whole corpus in four formats, written safely."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from conftest import MINI


def test_json_has_every_claim_once_and_the_outcomes(run) -> None:
    records = json.loads(run("export", "--as-of", "2026-11-22").stdout)
    doc = {
        "claims": [r for r in records if r.pop("type") == "claim"],
        "outcomes": json.loads(
            run("export", "--table", "outcomes", "--as-of", "2026-11-22").stdout
        ),
    }
    assert len(records) == 77 + 7
    assert len(doc["claims"]) == 77 and len({c["id"] for c in doc["claims"]}) == 77
    # in time order: the national review began after CMH's call of 19 May 2021
    assert [(o["id"], o["type"]) for o in doc["outcomes"]] == [
        ("nhse-endorses-sim-2016", "event"),
        ("hampshire-police-data-2017", "event"),
        ("sim-bigspd-conference-2017", "event"),
        ("nhse-reply-2021-05-11", "outcome"),
        ("nhse-national-review-2021", "outcome"),
        ("nhse-position-2023-03-10", "outcome"),
        ("nhse-review-unpublished-2023-03-10", "outcome"),
    ]
    review = doc["outcomes"][4]
    assert (review["date"], review["earliest"], review["latest"], review["after"]) == (
        "2021", "2021-05-19", "2021-12-31", ["cmh-2021-05-19"]
    )  # fmt: skip
    halt = next(c for c in doc["claims"] if c["id"] == "stopsim-halt")
    assert (halt["org"], halt["status"], halt["status_date"], halt["via"]) == (
        "stopsim", "partly-met", "2023-03-10", None
    )  # fmt: skip
    concern = next(c for c in doc["claims"] if c["id"] == "nsun-no-evidence")
    assert (concern["kind"], concern["status"]) == ("concern", None)


def test_jsonl_one_record_a_line(run) -> None:
    lines = run("export", "--format", "jsonl").stdout.splitlines()
    records = [json.loads(line) for line in lines]
    assert [r["type"] for r in records] == ["claim"] * 77 + ["event"] * 3 + ["outcome"] * 4


def test_csv_one_table_told_apart_by_type(run) -> None:
    rows = list(csv.DictReader(io.StringIO(run("export", "-f", "csv").stdout)))
    assert len(rows) == 84
    outcome = rows[-1]
    assert (outcome["type"], outcome["id"], outcome["actor"]) == (
        "outcome", "nhse-review-unpublished-2023-03-10", "nhs-england"
    )  # fmt: skip
    assert json.loads(outcome["effects"])[0]["status"] == "refused"
    assert rows[0]["type"] == "claim" and rows[0]["themes"] == "halt-sim"  # time order


def test_markdown_two_tables(run) -> None:
    md = run("export", "-f", "markdown").stdout
    assert md.startswith("### Claims\n\n| id | statement | org |")
    assert "### Outcomes" in md


def test_csv_export_neutralises_formulas(run, write) -> None:
    write(MINI.replace("text: The scheme harms people.", "text: '=cmd|x'"))
    rows = list(csv.DictReader(io.StringIO(run("--data", "c.yaml", "export", "-f", "csv").stdout)))
    assert next(r for r in rows if r["id"] == "alpha-worry")["text"] == "'=cmd|x"


def test_out_is_atomic_and_never_overwrites_unasked(run, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    first = run("export", "--out", "corpus.json")
    assert (first.exit_code, first.stdout, first.stderr) == (
        0, "", "wrote corpus.json: 77 claims, 7 outcomes\n"
    )  # fmt: skip
    assert len(json.loads(Path("corpus.json").read_text())) == 77 + 7
    Path("corpus.json").write_text("mine")
    refused = run("export", "--out", "corpus.json")
    assert (refused.exit_code, refused.stderr) == (
        2, "simcli: --out: corpus.json exists; add --force to replace it\n"
    )  # fmt: skip
    assert Path("corpus.json").read_text() == "mine"
    assert run("export", "-f", "jsonl", "--out", "corpus.json", "--force").exit_code == 0
    assert Path("corpus.json").read_text().startswith('{"type": "claim"')
    assert sorted(p.name for p in tmp_path.iterdir()) == ["corpus.json"]  # no temporary files


def test_failed_export_writes_nothing(run, write, tmp_path: Path) -> None:
    write(MINI.replace("kind: concern", "kind: worry"))
    result = run("--data", "c.yaml", "export", "--out", "out.json")
    assert result.exit_code == 2
    assert not (tmp_path / "out.json").exists()


def test_every_field_of_every_record_is_in_its_output() -> None:
    """A field added to a model must be given a place in simcli.analysis.records (or a reason
    to be left out): JSON, CSV and the exports all take their fields from there."""
    from simcli.model import fields as records
    from simcli.model import schema as model

    tuples = {
        "Theme": records.THEME_FIELDS,
        "Organisation": records.ORGANISATION_FIELDS,
        "Statement": records.STATEMENT_FIELDS,
        "Claim": records.CLAIM_FIELDS,
        "Outcome": records.OUTCOME_FIELDS,
    }
    for name, fields in tuples.items():
        own = set(getattr(model, name).model_fields)
        missing = own - set(fields) - set(records.LEFT_OUT.get(name, {}))
        assert not missing, f"{name}: {sorted(missing)}"
