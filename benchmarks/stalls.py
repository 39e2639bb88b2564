"""Inputs that stalled CI (issue 16, item 7): each case timed as a whole process.

Every case is built in a temporary folder from the bundled corpus's own words
(data/statements.yaml), then the installed ``simcli`` runs on it with an empty
cache folder of its own. Prints a Markdown table: case, command, wall seconds
(">N" when the run was stopped at the timeout) and exit code. The target is
under 2 s a case on a 2-core machine.

    python benchmarks/stalls.py                    # every case, 120 s timeout each
    python benchmarks/stalls.py -k spaces -k alias # cases whose name contains a word
    python benchmarks/stalls.py --timeout 60 --list
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

import generate  # noqa: E402  (benchmarks/generate.py: the synthetic corpus)

BUNDLED = ROOT / "data" / "statements.yaml"

HEADER = """\
version: 1
themes:
  - id: halt
    label: Halt it
    description: Stop the scheme.
    keywords: [halt, stop]
  - id: publish
    label: Publish it
    description: Publish the review.
organisations:
  - id: alpha
    name: Alpha Network
    short: AN
    kind: charity
  - id: gov
    name: Government Body
    short: GB
    kind: public body
statements:
"""


def q(text: str) -> str:
    """A YAML double-quoted scalar (JSON's string syntax is YAML's)."""
    return json.dumps(text, ensure_ascii=False)


def statement(
    sid: str,
    quotes: list[str],
    source: str | None = None,
    extra: str = "",
    org: str = "alpha",
    target: str = "gov",
) -> str:
    """One statement in the layout of tests/conftest.py's MINI, a demand per quote."""
    lines = [
        f"  - id: {sid}",
        f"    org: {org}",
        f"    title: {q('Statement ' + sid)}",
        "    date: 2021-04",
    ]
    if source:
        lines.append(f"    source: {source}")
    if extra:
        lines.append(extra)
    lines += ["    summary: It asks for a halt.", "    claims:"]
    for n, quote in enumerate(quotes):
        lines += [
            f"      - id: {sid}-c{n}",
            "        kind: demand",
            "        themes: [halt]",
            f"        target: {target}",
            "        text: The body should stop the scheme now.",
            f"        quote: {quote}",  # already a YAML scalar (quoted, or an anchor/alias)
        ]
    return "\n".join(lines) + "\n"


def bundled_sentences() -> list[str]:
    """Every quote, text, summary and description of the bundled corpus."""
    data = yaml.safe_load(BUNDLED.read_text(encoding="utf-8"))
    out: list[str] = []

    def walk(value: object) -> None:
        if isinstance(value, dict):
            for key, item in value.items():
                if key in ("quote", "text", "summary", "description", "note", "title"):
                    if isinstance(item, str) and len(item.split()) >= 4:
                        out.append(" ".join(item.split()))
                else:
                    walk(item)
        elif isinstance(value, list):
            for item in value:
                walk(item)

    walk(data)
    return out


def prose(size: int, seed: int) -> str:
    """About ``size`` characters of text: the corpus's sentences, shuffled, with a
    word changed now and then, in paragraphs of a few sentences."""
    rng = random.Random(seed)
    sentences = bundled_sentences()
    vocabulary = sorted({w for s in sentences for w in s.split()})
    out: list[str] = []
    total = 0
    while total < size:
        words = rng.choice(sentences).split()
        for _ in range(2):
            words[rng.randrange(len(words))] = rng.choice(vocabulary)
        sentence = " ".join(words)
        out.append(sentence + ("\n" if rng.random() < 0.25 else " "))
        total += len(sentence) + 1
    return "".join(out)


# --- the cases -------------------------------------------------------------------


@dataclass
class Run:
    what: str  # the case, as the table names it
    argv: list[str]  # after `simcli`
    env: dict[str, str] = field(default_factory=dict)


@dataclass
class Case:
    name: str
    what: str
    build: Callable[[Path], list[Run]]


def case_spaces(tmp: Path) -> list[Run]:
    (tmp / "src").mkdir()
    (tmp / "src" / "alpha.txt").write_text(
        "Alpha statement\nWe call for the \u201cscheme\u201d to be halted. It does real harm.\n",
        encoding="utf-8",
    )
    found = q("We call for" + " " * 3000 + 'the "scheme" ... halted')
    missing = q("We call for" + " " * 3000 + 'the "scheme" ... resumed')
    (tmp / "c.yaml").write_text(
        HEADER + statement("alpha-2021", [found, missing], "alpha.txt"), encoding="utf-8"
    )
    return [
        Run(
            "check --sources (3,000 spaces, ellipsis)",
            ["--data", "c.yaml", "check", "--sources", "src"],
        )
    ]


def near_miss_quotes(text: str, count: int, seed: int) -> list[str]:
    """Passages of ``text`` of 30-60 words with one word changed: not found, but close."""
    rng = random.Random(seed)
    words = text.split()
    out = []
    for _ in range(count):
        size = rng.randint(30, 60)
        at = rng.randrange(len(words) - size)
        passage = words[at : at + size]
        passage[rng.randrange(size)] = "zqxjkv"
        out.append(" ".join(passage))
    return out


def case_near_miss(tmp: Path) -> list[Run]:
    (tmp / "src").mkdir()
    text = prose(42_000, seed=2)
    (tmp / "src" / "s.txt").write_text(text, encoding="utf-8")
    quotes = [q(x) for x in near_miss_quotes(text, 10, seed=3)]
    (tmp / "c.yaml").write_text(HEADER + statement("s-1", quotes, "s.txt"), encoding="utf-8")
    return [
        Run(
            "check --sources (10 near misses, 42 KB source)",
            ["--data", "c.yaml", "check", "--sources", "src"],
        )
    ]


def case_big_source(tmp: Path) -> list[Run]:
    (tmp / "src").mkdir()
    text = prose(5_000_000, seed=4)
    (tmp / "src" / "s.txt").write_text(text, encoding="utf-8")
    quotes = [q(x) for x in near_miss_quotes(text, 1, seed=5)]
    (tmp / "c.yaml").write_text(HEADER + statement("s-1", quotes, "s.txt"), encoding="utf-8")
    return [
        Run(
            "check --sources (1 missing quote, 5 MB source)",
            ["--data", "c.yaml", "check", "--sources", "src"],
        )
    ]


def bad_endorses(tmp: Path, n: int) -> Run:
    """``n`` statements, each endorsing a misspelt id of its own."""
    body = "".join(
        statement(
            f"alpha-statement-{i:05d}",
            [q("We call for the scheme to be halted")],
            extra=f"    endorses: [alpha-statment-{i:05d}]",
        )
        for i in range(n)
    )
    (tmp / f"bad-{n}.yaml").write_text(HEADER + body, encoding="utf-8")
    return Run(f"check ({n:,} bad endorses)", ["--data", f"bad-{n}.yaml", "check"])


def case_did_you_mean(tmp: Path) -> list[Run]:
    return [bad_endorses(tmp, 1000), bad_endorses(tmp, 5000)]


def case_folder(tmp: Path) -> list[Run]:
    generate.split(10_000, tmp / "folder")
    return [
        Run("check (10,000-file folder, empty cache)", ["--data", "folder", "check"]),
        Run("--no-cache check (10,000-file folder)", ["--data", "folder", "--no-cache", "check"]),
    ]


def case_orgs(tmp: Path) -> list[Run]:
    n = 3000
    head = generate.header(n_orgs=n)
    body = "".join(
        statement(
            f"st-{i}",
            [q("We call for the scheme to be halted")],
            org=f"org-{i}",
            target=f"org-{(i + 1) % n}",
        ).replace("themes: [halt]", f"themes: [theme-{i % 30}]")
        for i in range(n)
    )
    (tmp / "orgs.yaml").write_text(head + "statements:\n" + body, encoding="utf-8")
    data = ["--data", "orgs.yaml"]
    return [
        Run("compare (3,000 organisations)", [*data, "compare"]),
        Run("compare --format json (3,000 organisations)", [*data, "compare", "--format", "json"]),
        Run("report (3,000 organisations)", [*data, "report"]),
    ]


def case_alias(tmp: Path) -> list[Run]:
    big = "&big " + q(("the scheme must stop " * 50_000)[:1_000_000])
    quotes = [big] + ["*big"] * 500
    (tmp / "alias.yaml").write_text(HEADER + statement("a-1", quotes), encoding="utf-8")
    data = ["--data", "alias.yaml"]
    return [
        Run("check (1 MB scalar aliased 500 times)", [*data, "check"]),
        Run(
            "demands --format json (1 MB scalar aliased 500 times)",
            [*data, "demands", "--format", "json"],
        ),
    ]


def case_cell(tmp: Path) -> list[Run]:
    words = prose(8_000_000, seed=6).split()
    huge = q(" ".join(words))
    (tmp / "cell.yaml").write_text(HEADER + statement("h-1", [huge]), encoding="utf-8")
    data = ["--data", "cell.yaml"]
    env = {"COLUMNS": "80"}
    return [
        Run("demands --quotes (one 8 MB cell, table)", [*data, "demands", "--quotes"], env),
        Run("show h-1-c0 (one 8 MB cell, table)", [*data, "show", "h-1-c0"], env),
    ]


def case_extract(tmp: Path) -> list[Run]:
    sentences = bundled_sentences()
    rng = random.Random(8)
    paragraph: list[str] = ["NSUN statement, 12 June 2024."]
    total = 0
    while total < 400_000:
        sentence = rng.choice(sentences).rstrip(".") + "."
        paragraph.append(sentence)
        total += len(sentence) + 1
    (tmp / "paragraph.txt").write_text(" ".join(paragraph) + "\n", encoding="utf-8")
    lines = ["NSUN statement", "", "12 June 2024", ""]
    for i in range(40_000):
        lines += [f"We call on NHS England to halt the scheme in area {i}.", ""]
    (tmp / "lines.txt").write_text("\n".join(lines), encoding="utf-8")
    return [
        Run("extract (one 400 KB paragraph)", ["extract", "paragraph.txt", "--org", "nsun"]),
        Run("extract (40,000 one-line paragraphs)", ["extract", "lines.txt", "--org", "nsun"]),
    ]


def case_chain(tmp: Path) -> list[Run]:
    """Found by a second reviewer: each statement ordered after the one before."""
    lines = ["version: 1", "themes: []", "organisations:", "  - {id: a, name: A, kind: k}"]
    lines.append("statements:")
    for i in range(8000):
        after = f", after: [s{i - 1}]" if i else ""
        lines.append(
            f"  - {{id: s{i}, org: a, title: t, date: 2020, summary: s, claims: []{after}}}"
        )
    (tmp / "chain.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    data = ["--data", "chain.yaml", "--no-cache"]
    return [Run("unmet (8,000 statements in one after chain)", [*data, "unmet"])]


def case_one_word_source(tmp: Path) -> list[Run]:
    """Found by a second reviewer: quotes that nearly match inside one 40 MB word."""
    (tmp / "src").mkdir()
    (tmp / "src" / "w.txt").write_text("a" * 40_000_000, encoding="utf-8")
    quotes = [q("a" * 1000 + f"b{i}") for i in range(200)]
    (tmp / "w.yaml").write_text(HEADER + statement("w-1", quotes, "w.txt"), encoding="utf-8")
    return [
        Run(
            "check --sources (200 missing quotes, one 40 MB word)",
            ["--data", "w.yaml", "check", "--sources", "src"],
        )
    ]


def case_many_near_misses(tmp: Path) -> list[Run]:
    """Found by a second reviewer: 1,000 near misses against a 5 MB source."""
    (tmp / "src").mkdir()
    text = prose(5_000_000, seed=9)
    (tmp / "src" / "s.txt").write_text(text, encoding="utf-8")
    quotes = [q(x) for x in near_miss_quotes(text, 1000, seed=10)]
    (tmp / "m.yaml").write_text(HEADER + statement("m-1", quotes, "s.txt"), encoding="utf-8")
    return [
        Run(
            "check --sources (1,000 near misses, 5 MB source)",
            ["--data", "m.yaml", "check", "--sources", "src"],
        )
    ]


CASES = [
    Case("spaces", "(a) a quote with 3,000 spaces and an ellipsis", case_spaces),
    Case("near-miss", "(b) 10 near-miss quotes, 42 KB source", case_near_miss),
    Case("big-source", "(c) one missing quote, 5 MB source", case_big_source),
    Case("did-you-mean", "(d) 1,000 and 5,000 bad endorses", case_did_you_mean),
    Case("folder", "(e) first load of a 10,000-file folder", case_folder),
    Case("orgs", "(f) compare and report, 3,000 organisations", case_orgs),
    Case("alias", "(g) a 1 MB scalar aliased 500 times", case_alias),
    Case("cell", "(h) a table with one 8 MB cell", case_cell),
    Case("extract", "(i) extract: a 400 KB paragraph, 40,000 short ones", case_extract),
    Case("chain", "(j) 8,000 statements in one chain of after", case_chain),
    Case("one-word", "(k) 200 missing quotes against one 40 MB word", case_one_word_source),
    Case("many-near", "(l) 1,000 near-miss quotes against a 5 MB source", case_many_near_misses),
]


# --- running ---------------------------------------------------------------------


def simcli() -> str:
    candidate = Path(sys.executable).parent / "simcli"
    found = str(candidate) if candidate.exists() else shutil.which("simcli")
    if not found:
        sys.exit("stalls.py: the simcli console script is not installed (pip install -e .)")
    return found


def time_run(run: Run, cwd: Path, timeout: float) -> tuple[str, str, float]:
    """(seconds shown, exit code shown, seconds) of one run, in a fresh cache."""
    cache = Path(tempfile.mkdtemp(prefix="cache-", dir=cwd))
    env = {
        k: v for k, v in os.environ.items() if k not in ("PYTHONDONTWRITEBYTECODE", "SIMCLI_DATA")
    }
    env.update({"SIMCLI_CACHE_DIR": str(cache), "NO_COLOR": "1", "COLUMNS": "100"}, **run.env)
    start = time.perf_counter()
    with subprocess.Popen(
        [simcli(), *run.argv],
        cwd=cwd,
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    ) as proc:
        try:
            code = proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
            return f">{timeout:g}", "-", timeout
    seconds = time.perf_counter() - start
    shutil.rmtree(cache, ignore_errors=True)
    return f"{seconds:.2f}", str(code), seconds


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "-k",
        action="append",
        default=[],
        metavar="NAME",
        help="run cases whose name contains NAME (repeatable)",
    )
    parser.add_argument(
        "--timeout", type=float, default=120.0, help="seconds before a run is stopped (default 120)"
    )
    parser.add_argument("--list", action="store_true", help="list the cases and exit")
    parser.add_argument(
        "--write",
        action="store_true",
        help="also put the table in BENCHMARKS.md (its 'Hostile inputs' section)",
    )
    args = parser.parse_args()
    chosen = [c for c in CASES if not args.k or any(k in c.name for k in args.k)]
    if args.list:
        for c in CASES:
            print(f"{c.name:14} {c.what}")
        return
    if not chosen:
        sys.exit(f"stalls.py: no case matches {args.k}; try --list")
    lines = ["| case | command | seconds | exit |", "| --- | --- | --- | --- |"]
    print("\n".join(lines))
    slow = 0
    for case in chosen:
        with tempfile.TemporaryDirectory(prefix=f"stall-{case.name}-") as folder:
            tmp = Path(folder)
            for run in case.build(tmp):
                shown, code, seconds = time_run(run, tmp, args.timeout)
                slow += seconds >= 2
                command = " ".join(["simcli", *run.argv])
                lines.append(f"| {case.name}: {run.what} | `{command}` | {shown} | {code} |")
                print(lines[-1], flush=True)
    lines.append(f"\n{slow} run(s) took 2 s or more.")
    print(lines[-1])
    if args.write:
        write_section("\n".join(lines))


def write_section(table: str) -> None:
    """Replace BENCHMARKS.md's section between its stalls markers (run.py keeps it)."""
    path = Path(__file__).resolve().parent.parent / "BENCHMARKS.md"
    text = path.read_text() if path.exists() else "# Benchmarks\n"
    start, end = "<!-- stalls -->", "<!-- /stalls -->"
    machine = f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"
    section = (
        f"{start}\n## Hostile inputs (issue 16)\n\n"
        f"Measured {dt.date.today().isoformat()} by `python benchmarks/stalls.py --write` on"
        f" {machine}: wall seconds of one whole process each, empty cache; target under 2 s."
        f"\n\n{table}\n{end}"
    )
    if start in text and end in text:
        text = text[: text.index(start)] + section + text[text.index(end) + len(end) :]
    else:
        text = text.rstrip("\n") + "\n\n" + section + "\n"
    path.write_text(text)


if __name__ == "__main__":
    main()
