"""`simcli check`: exit codes and exact messages, through the CLI runner."""

from __future__ import annotations

from pathlib import Path

from conftest import MINI


def test_clean_mini_corpus_with_sources(run, mini: Path, monkeypatch) -> None:
    monkeypatch.chdir(mini.parent)
    result = run("--data", "mini.yaml", "check", "--sources", "sources")
    assert result.exit_code == 0
    assert result.stdout == (
        "mini.yaml: ok: 1 statement, 2 claims, 1 outcome, 2 themes, 2 organisations;"
        " all 2 quotes found in sources\n"
    )


def test_quote_not_found_names_claim_line_and_closest_passage(run, mini: Path, monkeypatch) -> None:
    monkeypatch.chdir(mini.parent)
    mini.write_text(MINI.replace('"scheme" to be halted', '"scheme" to be stopped'))
    result = run("--data", "mini.yaml", "check", "--sources", "sources")
    assert result.exit_code == 1
    assert result.stdout == (
        "mini.yaml:33:16: Q001 claim alpha-halt: quote not found in alpha.txt\n"
        '    closest passage: "We call for the “scheme” to be halted."\n'
        "mini.yaml: 1 finding\n"
    )


def test_missing_source_file_and_statement_without_source(run, mini: Path, monkeypatch) -> None:
    monkeypatch.chdir(mini.parent)
    (mini.parent / "sources" / "alpha.txt").unlink()
    result = run("--data", "mini.yaml", "check", "--sources", "sources")
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [
        "mini.yaml:25:13: Q002 statement alpha-2021: source file alpha.txt not found in sources:"
        " 2 quotes not checked",
        "mini.yaml: 1 finding",
    ]
    mini.write_text(MINI.replace("    source: alpha.txt\n", ""))
    result = run("--data", "mini.yaml", "check", "--sources", "sources")
    assert result.stdout.splitlines() == [
        "mini.yaml:21:5: Q004 statement alpha-2021: has no source file, so its quotes cannot be checked",
        "mini.yaml: 1 finding",
    ]


def test_paraphrase_that_repeats_the_quote(run, mini: Path, monkeypatch) -> None:
    monkeypatch.chdir(mini.parent)
    mini.write_text(
        MINI.replace("text: The scheme harms people.", "text: It does real harm ... people")
    )
    result = run("--data", "mini.yaml", "check")
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [
        "mini.yaml:37:15: P001 claim alpha-worry: text repeats the quote:"
        " write the paraphrase in our own words",
        "mini.yaml: 1 finding",
    ]


def test_invalid_corpus_exits_2_listing_problems(run, write) -> None:
    write(MINI.replace("    org: alpha", "    org: alpah").replace("kind: concern", "kind: worry"))
    result = run("--data", "c.yaml", "check")
    assert result.exit_code == 2
    assert result.stdout.splitlines() == [
        "c.yaml:22:10: R002 statements[0].org: unknown organisation 'alpah' (did you mean 'alpha'?)",
        "c.yaml:35:15: S004 statements[0].claims[1].kind: 'worry' is not one of:"
        " demand, appeal, concern, position, commitment or welcome",
    ]
    assert result.stderr == "simcli: 2 problems in c.yaml; the corpus was not loaded\n"
    assert "Traceback" not in result.output


def test_sources_must_be_a_folder(run, mini: Path) -> None:
    result = run("--data", str(mini), "check", "--sources", str(mini.parent / "nope"))
    assert result.exit_code == 2
    assert result.stderr == f"simcli: --sources: no such folder: {mini.parent / 'nope'}\n"


def test_data_from_environment(run, mini: Path, monkeypatch) -> None:
    monkeypatch.chdir(mini.parent)
    result = run("check", env={"SIMCLI_DATA": "mini.yaml"})
    assert result.exit_code == 0
    assert result.stdout.startswith("mini.yaml: ok: 1 statement,")


def test_bundled_corpus_is_valid(run, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = run("check")
    assert result.exit_code == 0
    assert result.stdout.endswith(
        "statements.yaml: ok: 6 statements, 77 claims, 7 outcomes, 21 themes, 12 organisations\n"
    )


def test_bundled_quotes_are_all_in_the_shared_sources(run, shared_sources: Path) -> None:
    result = run("check", "--sources", str(shared_sources))
    assert result.exit_code == 0, result.stdout
    assert result.stdout.endswith("; all 87 quotes found in " + str(shared_sources) + "\n")


def test_one_changed_word_in_a_copy_of_the_bundled_corpus(
    run, bundled_text: str, write, shared_sources: Path
) -> None:
    text = bundled_text.replace("within 7 days to communicate", "within 10 days to communicate")
    path = write(text)
    line = text[: text.index("within 10 days")].count("\n") + 1
    result = run("--data", str(path.name), "check", "--sources", str(shared_sources))
    assert result.exit_code == 1
    assert result.stdout.splitlines()[0] == (
        f"c.yaml:{line}:16: Q001 claim stopsim-respond: quote not found in nsun-stopsim-2021-04.txt"
    )
    assert result.stdout.splitlines()[1] == (
        '    closest passage: "Respond to this statement within 7 days to communicate the actions'
        ' taken by NHS England."'
    )


def test_version(run) -> None:
    import simcli

    result = run("--version")
    assert result.exit_code == 0
    assert result.stdout == f"simcli {simcli.__version__}\n"


def test_github_annotations_for_findings(run, mini: Path, monkeypatch) -> None:
    monkeypatch.chdir(mini.parent)
    mini.write_text(MINI.replace('"scheme" to be halted', '"scheme" to be stopped'))
    result = run("--data", "mini.yaml", "check", "--sources", "sources", "--format", "github")
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [
        "::warning file=mini.yaml,line=33,col=16,title=simcli check::Q001 claim alpha-halt:"
        ' quote not found in alpha.txt%0Aclosest passage: "We call for the “scheme” to be halted."',
        "mini.yaml: 1 finding",
    ]


def test_github_annotations_for_load_problems(run, write) -> None:
    write(MINI.replace("    org: alpha", "    org: alpah"))
    result = run("--data", "c.yaml", "check", "-f", "github")
    assert result.exit_code == 2
    assert result.stdout.splitlines() == [
        "::error file=c.yaml,line=22,col=10,title=simcli check::R002 statements[0].org:"
        " unknown organisation 'alpah' (did you mean 'alpha'?)",
    ]


def test_github_annotation_escaping() -> None:
    from simcli.output.diagnostics import github_annotation

    assert github_annotation("a:b,c.yaml", None, None, "50% done\nnext") == (
        "::error file=a%3Ab%2Cc.yaml,title=simcli check::50%25 done%0Anext"
    )


def test_check_format_must_be_one_it_has(run) -> None:
    result = run("check", "--format", "csv")
    assert result.exit_code == 2
    assert "'csv' is not one of: text, github, json, sarif" in result.output
