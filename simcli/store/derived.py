"""Answers the store derives from its index without loading the corpus: ``unmet`` from
the statuses it keeps (:mod:`simcli.store.statuses`), ``compare`` from the claims'
organisations, themes and kinds. Each reads only the columns and rows its question
needs, and gives the records of the answer derived from the whole corpus, byte for
byte once rendered (tested in every format against ``--no-cache``).

Each returns ``None`` where the store does not answer (a small corpus, read whole;
a corpus with a problem, drafts, or demands possibly made by the day, which the
answers name from the corpus): the caller then loads the corpus and derives the
answer as ever. A question that fails (an unknown name) raises as the corpus's
would.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar, cast

if TYPE_CHECKING:
    from simcli.model.corpus import Corpus
    from simcli.store.looks import Seen

Progress = Callable[[int, int], None]
T = TypeVar("T")
#: an answer's records, and the records whose dates and orderings contradict each other
#: (of the whole corpus: the command line warns of them)
Found = tuple[T, list[str]]


def _asked(
    corpus_path: Path,
    shown: str,
    progress: Progress | None,
    ask: Callable[[sqlite3.Connection], T | None],
    day: dt.date | None = None,
    work_out: bool = True,
    seen: Seen | None = None,
) -> Found[T] | None:
    """``ask`` of the index of a large corpus, brought up to date (with statuses as of
    ``day`` when given: worked out if they are not kept, unless not ``work_out``). A
    question that fails (an unknown name) raises, its exception carrying the records
    whose dates contradict each other (:func:`contradicted_of`)."""
    from simcli.model.diagnostics import CorpusError
    from simcli.read.files import refuse_escape
    from simcli.store import index, index_read
    from simcli.store.looks import fingerprint, worth_it

    try:
        refuse_escape(corpus_path, shown)
    except CorpusError:
        return None  # the loader says what is wrong
    seen = seen or fingerprint(corpus_path)  # the run's looks, else taken now
    if seen is None or not worth_it(seen):
        return None
    try:
        connection = index.current(corpus_path, shown, seen, progress)
        if day is not None and not _statuses(connection, day):
            from simcli.store import statuses

            connection.close()
            if not work_out:
                return None
            statuses.keep(corpus_path, shown, seen, day)
            connection = index.current(corpus_path, shown, seen, progress)
            if not _statuses(connection, day):
                connection.close()
                return None
    except (index.Unusable, CorpusError):
        return None  # the loader reports a corpus's problems, as check does
    answer = None
    try:
        said = index.meta(connection, "contradicted") or ""
        contradicted = said.split("\n") if said else []
        if not index_read.has_drafts(connection) and (day is None or _possibly(connection) == 0):
            try:
                answer = ask(connection)
            except sqlite3.Error:
                raise
            except Exception as exc:  # an unknown name, say: warned of first, as the loader does
                exc.contradicted = contradicted  # type: ignore[attr-defined]
                raise
    except sqlite3.Error:
        answer = None
    finally:
        connection.close()
    if answer is None:
        return None
    return answer, contradicted


def contradicted_of(exc: BaseException) -> list[str]:
    """The records whose dates contradict each other, of the corpus a question that
    failed (``exc``) was asked of, where the store knew them: the command line warns of
    them before it says what failed, as it does when it loads the corpus."""
    found = getattr(exc, "contradicted", None)
    return found if isinstance(found, list) else []


def _statuses(connection: sqlite3.Connection, day: dt.date) -> bool:
    from simcli.store.statuses import kept_for

    return kept_for(connection, day)


def _possibly(connection: sqlite3.Connection) -> int:
    """How many demands may or may not have been made by the day statuses are kept for:
    every answer with statuses names them, from the corpus."""
    from simcli.store import index

    return int(index.meta(connection, "status_possibly") or -1)


def lookup(connection: sqlite3.Connection) -> Corpus:
    """The corpus's themes and organisations alone: to look names up as the answers do."""
    from simcli.model.corpus import Corpus
    from simcli.model.schema import CorpusData, Organisation, Theme
    from simcli.store.index_read import in_order, validated

    themes = validated(connection, Theme, in_order("themes"))
    orgs = validated(connection, Organisation, in_order("organisations"))
    data = CorpusData.model_construct(
        version=1, themes=themes, organisations=orgs, statements=[], outcomes=[]
    )
    return Corpus(data)


# --- unmet ---------------------------------------------------------------------------


def unmet_records(
    corpus_path: Path,
    shown: str,
    day: dt.date,
    themes: Sequence[str] = (),
    progress: Progress | None = None,
    encoded: bool = False,
    seen: Seen | None = None,
) -> Found[list[dict[str, Any]]] | None:
    """``simcli unmet`` as of ``day`` (of some ``themes``: ids, as the question takes
    them), as its JSON records: from the statuses kept. Its demands' records are
    ``encoded`` for an indented JSON document
    (:func:`simcli.store.statuses.fragment`), or plain data. An unknown theme raises
    :class:`simcli.UnknownName`, as the question does."""

    def ask(connection: sqlite3.Connection) -> list[dict[str, Any]] | None:
        from simcli.store import statuses

        wanted = None
        if themes:
            known = lookup(connection)
            wanted = list(dict.fromkeys(known.theme(name).id for name in themes))
        return statuses.unmet_groups(connection, wanted, day, encoded)

    return _asked(corpus_path, shown, progress, ask, day, seen=seen)


# --- demands -------------------------------------------------------------------------


def demand_records(
    corpus_path: Path,
    shown: str,
    day: dt.date,
    status: str | None = None,
    themes: Sequence[str] = (),
    targets: Sequence[str] = (),
    progress: Progress | None = None,
    encoded: bool = False,
    seen: Seen | None = None,
) -> Found[list[Any]] | None:
    """``simcli demands`` as of ``day``, of no organisation (``--status``, ``--theme``,
    ``--target``: any of the themes and targets named), as its JSON records: from the
    statuses kept (``encoded`` as :func:`unmet_records` says). An unknown theme or
    organisation raises :class:`simcli.UnknownName`, as the question does."""
    from simcli.analysis.status import STATUSES, UNMET
    from simcli.store.selection import ANSWERED

    if status is not None and status not in (*STATUSES, "unmet"):
        return None  # the question says what is wrong

    def ask(connection: sqlite3.Connection) -> list[Any] | None:
        from simcli.store import statuses

        known = lookup(connection) if themes or targets else None
        theme_ids = [known.theme(name).id for name in themes] if known else []
        target_ids = [known.org(name).id for name in targets] if known else []
        wanted = UNMET if status == "unmet" else (status,) if status else None
        return statuses.demand_records(
            connection, day, wanted, list(dict.fromkeys(theme_ids)),
            list(dict.fromkeys(target_ids)), encoded,
        )  # fmt: skip

    # a question that selects a few demands reads them from the index more quickly than
    # every status can be worked out: that is done for a question of them all
    selects = bool(themes or targets) or status in ANSWERED
    return _asked(corpus_path, shown, progress, ask, day, work_out=not selects, seen=seen)


# --- compare -------------------------------------------------------------------------


def compare_record(
    corpus_path: Path,
    shown: str,
    day: dt.date,
    orgs: Sequence[str],
    progress: Progress | None = None,
    seen: Seen | None = None,
) -> Found[dict[str, Any]] | None:
    """``simcli compare --org ...`` (two or more organisations, at most
    :data:`simcli.analysis.compare.MAX_COLUMNS`) as of ``day``, as its JSON record:
    which themes each raises, from the claims' organisations, themes and kinds (no
    status is needed). An unknown organisation raises :class:`simcli.UnknownName`."""

    def ask(connection: sqlite3.Connection) -> dict[str, Any] | None:
        from simcli.analysis.compare import MAX_COLUMNS

        known = lookup(connection)
        ids = list(dict.fromkeys(known.org(name).id for name in orgs))
        if not 2 <= len(ids) <= MAX_COLUMNS:
            return None  # the question says what is wrong
        return _comparison(connection, known, ids, day)

    return _asked(corpus_path, shown, progress, ask, seen=seen)


def _comparison(
    connection: sqlite3.Connection, known: Corpus, ids: list[str], day: dt.date
) -> dict[str, Any] | None:
    from simcli.analysis.compare import Column, Comparison, summarise
    from simcli.analysis.rows import ClaimRow

    connection.execute("CREATE TEMP TABLE named (org TEXT PRIMARY KEY)")
    connection.executemany("INSERT INTO named VALUES (?)", ((i,) for i in ids))
    when = day.isoformat()
    possibly = connection.execute(
        "SELECT 1 FROM statements AS s JOIN claims AS c ON c.statement = s.id"
        " WHERE s.org IN (SELECT org FROM named) AND c.kind = 'demand'"
        " AND s.earliest <= ? AND s.latest > ? LIMIT 1",
        (when, when),
    ).fetchone()
    if possibly:
        return None  # the answer names them, from the corpus
    # each organisation's claims certainly made by the day, and the demands of the
    # statements it endorses by then (analysis.rows.rows_by_org), in time order
    rows = connection.execute(
        "SELECT s.org, c.id, c.kind, s.position, c.position FROM statements AS s"
        " JOIN claims AS c ON c.statement = s.id WHERE s.org IN (SELECT org FROM named)"
        " AND s.earliest <= ?1 AND s.latest <= ?1"
        " UNION SELECT e.org, c.id, c.kind, s.position, c.position"
        " FROM statements AS e JOIN statement_endorsements AS se ON se.statement = e.id"
        " JOIN statements AS s ON s.id = se.endorses JOIN claims AS c ON c.statement = s.id"
        " WHERE e.org IN (SELECT org FROM named) AND e.latest <= ?1 AND s.org != e.org"
        " AND s.earliest <= ?1 AND s.latest <= ?1 AND c.kind = 'demand'"
        " ORDER BY 1, 4, 5",
        (when,),
    ).fetchall()
    themes_of: dict[str, list[str]] = {}
    for claim, theme in connection.execute(
        "SELECT t.claim, t.theme FROM claim_themes AS t JOIN claims AS c ON c.id = t.claim"
        " JOIN statements AS s ON s.id = c.statement WHERE s.id IN (SELECT s.id FROM"
        " statements AS s WHERE s.org IN (SELECT org FROM named) UNION SELECT se.endorses"
        " FROM statement_endorsements AS se JOIN statements AS e ON e.id = se.statement"
        " WHERE e.org IN (SELECT org FROM named))"
    ):
        themes_of.setdefault(claim, []).append(theme)
    # the cells as analysis.compare lays them out: theme -> column -> rows in time order
    cells: dict[str, dict[str, list[ClaimRow]]] = {}
    for org, claim, kind, _, _ in rows:
        row = cast(ClaimRow, _Row(_Claim(claim, kind)))
        for theme in themes_of.get(claim, ()):
            cells.setdefault(theme, {}).setdefault(org, []).append(row)
    columns = [Column(org, known.org(org).label) for org in ids]
    used = [t for t in known.themes if t.id in cells]
    matrix = {t.id: {c.id: cells[t.id].get(c.id, []) for c in columns} for t in used}
    comparison = Comparison("org", columns, used, matrix, [], {}, [], 0, day)
    summarise(comparison)
    return comparison.as_json()


class _Claim:
    __slots__ = ("id", "kind")

    def __init__(self, id: str, kind: str) -> None:
        self.id, self.kind = id, kind


class _Row:
    """A claim as a comparison's cell holds it, for its JSON: its id and kind alone."""

    __slots__ = ("claim", "via")

    def __init__(self, claim: Any) -> None:
        self.claim, self.via = claim, None
