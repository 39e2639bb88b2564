"""The installed `simcli` command, run as a user would, from outside the checkout."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from conftest import installed_simcli


def _env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "SIMCLI_DATA"}
    env["NO_COLOR"] = "1"
    return env


def test_installed_command_checks_bundled_corpus_from_root() -> None:
    done = subprocess.run(
        [installed_simcli(), "check"], cwd="/", env=_env(), capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.endswith(
        "ok: 6 statements, 77 claims, 7 outcomes, 21 themes, 12 organisations\n"
    )
    assert done.stderr == ""


def test_python_dash_m(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "simcli", "--version"],
        cwd=tmp_path,
        env=_env(),
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0
    assert done.stdout.startswith("simcli ")


def test_bad_data_gives_message_not_traceback(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("version: 1\nthemes: [\n")
    done = subprocess.run(
        [installed_simcli(), "--data", "bad.yaml", "check"],
        cwd=tmp_path,
        env=_env(),
        capture_output=True,
        text=True,
    )
    assert done.returncode == 2
    assert "Traceback" not in done.stdout + done.stderr
    assert done.stdout.splitlines() == [
        "bad.yaml:1:1: S001 organisations: field required",
        "bad.yaml:1:1: S001 statements: field required",
        "bad.yaml:3:1: Y001 YAML syntax error: did not find expected node content"
        " (while parsing a flow node)",
    ]
    assert done.stderr == "simcli: 3 problems in bad.yaml; the corpus was not loaded\n"
