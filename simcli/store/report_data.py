"""What ``simcli report`` of a large corpus reads from the store: its statements a
batch at a time (:mod:`simcli.store.batches`), with each demand's record as the index
keeps it (:mod:`simcli.store.statuses`, worked out first where it is not kept for the
day), and the unmet answer as kept: its groups, their counts and the outcomes that
decide statuses (:meth:`Streamed.unmet`). The report counts them and streams the
companion CSV, holding one batch and the corpus's chronology, never the whole corpus
as objects (issue 27); no status is derived here.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import heapq
import os
import sqlite3
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from simcli.analysis.rows import ClaimRow, DemandQuery
from simcli.analysis.unmet import UnmetGroup
from simcli.model.dates import PartialDate
from simcli.model.diagnostics import CorpusError
from simcli.model.schema import Statement
from simcli.store.batches import Batch, Batched, statements_adapter
from simcli.store.index_read import has_drafts
from simcli.store.statuses import records_of

if TYPE_CHECKING:
    from simcli.store.looks import Seen

Progress = Callable[[int, int], None]


@dataclass
class Unmet:
    """The unmet answer of a large corpus as kept, for a summarised page: its groups,
    each with its ``top`` longest-open demands alone (in the theme's order), how many
    demands each has and who asked (labels, in the order they asked), and the outcomes
    that decide some demand's status."""

    groups: list[UnmetGroup]
    counts: dict[str, tuple[int, list[str]]]
    deciding: set[str]


class Streamed(Batched):
    """A large corpus in the index, with its statuses kept for the day asked, to read a
    batch at a time (:meth:`batches`) and its unmet answer as kept (:meth:`unmet`)."""

    def close(self) -> None:
        self.db.close()

    def report_batches(self, as_of: dt.date) -> Iterator[Batch]:
        """Every statement in batches, as of ``as_of``: each claim's row (kind ``all``)
        without a status, and each demand's kept record with its status."""
        query = DemandQuery(kind="all", as_of=as_of, statuses=False)  # statuses: kept
        for batch in self.batches(query):
            demands = [row.claim.id for row in batch.rows if row.claim.kind == "demand"]
            batch.records = records_of(self.db, demands, as_of)
            yield batch

    def unmet(self, as_of: dt.date, top: int) -> Unmet:
        """The unmet answer as of ``as_of``, as kept (see :class:`Unmet`)."""
        from simcli.analysis.unmet import OutcomeRef
        from simcli.store.statuses import deciding, members_of, unmet_groups

        corpus, time = self.corpus, self.chronology
        docs = unmet_groups(self.db, None, as_of, encoded=False, members=False)
        shown: dict[str, list[dict[str, Any]]] = {}
        counts: dict[str, tuple[int, list[str]]] = {}
        for doc in docs:  # a part of its demands at a time
            longest: list[tuple[int, int, dict[str, Any]]] = []  # a heap: the top, kept
            askers: dict[str, None] = {}
            count = 0
            for member in members_of(self.db, doc["theme"], as_of):
                askers.setdefault(corpus.org(member["org"]).label, None)
                item = (member["open_days"], -count, member)  # ties: the earlier
                if len(longest) < top:
                    heapq.heappush(longest, item)
                elif item[:2] > longest[0][:2]:
                    heapq.heapreplace(longest, item)
                count += 1
            counts[doc["theme"]] = (count, list(askers))
            # the longest open, in the group's order
            shown[doc["theme"]] = [m for _, _, m in sorted(longest, key=lambda i: -i[1])]
        statements = self._statements({m["statement"] for ms in shown.values() for m in ms})
        outcomes = {o.id: o for o in corpus.outcomes}
        groups = []
        for doc in docs:
            theme = corpus.theme(doc["theme"])
            rows = tuple(self._row(statements[m["statement"]], m, as_of) for m in shown[theme.id])
            latest = doc["latest_outcome"]
            ref = None
            if latest is not None:  # as analysis.unmet gives it
                outcome = outcomes[latest["id"]]
                ref = OutcomeRef(
                    outcome,
                    latest["status"],
                    latest["note"],
                    latest["answers"],
                    latest["why_not"] or "",
                    tuple(latest["answers_only"] or ()),
                    tuple(e for e in outcome.evidence if time.certain_by(e.statement, as_of)),
                )
            groups.append(
                UnmetGroup(
                    theme=theme,
                    status=doc["status"],
                    statuses=doc["statuses"],
                    since=PartialDate.parse(doc["since"]),
                    open_days=doc["open_days"],
                    deadline_passed=doc["deadline_passed"],
                    latest_outcome=ref,
                    demands=rows,
                    as_of=as_of,
                )
            )
        return Unmet(groups, counts, deciding(self.db))

    def _statements(self, ids: set[str]) -> dict[str, Statement]:
        """The statements ``ids``, read whole."""
        self.db.execute("CREATE TEMP TABLE IF NOT EXISTS shown (id TEXT PRIMARY KEY)")
        self.db.execute("DELETE FROM shown")
        self.db.executemany("INSERT INTO shown VALUES (?)", ((i,) for i in ids))
        found = self.db.execute(
            "SELECT record FROM records WHERE section = 'statements'"
            " AND id IN (SELECT id FROM shown)"
        ).fetchall()
        read = statements_adapter().validate_json(
            "[" + ",".join(record for (record,) in found) + "]", strict=True
        )
        return {s.id: s for s in read}

    def _row(self, statement: Statement, record: dict[str, Any], as_of: dt.date) -> ClaimRow:
        """A demand of an unmet group, as a page lists it (its status is the group's)."""
        claim = next(c for c in statement.claims if c.id == record["id"])
        org = self.corpus.author(statement)
        endorsed_by = tuple(record["endorsed_by"])
        return ClaimRow(claim, statement, org, endorsed_by, None, None, None, 0, as_of)


def open_streamed(
    path: str | os.PathLike[str],
    shown: str,
    more_than: int,
    day: dt.date,
    progress: Progress | None = None,
    seen: Seen | None = None,
) -> Streamed | None:
    """A large corpus (one the cache indexes, of more than ``more_than`` statements)
    to read a batch at a time, with its statuses as of ``day`` kept: a folder's index
    first brought up to date, a file's only if it is current (a file is indexed by
    reading it whole). ``None`` when there is no index to use, or fewer statements, or
    a draft, or a problem, or the statuses cannot be kept this time: load it with
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
    from simcli.store import index, statuses

    def opened() -> sqlite3.Connection | None:
        assert seen is not None
        if os.path.isdir(file):  # a folder's index never reads it whole
            return index.current(file, shown, seen, progress)
        # a file is indexed only by reading it whole: read whole, unless it is
        return index.if_current(file, seen)

    connection: sqlite3.Connection | None = None
    try:
        connection = opened()
        if connection is None:
            return None
        (count,) = connection.execute("SELECT count(*) FROM statements").fetchone()
        if count <= more_than or has_drafts(connection):
            connection.close()
            return None
        if not statuses.kept_for(connection, day):  # worked out, then read in a snapshot
            connection.close()
            connection = None
            statuses.keep(file, shown, seen, day)
            connection = opened()
            if connection is None or not statuses.kept_for(connection, day):
                raise index.Unusable
        return Streamed(connection, file, shown)
    except (index.Unusable, CorpusError, sqlite3.Error, ValueError, KeyError):
        # the loader reports a corpus's problems
        if connection is not None:
            with contextlib.suppress(sqlite3.Error):
                connection.close()
        return None
