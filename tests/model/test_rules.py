"""Rule codes: one diagnostic type, check's json and sarif formats, --select,
--ignore and simcli.toml, and a README that documents every code."""

from __future__ import annotations

import json
import re
from pathlib import Path

import jsonschema
import pytest
from bad_inputs import CASES as BAD_CASES
from conftest import MINI, ROOT, TESTS
from rfc3986_validator import validate_rfc3986

from simcli.model.diagnostics import Diagnostic
from simcli.model.rules import RULES

SARIF_SCHEMA = json.loads((TESTS / "data" / "sarif" / "sarif-schema-2.1.0.json").read_text("utf-8"))
README = (ROOT / "README.md").read_text(encoding="utf-8")
STOPPED = MINI.replace('"scheme" to be halted', '"scheme" to be stopped')
SAID_TWICE = MINI.replace("text: The scheme harms people.", "text: It does real harm ... people")


def sarif_valid(doc: dict) -> None:
    """Valid against the schema, formats (URIs) included."""
    validator = jsonschema.Draft4Validator(
        SARIF_SCHEMA, format_checker=jsonschema.Draft4Validator.FORMAT_CHECKER
    )
    validator.validate(doc)
    for run_ in doc["runs"]:  # "uri-reference", which Draft 4's checker leaves out
        for result in run_["results"]:
            uri = result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
            assert validate_rfc3986(uri, rule="URI_reference"), uri


def test_a_diagnostic_needs_a_known_code() -> None:
    with pytest.raises(ValueError, match="no rule 'X999'"):
        Diagnostic("c.yaml", 1, 1, (), "made up", "X999")


def test_json_lists_every_finding_with_its_code(run, mini: Path, monkeypatch) -> None:
    monkeypatch.chdir(mini.parent)
    mini.write_text(STOPPED)
    result = run("--data", "mini.yaml", "check", "--sources", "sources", "--format", "json")
    assert result.exit_code == 1
    assert json.loads(result.stdout) == {
        "corpus": "mini.yaml",
        "loaded": True,
        "ok": False,
        "counts": {
            "statements": 1,
            "claims": 2,
            "outcomes": 1,
            "themes": 2,
            "organisations": 2,
        },
        "sources": "sources",
        "quotes_checked": 2,
        "quotes_found": 1,
        "quotes_not_checked": 0,
        "missing_sources": [],
        "diagnostics": [
            {
                "code": "Q001",
                "severity": "warning",
                "file": "mini.yaml",
                "line": 33,
                "column": 16,
                "field": "statements[0].claims[0].quote",
                "subject": "claim alpha-halt",
                "message": "quote not found in alpha.txt",
                "hint": 'closest passage: "We call for the “scheme” to be halted."',
                "fix": "Copy the quote exactly from the source (the closest passage is shown).",
            }
        ],
        "ignored": [],
    }


def test_json_of_a_corpus_that_cannot_load(run, write) -> None:
    write(MINI.replace("    org: alpha", "    org: alpah"))
    result = run("--data", "c.yaml", "check", "--format", "json")
    assert result.exit_code == 2
    assert json.loads(result.stdout) == {
        "corpus": "c.yaml",
        "loaded": False,
        "ok": False,
        "diagnostics": [
            {
                "code": "R002",
                "severity": "error",
                "file": "c.yaml",
                "line": 22,
                "column": 10,
                "field": "statements[0].org",
                "subject": "",
                "message": "unknown organisation 'alpah' (did you mean 'alpha'?)",
                "hint": "",
                "fix": "Use an id defined in the corpus (the message suggests the closest).",
            }
        ],
        "ignored": [],
    }
    assert result.stderr == "simcli: 1 problem in c.yaml; the corpus was not loaded\n"


def test_sarif_of_findings_validates_and_points_at_the_lines(run, mini: Path, monkeypatch) -> None:
    monkeypatch.chdir(mini.parent)
    mini.write_text(STOPPED.replace("text: The scheme harms people.", "text: TODO"))
    result = run("--data", "mini.yaml", "check", "--sources", "sources", "--format", "sarif")
    assert result.exit_code == 1
    doc = json.loads(result.stdout)
    sarif_valid(doc)
    run_ = doc["runs"][0]
    assert [r["id"] for r in run_["tool"]["driver"]["rules"]] == list(RULES)
    assert [
        (
            r["ruleId"],
            r["level"],
            r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
            r["locations"][0]["physicalLocation"]["region"],
            r["message"]["text"],
        )
        for r in run_["results"]
    ] == [
        (
            "Q001",
            "warning",
            "mini.yaml",
            {"startLine": 33, "startColumn": 16},
            "claim alpha-halt: quote not found in alpha.txt\n"
            'closest passage: "We call for the “scheme” to be halted."',
        ),
        (
            "D001",
            "warning",
            "mini.yaml",
            {"startLine": 37, "startColumn": 15},
            "claim alpha-worry: text still says TODO: write it",
        ),
    ]
    for r in run_["results"]:
        assert run_["tool"]["driver"]["rules"][r["ruleIndex"]]["id"] == r["ruleId"]


def test_sarif_of_a_corpus_that_cannot_load(run, write) -> None:
    write(MINI.replace("    org: alpha", "    org: alpah").replace("kind: demand", "kind: ask"))
    result = run("--data", "c.yaml", "check", "--format", "sarif")
    assert result.exit_code == 2
    doc = json.loads(result.stdout)
    sarif_valid(doc)
    assert [(r["ruleId"], r["level"]) for r in doc["runs"][0]["results"]] == [
        ("R002", "error"),
        ("S004", "error"),
    ]


def test_sarif_of_a_clean_corpus_and_of_an_absolute_path(run, mini: Path) -> None:
    result = run("--data", str(mini), "check", "--format", "sarif")
    assert result.exit_code == 0
    doc = json.loads(result.stdout)
    sarif_valid(doc)
    assert doc["runs"][0]["results"] == []
    mini.write_text(SAID_TWICE)
    result = run("--data", str(mini), "check", "--format", "sarif")
    doc = json.loads(result.stdout)
    sarif_valid(doc)
    location = doc["runs"][0]["results"][0]["locations"][0]["physicalLocation"]
    assert location["artifactLocation"]["uri"] == mini.as_uri()


def test_ignore_a_code_on_the_command_line(run, mini: Path, monkeypatch) -> None:
    monkeypatch.chdir(mini.parent)
    mini.write_text(STOPPED)
    result = run("--data", "mini.yaml", "check", "--sources", "sources", "--ignore", "Q001")
    assert (result.exit_code, result.stdout) == (
        0,
        "mini.yaml: ok: 1 statement, 2 claims, 1 outcome, 2 themes, 2 organisations;"
        " 1 of 2 quotes found in sources (1 finding ignored: Q001)\n",
    )


def test_select_a_prefix_and_ignore_comma_separated(run, mini: Path, monkeypatch) -> None:
    monkeypatch.chdir(mini.parent)
    mini.write_text(SAID_TWICE.replace('"scheme" to be halted', '"scheme" to be stopped'))
    args = ["--data", "mini.yaml", "check", "--sources", "sources"]
    only_p = run(*args, "--select", "P")
    assert only_p.exit_code == 1
    assert [line.split(": ")[1] for line in only_p.stdout.splitlines()] == [
        "P001 claim alpha-worry",
        "1 finding (1 finding ignored",
    ]
    none = run(*args, "--ignore", "P001,q")
    assert none.exit_code == 0
    assert none.stdout.endswith("(2 findings ignored: P001, Q001)\n")


@pytest.mark.parametrize(
    ("option", "message"),
    [
        ("Q01", "simcli: --ignore: no rule 'Q01' (did you mean 'Q001'?)\n"),
        ("P009", "simcli: --ignore: no rule 'P009' (did you mean 'P001'?)\n"),
        (
            "Q001,,T",
            "simcli: --ignore: an empty code: give codes or prefixes such as Q001, T or ALL\n",
        ),
        (
            "S001",
            "simcli: --ignore: 'S001' names only errors (S001): a corpus with an"
            " error cannot be loaded, so errors are always reported; only warnings can be"
            " selected or ignored\n",
        ),
    ],
)
def test_a_bad_code_is_refused(run, mini: Path, option: str, message: str) -> None:
    result = run("--data", str(mini), "check", "--ignore", option)
    assert (result.exit_code, result.stdout, result.stderr) == (2, "", message)


def test_simcli_toml_in_the_corpus_folder(run, mini: Path, monkeypatch) -> None:
    monkeypatch.chdir(mini.parent)
    corpus = mini.parent / "corpus"
    corpus.mkdir()
    (corpus / "mini.yaml").write_text(SAID_TWICE)
    (corpus / "simcli.toml").write_text('[check]\nignore = ["P001"]\n')
    result = run("--data", "corpus", "check")
    assert (result.exit_code, result.stdout) == (
        0,
        "corpus: ok: 1 statement, 2 claims, 1 outcome, 2 themes, 2 organisations"
        " (1 finding ignored: P001)\n",
    )
    # the command line's --select replaces the file's; its --ignore adds to it
    (corpus / "simcli.toml").write_text('[check]\nselect = ["T"]\n')
    assert run("--data", "corpus", "check").exit_code == 0
    assert run("--data", "corpus", "check", "--select", "ALL").exit_code == 1


def test_simcli_toml_beside_a_corpus_file(run, write) -> None:
    path = write(SAID_TWICE)
    (path.parent / "simcli.toml").write_text("[check]\nignore = ['P']\n")
    assert run("--data", "c.yaml", "check").exit_code == 0


@pytest.mark.parametrize(
    ("toml", "lines"),
    [
        (
            "[check]\nignore = [P001]\n",
            [
                "simcli.toml:2:11: C001 not valid TOML: Invalid value"
                ' (codes are written in quotes: ["P001", "T"])'
            ],
        ),
        (
            '[check]\nignroe = ["P001"]\n',
            [
                "simcli.toml:2:1: C001 check.ignroe: unknown setting 'ignroe' (known: ignore, select)"
            ],
        ),
        (
            '[check]\nignore = ["P01"]\n',
            ["simcli.toml:2:11: C001 check.ignore[0]: no rule 'P01' (did you mean 'P001'?)"],
        ),
        (
            '[lint]\nselect = ["ALL"]\n',
            ["simcli.toml:1:1: C001 lint: unknown setting 'lint' (simcli.toml has: [check])"],
        ),
        (
            'ignore = ["P001"]\n',
            [
                "simcli.toml:1:1: C001 ignore: 'ignore' belongs under [check]: put it after that line"
            ],
        ),
        (
            "[check]\nselect = []\n",
            [
                "simcli.toml:2:1: C001 check.select: select is empty, so no finding would be"
                " reported: leave it out for all"
            ],
        ),
        (
            "[check]\nselect = 'Q'\n",
            ['simcli.toml:2:1: C001 check.select: select must be a list of codes, like ["Q001"]'],
        ),
    ],
)
def test_a_bad_simcli_toml_is_an_error(run, write, toml: str, lines: list[str]) -> None:
    path = write(MINI)
    (path.parent / "simcli.toml").write_text(toml)
    result = run("--data", "c.yaml", "check")
    assert (result.exit_code, result.stdout.splitlines()) == (2, lines)
    assert result.stderr == "simcli: 1 problem in simcli.toml; nothing was checked\n"


# --- every code is documented, and every code can be met ----------------------------
def test_the_readme_lists_every_rule_as_generated() -> None:
    from test_docs import rules_table

    assert rules_table() in README


def test_every_code_emitted_by_the_bad_inputs_is_in_the_readme(run, write) -> None:
    emitted: set[str] = set()
    for _name, corpus, args in BAD_CASES:
        write(corpus)
        result = run("--data", "c.yaml", *(args or ["check"]))
        emitted |= set(re.findall(r": ([A-Z]\d{3}) ", result.output))
    assert emitted, "no codes seen"
    undocumented = {code for code in emitted if f"| `{code}` |" not in README}
    assert not undocumented


def test_every_rule_but_the_fallback_is_met_by_a_test_case() -> None:
    """Each code names something a user can run into: the catalogues of bad and
    hostile inputs, and the tests above, meet every one (S009 is the safety net
    for a schema rule pydantic may add)."""
    tests = "".join(p.read_text("utf-8") for p in TESTS.rglob("*.py"))
    unmet = {code for code in RULES if code != "S009" and code not in tests}
    assert not unmet


def test_the_fallback_schema_code() -> None:
    from simcli.read.validate import _schema_code

    error = {"type": "bool_parsing", "loc": ("x",), "msg": "", "input": None}
    assert _schema_code(error) == "S009"  # type: ignore[arg-type]


def test_ignored_findings_are_listed_in_json_and_suppressed_in_sarif(
    run, mini: Path, monkeypatch
) -> None:
    monkeypatch.chdir(mini.parent)
    mini.write_text(SAID_TWICE)
    shown = run("--data", "mini.yaml", "check", "--ignore", "P001", "-f", "json")
    assert shown.exit_code == 0
    doc = json.loads(shown.stdout)
    assert (doc["diagnostics"], [d["code"] for d in doc["ignored"]]) == ([], ["P001"])
    sarif = json.loads(
        run("--data", "mini.yaml", "check", "--ignore", "P001", "-f", "sarif").stdout
    )
    sarif_valid(sarif)
    (result,) = sarif["runs"][0]["results"]
    assert (result["ruleId"], result["suppressions"]) == (
        "P001",
        [{"kind": "external", "justification": "left out by --select/--ignore or simcli.toml"}],
    )


def test_the_command_lines_select_replaces_the_files_choice(run, mini: Path, monkeypatch) -> None:
    monkeypatch.chdir(mini.parent)
    mini.write_text(SAID_TWICE)
    (mini.parent / "simcli.toml").write_text('[check]\nignore = ["P001"]\n')
    assert run("--data", "mini.yaml", "check").exit_code == 0
    assert run("--data", "mini.yaml", "check", "--select", "P001").exit_code == 1


def test_github_annotations_carry_the_code_and_the_severity(
    run, tmp_path: Path, monkeypatch
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "corpus").mkdir()
    result = run("--data", "corpus", "check", "--format", "github")
    assert (result.exit_code, result.stdout) == (
        2,
        "::error file=corpus,title=simcli check::F005 no *.yaml files in this folder\n",
    )


def test_problems_in_several_files_are_counted_for_the_folder(
    run, tmp_path: Path, monkeypatch
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "corpus").mkdir()
    (tmp_path / "corpus" / "a.yaml").write_text("version: 1\nthemes: 3\n")
    (tmp_path / "corpus" / "b.yaml").write_text("version: 2\n")
    result = run("--data", "corpus", "check", "--format", "json")
    assert result.exit_code == 2
    doc = json.loads(result.stdout)
    assert (doc["corpus"], sorted({d["file"] for d in doc["diagnostics"]})) == (
        "corpus",
        ["corpus/a.yaml", "corpus/b.yaml"],
    )
    assert result.stderr == "simcli: 2 problems in corpus; the corpus was not loaded\n"


def test_a_colon_in_a_plain_value_asks_for_quotes(run, write) -> None:
    write(MINI.replace("text: The scheme harms people.", "text: TODO: say what it harms"))
    result = run("--data", "c.yaml", "check")
    assert result.stdout.splitlines() == [
        "c.yaml:37:19: Y001 YAML syntax error: this value holds ': ', which YAML reads as a new"
        " key: put the whole value in quotes (\"...\" or '...')"
    ]


def test_rules_lists_the_codes_asked_for(run) -> None:
    result = run("rules", "Q00", "--format", "csv")
    assert result.exit_code == 0
    assert [line.split(",")[0] for line in result.stdout.splitlines()] == [
        "code", "Q001", "Q002", "Q003", "Q004",
    ]  # fmt: skip
    assert json.loads(run("rules", "-f", "json").stdout) == [
        {"code": r.code, "severity": r.severity, "summary": r.summary, "fix": r.fix}
        for r in RULES.values()
    ]
    unknown = run("rules", "X1")
    assert (unknown.exit_code, unknown.stderr) == (2, "simcli: no rule 'X1'\n")


def test_sarif_uris_for_awkward_file_names(run, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    folder = tmp_path / "a corpus é"
    folder.mkdir()
    (folder / "x #1.yaml").write_text(SAID_TWICE)
    result = run("--data", "a corpus é", "check", "--format", "sarif")
    doc = json.loads(result.stdout)
    sarif_valid(doc)
    location = doc["runs"][0]["results"][0]["locations"][0]["physicalLocation"]
    assert location["artifactLocation"]["uri"] == "a%20corpus%20%C3%A9/x%20%231.yaml"
    empty = tmp_path / "empty"
    empty.mkdir()
    whole = json.loads(run("--data", "empty", "check", "--format", "sarif").stdout)
    sarif_valid(whole)
    region = whole["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"]
    assert region == {"startLine": 1}  # a problem with the whole file: code scanning needs a line


def test_simcli_toml_problems_point_at_the_code_or_key(run, write) -> None:
    path = write(MINI)
    (path.parent / "simcli.toml").write_text(
        '[check]\nselect = ["T", "Q9"]\nignore = [\n  "P001",\n  "Q9",\n]\n'
    )
    result = run("--data", "c.yaml", "check")
    assert (result.exit_code, result.stdout.splitlines()) == (
        2,
        [
            "simcli.toml:2:16: C001 check.select[1]: no rule 'Q9'",
            "simcli.toml:5:3: C001 check.ignore[1]: no rule 'Q9'",
        ],
    )
    (path.parent / "simcli.toml").write_text("check = 3\n")
    assert run("--data", "c.yaml", "check").stdout == (
        "simcli.toml:1:1: C001 check: 'check' must be a table: a line [check], then its settings\n"
    )


def test_select_and_ignore_weigh_the_more_specific(run, mini: Path, monkeypatch) -> None:
    monkeypatch.chdir(mini.parent)
    mini.write_text(SAID_TWICE.replace('"scheme" to be halted', '"scheme" to be stopped'))
    args = ["--data", "mini.yaml", "check", "--sources", "sources"]
    result = run(*args, "--select", "Q001", "--ignore", "Q")
    assert [line.split(": ")[1] for line in result.stdout.splitlines()[:1]] == [
        "Q001 claim alpha-halt"
    ]
    assert result.stdout.endswith("1 finding (1 finding ignored: P001)\n")


def test_the_summary_of_ignored_missing_sources_does_not_say_allowed(
    run, mini: Path, monkeypatch
) -> None:
    monkeypatch.chdir(mini.parent)
    (mini.parent / "sources" / "alpha.txt").unlink()
    result = run("--data", "mini.yaml", "check", "--sources", "sources", "--ignore", "Q002")
    assert (result.exit_code, result.stdout) == (
        0,
        "mini.yaml: ok: 1 statement, 2 claims, 1 outcome, 2 themes, 2 organisations;"
        " 0 quotes found in sources, 2 not checked (1 finding ignored: Q002)\n",
    )
