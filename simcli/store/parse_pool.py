"""A folder's changed files made into the rows the index writes: each read (never
through a symbolic link), parsed, validated and turned into rows, in this process or,
for many files on a machine with more than one core, in worker processes while this
one writes the rows (:mod:`simcli.store.index`).

**The same rows either way.** A worker runs :func:`read_file`, the function this
process runs for a few files, and sends back plain rows (tuples of text and
numbers), never validated records. A file with any problem gives ``None``, and the
index is then not used: the loader reports the problem as ``simcli check`` does.

**When.** Only for :data:`PARALLEL_FILES` changed files or more, with more than one
core this process may run on, and where ``fork`` is the way to start a process that
is known to be sound (Linux): a forked worker starts at once with every module
already imported. A thread may be running when it forks (rich's progress display);
the worker touches nothing that thread holds (it never writes to the standard
streams, and ends with ``os._exit``, flushing none of them). Anywhere else, or when
a worker cannot be started, the files are read here, one at a time.

**Bounded.** Files go out in chunks of :data:`CHUNK`, at most :data:`AHEAD` chunks
ahead of the one being written for each worker, and come back in the folder's
order: memory holds a few chunks' rows, whatever the folder's size.

**Nothing left behind.** The workers ignore Ctrl-C (this process handles it), and
however reading ends (done, a problem, an error, Ctrl-C) they are ended and
reaped before :func:`read_files` returns; a worker whose parent died finds its task
pipe closed, and ends.
"""

from __future__ import annotations

import contextlib
import os
import signal
import sys
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from simcli.model.diagnostics import CorpusError
from simcli.model.schema import CorpusData, CorpusFragment, Statement
from simcli.store.cache import digest
from simcli.store.index_read import SECTIONS

if TYPE_CHECKING:
    from multiprocessing.connection import Connection
    from multiprocessing.process import BaseProcess

Rows = dict[str, list[tuple[Any, ...]]]
Makers = dict[str, Callable[[dict[str, Any]], tuple[Any, ...]]]

PARALLEL_FILES = 1_000  # fewer changed files than this are read in this process
WORKERS = 4  # at most: beyond that, writing the rows is what takes the time
CHUNK = 50  # files a worker reads in one task
AHEAD = 2  # chunks a worker holds at most (one read, the next waiting)


class FileRead(NamedTuple):
    """One file, read: its rows, its content hash, and what the index keeps of it."""

    rows: Rows
    hash: str
    title: str | None
    description: str | None


def file_rows(name: str, fragment: CorpusFragment | CorpusData, makers: Makers) -> Rows:
    """The rows of a file's records: as JSON (``records``), and in the export's tables."""
    rows: Rows = {
        "records": [],
        **{section: [] for section in SECTIONS},
        "claims": [],
        "claim_themes": [],
        "statement_endorsements": [],
    }
    for section in SECTIONS:
        for local, record in enumerate(getattr(fragment, section)):
            json_text = record.model_dump_json(exclude_defaults=True)
            rows["records"].append((section, name, local, record.id, None, json_text))
            values = record.model_dump(mode="json")
            if isinstance(record, Statement):
                claims = values.pop("claims")
                values["claims"] = len(claims)
                values["demands"] = sum(c["kind"] == "demand" for c in claims)
                about = {"org": values["org"], "date": values["date"], "url": values["url"]}
                # the index's claims.position is a claim's place in its statement (the
                # export's, its place in date order): rows are read in the statements'
                # time order (statements.position), then this one
                for place, claim in enumerate(claims):
                    claim.update(about, statement=record.id, position=place)
                    rows["claim_themes"] += [
                        (claim["id"], theme) for theme in dict.fromkeys(claim["themes"])
                    ]
                    rows["claims"].append(makers["claims"](claim))
                rows["statement_endorsements"] += [
                    (record.id, other) for other in dict.fromkeys(record.endorses)
                ]
            rows[section].append(makers[section](values))
    return rows


def read_file(folder: Path, name: str, makers: Makers) -> FileRead | None:
    """The file ``name`` of ``folder``, read as it is now (a plain file, never what a
    link points at) and made into rows; ``None`` if it has any problem at all."""
    from simcli.read.files import SPLIT, decode, read_bytes
    from simcli.read.validate import validate_schema
    from simcli.read.yamlsrc import parse_yaml

    try:
        raw = read_bytes(folder / name, name, too_large=SPLIT, follow=False)
        parsed = parse_yaml(decode(raw, name), name)
    except CorpusError:
        return None
    if parsed.problems or not isinstance(parsed.data, dict):
        return None
    fragment, schema = validate_schema(parsed.data, parsed.document, CorpusFragment)
    if fragment is None or schema:
        return None
    rows = file_rows(name, fragment, makers)
    return FileRead(rows, digest(raw), fragment.title, fragment.description)


@contextlib.contextmanager
def read_files(
    folder: Path, names: Sequence[str], makers: Makers
) -> Iterator[Iterator[FileRead | None]]:
    """Each of the files ``names`` of ``folder`` read (:func:`read_file`), in order;
    by worker processes when that is worth it. The workers are gone on leaving."""
    pool = _Pool.start(folder, makers, _workers(len(names)))
    if pool is None:
        yield (read_file(folder, name, makers) for name in names)
        return
    try:
        yield pool.results(names)
    finally:
        pool.close()


def _workers(files: int) -> int:
    """How many worker processes to read ``files`` files with: 0 for none."""
    if files < PARALLEL_FILES or not sys.platform.startswith("linux"):
        return 0
    try:
        cores = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        cores = os.cpu_count() or 1
    return min(cores, WORKERS) if cores > 1 else 0


class _Worker(NamedTuple):
    process: BaseProcess
    tasks: Connection  # chunks of names to it
    results: Connection  # their rows from it


class _Pool:
    """Worker processes, each given every ``len(workers)``-th chunk of the names."""

    def __init__(self) -> None:
        self.workers: list[_Worker] = []
        self.done = False

    @classmethod
    def start(cls, folder: Path, makers: Makers, count: int) -> _Pool | None:
        """``count`` workers started, or ``None`` (none asked for, or none could be)."""
        if count < 2:  # one worker and this process writing: no faster than one process
            return None
        pool = cls()
        try:
            import multiprocessing

            context = multiprocessing.get_context("fork")
            # Ctrl-C before a worker ignores it would print its traceback: held back
            # from the workers until they ignore it (this process gets it then)
            blocked = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
            try:
                for _ in range(count):
                    tasks_out, tasks_in = context.Pipe(duplex=False)
                    results_out, results_in = context.Pipe(duplex=False)
                    parents = [*(e for w in pool.workers for e in w[1:]), tasks_in, results_out]
                    process = context.Process(
                        target=_serve,
                        args=(folder, makers, tasks_out, results_in, parents),
                        daemon=True,
                    )
                    pool.workers.append(_Worker(process, tasks_in, results_out))
                    process.start()
                    tasks_out.close()  # the worker's ends: a worker that dies is seen
                    results_in.close()
            finally:
                signal.pthread_sigmask(signal.SIG_SETMASK, blocked)
        except (ImportError, ValueError, OSError, AttributeError):
            pool.close()  # no multiprocessing, no fork, no process: read here
            return None
        return pool

    def results(self, names: Sequence[str]) -> Iterator[FileRead | None]:
        """Each file's rows, in the order of ``names``; ``None`` for a file that has a
        problem, or whose worker failed (nothing is read after it). A worker is given
        the next chunk as soon as it sends one back (whichever worker the system lets
        run gets the work), at most :data:`AHEAD` at a time, and never more than
        ``AHEAD`` chunks a worker ahead of the one being written."""
        from multiprocessing.connection import Connection, wait

        def of_ready(ready: object) -> Connection:  # wait() gives back what it was given
            assert isinstance(ready, Connection)
            return ready

        chunks = [names[n : n + CHUNK] for n in range(0, len(names), CHUNK)]
        holds = [0] * len(self.workers)  # chunks each worker has, not yet sent back
        of: dict[Any, int] = {worker.results: n for n, worker in enumerate(self.workers)}
        back: dict[int, list[FileRead | None] | None] = {}  # sent back, not yet written
        sent = 0
        for k in range(len(chunks)):
            try:
                while k not in back:
                    for n, worker in enumerate(self.workers):
                        while holds[n] < AHEAD and sent < min(len(chunks), k + len(of) * AHEAD):
                            worker.tasks.send((sent, chunks[sent]))
                            holds[n] += 1
                            sent += 1
                    for ready in wait(list(of)):
                        index, rows = of_ready(ready).recv()
                        holds[of[ready]] -= 1
                        back[index] = rows
                got = back.pop(k)
            except (OSError, EOFError):  # a worker died: the loader decides
                got = None
            if got is None:
                yield None
                return
            yield from got
        self.done = True

    def close(self) -> None:
        """Every worker ended (at once unless all was read) and reaped."""
        for worker in self.workers:
            worker.tasks.close()  # the worker's next read finds the end: it ends
        for worker in self.workers:
            if not self.done and worker.process.pid is not None:
                worker.process.terminate()
            worker.results.close()
        for worker in self.workers:
            if worker.process.pid is not None:
                worker.process.join()


def _serve(
    folder: Path,
    makers: Makers,
    tasks: Connection,
    results: Connection,
    parents: list[Connection],
) -> None:
    """A worker: each chunk of names received is read and its rows sent back, in
    order; ``None`` for a chunk it could not read. Ends when its task pipe closes."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})
    code = 0
    try:
        for end in parents:  # this process's copies of the parent's ends
            end.close()
        while True:
            try:
                index, names = tasks.recv()
            except EOFError:
                break
            try:
                got: list[FileRead | None] | None = [
                    read_file(folder, name, makers) for name in names
                ]
            except Exception:  # whatever it is, the loader without an index decides
                got = None
            results.send((index, got))
    except BaseException:
        code = 1
    finally:
        os._exit(code)  # never returns to flush streams another thread may hold
