"""The whole corpus for other tools: every claim with its statement, organisation and
status, plus the outcomes; written atomically, never over a file unasked."""

from __future__ import annotations

import datetime as dt
import os
import stat
import tempfile
from pathlib import Path
from typing import Any

from simcli.analysis import DemandQuery, claim_rows
from simcli.corpus import Corpus
from simcli.records import CLAIM_FIELDS, OUTCOME_FIELDS, outcome_record
from simcli.render import Output, Table, cell


def export_records(corpus: Corpus, as_of: dt.date) -> dict[str, list[dict[str, Any]]]:
    """Every claim (in date order, each once, with status for demands) and every outcome."""
    claims = [row.as_json() for row in claim_rows(corpus, DemandQuery(kind="all", as_of=as_of))]
    outcomes = [
        outcome_record(corpus, o)
        for o in sorted(corpus.outcomes, key=lambda o: corpus.chronology.sort_key(o.id))
    ]
    return {"claims": claims, "outcomes": outcomes}


def export_output(records: dict[str, list[dict[str, Any]]]) -> Output:
    """The export for the renderer: JSON as is; JSON Lines one typed record a line;
    CSV one table of claims then outcomes, told apart by ``type``; Markdown two."""
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
    return Output(records, [claims, outcomes], both, typed)


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
