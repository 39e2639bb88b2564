"""Hostile input: strings in the data are printed as inert text in every format, and
the catalogue of hostile corpora and command lines (hostile_inputs.py) gets its exact
answer."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import os
import stat
import subprocess
from pathlib import Path

import pytest
from conftest import MINI, installed_simcli
from hostile_inputs import CASES as HOSTILE
from hostile_inputs import Case, Fifo, File, Folder, Link

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
    column = "".join(result.stdout.split())
    assert '"[red]x[/red]\\u001b]8;;http://evil\\u001b\\click\\u001b]8;;\\u001b\\"' in column


def test_bidi_override_and_markup_in_names(run, hostile) -> None:
    result = run("--data", "c.yaml", "orgs", env={"COLUMNS": "200"})
    assert "\u202e" not in result.stdout
    assert "Alpha \\u202eNetwork [bold]x[/bold] | <b>" in result.stdout


def test_csv_neutralises_formulas(run, hostile) -> None:
    result = run("--data", "c.yaml", "demands", "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert rows[0]["text"] == "'" + FORMULA
    # formula starts are defused, controls made visible; JSON keeps the data exact
    assert rows[0]["quote"] == EVIL.replace("\x1b", "\\u001b")
    assert "\x1b" not in result.stdout


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


# --- the catalogue of hostile inputs (hostile_inputs.py) ---------------------------


def make_files(root: Path, files: dict[str, File]) -> None:
    """Lay out a case's files under ``root``: text, bytes, FIFOs, links, folders."""
    for name, content in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, Fifo):
            os.mkfifo(path)
        elif isinstance(content, Folder):
            path.mkdir()
        elif isinstance(content, Link):
            path.symlink_to(content.target)
        elif isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")


def run_installed(case: Case, cwd: Path) -> tuple[int, list[str]]:
    """The installed simcli with its stdout gone in the way the case's name says:
    a reader that closes the pipe at once, /dev/full, or a closed descriptor."""
    command = [installed_simcli(), *case.args]
    env = {**os.environ, "COLUMNS": "80"}
    if "reader gone" in case.name:
        # the pipe is closed before simcli has started: its first write meets no reader
        proc = subprocess.Popen(
            command, cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE
        )
        assert proc.stdout is not None and proc.stderr is not None
        proc.stdout.close()
        err = proc.stderr.read().decode()
        return proc.wait(timeout=60), err.splitlines()
    if "/dev/full" in case.name:
        with open("/dev/full", "w") as full:
            done = subprocess.run(
                command, cwd=cwd, env=env, stdout=full, stderr=subprocess.PIPE, timeout=60
            )
    else:  # stdout closed
        shell = ["sh", "-c", 'exec "$0" "$@" >&-', *command]
        done = subprocess.run(shell, cwd=cwd, env=env, stderr=subprocess.PIPE, timeout=60)
    return done.returncode, done.stderr.decode().splitlines()


def test_hostile_catalogue_covers_every_item() -> None:
    assert len({case.name for case in HOSTILE}) == len(HOSTILE)
    assert {case.item for case in HOSTILE} >= {
        1,
        2,
        3,
        4,
        6,
        8,
        9,
        10,
    }  # 5, 7: test_cache, test_stalls


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs and /dev (POSIX)")
@pytest.mark.parametrize("case", HOSTILE, ids=[case.name for case in HOSTILE])
def test_hostile_input(run, tmp_path: Path, monkeypatch, case: Case) -> None:
    make_files(tmp_path, case.files)
    monkeypatch.chdir(tmp_path)
    if case.in_process:
        result = run(*case.args)
        code, lines = result.exit_code, result.output.splitlines()
    else:
        code, lines = run_installed(case, tmp_path)
    today = dt.date.today().isoformat()
    wanted = [
        line.replace("{size}", _size(tmp_path / "r.html")).replace("{today}", today)
        for line in case.lines
    ]
    assert (code, lines) == (case.exit, wanted)
    assert "Traceback" not in "\n".join(lines)


def _size(path: Path) -> str:
    return f"{path.stat().st_size:,}" if path.exists() else "?"


def test_out_keeps_the_permissions_of_the_file_it_replaces(
    run, tmp_path: Path, monkeypatch
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "out.json").write_text("old")
    (tmp_path / "out.json").chmod(0o600)
    result = run("export", "--out", "out.json", "--force")
    assert result.exit_code == 0
    assert stat.S_IMODE((tmp_path / "out.json").stat().st_mode) == 0o600
    assert (tmp_path / "out.json").read_text().startswith("[")


def test_extract_id_like_a_number_is_written_so_check_reads_it_back(
    run, tmp_path: Path, monkeypatch
) -> None:
    make_files(
        tmp_path,
        {
            "corpus/c.yaml": MINI,
            "s.txt": "Alpha Network\n\nWe call on Government Body to halt the scheme.\n",
        },
    )
    monkeypatch.chdir(tmp_path)
    args = ["--data", "corpus", "extract", "s.txt", "--org", "alpha", "--date", "2021"]
    draft = run(*args, "--id", "0x1f", "--out", "corpus/d.yaml")
    assert draft.exit_code == 0
    assert '  - id: "0x1f"\n' in (tmp_path / "corpus" / "d.yaml").read_text()
    result = run("--data", "corpus", "show", "0x1f", "--format", "json")
    assert (result.exit_code, json.loads(result.stdout)["id"]) == (0, "0x1f")


def test_progress_shows_a_hostile_path_as_text(tmp_path: Path, monkeypatch, capsys) -> None:
    from simcli.cli import session as cli

    monkeypatch.setattr(cli, "wants_progress", lambda data, stream: True)
    with cli.progress_display(tmp_path / "x[/]y{b}\n.yaml") as update:
        assert update is not None
        update(1, 2)


def test_markdown_report_escapes_web_addresses_built_in_python() -> None:
    from simcli.output.render import safe_url

    assert safe_url("https://x.org/a(b)?q=1&r=é#f") == "https://x.org/a(b)?q=1&r=é#f"
    assert safe_url('https://x.org/><script>"\x1b\u202e ') == (
        "https://x.org/%3E%3Cscript%3E%22%1B%E2%80%AE%20"
    )


@pytest.mark.parametrize("fmt", ["table", "csv", "markdown", "json"])
@pytest.mark.parametrize("command", [["demands", "--kind", "all"], ["show", "alpha-worry"]])
def test_no_line_of_any_format_starts_a_workflow_command(run, write, fmt, command) -> None:
    write(
        m_text := MINI.replace("text: The scheme harms people.", 'text: "harm\\n  ::add-mask::x"')
    )
    assert m_text != MINI
    result = run("--data", "c.yaml", *command, "--format", fmt)
    assert result.exit_code == 0
    assert "add-mask" in result.stdout
    assert not [line for line in result.stdout.splitlines() if line.lstrip().startswith("::")]
