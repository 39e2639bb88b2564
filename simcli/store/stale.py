"""What a change to a corpus's files makes stale of the statuses the index keeps
(:mod:`simcli.store.statuses`): the rest stands, and is not worked out again.

A demand's status and row depend on its statement's possible days, on the orderings
that tie its statement to outcomes, and on the outcomes' effects on its themes; an
unmet theme's group, on its demands and the outcomes on it. The records a change
touches are those of the changed files (edited, added or removed) that are not as they
were, at the same place in the same file (a record moved is touched: the order of
records with the same days is their file order). A change makes stale:

- every statement and outcome an ordering ties to a touched record (its *component*),
  as it was before the change and as it is after: their possible days and orderings
  can have moved;
- the statements a touched statement endorses, before and after (their rows name
  who endorses them, in file order);
- the themes of those statements' claims and of those outcomes' effects, before and
  after: their groups, and every demand on them (an outcome answers, or stands as
  context beside, any demand on a theme it acts on, whoever it acts on);
- everything, when a theme or an organisation is touched: names and labels are in
  every row.

:class:`Stale` takes what the index says before the change (:meth:`Stale.before`, while
the files' old rows are there; kept in temporary tables, not in memory) and after it
(:meth:`Stale.mark`, once the components are worked out again), and marks the result
in the index.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Mapping

#: the tables of statuses kept (:mod:`simcli.store.statuses`)
KEPT = ("unmet_themes", "unmet_answers", "unmet_parts", "claim_answers", "stale_themes")
_TIMED = "('statements', 'outcomes')"
#: the records of the changed files that are not as they were (section, id)
_TOUCHED = (
    "SELECT o.section, o.id FROM old_records AS o LEFT JOIN records AS r"
    " ON r.section = o.section AND r.id = o.id WHERE r.id IS NULL OR r.file != o.file"
    " OR r.local != o.local OR r.record != o.record"
    " UNION SELECT r.section, r.id FROM records AS r WHERE r.file IN (SELECT name FROM"
    " stale_files) AND NOT EXISTS (SELECT 1 FROM old_records AS o WHERE o.section ="
    " r.section AND o.id = r.id AND o.file = r.file AND o.local = r.local"
    " AND o.record = r.record)"
)
#: the statements and outcomes whose possible days are not what they were
_MOVED = (
    "SELECT n.id FROM (SELECT id, earliest, latest FROM statements UNION ALL"
    " SELECT id, earliest, latest FROM outcomes) AS n LEFT JOIN old_days AS o"
    " ON o.id = n.id WHERE o.id IS NULL OR o.earliest IS NOT n.earliest"
    " OR o.latest IS NOT n.latest"
)
_OLD_COMPONENT = f"SELECT component FROM old_records WHERE section IN {_TIMED} AND id IN ({{ids}})"
_OLD_MEMBERS = "SELECT id FROM old_tied WHERE component IN ({ids})"
#: the themes of the records in ``{ids}`` (statements' claims, outcomes' effects)
_THEMES = (
    "SELECT c.statement, t.theme FROM claims AS c JOIN claim_themes AS t ON t.claim = c.id"
    " WHERE c.statement IN ({ids}) UNION SELECT o.id, json_extract(f.value, '$.theme')"
    " FROM outcomes AS o, json_each(o.effects) AS f WHERE o.id IN ({ids})"
)


class Stale:
    """What one update of an index makes stale (see the module's docs)."""

    def __init__(self, db: sqlite3.Connection, files: Iterable[str]) -> None:
        self.db = db
        self.files = list(dict.fromkeys(files))
        self.everything = False
        self._read: dict[tuple[str, str], tuple[object, ...]] = {}  # see _orderings

    def before(self) -> None:
        """The changed files' records, what orderings tie them to, and the themes of
        those, as they are before the change."""
        db = self.db
        for sql in (
            "CREATE TEMP TABLE stale_files (name TEXT PRIMARY KEY)",
            "CREATE TEMP TABLE old_records AS SELECT section, id, file, local, record,"
            " component FROM records WHERE 0",
            "CREATE TEMP TABLE old_tied (id TEXT, section TEXT, component INTEGER)",
            "CREATE TEMP TABLE old_themes (id TEXT, theme TEXT)",
            "CREATE TEMP TABLE old_days AS SELECT id, earliest, latest FROM statements"
            " UNION ALL SELECT id, earliest, latest FROM outcomes",
        ):
            db.execute(sql)
        db.executemany("INSERT INTO stale_files VALUES (?)", ((f,) for f in self.files))
        db.execute(
            "INSERT INTO old_records SELECT section, id, file, local, record, component"
            " FROM records WHERE file IN (SELECT name FROM stale_files)"
        )
        db.execute(
            f"INSERT INTO old_tied SELECT id, section, component FROM records WHERE section IN"
            f" {_TIMED} AND component IN (SELECT component FROM old_records)"
        )
        db.execute("INSERT INTO old_themes " + _THEMES.format(ids="SELECT id FROM old_tied"))

    def mark(self, component: Mapping[str, int]) -> None:
        """The records touched, what they are tied to after the change (``component``:
        each statement's and outcome's, as worked out again), and the mark in the
        index: the rows of stale demands and groups go; the themes are listed stale."""
        db = self.db
        touched: list[tuple[str, str]] = []
        if not self.everything:
            touched = db.execute(_TOUCHED).fetchall()
            self.everything = any(s in ("themes", "organisations") for s, _ in touched)
        db.execute("DELETE FROM meta WHERE key IN ('status_from', 'status_to')")
        if self.everything:
            for kept in KEPT:
                db.execute(f"DELETE FROM [{kept}]")
            return
        stale = {id for _, id in touched}
        # an ordering changed, or days moved: what they tie together is stale, as it was
        # and as it is (where nothing moved, a record touched is stale alone)
        reordered = [id for id in stale if self._orderings(id, "old") != self._orderings(id, "new")]
        # a statement's rows name who endorses it, in file order: what a touched
        # statement endorses (as it was and is) is stale too
        stale.update(i for id in list(stale) for w in ("old", "new") for i in self._endorses(id, w))
        moved = [id for (id,) in db.execute(_MOVED)]
        was = {c for (c,) in db.execute(_OLD_COMPONENT.format(ids=_values(reordered)), reordered)}
        stale.update(id for (id,) in db.execute(_OLD_MEMBERS.format(ids=_values(was)), list(was)))
        now = {component[id] for id in [*reordered, *moved] if id in component}
        stale.update(id for id, c in component.items() if c in now)
        db.execute("CREATE TEMP TABLE touched (id TEXT PRIMARY KEY)")
        db.executemany("INSERT INTO touched VALUES (?)", ((i,) for i in stale))
        themes = {t for (t,) in db.execute("SELECT theme FROM old_themes WHERE id IN"
                                           " (SELECT id FROM touched)")}  # fmt: skip
        themes.update(t for _, t in db.execute(_THEMES.format(ids="SELECT id FROM touched")))
        db.executemany("INSERT OR IGNORE INTO stale_themes VALUES (?)",
                       ((t,) for t in themes if t is not None))  # fmt: skip
        db.execute(
            "DELETE FROM claim_answers WHERE id NOT IN (SELECT id FROM claims)"
            " OR id IN (SELECT id FROM claims WHERE statement IN (SELECT id FROM touched))"
            " OR id IN (SELECT claim FROM claim_themes WHERE theme IN"
            " (SELECT theme FROM stale_themes))"
        )

    def _endorses(self, id: str, when: str) -> list[str]:
        """What a statement endorses, as its record was (``old``) or is (``new``)."""
        found = self._orderings(id, when)
        endorses = found[1] if found else None
        return [str(i) for i in endorses] if isinstance(endorses, list) else []

    def _orderings(self, id: str, when: str) -> tuple[object, ...]:
        """What a statement or outcome is ordered by (``after``, ``endorses``, an
        outcome's ``evidence``), as its record was (``old``) or is (``new``): read once."""
        found = self._read.get((id, when))
        if found is None:
            found = self._read[(id, when)] = self._ordered_by(id, when)
        return found

    def _ordered_by(self, id: str, when: str) -> tuple[object, ...]:
        table = "old_records" if when == "old" else "records"
        row = self.db.execute(
            f"SELECT record FROM [{table}] WHERE section IN {_TIMED} AND id = ?", (id,)
        ).fetchone()
        if row is None:
            return ()
        record = json.loads(row[0])
        evidence = [e.get("statement") for e in record.get("evidence", ())]
        return (record.get("after"), record.get("endorses"), evidence)


def _values(ids: Iterable[object]) -> str:
    return ", ".join("?" for _ in ids)
