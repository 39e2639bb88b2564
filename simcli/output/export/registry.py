"""Which module makes which export format: one line a format.

A new format is a module in this folder with an ``export(corpus, fmt, as_of,
sources, table) -> Export`` function, and its line in :data:`FORMATS`; the
command line's ``--format`` choices and help come from here. Only the module of
the format asked for is imported.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from simcli.model.corpus import Corpus
    from simcli.output.export.result import Export

Maker = Callable[["Corpus", str, dt.date, "Path | None", "str | None"], "Export"]


def _records() -> Maker:
    from simcli.output.export import records

    return records.export


def _sqlite() -> Maker:
    from simcli.output.export import sqlite

    return sqlite.export


def _qdpx() -> Maker:
    from simcli.output.export import qdpx

    return qdpx.export


#: format name -> the maker of its module, in the order ``--help`` lists them
FORMATS: dict[str, Callable[[], Maker]] = {
    "json": _records,
    "jsonl": _records,
    "csv": _records,
    "tsv": _records,
    "markdown": _records,
    "sqlite": _sqlite,  # a database for Datasette
    "qdpx": _qdpx,  # a REFI-QDA project, with the statements' texts
    "qdc": _qdpx,  # a REFI-QDA codebook
}
EXPORT_FORMATS = tuple(FORMATS)


def export(
    corpus: Corpus,
    fmt: str,
    as_of: dt.date,
    sources: Path | None = None,
    table: str | None = None,
) -> Export:
    """``simcli export``: the corpus in ``fmt`` (one of :data:`FORMATS`), with statuses
    as of ``as_of``. ``qdpx`` needs ``sources``, the folder of the statements' texts."""
    make = FORMATS.get(fmt)
    if make is None:
        raise ValueError(f"no export format {fmt!r}")
    return make()(corpus, fmt, as_of, sources, table)
