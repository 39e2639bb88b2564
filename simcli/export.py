"""The whole corpus for other tools: every claim with its statement, organisation and
status, plus the outcomes; written atomically, never over a file unasked."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import os
import stat
import tempfile
from pathlib import Path
from typing import Any

from simcli.analysis import CLAIM_FIELDS, DemandQuery, claim_rows
from simcli.corpus import Corpus
from simcli.overview import outcome_json
from simcli.render import Output, Table, csv_cell, emit

EXPORT_FORMATS = ("json", "jsonl", "csv", "markdown")
OUTCOME_FIELDS = (
    "id", "type", "date", "earliest", "latest", "date_note", "after", "actor", "title", "url",
    "source", "note", "evidence", "effects",
)  # fmt: skip


def export_records(corpus: Corpus, as_of: dt.date) -> dict[str, list[dict[str, Any]]]:
    """Every claim (in date order, each once, with status for demands) and every outcome."""
    claims = [row.as_json() for row in claim_rows(corpus, DemandQuery(kind="all", as_of=as_of))]
    outcomes = [
        outcome_json(corpus, o)
        for o in sorted(corpus.outcomes, key=lambda o: corpus.chronology.sort_key(o.id))
    ]
    return {"claims": claims, "outcomes": outcomes}


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        if value and isinstance(value[0], dict):
            return json.dumps(value, ensure_ascii=False)
        return ";".join(str(v) for v in value)
    return str(value)


def export_text(records: dict[str, list[dict[str, Any]]], fmt: str) -> str:
    """The export as text in one of :data:`EXPORT_FORMATS`."""
    if fmt == "json":
        return json.dumps(records, indent=2, ensure_ascii=False) + "\n"
    if fmt == "jsonl":
        lines = [json.dumps({"type": "claim", **c}, ensure_ascii=False) for c in records["claims"]]
        lines += [
            json.dumps({"type": "outcome", **o}, ensure_ascii=False) for o in records["outcomes"]
        ]
        return "\n".join(lines) + "\n"
    claims = Table(list(CLAIM_FIELDS), title="Claims")
    claims.rows = [[_cell(c[f]) for f in CLAIM_FIELDS] for c in records["claims"]]
    outcomes = Table(list(OUTCOME_FIELDS), title="Outcomes")
    outcomes.rows = [[_cell(o[f]) for f in OUTCOME_FIELDS] for o in records["outcomes"]]
    buffer = io.StringIO()
    if fmt == "csv":  # one table: claims, then outcomes, told apart by "type"
        writer = csv.writer(buffer, lineterminator="\n")
        columns = ["type", *CLAIM_FIELDS, "actor", "title", "source", "evidence", "effects"]
        writer.writerow(columns)
        for c in records["claims"]:
            writer.writerow(
                [csv_cell(_cell(v)) for v in ["claim", *(c[f] for f in CLAIM_FIELDS)]] + [""] * 5
            )
        for o in records["outcomes"]:
            row = {
                **{f: "" for f in columns},
                "type": "outcome",
                **{f: _cell(o[f]) for f in OUTCOME_FIELDS},
            }
            writer.writerow([csv_cell(str(row[f])) for f in columns])
        return buffer.getvalue()
    emit(Output(records, [claims, outcomes]), "markdown", buffer)
    return buffer.getvalue()


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
    old = replaceable(path, force)
    folder = path.parent if str(path.parent) else Path(".")
    fd, tmp = tempfile.mkstemp(dir=folder, prefix=f".{path.name[:200]}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as out:
            out.write(text)
        os.chmod(tmp, stat.S_IMODE(old.st_mode) if old else 0o644 & ~_umask())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
