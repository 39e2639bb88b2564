"""A second campaign, about something else entirely (Northtown's libraries, written
for these tests): every command works on it, nothing of SIM leaks into its answers,
and a campaign's own corpus can be started, grown and reviewed."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import TESTS
from walkthrough import DIFF_STEPS, STEPS, transcript, write_todos

LIBRARIES = TESTS / "data" / "libraries"
CORPUS, SOURCES = str(LIBRARIES / "corpus"), str(LIBRARIES / "sources")
SIM_WORDS = ("SIM", "Serenity", "NHS", "StopSIM", "High Intensity", "police", "mental health")


@pytest.mark.parametrize(
    ("args", "code"),
    [
        (["check", "--sources", SOURCES], 0),
        (["demands"], 0),
        (["demands", "--kind", "all", "--format", "json"], 0),
        (["demands", "--target", "NBC", "--status", "unmet"], 0),
        (["unmet", "--as-of", "2024-06-01"], 0),
        (["unmet", "--as-of", "2024-06-01", "--fail-on-unmet", "--format", "json"], 1),
        (["compare"], 0),
        (["compare", "--org", "LAWU", "--org", "RCL"], 0),
        (["orgs"], 0),
        (["statements"], 0),
        (["themes"], 0),
        (["timeline"], 0),
        (["export", "--format", "csv"], 0),
        (["show", "lawu-keep-open"], 0),
        (["show", "cabinet-2024-04-02"], 0),
        (["report", "--format", "markdown"], 0),
        (["report"], 0),
    ],
)
def test_every_command_answers_the_second_campaign_without_sim(run, args, code) -> None:
    result = run("--data", CORPUS, *args)
    assert result.exit_code == code, result.output
    for word in SIM_WORDS:
        assert word not in result.stdout, (word, args)


def test_the_second_campaigns_answers(run) -> None:
    unmet = json.loads(run("--data", CORPUS, "unmet", "--as-of", "2024-06-01", "-f", "json").stdout)
    assert [(g["theme"], g["status"]) for g in unmet] == [
        ("keep-open", "partly-met"),
        ("consult", "open"),
        ("publish-evidence", "open"),
        ("protect-jobs", "open"),
    ]
    rows = json.loads(run("--data", CORPUS, "demands", "--format", "json").stdout)
    assert {r["id"]: r["status"] for r in rows}["lawu-publish-eia"] == "met"
    report = run("--data", CORPUS, "report", "--format", "markdown", "--as-of", "2024-06-01")
    assert report.stdout.startswith("# Who asked for what\n")
    assert "Keep the libraries open" in report.stdout


def test_walkthrough_from_init_to_demands(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("COLUMNS", "80")
    text, codes = transcript(tmp_path, STEPS)
    # init, extract, check (TODOs: 1), check (reviewed: 0), demands
    assert codes == [0, 0, 1, 0, 0]
    assert "'Riverside Tenants' Alliance' is new to the corpus" in text  # no --org
    assert "'Northtown Borough Council' is new to the corpus" in text
    assert "summary still says TODO" in text
    assert "2 demands" in text


def test_walkthrough_from_init_example(run, tmp_path: Path, monkeypatch) -> None:
    """The same walk-through on a copy of the SIM corpus: a statement by an
    organisation that corpus lacks."""
    monkeypatch.chdir(tmp_path)
    assert run("init", "sim", "--example").exit_code == 0
    (tmp_path / "sim" / "sources" / "forum.txt").write_text(
        "Statement from the Northtown Mental Health Forum on SIM\n\n"
        "1 June 2023\n\n"
        "We call on NHS England to publish its review of Serenity Integrated Mentoring.\n"
    )
    draft = run("--data", "sim/corpus", "extract", "sim/sources/forum.txt",
                "--out", "sim/corpus/forum.yaml")  # fmt: skip
    assert draft.exit_code == 0
    assert "'Northtown Mental Health Forum' is new to the corpus" in draft.stderr
    check = run("--data", "sim/corpus", "check", "--sources", "sim/sources", "--allow-missing")
    assert check.exit_code == 1
    assert "organisation nmhf: kind still says TODO" in check.stdout
    write_todos(tmp_path / "sim" / "corpus" / "forum.yaml", theme="publish-review")
    check = run("--data", "sim/corpus", "check", "--sources", "sim/sources", "--allow-missing")
    assert check.exit_code == 0, check.output
    assert "1 quote found in sim/sources, 87 not checked" in check.stdout
    demands = run("--data", "sim/corpus", "demands", "--org", "Northtown Mental Health Forum",
                  "--format", "json")  # fmt: skip
    [row] = json.loads(demands.stdout)
    assert (row["target"], row["status"]) == ("nhs-england", "open")


def test_diff_of_one_added_statement_in_every_format(run, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("COLUMNS", "80")
    transcript(tmp_path, DIFF_STEPS)
    monkeypatch.chdir(tmp_path)
    args = ["diff", "before/corpus", "after/corpus", "--as-of", "2024-01-01"]
    doc = json.loads(run(*args, "--format", "json").stdout)
    assert doc["records"]["statements"] == {
        "added": ["forum-2023-06"],
        "removed": [],
        "modified": [],
    }
    assert doc["new_demands"] == ["forum-publish-review"]
    assert (doc["unmet_before"], doc["unmet_after"]) == (19, 20)
    assert doc["status_changes"] == [
        {"claim": "forum-publish-review", "org": "forum", "before": None, "after": "open"}
    ]
    table = run(*args).stdout
    assert "forum-2023-06" in table and "20 (+1)" in table
    markdown = run(*args, "--format", "markdown").stdout
    assert "| statements | forum-2023-06 |  |  |" in markdown
    assert run(*args, "--fail-on", "removed").exit_code == 0
    assert run(*args, "--fail-on", "any").exit_code == 1
    assert run(*args, "--fail-on", "nonsense").exit_code == 2


def test_diff_fails_on_a_demand_newly_met(run, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    shutil.copytree(LIBRARIES / "corpus", "before")
    shutil.copytree(LIBRARIES / "corpus", "after")
    outcomes = Path("after/outcomes.yaml")
    outcomes.write_text(outcomes.read_text() + (
        "  - id: jobs-2024-05-01\n    date: 2024-05-01\n    actor: northtown-council\n"
        "    title: The council guarantees library jobs\n    after: [lawu-2024-02-12]\n"
        "    effects:\n      - {theme: protect-jobs, status: met, note: No post cut.}\n"
    ))  # fmt: skip
    result = run("diff", "before", "after", "--as-of", "2024-06-01", "--fail-on", "met",
                 "--format", "json")  # fmt: skip
    assert result.exit_code == 1
    doc = json.loads(result.stdout)
    assert doc["status_changes"] == [
        {"claim": "lawu-no-cuts", "org": "lawu", "before": "open", "after": "met"}
    ]
    assert doc["themes_no_longer_unmet"] == ["protect-jobs"]
    assert (doc["unmet_before"], doc["unmet_after"]) == (4, 3)


@pytest.mark.skipif(shutil.which("git") is None, reason="needs git")
def test_diff_git_compares_the_corpus_with_a_revision(run, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    shutil.copytree(LIBRARIES / "corpus", "repo/corpus")

    def git(*args: str) -> None:
        subprocess.run(["git", "-C", "repo", *args], check=True, capture_output=True)

    git("init", "-q")
    git("-c", "user.email=t@example.org", "-c", "user.name=t", "add", "-A")
    git("-c", "user.email=t@example.org", "-c", "user.name=t", "commit", "-qm", "first")
    lawu = tmp_path / "repo/corpus/lawu-2024-02-12.yaml"
    text = lawu.read_text()
    start, end = text.index("      - id: lawu-no-cuts"), text.index("      - id: lawu-publish-eia")
    lawu.write_text(text[:start] + text[end:])  # a demand taken out
    git("-c", "user.email=t@example.org", "-c", "user.name=t", "commit", "-qam", "second")
    result = run("--data", "repo/corpus", "diff", "--git", "HEAD~1", "--format", "json",
                 "--as-of", "2024-06-01")  # fmt: skip
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)
    assert doc["records"]["claims"]["removed"] == ["lawu-no-cuts"]
    assert doc["records"]["statements"]["modified"] == []  # its claims are counted apart
    assert (doc["unmet_before"], doc["unmet_after"]) == (4, 3)
    assert doc["themes_no_longer_unmet"] == ["protect-jobs"]
    assert run("--data", "repo/corpus", "diff", "--git", "nope").exit_code == 2


@pytest.mark.skipif(shutil.which("git") is None, reason="needs git")
def test_diff_git_of_a_corpus_not_in_the_revision_fails(run, tmp_path: Path, monkeypatch) -> None:
    """Not there at the base: never taken as "all new", which would pass --fail-on."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "repo").mkdir()
    (tmp_path / "repo" / "README.md").write_text("a campaign\n")
    author = ["-c", "user.email=t@example.org", "-c", "user.name=t"]
    for args in (["init", "-q"], [*author, "add", "-A"], [*author, "commit", "-qm", "first"]):
        subprocess.run(["git", "-C", "repo", *args], check=True, capture_output=True)
    shutil.copytree(LIBRARIES / "corpus", "repo/corpus")
    result = run("--data", "repo/corpus", "diff", "--git", "HEAD", "-f", "json",
                 "--as-of", "2024-06-01")  # fmt: skip
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == (
        "simcli: --git HEAD: git cannot find corpus in HEAD (a corpus moved, or new since"
        " then, cannot be compared with it: compare two folders, simcli diff OLD NEW)\n"
    )
