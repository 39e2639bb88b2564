"""A folder's files read by worker processes (simcli.store.parse_pool) make the index the
files read in this process make: the same rows, the same answers, the same reports of a
file with a problem; and no worker outlives the reading, however it ends."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from conftest import generated

import simcli.store.answers
import simcli.store.looks
import simcli.store.parse_pool as parse_pool
from simcli.store.index import index_path


@pytest.fixture(autouse=True)
def index_everything(monkeypatch: pytest.MonkeyPatch) -> None:
    """Small test corpora get an index, made at once (as in test_index.py)."""
    monkeypatch.setattr(simcli.store.looks, "INDEX_FROM", 0)
    monkeypatch.setattr(simcli.store.looks, "RACY_NS", 0)
    monkeypatch.setattr(simcli.store.answers, "COMMANDS", ())


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """A folder corpus of 300 synthetic statements, one file each."""
    return generated(tmp_path / "corpus", 300)


@pytest.fixture
def pools(monkeypatch: pytest.MonkeyPatch) -> list[parse_pool._Pool]:
    """Every pool of workers started, kept to look at."""
    started: list[parse_pool._Pool] = []
    real = parse_pool._Pool.start.__func__  # type: ignore[attr-defined]

    def start(cls, folder: Path, makers, count: int):  # type: ignore[no-untyped-def]
        pool = real(cls, folder, makers, count)
        if pool is not None:
            started.append(pool)
        return pool

    monkeypatch.setattr(parse_pool._Pool, "start", classmethod(start))
    return started


def parallel(monkeypatch: pytest.MonkeyPatch, workers: int = 2, chunk: int = 7) -> None:
    """Any number of changed files is read by ``workers`` workers (whatever the cores),
    in chunks of ``chunk``: several chunks each, the last one short."""
    monkeypatch.setattr(parse_pool, "_workers", lambda files: workers)
    monkeypatch.setattr(parse_pool, "CHUNK", chunk)


def dump(folder: Path) -> list[str]:
    """The index's every row, as SQL."""
    with sqlite3.connect(index_path(folder)) as connection:
        return list(connection.iterdump())


def all_ended(pools: list[parse_pool._Pool]) -> bool:
    return all(w.process.exitcode is not None for pool in pools for w in pool.workers)


QUESTION = ("demands", "--org", "O7", "--as-of", "2026-11-24")


def answers(run, folder: Path) -> list[tuple[int, str, str]]:
    out = []
    for question in (QUESTION, ("timeline", "--from", "2021"), ("orgs",)):
        for fmt in ("json", "csv", "table"):
            result = run("--data", str(folder), *question, "-f", fmt)
            out.append((result.exit_code, result.stdout, result.stderr))
    return out


@pytest.mark.parametrize("workers", [2, 3])
def test_workers_make_the_index_one_process_makes(
    run, folder: Path, pools, monkeypatch: pytest.MonkeyPatch, private_cache: Path, workers: int
) -> None:
    def with_workers() -> tuple[list[tuple[int, str, str]], list[str]]:
        with monkeypatch.context() as patched:
            patched.setenv("SIMCLI_CACHE_DIR", str(private_cache / "workers"))
            parallel(patched, workers)
            return answers(run, folder), dump(folder)

    first = answers(run, folder), dump(folder)  # made in this process (300 files: too few)
    assert pools == []
    assert with_workers() == first  # a first run
    assert len(pools) == 1 and len(pools[0].workers) == workers
    for n in (7, 50, 51, 207, 299):  # st-7 and st-207: O7's
        file = folder / f"st-{n:05}.yaml"
        file.write_text(file.read_text(encoding="utf-8").replace('text: "', 'text: "New '))
    (folder / "st-00150.yaml").rename(folder / "zz.yaml")  # moved: a file added, one removed
    later = answers(run, folder), dump(folder)  # brought up to date in this process
    assert later != first and any("New " in out for _, out, _ in later[0])
    assert with_workers() == later  # and with workers
    assert len(pools) == 2 and all_ended(pools)


BAD = [
    ("st-00005.yaml", ("target: org-37", "target: org-nobody")),  # across files: R002
    ("st-00005.yaml", ("id: st-5-c1", "id: st-6-c1")),  # R001
    ("st-00005.yaml", ("title: ", "title: [unclosed")),  # Y001
    ("st-00150.yaml", ("kind: demand", "kind: wish")),  # S004
    ("st-00299.yaml", ("version: 1", "version: 2")),  # the last file of the last chunk
    ("st-00000.yaml", ("version: 1", "version: \udcff")),  # not UTF-8: byte 0xff
]


@pytest.mark.parametrize(("name", "edit"), BAD, ids=lambda v: str(v))
def test_a_file_with_a_problem_is_reported_as_by_one_process(
    run, folder: Path, pools, monkeypatch: pytest.MonkeyPatch, name: str, edit: tuple[str, str]
) -> None:
    file = folder / name
    text = file.read_text(encoding="utf-8")
    assert edit[0] in text
    changed = text.replace(edit[0], edit[1], 1)
    file.write_bytes(changed.encode("utf-8", "surrogateescape"))
    argv = ("--data", str(folder), "demands", "--org", "O5", "-f", "json")
    serial = run(*argv)
    plain = run("--no-cache", *argv)
    parallel(monkeypatch)
    workers = run(*argv)
    assert len(pools) == 1 and all_ended(pools)
    said = (workers.exit_code, workers.stdout, workers.stderr)
    assert said == (serial.exit_code, serial.stdout, serial.stderr)
    assert said == (2, plain.stdout, plain.stderr)
    assert not index_path(folder).exists()


def test_links_and_pipes_are_never_followed_by_a_worker(
    run, folder: Path, pools, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    outside = tmp_path / "outside.yaml"
    outside.write_bytes((folder / "st-00005.yaml").read_bytes())
    (folder / "st-00005.yaml").unlink()
    (folder / "st-00005.yaml").symlink_to(outside)
    argv = ("--data", str(folder), "statements", "-f", "csv")
    plain = run("--no-cache", *argv)
    parallel(monkeypatch)
    # the folder's look already sends a link to the loader; read_file itself refuses one
    assert parse_pool.read_file(folder, "st-00005.yaml", {}) is None
    result = run(*argv)
    assert (result.exit_code, result.stdout, result.stderr) == (
        plain.exit_code,
        plain.stdout,
        plain.stderr,
    )
    assert "F004" in result.stderr
    (folder / "st-00005.yaml").unlink()
    os.mkfifo(folder / "st-00005.yaml")  # never waited on
    assert parse_pool.read_file(folder, "st-00005.yaml", {}) is None


def test_a_worker_that_dies_leaves_the_answer_to_the_loader(
    run, folder: Path, pools, monkeypatch: pytest.MonkeyPatch
) -> None:
    argv = ("--data", str(folder), "demands", "--org", "O5", "-f", "json")
    plain = run("--no-cache", *argv)
    real = parse_pool.read_file

    def dies(folder: Path, name: str, makers):  # type: ignore[no-untyped-def]
        if name == "st-00120.yaml":
            os._exit(3)  # in a worker: this test's process never reads it
        return real(folder, name, makers)

    monkeypatch.setattr(parse_pool, "read_file", dies)
    parallel(monkeypatch)
    result = run(*argv)
    assert (result.exit_code, result.stdout, result.stderr) == (0, plain.stdout, plain.stderr)
    assert len(pools) == 1 and all_ended(pools)
    assert not index_path(folder).exists()  # answered without it; the next run makes it


def test_without_multiprocessing_the_files_are_read_here(
    run, folder: Path, pools, monkeypatch: pytest.MonkeyPatch
) -> None:
    import multiprocessing

    argv = ("--data", str(folder), "demands", "--org", "O5", "-f", "json")
    plain = run("--no-cache", *argv)

    def no_fork(method: str | None = None):  # type: ignore[no-untyped-def]
        raise ValueError(f"cannot find context for {method!r}")

    monkeypatch.setattr(multiprocessing, "get_context", no_fork)
    parallel(monkeypatch)
    result = run(*argv)
    assert (result.exit_code, result.stdout) == (0, plain.stdout)
    assert pools == [] and index_path(folder).exists()


def test_an_interrupted_reading_ends_its_workers(
    folder: Path, pools, monkeypatch: pytest.MonkeyPatch
) -> None:
    from simcli.store.index import load
    from simcli.store.looks import fingerprint

    parallel(monkeypatch)

    def interrupt(done: int, total: int) -> None:
        if done == 40:
            raise KeyboardInterrupt

    seen = fingerprint(folder)
    assert seen is not None
    with pytest.raises(KeyboardInterrupt):
        load(folder, "corpus", None, seen, interrupt)
    assert len(pools) == 1 and all_ended(pools)
    assert not index_path(folder).exists()


def test_ctrl_c_leaves_no_process_behind(folder: Path, tmp_path: Path) -> None:
    """A real Ctrl-C (SIGINT to the terminal's process group) during a first run with
    workers: the run ends, and every process of its group with it."""
    script = textwrap.dedent(
        """
        import sys
        import simcli.store.parse_pool as parse_pool
        from simcli.store.index import load
        from simcli.store.looks import fingerprint

        parse_pool._workers = lambda files: 2
        parse_pool.CHUNK = 1
        real = parse_pool.read_file

        def slow(folder, name, makers):
            import time
            time.sleep(0.05)
            return real(folder, name, makers)

        parse_pool.read_file = slow

        def told(done, total):
            if done == 5:
                print("reading", flush=True)

        folder = sys.argv[1]
        from pathlib import Path
        load(Path(folder), folder, None, fingerprint(Path(folder)), told)
        """
    )
    env = {**os.environ, "SIMCLI_CACHE_DIR": str(tmp_path / "c"), "SIMCLI_INDEX_FROM": "0"}
    process = subprocess.Popen(
        [sys.executable, "-c", script, str(folder)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,  # its own process group, as a terminal gives a command
    )
    assert process.stdout is not None
    assert process.stdout.readline() == "reading\n"
    os.killpg(process.pid, signal.SIGINT)
    _, err = process.communicate(timeout=60)
    assert process.returncode != 0 and err.rstrip().endswith("KeyboardInterrupt"), err
    assert err.count("Traceback") == 1  # the workers said nothing
    with pytest.raises(ProcessLookupError):
        os.killpg(process.pid, 0)  # no process of the group is left


def test_workers_only_for_many_files_and_more_than_one_core(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    cores = {0}
    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: cores, raising=False)
    monkeypatch.setattr(sys, "platform", "linux")
    assert parse_pool._workers(100_000) == 0  # one core: this process reads
    cores = {0, 1}
    assert parse_pool._workers(parse_pool.PARALLEL_FILES - 1) == 0
    assert parse_pool._workers(parse_pool.PARALLEL_FILES) == 2
    cores = set(range(64))
    assert parse_pool._workers(100_000) == parse_pool.WORKERS
    monkeypatch.setattr(sys, "platform", "darwin")  # no fork there that is sound
    assert parse_pool._workers(100_000) == 0
