"""Benchmarks: `python benchmarks/run.py` times whole processes and writes BENCHMARKS.md.

Each figure is a ratio against a baseline run side by side in the same
measurement: contenders are interleaved, run after run, so that whatever
else the machine is doing falls on both. A ratio is taken pair by pair (run i
of one over run i of its baseline, which ran next to it), and reported as the
min, median and max of those ratios; the median is held to the target. Values
(peak memory, sizes) are reported the same way over the runs. First, issue 27's
targets; then the figures of the issues before it.

    python benchmarks/run.py                # full run, writes BENCHMARKS.md
    python benchmarks/run.py --quick        # 10,000 statements at most, 3 runs: minutes
    python benchmarks/run.py --smoke        # tiny corpora, 1 run: checks the script works
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent

MIN_TABLE = """\
import typer
from rich.console import Console
from rich.table import Table

app = typer.Typer()


@app.command()
def main() -> None:
    table = Table("ID", "Org", "Status")
    table.add_row("nsun-halt", "NSUN", "met")
    Console().print(table)


app()
"""
MIN_JSON = """\
import json

import typer

app = typer.Typer()


@app.command()
def main() -> None:
    print(json.dumps([{"id": "nsun-halt", "org": "nsun", "status": "met"}], indent=2))


app()
"""
PLAIN_PARSE = """\
import sys

import yaml

with open(sys.argv[1], encoding="utf-8") as f:
    yaml.load(f, Loader=yaml.CSafeLoader)
"""
PLAIN_PARSE_FOLDER = """\
import os
import sys

import yaml

kept = []
for name in sorted(os.listdir(sys.argv[1])):
    if name.endswith(".yaml"):
        with open(os.path.join(sys.argv[1], name), encoding="utf-8") as f:
            kept.append(yaml.load(f, Loader=yaml.CSafeLoader))
"""
PLAIN_JSON_LOAD = """\
import json
import sys

with open(sys.argv[1], encoding="utf-8") as f:
    json.load(f)
"""
TYPER = "0.29.2"  # the typer the figures are measured with (benchmarks/requirements.txt)


@dataclass
class Contender:
    name: str
    argv: list[str]
    env: dict[str, str] = field(default_factory=dict)
    before: list[str] | None = None  # a folder to empty before each run (a cold cache)
    warm_up: bool = True  # False for a minutes-long run whose baseline warms the files
    seconds: list[float] = field(default_factory=list)
    peak_kib: list[int] = field(default_factory=list)

    def run(self) -> None:
        if self.before:
            for folder in self.before:
                shutil.rmtree(folder, ignore_errors=True)
        env = {**os.environ, "NO_COLOR": "1", "COLUMNS": "80", **self.env}
        # as an installed package runs: with bytecode, which the warm-up run writes (an
        # environment that forbids it would time simcli's compiling, not simcli)
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        start = time.perf_counter()
        proc = subprocess.Popen(
            self.argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env
        )
        _, status, usage = os.wait4(proc.pid, 0)
        elapsed = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        if proc.returncode not in (0, 1):
            err = proc.stderr.read().decode() if proc.stderr else ""
            raise SystemExit(f"{self.name} failed ({proc.returncode}): {err[-500:]}")
        if proc.stderr:
            proc.stderr.close()
        self.seconds.append(elapsed)
        self.peak_kib.append(usage.ru_maxrss)

    @property
    def median(self) -> float:
        return statistics.median(self.seconds)

    @property
    def peak(self) -> int:
        return max(self.peak_kib)


def interleave(contenders: list[Contender], runs: int) -> None:
    for contender in contenders:  # one untimed warm-up each: page cache, .pyc files
        if contender.warm_up:
            contender.run()
        contender.seconds.clear()
        contender.peak_kib.clear()
    for _ in range(runs):
        for contender in contenders:
            contender.run()


@dataclass
class Figure:
    label: str
    what: str
    ours: Contender
    base: Contender
    target: float | None
    memory: bool = False

    @property
    def ratios(self) -> list[float]:
        return paired(self.ours, self.base, self.memory)


def paired(ours: Contender, base: Contender, memory: bool = False) -> list[float]:
    """Run i of ``ours`` over run i of ``base``, which ran next to it (in one interleave())."""
    a = ours.peak_kib if memory else ours.seconds
    b = base.peak_kib if memory else base.seconds
    return [x / y for x, y in zip(a, b, strict=True)]


@dataclass
class Targets:
    """A table of figures: min, median and max of each figure's values over the runs,
    its target, and whether the median meets it."""

    rows: list[tuple[str, str]] = field(default_factory=list)  # (label, row)
    failed: int = 0

    def add(
        self, label: str, what: str, values: list[float], limit: float | None, unit: str = "",
        under: bool = False,
    ) -> None:  # fmt: skip
        median = statistics.median(values)
        met = None if limit is None else (median < limit if under else median <= limit)
        self.failed += met is False
        shown = "" if met is None else ("yes" if met else "**no**")
        target = "" if limit is None else f"{'under' if under else 'at most'} {limit}{unit}"
        spread = " | ".join(f"{v:.3f}{unit}" for v in (min(values), median, max(values)))
        self.rows.append((label, f"| {label} | {what} | {spread} | {target} | {shown} |"))

    def table(self, order: tuple[str, ...] = ()) -> list[str]:
        """The rows, those labelled in ``order`` first and in that order."""
        rank = {label: i for i, label in enumerate(order)}
        rows = sorted(self.rows, key=lambda row: rank.get(row[0], len(rank)))
        return [
            "| figure | what | min | median | max | target | met |",
            "| --- | --- | --- | --- | --- | --- | --- |",
            *[row for _, row in rows],
        ]


#: issue 27's targets, in the issue's order
ISSUE27 = ("B1", "B2", "unmet", "compare", "demands", "demands floor", "report memory",
           "report growth", "first run")  # fmt: skip
LOOKS_ALONE = ("import sys; from pathlib import Path; from simcli.store.looks import fingerprint;"
               " assert fingerprint(Path(sys.argv[1])) is not None")  # fmt: skip


def _row(c: Contender) -> str:
    s = c.seconds
    return (
        f"{c.name} | {statistics.median(s):.3f} | {min(s):.3f} | {max(s):.3f} |"
        f" {c.peak / 1024:.1f} | {len(s)}"
    )


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--quick", action="store_true", help="10,000 statements at most, 3 runs")
    parser.add_argument(
        "--smoke", action="store_true", help="tiny corpora, 1 run; writes only to --out if given"
    )
    parser.add_argument("--out", type=Path, help="default: BENCHMARKS.md (not with --smoke)")
    args = parser.parse_args()
    written = args.out or (None if args.smoke else HERE.parent / "BENCHMARKS.md")
    runs = 1 if args.smoke else 3 if args.quick else max(args.runs, 5)
    # --quick: the same corpora, fewer runs; --smoke: tiny ones (no figure means anything)
    big_n, small_n = (300, 30) if args.smoke else (10_000, 1_000)
    work = Path(tempfile.mkdtemp(prefix="simcli-bench-"))
    py = sys.executable
    scripted = Path(py).parent / "simcli"
    simcli = [str(scripted)] if scripted.exists() else [py, "-m", "simcli"]
    # an installed package has its bytecode; a checkout run where PYTHONDONTWRITEBYTECODE
    # is set (some shells set it) would compile every module of simcli's on every run
    subprocess.run(
        [py, "-c", "import compileall, os, simcli;"
         " compileall.compile_dir(os.path.dirname(simcli.__file__), quiet=1)"],
        check=True,
    )  # fmt: skip
    for name, text in (
        ("min_table.py", MIN_TABLE),
        ("min_json.py", MIN_JSON),
        ("parse.py", PLAIN_PARSE),
    ):
        (work / name).write_text(text)
    big, small = work / "big.yaml", work / "small.yaml"
    # generated in a child process: the runner must stay small, because Linux
    # counts the parent's peak memory in a spawned child's (exec records the
    # high-water mark of the memory it replaces)
    for path, n in ((big, big_n), (small, small_n)):
        with path.open("w", encoding="utf-8") as out:
            subprocess.run([py, str(HERE / "generate.py"), str(n)], stdout=out, check=True)
    # the B figures time loading and deriving answers, as before issue 15: answers are
    # not kept (the L figures time kept answers, beside the same derived)
    warm = {"SIMCLI_CACHE_DIR": str(work / "cache-warm"), "SIMCLI_KEEP_ANSWERS": "0"}
    cold_dir = str(work / "cache-cold")
    cold = {"SIMCLI_CACHE_DIR": cold_dir}
    started = time.time()

    # B1, B2: the bundled corpus (cache warm) against the framework's own floor
    b1 = Contender("simcli demands --org NSUN", [*simcli, "demands", "--org", "NSUN"], warm)
    b1_base = Contender("minimal Typer app, one-row rich table", [py, str(work / "min_table.py")])
    b2 = Contender(
        "simcli demands --org NSUN --format json",
        [*simcli, "demands", "--org", "NSUN", "--format", "json"],
        warm,
    )
    b2_base = Contender("minimal Typer app printing JSON", [py, str(work / "min_json.py")])
    interleave([b1, b1_base, b2, b2_base], runs)

    # B3, B4: the large corpus, first run (cold cache) and unchanged (warm cache)
    query = ["demands", "--org", "O7", "--format", "json"]
    first = Contender(
        f"first run, {big_n:,} statements", [*simcli, "--data", str(big), *query], cold, [cold_dir]
    )
    parse = Contender(
        f"plain CSafeLoader parse, {big_n:,} statements", [py, str(work / "parse.py"), str(big)]
    )
    first_small = Contender(
        f"first run, {small_n:,} statements",
        [*simcli, "--data", str(small), *query],
        cold,
        [cold_dir],
    )
    interleave([first, parse, first_small], runs)
    subprocess.run([*simcli, "--data", str(big), "orgs"], env={**os.environ, **warm}, check=True,
                   stdout=subprocess.DEVNULL)  # fmt: skip
    unchanged = Contender(
        f"unchanged file, {big_n:,} statements", [*simcli, "--data", str(big), *query], warm
    )
    parse_again = Contender(parse.name, parse.argv)
    # B5: the other analyses on the large corpus
    unmet = Contender(
        "simcli unmet (cache warm)",
        [*simcli, "--data", str(big), "unmet", "--format", "json"],
        warm,
    )
    # compare takes at most 100 organisations at once (the synthetic corpus has 200)
    twenty = [arg for n in range(1, 21) for arg in ("--org", f"O{n}")]
    compare = Contender(
        "simcli compare, 20 organisations (cache warm)",
        [*simcli, "--data", str(big), "compare", *twenty, "--format", "json"],
        warm,
    )
    interleave([unchanged, parse_again, unmet, compare], runs)
    # B6: the SQLite export (tables, views, full-text indexes) against the JSON export
    exports = [
        Contender(
            f"simcli export --format {fmt}, {big_n:,} statements (cache warm)",
            [
                *simcli,
                "--data",
                str(big),
                "export",
                "-f",
                fmt,
                "--out",
                str(work / f"x.{fmt}"),
                "--force",
            ],
            warm,
        )
        for fmt in ("sqlite", "json")
    ]
    interleave(exports, runs)

    figures = [
        Figure("B1", "`demands --org NSUN` (table)", b1, b1_base, 1.15),
        Figure("B2", "`demands --org NSUN --format json`", b2, b2_base, 1.1),
        Figure("B3 first run", "first run against a plain parse", first, parse, 1.3),
        Figure(
            "B3 unchanged file", "unchanged file against a plain parse", unchanged, parse_again, 0.1
        ),
        Figure(
            "B3 peak memory", "first run's peak memory against the parse's", first, parse, 1.5, True
        ),
        Figure("B4", f"time at {big_n:,} / time at {small_n:,}", first, first_small, 11.0),
        Figure("B5 unmet", "`unmet` against a plain parse", unmet, parse_again, None),
        Figure(
            "B5 compare",
            "`compare` of 20 organisations against a plain parse",
            compare,
            parse_again,
            None,
        ),
        Figure(
            "B6 sqlite export",
            f"`export --format sqlite` against `export --format json`, {big_n:,} statements",
            exports[0],
            exports[1],
            None,
        ),
    ]
    issue27 = Targets()
    issue27.add("B1", "`demands --org NSUN` (table) / minimal Typer table app",
                paired(b1, b1_base), 1.1)  # fmt: skip
    issue27.add("B2", "`demands --org NSUN --format json` / minimal Typer JSON app",
                paired(b2, b2_base), 1.1)  # fmt: skip
    # a baseline of its own: interleave() starts a contender's figures afresh
    bundled = Contender(f"{b2.name} (bundled corpus, beside the large)", b2.argv, b2.env)
    size = "smoke" if args.smoke else "quick" if args.quick else "full"
    large = large_corpora(size, work, simcli, py, runs, bundled, issue27, (big, big_n))
    quick = " --smoke" if args.smoke else " --quick" if args.quick else ""
    took = round(time.time() - started)
    lines = [
        "# Benchmarks",
        "",
        f"Measured {time.strftime('%Y-%m-%d')} by `python benchmarks/run.py{quick}`"
        f" on {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()};"
        f" {runs} interleaved runs of each whole process after one warm-up (none for the"
        f" largest folder's first runs and report); {took} s in all.",
        "Corpora come from `benchmarks/generate.py` (deterministic). Ratios are taken pair"
        " by pair (run i of a process over run i of its baseline, run next to it): min,"
        " median and max of those ratios; the median is held to the target. Values (peak"
        " memory, sizes) are min, median and max over the runs.",
        "",
        "## Issue 27's targets",
        "",
        "Derived answers: a warm cache and no answer kept (`SIMCLI_KEEP_ANSWERS=0`)."
        " First runs empty the cache before every run.",
        "",
        *issue27.table(ISSUE27),
        "",
        "## Issue 15 and before",
        "",
        "B1, B2, B3 unchanged, B5 and B6 run with a warm cache and no answer kept"
        " (`SIMCLI_KEEP_ANSWERS=0`); B3 first run and B4 empty the cache before every run.",
        "",
    ]
    before = Targets()
    for f in figures:
        before.add(f.label, f.what, f.ratios, f.target)
    failed = before.failed + issue27.failed
    lines += [
        *before.table(),
        "",
        "",
        "| process | median s | min s | max s | peak MiB | runs |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    seen: set[int] = set()
    for f in figures:
        for c in (f.ours, f.base):
            if id(c) not in seen:
                seen.add(id(c))
                lines.append(f"| {_row(c)} |")
    lines += ["", *large.lines]
    failed += large.failed
    text = "\n".join(lines) + "\n"
    if written is not None:
        old = written.read_text() if written.exists() else ""
        if "<!-- stalls -->" in old:  # benchmarks/stalls.py's section is kept as it was
            text += "\n" + old[old.index("<!-- stalls -->") :]
        written.write_text(text)
    print(text)
    shutil.rmtree(work, ignore_errors=True)
    return 1 if failed and not args.smoke else 0  # --smoke: no figure means anything


@dataclass
class Section:
    lines: list[str]
    failed: int


SIZES = {  # statements: the large folder, the million claims, the two reports compared
    "full": (100_000, 167_000, 10_000, 20_000),
    "quick": (10_000, 17_000, 1_000, 2_000),
    "smoke": (400, 500, 100, 200),
}


def large_corpora(
    size: str,
    work: Path,
    simcli: list[str],
    py: str,
    runs: int,
    bundled_json: Contender,
    issue27: Targets,
    corpus_of_ten: tuple[Path, int],
) -> Section:
    """Issue 15's figures, and issue 27's on the same processes: a folder corpus of
    100,000 statements (10,000 with --quick), a million claims (167,000 statements),
    the questions at 10,000 (``corpus_of_ten``: the file, and how many statements it
    holds), and the report's memory as the corpus grows."""
    n, million, report_small, report_large = SIZES[size]
    ten, count_of_ten = corpus_of_ten
    ten_n = f"{count_of_ten:,}"
    heavy = 1 if size == "smoke" else 3  # runs of the minutes-long first runs and reports
    for name, text in (("parse_folder.py", PLAIN_PARSE_FOLDER), ("json_load.py", PLAIN_JSON_LOAD)):
        (work / name).write_text(text)
    folder, huge = work / "folder", work / "million"
    small_folder, large_folder = work / "report-small", work / "report-large"
    for path, count in (
        (folder, n), (huge, million), (small_folder, report_small), (large_folder, report_large)
    ):  # in a child: the runner stays small  # fmt: skip
        subprocess.run(
            [py, str(HERE / "generate.py"), str(count), "--split", str(path)], check=True
        )
    cold_dir = str(work / "cache-large-cold")
    warm = {"SIMCLI_CACHE_DIR": str(work / "cache-large")}
    derived = {**warm, "SIMCLI_KEEP_ANSWERS": "0"}
    query = ["demands", "--org", "O7", "--format", "json"]
    rows = Targets()
    contenders: list[Contender] = []

    # first run of the folder (cache emptied before each) against a plain parse of its
    # files; the parse's warm-up brings the files into the page cache for both
    first = Contender(
        f"first run, {n:,}-statement folder",
        [*simcli, "--data", str(folder), *query],
        {"SIMCLI_CACHE_DIR": cold_dir},
        [cold_dir],
        warm_up=False,
    )
    parse = Contender(
        f"plain CSafeLoader parse, {n:,} files", [py, str(work / "parse_folder.py"), str(folder)]
    )
    interleave([parse, first], heavy)
    contenders += [first, parse]
    what = f"first run, {n:,}-statement folder / plain parse of its files"
    rows.add("L1 first run", what, paired(first, parse), 1.0)
    issue27.add("first run", what, paired(first, parse), 1.0)
    rows.add("L2 first-run memory", "its peak memory / the plain parse's",
             paired(first, parse, memory=True), 0.5)  # fmt: skip
    # the cached question: read from the index, against the same on the bundled corpus
    cached = Contender(
        f"cached demands --org O7 --format json, {n:,} statements (answer kept)",
        [*simcli, "--data", str(folder), *query],
        warm,
    )
    indexed = Contender(
        f"the same from the index (SIMCLI_KEEP_ANSWERS=0), {n:,} statements",
        [*simcli, "--data", str(folder), *query],
        derived,
    )
    # what any answer checked against the folder costs before it reads a record: the
    # looks of its 100,001 files (one lstat each), taken as simcli takes them
    looks_alone = Contender(
        f"the {n:,}-statement folder's looks alone (store.looks.fingerprint, one process)",
        [py, "-c", LOOKS_ALONE, str(folder)],
    )
    interleave([cached, indexed, looks_alone, bundled_json], runs)
    contenders += [cached, indexed, looks_alone, bundled_json]
    rows.add("L3 cached question", f"{cached.name} / bundled corpus's",
             paired(cached, bundled_json), 1.5)  # fmt: skip
    rows.add("L3b from the index", f"{indexed.name} / bundled corpus's",
             paired(indexed, bundled_json), 1.5)  # fmt: skip
    issue27.add(
        "demands",
        f"`demands --org O7 --format json`, {n:,}-statement folder, derived / bundled (B2)",
        paired(indexed, bundled_json),
        2.0,
    )
    issue27.add(
        "demands floor",
        "a process that only takes the folder's looks / bundled (B2): no process that"
        " checks the folder can go under it (the rest of simcli's start-up comes on top)",
        paired(looks_alone, bundled_json),
        None,
    )
    mib = [kib / 1024 for kib in cached.peak_kib]
    rows.add("L4 its memory", f"peak memory of {cached.name}", mib, 150, " MiB")
    mib = [kib / 1024 for kib in indexed.peak_kib]
    rows.add("L4b", f"peak memory of {indexed.name}", mib, 150, " MiB")
    # whole-corpus answers at 10,000 statements against json.load of the answer itself
    twenty = [a for k in range(1, 21) for a in ("--org", f"O{k}")]
    for name, args in (("unmet", ["unmet"]), ("compare", ["compare", *twenty])):
        answer = work / f"{name}.json"
        env = {**os.environ, "SIMCLI_CACHE_DIR": str(work / "cache-warm")}
        with answer.open("w", encoding="utf-8") as out:
            subprocess.run(
                [*simcli, "--data", str(ten), *args, "--format", "json"],
                stdout=out,
                env=env,
                check=True,
            )
        ours = Contender(
            f"cached {name} --format json, {ten_n} statements (answer kept)",
            [*simcli, "--data", str(ten), *args, "--format", "json"],
            {"SIMCLI_CACHE_DIR": str(work / "cache-warm")},
        )
        derived_answer = Contender(
            "the same derived from the cache (SIMCLI_KEEP_ANSWERS=0)",
            [*simcli, "--data", str(ten), *args, "--format", "json"],
            {"SIMCLI_CACHE_DIR": str(work / "cache-warm"), "SIMCLI_KEEP_ANSWERS": "0"},
        )
        base = Contender(
            f"json.load of that answer ({answer.stat().st_size / 2**20:.1f} MiB)",
            [py, str(work / "json_load.py"), str(answer)],
        )
        group = [ours, derived_answer, base]
        if name == "compare":  # issue 27 holds compare to the bundled corpus's question
            bundled_json = Contender(bundled_json.name, bundled_json.argv, bundled_json.env)
            group.append(bundled_json)
        interleave(group, runs)
        contenders += group
        what = f"{name} at {ten_n} / json.load of its answer"
        what += " (20 organisations)" if name == "compare" else ""
        rows.add(f"L5 {name}", what, paired(ours, base), 2.0)
        rows.add(f"L5b {name}", what + ", derived", paired(derived_answer, base), 2.0)
        if name == "unmet":
            issue27.add("unmet", f"`unmet --format json` at {ten_n}, derived / json.load of"
                        " its answer", paired(derived_answer, base), 2.0)  # fmt: skip
        else:
            what = f"`compare --format json`, 20 organisations, at {ten_n}, derived / bundled (B2)"
            issue27.add("compare", what, paired(derived_answer, bundled_json), 1.5)
    # a million claims: loads, and a cached question against the bundled corpus's
    load_huge = Contender(
        f"first run, {million:,} statements ({million * 6:,} claims)",
        [*simcli, "--data", str(huge), *query],
        {"SIMCLI_CACHE_DIR": str(work / "cache-million")},
    )
    load_huge.run()  # once: it loads (and builds the cache and the index), or this fails
    cached_huge = Contender(
        f"cached demands --org O7, {million:,} statements (answer kept)",
        [*simcli, "--data", str(huge), *query],
        {"SIMCLI_CACHE_DIR": str(work / "cache-million")},
    )
    indexed_huge = Contender(
        f"the same from the index (SIMCLI_KEEP_ANSWERS=0), {million:,} statements",
        [*simcli, "--data", str(huge), *query],
        {"SIMCLI_CACHE_DIR": str(work / "cache-million"), "SIMCLI_KEEP_ANSWERS": "0"},
    )
    bundled_json = Contender(bundled_json.name, bundled_json.argv, bundled_json.env)
    interleave([cached_huge, indexed_huge, bundled_json], runs)
    contenders += [load_huge, cached_huge, indexed_huge, bundled_json]
    rows.add("L6 a million claims", f"{cached_huge.name} / bundled corpus's",
             paired(cached_huge, bundled_json), 2.0)  # fmt: skip
    rows.add("L6b", f"{indexed_huge.name} / bundled corpus's",
             paired(indexed_huge, bundled_json), 2.0)  # fmt: skip

    # the report of the folder corpus (its cache warm from the questions above): its
    # size and peak memory; then the report's growth, at 20,000 statements against 10,000
    def report(path: Path, count: int, cache: dict[str, str], warm_up: bool) -> Contender:
        out = work / f"report-{count}.html"
        argv = [*simcli, "--data", str(path), "report", "--out", str(out), "--force"]
        return Contender(f"report, {count:,} statements (cache warm)", argv, cache, None, warm_up)

    whole = report(folder, n, warm, warm_up=False)
    interleave([whole], heavy)
    page = work / f"report-{n}.html"
    contenders.append(whole)
    rows.add("L7 report size", f"report of {n:,} statements", [page.stat().st_size / 1e6],
             5, " MB")  # fmt: skip
    mib = [kib / 1024 for kib in whole.peak_kib]
    rows.add("L8 report memory", "its peak memory", mib, 500, " MiB")
    issue27.add("report memory", f"`report` peak memory at {n:,} (folder)", mib, 500, " MiB",
                under=True)  # fmt: skip
    reports = {"SIMCLI_CACHE_DIR": str(work / "cache-reports"), "SIMCLI_KEEP_ANSWERS": "0"}
    lesser = report(small_folder, report_small, reports, warm_up=True)  # warm-up: the cache
    greater = report(large_folder, report_large, reports, warm_up=True)
    interleave([lesser, greater], heavy)
    contenders += [lesser, greater]
    issue27.add(
        "report growth",
        f"`report` peak memory at {report_large:,} / at {report_small:,} (folders)",
        paired(greater, lesser, memory=True),
        1.3,
    )
    lines = [
        f"## Large corpora (issue 15): {n:,} statements as a folder"
        + ("" if size == "full" else f" (--{size})"),
        "",
        f"Typer {_typer_version(py)} (the figures are measured with typer {TYPER}:"
        " `pip install -r benchmarks/requirements.txt`); first runs and reports "
        f"{heavy} times, the rest {runs}, interleaved with their baselines.",
        "",
        *rows.table(),
        "",
        "| process | median s | min s | max s | peak MiB | runs |",
        "| --- | --- | --- | --- | --- | --- |",
        *[f"| {_row(c)} |" for c in contenders],
    ]
    return Section(lines, rows.failed)


def _typer_version(py: str) -> str:
    done = subprocess.run([py, "-c", "import typer; print(typer.__version__)"],
                          capture_output=True, text=True, check=False)  # fmt: skip
    return done.stdout.strip() or "unknown"


if __name__ == "__main__":
    sys.exit(main())
