"""A large corpus read from the index a batch of statements at a time, in time order,
with their claims as rows: what the statuses kept are worked out from
(:mod:`simcli.store.statuses`) and what ``simcli report`` of a large corpus counts and
streams to its companion CSV (:mod:`simcli.store.report_data`), holding one batch and
the corpus's chronology, never the whole corpus as objects (issue 27).

The chronology is the whole corpus's, worked out from the index's columns (each
statement's date, ``after`` and ``endorses``, and the outcomes), without reading a
statement whole. Each batch is answered as part of a corpus that holds the batch's
statements, those that endorse them (their claims left out), and every outcome,
with that chronology: a demand's status depends on nothing else, so each row is
the row of the whole corpus.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from simcli.analysis.chronology import Chronology
from simcli.analysis.rows import ClaimRow, DemandQuery, claim_rows_apart
from simcli.analysis.status import StatusIndex
from simcli.model.corpus import Corpus
from simcli.model.dates import PartialDate
from simcli.model.schema import CorpusData, Organisation, Statement, Theme
from simcli.store.index_read import in_order, read_timed, validated

if TYPE_CHECKING:
    from pydantic import TypeAdapter

BATCH = 500  # statements read and answered at a time (a batch of 1,000 held 45 MiB)


@dataclass
class Batch:
    """Statements in time order (each with its place in the corpus's file order), the
    rows of their claims certainly made by the day (as the query asks, in time order),
    those only possibly made, the corpus they were answered in (see the module's
    docs), and, for a report, the kept records of the demands among the rows, by id
    (with their statuses: ``simcli demands --format json``'s)."""

    statements: list[tuple[int, Statement]]
    rows: list[ClaimRow]
    possibly: list[ClaimRow]
    corpus: Corpus
    records: dict[str, dict[str, Any]] = field(default_factory=dict)

    def unmet(self) -> set[str]:
        """The batch's demands not met by the day (of its kept records)."""
        return {id for id, record in self.records.items() if record["status"] != "met"}


class Batched:
    """A corpus in the index, to read a batch at a time (:meth:`batches`).

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

    def batches(
        self, query: DemandQuery, size: int | None = None, only: set[str] | None = None
    ) -> Iterator[Batch]:
        """Every statement (or ``only`` those, ids), ``size`` (:data:`BATCH`) at a time,
        in time order, with its claims' rows as ``query`` asks (as of its day; with their
        statuses, if it asks)."""
        size = size or BATCH
        db, time = self.db, self.chronology
        ids = self._ids
        order = sorted(range(len(ids)), key=lambda i: time.sort_key(ids[i]))
        db.execute("CREATE TEMP TABLE IF NOT EXISTS report_order (n INTEGER PRIMARY KEY,"
                   " id TEXT UNIQUE, place INTEGER)")  # fmt: skip
        db.execute("CREATE TEMP TABLE IF NOT EXISTS batch_n (n INTEGER PRIMARY KEY)")
        db.execute("DELETE FROM report_order")
        db.executemany(
            "INSERT INTO report_order VALUES (?, ?, ?)",
            ((n, ids[i], i) for n, i in enumerate(order)),
        )
        # every statement has its place in time order (an endorsing one is read by it);
        # the batches are of those asked for
        picked = [n for n, i in enumerate(order) if only is None or ids[i] in only]
        del order
        shared = StatusIndex(self.corpus) if query.statuses else None  # effects indexed once
        adapter = statements_adapter()
        for start in range(0, len(picked), size):
            db.execute("DELETE FROM batch_n")
            taken = picked[start : start + size]
            db.executemany("INSERT INTO batch_n VALUES (?)", ((n,) for n in taken))
            found = db.execute(
                # CROSS JOIN: the batch's rows first, each record by its id (else the
                # planner may scan every statement's record for each batch)
                "SELECT r.record, o.place FROM batch_n AS b CROSS JOIN report_order AS o"
                " ON o.n = b.n CROSS JOIN records AS r ON r.section = 'statements'"
                " AND r.id = o.id ORDER BY o.n"
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
                    " WHERE e.endorses IN (SELECT w.id FROM report_order AS w WHERE w.n IN"
                    " (SELECT n FROM batch_n)) AND o.n NOT IN (SELECT n FROM batch_n)"
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
            if shared is not None:
                part.derived["status_index"] = shared.sharing(part)
            part.known_contradictions = self.corpus.known_contradictions
            rows, possibly = claim_rows_apart(part, query)
            yield Batch(batch, rows, possibly, part)
            part.derived.clear()  # a status index refers to the part: let both go


def statements_adapter() -> TypeAdapter[list[Statement]]:
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
