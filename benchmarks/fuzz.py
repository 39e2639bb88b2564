"""The long property run: `python benchmarks/fuzz.py --examples 100000 --hostile 100000`
(and --links 10000).

Runs tests/test_properties.py under the "long" hypothesis profile, split across
worker processes with different seeds, and reports the figures: examples run,
failures, exit codes, the slowest case and wall time. --examples mutates the
bundled corpus at random; --hostile puts hostile values where they do most harm
(newlines and controls, long runs, huge scalars, odd paths, URLs and dates,
sources that are links, devices and FIFOs); --command-lines runs command lines
alone; --links makes every path simcli reads (the corpus, a folder's files and
simcli.toml, the sources folder, extract's text, diff's corpora) a symbolic link,
in and out of its folder. Any of them may be 0.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent


def _reap(procs: list[tuple[subprocess.Popen[bytes], Any]]) -> int:
    """Wait for one of ``procs`` to end; 1 if it failed."""
    while True:
        for n, (proc, log) in enumerate(procs):
            if proc.poll() is not None:
                log.close()
                del procs[n]
                return int(proc.returncode != 0)
        time.sleep(0.5)


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--examples", type=int, default=100_000, help="mutated-corpus examples in all"
    )
    parser.add_argument(
        "--hostile", type=int, default=100_000, help="hostile-corpus examples in all"
    )
    parser.add_argument(
        "--command-lines", type=int, default=10_000, help="command-line-only examples"
    )
    parser.add_argument(
        "--links", type=int, default=10_000, help="examples with a link at every path read"
    )
    parser.add_argument(
        "--seed",
        type=int,
        default=1,
        help="the first process's seed (the next, one more): another --seed runs other examples",
    )
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    parser.add_argument(
        "--chunk",
        type=int,
        default=5_000,
        help="examples per pytest process: hypothesis keeps every example's choices"
        " for a run, so one process of 50,000 hostile examples grew to 12 GB",
    )
    args = parser.parse_args()
    out = Path(tempfile.mkdtemp(prefix="simcli-fuzz-run-"))
    start = time.time()
    procs = []
    # each worker runs its share of the corpus mutations; one more process runs the
    # command lines alone, so that each test runs the number of examples asked for
    jobs = []
    for test, total in (
        ("test_mutated_corpus_never_tracebacks", args.examples),
        ("test_hostile_corpus_never_tracebacks", args.hostile),
        ("test_linked_corpus_never_tracebacks_or_leaks", args.links),
    ):
        while total > 0:  # in chunks, each a process of its own with a seed of its own
            jobs.append((test, min(args.chunk, total)))
            total -= args.chunk
    if args.command_lines:
        jobs.append(("test_random_command_lines_never_traceback", args.command_lines))
    if args.links:  # 49 pairs of corpora: a few hundred examples try them all
        jobs.append(("test_diff_of_linked_corpora_never_tracebacks_or_leaks", min(args.links, 500)))
    failures = 0
    # at most --workers processes at a time: a loaded machine would trip the
    # 10-second hang alarm on cases that are merely slow
    for worker, (test, share) in enumerate(jobs):
        while len(procs) >= args.workers:
            failures += _reap(procs)
        env = dict(
            os.environ,
            SIMCLI_HYPOTHESIS_PROFILE="long",
            SIMCLI_FUZZ_EXAMPLES=str(share),
            SIMCLI_FUZZ_STATS=str(out / f"stats-{worker}.json"),
        )
        cmd = [
            sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
            f"tests/test_properties.py::{test}", f"--hypothesis-seed={worker + args.seed}",
        ]  # fmt: skip
        log = open(out / f"log-{worker}.txt", "w")  # noqa: SIM115
        procs.append((subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=log, stderr=log), log))
    while procs:
        failures += _reap(procs)
    stats = [json.loads(p.read_text()) for p in sorted(out.glob("stats-*.json"))]
    exits: dict[str, int] = {}
    for s in stats:
        for code, n in s["exits"].items():
            exits[code] = exits.get(code, 0) + n
    slowest = max(stats, key=lambda s: s["slowest"]) if stats else None
    report = {
        "examples": sum(s["examples"] for s in stats),
        "by_test": {
            test: sum(
                json.loads((out / f"stats-{i}.json").read_text())["examples"]
                for i, (name, _) in enumerate(jobs)
                if name == test and (out / f"stats-{i}.json").exists()
            )
            for test in dict.fromkeys(name for name, _ in jobs)
        },
        "workers_failed": failures,
        "exit_codes": exits,
        "slowest_seconds": round(slowest["slowest"], 3) if slowest else None,
        "slowest_case": slowest["slowest_case"] if slowest else None,
        "wall_seconds": round(time.time() - start),
        "logs": str(out),
    }
    print(json.dumps(report, indent=2))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
