"""The briefing of a large corpus read from the store a batch at a time
(:mod:`simcli.store.report_data`): counted as the batches go by
(:class:`~simcli.output.report.tally.Tally`), with every claim and outcome
written to the companion CSV row by row as they come, never held whole.

The page and the CSV are those of the whole corpus, byte for byte
(:func:`simcli.output.report.brief.briefing` and ``export --format csv``)."""

from __future__ import annotations

import csv
import datetime as dt
from typing import TextIO

from simcli.analysis.chronology import time_ordered
from simcli.analysis.compare import Comparison
from simcli.analysis.records import outcome_record
from simcli.output.export.records import BOTH, claim_line, outcome_line
from simcli.output.render import csv_row
from simcli.output.report.brief import Briefing
from simcli.output.report.tally import TOP_DEMANDS, Tally
from simcli.store.report_data import Streamed


def streamed_briefing(
    source: Streamed, as_of: dt.date, title: str | None, companion: TextIO | None = None
) -> Briefing:
    """The briefing of ``source`` as of a day, a batch at a time; with ``companion``,
    every claim and outcome written to it as CSV (``export --format csv``'s bytes)."""
    corpus = source.corpus
    tally = Tally(corpus, as_of)
    writer = csv.writer(companion, lineterminator="\n") if companion is not None else None
    if writer is not None:
        writer.writerow(BOTH)
    for batch in source.report_batches(as_of):
        tally.add(batch.corpus, batch.statements, batch.rows, batch.possibly, batch.unmet())
        if writer is not None:  # a demand's record as kept, with its status
            kept = batch.records
            writer.writerows(
                csv_row(claim_line(kept.get(row.claim.id) or row.as_json())) for row in batch.rows
            )
    unmet = source.unmet(as_of, TOP_DEMANDS)
    tally.finish(unmet.groups, unmet.counts, unmet.deciding)
    if writer is not None:
        for outcome in time_ordered(corpus, corpus.outcomes):
            writer.writerow(csv_row(outcome_line(outcome_record(corpus, outcome))))
    themes = {t.id: t for t in corpus.themes}
    comparison = Comparison(
        "org",
        tally.columns,
        [themes[t] for t in tally.themes],
        {},
        [],
        {},
        [tally.best] if tally.best is not None else [],
        tally.left_out,
        as_of,
    )
    about = corpus.data.title
    return Briefing(
        title=title or (f"{about}: who asked for what" if about else "Who asked for what"),
        as_of=as_of,
        corpus=corpus,
        unmet=tally.unmet,
        comparison=comparison,
        timeline=[],
        claims={},
        large=True,
        tally=tally,
    )
