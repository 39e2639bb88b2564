"""Hostile strings in the data are printed as inert text in every format."""

from __future__ import annotations

import csv
import io
import json

import pytest
from conftest import MINI, first_column

# The example, written as a YAML double-quoted string (\e is ESC).
EVIL_YAML = r'"[red]x[/red]\e]8;;http://evil\e\\click\e]8;;\e\\"'
EVIL = "[red]x[/red]\x1b]8;;http://evil\x1b\\click\x1b]8;;\x1b\\"
FORMULA = '=HYPERLINK("http://evil","x")'


@pytest.fixture
def hostile(write):
    text = MINI.replace("'We call for the \"scheme\" to be halted'", EVIL_YAML)
    text = text.replace("text: The body should stop the scheme now.", f"text: '{FORMULA}'")
    text = text.replace("name: Alpha Network", 'name: "Alpha \\u202eNetwork [bold]x[/bold] | <b>"')
    assert text != MINI
    return write(text)


def test_table_prints_escapes_and_markup_inertly(run, hostile) -> None:
    result = run("--data", "c.yaml", "demands", "--quotes")
    assert result.exit_code == 0
    assert "\x1b" not in result.stdout
    column = "".join(first_column(result.stdout).split())
    assert '"[red]x[/red]\\u001b]8;;http://evil\\u001b\\click\\u001b]8;;\\u001b\\"' in column


def test_bidi_override_and_markup_in_names(run, hostile) -> None:
    result = run("--data", "c.yaml", "orgs", env={"COLUMNS": "200"})
    assert "\u202e" not in result.stdout
    assert "Alpha \\u202eNetwork [bold]x[/bold] | <b>" in result.stdout


def test_csv_neutralises_formulas(run, hostile) -> None:
    result = run("--data", "c.yaml", "demands", "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert rows[0]["text"] == "'" + FORMULA
    assert rows[0]["quote"] == EVIL  # data stays exact; only formula starts are defused


def test_json_stays_valid_and_exact(run, hostile) -> None:
    rows = json.loads(run("--data", "c.yaml", "demands", "--format", "json").stdout)
    assert (rows[0]["quote"], rows[0]["text"]) == (EVIL, FORMULA)
    assert rows[0]["org_name"] == "Alpha \u202eNetwork [bold]x[/bold] | <b>"


def test_markdown_escapes_pipes_html_and_controls(run, hostile) -> None:
    md = run("--data", "c.yaml", "orgs", "--format", "markdown").stdout
    assert "Alpha \\\\u202eNetwork \\[bold\\]x\\[/bold\\] \\| \\<b\\>" in md
    assert "\u202e" not in md and "\x1b" not in md


def test_messages_that_quote_data_are_inert(run, write) -> None:
    write(
        MINI.replace(
            "themes: [halt]\n        text: The", 'themes: ["\\e[31mhalt"]\n        text: The'
        )
    )
    result = run("--data", "c.yaml", "check")
    assert result.exit_code == 2
    assert "\x1b" not in result.output
    assert "unknown theme '\\u001b[31mhalt'" in result.output


def test_hostile_command_line_values_are_inert(run) -> None:
    result = run("demands", "--org", "\x1b]8;;http://evil\x1b\\x")
    assert result.exit_code == 2
    assert "\x1b" not in result.stderr
