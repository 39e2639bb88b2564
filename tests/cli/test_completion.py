"""Shell completion offers organisation and theme names from the corpus in use."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

from conftest import MINI, installed_simcli


def _complete(words: str, cwd: Path | None = None, **env: str) -> list[str]:
    done = subprocess.run(
        [installed_simcli()],
        env={**os.environ, "_SIMCLI_COMPLETE": "complete_bash", "COMP_WORDS": words,
             "COMP_CWORD": str(len(words.split()) - (0 if words.endswith(" ") else 1)), **env},
        capture_output=True, text=True, cwd=cwd,
    )  # fmt: skip
    assert done.returncode == 0 and done.stderr == ""
    return [line for line in done.stdout.splitlines() if line]


def test_org_names_from_the_bundled_corpus() -> None:
    assert _complete("simcli demands --org NS") == ["NSUN"]
    # bash pastes a candidate in as it is: a name with spaces comes escaped
    assert "National\\ Survivor\\ User\\ Network" in _complete("simcli demands --target Na")


def test_theme_ids() -> None:
    assert _complete("simcli unmet --theme publish-") == ["publish-review", "publish-evidence"]


def test_completion_follows_data(tmp_path: Path) -> None:
    (tmp_path / "mini.yaml").write_text(MINI)
    assert _complete("simcli --data mini.yaml demands --org A", cwd=tmp_path) == [
        "AN",
        "Alpha\\ Network",
    ]
    assert _complete("simcli demands --org g", cwd=tmp_path, SIMCLI_DATA="mini.yaml") == ["gov"]


def test_broken_corpus_completes_nothing_quietly(tmp_path: Path) -> None:
    (tmp_path / "bad.yaml").write_text("version: [\n")
    assert _complete("simcli --data bad.yaml demands --org A", cwd=tmp_path) == []
