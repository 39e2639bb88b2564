"""The workflow ``simcli init`` writes, reviewed as GitHub's hardening guide asks
(the points of the README's "The workflow, reviewed"), and by zizmor."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

import simcli
from simcli.output import scaffold


def _workflow(tmp_path: Path) -> tuple[str, dict[str, Any]]:
    scaffold.init(tmp_path / "camp")
    text = (tmp_path / "camp" / ".github" / "workflows" / "simcli.yml").read_text()
    return text, yaml.safe_load(text)


def test_least_permissions_per_job(tmp_path: Path) -> None:
    _, workflow = _workflow(tmp_path)
    assert workflow["permissions"] == {}
    assert {name: job["permissions"] for name, job in workflow["jobs"].items()} == {
        "check": {"contents": "read"}
    }


def test_checkout_keeps_no_token_and_actions_are_pinned_by_commit(tmp_path: Path) -> None:
    text, workflow = _workflow(tmp_path)
    steps = workflow["jobs"]["check"]["steps"]
    uses = [step for step in steps if "uses" in step]
    assert [step["uses"].split("@")[0] for step in uses] == [
        "actions/checkout",
        "actions/setup-python",
    ]
    assert all(re.fullmatch(r"[^@]+@[0-9a-f]{40}", step["uses"]) for step in uses)
    # the tag each commit was released as, in a comment on the line
    assert re.search(r"actions/checkout@[0-9a-f]{40}  # v4\.2\.2\n", text)
    assert re.search(r"actions/setup-python@[0-9a-f]{40}  # v5\.6\.0\n", text)
    assert uses[0]["with"]["persist-credentials"] is False


def test_no_expression_is_pasted_into_a_script(tmp_path: Path) -> None:
    _, workflow = _workflow(tmp_path)
    steps = workflow["jobs"]["check"]["steps"]
    assert not [step["run"] for step in steps if "${{" in step.get("run", "")]
    diff = next(step for step in steps if "diff --git" in step.get("run", ""))
    assert diff["env"] == {"BASE_REF": "${{ github.base_ref }}"}
    assert '"origin/$BASE_REF"' in diff["run"]


def test_fork_safe_the_diff_goes_to_the_job_summary_and_nothing_hides_a_failure(
    tmp_path: Path,
) -> None:
    text, workflow = _workflow(tmp_path)
    assert set(workflow[True]) == {"push", "pull_request", "schedule"}  # YAML 1.1: on = True
    assert "continue-on-error" not in text
    assert "gh pr comment" not in text and "GH_TOKEN" not in text
    steps = workflow["jobs"]["check"]["steps"]
    diff = next(step for step in steps if "diff --git" in step.get("run", ""))
    assert diff["run"].endswith('>> "$GITHUB_STEP_SUMMARY"')


def test_install_default_needs_no_repository_variable(tmp_path: Path, monkeypatch) -> None:
    text, workflow = _workflow(tmp_path)
    assert "vars." not in text
    assert workflow["jobs"]["check"]["steps"][2]["env"] == {
        "SIMCLI": f"simcli=={simcli.__version__}"
    }

    class FromGit:
        def read_text(self, name: str) -> str:
            assert name == "direct_url.json"
            return json.dumps(
                {
                    "url": "https://example.org/simcli.git",
                    "vcs_info": {"vcs": "git", "commit_id": "ab" * 20},
                }
            )

    monkeypatch.setattr("importlib.metadata.distribution", lambda name: FromGit())
    assert scaffold.default_install() == f"simcli @ git+https://example.org/simcli.git@{'ab' * 20}"


def _zizmor() -> str:
    found = shutil.which("zizmor") or shutil.which("zizmor", path=str(Path(sys.executable).parent))
    assert found, "zizmor is in the test extra: pip install -e '.[test]'"
    return found


@pytest.mark.parametrize("example", [False, True])
def test_zizmor_finds_nothing_in_a_fresh_workflow(tmp_path: Path, example: bool) -> None:
    camp = tmp_path / "camp"
    scaffold.init(camp, example=example)
    done = subprocess.run(
        [_zizmor(), "--offline", "--no-progress", "--persona", "pedantic", "--format", "json",
         str(camp)],
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert (done.returncode, json.loads(done.stdout)) == (0, [])


def test_zizmor_still_finds_what_the_old_workflow_did(tmp_path: Path) -> None:
    # the review is real: the workflow of before is found wanting
    old = tmp_path / "old" / ".github" / "workflows"
    old.mkdir(parents=True)
    (old / "simcli.yml").write_text(
        "on: pull_request\npermissions:\n  contents: read\n  pull-requests: write\njobs:\n"
        "  check:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n"
        '      - run: simcli diff --git "origin/${{ github.base_ref }}"\n'
    )
    done = subprocess.run(
        [_zizmor(), "--offline", "--no-progress", "--format", "json", str(tmp_path / "old")],
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    found = {finding["ident"] for finding in json.loads(done.stdout)}
    assert {"template-injection", "unpinned-uses", "artipacked"} <= found
