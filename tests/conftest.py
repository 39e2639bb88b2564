"""Shared fixtures: a tiny corpus with known line numbers, and CLI runners."""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from simcli.cli.app import app
from simcli.store.load import bundled_corpus_path

ROOT = Path(__file__).resolve().parent.parent


def generated(path: Path, count: int, split: bool = True) -> Path:
    """``benchmarks/generate.py``'s synthetic corpus of ``count`` statements at ``path``:
    a folder of a file each (``split``), or one file."""
    import subprocess

    argv = [sys.executable, str(ROOT / "benchmarks" / "generate.py"), str(count)]
    if split:
        subprocess.run([*argv, "--split", str(path)], check=True)
    else:
        with path.open("w", encoding="utf-8") as out:
            subprocess.run(argv, stdout=out, check=True)
    return path


TESTS = ROOT / "tests"  # laid out as the packages are; shared helpers at the top
SHARED_SOURCES = ROOT.parent / "shared" / "sources"

# Line numbers matter: tests assert them. Keep the layout when editing.
MINI = """\
version: 1
themes:
  - id: halt
    label: Halt it
    description: Stop the scheme.
    keywords: [halt, stop]
  - id: publish
    label: Publish it
    description: Publish the review.
organisations:
  - id: alpha
    name: Alpha Network
    short: AN
    aliases: [The Alpha]
    kind: charity
  - id: gov
    name: Government Body
    short: GB
    kind: public body
statements:
  - id: alpha-2021
    org: alpha
    title: Alpha's call
    date: 2021-04
    source: alpha.txt
    summary: Alpha asks for a halt.
    claims:
      - id: alpha-halt
        kind: demand
        themes: [halt]
        target: gov
        text: The body should stop the scheme now.
        quote: 'We call for the "scheme" to be halted'
      - id: alpha-worry
        kind: concern
        themes: [halt]
        text: The scheme harms people.
        quote: "it does real harm ... people"
outcomes:
  - id: gov-stops
    date: 2022-01-05
    actor: gov
    title: The body stops the scheme
    effects:
      - {theme: halt, status: met, note: Stopped.}
"""

ALPHA_TXT = (
    "Alpha statement\n"
    "We call for the “scheme” to be halted. We think it does real harm to many\n"
    "people\u00a0– and that must end.\n"
)


@pytest.fixture(autouse=True)
def private_cache(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> Path:
    """Every test caches into a folder of its own, never the user's cache."""
    folder = tmp_path_factory.mktemp("cache")
    monkeypatch.setenv("SIMCLI_CACHE_DIR", str(folder))
    monkeypatch.setenv("SIMCLI_PAGER", "cat")  # no test waits on less at a terminal
    return folder


@pytest.fixture
def mini(tmp_path: Path) -> Path:
    """The tiny corpus, written to a file, with its one source text beside it."""
    path = tmp_path / "mini.yaml"
    path.write_text(MINI, encoding="utf-8")
    sources = tmp_path / "sources"
    sources.mkdir()
    (sources / "alpha.txt").write_text(ALPHA_TXT, encoding="utf-8")
    return path


@pytest.fixture
def write(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """write(text, name="c.yaml") -> path of a corpus file holding ``text``.

    The working directory moves to the file's folder, so messages say ``c.yaml``.
    """
    monkeypatch.chdir(tmp_path)

    def _write(text: str | bytes, name: str = "c.yaml") -> Path:
        path = tmp_path / name
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(text, encoding="utf-8")
        return Path(name)

    return _write


@pytest.fixture
def bundled_text() -> str:
    return bundled_corpus_path().read_text(encoding="utf-8")


@pytest.fixture
def run(monkeypatch: pytest.MonkeyPatch):
    """run(*args) -> click Result, with SIMCLI_DATA cleared and the cwd kept."""
    monkeypatch.delenv("SIMCLI_DATA", raising=False)
    monkeypatch.setenv("COLUMNS", "80")  # tables wrap as they would on an 80-column terminal
    monkeypatch.delenv("NO_COLOR", raising=False)
    runner = CliRunner()

    def _run(*args: str, env: dict[str, str] | None = None):
        return runner.invoke(app, list(args), env=env, catch_exceptions=False)

    return _run


@pytest.fixture
def shared_sources() -> Path:
    if not SHARED_SOURCES.is_dir():
        pytest.skip("../shared/sources is not present")
    return SHARED_SOURCES


def first_column(table: str) -> str:
    """The text of a table's first column, its wrapped lines joined by spaces."""
    lines = table.splitlines()
    separator = next(i for i, line in enumerate(lines) if line.startswith(("─", "-")))
    cut = next(line.index(" By") + 1 for line in lines[:separator] if " By" in line)
    return " ".join(line[:cut].strip() for line in lines[separator + 1 :])


def at_terminal(args: list[str], env: dict[str, str]) -> bytes:
    """What the installed command writes to a terminal (a pseudo-terminal), read as it
    comes: a long answer would otherwise fill the terminal's buffer and never end."""
    import pty
    import subprocess

    main, sub = pty.openpty()
    proc = subprocess.Popen([installed_simcli(), *args], stdout=sub, stderr=sub, env=env)
    os.close(sub)
    out = b""
    while True:
        try:
            chunk = os.read(main, 65536)
        except OSError:
            break
        if not chunk:
            break
        out += chunk
    os.close(main)
    proc.wait(timeout=60)
    return out


def installed_simcli() -> str:
    """The installed console script, next to this interpreter."""
    candidate = Path(sys.executable).parent / ("simcli.exe" if os.name == "nt" else "simcli")
    found = str(candidate) if candidate.exists() else shutil.which("simcli")
    if not found:
        pytest.fail("the simcli console script is not installed: run pip install -e '.[test]'")
    return found
