"""Statuses kept in the index: every demand's status, worked out by the analysis itself
(:mod:`simcli.analysis.rows`, :mod:`simcli.analysis.unmet`) so that the answers read
from the store cannot drift from those derived from the corpus.

What is kept, for every demand (``claim_answers``):

- whether it is made by the day (``made``: 0 not yet, 1 possibly, 2 certainly), and
  its status (``status``: what a question that selects by status reads; the index's
  ``claims.status`` is left empty, as every column that depends on other files is);
- its record as ``simcli demands --format json`` gives it, encoded, with its days open
  and the day it is as of left as slots (:data:`OPEN_SLOT`, :data:`AS_OF_SLOT`) that are
  filled in as it is written out (:func:`filled`): they move every day, nothing else
  does between two of its turning days;
- the days it stands for (``valid_from`` to ``valid_to``): between two of its turning
  days (:meth:`simcli.analysis.status.StatusIndex.standing`), when its days open
  count from (``open_from``), and the outcome that decides its status (``outcome``:
  what a large report counts as an answer);

and for every theme with demands not met, the unmet answer's group (``unmet_themes``:
the export's table; ``unmet_answers``: its demands' records as the answer writes them,
encoded, with the same slots, and when the group's days open count from).

**Worked out again only where it can have changed.** A file changed (edited, added or
removed) makes stale the demands of every statement an ordering ties to one of its
records, before and after the change, and the demands and groups of every theme its
claims or outcomes' effects touch (:mod:`simcli.store.stale`); a change to the themes
or organisations makes all stale. A day asked for outside the days a demand stands
for makes that demand and its themes stale. :func:`keep` then reads the part of the
corpus the stale themes need (their statements, with what orderings tie to them, and
every outcome: the answer of that part is the whole corpus's) and writes again what it
gives; the rest stands. The days every kept row stands for are in ``meta``
(``status_from``, ``status_to``): a question about one of them reads the store alone.
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

from simcli.analysis.chronology import chronology_of
from simcli.analysis.rows import Answer, ClaimRow
from simcli.analysis.status import status_index_of
from simcli.model.corpus import Corpus
from simcli.model.schema import Theme
from simcli.store import index
from simcli.store.index_read import has_drafts
from simcli.store.looks import Seen
from simcli.store.stale import KEPT
from simcli.store.tables import row_maker, table

#: the slots a kept record has for its days open and its as-of day, as they stand in its
#: encoded JSON: a string cannot hold an unescaped quote, so only a record's own key and
#: value written by :func:`_template` can read so
OPEN_SLOT = '"open_days": "\\u0000open_days"'
AS_OF_SLOT = '"as_of": "\\u0000as_of"'
_OPEN_MARK, _AS_OF_MARK = "\x00open_days", "\x00as_of"
#: read the whole corpus rather than a part when at least this share of demands is stale
WHOLE_SHARE = 0.5


def kept_for(connection: sqlite3.Connection, day: dt.date) -> bool:
    """Whether the index keeps every demand's status as of ``day``."""
    first, last = index.meta(connection, "status_from"), index.meta(connection, "status_to")
    return first is not None and last is not None and first <= day.isoformat() <= last


def keep(corpus_path: Path, shown: str, seen: Seen, day: dt.date) -> None:
    """Work out again, as of ``day``, the statuses the index does not keep for it (see
    the module's docs), and keep them there (in one transaction). Raises
    :class:`simcli.store.index.Unusable` when that cannot be done this time (the answer
    is then derived from the corpus).

    All of them are worked out a batch of statements at a time
    (:mod:`simcli.store.batches`), so that a large corpus is never held whole; some,
    from the part of the corpus their themes need, read at once."""
    from simcli.analysis.rows import DemandQuery

    connection = index.writable(corpus_path, seen)
    try:
        if kept_for(connection, day):
            return
        if has_drafts(connection):  # questions leave drafts out: answered from the corpus
            raise index.Unusable
        themes, whole, stale = _stale(connection, day)
        if not whole and not themes and not stale:  # nothing has turned: the days move on
            _standing(connection, day)
        else:
            from simcli.store.batches import Batched

            source = Batched(connection, corpus_path, shown)
            only = None if whole else _statements_on(connection, themes)
            batches = source.batches(DemandQuery(as_of=day), only=only)
            parts = ((b.corpus, b.rows, b.possibly) for b in batches)
            _write(connection, source.corpus.themes, parts, day, None if whole else themes)
        connection.execute("COMMIT")
    except (sqlite3.Error, ValueError, KeyError, TypeError) as exc:
        raise index.Unusable from exc
    finally:
        connection.close()  # uncommitted: rolled back


def _asked(connection: sqlite3.Connection, ids: Iterable[str]) -> None:
    """The temporary table ``asked`` holds ``ids`` (once each), and only them: a query
    reads them from it rather than from as many ``?`` as there are ids."""
    connection.execute("CREATE TEMP TABLE IF NOT EXISTS asked (id TEXT PRIMARY KEY)")
    connection.execute("DELETE FROM asked")
    connection.executemany("INSERT OR IGNORE INTO asked VALUES (?)", ((i,) for i in ids))


def _statements_on(connection: sqlite3.Connection, themes: set[str]) -> set[str]:
    """The statements with a claim on one of ``themes``."""
    _asked(connection, themes)
    return {
        statement
        for (statement,) in connection.execute(
            "SELECT DISTINCT c.statement FROM claim_themes AS t JOIN claims AS c"
            " ON c.id = t.claim WHERE t.theme IN (SELECT id FROM asked)"
        )
    }


def _stale(connection: sqlite3.Connection, day: dt.date) -> tuple[set[str], bool, int]:
    """The themes whose demands and group are to be worked out again for ``day``,
    whether that is better done for the whole corpus, and how many demands are stale
    (a demand is stale with its themes)."""
    when = day.isoformat()
    stale = connection.execute(
        "SELECT count(*), sum(a.id IS NULL OR ?1 < a.valid_from OR ?1 > a.valid_to)"
        " FROM claims AS c LEFT JOIN claim_answers AS a ON a.id = c.id"
        " WHERE c.kind = 'demand'",
        (when,),
    ).fetchone()
    demands, count = stale[0], stale[1] or 0
    if count >= demands * WHOLE_SHARE:
        return set(), True, count
    themes = {theme for (theme,) in connection.execute("SELECT theme FROM stale_themes")}
    themes.update(
        theme
        for (theme,) in connection.execute(
            "SELECT DISTINCT t.theme FROM claims AS c JOIN claim_themes AS t ON t.claim = c.id"
            " LEFT JOIN claim_answers AS a ON a.id = c.id WHERE c.kind = 'demand'"
            " AND (a.id IS NULL OR ?1 < a.valid_from OR ?1 > a.valid_to)",
            (when,),
        )
    )
    return themes, False, count


def _slotted(doc: dict[str, Any]) -> dict[str, Any]:
    """A demand's record (``doc``, changed) with slots for the fields that move every
    day."""
    if doc["open_days"] is not None:
        doc["open_days"] = _OPEN_MARK
    doc["as_of"] = _AS_OF_MARK
    return doc


def filled(text: str, day: dt.date, opens: Sequence[str | None]) -> str:
    """Kept records (``text``: one, or a list) as of ``day``: each slot for days open
    filled from the day its record's days open count from (``opens``, in the records'
    order; ``None`` for a record without the slot), each slot for the day with it."""
    text = text.replace(AS_OF_SLOT, f'"as_of": "{day.isoformat()}"')
    parts = text.split(OPEN_SLOT)
    if len(parts) == 1:
        return text
    days = [_open_days(day, since) for since in opens if since is not None]
    out = [parts[0]]
    for days_open, part in zip(days, parts[1:], strict=True):
        out += (f'"open_days": {days_open}', part)
    return "".join(out)


def _open_days(day: dt.date, since: str) -> int:
    return max((day - dt.date.fromisoformat(since)).days, 0)


#: how deep a theme's list of demands stands in the unmet answer (a list of themes,
#: each an object): it is kept indented for there, to be written as it is, a part's
#: records at a time (the list's items alone: :data:`_OPEN_LIST` and
#: :data:`_CLOSE_LIST` go around them, :data:`_BETWEEN` between two parts)
DEPTH = 2
_OPEN_LIST, _CLOSE_LIST, _BETWEEN = "[\n      ", "\n    ]", ",\n      "


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


def _write(
    connection: sqlite3.Connection,
    codebook: Sequence[Theme],
    parts: Iterable[tuple[Corpus, list[ClaimRow], list[ClaimRow]]],
    day: dt.date,
    themes: set[str] | None,
) -> None:
    """Keep the statuses as of ``day`` of every demand of the ``parts`` of the corpus,
    each with its demands' rows certainly and possibly made by then (the whole corpus
    a batch at a time, in time order; or the part that the stale ``themes`` need), and
    the unmet groups of ``themes`` (``None``: of all), each put together from its
    parts' groups (:class:`simcli.analysis.unmet.GroupInParts`), its demands' records
    kept a part at a time."""
    from simcli.analysis.unmet import GroupInParts, unmet

    asked = sorted(themes) if themes is not None else ()
    grouping = themes is None or bool(themes)  # unmet() of no theme named: of them all
    if themes is None:
        for kept in KEPT:
            connection.execute(f"DELETE FROM [{kept}]")
    else:
        for name in ("unmet_themes", "unmet_answers", "unmet_parts"):
            connection.executemany(f"DELETE FROM [{name}] WHERE theme = ?", ((t,) for t in asked))
    grouped: dict[str, GroupInParts] = {}
    opens_of: dict[str, str] = {}  # theme -> when its longest-open demand's days count from
    for n, (corpus, rows, apart) in enumerate(parts):
        _keep_demands(connection, corpus, rows, apart, day)
        time = chronology_of(corpus)
        chunks = []
        groups = unmet(corpus, day, themes=asked, all_rows=Answer(rows, apart)) if grouping else []
        for group in groups:
            theme = group.theme.id
            grouped.setdefault(theme, GroupInParts(group.theme)).add(corpus, group)
            opens = [time.latest(m.statement.id).isoformat() for m in group.demands]
            opens_of[theme] = min([*opens, opens_of.get(theme, opens[0])])  # ISO days sort
            members = [_slotted(row.as_json()) for row in group.demands]
            # (what orjson cannot write is not kept: TypeError, and the answer is the corpus's)
            text = encode(members, DEPTH)[len(_OPEN_LIST) : -len(_CLOSE_LIST)]
            chunks.append((theme, n, text, json.dumps(opens)))
        connection.executemany("INSERT INTO unmet_parts VALUES (?, ?, ?, ?)", chunks)
    found, answers = [], []
    make = row_maker(table("unmet_themes"))
    for place, entry in enumerate(codebook):  # codebook order
        if entry.id not in grouped:
            continue
        doc = grouped[entry.id].group(day).as_json()
        del doc["demands"]
        encode(doc)
        found.append(make({**doc, "position": place}))
        answers.append((entry.id, opens_of[entry.id]))
    connection.executemany("INSERT INTO unmet_answers VALUES (?, ?)", answers)
    if found:
        marks = ", ".join("?" for _ in found[0])
        connection.executemany(f"INSERT INTO unmet_themes VALUES ({marks})", found)
    _standing(connection, day)


def _keep_demands(
    connection: sqlite3.Connection,
    corpus: Corpus,
    rows: list[ClaimRow],
    apart: list[ClaimRow],
    day: dt.date,
) -> None:
    """Keep the status as of ``day`` of every demand of ``corpus`` (a part of the whole,
    with its demands' rows ``rows``, certainly made by then, and ``apart``, possibly),
    and the days it stands for."""
    counted = {row.claim.id: row for row in rows}
    possibly = {row.claim.id for row in apart}
    statuses = status_index_of(corpus)
    time = statuses.time
    records: list[tuple[Any, ...]] = []
    for statement in corpus.statements:
        for claim in statement.claims:
            if claim.kind != "demand":
                continue
            first, last = statuses.standing(claim, day)
            row = counted.get(claim.id)
            answer = opens = decided = status = None
            if row is not None and row.status is not None:
                doc = row.as_json()
                if doc["open_days"] is not None:
                    opens = time.latest(statement.id).isoformat()
                answer = encode(_slotted(doc), 1)
                status = row.status.status
                decided = row.status.outcome.id if row.status.outcome else None
            made = 2 if row is not None else 1 if claim.id in possibly else 0
            days = (first.isoformat(), last.isoformat())
            records.append((claim.id, made, status, answer, opens, *days, decided))
    connection.executemany(
        "INSERT OR REPLACE INTO claim_answers VALUES (?, ?, ?, ?, ?, ?, ?, ?)", records
    )


def _standing(connection: sqlite3.Connection, day: dt.date) -> None:
    """What the index keeps is whole: the days it stands for, and how many demands may
    or may not have been made by ``day``."""
    connection.execute("DELETE FROM stale_themes")
    first, last, count = connection.execute(
        "SELECT max(valid_from), min(valid_to), sum(made = 1) FROM claim_answers"
    ).fetchone()
    meta = {
        "status_day": day.isoformat(),
        "status_from": first or dt.date.min.isoformat(),
        "status_to": last or dt.date.max.isoformat(),
        "status_possibly": str(count or 0),
    }
    connection.executemany("INSERT OR REPLACE INTO meta VALUES (?, ?)", meta.items())


def unmet_groups(
    connection: sqlite3.Connection,
    themes: list[str] | None,
    day: dt.date,
    encoded: bool,
    members: bool = True,
) -> list[dict[str, Any]]:
    """The unmet answer's groups as of ``day`` as kept (``unmet --format json``'s
    records), of every theme or of ``themes`` (ids); each with its demands' records,
    ``encoded`` (to be written in an indented document as they are: :func:`fragment`)
    or decoded; without them, unless ``members`` (:func:`members_of` reads them a
    part at a time)."""
    where, asked = "", tuple(themes or ())
    if themes is not None:
        where = f" WHERE t.theme IN ({', '.join('?' for _ in themes)})"
    docs = []
    for group in connection.execute(
        "SELECT t.theme, label, status, statuses, since, deadline_passed, latest_outcome,"
        " a.open_from FROM unmet_themes AS t JOIN unmet_answers AS a"
        f" ON a.theme = t.theme{where} ORDER BY t.position",
        asked,
    ).fetchall():
        theme, label, status, counts, since, passed, latest, open_from = group
        demands = ""
        if members:
            parts = connection.execute(
                "SELECT demands, opens FROM unmet_parts WHERE theme = ? ORDER BY part", (theme,)
            )
            demands = _BETWEEN.join(filled(text, day, json.loads(o)) for text, o in parts)
            demands = _OPEN_LIST + demands + _CLOSE_LIST
        docs.append(
            {
                "theme": theme,
                "label": label,
                "status": status,
                "statuses": json.loads(counts),
                "since": since,
                "open_days": _open_days(day, open_from),
                "deadline_passed": bool(passed),
                "as_of": day.isoformat(),
                "latest_outcome": None if latest is None else decode(latest),
                "demands": fragment(demands) if encoded else decode(demands) if members else [],
            }
        )
    return docs


def members_of(connection: sqlite3.Connection, theme: str, day: dt.date) -> Iterator[Any]:
    """An unmet theme's demands' records as of ``day`` as kept, decoded a part at a
    time (a large corpus's are not held at once), in the group's order."""
    for text, opens in connection.execute(
        "SELECT demands, opens FROM unmet_parts WHERE theme = ? ORDER BY part", (theme,)
    ).fetchall():
        yield from decode(_OPEN_LIST + filled(text, day, json.loads(opens)) + _CLOSE_LIST)


def demand_records(
    connection: sqlite3.Connection,
    day: dt.date,
    statuses: tuple[str, ...] | None,
    themes: list[str],
    targets: list[str],
    encoded: bool,
) -> list[Any]:
    """``simcli demands``'s records as of ``day`` as kept, in time order: the demands
    certainly made by the day (with ``statuses``, those with one of them; with
    ``themes`` or ``targets``, ids, those with one of them), ``encoded``
    (:func:`fragment`, for a list in an indented document) or decoded."""
    where, asked = "a.made = 2", list[str]()
    for column, values in (("a.status", statuses), ("c.target", targets)):
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
        "SELECT a.answer, a.open_from FROM claims AS c JOIN statements AS s"
        " ON s.id = c.statement JOIN claim_answers AS a ON a.id = c.id"
        f" WHERE {where} ORDER BY s.position, c.position",
        asked,
    ).fetchall()
    answers = [filled(answer, day, (since,)) for answer, since in rows]
    if encoded:
        return [fragment(answer) for answer in answers]
    return list(decode("[" + ",".join(answers) + "]"))


def records_of(connection: sqlite3.Connection, ids: Sequence[str], day: dt.date) -> dict[str, Any]:
    """The kept records as of ``day`` of the demands among ``ids`` certainly made by
    then, by id, decoded (``simcli demands --format json``'s)."""
    _asked(connection, ids)
    found = connection.execute(
        "SELECT id, answer, open_from FROM claim_answers WHERE made = 2"
        " AND id IN (SELECT id FROM asked)"
    ).fetchall()
    return {id: decode(filled(answer, day, (since,))) for id, answer, since in found}


def deciding(connection: sqlite3.Connection) -> set[str]:
    """The outcomes that decide some demand's status (certainly made by the day kept)."""
    return {
        outcome
        for (outcome,) in connection.execute(
            "SELECT DISTINCT outcome FROM claim_answers WHERE made = 2 AND outcome IS NOT NULL"
        )
    }
