"""Errors in our words, at the mistake, with the fix; one error per mistake; the
environment variable named when a value came from one; git's own reason."""

from __future__ import annotations

import subprocess
import zipfile
from pathlib import Path

import pytest
from conftest import MINI

HEAD = "version: 1\nthemes:\n  - id: halt\n"
TAIL = "    description: Stop.\norganisations: []\nstatements: []\noutcomes: []\n"


def _problems(run, write, text: str) -> str:
    write(text)
    result = run("--no-cache", "--data", "c.yaml", "orgs")
    assert result.exit_code == 2 and result.stdout == ""
    return result.stderr


def test_a_missing_colon_is_found_on_its_line_with_the_fix(run, write) -> None:
    said = _problems(run, write, HEAD + "    label Halt it\n" + TAIL)
    assert said == (
        "c.yaml:4:5: Y001 YAML syntax error: add a colon after `label` (`label: value`)\n"
        "simcli: 1 problem in c.yaml; the corpus was not loaded\n"
    )


def test_a_quote_inside_quotes_says_how_to_write_it(run, write) -> None:
    said = _problems(run, write, HEAD + "    label: 'StopSIM's statement'\n" + TAIL)
    assert said.splitlines()[0] == (
        "c.yaml:4:20: Y001 YAML syntax error: a quote inside single quotes is written twice:"
        " '' ('StopSIM''s statement'); or put the value in double quotes"
    )
    said = _problems(run, write, HEAD + '    label: "the "review" now"\n' + TAIL)
    assert said.splitlines()[0] == (
        "c.yaml:4:17: Y001 YAML syntax error: a double quote inside double quotes is written"
        ' \\" ("the \\"review\\" now"); or put the value in single quotes'
    )


def test_a_misspelt_field_is_one_error_not_two(run, write) -> None:
    said = _problems(run, write, MINI.replace("    label: Halt it", "    lable: Halt it"))
    assert said == (
        "c.yaml:4:5: S002 themes[0].lable: unknown field 'lable' (did you mean 'label'?)\n"
        "simcli: 1 problem in c.yaml; the corpus was not loaded\n"
    )
    said = _problems(run, write, MINI.replace("    label: Halt it\n", ""))
    assert said.splitlines()[0] == "c.yaml:3:5: S001 themes[0].label: field required"


def test_a_value_from_an_environment_variable_names_it(run, tmp_path: Path) -> None:
    missing = str(tmp_path / "nonexistent")
    result = run("orgs", env={"SIMCLI_DATA": missing})
    assert result.exit_code == 2
    assert result.stderr.splitlines()[-1] == (
        f"simcli: 1 problem in {missing} (the corpus the environment variable SIMCLI_DATA"
        " names); the corpus was not loaded"
    )
    given = run("--data", missing, "orgs")
    assert given.stderr.splitlines()[-1] == (
        f"simcli: 1 problem in {missing}; the corpus was not loaded"
    )
    layout = run("orgs", env={"SIMCLI_LAYOUT": "wide"})
    assert layout.exit_code == 2
    assert (
        "Invalid value for '--layout': 'wide' is not one of: auto, table, records"
        " (from the environment variable SIMCLI_LAYOUT)"
    ) in layout.stderr


def test_diff_git_shows_gits_own_reason(run, tmp_path: Path, monkeypatch) -> None:
    repo = tmp_path / "repo"
    repo.mkdir()
    (repo / "c.yaml").write_text(MINI, encoding="utf-8")
    git = ["git", "-C", str(repo), "-c", "user.name=t", "-c", "user.email=t@t"]
    subprocess.run([*git, "init", "-q"], check=True)
    subprocess.run([*git, "add", "c.yaml"], check=True)
    subprocess.run([*git, "commit", "-qm", "one"], check=True)
    result = run("--data", str(repo / "c.yaml"), "diff", "--git", "HEAD~1")
    assert result.exit_code == 2
    assert result.stderr == ("simcli: --git HEAD~1: git says: fatal: bad revision 'HEAD~1'\n")
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "c.yaml").write_text(MINI, encoding="utf-8")
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))
    result = run("--data", str(outside / "c.yaml"), "diff", "--git", "HEAD")
    assert result.stderr.startswith("simcli: --git HEAD: git says: fatal: not a git repository")


def test_extract_says_how_to_make_text_of_a_pdf_or_word_file(run, write, tmp_path) -> None:
    (tmp_path / "s.pdf").write_bytes(b"%PDF-1.4\n\0\0binary")
    with zipfile.ZipFile(tmp_path / "s.docx", "w") as docx:
        docx.writestr("[Content_Types].xml", "<Types/>")
        docx.writestr("word/document.xml", "<w:document/>")
    write("")  # (moves into tmp_path, so that messages name the file as given)
    pdf = run("extract", "s.pdf")
    assert pdf.exit_code == 2
    assert pdf.stderr == (
        "s.pdf: F002 a PDF, not text: save its text first (pdftotext s.pdf s.txt, or copy the"
        " text out of a PDF reader into a .txt file) and give that file\n"
    )
    word = run("extract", "s.docx")
    assert word.exit_code == 2
    assert word.stderr == (
        "s.docx: F002 a Word document (.docx), not text: save it as plain text (.txt) or a web"
        " page (.html) from the word processor (or pandoc s.docx -t plain -o s.txt) and give"
        " that file\n"
    )


def test_an_unknown_name_with_no_close_match_says_where_to_look(run) -> None:
    org = run("demands", "--org", "mind")
    assert (org.exit_code, org.stderr) == (
        2,
        "simcli: unknown organisation 'mind'; no name is close; simcli orgs lists every"
        " organisation\n",
    )
    theme = run("unmet", "--theme", "xyzzy")
    assert theme.stderr == (
        "simcli: unknown theme 'xyzzy'; no theme is close; simcli themes lists every theme\n"
    )
    close = run("demands", "--org", "stopsm")
    assert close.stderr == "simcli: unknown organisation 'stopsm'; did you mean 'stopsim'?\n"


@pytest.mark.parametrize(
    ("before", "after", "where", "key"),
    [
        ("  - id: alpha-2021\n", "  - id alpha-2021\n", "21:5", "id"),  # a list item's first key
        ("version: 1\n", "version 1\n", "1:1", "version"),  # a top-level key
        ("      - id: alpha-halt\n", "      - id alpha-halt\n", "28:9", "id"),
    ],
)
def test_a_missing_colon_on_a_first_key_is_named_at_its_line(
    run, write, before: str, after: str, where: str, key: str
) -> None:
    """YAML reads ``- id alpha`` as text and stumbles on the next key: the message
    names the key without its colon, on its own line."""
    assert MINI.count(before) == 1
    write(MINI.replace(before, after))
    result = run("--data", "c.yaml", "check")
    assert (result.exit_code, result.output.splitlines()) == (
        2,
        [
            f"c.yaml:{where}: Y001 YAML syntax error: add a colon after `{key}` (`{key}: value`)",
            "simcli: 1 problem in c.yaml; the corpus was not loaded",
        ],
    )


def test_a_misspelt_section_is_one_problem_not_one_per_reference(run, write) -> None:
    # the outcomes still name claims of the statements YAML no longer has under that name
    write(MINI.replace("statements:\n", "statments:\n"))
    result = run("--data", "c.yaml", "check")
    assert (result.exit_code, result.output.splitlines()) == (
        2,
        [
            "c.yaml:20:1: S002 statments: unknown field 'statments' (did you mean 'statements'?)",
            "simcli: 1 problem in c.yaml; the corpus was not loaded",
        ],
    )
