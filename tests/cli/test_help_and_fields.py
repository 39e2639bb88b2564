"""Help that points to simcli rules and wraps at any width down to 40 columns without
cutting a word; the export as pandas reads it; --fields as gh --json takes them."""

from __future__ import annotations

import csv
import io
import json

import pytest
import typer.main

from simcli.cli.app import app

# help is laid out for the terminal's width, which click's test runner fixes at 80:
# measured instead in one process of its own, at each width (COLUMNS) in turn
HELP_AT = """
import contextlib, io, json, os, sys
from simcli.cli.app import app
out = {}
for columns in sys.argv[1].split(","):
    os.environ["COLUMNS"] = columns
    for command in sys.argv[2:]:
        buffer = io.StringIO()
        with contextlib.redirect_stdout(buffer), contextlib.suppress(SystemExit):
            app([*([command] if command else []), "--help"], prog_name="simcli")
        out[f"{columns} {command}"] = buffer.getvalue()
print(json.dumps(out))
"""


@pytest.fixture(scope="module")
def helps() -> dict[str, str]:
    import subprocess
    import sys

    widths = "40,60,80,200"
    done = subprocess.run(
        [sys.executable, "-c", HELP_AT, widths, *COMMANDS], capture_output=True, text=True,
        check=True,
    )  # fmt: skip
    return json.loads(done.stdout)


def test_check_help_points_to_simcli_rules(run) -> None:
    shown = " ".join(run("check", "--help", env={"COLUMNS": "200"}).stdout.split())
    assert "Every problem and finding has a rule code: simcli rules lists them" in shown
    assert "README" not in shown


COMMANDS = ["", *sorted(typer.main.get_command(app).commands)]  # type: ignore[attr-defined]


@pytest.mark.parametrize("columns", [40, 60, 80])
def test_help_wraps_at_the_width_down_to_40_columns_never_inside_a_word(helps, columns) -> None:
    for command in COMMANDS:
        text = helps[f"{columns} {command}"]
        assert text.startswith("Usage: simcli"), command
        wide = [line for line in text.splitlines() if len(line) > columns]
        assert wide == [], (command, wide)
        words = set(helps[f"200 {command}"].split())
        for word in text.split():  # each word as it is at 200 columns: none cut in two
            assert word in words or word.rstrip(".,;:)") in words, (command, word)


def test_help_at_40_columns_puts_long_options_on_a_line_of_their_own(helps) -> None:
    lines = helps["40 "].splitlines()
    at = lines.index("  --layout auto|table|records")
    assert lines[at + 1].startswith("                Tables: auto")


def test_export_json_is_one_table_pandas_reads(run) -> None:
    doc = json.loads(run("export", "--as-of", "2026-11-22").stdout)
    assert isinstance(doc, list) and all(isinstance(r, dict) for r in doc)
    assert [r["type"] for r in doc] == ["claim"] * 77 + ["event"] * 3 + ["outcome"] * 4
    claims = json.loads(run("export", "--table", "claims").stdout)
    assert len(claims) == 77 and "type" not in claims[0] and claims[0]["id"]
    outcomes = json.loads(run("export", "--table", "outcomes").stdout)
    assert [o["type"] for o in outcomes] == ["event"] * 3 + ["outcome"] * 4
    rows = list(
        csv.DictReader(io.StringIO(run("export", "--table", "outcomes", "-f", "csv").stdout))
    )
    assert len(rows) == 7 and list(rows[0])[:2] == ["id", "type"]
    refused = run("export", "--table", "claims", "--format", "qdc")
    assert (refused.exit_code, refused.stderr) == (
        2, "simcli: --table goes with --format json, jsonl, csv, tsv or markdown, not qdc\n"
    )  # fmt: skip
    pandas = pytest.importorskip("pandas")
    frame = pandas.read_json(io.StringIO(run("export").stdout))
    assert frame.shape[0] == 84 and list(frame["type"].unique()) == ["claim", "event", "outcome"]
    only = pandas.read_json(io.StringIO(run("export", "--table", "claims").stdout))
    assert only.shape[0] == 77 and "status" in only.columns


def test_fields_picks_the_fields_of_a_listing_as_gh_json_does(run) -> None:
    rows = json.loads(run("demands", "--fields", "id,org,status", "-f", "json").stdout)
    assert rows[0] == {"id": "stopsim-halt", "org": "stopsim", "status": "partly-met"}
    assert run("orgs", "--fields", "id,name", "-f", "csv").stdout.splitlines()[:2] == [
        "id,name", "stopsim,StopSIM Coalition",
    ]  # fmt: skip
    statements = run("statements", "--org", "CMH", "--fields", "id, org", "-f", "tsv").stdout
    assert statements == "id\torg\ncmh-2021-05-19\tcmh\ncmh-2023-03-10\tcmh\n"
    themes = json.loads(run("themes", "--fields", "label,id", "-f", "json").stdout)
    assert list(themes[0]) == ["label", "id"]
    timeline = json.loads(run("timeline", "--fields", "date,title", "-f", "json").stdout)
    assert timeline[0]["date"] == "2016" and set(timeline[0]) == {"date", "title"}
    unknown = run("themes", "--fields", "id,lable", "-f", "json")
    assert (unknown.exit_code, unknown.stderr) == (
        2,
        "simcli: --fields: unknown field 'lable' (did you mean 'label'?); the fields are:"
        " id, label, description, keywords, claims, demands, orgs\n",
    )
    table = run("orgs", "--fields", "id")
    assert (table.exit_code, table.stderr) == (
        2, "simcli: --fields goes with --format json, csv or tsv, not table\n"
    )  # fmt: skip
