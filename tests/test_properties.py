"""Property: whatever the corpus and the command line, simcli answers with exit 0, 1 or 2,
never a traceback or a hang, and every exit 2 comes with a located message.

CI runs a bounded, derandomised run (the "ci" profile, 500 examples each).
`python benchmarks/fuzz.py --examples 100000` runs the long one and reports its figures.
"""

from __future__ import annotations

import copy
import json
import os
import signal
import tempfile
import time
from pathlib import Path
from typing import Any

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from simcli.cli.app import app
from simcli.read.yamlsrc import parse_yaml
from simcli.store.load import bundled_corpus_path

settings.register_profile(
    "ci",
    max_examples=500,
    derandomize=True,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
settings.register_profile(
    "long",
    max_examples=int(os.environ.get("SIMCLI_FUZZ_EXAMPLES", "100000")),
    deadline=None,
    suppress_health_check=list(HealthCheck),
    database=None,
)
settings.load_profile(os.environ.get("SIMCLI_HYPOTHESIS_PROFILE", "ci"))

BASE_TEXT = bundled_corpus_path().read_text(encoding="utf-8")
BASE: dict[str, Any] = parse_yaml(BASE_TEXT, "base").data
STATS_FILE = os.environ.get("SIMCLI_FUZZ_STATS")
STATS: dict[str, Any] = {"examples": 0, "slowest": 0.0, "slowest_case": None, "exits": {}}

HOSTILE = [
    "[bold]x[/bold]", "[/]", "[link=http://evil]x[/link]", "\x1b[31mred\x1b[0m",
    "\x1b]8;;http://evil\x1b\\click\x1b]8;;\x1b\\", "\u202eevil", "=1+1", "+1", "-1", "@SUM(A1)",
    "", " ", "\n", "\t", "null", "~", "2021-02-30", "1e999", "'", '"', "*a", "&a", "!!binary",
    "- x", "key: value", "{", "[", "…", "\u0000", "\ud7ff", "x" * 5000, "ünïcødé", "🙂",
]  # fmt: skip
TEXT = st.one_of(st.sampled_from(HOSTILE), st.text(max_size=40))
SCALAR = st.one_of(TEXT, st.integers(), st.floats(allow_nan=False), st.booleans(), st.none())
VALUE = st.one_of(SCALAR, st.lists(SCALAR, max_size=3), st.dictionaries(TEXT, SCALAR, max_size=3))


def _paths(node: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    out = [path]
    if isinstance(node, dict):
        for key, value in node.items():
            out += _paths(value, (*path, key))
    elif isinstance(node, list):
        for i, value in enumerate(node):
            out += _paths(value, (*path, i))
    return out


PATHS = _paths(BASE)[1:]


def _parent(data: Any, path: tuple[Any, ...]) -> Any:
    for part in path[:-1]:
        data = data[part]
    return data


@st.composite
def corpora(draw: st.DrawFn) -> str:
    """The bundled corpus, mutated a little, as YAML text."""
    data = copy.deepcopy(BASE)
    for _ in range(draw(st.integers(0, 3))):  # 0: a valid corpus meets a random command line
        path = draw(st.sampled_from(PATHS))
        try:
            parent, key = _parent(data, path), path[-1]
            current = parent[key]
        except (KeyError, IndexError, TypeError):
            continue  # an earlier mutation took this path away
        if not isinstance(parent, (dict, list)):
            continue  # ... or turned its container into text
        op = draw(st.sampled_from(["delete", "duplicate", "retype", "hostile", "rename"]))
        if op == "delete":
            del parent[key]
        elif op == "duplicate" and isinstance(parent, list):
            parent.insert(key, copy.deepcopy(current))
        elif op == "rename" and isinstance(parent, dict):
            parent[draw(TEXT)] = parent.pop(key)
        elif op == "hostile":
            parent[key] = draw(TEXT)
        else:
            parent[key] = draw(VALUE)
    try:
        text = yaml.dump(data, Dumper=yaml.CSafeDumper, allow_unicode=True, sort_keys=False)
    except yaml.YAMLError:
        text = BASE_TEXT
    if draw(st.booleans()):  # and sometimes a slip of the keyboard in the text itself
        lines = text.splitlines(keepends=True)
        at = draw(st.integers(0, max(len(lines) - 1, 0)))
        edit = draw(st.sampled_from(["drop", "repeat", "indent", "dedent", "insert"]))
        if edit == "drop":
            del lines[at]
        elif edit == "repeat":
            lines.insert(at, lines[at])
        elif edit == "indent":
            lines[at] = " " + lines[at]
        elif edit == "dedent":
            lines[at] = lines[at][1:]
        else:
            lines.insert(at, draw(TEXT) + "\n")
        text = "".join(lines)
    return text


COMMANDS = [
    "check", "demands", "unmet", "compare", "orgs", "statements", "themes", "timeline",
    "export", "report",
]  # fmt: skip
ORG = st.one_of(st.sampled_from(["NSUN", "cmh", "NHS England", "peer hub", "StopSIM"]), TEXT)
THEME = st.one_of(st.sampled_from(["halt-sim", "publish-review", "coproduction"]), TEXT)
DATE = st.one_of(st.sampled_from(["2021", "2022-01-01", "2023-03", "2021-02-30"]), TEXT)
FORMAT = st.one_of(
    st.sampled_from(["table", "json", "jsonl", "csv", "markdown", "html", "yaml"]), TEXT
)
CUED = st.sampled_from(
    ["We call on NHS England to halt SIM.", "NSUN urges", "12 May 2021", "within 7 days",
     "- Publish the review", "# Heading", "<p>We welcome", "\u202e", "disappointed not"]
)  # fmt: skip


@st.composite
def command_lines(draw: st.DrawFn) -> list[str]:
    command = draw(st.sampled_from([*COMMANDS, "show", "extract"]))
    args = [command]
    if command == "show":
        args.append(draw(st.one_of(st.sampled_from(["cmh-2023-03-10", "stopsim-halt"]), TEXT)))
    if command == "extract":  # a statement's text: cue phrases among random lines
        text = "\n".join(draw(st.lists(st.one_of(CUED, TEXT), max_size=8)))
        name = draw(st.sampled_from(["s.txt", "s.md", "s.html"]))
        (WORK / name).write_text(text, encoding="utf-8", errors="surrogatepass")
        args.append(str(WORK / name))
    options = {
        "--org": ORG, "--theme": THEME, "--as-of": DATE, "--format": FORMAT, "--target": ORG,
        "--kind": st.sampled_from(["demand", "all", "welcome", "wish"]),
        "--status": st.sampled_from(["open", "met", "unmet", "done"]),
        "--by": st.sampled_from(["org", "statement", "x"]), "--from": DATE, "--to": DATE,
        "--title": TEXT, "--date": DATE, "--id": st.sampled_from(["nsun-2021-04", "new-one"]),
    }  # fmt: skip
    for name in draw(st.lists(st.sampled_from(sorted(options)), max_size=3)):
        args += [name, draw(options[name])]
    for flag in draw(
        st.lists(st.sampled_from(["--own", "--quotes", "--fail-on-unmet"]), max_size=2)
    ):
        args.append(flag)
    return args


HUNG: list[bool] = []  # set by the alarm: an exception it raises can be swallowed


def _timeout(signum: int, frame: Any) -> None:
    # raised wherever the program is; inside a garbage-collector callback (hypothesis
    # installs one) Python prints it and goes on, so the flag says it happened
    HUNG.append(True)
    raise TimeoutError("simcli took more than 10 seconds: a hang")


def _invoke(tmp: Path, corpus: str | None, args: list[str]) -> None:
    argv = (["--data", str(tmp / "c.yaml")] if corpus is not None else []) + args
    if corpus is not None:
        (tmp / "c.yaml").write_text(corpus, encoding="utf-8", errors="surrogatepass")
    HUNG.clear()
    signal.signal(signal.SIGALRM, _timeout)
    signal.alarm(10)
    start = time.perf_counter()
    try:
        result = CliRunner().invoke(app, argv, env={"COLUMNS": "80"})
    finally:
        signal.alarm(0)
    elapsed = time.perf_counter() - start
    _record(argv, corpus, result.exit_code, elapsed)
    assert not HUNG, "simcli took more than 10 seconds: a hang (the alarm went off)"
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception  # a traceback: the property fails, hypothesis shrinks it
    assert result.exit_code in (0, 1, 2), result.output
    assert PASSWD not in result.output  # no line of a file a link points at, in any output
    if result.exit_code == 2:
        output = result.output
        # a problem in the corpus or in extract's text names its file; others start so
        located = f"{tmp}{os.sep}" in output or output.startswith(("simcli: ", "Usage: "))
        assert located, output


def _record(argv: list[str], corpus: str | None, code: int, elapsed: float) -> None:
    STATS["examples"] += 1
    STATS["exits"][str(code)] = STATS["exits"].get(str(code), 0) + 1
    if elapsed > STATS["slowest"]:
        STATS["slowest"] = elapsed
        STATS["slowest_case"] = {
            "argv": argv[2:] if corpus else argv,
            "corpus_bytes": len(corpus or ""),
        }
    if STATS_FILE and STATS["examples"] % 500 == 0:
        Path(STATS_FILE).write_text(json.dumps(STATS, indent=2))


WORK = Path(tempfile.mkdtemp(prefix="simcli-fuzz-"))


@given(corpus=corpora(), args=command_lines())
def test_mutated_corpus_never_tracebacks(corpus: str, args: list[str]) -> None:
    _invoke(WORK, corpus, args)


@given(args=command_lines())
def test_random_command_lines_never_traceback(args: list[str]) -> None:
    _invoke(WORK, None, args)


# --- hostile generators: what a pull request to a campaign's corpus could hold ------

MIB = 1024 * 1024
RUNS = [
    " " * 3000 + "...", "a" * 100_000, "word " * 20_000, "." * 5000, "\n" * 5000,
    "x" * MIB, "[" * 3000, "\\" * 2000,
]  # fmt: skip
LINE_FORGERS = [
    "\n::error file=x::forged", "\r\nc.yaml: ok", "x\n::add-mask::secret", "\x85next",
    "\u2028next", "\u2029", "\x07\x1b[2J", "\x1b]8;;http://evil\x1b\\", "\u061c\u202e",
    "%0A::error::x", "  ::warning::x",
]  # fmt: skip
ODD_PATHS = [
    "/etc/passwd", "../../etc/passwd", "..", ".", "a/../../b", "x" * 300, "é" * 130,
    "C:\\Windows\\x", "a\nb.txt", "sub/", "secret.txt", "zero.txt", "pipe.txt", "dir",
    "big.txt", "alpha.txt",
]  # fmt: skip
ODD_URLS = [
    "https://x.org/<script>alert(1)</script>", "https://x.org/\x1b[31m", "javascript:alert(1)",
    "https://x.org/a b", "https://x.org/\"onmouseover=x", "https://x.org/" + "a" * 5000,
]  # fmt: skip
ODD_DATES = ["9999-12-31", "0001-01-01", "9999", "0000", "2021-02-29", "10000-01-01"]
HOSTILE_TEXT = st.one_of(
    st.sampled_from(RUNS + LINE_FORGERS + ODD_PATHS + ODD_URLS + ODD_DATES + HOSTILE),
    st.text(alphabet=st.characters(codec="utf-8"), max_size=60),
    st.builds(lambda a, b: a + b, st.sampled_from(LINE_FORGERS), st.text(max_size=20)),
)
# fields where each kind of hostile value does most harm
TARGETS = {
    "source": st.sampled_from(ODD_PATHS), "url": st.sampled_from(ODD_URLS),
    "date": st.sampled_from(ODD_DATES), "deadline": st.sampled_from(ODD_DATES),
    "quote": st.one_of(st.sampled_from(RUNS), HOSTILE_TEXT), "id": HOSTILE_TEXT,
    "themes": st.lists(HOSTILE_TEXT, max_size=3), "endorses": st.lists(HOSTILE_TEXT, max_size=50),
    "org": HOSTILE_TEXT, "target": HOSTILE_TEXT, "text": HOSTILE_TEXT, "title": HOSTILE_TEXT,
}  # fmt: skip
TEXT_EDITS = [
    "title: !!bool maybe", "version: !!int ''", 'x: "C:\\Users\\x"', "a: &a " + "x" * 10_000,
    "b: [" + ", ".join(["*a"] * 200) + "]", "<<: {kind: x}", "\t- tab", "---", "%YAML 1.1",
    "'unclosed", '"\\q"', "\u2028: x",
]  # fmt: skip
FIELD_PATHS = [p for p in PATHS if p and isinstance(p[-1], str) and p[-1] in TARGETS]
# free text, where any non-empty string is valid: the corpus still loads, and every
# command then meets the hostile text
FREE_TEXT = ("text", "title", "quote", "summary", "note", "label", "description", "name")
FREE_PATHS = [p for p in PATHS if p and isinstance(p[-1], str) and p[-1] in FREE_TEXT]
VALID_TEXT = HOSTILE_TEXT.filter(lambda t: bool(t.strip()) and "\x00" not in t)


def _prepare_sources(folder: Path) -> Path:
    """A sources folder with everything a hostile corpus could point at."""
    sources = folder / "sources"
    if sources.exists():
        return sources
    sources.mkdir()
    from conftest import SHARED_SOURCES

    if SHARED_SOURCES.is_dir():
        for text in SHARED_SOURCES.glob("*.*"):
            (sources / text.name).write_bytes(text.read_bytes())
    (sources / "alpha.txt").write_text("We call for the scheme to be halted.\n")
    (sources / "big.txt").write_text("word and more words\n" * 250_000)  # 5 MB
    (sources / "secret.txt").symlink_to("/etc/passwd")
    (sources / "zero.txt").symlink_to("/dev/zero")
    (sources / "dir").mkdir()
    if hasattr(os, "mkfifo"):
        os.mkfifo(sources / "pipe.txt")
    return sources


@st.composite
def hostile_corpora(draw: st.DrawFn) -> str:
    """The bundled corpus with hostile values put where they do most harm, and
    sometimes a hostile line in the text itself."""
    data = copy.deepcopy(BASE)
    if draw(st.booleans()):  # hostile text where text may be anything: a corpus that loads
        for _ in range(draw(st.integers(1, 6))):
            path = draw(st.sampled_from(FREE_PATHS))
            _parent(data, path)[path[-1]] = draw(VALID_TEXT)
        return yaml.dump(data, Dumper=yaml.CSafeDumper, allow_unicode=True, sort_keys=False)
    for _ in range(draw(st.integers(1, 4))):
        path = draw(st.sampled_from(FIELD_PATHS))
        try:
            parent = _parent(data, path)
            parent[path[-1]] = draw(TARGETS[path[-1]])
        except (KeyError, IndexError, TypeError):
            continue
    text = yaml.dump(data, Dumper=yaml.CSafeDumper, allow_unicode=True, sort_keys=False)
    if draw(st.booleans()):
        lines = text.splitlines(keepends=True)
        at = draw(st.integers(0, len(lines)))
        lines.insert(at, draw(st.sampled_from(TEXT_EDITS)) + "\n")
        text = "".join(lines)
    return text


#: the first line of /etc/passwd begins so: no output may ever hold it
PASSWD = "root:x:0:0"
#: what a pull request can commit at each path simcli reads: links out (to a file, a
#: folder, the root, up and out), a link within, and a corpus folder whose own
#: simcli.toml and one corpus file link out
LINKED = ["out.yaml", "folder-out", "root", "up", "in.yaml", "folder", "loop.yaml"]


def _prepare_links(folder: Path) -> Path:
    """A folder of symbolic links for every path simcli reads (see :data:`LINKED`)."""
    links = folder / "links"
    if links.exists():
        return links
    links.mkdir()
    (links / "c.yaml").write_text(BASE_TEXT, encoding="utf-8")
    (links / "alpha.txt").write_text("We call for the scheme to be halted.\n")
    (links / "out.yaml").symlink_to("/etc/passwd")
    (links / "folder-out").symlink_to("/etc")
    (links / "root").symlink_to("/")
    (links / "up").symlink_to("../..")
    (links / "in.yaml").symlink_to("c.yaml")
    (links / "loop.yaml").symlink_to("loop.yaml")
    (links / "folder").mkdir()
    (links / "folder" / "a.yaml").write_text(BASE_TEXT, encoding="utf-8")
    (links / "folder" / "simcli.toml").symlink_to("/etc/passwd")
    (links / "folder" / "z.yaml").symlink_to("/etc/passwd")
    return links


@st.composite
def hostile_command_lines(draw: st.DrawFn) -> list[str]:
    args = draw(command_lines())
    if args[0] == "check" and draw(st.booleans()):
        if draw(st.booleans()):
            args += ["--sources", str(_prepare_sources(WORK))]
        else:  # a sources folder that is a link, in or out
            args += ["--sources", str(_prepare_links(WORK) / draw(st.sampled_from(LINKED)))]
    if args[0] == "extract" and draw(st.booleans()):  # a statement's text that is a link
        args[-1] = str(_prepare_links(WORK) / draw(st.sampled_from(LINKED)))
    if draw(st.booleans()):
        option = draw(st.sampled_from(["--org", "--theme", "--target", "--as-of", "--title"]))
        if args[0] in ("demands", "unmet", "compare", "report", "timeline", "extract", "show"):
            args += [option, draw(HOSTILE_TEXT)]
    return args


@given(corpus=hostile_corpora(), args=hostile_command_lines())
def test_hostile_corpus_never_tracebacks(corpus: str, args: list[str]) -> None:
    _invoke(WORK, corpus, args)


@given(corpus=st.sampled_from(LINKED), args=hostile_command_lines())
def test_linked_corpus_never_tracebacks_or_leaks(corpus: str, args: list[str]) -> None:
    """--data a link (out of its folder, within it, a loop, a folder with links out)."""
    _invoke(WORK, None, ["--data", str(_prepare_links(WORK) / corpus), *args])


@given(old=st.sampled_from(LINKED), new=st.sampled_from(LINKED))
def test_diff_of_linked_corpora_never_tracebacks_or_leaks(old: str, new: str) -> None:
    links = _prepare_links(WORK)
    _invoke(WORK, None, ["diff", str(links / old), str(links / new), "-f", "markdown"])


def test_the_property_catches_a_traceback(monkeypatch: Any) -> None:
    """The harness is not blind: a bug that raises inside a command fails it."""
    import pytest

    import simcli.analysis.overview

    def broken(corpus: Any) -> Any:
        raise ValueError("planted bug")

    monkeypatch.setattr(simcli.analysis.overview, "organisations", broken)
    with pytest.raises(ValueError, match="planted bug"):
        _invoke(WORK, None, ["orgs"])


def teardown_module() -> None:
    if STATS_FILE:
        Path(STATS_FILE).write_text(json.dumps(STATS, indent=2))
