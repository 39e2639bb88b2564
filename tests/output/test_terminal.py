"""Pipes, terminals, narrow widths and ASCII-only locales, with the installed command."""

from __future__ import annotations

import os
import subprocess
import sys

from conftest import at_terminal, installed_simcli

import simcli


def _env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("SIMCLI_DATA", "NO_COLOR", "COLUMNS")}
    env.update(extra)
    return env


def test_closed_pipe_ends_quietly() -> None:
    simcli_proc = subprocess.Popen(
        [installed_simcli(), "demands", "--kind", "all", "--quotes", "--format", "json"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=_env(),
    )  # fmt: skip
    head = subprocess.run(["head", "-1"], stdin=simcli_proc.stdout, capture_output=True)
    assert simcli_proc.stdout is not None
    simcli_proc.stdout.close()
    assert simcli_proc.wait() == 0
    assert simcli_proc.stderr is not None and simcli_proc.stderr.read() == b""
    assert head.stdout == b"[\n"


def test_no_escape_codes_when_piped() -> None:
    done = subprocess.run([installed_simcli(), "unmet"], capture_output=True, env=_env())
    assert done.returncode == 0 and b"\x1b" not in done.stdout


def _in_terminal(*args: str, **env: str) -> bytes:
    return at_terminal(list(args), _env(**env))


def test_colour_only_on_a_terminal_without_no_color() -> None:
    assert b"\x1b[" in _in_terminal("themes", COLUMNS="80")
    assert b"\x1b[" not in _in_terminal("themes", COLUMNS="80", NO_COLOR="1")


def test_every_quote_in_full_at_40_columns() -> None:
    done = subprocess.run(
        [installed_simcli(), "demands", "--kind", "all", "--quotes"],
        capture_output=True, text=True, env=_env(COLUMNS="40"),
    )  # fmt: skip
    lines = done.stdout.splitlines()
    assert done.returncode == 0 and max(len(line) for line in lines) <= 40
    squashed = "".join(done.stdout.split())  # records: each quote wrapped under its claim
    for _, claim in simcli.load_corpus().claims():
        assert "".join(f'"{claim.quote}"'.split()) in squashed, claim.id


def test_ascii_only_output_works() -> None:
    for extra in ({"LANG": "C", "LC_ALL": "C"}, {"PYTHONIOENCODING": "ascii"}):
        done = subprocess.run(
            [installed_simcli(), "demands", "--org", "CMH", "--quotes"],
            capture_output=True, env=_env(**extra),
        )  # fmt: skip
        assert done.returncode == 0, done.stderr
        assert b"UnicodeEncodeError" not in done.stderr and done.stderr == b""


def test_python_dash_m_under_ascii() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "simcli", "show", "cmh23-publish-review"],
        capture_output=True, env=_env(PYTHONIOENCODING="ascii"),
    )  # fmt: skip
    assert done.returncode == 0 and done.stderr == b""
