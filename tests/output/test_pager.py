"""Long answers at a terminal go through a pager, as git's do; never in a pipe."""

from __future__ import annotations

import os
import pty
import subprocess

from conftest import at_terminal, installed_simcli

from simcli.output.pager import pager_command

MARK = "sed 's/^/paged: /'"  # a pager that shows what it was given, marked


def _env(**extra: str) -> dict[str, str]:
    drop = ("SIMCLI_DATA", "NO_COLOR", "COLUMNS", "SIMCLI_PAGER", "PAGER", "LESS")
    env = {k: v for k, v in os.environ.items() if k not in drop}
    return {**env, "NO_COLOR": "1", "COLUMNS": "80", **extra}


def _at_terminal(*args: str, **env: str) -> list[str]:
    out = at_terminal(list(args), _env(**env))
    return out.decode("utf-8").replace("\r\n", "\n").splitlines()


def test_a_long_answer_at_a_terminal_goes_through_simcli_pager_or_pager() -> None:
    lines = _at_terminal("themes", SIMCLI_PAGER=MARK)
    assert lines[0].rstrip() == (
        "paged: ID                     Label           Claims  Demands  Organisations"
    )
    assert len(lines) > 20 and all(line.startswith("paged: ") for line in lines)
    assert _at_terminal("themes", PAGER=MARK)[0].startswith("paged: ID ")
    both = _at_terminal("themes", PAGER="false", SIMCLI_PAGER=MARK)  # simcli's own first
    assert both[0].startswith("paged: ID ")


def test_no_pager_and_an_empty_pager_write_straight_to_the_terminal() -> None:
    for lines in (
        _at_terminal("--no-pager", "themes", SIMCLI_PAGER=MARK),
        _at_terminal("themes", SIMCLI_PAGER="", PAGER=MARK),
        _at_terminal("themes", SIMCLI_PAGER="cat", PAGER=MARK),
    ):
        assert lines[0].startswith("ID  ") and not any("paged" in line for line in lines)


def test_never_a_pager_in_a_pipe() -> None:
    done = subprocess.run(
        [installed_simcli(), "themes"], capture_output=True, text=True,
        env=_env(SIMCLI_PAGER=MARK),
    )  # fmt: skip
    assert done.returncode == 0 and done.stdout.startswith("ID  ") and "paged" not in done.stdout


def test_the_pager_is_less_with_frx_as_git_runs_it() -> None:
    assert pager_command({}) == "less"
    assert pager_command({"PAGER": "more"}) == "more"
    assert pager_command({"PAGER": "more", "SIMCLI_PAGER": "most"}) == "most"
    assert pager_command({"SIMCLI_PAGER": ""}) is None
    said = "printf 'LESS=%s\\n' \"$LESS\"; cat >/dev/null"
    assert _at_terminal("themes", SIMCLI_PAGER=said) == ["LESS=FRX"]
    assert _at_terminal("themes", SIMCLI_PAGER=said, LESS="-S") == ["LESS=-S"]


def test_an_exit_code_survives_the_pager() -> None:
    main, sub = pty.openpty()
    proc = subprocess.Popen(
        [installed_simcli(), "unmet", "--fail-on-unmet"], stdout=sub, stderr=sub,
        env=_env(SIMCLI_PAGER="cat >/dev/null"),
    )  # fmt: skip
    assert proc.wait(timeout=60) == 1
    os.close(sub)
    os.close(main)


def test_the_briefing_at_a_terminal_is_paged_too() -> None:
    lines = _at_terminal("report", "--as-of", "2026-11-22", SIMCLI_PAGER=MARK)
    assert "paged: # Serenity Integrated Mentoring (SIM): who asked for what" in lines
    assert "simcli: Markdown at a terminal; --out FILE.html writes the page" in lines
