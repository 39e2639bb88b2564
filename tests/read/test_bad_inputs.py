"""Every bad input gives its exit code and exact, located message (see bad_inputs.py)."""

from __future__ import annotations

import resource
from pathlib import Path

import pytest
from bad_inputs import CASES
from conftest import MINI

import simcli.read.files

# fmt: off
EXPECTED: dict[str, tuple[int, list[str]]] = {
    'tab indentation': (2, [
        'c.yaml:26:1: Y001 a tab character cannot indent YAML: use spaces',
        'simcli: 1 problem in c.yaml; the corpus was not loaded',
    ]),
    'unclosed double quote': (2, [
        'c.yaml:38:16: Y001 unclosed quote: the quoted text that starts here never ends',
        'simcli: 1 problem in c.yaml; the corpus was not loaded',
    ]),
    'unclosed single quote': (2, [
        'c.yaml:23:12: Y001 unclosed quote: the quoted text that starts here never ends',
        'simcli: 1 problem in c.yaml; the corpus was not loaded',
    ]),
    'over-indented key': (2, [
        "c.yaml:35:14: Y001 YAML syntax error: this 'key: value' does not fit the indentation around it (compare it with the line above)",
        'simcli: 1 problem in c.yaml; the corpus was not loaded',
    ]),
    'under-indented key': (2, [
        "c.yaml:35:8: Y001 YAML syntax error: this line's indentation does not fit the block it is in (compare it with the lines above)",
        'simcli: 1 problem in c.yaml; the corpus was not loaded',
    ]),
    'over-indented list item': (2, [  # one problem, not a duplicate key for each field after it
        "c.yaml:34:8: Y001 YAML syntax error: this line's indentation does not fit the block it is in (compare it with the lines above)",
        'simcli: 1 problem in c.yaml; the corpus was not loaded',
    ]),
    'unclosed flow list': (2, [
        "c.yaml:7:1: Y001 YAML syntax error: did not find expected ',' or ']' (while parsing a flow sequence)",
        'simcli: 1 problem in c.yaml; the corpus was not loaded',
    ]),
    'more than one document': (2, [
        "c.yaml:46:1: Y001 more than one YAML document ('---'): a corpus file holds one",
        'simcli: 1 problem in c.yaml; the corpus was not loaded',
    ]),
    'stray text at the top': (2, [
        "c.yaml:2:8: Y001 YAML syntax error: this 'key: value' does not fit the indentation around it (compare it with the line above)",
        'simcli: 1 problem in c.yaml; the corpus was not loaded',
    ]),
    'empty file': (2, [
        'c.yaml: F003 the file is empty: a corpus needs version, themes, organisations and statements',
        'simcli: 1 problem in c.yaml; the corpus was not loaded',
    ]),
    'comment-only file': (2, [
        'c.yaml: F003 the file is empty: a corpus needs version, themes, organisations and statements',
        'simcli: 1 problem in c.yaml; the corpus was not loaded',
    ]),
    'blank lines only': (2, [
        'c.yaml: F003 the file is empty: a corpus needs version, themes, organisations and statements',
        'simcli: 1 problem in c.yaml; the corpus was not loaded',
    ]),
    'top level is a list': (2, [
        'c.yaml:1:1: S003 the top level must be a mapping with the keys version, themes, organisations, statements, outcomes; got a list',
        'simcli: 1 problem in c.yaml; the corpus was not loaded',
    ]),
    'top level is text': (2, [
        'c.yaml:1:1: S003 the top level must be a mapping with the keys version, themes, organisations, statements, outcomes; got text',
        'simcli: 1 problem in c.yaml; the corpus was not loaded',
    ]),
    'title is a list': (2, [
        'c.yaml:23:12: S003 statements[0].title: expected text, got a list',
        'simcli: 1 problem in c.yaml; the corpus was not loaded',
    ]),
    'version is text': (2, [
        "c.yaml:1:10: S008 version: unsupported corpus version 'one': this simcli reads version 1",
        'simcli: 1 problem in c.yaml; the corpus was not loaded',
    ]),
    'version 2': (2, [
        'c.yaml:1:10: S008 version: unsupported corpus version 2: this simcli reads version 1',
        'simcli: 1 problem in c.yaml; the corpus was not loaded',
    ]),
    'themes is a mapping': (2, [
        'c.yaml:3:3: S003 themes: expected a list, got a mapping',
        'simcli: 1 problem in c.yaml; the corpus was not loaded',
    ]),
    'claims is null': (2, [
        'c.yaml:27:12: S003 statements[0].claims: expected a list, got nothing (null)',
        "c.yaml:28:5: S002 statements[0].removed: unknown field 'removed' (known fields: id, org, title, title_ours, date, date_note, after, url, source, endorses, summary, claims)",
        'simcli: 2 problems in c.yaml; the corpus was not loaded',
    ]),
    'keywords is text': (2, [
        'c.yaml:6:15: S003 themes[0].keywords: expected a list, got text',
        'simcli: 1 problem in c.yaml; the corpus was not loaded',
    ]),
    'url is not a web address': (2, [
        "c.yaml:25:10: S005 statements[0].url: 'alpha.org' is not a web address starting with http:// or https://",
        'simcli: 1 problem in c.yaml; the corpus was not loaded',
    ]),
    'empty text': (2, [
        'c.yaml:37:15: S006 statements[0].claims[1].text: must not be empty',
        'simcli: 1 problem in c.yaml; the corpus was not loaded',
    ]),
    'number as id': (2, [
        'c.yaml:16:9: S003 organisations[1].id: expected text, got the number 42',
        "c.yaml:31:17: R002 statements[0].claims[0].target: unknown organisation 'gov'",
        "c.yaml:42:12: R002 outcomes[0].actor: unknown organisation 'gov'",
        'simcli: 3 problems in c.yaml; the corpus was not loaded',
    ]),
    'missing quote': (2, [
        'c.yaml:34:9: S001 statements[0].claims[1].quote: field required',
        'simcli: 1 problem in c.yaml; the corpus was not loaded',
    ]),
    'missing date': (2, [
        'c.yaml:21:5: S001 statements[0].date: field required',
        'simcli: 1 problem in c.yaml; the corpus was not loaded',
    ]),
    'misspelt field': (2, [  # one mistake, one error: not S001 for 'quote' as well
        "c.yaml:38:9: S002 statements[0].claims[1].qoute: unknown field 'qoute' (did you mean 'quote'?)",
        'simcli: 1 problem in c.yaml; the corpus was not loaded',
    ]),
    'unknown top-level key': (2, [
        "c.yaml:39:1: S002 outcome: unknown field 'outcome' (did you mean 'outcomes'?)",
        'simcli: 1 problem in c.yaml; the corpus was not loaded',
    ]),
    'duplicate key in a claim': (2, [
        "c.yaml:36:9: Y003 statements[0].claims[1].kind: duplicate key 'kind' (first at line 35); YAML would silently keep only the last one",
        'simcli: 1 problem in c.yaml; the corpus was not loaded',
    ]),
    'duplicate top-level key': (2, [
        "c.yaml:46:1: Y003 themes: duplicate key 'themes' (first at line 2); YAML would silently keep only the last one",
        'simcli: 1 problem in c.yaml; the corpus was not loaded',
    ]),
    'duplicate theme id': (2, [
        "c.yaml:7:9: R001 themes[1].id: duplicate theme id 'halt' (first used at line 3)",
        'simcli: 1 problem in c.yaml; the corpus was not loaded',
    ]),
    'duplicate claim id': (2, [
        "c.yaml:34:13: R001 statements[0].claims[1].id: duplicate record id 'alpha-halt' (first used at line 28)",
        'simcli: 1 problem in c.yaml; the corpus was not loaded',
    ]),
    'statement and claim share an id': (2, [
        "c.yaml:34:13: R001 statements[0].claims[1].id: duplicate record id 'alpha-2021' (first used at line 21)",
        'simcli: 1 problem in c.yaml; the corpus was not loaded',
    ]),
    'colliding organisation names': (2, [
        "c.yaml:18:12: R003 organisations[1].short: the name 'an' already names organisation 'alpha'",
        'simcli: 1 problem in c.yaml; the corpus was not loaded',
    ]),
    'unknown theme': (2, [
        "c.yaml:36:18: R002 statements[0].claims[1].themes[0]: unknown theme 'hlat' (did you mean 'halt'?)",
        'simcli: 1 problem in c.yaml; the corpus was not loaded',
    ]),
    'unknown author': (2, [
        "c.yaml:22:10: R002 statements[0].org: unknown organisation 'beta'",
        'simcli: 1 problem in c.yaml; the corpus was not loaded',
    ]),
    'unknown target': (2, [
        "c.yaml:31:17: R002 statements[0].claims[0].target: unknown organisation 'govt' (did you mean 'gov'?)",
        'simcli: 1 problem in c.yaml; the corpus was not loaded',
    ]),
    'unknown actor': (2, [
        "c.yaml:42:12: R002 outcomes[0].actor: unknown organisation 'parliament'",
        'simcli: 1 problem in c.yaml; the corpus was not loaded',
    ]),
    'unknown evidence statement': (2, [
        "c.yaml:45:21: R002 outcomes[0].evidence[0].statement: unknown statement 'beta-2021' (did you mean 'alpha-2021'?)",
        'simcli: 1 problem in c.yaml; the corpus was not loaded',
    ]),
    'unknown effect claim': (2, [
        "c.yaml:45:61: R002 outcomes[0].effects[0].claims[0]: unknown claim 'alpha-stop' (did you mean 'alpha-halt'?)",
        'simcli: 1 problem in c.yaml; the corpus was not loaded',
    ]),
    'endorses itself': (2, [
        'c.yaml:26:16: R004 statements[0].endorses[0]: a statement cannot endorse itself',
        'simcli: 1 problem in c.yaml; the corpus was not loaded',
    ]),
    'demand without target': (2, [
        'c.yaml:28:9: R007 statements[0].claims[0]: a demand needs a target: the organisation it asks to act (a call on the public or supporters is an appeal)',
        'simcli: 1 problem in c.yaml; the corpus was not loaded',
    ]),
    'impossible date': (2, [
        'c.yaml:41:11: S007 outcomes[0].date: invalid date: day 30 does not exist in February 2021 (it has 28 days)',
        'simcli: 1 problem in c.yaml; the corpus was not loaded',
    ]),
    'month 13': (2, [
        'c.yaml:24:11: S007 statements[0].date: invalid date: month 13 does not exist',
        'simcli: 1 problem in c.yaml; the corpus was not loaded',
    ]),
    'date in words': (2, [
        "c.yaml:24:11: S007 statements[0].date: invalid date: 'April 2021' is not a date like 2021, 2021-04 or 2021-04-21",
        'simcli: 1 problem in c.yaml; the corpus was not loaded',
    ]),
    'invalid status': (2, [
        "c.yaml:45:31: S004 outcomes[0].effects[0].status: 'done' is not one of: met, partly-met or refused",
        'simcli: 1 problem in c.yaml; the corpus was not loaded',
    ]),
    'invalid kind': (2, [
        "c.yaml:35:15: S004 statements[0].claims[1].kind: 'worry' is not one of: demand, appeal, concern, position, commitment or welcome",
        'simcli: 1 problem in c.yaml; the corpus was not loaded',
    ]),
    'empty theme list': (2, [
        'c.yaml:30:17: S006 statements[0].claims[0].themes: needs at least one item',
        'simcli: 1 problem in c.yaml; the corpus was not loaded',
    ]),
    'non-UTF-8 byte': (2, [
        'c.yaml:5:30: F002 not UTF-8: byte 0xe9 cannot be decoded; save the file as UTF-8',
        'simcli: 1 problem in c.yaml; the corpus was not loaded',
    ]),
    'binary file': (2, [
        'c.yaml: F002 not a text file (it contains NUL bytes)',
        'simcli: 1 problem in c.yaml; the corpus was not loaded',
    ]),
    'UTF-16 file': (2, [
        'c.yaml: F002 saved as UTF-16: save the file as UTF-8',
        'simcli: 1 problem in c.yaml; the corpus was not loaded',
    ]),
    'control character': (2, [
        'c.yaml:5:26: Y001 the control character U+0007 is not allowed in YAML: remove it',
        'simcli: 1 problem in c.yaml; the corpus was not loaded',
    ]),
    'python tag': (2, [
        "c.yaml:23:12: Y002 statements[0].title: YAML tag 'tag:yaml.org,2002:python/object/apply:os.system' is not allowed in a corpus",
        'simcli: 1 problem in c.yaml; the corpus was not loaded',
    ]),
    'custom tag': (2, [
        "c.yaml:23:12: Y002 statements[0].title: YAML tag '!secret' is not allowed in a corpus",
        'simcli: 1 problem in c.yaml; the corpus was not loaded',
    ]),
    'binary tag': (2, [
        "c.yaml:23:12: Y002 statements[0].title: YAML tag 'tag:yaml.org,2002:binary' is not allowed in a corpus",
        'simcli: 1 problem in c.yaml; the corpus was not loaded',
    ]),
    'merge key': (2, [
        "c.yaml:16:5: Y004 organisations[1]: keys must be plain text (no lists, mappings or '<<')",
        'simcli: 1 problem in c.yaml; the corpus was not loaded',
    ]),
    'alias of a list': (2, [
        'c.yaml:36:17: Y005 statements[0].claims[1].themes: an alias of a list is not allowed here: write the data out in full',
        'simcli: 1 problem in c.yaml; the corpus was not loaded',
    ]),
    'deep nesting': (2, [
        'c.yaml:2:72: Y006 nesting deeper than 64 levels; a corpus needs no more than 6',
        'simcli: 1 problem in c.yaml; the corpus was not loaded',
    ]),
    'unknown --format': (2, [
        'Usage: simcli demands [OPTIONS]',
        "Try 'simcli demands -h' for help.",
        '',
        "Error: Invalid value for '--format' / '-f': 'xml' is not one of: table, json, csv, tsv, markdown",
    ]),
    'bad --as-of': (2, [
        'simcli: --as-of: day 30 does not exist in February 2021 (it has 28 days)',
    ]),
    'unknown --org': (2, [
        "simcli: unknown organisation 'Alpah'; did you mean 'alpha'?",
    ]),
    'unknown --theme': (2, [
        "simcli: unknown theme 'hlat'; did you mean 'halt'?",
    ]),
    'unknown --kind': (2, [
        "simcli: --kind: 'wish' is not one of: demand, appeal, concern, position, commitment, welcome, all",
    ]),
    'unknown --status': (2, [
        "simcli: --status: 'done' is not one of: open, partly-met, refused, met, unmet",
    ]),
    'unknown id for show': (2, [
        "simcli: unknown statement, claim or outcome 'alpha-hlat'; did you mean 'alpha-halt'?",
    ]),
    'unknown command': (2, [
        'Usage: simcli [OPTIONS] COMMAND [ARGS]...',
        "Try 'simcli -h' for help.",
        '',
        "Error: No such command 'demand'. Did you mean 'demands'?",
    ]),
    'bad --from': (2, [
        "simcli: --from: 'last year' is not a date like 2021, 2021-04 or 2021-04-21",
    ]),
    'BOM and CRLF': (0, [
        'c.yaml: ok: 1 statement, 2 claims, 1 outcome, 2 themes, 2 organisations',
    ]),
    'scalar alias': (0, [
        'c.yaml: ok: 1 statement, 2 claims, 1 outcome, 2 themes, 2 organisations',
    ]),
}
# fmt: on


def test_catalogue_is_large_and_complete() -> None:
    assert len(CASES) >= 40
    assert [name for name, _, _ in CASES] == list(EXPECTED)


@pytest.mark.parametrize(("name", "corpus", "args"), CASES, ids=[c[0] for c in CASES])
def test_bad_input(run, write, name: str, corpus: str | bytes, args: list[str]) -> None:
    write(corpus)
    result = run("--data", "c.yaml", *(args or ["check"]))
    code, lines = EXPECTED[name]
    assert (result.exit_code, result.output.splitlines()) == (code, lines)
    assert "Traceback" not in result.output
    if code == 2 and not args:  # data problems are located: file, and line:col where there is one
        for line in lines[:-1]:
            assert line.startswith("c.yaml:") or line.startswith("c.yaml: "), line


def test_missing_file_and_directory(run, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    missing = run("--data", "nope.yaml", "check")
    assert (missing.exit_code, missing.output) == (
        2,
        "nope.yaml: F001 no such file\nsimcli: 1 problem in nope.yaml; the corpus was not loaded\n",
    )
    (tmp_path / "corpus").mkdir()
    folder = run("--data", "corpus", "demands")
    assert (folder.exit_code, folder.stderr) == (
        2,
        "corpus: F005 no *.yaml files in this folder\n"
        "simcli: 1 problem in corpus; the corpus was not loaded\n",
    )


def test_unreadable_file(run, write, monkeypatch) -> None:
    write(MINI)

    def denied(path: object, flags: int) -> int:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(
        simcli.read.files, "_open", denied
    )  # tests may run as root, where chmod is moot
    result = run("--data", "c.yaml", "check")
    assert (result.exit_code, result.output.splitlines()) == (
        2,
        [
            "c.yaml: F001 permission denied: cannot read this file",
            "simcli: 1 problem in c.yaml; the corpus was not loaded",
        ],
    )


def test_oversized_file(run, write, monkeypatch) -> None:
    write(MINI)
    monkeypatch.setattr(simcli.read.files, "MAX_BYTES", 1000)
    result = run("--data", "c.yaml", "check")
    assert result.output.splitlines()[0] == (
        "c.yaml: F001 file is too large (more than 1,000 bytes): split it into a folder of smaller"
        " *.yaml files (see the README's 'Large corpora')"
    )


BOMB = (
    "version: 1\na: &a ["
    + ",".join(['"lol"'] * 9)
    + "]\n"
    + "".join(
        f"{b}: &{b} [{','.join(['*' + a] * 9)}]\n"
        for a, b in zip("abcdefgh", "bcdefghi", strict=True)
    )
)


def test_alias_bomb_fails_fast_in_bounded_memory(run, write) -> None:
    write(BOMB)
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    result = run("--data", "c.yaml", "check")
    grown_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before
    assert result.exit_code == 2
    assert "c.yaml:3:8: Y005 b[0]: an alias of a list is not allowed here" in result.output
    assert "more aliases of lists or mappings (not all listed)" in result.output
    # the bomb is never expanded: memory stays flat (its speed is measured in benchmarks/)
    assert grown_kib < 100 * 1024


def test_deep_nesting_is_refused_without_crashing(run, write) -> None:
    write("version: 1\nthemes: " + "[" * 200_000 + "]" * 200_000 + "\n")
    result = run("--data", "c.yaml", "check")
    assert result.output.splitlines()[0] == (
        "c.yaml:2:72: Y006 nesting deeper than 64 levels; a corpus needs no more than 6"
    )


def _snapshot(folder: Path) -> dict[str, tuple[bytes, int]]:
    return {p.name: (p.read_bytes(), p.stat().st_mtime_ns) for p in folder.iterdir()}


@pytest.mark.parametrize(
    "args",
    [["check"], ["demands", "--format", "csv"], ["unmet", "--fail-on-unmet"], ["compare"],
     ["show", "alpha-halt"], ["timeline", "--from", "nonsense"]],
)  # fmt: skip
@pytest.mark.parametrize("broken", [False, True])
def test_no_command_writes_near_the_corpus(run, write, tmp_path: Path, args, broken) -> None:
    write(MINI.replace("kind: concern", "kind: worry") if broken else MINI)
    before = _snapshot(tmp_path)
    result = run("--data", "c.yaml", *args)
    assert result.exit_code in (0, 1, 2)
    assert _snapshot(tmp_path) == before  # same files, same bytes, untouched
