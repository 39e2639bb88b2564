"""The pre-commit hook, exercised in a scratch git repository as a campaign would use it."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ALPHA_TXT, MINI, ROOT


def _tool(name: str) -> str:
    found = Path(sys.executable).parent / name
    return str(found) if found.exists() else (shutil.which(name) or "")


def _git(*args: str, cwd: Path) -> str:
    return subprocess.run(
        ["git", *args], cwd=cwd, check=True, capture_output=True, text=True
    ).stdout.strip()


@pytest.fixture
def campaign(tmp_path: Path) -> Path:
    if not _tool("pre-commit"):
        pytest.skip("pre-commit is not installed (it is in the test extras)")
    if _git("status", "--porcelain", "--", ".pre-commit-hooks.yaml", cwd=ROOT):
        pytest.skip(".pre-commit-hooks.yaml has uncommitted changes; the hook runs from HEAD")
    repo = tmp_path / "campaign"
    (repo / "sources").mkdir(parents=True)
    (repo / "corpus.yaml").write_text(MINI)
    (repo / "sources" / "alpha.txt").write_text(ALPHA_TXT)
    rev = _git("rev-parse", "HEAD", cwd=ROOT)
    (repo / ".pre-commit-config.yaml").write_text(
        "repos:\n"
        f"  - repo: {ROOT}\n"
        f"    rev: {rev}\n"
        "    hooks:\n"
        "      - id: simcli-check\n"
        "        args: [--data, corpus.yaml, check, --sources, sources]\n"
    )
    _git("init", "-q", cwd=repo)
    _git("add", ".", cwd=repo)
    return repo


def _pre_commit(repo: Path, home: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PRE_COMMIT_HOME": str(home), "NO_COLOR": "1"}
    return subprocess.run(
        [_tool("pre-commit"), "run", "--all-files", "--color", "never"],
        cwd=repo, env=env, capture_output=True, text=True, timeout=600,
    )  # fmt: skip


def test_hook_passes_a_good_corpus_and_stops_a_bad_one(campaign: Path, tmp_path: Path) -> None:
    home = tmp_path / "pre-commit-home"
    good = _pre_commit(campaign, home)
    assert good.returncode == 0, good.stdout + good.stderr
    assert "simcli check" in good.stdout and "Passed" in good.stdout
    (campaign / "corpus.yaml").write_text(
        MINI.replace('"scheme" to be halted', '"scheme" to be stopped')
    )
    bad = _pre_commit(campaign, home)
    assert bad.returncode == 1
    assert "Failed" in bad.stdout
    assert "corpus.yaml:33:16: Q001 claim alpha-halt: quote not found in alpha.txt" in bad.stdout
