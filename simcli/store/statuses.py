"""Statuses kept in the index: every demand's status as of one day, worked out by the
analysis itself (:mod:`simcli.analysis.rows`, :mod:`simcli.analysis.unmet`) so that the
answers read from the store cannot drift from those derived from the corpus.

What is kept, for the day recorded in the index's ``meta`` as ``status_day``:

- each demand's status in ``claims.status`` (what a question that selects by status
  reads; the rest of what shows a status is in its record, below);
- each demand's record as ``simcli demands --format json`` gives it, encoded
  (``claim_answers``);
- the unmet answer's themes (``unmet_themes``: the export's table), and each
  theme's demands as the answer writes them, encoded (``unmet_answers``: most of
  the answer's bytes, read whole);
- how many demands may or may not have been made by the day (``status_possibly``):
  the answers that would name them are derived from the corpus instead.

Correctness is kept simple: any change to the index's records (a file edited,
added or removed; :meth:`simcli.store.index._Updater._finish`) empties all of it,
and a question about another day works all of it out again, for that day. Both
cost one load of the whole corpus from the index, once.
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from pathlib import Path
from typing import Any

from simcli.store import index
from simcli.store.index_read import read_index
from simcli.store.looks import Seen
from simcli.store.tables import row_maker, table


def kept_for(connection: sqlite3.Connection, day: dt.date) -> bool:
    """Whether the index keeps statuses as of ``day``."""
    return index.meta(connection, "status_day") == day.isoformat()


def keep(corpus_path: Path, shown: str, seen: Seen, day: dt.date) -> None:
    """Work out every demand's status as of ``day`` from the whole corpus in the index,
    and keep them there (in one transaction). Raises :class:`simcli.store.index.Unusable`
    when that cannot be done this time (the answer is then derived from the corpus)."""
    connection = index.writable(corpus_path, seen)
    try:
        if kept_for(connection, day):
            return
        corpus = read_index(connection, corpus_path, shown, None)
        if corpus.drafts:  # questions leave drafts out: answered from the corpus
            raise index.Unusable
        _write(connection, corpus, day)
        connection.execute("COMMIT")
    except (sqlite3.Error, ValueError, KeyError, TypeError) as exc:
        raise index.Unusable from exc
    finally:
        connection.close()  # uncommitted: rolled back


#: how deep a theme's list of demands stands in the unmet answer (a list of themes,
#: each an object): it is kept indented for there, to be written as it is
DEPTH = 2


def encode(value: Any, depth: int = 0) -> str:
    """A value as JSON text indented as :func:`simcli.output.render.dumps` indents a
    document (orjson's, with two spaces), for a place ``depth`` levels deep in one."""
    import orjson

    text = orjson.dumps(value, option=orjson.OPT_INDENT_2).decode("utf-8")
    # no line break is written inside a string (``\n``): each starts a line
    return text.replace("\n", "\n" + "  " * depth) if depth else text


def decode(text: str) -> Any:
    import orjson

    return orjson.loads(text)


def fragment(text: str) -> Any:
    """JSON text :func:`encode` wrote, to be written as it is into a document that
    :func:`simcli.output.render.dumps` writes (at the depth it was encoded for)."""
    import orjson

    return orjson.Fragment(text)


def _write(connection: sqlite3.Connection, corpus: Any, day: dt.date) -> None:
    from simcli.analysis.rows import Answer, DemandQuery, claim_rows_apart
    from simcli.analysis.unmet import unmet

    rows, apart = claim_rows_apart(corpus, DemandQuery(as_of=day))
    groups = unmet(corpus, day, all_rows=Answer(rows, apart))
    for kept in index.KEPT_FOR_A_DAY:
        connection.execute(f"DELETE FROM [{kept}]")
    connection.execute("UPDATE claims SET status = NULL")
    statuses, records = [], []
    for row in rows:
        doc = row.as_json()
        records.append((row.claim.id, encode(doc, 1)))
        statuses.append((doc["status"], row.claim.id))
    connection.executemany("INSERT INTO claim_answers VALUES (?, ?)", records)
    connection.executemany("UPDATE claims SET status = ? WHERE id = ?", statuses)
    themes, answers = [], []
    make = row_maker(table("unmet_themes"))
    for position, group in enumerate(groups):
        doc = group.as_json()
        # (what orjson cannot write is not kept: TypeError, and the answer is the corpus's)
        answers.append((group.theme.id, encode(doc.pop("demands"), DEPTH)))
        encode(doc)
        themes.append(make({**doc, "position": position}))
    connection.executemany("INSERT INTO unmet_answers VALUES (?, ?)", answers)
    marks = ", ".join("?" for _ in themes[0]) if themes else ""
    if themes:
        connection.executemany(f"INSERT INTO unmet_themes VALUES ({marks})", themes)
    meta = {"status_day": day.isoformat(), "status_possibly": str(len(apart))}
    connection.executemany("INSERT OR REPLACE INTO meta VALUES (?, ?)", meta.items())


def unmet_groups(
    connection: sqlite3.Connection, themes: list[str] | None, encoded: bool
) -> list[dict[str, Any]]:
    """The unmet answer's groups as kept (``unmet --format json``'s records), of every
    theme or of ``themes`` (ids); each with its demands' records, ``encoded`` (to be
    written in an indented document as they are: :func:`fragment`) or decoded."""
    where, asked = "", tuple(themes or ())
    if themes is not None:
        where = f" WHERE t.theme IN ({', '.join('?' for _ in themes)})"
    docs = []
    for group in connection.execute(
        "SELECT t.theme, label, status, statuses, since, open_days, deadline_passed, as_of,"
        " latest_outcome, a.demands FROM unmet_themes AS t JOIN unmet_answers AS a"
        f" ON a.theme = t.theme{where} ORDER BY t.position",
        asked,
    ):
        theme, label, status, counts, since, open_days, passed, as_of, latest, demands = group
        docs.append(
            {
                "theme": theme,
                "label": label,
                "status": status,
                "statuses": json.loads(counts),
                "since": since,
                "open_days": open_days,
                "deadline_passed": bool(passed),
                "as_of": as_of,
                "latest_outcome": None if latest is None else decode(latest),
                "demands": fragment(demands) if encoded else decode(demands),
            }
        )
    return docs


def demand_records(
    connection: sqlite3.Connection,
    statuses: tuple[str, ...] | None,
    themes: list[str],
    targets: list[str],
    encoded: bool,
) -> list[Any]:
    """``simcli demands``'s records as kept, in time order: the demands certainly made
    by the day (with ``statuses``, those with one of them; with ``themes`` or
    ``targets``, ids, those with one of them), ``encoded`` (:func:`fragment`, for a
    list in an indented document) or decoded."""
    where, asked = "c.status IS NOT NULL", list[str]()
    for column, values in (("c.status", statuses), ("c.target", targets)):
        if values:
            where += f" AND {column} IN ({', '.join('?' for _ in values)})"
            asked += list(values)
    if themes:
        where += (
            " AND EXISTS (SELECT 1 FROM claim_themes AS t WHERE t.claim = c.id"
            f" AND t.theme IN ({', '.join('?' for _ in themes)}))"
        )
        asked += themes
    rows = connection.execute(
        "SELECT a.answer FROM claims AS c JOIN statements AS s ON s.id = c.statement"
        f" JOIN claim_answers AS a ON a.id = c.id WHERE {where} ORDER BY s.position, c.position",
        asked,
    ).fetchall()
    if encoded:
        return [fragment(answer) for (answer,) in rows]
    return list(decode("[" + ",".join(answer for (answer,) in rows) + "]"))
