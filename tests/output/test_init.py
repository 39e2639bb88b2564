"""simcli init: a campaign's repository that works at once, and never overwrites."""

from __future__ import annotations

from pathlib import Path

import yaml

import simcli
from simcli.output.scaffold import split_bundled

FILES = [
    "README.md",
    "sources/README.md",
    ".pre-commit-config.yaml",
    ".github/workflows/simcli.yml",
    "corpus/codebook.yaml",
    "corpus/organisations.yaml",
    "corpus/outcomes.yaml",
]


def test_init_lays_out_a_campaign_that_checks_clean(run, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = run("init", "camp")
    assert result.exit_code == 0
    assert result.stdout.splitlines() == [
        *(f"wrote camp/{name}" for name in FILES),
        "next: simcli --data camp/corpus extract TEXT --out camp/corpus/NAME.yaml",
        "      simcli --data camp/corpus check --sources camp/sources",
    ]
    check = run("--data", "camp/corpus", "check", "--sources", "camp/sources")
    assert (check.exit_code, check.stdout) == (
        0,
        "camp/corpus: ok: 0 statements, 0 claims, 0 outcomes, 1 theme, 0 organisations;"
        " no quotes to look up in camp/sources\n",
    )
    workflow = yaml.safe_load((tmp_path / "camp/.github/workflows/simcli.yml").read_text())
    steps = [step.get("run", "") for step in workflow["jobs"]["check"]["steps"]]
    install = workflow["jobs"]["check"]["steps"][2]
    # by default the simcli that wrote it: no repository variable to set first
    assert install["env"] == {"SIMCLI": f"simcli=={simcli.__version__}"}
    assert install["run"] == 'python -m pip install "$SIMCLI"'
    assert "simcli --data corpus check --sources sources --format github" in steps
    assert (
        'simcli --data corpus diff --git "origin/$BASE_REF" --format markdown'
        ' >> "$GITHUB_STEP_SUMMARY"'
    ) in steps
    assert "simcli --data corpus unmet --fail-on-unmet" in steps
    hooks = yaml.safe_load((tmp_path / "camp/.pre-commit-config.yaml").read_text())
    assert hooks["repos"] == [
        {
            "repo": "local",
            "hooks": [
                {
                    "id": "simcli-check",
                    "name": "simcli check",
                    "entry": "simcli --data corpus check --sources sources",
                    "language": "system",
                    "pass_filenames": False,
                    "files": "^(corpus|sources)/",
                }
            ],
        }
    ]
    spec = "git+https://example.org/simcli@v1"
    assert run("init", "other", "--install", spec).exit_code == 0
    other = yaml.safe_load((tmp_path / "other/.github/workflows/simcli.yml").read_text())
    assert other["jobs"]["check"]["steps"][2]["env"] == {"SIMCLI": spec}


def test_init_never_overwrites_and_writes_nothing_when_in_the_way(
    run, tmp_path: Path, monkeypatch
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "camp").mkdir()
    (tmp_path / "camp" / "README.md").write_text("ours")
    result = run("init", "camp")
    assert result.exit_code == 2
    assert result.stderr == (
        "simcli: camp: README.md exists already; init never overwrites a file"
        " (choose an empty folder)\n"
    )
    assert sorted(p.name for p in (tmp_path / "camp").rglob("*")) == ["README.md"]
    assert (tmp_path / "camp" / "README.md").read_text() == "ours"


def test_init_example_is_the_bundled_corpus_one_file_a_statement(
    run, tmp_path: Path, monkeypatch
) -> None:
    monkeypatch.chdir(tmp_path)
    assert run("init", "camp", "--example").exit_code == 0
    corpus = tmp_path / "camp" / "corpus"
    names = sorted(p.name for p in corpus.iterdir())
    assert names == sorted(
        ["codebook.yaml", "organisations.yaml", "outcomes.yaml"]
        + [f"{s.id}.yaml" for s in simcli.load_corpus().statements]
    )
    # the same data as the bundled file: every export row alike
    assert run("--data", str(corpus), "export").stdout == run("export").stdout
    check = run("--data", str(corpus), "check", "--sources", "camp/sources", "--allow-missing")
    assert check.exit_code == 0
    assert check.stdout.endswith(
        "; 0 quotes found in camp/sources, 87 not checked (5 source texts missing, allowed)\n"
    )
    workflow = (tmp_path / "camp/.github/workflows/simcli.yml").read_text()
    assert "check --sources sources --format github --allow-missing" in workflow


def test_split_keeps_the_comments_of_each_statement() -> None:
    files = dict(split_bundled())
    assert files["codebook.yaml"].startswith("# The statements on Serenity Integrated Mentoring")
    assert all(
        text.startswith("statements:\n  - id: ")
        for name, text in files.items()
        if name not in ("codebook.yaml", "organisations.yaml", "outcomes.yaml")
    )
