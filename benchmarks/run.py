"""Benchmarks: `python benchmarks/run.py` times whole processes and writes BENCHMARKS.md.

Each figure is a ratio against a baseline run side by side in the same
measurement: contenders are interleaved, run after run, so that whatever
else the machine is doing falls on both. Reported: the median of the runs
(at least 5), min, max, peak memory (max RSS), the ratio and its target.

    python benchmarks/run.py                # full run, writes BENCHMARKS.md
    python benchmarks/run.py --quick        # a smoke test: small corpora, 3 runs
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
    parser.add_argument("--quick", action="store_true", help="small corpora, 3 runs")
    parser.add_argument("--out", type=Path, default=HERE.parent / "BENCHMARKS.md")
    args = parser.parse_args()
    runs = 3 if args.quick else max(args.runs, 5)
    big_n, small_n = (500, 50) if args.quick else (10_000, 1_000)
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
    warm = {"SIMCLI_CACHE_DIR": str(work / "cache-warm")}
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
        Figure("B1", "`demands --org NSUN` (table)", b1, b1_base, 1.2),
        Figure("B2", "`demands --org NSUN --format json`", b2, b2_base, 1.15),
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
    quick = " --quick" if args.quick else ""
    took = round(time.time() - started)
    lines = [
        "# Benchmarks",
        "",
        f"Measured {time.strftime('%Y-%m-%d')} by `python benchmarks/run.py{quick}`"
        f" on {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()};"
        f" {runs} interleaved runs of each whole process after one warm-up; {took} s in all.",
        "Corpora come from `benchmarks/generate.py` (deterministic). B1, B2, B3 unchanged"
        ", B5 and B6 run with a warm cache; B3 first run and B4 empty the cache before every run.",
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
    text = "\n".join(lines) + "\n"
    old = args.out.read_text() if args.out.exists() else ""
    if "<!-- stalls -->" in old:  # benchmarks/stalls.py's section is kept as it was
        text += "\n" + old[old.index("<!-- stalls -->") :]
    args.out.write_text(text)
    print(text)
    shutil.rmtree(work, ignore_errors=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
