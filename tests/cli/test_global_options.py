"""Options of simcli as a whole work after the command too: ``simcli demands --data X``."""

from __future__ import annotations

import json

import pytest

from simcli.cli.globalopts import hoisted


def test_data_after_the_command_is_the_corpus(run, mini) -> None:
    after = run("demands", "--data", str(mini), "--format", "json")
    assert after.exit_code == 0, after.output
    assert [r["id"] for r in json.loads(after.stdout)] == ["alpha-halt"]
    assert after.stdout == run("--data", str(mini), "demands", "--format", "json").stdout
    equals = run("orgs", f"--data={mini}", "--format", "json")
    assert [o["id"] for o in json.loads(equals.stdout)] == ["alpha", "gov"]


def test_layout_no_cache_and_no_pager_after_the_command(run, mini) -> None:
    shown = run("orgs", "--layout", "records", "--no-cache", "--no-pager", "--data", str(mini))
    assert shown.exit_code == 0, shown.output
    lines = shown.stdout.splitlines()
    assert lines[:2] == ["-[ 1 ]----------------------------------", "ID            alpha"]


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["demands", "--data", "x"], ["--data", "x", "demands"]),
        (["--no-cache", "demands", "--org", "N", "--layout", "table"],
         ["--no-cache", "--layout", "table", "demands", "--org", "N"]),
        (["extract", "t.txt", "--", "--data"], ["extract", "t.txt", "--", "--data"]),
        (["--data", "x", "orgs"], ["--data", "x", "orgs"]),
        (["--version"], ["--version"]),
    ],
)  # fmt: skip
def test_global_options_move_before_the_command(args: list[str], expected: list[str]) -> None:
    assert hoisted(args) == expected
