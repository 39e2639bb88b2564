"""Benchmarks: `python benchmarks/run.py` times whole processes and writes BENCHMARKS.md.

Each figure is a ratio against a baseline run side by side in the same
measurement: contenders are interleaved, run after run, so that whatever
else the machine is doing falls on both. Reported: the median of the runs
(at least 5), min, max, peak memory (max RSS), the ratio and its target.

    python benchmarks/run.py                # full run, writes BENCHMARKS.md
    python benchmarks/run.py --quick        # 10,000 statements at most, 3 runs: minutes
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
    def ratio(self) -> float:
        if self.memory:
            return self.ours.peak / self.base.peak
        return self.ours.median / self.base.median


def _row(c: Contender) -> str:
    s = c.seconds
    return (
        f"{c.name} | {statistics.median(s):.3f} | {min(s):.3f} | {max(s):.3f} |"
        f" {c.peak / 1024:.1f} | {len(s)}"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--quick", action="store_true", help="10,000 statements at most, 3 runs")
    parser.add_argument("--out", type=Path, default=HERE.parent / "BENCHMARKS.md")
    args = parser.parse_args()
    runs = 3 if args.quick else max(args.runs, 5)
    big_n, small_n = 10_000, 1_000  # --quick: the same corpora, fewer runs
    work = Path(tempfile.mkdtemp(prefix="simcli-bench-"))
    py = sys.executable
    scripted = Path(py).parent / "simcli"
    simcli = [str(scripted)] if scripted.exists() else [py, "-m", "simcli"]
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
            *exports,
            None,
        ),
    ]
    # a baseline of its own: interleave() starts a contender's figures afresh
    bundled = Contender(f"{b2.name} (bundled corpus, beside the large)", b2.argv, b2.env)
    large = large_corpora(args.quick, work, simcli, py, runs, bundled)
    quick = " --quick" if args.quick else ""
    took = round(time.time() - started)
    lines = [
        "# Benchmarks",
        "",
        f"Measured {time.strftime('%Y-%m-%d')} by `python benchmarks/run.py{quick}`"
        f" on {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()};"
        f" {runs} interleaved runs of each whole process after one warm-up; {took} s in all.",
        "Corpora come from `benchmarks/generate.py` (deterministic). B1, B2, B3 unchanged"
        ", B5 and B6 run with a warm cache and no answer kept (`SIMCLI_KEEP_ANSWERS=0`);"
        " B3 first run and B4 empty the cache before every run.",
        "",
        "| figure | what | ratio | target | met |",
        "| --- | --- | --- | --- | --- |",
    ]
    failed = 0
    for f in figures:
        met = "" if f.target is None else ("yes" if f.ratio <= f.target else "**no**")
        failed += met == "**no**"
        target = "" if f.target is None else f"at most {f.target}"
        lines.append(f"| {f.label} | {f.what} | {f.ratio:.3f} | {target} | {met} |")
    lines += [
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
    old = args.out.read_text() if args.out.exists() else ""
    if "<!-- stalls -->" in old:  # benchmarks/stalls.py's section is kept as it was
        text += "\n" + old[old.index("<!-- stalls -->") :]
    args.out.write_text(text)
    print(text)
    shutil.rmtree(work, ignore_errors=True)
    return 1 if failed else 0


@dataclass
class Section:
    lines: list[str]
    failed: int


def _target_row(label: str, what: str, value: str, target: str, met: bool | None) -> str:
    shown = "" if met is None else ("yes" if met else "**no**")
    return f"| {label} | {what} | {value} | {target} | {shown} |"


def large_corpora(
    quick: bool, work: Path, simcli: list[str], py: str, runs: int, bundled_json: Contender
) -> Section:
    """Issue 15's figures: a folder corpus of 100,000 statements (10,000 with
    --quick), a million claims (100,000), and the cached questions at 10,000."""
    n = 10_000 if quick else 100_000
    million = 17_000 if quick else 167_000  # statements: about six claims each
    heavy = 3  # runs of the minutes-long first runs
    for name, text in (("parse_folder.py", PLAIN_PARSE_FOLDER), ("json_load.py", PLAIN_JSON_LOAD)):
        (work / name).write_text(text)
    folder, huge = work / "folder", work / "million"
    for path, count in ((folder, n), (huge, million)):  # in a child: the runner stays small
        subprocess.run(
            [py, str(HERE / "generate.py"), str(count), "--split", str(path)], check=True
        )
    cold_dir = str(work / "cache-large-cold")
    warm = {"SIMCLI_CACHE_DIR": str(work / "cache-large")}
    query = ["demands", "--org", "O7", "--format", "json"]
    rows: list[str] = []
    contenders: list[Contender] = []
    failed = 0

    def target(label: str, what: str, value: float, unit: str, limit: float) -> None:
        nonlocal failed
        met = value <= limit
        failed += not met
        rows.append(_target_row(label, what, f"{value:.3f}{unit}", f"at most {limit}{unit}", met))

    def against_bundled(pairs: tuple[tuple[str, Contender], ...], limit: float) -> None:
        """Each contender's median over the bundled corpus's, measured beside it."""
        for label, contender in pairs:
            ratio = contender.median / bundled_json.median
            target(label, f"{contender.name} / bundled corpus's", ratio, "", limit)

    # first run of the folder (cache emptied before each) against a plain parse of its files
    first = Contender(
        f"first run, {n:,}-statement folder",
        [*simcli, "--data", str(folder), *query],
        {"SIMCLI_CACHE_DIR": cold_dir},
        [cold_dir],
    )
    parse = Contender(
        f"plain CSafeLoader parse, {n:,} files", [py, str(work / "parse_folder.py"), str(folder)]
    )
    interleave([first, parse], heavy)
    contenders += [first, parse]
    target(
        "L1 first run",
        f"first run, {n:,}-statement folder / plain parse of its files",
        first.median / parse.median,
        "",
        1.0,
    )
    target(
        "L2 first-run memory",
        "its peak memory / the plain parse's",
        first.peak / parse.peak,
        "",
        0.5,
    )
    # the cached question: read from the index, against the same on the bundled corpus
    cached = Contender(
        f"cached demands --org O7 --format json, {n:,} statements (answer kept)",
        [*simcli, "--data", str(folder), *query],
        warm,
    )
    indexed = Contender(
        f"the same from the index (SIMCLI_KEEP_ANSWERS=0), {n:,} statements",
        [*simcli, "--data", str(folder), *query],
        {**warm, "SIMCLI_KEEP_ANSWERS": "0"},
    )
    interleave([cached, indexed, bundled_json], runs)
    contenders += [cached, indexed, bundled_json]
    against_bundled((("L3 cached question", cached), ("L3b from the index", indexed)), 1.5)
    target("L4 its memory", f"peak memory of {cached.name}", cached.peak / 1024, " MiB", 150)
    target("L4b", f"peak memory of {indexed.name}", indexed.peak / 1024, " MiB", 150)
    # whole-corpus answers at 10,000 statements against json.load of the answer itself
    ten = work / "big.yaml"
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
            f"cached {name} --format json, 10,000 statements (answer kept)",
            [*simcli, "--data", str(ten), *args, "--format", "json"],
            {"SIMCLI_CACHE_DIR": str(work / "cache-warm")},
        )
        derived = Contender(
            "the same derived from the cache (SIMCLI_KEEP_ANSWERS=0)",
            [*simcli, "--data", str(ten), *args, "--format", "json"],
            {"SIMCLI_CACHE_DIR": str(work / "cache-warm"), "SIMCLI_KEEP_ANSWERS": "0"},
        )
        base = Contender(
            f"json.load of that answer ({answer.stat().st_size / 2**20:.1f} MiB)",
            [py, str(work / "json_load.py"), str(answer)],
        )
        interleave([ours, derived, base], runs)
        contenders += [ours, derived, base]
        what = f"{name} at 10,000 / json.load of its answer"
        what += " (20 organisations)" if name == "compare" else ""
        target(f"L5 {name}", what, ours.median / base.median, "", 2.0)
        target(f"L5b {name}", what + ", derived", derived.median / base.median, "", 2.0)
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
    against_bundled((("L6 a million claims", cached_huge), ("L6b", indexed_huge)), 2.0)
    # the report of the folder corpus: its size and peak memory
    page = work / "report.html"
    report = Contender(
        f"report, {n:,} statements (cache warm)",
        [*simcli, "--data", str(folder), "report", "--out", str(page), "--force"],
        warm,
    )
    report.run()
    contenders.append(report)
    target(
        "L7 report size",
        f"report of {n:,} statements",
        page.stat().st_size / 1e6,
        " MB",
        5,
    )
    target("L8 report memory", "its peak memory", report.peak / 1024, " MiB", 500)
    lines = [
        f"## Large corpora (issue 15): {n:,} statements as a folder"
        + (" (--quick)" if quick else ""),
        "",
        f"Typer {_typer_version(py)} (the figures are measured with typer {TYPER}:"
        " `pip install -r benchmarks/requirements.txt`); first runs "
        f"{heavy} times, the rest {runs}, interleaved with their baselines.",
        "",
        "| figure | what | value | target | met |",
        "| --- | --- | --- | --- | --- |",
        *rows,
        "",
        "| process | median s | min s | max s | peak MiB | runs |",
        "| --- | --- | --- | --- | --- | --- |",
        *[f"| {_row(c)} |" for c in contenders],
    ]
    return Section(lines, failed)


def _typer_version(py: str) -> str:
    done = subprocess.run([py, "-c", "import typer; print(typer.__version__)"],
                          capture_output=True, text=True, check=False)  # fmt: skip
    return done.stdout.strip() or "unknown"


if __name__ == "__main__":
    sys.exit(main())
