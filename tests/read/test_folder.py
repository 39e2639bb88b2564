"""A corpus as a folder of *.yaml files, merged, with per-file caching."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest
from conftest import MINI, ROOT

import simcli
import simcli.read.folder

HEAD, STATEMENTS = MINI.split("statements:\n")
STATEMENTS, OUTCOMES = STATEMENTS.split("outcomes:\n")


@pytest.fixture
def folder(tmp_path: Path, monkeypatch) -> Path:
    monkeypatch.chdir(tmp_path)
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "_codebook.yaml").write_text(HEAD + "outcomes:\n" + OUTCOMES)
    (corpus / "alpha-2021.yaml").write_text("statements:\n" + STATEMENTS)
    (corpus / "notes.txt").write_text("not read")
    return Path("corpus")


def test_folder_loads_like_the_single_file(folder: Path, write) -> None:
    merged = simcli.load_corpus(folder)
    single = simcli.load_corpus(write(MINI))
    assert merged.data == single.data


def test_duplicate_id_across_files_names_both(folder: Path, run) -> None:
    (folder / "beta.yaml").write_text(
        "statements:\n" + STATEMENTS.replace("alpha-2021", "beta-2021")
    )
    result = run("--data", "corpus", "check")
    assert result.exit_code == 2
    assert result.stdout.splitlines() == [
        "corpus/beta.yaml:9:13: R001 statements[0].claims[0].id: duplicate record id 'alpha-halt'"
        " (first used at corpus/alpha-2021.yaml:9)",
        "corpus/beta.yaml:15:13: R001 statements[0].claims[1].id: duplicate record id 'alpha-worry'"
        " (first used at corpus/alpha-2021.yaml:15)",
    ]


def test_reference_to_another_file_and_problem_in_its_own_file(folder: Path, run) -> None:
    text = (folder / "alpha-2021.yaml").read_text().replace("target: gov", "target: govt")
    (folder / "alpha-2021.yaml").write_text(text)
    result = run("--data", "corpus", "demands")
    assert result.stderr.splitlines() == [
        "corpus/alpha-2021.yaml:12:17: R002 statements[0].claims[0].target:"
        " unknown organisation 'govt' (did you mean 'gov'?)",
        "simcli: 1 problem in corpus/alpha-2021.yaml; the corpus was not loaded",
    ]


def _count_parses(monkeypatch) -> list[str]:
    seen: list[str] = []
    real = simcli.read.folder.parse_yaml

    def counting(text: str, filename: str):
        seen.append(filename)
        return real(text, filename)

    monkeypatch.setattr(simcli.read.folder, "parse_yaml", counting)
    return seen


def test_editing_one_file_rereads_that_file_alone(folder: Path, monkeypatch) -> None:
    seen = _count_parses(monkeypatch)
    simcli.load_corpus(folder)
    assert sorted(seen) == ["corpus/_codebook.yaml", "corpus/alpha-2021.yaml"]
    seen.clear()
    simcli.load_corpus(folder)
    assert seen == []  # unchanged: nothing parsed, nothing checked again
    edited = (folder / "alpha-2021.yaml").read_text().replace("harms people", "hurts people")
    (folder / "alpha-2021.yaml").write_text(edited)
    corpus = simcli.load_corpus(folder)
    assert seen == ["corpus/alpha-2021.yaml"]
    assert corpus.claim("alpha-worry").text == "The scheme hurts people."


def test_removed_file_is_noticed(folder: Path) -> None:
    simcli.load_corpus(folder)
    (folder / "_codebook.yaml").unlink()
    with pytest.raises(simcli.CorpusError) as info:
        simcli.load_corpus(folder)
    assert "unknown organisation 'alpha'" in str(info.value)


def test_syntax_error_in_one_file(folder: Path) -> None:
    (folder / "broken.yaml").write_text("statements:\n  - id: x\n   org: alpha\n")
    with pytest.raises(simcli.CorpusError) as info:
        simcli.load_corpus(folder)
    assert [str(p) for p in info.value.problems] == [
        "corpus/broken.yaml:3:4: Y001 YAML syntax error: this line's indentation does not fit the block"
        " it is in (compare it with the lines above)"
    ]


def test_generator_split_folder_is_valid(tmp_path: Path, run) -> None:
    spec = importlib.util.spec_from_file_location("generate", ROOT / "benchmarks" / "generate.py")
    assert spec and spec.loader
    generate = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(generate)
    generate.split(30, tmp_path / "synthetic")
    (tmp_path / "one.yaml").write_text(generate.corpus(30))
    # the synthetic outcomes' effects are drawn at random (they model load, not a
    # campaign), so some answer no demand: T006/T007 are beside the point here
    result = run("--data", str(tmp_path / "synthetic"), "check", "--ignore", "T006,T007")
    assert result.exit_code == 0, result.output
    assert "ok: 30 statements" in result.stdout
    merged = simcli.load_corpus(tmp_path / "synthetic")
    assert merged.data == simcli.load_corpus(tmp_path / "one.yaml").data


def test_progress_only_on_a_terminal_for_long_loads(folder: Path, monkeypatch, run) -> None:
    import io

    import simcli.cli.session as cli

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    assert not cli.wants_progress(folder, io.StringIO())  # a pipe: never
    assert not cli.wants_progress(folder, Terminal())  # two files: too quick to bother
    monkeypatch.setattr(cli, "PROGRESS_FILES", 2)
    assert cli.wants_progress(folder, Terminal())
    calls: list[tuple[int, int]] = []
    simcli.load_corpus(folder, progress=lambda done, total: calls.append((done, total)))
    assert calls == [(1, 2), (2, 2)]
    result = run("--data", "corpus", "demands", "--format", "json")  # stderr is no terminal here
    assert result.exit_code == 0 and result.stderr == ""


def test_check_sources_locates_findings_in_their_own_file(
    folder: Path, run, tmp_path: Path
) -> None:
    from conftest import ALPHA_TXT

    (tmp_path / "sources").mkdir()
    (tmp_path / "sources" / "alpha.txt").write_text(ALPHA_TXT)
    assert run("--data", "corpus", "check", "--sources", "sources").exit_code == 0
    text = (folder / "alpha-2021.yaml").read_text().replace("to be halted", "to be stopped")
    (folder / "alpha-2021.yaml").write_text(text)
    result = run("--data", "corpus", "check", "--sources", "sources")
    assert (result.exit_code, result.stdout.splitlines()) == (
        1,
        [
            "corpus/alpha-2021.yaml:14:16: Q001 claim alpha-halt: quote not found in alpha.txt",
            '    closest passage: "We call for the “scheme” to be halted."',
            "corpus: 1 finding",
        ],
    )
