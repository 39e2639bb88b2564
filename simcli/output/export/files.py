"""The whole corpus for other tools: every claim with its statement, organisation and
status, plus the outcomes (JSON, JSON Lines, CSV, TSV, Markdown); the corpus as an
SQLite database (:mod:`simcli.output.export.sqlite`) or a REFI-QDA project or codebook
(:mod:`simcli.output.export.qdpx`). Written atomically, never over a file unasked."""

from __future__ import annotations

import datetime as dt
import os
import stat
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from simcli.analysis.chronology import chronology_of
from simcli.analysis.records import outcome_record
from simcli.analysis.rows import ClaimRow, DemandQuery, claim_rows
from simcli.model.corpus import Corpus
from simcli.model.diagnostics import Diagnostic
from simcli.model.fields import CLAIM_FIELDS, OUTCOME_FIELDS
from simcli.model.text import plural
from simcli.output.render import Output, Table, cell


def export_records(
    corpus: Corpus, as_of: dt.date, rows: list[ClaimRow] | None = None
) -> dict[str, list[dict[str, Any]]]:
    """Every claim (in date order, each once, with status for demands) and every outcome.
    ``rows`` are ``claim_rows(corpus, DemandQuery(kind="all", as_of=as_of))``, if at hand."""
    if rows is None:
        rows = claim_rows(corpus, DemandQuery(kind="all", as_of=as_of))
    claims = [row.as_json() for row in rows]
    outcomes = [
        outcome_record(corpus, o)
        for o in sorted(corpus.outcomes, key=lambda o: chronology_of(corpus).sort_key(o.id))
    ]
    return {"claims": claims, "outcomes": outcomes}


TABLES = ("claims", "outcomes")  # --table: one of them alone


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
    extra = [f for f in OUTCOME_FIELDS if f not in CLAIM_FIELDS and f != "type"]
    both = Table(["type", *CLAIM_FIELDS, *extra])
    for c in records["claims"]:
        both.rows.append(["claim", *(cell(c[f]) for f in CLAIM_FIELDS), *[""] * len(extra)])
    for o in records["outcomes"]:
        values = {f: cell(o[f]) for f in OUTCOME_FIELDS}  # its type: outcome, or event
        both.rows.append([values.get(f, "") for f in both.columns])
    typed = [{"type": "claim", **c} for c in records["claims"]]
    typed += [{"type": "outcome", **o} for o in records["outcomes"]]
    return Output(typed, [claims, outcomes], both, typed)


@dataclass
class Export:
    """An export for the renderer, what it holds (for a line on stderr), and the
    claims it leaves out with why (a QDPX project's quotes not found in their texts)."""

    output: Output
    summary: str
    problems: list[Diagnostic] = field(default_factory=list)
    left_out: list[str] = field(default_factory=list)
    metadata: Callable[[Path], dict[str, Any]] | None = None  # sqlite: Datasette's, by file
    empty: bool = False  # nothing to export (a project none of whose quotes were placed)


def export(
    corpus: Corpus,
    fmt: str,
    as_of: dt.date,
    sources: Path | None = None,
    table: str | None = None,
) -> Export:
    """``simcli export``: the corpus in ``fmt`` (one of render's ``EXPORT_FORMATS``),
    with statuses as of ``as_of``. ``qdpx`` needs ``sources``, the folder of the
    statements' texts."""
    if fmt == "sqlite":
        from simcli.output.export.sqlite import database_records, datasette_metadata, write_database

        tables = database_records(corpus, as_of)
        counts = tables.counts()
        summary = ", ".join(
            plural(counts[name], word)
            for name, word in (("claims", "claim"), ("statements", "statement"))
        )
        output = Output(None, [], files={"sqlite": lambda path: write_database(tables, path)})
        return Export(output, summary, metadata=lambda path: datasette_metadata(tables, path.stem))
    if fmt == "qdc":
        from simcli.output.export.qdpx import code_count, codebook_xml

        output = Output(None, [], pages={"qdc": lambda: codebook_xml(corpus)})
        return Export(output, plural(code_count(corpus), "code"))
    if fmt == "qdpx":
        from simcli.output.export.qdpx import qda_project, write_qdpx

        if sources is None:
            raise ValueError("a QDPX project needs the folder of the statements' texts")
        project = qda_project(corpus, sources, as_of)
        summary = (
            f"{plural(len(project.documents), 'text source')},"
            f" {plural(project.selections, 'coded selection')}"
        )
        if project.left_out:
            summary += f"; {plural(len(project.left_out), 'claim')} left out"
        output = Output(None, [], files={"qdpx": lambda path: write_qdpx(project, path)})
        empty = not project.selections
        return Export(output, summary, project.problems, project.left_out, empty=empty)
    if fmt not in ("json", "jsonl", "csv", "tsv", "markdown"):
        raise ValueError(f"no export format {fmt!r}")
    records = export_records(corpus, as_of)
    summary = (
        f"{plural(len(records['claims']), 'claim')}, {plural(len(records['outcomes']), 'outcome')}"
    )
    if table is not None:
        summary = plural(len(records[table]), table[:-1])
    return Export(export_output(records, table), summary)


class OutputExists(FileExistsError):
    """The output file exists and was not to be replaced."""


class NotAFile(ValueError):
    """The output path is something other than a regular file (or nothing)."""


def replaceable(path: Path, force: bool) -> os.stat_result | None:
    """The status of the file ``path`` would replace (``None``: nothing there).

    Raises :class:`OutputExists` when something is there and ``force`` is not
    given (a dangling symbolic link counts), :class:`NotAFile` when it is not a
    regular file (a folder, a FIFO, a device, a symbolic link), and
    :class:`OSError` when the path cannot be looked at (a name too long)."""
    try:
        status = os.lstat(path)
    except FileNotFoundError:
        return None
    if not stat.S_ISREG(status.st_mode):
        what = "a symbolic link" if stat.S_ISLNK(status.st_mode) else "not a regular file"
        raise NotAFile(f"{path} is {what}: simcli writes and replaces regular files only")
    if not force:
        raise OutputExists(str(path))
    return status


def write_atomically(path: Path, text: str, force: bool = False) -> None:
    """Write ``text`` to ``path`` whole or not at all; refuse to replace unless ``force``,
    and never replace anything but a regular file, whose permissions are kept."""

    def write(tmp: Path) -> None:
        with open(tmp, "w", encoding="utf-8", newline="") as out:
            out.write(text)

    build_atomically(path, write, force)


def build_atomically(path: Path, build: Callable[[Path], None], force: bool = False) -> None:
    """Have ``build`` write a new file beside ``path``, then put it in ``path``'s
    place: whole or not at all, as :func:`write_atomically` does."""
    old = replaceable(path, force)
    folder = path.parent if str(path.parent) else Path(".")
    fd, name = tempfile.mkstemp(dir=folder, prefix=f".{path.name[:200]}.", suffix=".tmp")
    os.close(fd)
    tmp = Path(name)
    try:
        build(tmp)
        os.chmod(tmp, stat.S_IMODE(old.st_mode) if old else 0o644 & ~_umask())
        _sync(tmp)  # on disk before it takes the name: whole, even after a power cut
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def _sync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
