"""Loading a corpus: the API, and every class of problem with its exact location."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from conftest import MINI, generated

import simcli
from simcli import CorpusError, load_corpus


def problems(path: Path) -> list[str]:
    with pytest.raises(CorpusError) as info:
        load_corpus(path)
    return [str(p) for p in info.value.problems]


def test_mini_corpus_loads_with_lookups(mini: Path) -> None:
    corpus = load_corpus(mini)
    assert [s.id for s in corpus.statements] == ["alpha-2021"]
    assert corpus.org("an").id == "alpha"
    assert corpus.org("the alpha").id == "alpha"
    assert corpus.org("ALPHA NETWORK").id == "alpha"
    assert [c.id for c in corpus.claims_by_theme("halt")] == ["alpha-halt", "alpha-worry"]
    assert corpus.statement_of("alpha-worry").id == "alpha-2021"
    assert str(corpus.statements[0].date) == "2021-04"
    assert corpus.statements[0].date.precision == "month"


def test_a_load_leaves_the_garbage_collector_as_it_found_it(mini: Path) -> None:
    """The collector is paused while a corpus loads: a program that uses the library
    gets it back as it was, with nothing frozen (garbage in a cycle is still
    collected); one that froze objects keeps them, and no load's objects are frozen. In
    a fresh interpreter: the commands tested here freeze objects."""
    program = f"""
import gc, weakref
from simcli import load_corpus

class Node:
    other = None

assert gc.isenabled() and gc.get_freeze_count() == 0
looped = Node()
looped.other = looped  # garbage in a cycle, made before the load
gone = weakref.ref(looped)
del looped
load_corpus({str(mini)!r}, cache=False)
assert gc.isenabled() and gc.get_freeze_count() == 0
gc.collect()
assert gone() is None
gc.disable()
load_corpus({str(mini)!r}, cache=False)
assert not gc.isenabled()
gc.enable()
gc.freeze()  # objects frozen by the process: none let go, and no load's objects kept
frozen = gc.get_freeze_count()
load_corpus({str(mini)!r}, cache=False)
assert gc.isenabled() and gc.get_freeze_count() == frozen
print("ok")
"""
    done = subprocess.run(
        [sys.executable, "-c", program], capture_output=True, text=True, timeout=120
    )
    assert (done.returncode, done.stdout, done.stderr) == (0, "ok\n", "")


def test_unknown_organisation_suggests_closest(mini: Path) -> None:
    corpus = load_corpus(mini)
    with pytest.raises(simcli.UnknownName) as info:
        corpus.org("Alpha Netwrk")
    assert str(info.value) == "unknown organisation 'Alpha Netwrk'; did you mean 'Alpha Network'?"


def test_bundled_corpus_api() -> None:
    corpus = simcli.load_corpus()
    assert corpus.org("National Survivor User Network") is corpus.org("nsun")
    assert corpus.org("NHS England and NHS Improvement").id == "nhs-england"
    assert [s.id for s in corpus.statements_of("CMH")] == ["cmh-2021-05-19", "cmh-2023-03-10"]
    publish = {c.id for c in corpus.claims_by_theme("publish-review") if c.kind == "demand"}
    assert publish == {"bigspd-release-findings"}  # CMH's words are a concern
    stopsim = corpus.statement("stopsim-2021-04-21")
    assert stopsim.org == "stopsim"
    assert [s.id for s in corpus.endorsed_by(stopsim)] == ["nsun-2021-04"]


def _mutate(text: str, old: str, new: str) -> str:
    assert old in text, old
    return text.replace(old, new, 1)


# (name, old, new, expected problems) applied to MINI; every message exact.
CASES = [
    (
        "missing field",
        '        quote: "it does real harm ... people"\n',
        "",
        ["c.yaml:34:9: S001 statements[0].claims[1].quote: field required"],
    ),
    (
        "unknown field with did-you-mean",
        '        quote: "it does real harm',
        '        qoute: "it does real harm',
        [  # one mistake, one error: the required 'quote' is not said missing as well
            "c.yaml:38:9: S002 statements[0].claims[1].qoute: unknown field 'qoute'"
            " (did you mean 'quote'?)",
        ],
    ),
    (
        "wrong type",
        "    title: Alpha's call",
        "    title: [Alpha, call]",
        ["c.yaml:23:12: S003 statements[0].title: expected text, got a list"],
    ),
    (
        "invalid kind",
        "        kind: concern",
        "        kind: concerns",
        [
            "c.yaml:35:15: S004 statements[0].claims[1].kind: 'concerns' is not one of:"
            " demand, appeal, concern, position, commitment or welcome (did you mean 'concern'?)"
        ],
    ),
    (
        "invalid status",
        "status: met,",
        "status: done,",
        [
            "c.yaml:45:31: S004 outcomes[0].effects[0].status: 'done' is not one of:"
            " met, partly-met or refused"
        ],
    ),
    (
        "impossible date",
        "    date: 2022-01-05",
        "    date: 2021-02-30",
        [
            "c.yaml:41:11: S007 outcomes[0].date: invalid date:"
            " day 30 does not exist in February 2021 (it has 28 days)"
        ],
    ),
    (
        "malformed date",
        "    date: 2021-04\n",
        "    date: April 2021\n",
        [
            "c.yaml:24:11: S007 statements[0].date: invalid date:"
            " 'April 2021' is not a date like 2021, 2021-04 or 2021-04-21"
        ],
    ),
    (
        "duplicate key",
        "    title: Alpha's call\n",
        "    title: Alpha's call\n    title: Another\n",
        [
            "c.yaml:24:5: Y003 statements[0].title: duplicate key 'title' (first at line 23);"
            " YAML would silently keep only the last one"
        ],
    ),
    (
        "duplicate id",
        "      - id: alpha-worry",
        "      - id: alpha-halt",
        [
            "c.yaml:34:13: R001 statements[0].claims[1].id: duplicate record id 'alpha-halt'"
            " (first used at line 28)"
        ],
    ),
    (
        "unknown theme",
        "        themes: [halt]\n        text: The scheme",
        "        themes: [hlat]\n        text: The scheme",
        [
            "c.yaml:36:18: R002 statements[0].claims[1].themes[0]: unknown theme 'hlat'"
            " (did you mean 'halt'?)"
        ],
    ),
    (
        "unknown organisation",
        "    org: alpha",
        "    org: alpah",
        [
            "c.yaml:22:10: R002 statements[0].org: unknown organisation 'alpah' (did you mean 'alpha'?)"
        ],
    ),
    (
        "unknown endorsed statement",
        "    source: alpha.txt\n",
        "    source: alpha.txt\n    endorses: [beta-2021]\n",
        [
            "c.yaml:26:16: R002 statements[0].endorses[0]: unknown statement 'beta-2021'"
            " (did you mean 'alpha-2021'?)"
        ],
    ),
    (
        "demand without target",
        "        target: gov\n",
        "",
        [
            "c.yaml:28:9: R007 statements[0].claims[0]: a demand needs a target:"
            " the organisation it asks to act (a call on the public or supporters is an appeal)"
        ],
    ),
    (
        "effect narrowed to a claim of another theme",
        "{theme: halt, status: met, note: Stopped.}",
        "{theme: publish, status: met, note: Stopped., claims: [alpha-halt]}",
        [
            "c.yaml:45:64: R006 outcomes[0].effects[0].claims[0]:"
            " claim 'alpha-halt' is not coded with theme 'publish'"
        ],
    ),
    (
        "organisation names that collide",
        "    short: GB",
        "    short: an",
        [
            "c.yaml:18:12: R003 organisations[1].short: the name 'an' already names organisation 'alpha'"
        ],
    ),
    (
        "bad id",
        "  - id: gov-stops",
        "  - id: gov stops!",
        [
            "c.yaml:40:9: S005 outcomes[0].id: 'gov stops!' is not a valid id:"
            " use letters, digits, '.', '_' or '-'"
        ],
    ),
    (
        "empty list of themes",
        "        themes: [halt]\n        target",
        "        themes: []\n        target",
        ["c.yaml:30:17: S006 statements[0].claims[0].themes: needs at least one item"],
    ),
    (
        "python tag is never constructed",
        "    title: Alpha's call",
        "    title: !!python/object/apply:os.system ['echo hacked']",
        [
            "c.yaml:23:12: Y002 statements[0].title: YAML tag"
            " 'tag:yaml.org,2002:python/object/apply:os.system' is not allowed in a corpus"
        ],
    ),
    (
        "alias of a mapping",
        "  - id: gov\n",
        "  - &g\n    id: gov\n",
        None,  # checked separately below
    ),
    (
        "tab indentation",
        "    summary: Alpha asks",
        "\tsummary: Alpha asks",
        ["c.yaml:26:1: Y001 a tab character cannot indent YAML: use spaces"],
    ),
    (
        "unclosed quote",
        '        quote: "it does real harm ... people"',
        '        quote: "it does real harm ... people',
        ["c.yaml:38:16: Y001 unclosed quote: the quoted text that starts here never ends"],
    ),
    (
        "bad nesting",
        "        kind: concern",
        "         kind: concern",
        [
            "c.yaml:35:14: Y001 YAML syntax error: this 'key: value' does not fit the indentation"
            " around it (compare it with the line above)"
        ],
    ),
]


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [pytest.param(o, n, e, id=name) for name, o, n, e in CASES if e is not None],
)
def test_each_problem_is_located(write, old: str, new: str, expected: list[str]) -> None:
    path = write(_mutate(MINI, old, new))
    assert problems(path) == expected


def test_alias_of_a_list_is_refused_at_the_alias(write) -> None:
    text = _mutate(
        MINI, "        themes: [halt]\n        target", "        themes: &t [halt]\n        target"
    )
    text = _mutate(
        text,
        "        themes: [halt]\n        text: The scheme",
        "        themes: *t\n        text: The scheme",
    )
    assert problems(write(text)) == [
        "c.yaml:36:17: Y005 statements[0].claims[1].themes: an alias of a list is not allowed here:"
        " write the data out in full"
    ]


def test_scalar_aliases_are_fine(write) -> None:
    text = _mutate(MINI, "    kind: charity", "    kind: &k charity")
    text = _mutate(text, "    kind: public body", "    kind: *k")
    assert load_corpus(write(text)).organisations[1].kind == "charity"


def test_every_problem_reported_together(write) -> None:
    text = _mutate(MINI, "        kind: concern", "         kind: concern")  # syntax, claim 2
    text = _mutate(text, "        target: gov\n", "")  # demand without target
    text = _mutate(text, "  - id: publish", "  - id: halt")  # duplicate theme
    text = _mutate(text, "    actor: gov", "    actor: govt")  # unknown organisation
    assert problems(write(text)) == [
        "c.yaml:7:9: R001 themes[1].id: duplicate theme id 'halt' (first used at line 3)",
        "c.yaml:28:9: R007 statements[0].claims[0]: a demand needs a target:"
        " the organisation it asks to act (a call on the public or supporters is an appeal)",
        "c.yaml:34:14: Y001 YAML syntax error: this 'key: value' does not fit the indentation"
        " around it (compare it with the line above)",
        "c.yaml:41:12: R002 outcomes[0].actor: unknown organisation 'govt' (did you mean 'gov'?)",
    ]


def test_syntax_error_in_one_item_keeps_later_indexes_true(write) -> None:
    # statement 0 breaks; statement 1 has its own problem, which must say statements[1]
    second = MINI[MINI.index("  - id: alpha-2021") : MINI.index("outcomes:")]
    second = second.replace("alpha-", "beta-").replace(
        "themes: [halt]\n        text: The", "themes: [hlat]\n        text: The"
    )
    text = _mutate(MINI, "outcomes:\n", second + "outcomes:\n")
    text = _mutate(text, "    org: alpha", "     org: alpha")
    assert problems(write(text)) == [
        "c.yaml:22:9: Y001 YAML syntax error: this 'key: value' does not fit the indentation"
        " around it (compare it with the line above)",
        "c.yaml:54:18: R002 statements[1].claims[1].themes[0]: unknown theme 'hlat'"
        " (did you mean 'halt'?)",
    ]


def test_empty_and_comment_only_files(write) -> None:
    expected = [
        "c.yaml: F003 the file is empty: a corpus needs version, themes, organisations and statements"
    ]
    assert problems(write("")) == expected
    assert problems(write("# nothing here yet\n\n")) == expected


def test_top_level_must_be_a_mapping(write) -> None:
    assert problems(write("- a\n- b\n")) == [
        "c.yaml:1:1: S003 the top level must be a mapping with the keys version, themes,"
        " organisations, statements, outcomes; got a list"
    ]


def test_bom_and_crlf_simply_work(write) -> None:
    path = write(b"\xef\xbb\xbf" + MINI.replace("\n", "\r\n").encode("utf-8"))
    assert load_corpus(path).statements[0].claims[1].quote == "it does real harm ... people"


def test_non_utf8_is_located(write) -> None:
    data = MINI.replace("Stop the scheme.", "Stop the sch\xe9me.").encode("latin-1")
    assert problems(write(data)) == [
        "c.yaml:5:30: F002 not UTF-8: byte 0xe9 cannot be decoded; save the file as UTF-8"
    ]


def test_binary_missing_and_directory(write, tmp_path: Path) -> None:
    assert problems(write(b"\x00\x01\x02binary")) == [
        "c.yaml: F002 not a text file (it contains NUL bytes)"
    ]
    assert [p.split(": ", 1)[1] for p in problems(tmp_path / "nope.yaml")] == ["F001 no such file"]
    (tmp_path / "empty").mkdir()
    assert [p.split(": ", 1)[1] for p in problems(tmp_path / "empty")] == [
        "F005 no *.yaml files in this folder"
    ]


def test_loading_never_writes(mini: Path) -> None:
    before = mini.read_bytes(), mini.stat().st_mtime_ns
    load_corpus(mini)
    assert (mini.read_bytes(), mini.stat().st_mtime_ns) == before


def _yaml_texts() -> list[tuple[str, str]]:
    """Every YAML text the tests hold: the bundled corpus, the test data, the bad and
    hostile inputs."""
    import bad_inputs
    import hostile_inputs
    from conftest import ROOT

    texts = [("bundled", (ROOT / "data" / "statements.yaml").read_text(encoding="utf-8"))]
    texts += [
        (p.name, p.read_text(encoding="utf-8")) for p in (ROOT / "tests" / "data").rglob("*.yaml")
    ]

    def strings(value: object) -> list[str]:
        if isinstance(value, str):
            return [value] if "\n" in value else []
        if isinstance(value, (list, tuple)):
            return [text for item in value for text in strings(item)]
        if hasattr(value, "__dataclass_fields__") and not isinstance(value, type):
            return strings([getattr(value, f) for f in value.__dataclass_fields__])
        return []

    for module in (bad_inputs, hostile_inputs):
        for name in dir(module):
            found = strings(getattr(module, name))
            texts += [(f"{module.__name__}.{name}[{i}]", t) for i, t in enumerate(found)]
    return texts


def test_the_plain_builder_gives_what_the_full_one_gives() -> None:
    """A text with no anchor is built without alias bookkeeping: the same data and
    the same problems as the builder that handles aliases."""
    import yaml

    from simcli.read.yamlsrc import MAX_ALIAS_TEXT, _Builder, _Loader

    compared = 0
    for name, text in _yaml_texts():
        if "&" in text:
            continue  # an anchor: the full builder's alone (the loader's rule)
        try:
            root = yaml.compose(text, Loader=_Loader)
        except (yaml.YAMLError, RecursionError, ValueError):
            continue
        if root is None:
            continue
        full, plain = (_Builder(name, max(MAX_ALIAS_TEXT, len(text))) for _ in range(2))
        assert plain.build_plain(root) == full.build(root), name
        assert plain.problems == full.problems, name
        compared += 1
    assert compared >= 20


def test_commands_run_in_process_freeze_nothing(tmp_path: Path) -> None:
    """A program that runs commands in-process (a test runner, a notebook) lives on
    after them: none of their objects is frozen, so none is kept for good (a test
    run that froze its heap kept every later load, and walked the frozen objects on
    each): a corpus read whole, and one reported a batch at a time from the store;
    also after the entry point itself ran in-process and ended before any command
    (--version). The ``simcli`` command's own process freezes what its loads make:
    it ends with the command."""
    folder = generated(tmp_path / "corpus", 300)
    program = f"""
import contextlib, gc, io, os, sys
from typer.testing import CliRunner
from simcli.cli.app import app
from simcli.cli.entry import main
from simcli.store import load
os.environ["SIMCLI_CACHE_DIR"] = {str(tmp_path / "cache")!r}
os.environ["SIMCLI_INDEX_FROM"] = "0"  # indexed: the report is read from the store
sys.argv = ["simcli", "--version"]
try:
    with contextlib.redirect_stdout(io.StringIO()):
        main()
except SystemExit:
    pass
assert gc.isenabled()  # the entry point left it as it found it
data = ["--data", {str(folder)!r}]
for question in (["--no-cache", *data, "statements", "--format", "json"],
                 [*data, "report", "--out", {str(tmp_path / "report.html")!r}]):
    result = CliRunner().invoke(app, question)
    assert result.exit_code == 0, result.output
    assert gc.get_freeze_count() == 0, question
    assert gc.isenabled() and not getattr(load, "ONE_COMMAND", False), question
print("ok")
"""
    done = subprocess.run(
        [sys.executable, "-c", program], capture_output=True, text=True, timeout=120
    )
    assert (done.returncode, done.stdout, done.stderr) == (0, "ok\n", "")
    program = """
import atexit, gc, sys
from simcli.store import load
atexit.register(lambda: print(load.ONE_COMMAND, gc.get_freeze_count() > 0, file=sys.stderr))
sys.argv = ["simcli", "--no-cache", "demands", "--org", "NSUN", "--format", "json"]
from simcli.cli.entry import main
main()
"""
    done = subprocess.run(
        [sys.executable, "-c", program], capture_output=True, text=True, timeout=120
    )
    assert (done.returncode, done.stderr) == (0, "True True\n")


def test_a_caller_s_own_paused_collector_is_left_paused() -> None:
    """Only the simcli command's own pause at start-up is ended (and what start-up made
    frozen): a program that paused the collector and runs a command in-process keeps
    it paused, with nothing frozen."""
    program = """
import gc
from typer.testing import CliRunner
from simcli.cli.app import app
gc.disable()
result = CliRunner().invoke(app, ["demands", "--org", "NSUN", "--format", "json"])
assert result.exit_code == 0, result.output
assert not gc.isenabled() and gc.get_freeze_count() == 0
print("ok")
"""
    done = subprocess.run(
        [sys.executable, "-c", program], capture_output=True, text=True, timeout=120
    )
    assert (done.returncode, done.stdout, done.stderr) == (0, "ok\n", "")
