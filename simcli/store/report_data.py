"""A large corpus read from the index a batch of statements at a time, in time order,
with their claims as rows and each demand's status: what ``simcli report`` of a
large corpus counts and streams to its companion CSV, holding one batch and the
corpus's chronology, never the whole corpus as objects (issue 27).

The chronology is the whole corpus's, worked out from the index's columns (each
statement's date, ``after`` and ``endorses``, and the outcomes), without reading a
statement whole. Each batch is answered as part of a corpus that holds the batch's
statements, those that endorse them (their claims left out), and every outcome,
with that chronology: a demand's status depends on nothing else, so each row is
the row of the whole corpus. Statuses are derived here, batch by batch; this is
where they would be read from the index once it keeps them.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import sqlite3
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from simcli.analysis.chronology import Chronology
from simcli.analysis.rows import ClaimRow, DemandQuery, claim_rows_apart
from simcli.analysis.status import StatusIndex
from simcli.model.corpus import Corpus
from simcli.model.dates import PartialDate
from simcli.model.diagnostics import CorpusError
from simcli.model.schema import CorpusData, Organisation, Statement, Theme
from simcli.store.index_read import has_drafts, in_order, read_timed, validated

if TYPE_CHECKING:
    from pydantic import TypeAdapter

    from simcli.store.looks import Seen

BATCH = 500  # statements read and answered at a time (a batch of 1,000 held 45 MiB)

Progress = Callable[[int, int], None]


@dataclass
class Batch:
    """Statements in time order (each with its place in the corpus's file order), the
    rows of their claims certainly made by the day (kind ``all``, in time order), those
    only possibly made, and the corpus they were answered in (see the module's docs)."""

    statements: list[tuple[int, Statement]]
    rows: list[ClaimRow]
    possibly: list[ClaimRow]
    corpus: Corpus


class Streamed:
    """A large corpus in the index, to read a batch at a time (:meth:`batches`).

    ``corpus`` has its themes, organisations and outcomes and no statement, with the
    whole corpus's chronology; ``statement_count`` is how many statements it has."""

    def __init__(self, db: sqlite3.Connection, corpus_path: Path, shown: str) -> None:
        self.db = db
        meta = dict(db.execute("SELECT key, value FROM meta").fetchall())
        timed = read_timed(db)  # statements' dates and orderings alone, and the outcomes
        self.chronology = Chronology(timed)
        self._ids = [s.id for s in timed.statements]  # file order
        self.statement_count = len(self._ids)
        data = CorpusData.model_construct(
            version=1,
            title=meta.get("title"),
            description=meta.get("description"),
            themes=validated(db, Theme, in_order("themes")),
            organisations=validated(db, Organisation, in_order("organisations")),
            statements=[],
            outcomes=timed.outcomes,
        )
        del timed
        self.corpus = Corpus(data, corpus_path, shown)
        self.corpus.derived["chronology"] = self.chronology
        contradicted = meta.get("contradicted") or ""
        self.corpus.known_contradictions = contradicted.split("\n") if contradicted else []
        self._statuses = StatusIndex(self.corpus)  # the outcomes' effects, indexed once

    def close(self) -> None:
        self.db.close()

    def batches(self, as_of: dt.date, size: int | None = None) -> Iterator[Batch]:
        """Every statement, ``size`` (:data:`BATCH`) at a time, in time order, with its
        claims' rows as of the day ``as_of``."""
        size = size or BATCH
        db, time = self.db, self.chronology
        order = sorted(range(len(self._ids)), key=lambda i: time.sort_key(self._ids[i]))
        db.execute("CREATE TEMP TABLE IF NOT EXISTS report_order (n INTEGER PRIMARY KEY,"
                   " id TEXT UNIQUE, place INTEGER)")  # fmt: skip
        db.execute("DELETE FROM report_order")
        db.executemany(
            "INSERT INTO report_order VALUES (?, ?, ?)",
            ((n, self._ids[i], i) for n, i in enumerate(order)),
        )
        del order
        query = DemandQuery(kind="all", as_of=as_of)
        adapter = _statements_adapter()
        for start in range(0, len(self._ids), size):
            span = (start, start + size)
            found = db.execute(
                "SELECT r.record, o.place FROM report_order AS o JOIN records AS r"
                " ON r.section = 'statements' AND r.id = o.id"
                " WHERE o.n >= ? AND o.n < ? ORDER BY o.n",
                span,
            ).fetchall()
            joined = "[" + ",".join(record for record, _ in found) + "]"
            statements = adapter.validate_json(joined, strict=True)
            batch = list(zip((place for _, place in found), statements, strict=True))
            del found, joined
            # the statements that endorse them (claims left out): their authors count
            endorsing = [
                (place, _light(id, org, date, after, endorses))
                for id, org, date, after, endorses, place in db.execute(
                    "SELECT s.id, s.org, s.date, s.after, s.endorses, o.place"
                    " FROM statement_endorsements AS e JOIN statements AS s ON s.id = e.statement"
                    " JOIN report_order AS o ON o.id = s.id"
                    " WHERE e.endorses IN (SELECT id FROM report_order WHERE n >= ? AND n < ?)"
                    " AND NOT (o.n >= ? AND o.n < ?)",
                    (*span, *span),
                )
            ]
            held = sorted({s.id: (p, s) for p, s in [*batch, *endorsing]}.values(),
                          key=lambda item: item[0])  # fmt: skip
            part = Corpus(
                self.corpus.data.model_copy(update={"statements": [s for _, s in held]}),
                self.corpus.path,
                self.corpus.name,
            )
            part.derived["chronology"] = time
            part.derived["status_index"] = self._statuses.sharing(part)
            part.known_contradictions = self.corpus.known_contradictions
            rows, possibly = claim_rows_apart(part, query)
            yield Batch(batch, rows, possibly, part)
            part.derived.clear()  # the status index refers to the part: let both go


def _statements_adapter() -> TypeAdapter[list[Statement]]:
    from pydantic import TypeAdapter

    return TypeAdapter(list[Statement])


def _light(id: str, org: str, date: str, after: str, endorses: str) -> Statement:
    """A statement as an endorsement needs it: who, when, what it follows; no claims."""
    return Statement.model_construct(
        id=id,
        org=org,
        date=PartialDate.parse(date),
        after=json.loads(after),
        endorses=json.loads(endorses),
        claims=[],
        title="",
        summary="",
    )


def open_streamed(
    path: str | os.PathLike[str],
    shown: str,
    more_than: int,
    progress: Progress | None = None,
    seen: Seen | None = None,
) -> Streamed | None:
    """A large corpus (one the cache indexes, of more than ``more_than`` statements)
    to read a batch at a time: a folder's index first brought up to date, a file's
    only if it is current (a file is indexed by reading it whole). ``None`` when there
    is no index to use, or fewer statements, or a draft, or a problem: load it with
    :func:`simcli.store.load.load_corpus`, which reports problems."""
    from simcli.read.files import refuse_escape
    from simcli.store.looks import fingerprint, worth_it

    file = Path(path)
    try:
        refuse_escape(file, shown)  # as the loader refuses it, and says so
    except CorpusError:
        return None
    seen = seen or fingerprint(file)  # the run's looks, else taken now
    if seen is None or not worth_it(seen):
        return None
    from simcli.store import index

    connection: sqlite3.Connection | None = None
    try:
        if os.path.isdir(file):  # a folder's index never reads it whole
            connection = index.current(file, shown, seen, progress)
        else:  # a file is indexed only by reading it whole: read whole, unless it is
            connection = index.if_current(file, seen)
    except (index.Unusable, CorpusError):  # the loader reports a corpus's problems
        return None
    if connection is None:
        return None
    try:
        (count,) = connection.execute("SELECT count(*) FROM statements").fetchone()
        if count <= more_than or has_drafts(connection):
            connection.close()
            return None
        return Streamed(connection, file, shown)
    except (sqlite3.Error, ValueError, KeyError):
        with contextlib.suppress(sqlite3.Error):
            connection.close()
        return None
