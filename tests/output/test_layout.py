"""Tables at any width: no word, id, date or number is ever cut; a table whose
words do not fit becomes records; status words have colours of their own."""

from __future__ import annotations

import json
import os
import re
from unittest import mock

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

COMMANDS = [
    ["demands"],
    ["demands", "--kind", "all", "--quotes"],
    ["unmet", "--as-of", "2026-11-22"],
    ["compare"],
    ["compare", "--by", "statement", "--org", "CMH"],
    ["orgs"],
    ["statements"],
    ["themes"],
    ["timeline"],
    ["show", "cmh-2023-03-10", "--as-of", "2026-11-22"],
    ["show", "stopsim-respond", "--as-of", "2026-11-22"],
    ["show", "nhse-position-2023-03-10"],
    ["rules"],
]
_RULE = re.compile(r"^(-\[ \d+ \]-+|[─\s]+)$")  # a record's heading, a table's rule


def _words(text: str) -> set[str]:
    return {w for line in text.splitlines() if not _RULE.match(line) for w in line.split()}


def _ids(doc: object) -> set[str]:
    """The ids and dates of the records a JSON answer lists (and those they hold)."""
    found: set[str] = set()
    if isinstance(doc, list):
        for item in doc:
            found |= _ids(item)
    elif isinstance(doc, dict):
        found |= {doc[k] for k in ("id", "date") if isinstance(doc.get(k), str)}
        for key in ("demands", "claims"):
            if isinstance(doc.get(key), list):
                found |= _ids(doc[key])
    return found


@pytest.mark.parametrize("args", COMMANDS, ids=[" ".join(c) for c in COMMANDS])
def test_every_word_whole_at_40_80_and_120_columns(run, args: list[str]) -> None:
    wide = run(*args, env={"COLUMNS": "10000"}).stdout
    whole = _words(wide)
    for columns in (40, 80, 120):
        shown = run(*args, env={"COLUMNS": str(columns)}).stdout
        assert _words(shown) == whole, (columns, sorted(_words(shown) ^ whole)[:10])
        lines = shown.splitlines()
        longest = max(len(word) for word in whole)
        assert max(len(line) for line in lines) <= max(columns, longest + 2)
    doc = json.loads(run(*args, "--format", "json").stdout)
    bare = {word.strip("\"'()[],:;.") for word in whole}
    assert _ids(doc) <= bare  # every id and date of the answer, whole


def test_a_table_too_wide_becomes_records_and_can_be_asked_for(run) -> None:
    narrow = run("orgs", env={"COLUMNS": "60"}).stdout.splitlines()
    assert narrow[:4] == [
        "-[ 1 ]----------------------------------",
        "ID            stopsim",
        "Name          StopSIM Coalition",
        "Short         StopSIM",
    ]
    table = run("--layout", "table", "orgs", env={"COLUMNS": "120"}).stdout.splitlines()
    assert table[0].split()[:3] == ["ID", "Name", "Short"]
    records = run("--layout", "records", "themes", env={"COLUMNS": "200"}).stdout
    assert records.splitlines()[1] == "ID             halt-sim"
    forced = run("themes", env={"COLUMNS": "200", "SIMCLI_LAYOUT": "records"}).stdout
    assert forced == records


def test_rows_of_several_lines_are_set_apart(run) -> None:
    lines = run("demands", "--org", "CMH", env={"COLUMNS": "160"}).stdout.splitlines()
    first = next(i for i, line in enumerate(lines) if line.startswith("cmh21-"))
    second = next(i for i, line in enumerate(lines) if i > first and line.startswith("cmh"))
    assert lines[second - 1].strip() == ""  # a blank line between two rows


def test_met_late_says_what_it_means(run) -> None:
    shown = run("demands", "--status", "met", "--as-of", "2026-11-22", env={"COLUMNS": "160"})
    rows = [line for line in shown.stdout.splitlines() if line.startswith("stopsim-respond")]
    assert rows and rows[0].rstrip().endswith("met late")
    assert "deadline passed" not in shown.stdout.split("cmh21")[0]


def test_status_words_have_colours_of_their_own(monkeypatch) -> None:
    import io

    from simcli.output.render import STATUS_STYLES, Table, _rich

    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.setenv("FORCE_COLOR", "1")
    monkeypatch.setenv("COLUMNS", "80")
    statuses = ["open", "refused", "partly-met", "met", "met late"]
    tables = [Table(["Demand", "Status"], [[f"d{n}", s] for n, s in enumerate(statuses)])]
    coloured = _rich(tables, io.StringIO())
    codes = {s: re.search(rf"\x1b\[([\d;]+)m{re.escape(s)}\b", coloured) for s in statuses}
    assert all(codes.values()), coloured
    assert len({m.group(1) for m in codes.values() if m}) == len(statuses)
    assert len(set(STATUS_STYLES.values())) == len(STATUS_STYLES)
    monkeypatch.setenv("NO_COLOR", "1")
    assert "\x1b" not in _rich(tables, io.StringIO())


def test_the_id_that_names_a_row_is_set_apart_in_bold(monkeypatch) -> None:
    import io

    from simcli.output.render import Table, _rich

    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.setenv("FORCE_COLOR", "1")
    monkeypatch.setenv("COLUMNS", "80")
    rows = [["alpha-halt\nThe scheme should stop.", "open"]]
    coloured = _rich([Table(["Claim / In our words", "Status"], rows, named=True)], io.StringIO())
    assert re.search(r"\x1b\[1malpha-halt\x1b\[0m", coloured)
    assert not re.search(r"\x1b\[1mThe scheme", coloured)


def test_a_closed_pipe_exits_0_under_pipefail_every_time() -> None:
    import shutil
    import subprocess

    from conftest import installed_simcli

    if shutil.which("bash") is None or shutil.which("head") is None:
        pytest.skip("needs bash and head")
    script = f'set -o pipefail; for i in $(seq 20); do "{installed_simcli()}" demands | head -1'
    script += " >/dev/null || exit 1; done"
    done = subprocess.run(["bash", "-c", script], capture_output=True, text=True, timeout=300)
    assert (done.returncode, done.stderr) == (0, "")


def test_layout_table_never_exceeds_the_width_it_is_given(run) -> None:
    for columns in ("100", "160"):
        lines = run("--layout", "table", "demands", env={"COLUMNS": columns}).stdout.splitlines()
        assert lines[0].startswith("Claim / In our words")
        assert max(len(line.rstrip()) for line in lines) <= int(columns)
    refused = run("--layout", "table", "demands", env={"COLUMNS": "70"})
    assert refused.exit_code == 2 and refused.stdout == ""
    assert refused.stderr == (
        "simcli: --layout table: the columns need 73 characters, the width is 70; widen the"
        " terminal (or set COLUMNS), or use --layout records or auto\n"
    )


@pytest.mark.parametrize(
    "filters",
    [[], ["--org", "NSUN"], ["--target", "NHSE", "--status", "unmet"], ["--theme", "halt-sim"]],
)
def test_a_listing_keeps_one_shape_whatever_its_filters(run, filters: list[str]) -> None:
    at_80 = run("demands", *filters, env={"COLUMNS": "80"}).stdout.splitlines()
    assert at_80[0] == "-[ 1 ]----------------------------------"  # records, every time
    at_120 = run("demands", *filters, env={"COLUMNS": "120"}).stdout.splitlines()
    assert at_120[0].split()[:4] == ["Claim", "/", "In", "our"]  # columns, every time
    for command in (["orgs"], ["statements"], ["statements", "--org", "CMH"]):
        assert run(*command, env={"COLUMNS": "80"}).stdout.startswith("-[ 1 ]---")
        assert run(*command, env={"COLUMNS": "120"}).stdout.startswith("ID  ")


RECORD_CELLS = st.text(
    st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=60
) | st.sampled_from(["open", "met late\nsince 2021", "  lead", "a  b", "x\ty", "日本語の文章", ""])


@settings(max_examples=60, deadline=None, derandomize=True)
@given(
    rows=st.lists(st.lists(RECORD_CELLS, min_size=3, max_size=3), min_size=1, max_size=8),
    width=st.integers(10, 90),
    colour=st.booleans(),
)
def test_records_are_laid_out_as_a_print_a_line_laid_them_out(
    rows: list[list[str]], width: int, colour: bool
) -> None:
    """The records layout is printed in one pass (a thousand records were some ten
    thousand prints: seconds): the same bytes as printing each of its lines, with
    colours and without, whatever the cells hold."""
    import io

    from rich.console import Console
    from rich.text import Span, Text

    from simcli.output.render import Table, _records, _rich, visible

    table = Table(["ID", "Status", "Text"], rows, named=True)
    with mock.patch.dict(os.environ, {"COLUMNS": str(width)}):  # restored after
        os.environ.pop("NO_COLOR" if colour else "FORCE_COLOR", None)
        os.environ["FORCE_COLOR" if colour else "NO_COLOR"] = "1"
        ours = _rich([table], io.StringIO(), layout="records")
        console = Console(file=io.StringIO(), highlight=False, markup=False, emoji=False,
                          no_color=not colour, color_system="auto" if colour else None,
                          soft_wrap=False)  # fmt: skip
        console.begin_capture()
        shown = Table(table.columns, [[visible(c) for c in row] for row in rows], named=True)
        text, styles = _records(shown, console.width)
        for line in Text(text, spans=[Span(*style) for style in styles]).split("\n"):
            console.print(line, crop=False, overflow="ignore", no_wrap=True)
        assert ours == console.end_capture()


@settings(max_examples=300, deadline=None, derandomize=True)
@given(value=RECORD_CELLS, width=st.integers(1, 70))
def test_a_record_s_value_is_wrapped_as_textwrap_wraps_it(value: str, width: int) -> None:
    import textwrap

    from simcli.output.render import _wrapped

    expected = [
        line
        for paragraph in (value.split("\n") if value else [""])
        for line in textwrap.wrap(paragraph, width, break_long_words=False, break_on_hyphens=False)
        or [""]
    ]
    assert _wrapped(value, width) == expected
