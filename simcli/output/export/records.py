"""The whole corpus as records, for spreadsheets, pandas and anything that reads JSON
or CSV: every claim with its statement, organisation and status, plus the outcomes,
as JSON, JSON Lines, CSV, TSV or Markdown (``simcli export --format json`` ...)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from simcli.analysis.chronology import time_ordered
from simcli.analysis.records import outcome_record
from simcli.analysis.rows import ClaimRow, DemandQuery, claim_rows
from simcli.model.corpus import Corpus
from simcli.model.fields import CLAIM_FIELDS, OUTCOME_FIELDS
from simcli.model.text import plural
from simcli.output.export.result import Export
from simcli.output.render import Output, Table, cell

FORMATS = ("json", "jsonl", "csv", "tsv", "markdown")


def export_records(
    corpus: Corpus, as_of: dt.date, rows: list[ClaimRow] | None = None
) -> dict[str, list[dict[str, Any]]]:
    """Every claim (in date order, each once, with status for demands) and every outcome.
    ``rows`` are ``claim_rows(corpus, DemandQuery(kind="all", as_of=as_of))``, if at hand."""
    if rows is None:
        rows = claim_rows(corpus, DemandQuery(kind="all", as_of=as_of))
    claims = [row.as_json() for row in rows]
    outcomes = [outcome_record(corpus, o) for o in time_ordered(corpus, corpus.outcomes)]
    return {"claims": claims, "outcomes": outcomes}


TABLES = ("claims", "outcomes")  # --table: one of them alone
_EXTRA = [f for f in OUTCOME_FIELDS if f not in CLAIM_FIELDS and f != "type"]
#: the columns of the one table of claims and outcomes (JSON Lines, CSV)
BOTH = ("type", *CLAIM_FIELDS, *_EXTRA)


def claim_line(claim: dict[str, Any]) -> list[str]:
    """A claim's record as a row of the table of claims and outcomes."""
    return ["claim", *(cell(claim[f]) for f in CLAIM_FIELDS), *[""] * len(_EXTRA)]


def outcome_line(outcome: dict[str, Any]) -> list[str]:
    """An outcome's record as a row of that table (its type: outcome, or event)."""
    values = {f: cell(outcome[f]) for f in OUTCOME_FIELDS}
    return [values.get(f, "") for f in BOTH]


def export_output(records: dict[str, list[dict[str, Any]]], table: str | None = None) -> Output:
    """The export for the renderer, one table per file as pandas.read_json and
    spreadsheets read it: JSON a list of records, JSON Lines one a line and CSV one
    row each, claims then outcomes told apart by ``type``; Markdown two tables.
    With ``table`` (one of :data:`TABLES`), that table's records alone."""
    if table is not None:
        fields = CLAIM_FIELDS if table == "claims" else OUTCOME_FIELDS
        alone = Table(list(fields), title=table.capitalize())
        alone.rows = [[cell(r[f]) for f in fields] for r in records[table]]
        return Output(records[table], [alone], alone)
    claims = Table(list(CLAIM_FIELDS), title="Claims")
    claims.rows = [[cell(c[f]) for f in CLAIM_FIELDS] for c in records["claims"]]
    outcomes = Table(list(OUTCOME_FIELDS), title="Outcomes")
    outcomes.rows = [[cell(o[f]) for f in OUTCOME_FIELDS] for o in records["outcomes"]]
    both = Table(list(BOTH))
    both.rows = [claim_line(c) for c in records["claims"]]
    both.rows += [outcome_line(o) for o in records["outcomes"]]
    typed = [{"type": "claim", **c} for c in records["claims"]]
    typed += [{"type": "outcome", **o} for o in records["outcomes"]]
    return Output(typed, [claims, outcomes], both, typed)


def export(
    corpus: Corpus, fmt: str, as_of: dt.date, sources: Path | None, table: str | None
) -> Export:
    """The corpus's claims and outcomes as records (``table``: one of them alone)."""
    records = export_records(corpus, as_of)
    summary = (
        f"{plural(len(records['claims']), 'claim')}, {plural(len(records['outcomes']), 'outcome')}"
    )
    if table is not None:
        summary = plural(len(records[table]), table[:-1])
    return Export(export_output(records, table), summary)
