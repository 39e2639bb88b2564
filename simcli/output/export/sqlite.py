"""The corpus as an SQLite database, for Datasette and anything else that reads SQL.

One table per record type (themes, organisations, statements, claims, outcomes,
evidence, effects), whose columns are the record's fields as ``simcli`` answers
give them (:mod:`simcli.analysis.records`), and link tables for the relations (a claim's
themes, a statement's endorsements, an effect's claims and organisations), with
primary and foreign keys. A list or an object in a record is JSON text in its
column (Datasette shows it as such, and facets on a list); true and false are 1
and 0, as SQLite has no booleans.

Statuses are as of one day, recorded in the ``simcli`` table. The views
``demands``, ``unmet`` and ``agreement`` answer the three questions: their rows
are those of ``simcli demands``, ``simcli unmet`` and ``simcli compare``'s
``agreement`` in JSON, as of that day. As the JSON export does, the claims are
those made by that day; statements, outcomes, themes and organisations are the
whole corpus. ``claims_fts``, ``statements_fts``, ``outcomes_fts`` and
``themes_fts`` are full-text indexes (SQLite FTS5) over quotes, paraphrases,
notes, titles, summaries and descriptions.

The schema is defined once, in :mod:`simcli.store.tables` (``TABLES``, ``VIEWS``): the
SQL, the rows and the Datasette metadata (descriptions, facets, search) all come
from it.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from simcli._version import __version__
from simcli.analysis.chronology import time_ordered
from simcli.model.text import plural
from simcli.output.export.result import Export
from simcli.output.render import Output
from simcli.store.tables import (
    POSITION,
    SCHEMA_VERSION,
    TABLES,
    VIEWS,
    Column,
    schema_sql,
    table_rows,
)

if TYPE_CHECKING:
    from simcli.model.corpus import Corpus


@dataclass
class DatabaseRecords:
    """What goes in the database: each table's records, as simcli's answers give them."""

    as_of: dt.date
    title: str | None
    description: str | None
    tables: dict[str, list[dict[str, Any]]]

    def counts(self) -> dict[str, int]:
        return {name: len(rows) for name, rows in self.tables.items()}


def database_records(corpus: Corpus, as_of: dt.date) -> DatabaseRecords:
    """Every record of the corpus, with demand statuses, the unmet demands and the
    agreement between organisations as of ``as_of``."""
    from simcli.analysis.compare import MAX_COLUMNS, compare
    from simcli.analysis.overview import organisations, theme_summaries
    from simcli.analysis.records import statement_record
    from simcli.analysis.rows import DemandQuery, claim_rows
    from simcli.analysis.unmet import unmet
    from simcli.output.export.records import export_records

    rows = claim_rows(corpus, DemandQuery(kind="all", as_of=as_of))
    exported = export_records(corpus, as_of, rows)
    claims = exported["claims"]
    outcomes = exported["outcomes"]
    statements = time_ordered(corpus, corpus.statements)
    tables: dict[str, list[dict[str, Any]]] = {
        "themes": [s.as_json() for s in theme_summaries(corpus)],
        "organisations": [s.as_json() for s in organisations(corpus)],
        "statements": [statement_record(corpus, s) for s in statements],
        "claims": claims,
        "outcomes": outcomes,
    }
    tables["evidence"] = [
        {"outcome": o["id"], "position": i, **e}
        for o in outcomes
        for i, e in enumerate(o["evidence"])
    ]
    effects: list[dict[str, Any]] = []
    effect_claims: list[dict[str, Any]] = []
    effect_orgs: list[dict[str, Any]] = []
    for o in outcomes:
        for i, e in enumerate(o["effects"]):
            number = len(effects) + 1
            effects.append({"id": number, "outcome": o["id"], "position": i, **e})
            effect_claims += [{"effect": number, "claim": c} for c in e["claims"]]
            effect_orgs += [{"effect": number, "org": org} for org in e["orgs"]]
    tables.update(effects=effects, effect_claims=effect_claims, effect_orgs=effect_orgs)
    tables["claim_themes"] = [
        {"claim": c["id"], "theme": t} for c in claims for t in dict.fromkeys(c["themes"])
    ]
    tables["statement_endorsements"] = [
        {"statement": s.id, "endorses": e} for s in statements for e in dict.fromkeys(s.endorses)
    ]
    groups = unmet(corpus, as_of)
    tables["unmet_themes"] = [g.as_json() for g in groups]
    tables["unmet_demands"] = [
        {"theme": g.theme.id, "claim": row.claim.id, "position": i}
        for g in groups
        for i, row in enumerate(g.demands)
    ]
    comparison = compare(corpus, as_of=as_of, all_rows=rows, unlimited=True)
    # every pair, as compare gives them, while compare can; beyond, the pairs grow with
    # the square of the organisations: only those that share a demand theme are kept
    every = len(comparison.columns) <= MAX_COLUMNS
    tables["agreement_pairs"] = [
        {"a": g.a, "b": g.b, "jaccard": g.jaccard, "shared": list(g.shared)}
        for g in comparison.agreement
        if every or g.shared
    ]
    data = corpus.data
    about = {
        "as_of": as_of.isoformat(),
        "simcli_version": __version__,
        "schema_version": str(SCHEMA_VERSION),
        "title": data.title,
        "description": data.description,
    }
    tables["simcli"] = [{"key": k, "value": v} for k, v in about.items() if v is not None]
    return DatabaseRecords(as_of, data.title, data.description, tables)


def write_database(records: DatabaseRecords, path: Path) -> None:
    """Build the database in the file ``path`` (which must not exist yet)."""
    connection = sqlite3.connect(path, isolation_level=None)
    try:
        connection.executescript("PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF;")
        connection.executescript(schema_sql())
        connection.execute("BEGIN")
        for table in TABLES:
            rows = records.tables.get(table.name, [])
            marks = ", ".join("?" for _ in table.columns)
            connection.executemany(
                f"INSERT INTO [{table.name}] VALUES ({marks})", table_rows(table, rows)
            )
            if table.search:
                columns = ", ".join(f"[{c}]" for c in table.search)
                connection.execute(
                    f"INSERT INTO [{table.fts}] (rowid, {columns})"
                    f" SELECT rowid, {columns} FROM [{table.name}]"
                )
        connection.execute("COMMIT")
    except sqlite3.OperationalError as exc:  # a full disk, say: the file's problem, not ours
        raise OSError(f"SQLite: {exc}") from exc
    finally:
        connection.close()


def datasette_metadata(records: DatabaseRecords, database: str) -> dict[str, Any]:
    """Datasette's metadata for the database (its file name without ``.db``): titles,
    descriptions of every table, view and column, facets, search and licence."""
    tables: dict[str, Any] = {}
    for table in (*TABLES, *VIEWS):
        entry: dict[str, Any] = {
            "description": table.description,
            "columns": {c.name: c.description for c in table.columns},
        }
        if table.facets:
            entry["facets"] = [_facet(table.columns, f) for f in table.facets]
        if table.search:
            entry["fts_table"] = table.fts  # Datasette's search box: plain words, escaped
        if table.label:
            entry["label_column"] = table.label
        if POSITION in table.columns:  # a global order (evidence's counts per outcome)
            entry["sort"] = "position"
        tables[table.name] = entry
    title = records.title or "simcli corpus"
    description = (records.description or "").strip()
    description += (" " if description else "") + (
        f"Demand statuses are as of {records.as_of.isoformat()}. Written by simcli {__version__}."
    )
    return {
        "title": title,
        "description": description,
        "license": "Quotes: their publishers' words; paraphrases, notes and code: MIT",
        "source": "Statements published by the organisations (each statement's url)",
        "databases": {database: {"title": title, "description": description, "tables": tables}},
    }


def _facet(columns: Sequence[Column], name: str) -> str | dict[str, str]:
    column = next(c for c in columns if c.name == name)
    return {"array": name} if column.json else name


def export(
    corpus: Corpus, fmt: str, as_of: dt.date, sources: Path | None, table: str | None
) -> Export:
    """The corpus as an SQLite database, with Datasette's metadata for it."""
    tables = database_records(corpus, as_of)
    counts = tables.counts()
    summary = ", ".join(
        plural(counts[name], word)
        for name, word in (("claims", "claim"), ("statements", "statement"))
    )
    output = Output(None, [], files={"sqlite": lambda path: write_database(tables, path)})
    return Export(output, summary, metadata=lambda path: datasette_metadata(tables, path.stem))
