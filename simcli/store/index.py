"""An index of a validated corpus in SQLite, so that a question about a few records
reads those records alone, and a changed file is read again alone.

``simcli demands --org X`` on a corpus of 100,000 statements needs X's
statements, what they endorse, the outcomes, and whatever the dates and
orderings tie to them: well under one per cent of the corpus. Loading and
validating all of it took seconds and gigabytes.

**Tables.** The index has the tables of ``simcli export --format sqlite``
(themes, organisations, statements, claims, outcomes, claim_themes and
statement_endorsements), made from their one definition in
:mod:`simcli.store.tables`. It fills the columns that a record's own file settles;
those that depend on other files or on a day (names of authors, derived dates,
statuses, counts across the corpus) are left empty. Beside them, the index's
own tables: ``files`` (each corpus file's size, modification and change times,
inode and content hash), ``records`` (each record's validated JSON, its file and
place there, and for statements and outcomes its *component*) and ``meta``.

**What a question reads** is closed under what its answer depends on: a
statement comes with every record an ordering ties it to (``after``,
``endorses``, an outcome's ``evidence``: its component), because a record's
possible days depend on them; every outcome comes, with its component. The
records keep the corpus's order. So the analysis runs unchanged on the part, and
its answer is the whole corpus's, byte for byte (tested in every format).
A question that needs the whole corpus reads every record from the index.

**Never stale.** Before anything is read, every corpus file is looked at (size,
modification and change times, inode). A file that looks as it did when indexed
is taken as it was; any other is hashed, and its content hash decides: the same
content (a ``touch``, a copy) only updates what the index remembers of the
file; new content, and that file alone is parsed and validated again, and its
rows replaced. A file added is read; a file removed takes its rows with it. The
checks across files (ids, references, orderings) then run again over the index
before the change is committed. A file changed within :data:`RACY_NS` of being
looked at may change again within the same tick of a coarse clock and look the
same: it is hashed again next time (git's "racily clean" rule).

**Plain files only.** A folder with a corpus file that is a symbolic link, a
folder, a pipe or a name that is not text is loaded as without an index (the
loader says what it makes of each): the look of a link says nothing of where it
leads (:func:`simcli.store.looks.fingerprint`).

**One file at a time.** A folder is indexed file by file, so the first run holds
one file's records at a time, plus the few fields the checks across files need
(many files are read by worker processes, a few chunks at a time, while this one
writes their rows: :mod:`simcli.store.parse_pool`).
A corpus with a problem is not indexed: it is loaded as without an index, which
reports every problem exactly as ``simcli check`` does.

**Whole or not at all.** A new index is built in a temporary file and renamed
into place; an update is one SQLite transaction. A reader never sees half of
one, and a run that finds another updating the index answers without it. An
index that cannot be read (cut short, foreign, of another build) is rebuilt
without a word; one that is not a regular file of this user, writable by no one
else, in a cache folder of the same kind, is never opened (:mod:`simcli.store.cache`);
a cache folder that cannot be written leaves the answer uncached.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import sqlite3
import stat
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from simcli.analysis.chronology import Chronology
from simcli.model.corpus import Corpus
from simcli.model.diagnostics import CorpusError
from simcli.model.schema import (
    CorpusData,
    CorpusFragment,
)
from simcli.store.atomic import build_atomically
from simcli.store.build import build_id
from simcli.store.cache import cache_dir, digest, trusted_file, usable_dir
from simcli.store.index_read import (
    SECTIONS,
    TimedRecords,
    Whole,
    read_index,
    read_timed,
)
from simcli.store.looks import Look, Seen
from simcli.store.parse_pool import FileRead, Rows, file_rows, read_files
from simcli.store.selection import Selection
from simcli.store.stale import Stale
from simcli.store.tables import row_maker, table, table_sql

FORMAT = "4"  # the index's own layout; with simcli's build id, in its name and checked
INDEXES = 4  # indexes kept (the least recently used go first): a large one is large
_INDEX_NAME = re.compile(r"simcli-index-[0-9A-Za-z.+_-]+-[0-9a-f]{64}\.sqlite")
_PREFIX = ".simcli-tmp-"  # a new index is built under such a name, then renamed
_TEMPORARY = re.compile(r"\.simcli-tmp-[0-9A-Za-z_]+\.sqlite")
#: the export's tables that the index has too (simcli.store.tables defines them)
SHARED = (
    "themes",
    "organisations",
    "statements",
    "claims",
    "outcomes",
    "claim_themes",
    "statement_endorsements",
)
_OWN = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT);
CREATE TABLE files (name TEXT PRIMARY KEY, ord INTEGER, size INTEGER, mtime_ns INTEGER,
                    ctime_ns INTEGER, inode INTEGER, hash TEXT, title TEXT, description TEXT);
CREATE TABLE records (section TEXT NOT NULL, file TEXT NOT NULL, local INTEGER NOT NULL,
                      id TEXT, component INTEGER, record TEXT,
                      PRIMARY KEY (section, file, local));
CREATE TABLE unmet_answers (theme TEXT PRIMARY KEY, open_from TEXT);
CREATE TABLE unmet_parts (theme TEXT NOT NULL, part INTEGER NOT NULL, demands TEXT,
                          opens TEXT, PRIMARY KEY (theme, part));
CREATE TABLE claim_answers (id TEXT PRIMARY KEY, made INTEGER, status TEXT, answer TEXT,
                            open_from TEXT, valid_from TEXT, valid_to TEXT, outcome TEXT);
CREATE TABLE stale_themes (theme TEXT PRIMARY KEY);
"""
#: made once a new index's rows are in (faster than keeping them up to date row by row)
_INDEXES = """
CREATE INDEX records_file ON records (file);
CREATE INDEX records_id ON records (id);
CREATE INDEX records_component ON records (section, component);
CREATE INDEX statements_org ON statements (org);
CREATE INDEX claims_statement ON claims (statement);
CREATE INDEX claims_target ON claims (target);
CREATE INDEX claim_themes_theme ON claim_themes (theme);
"""
BATCH = 500  # files whose rows are written together
CACHE_KIB = 32 * 1024  # SQLite's page cache while the index is written
_RECORD_IDS = "SELECT id FROM statements UNION SELECT id FROM outcomes"
_AFTER = (
    "SELECT s.id, a.value FROM statements AS s, json_each(s.after) AS a"
    " UNION ALL SELECT o.id, a.value FROM outcomes AS o, json_each(o.after) AS a"
)
#: queries that find a record that fails a check across files, if there is one (the
#: rules of simcli.read.validate's integrity checks; a duplicate id within a table is
#: refused by its primary key as it is written)
ACROSS_FILES = (
    # R001: statements, claims and outcomes share one namespace
    "SELECT 1 FROM claims WHERE id IN (SELECT id FROM statements UNION ALL"
    " SELECT id FROM outcomes)",
    "SELECT 1 FROM statements WHERE id IN (SELECT id FROM outcomes)",
    # R002: references that do not resolve; R004: a statement that endorses itself
    "SELECT 1 FROM statements WHERE org NOT IN (SELECT id FROM organisations)",
    "SELECT 1 FROM statement_endorsements WHERE statement = endorses"
    " OR endorses NOT IN (SELECT id FROM statements)",
    "SELECT 1 FROM claim_themes WHERE theme NOT IN (SELECT id FROM themes)",
    "SELECT 1 FROM claims WHERE target NOT IN (SELECT id FROM organisations)",
    # R007: a demand made of no one
    "SELECT 1 FROM claims WHERE kind = 'demand' AND target IS NULL",
    # R002, R004: after
    f"WITH a (later, earlier) AS ({_AFTER}) SELECT 1 FROM a WHERE earlier = later"
    f" OR earlier NOT IN ({_RECORD_IDS})",
    "SELECT 1 FROM outcomes WHERE actor NOT IN (SELECT id FROM organisations)",
    "SELECT 1 FROM outcomes AS o, json_each(o.evidence) AS e"
    " WHERE json_extract(e.value, '$.statement') NOT IN (SELECT id FROM statements)",
    "SELECT 1 FROM outcomes AS o, json_each(o.effects) AS f"
    " WHERE json_extract(f.value, '$.theme') NOT IN (SELECT id FROM themes)",
    "SELECT 1 FROM outcomes AS o, json_each(o.effects) AS f,"
    " json_each(f.value, '$.orgs') AS g WHERE g.value NOT IN (SELECT id FROM organisations)",
    # R002, R006: an effect's claims exist and have its theme
    "SELECT 1 FROM outcomes AS o, json_each(o.effects) AS f,"
    " json_each(f.value, '$.claims') AS c WHERE NOT EXISTS (SELECT 1 FROM claim_themes"
    " WHERE claim = c.value AND theme = json_extract(f.value, '$.theme'))",
)
BUSY_MS = 5_000  # how long a run waits for another run's update of the index to end

Progress = Callable[[int, int], None]


def index_path(corpus_path: Path) -> Path:
    """Where the index of the corpus at ``corpus_path`` is kept."""
    key = digest(os.fsencode(os.path.abspath(corpus_path)))
    return cache_dir() / f"simcli-index-{build_id()}-{FORMAT}-{key}.sqlite"


# --- using the index -----------------------------------------------------------------


class Unusable(Exception):
    """The index cannot answer this time: load the corpus as without one."""


def load(
    corpus_path: Path,
    shown: str,
    selection: Selection | None,
    seen: Seen,
    progress: Progress | None = None,
) -> Corpus:
    """The corpus, or the part of it a question with ``selection`` needs, read from
    the index, which is first brought up to date with the files as ``seen``.

    Raises :class:`Unusable` when the index cannot be used this time (a corpus with
    a problem, another run updating the index, a cache that cannot be written): the
    caller then loads the corpus as without an index. A one-file corpus that changed
    is loaded whole to update its index, and returned as it is."""
    connection = _open_current(corpus_path, seen)
    if connection is None:
        connection, loaded = _update(corpus_path, shown, seen, progress)
        if loaded is not None:
            connection.close()
            return loaded
    return _read(connection, corpus_path, shown, selection)


def current(
    corpus_path: Path, shown: str, seen: Seen, progress: Progress | None = None
) -> sqlite3.Connection:
    """The index, brought up to date with the files as ``seen``, open to read in one
    snapshot (for the answers the store derives itself: :mod:`simcli.store.derived`).
    Raises :class:`Unusable` as :func:`load` does."""
    connection = _open_current(corpus_path, seen)
    if connection is None:
        connection, _ = _update(corpus_path, shown, seen, progress)
    return connection


def if_current(corpus_path: Path, seen: Seen) -> sqlite3.Connection | None:
    """The index, open to read (one snapshot), if it is already of the files as
    ``seen``; ``None`` otherwise (nothing is brought up to date)."""
    return _open_current(corpus_path, seen)


def meta(connection: sqlite3.Connection, key: str) -> str | None:
    """What the index's ``meta`` table records under ``key``."""
    return _meta(connection, key)


def writable(corpus_path: Path, seen: Seen) -> sqlite3.Connection:
    """The index, to write what is worked out from it (:mod:`simcli.store.statuses`), in
    a transaction begun: whole, of this simcli, and of the files as ``seen``. Raises
    :class:`Unusable` otherwise, or when another run is writing it."""
    path = index_path(corpus_path)
    if not trusted_file(path):
        raise Unusable
    try:
        connection = sqlite3.connect(path, isolation_level=None, timeout=BUSY_MS / 1000)
    except sqlite3.Error:
        raise Unusable from None
    try:
        connection.execute("BEGIN IMMEDIATE")
        looks = seen.digest()
        if not (_ours(connection) and _of_files(connection, seen, looks)):
            raise Unusable
    except (sqlite3.Error, Unusable):
        connection.close()
        raise Unusable from None
    return connection


def _of_files(connection: sqlite3.Connection, seen: Seen, looks: str) -> bool:
    """Whether the index is of the files as ``seen``: their looks at a glance, or, when
    a file may change again unseen (``looks`` empty: racy, see
    :meth:`simcli.store.looks.Seen.racy`), as this run's update left it (each file's look
    remembered, the change time of one that was racy left out)."""
    if looks:
        return _meta(connection, "looks") == looks
    known = {
        name: (size, mtime, ctime, inode)
        for name, size, mtime, ctime, inode in connection.execute(
            "SELECT name, size, mtime_ns, ctime_ns, inode FROM files"
        )
    }
    if known.keys() != seen.files.keys():
        return False
    for name, look in seen.files.items():
        size, mtime, ctime, inode = known[name]
        if (size, mtime, inode) != (look[0], look[1], look[3]) or ctime not in (look[2], -1):
            return False
    return True


def _read(
    connection: sqlite3.Connection, corpus_path: Path, shown: str, selection: Selection | None
) -> Corpus:
    try:
        try:
            return read_index(connection, corpus_path, shown, selection)
        except Whole:  # an id of no record: the whole corpus names the closest
            return read_index(connection, corpus_path, shown, None)
    except (sqlite3.Error, ValueError, KeyError) as exc:  # cut short under us, say
        raise Unusable from exc
    finally:
        connection.close()


def _open_current(corpus_path: Path, seen: Seen) -> sqlite3.Connection | None:
    """The index, read-only, if it is whole, of this simcli, and of the files as they
    are now."""
    path = index_path(corpus_path)
    if not trusted_file(path):  # none, or one that someone else could have written
        return None
    try:
        connection = sqlite3.connect(
            f"{path.absolute().as_uri()}?mode=ro", uri=True, timeout=BUSY_MS / 1000
        )
    except sqlite3.Error:
        return None
    try:
        connection.execute("BEGIN")  # one snapshot for the check and the read
        looks = seen.digest()
        if not (_ours(connection) and looks and _meta(connection, "looks") == looks):
            raise sqlite3.DatabaseError("not current")
    except sqlite3.Error:
        connection.close()
        return None
    with contextlib.suppress(OSError):
        os.utime(path)  # recently used: kept longest
    return connection


def _meta(connection: sqlite3.Connection, key: str) -> str | None:
    row = connection.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
    return None if row is None else str(row[0])


def _ours(connection: sqlite3.Connection) -> bool:
    meta = dict(connection.execute("SELECT key, value FROM meta").fetchall())
    return (meta.get("format"), meta.get("version"), meta.get("complete")) == (
        FORMAT,
        build_id(),
        "1",
    )


# --- updating ------------------------------------------------------------------------


def _update(
    corpus_path: Path, shown: str, seen: Seen, progress: Progress | None
) -> tuple[sqlite3.Connection, Corpus | None]:
    """Bring the index up to date, or make it; the index, open to read what was
    committed, and the corpus when it had to be loaded whole (a one-file corpus)."""
    target = index_path(corpus_path)
    if usable_dir() is None:
        raise Unusable
    try:
        connection = _open_for_update(target)
    except (OSError, sqlite3.Error):
        raise Unusable from None
    if connection is not None:
        return _fill(_Updater(connection, corpus_path, shown, seen, progress, fresh=False))
    made: list[tuple[sqlite3.Connection, Corpus | None]] = []

    def build(fresh: Path) -> None:  # a new index, put in place whole (store.atomic)
        updater = _Updater(_new(fresh), corpus_path, shown, seen, progress, fresh=True)
        made.append(_fill(updater))

    try:
        build_atomically(
            target, build, force=True, mode=0o600, sync=False, prefix=_PREFIX, suffix=".sqlite"
        )
    except (OSError, ValueError, sqlite3.Error):
        if made:
            made[0][0].close()
        raise Unusable from None
    evict_indexes()
    return made[0]


def _fill(updater: _Updater) -> tuple[sqlite3.Connection, Corpus | None]:
    """Read the files that changed into the index, in one transaction; closed on
    failure (an error that is not the corpus's own: :class:`Unusable`)."""
    connection = updater.db
    try:
        try:  # another run updating it: answer without
            connection.execute("BEGIN" if updater.fresh else "BEGIN IMMEDIATE")
        except sqlite3.OperationalError:
            raise Unusable from None
        connection.execute(f"PRAGMA cache_size = -{CACHE_KIB}")
        loaded = updater.single() if not os.path.isdir(updater.path) else updater.folder()
        connection.execute("COMMIT")
        connection.execute("BEGIN")  # what was committed, whatever another run does next
    except BaseException as exc:
        connection.close()
        if isinstance(exc, Exception) and not isinstance(exc, (CorpusError, Unusable)):
            raise Unusable from exc  # whatever it is, the loader without an index decides
        raise
    return connection, loaded


def _open_for_update(target: Path) -> sqlite3.Connection | None:
    """The index to update in place, or ``None``: none yet, or one that is not ours or
    cannot be read (cut short, foreign, another version), which is removed."""
    if not os.path.lexists(target):
        return None
    if not trusted_file(target):  # a link, or writable by another: never opened
        with contextlib.suppress(OSError):
            target.unlink()
        return None
    try:
        connection = sqlite3.connect(target, isolation_level=None, timeout=BUSY_MS / 1000)
    except sqlite3.Error:
        return None
    try:
        if _ours(connection):
            return connection
    except sqlite3.Error:
        pass
    connection.close()
    with contextlib.suppress(OSError):
        target.unlink()
    return None


def _new(fresh: Path) -> sqlite3.Connection:
    """An empty index in ``fresh``, the temporary file that becomes the index when it
    is whole (owner-only from the start; SQLite fills the empty file)."""
    connection = sqlite3.connect(fresh, isolation_level=None)
    connection.executescript(
        "PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF;"
        + "\n".join(table_sql(table(shared)) for shared in SHARED)
        + table_sql(table("unmet_themes"))
        + _OWN
    )
    meta = {"format": FORMAT, "version": build_id(), "complete": "1"}
    connection.executemany("INSERT INTO meta VALUES (?, ?)", meta.items())
    return connection


class _Updater:
    """One update of an index: the files that changed read again, one at a time."""

    def __init__(
        self,
        connection: sqlite3.Connection,
        corpus_path: Path,
        shown: str,
        seen: Seen,
        progress: Progress | None,
        fresh: bool,
    ) -> None:
        self.db, self.path, self.shown, self.seen = connection, corpus_path, shown, seen
        self.fresh = fresh  # a new index: its indexes are made once its rows are in
        self.progress = progress
        self.rows = {name: row_maker(table(name)) for name in SHARED}
        tables = ("records", "files", *SHARED)
        self.pending: dict[str, list[tuple[Any, ...]]] = {t: [] for t in tables}
        self.batched = 0
        self.stale = Stale(connection, ())  # what the update makes stale (store.stale)
        self.known = {
            name: (size, mtime, ctime, inode, hash)
            for name, size, mtime, ctime, inode, hash in connection.execute(
                "SELECT name, size, mtime_ns, ctime_ns, inode, hash FROM files"
            )
        }

    def folder(self) -> Corpus | None:
        """A folder: the files that changed read again (by worker processes while
        this one writes their rows, when there are many: :mod:`simcli.store.parse_pool`)."""
        names = sorted(self.seen.files)  # the folder loader's order
        fresh = self.fresh
        # which files changed: those that look other than they did, and whose content
        # hash (streamed: a file is not held whole for it) says they are not the same
        changed: list[str] = []
        indexed = set(self.known)
        for name in names:
            look = self.seen.files[name]
            known = self.known.pop(name, None)
            if known is not None and known[:4] == look:
                continue
            if known is not None and _file_hash(self.path / name) == known[4]:
                self._remember(name, look, known[4], None)  # touched, copied: the same
            else:
                changed.append(name)
        removed = list(self.known)
        place = {name: n for n, name in enumerate(names)}  # each file's place in that order
        self.stale = Stale(self.db, [*changed, *removed])
        if fresh:
            self.stale.everything = True
        else:  # what their records are tied to, while their rows are here
            self.stale.before()
        for name in [*changed, *removed]:  # all forgotten first: a record may move files
            if name in indexed:
                self._forget(name)
        self.db.executemany("DELETE FROM files WHERE name = ?", ((name,) for name in removed))
        # each a plain file, as it was looked at (never a link: see fingerprint); a file
        # with any problem is the loader's to report, as check does
        with read_files(self.path, changed, self.rows) as files:
            for n, (name, read) in enumerate(zip(changed, files, strict=True)):
                if self.progress is not None:
                    self.progress(n + 1, len(changed))
                if read is None:
                    raise Unusable
                self._insert(name, read.rows)
                self._remember(name, self.seen.files[name], read.hash, read, place[name])
        self._all_written()
        if not fresh and (removed or any(name not in indexed for name in changed)):
            # files added or removed: the others' places in the folder's order move
            self.db.executemany(
                "UPDATE files SET ord = ? WHERE name = ?",
                ((n, name) for n, name in enumerate(names)),
            )
        if changed or removed:
            self._check_across_files()
            self._finish()
        self._looks()
        return None

    def single(self) -> Corpus | None:
        """A one-file corpus: read whole (through the corpus cache) when it changed."""
        from simcli.store.whole import read_whole  # the loader: its cache and its checks

        ((name, look),) = self.seen.files.items()
        known = self.known.pop(name, None)
        if known is not None and known[:4] == look:
            self._looks()
            return None
        corpus = read_whole(self.path, self.shown, "on")
        self.stale = Stale(self.db, [name, *self.known])
        self.stale.everything = True  # the one file has it all
        for old in [name, *self.known]:
            self._forget(old)
            self.db.execute("DELETE FROM files WHERE name = ?", (old,))
        self._insert(name, corpus.data)
        self._remember(name, look, "", corpus.data, 0)
        self._all_written()
        self._finish()
        self._looks()
        return corpus

    def _looks(self) -> None:
        """How the files looked, for the next run to compare at a glance."""
        self.db.execute("INSERT OR REPLACE INTO meta VALUES ('looks', ?)", (self.seen.digest(),))

    def _remember(
        self,
        name: str,
        look: Look,
        hash: str,
        fragment: CorpusFragment | CorpusData | FileRead | None,
        ord: int = 0,
    ) -> None:
        """What the index remembers of a file: how it looked, its content hash, and
        (read again: ``fragment``) its title and place in the folder's order, written
        with the file's rows."""
        if self.seen.racy(look):  # it may change again unseen: hash it next time
            look = (look[0], look[1], -1, look[3])
        if fragment is None:
            self.db.execute(
                "UPDATE files SET size = ?, mtime_ns = ?, ctime_ns = ?, inode = ? WHERE name = ?",
                (*look, name),
            )
            return
        self.pending["files"].append((name, ord, *look, hash, fragment.title, fragment.description))

    def _forget(self, name: str) -> None:
        """Every row the file contributed."""
        db = self.db
        mine = "SELECT id FROM records WHERE section = 'statements' AND file = ?"
        db.execute(
            "DELETE FROM claim_themes WHERE claim IN"
            f" (SELECT id FROM claims WHERE statement IN ({mine}))",
            (name,),
        )
        db.execute(f"DELETE FROM statement_endorsements WHERE statement IN ({mine})", (name,))
        db.execute(f"DELETE FROM claims WHERE statement IN ({mine})", (name,))
        for section in SECTIONS:
            db.execute(
                f"DELETE FROM [{section}] WHERE id IN"
                " (SELECT id FROM records WHERE section = ? AND file = ?)",
                (section, name),
            )
        db.execute("DELETE FROM records WHERE file = ?", (name,))

    def _insert(self, name: str, records: CorpusFragment | CorpusData | Rows) -> None:
        """The file's records (or their rows, :func:`simcli.store.parse_pool.file_rows`):
        as JSON, and in the export's tables (written in batches, so that a folder's
        first run holds a few files' rows at a time)."""
        rows = records if isinstance(records, dict) else file_rows(name, records, self.rows)
        for name_of_table, more in rows.items():
            self.pending[name_of_table] += more
        self.batched += 1
        if self.batched >= BATCH:
            self._flush()

    def _flush(self) -> None:
        for name, rows in self.pending.items():
            if rows:
                marks = ", ".join("?" for _ in rows[0])
                # a file read again replaces its row; a record's id is refused twice
                verb = "INSERT OR REPLACE" if name == "files" else "INSERT"
                self.db.executemany(f"{verb} INTO [{name}] VALUES ({marks})", rows)
                rows.clear()
        self.batched = 0

    def _all_written(self) -> None:
        """The rows are in: a new index gets its indexes."""
        self._flush()
        if self.fresh:
            for statement in _INDEXES.split(";"):
                if statement.strip():
                    self.db.execute(statement)
            self.fresh = False

    def _check_across_files(self) -> None:
        """Whether the folder passes the checks across files of the folder loader (ids
        unique, references resolved, orderings without a circle): any problem, and the
        loader is left to report it, exactly as ``simcli check`` does. Asked of the
        index, so that a large folder is never held whole for it; a test holds these
        queries to :func:`simcli.read.validate.integrity_problems`'s verdict."""
        db = self.db
        if any(db.execute(sql).fetchone() for sql in ACROSS_FILES):
            raise Unusable
        edges: dict[str, list[str]] = {}
        for later, earlier in db.execute(_AFTER):
            edges.setdefault(later, []).append(earlier)
        if _has_circle(edges):
            raise Unusable
        owner: dict[str, str] = {}
        for org, name, short, aliases in db.execute(
            "SELECT id, name, short, aliases FROM organisations"
        ):
            for other in (org, name, short, *json.loads(aliases)):
                if other is not None and owner.setdefault(other.casefold(), org) != org:
                    raise Unusable

    def _finish(self) -> None:
        """What depends on the whole corpus: components, contradictions, title."""
        corpus = read_timed(self.db)  # dates and orderings alone
        time = Chronology(corpus)
        component = _components(corpus, time)
        rows = self.db.execute(
            "SELECT rowid, id FROM records WHERE section IN ('statements', 'outcomes')"
        ).fetchall()
        self.db.executemany(
            "UPDATE records SET component = ? WHERE rowid = ?",
            ((component[id], rowid) for rowid, id in rows),
        )
        # the days each can have happened on (the export's columns), for a timeline, and
        # its place in time order (statements.position: the order of every answer's rows)
        for section, records in (("statements", corpus.statements), ("outcomes", corpus.outcomes)):
            ranks = {id: n for n, id in enumerate(sorted((r.id for r in records),
                                                         key=time.sort_key))}  # fmt: skip
            self.db.executemany(
                f"UPDATE [{section}] SET earliest = ?, latest = ?, position = ? WHERE id = ?",
                (
                    (time.earliest(r.id).isoformat(), time.latest(r.id).isoformat(), ranks[r.id],
                     r.id)
                    for r in records
                ),
            )  # fmt: skip
        # statuses the change can affect: worked out again when next asked for
        self.stale.mark(component)
        about = self.db.execute(
            "SELECT (SELECT title FROM files WHERE title IS NOT NULL ORDER BY ord LIMIT 1),"
            " (SELECT description FROM files WHERE description IS NOT NULL ORDER BY ord LIMIT 1)"
        ).fetchone()
        meta = {
            "contradicted": "\n".join(time.contradicted()),
            "title": about[0],
            "description": about[1],
        }
        self.db.executemany("INSERT OR REPLACE INTO meta VALUES (?, ?)", meta.items())
        # the query planner's statistics (a sample: quick), so that it picks the indexes
        self.db.execute("PRAGMA analysis_limit = 400")
        self.db.execute("ANALYZE")


def _file_hash(path: Path) -> str:
    """A plain file's content hash (the cache's), read a MiB at a time; anything else
    (replaced by a link, a pipe or a folder since it was looked at) is the loader's."""
    hasher = hashlib.sha256()
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOFOLLOW", 0)
    try:
        fd = os.open(path, flags)
        try:
            if not stat.S_ISREG(os.fstat(fd).st_mode):
                raise Unusable
            while chunk := os.read(fd, 1 << 20):
                hasher.update(chunk)
        finally:
            os.close(fd)
    except OSError:
        raise Unusable from None
    return hasher.hexdigest()


def _has_circle(edges: dict[str, list[str]]) -> bool:
    """Whether the orderings go round in a circle (a after b after ... after a)."""
    state: dict[str, int] = {}  # 1 on the current path, 2 done
    for start in edges:
        if state.get(start):
            continue
        stack = [(start, iter(edges.get(start, ())))]
        state[start] = 1
        while stack:
            node, nexts = stack[-1]
            other = next(nexts, None)
            if other is None:
                state[node] = 2
                stack.pop()
            elif state.get(other) == 1:
                return True
            elif not state.get(other):
                state[other] = 1
                stack.append((other, iter(edges.get(other, ()))))
    return False


def _components(corpus: TimedRecords, time: Chronology) -> dict[str, int]:
    """Each statement's and outcome's component: the records orderings tie together."""
    parent: dict[str, str] = {}

    def find(node: str) -> str:
        root = node
        while parent.get(root, root) != root:
            root = parent[root]
        while parent.get(node, node) != root:  # path compression
            parent[node], node = root, parent[node]
        return root

    for ordering in time.orderings:
        a, b = find(ordering.later), find(ordering.earlier)
        if a != b:
            parent[a] = b
    ids = [s.id for s in corpus.statements] + [o.id for o in corpus.outcomes]
    numbers: dict[str, int] = {}
    return {record: numbers.setdefault(find(record), len(numbers)) for record in ids}


def evict_indexes(keep: int = INDEXES) -> None:
    """Delete all but the ``keep`` most recently used indexes (of any corpus or
    simcli version), each with its journal, and temporary files of a build cut short
    (untouched for an hour: a build writes to its file as it goes). Only files
    named as simcli names them and that are SQLite databases (or empty) are ever
    deleted."""
    folder = usable_dir()
    if folder is None:
        return
    try:
        entries = [e for e in os.scandir(folder) if e.is_file(follow_symlinks=False)]
        found = sorted((e.stat(follow_symlinks=False).st_mtime, e.path) for e in entries
                       if _INDEX_NAME.fullmatch(e.name))  # fmt: skip
        stale = [e.path for e in entries if _TEMPORARY.fullmatch(e.name)
                 and e.stat(follow_symlinks=False).st_mtime < time.time() - 3600]  # fmt: skip
    except OSError:
        return
    for path in [p for _, p in found[: max(len(found) - keep, 0)]] + stale:
        with contextlib.suppress(OSError), open(path, "rb") as handle:
            if handle.read(16) not in (b"SQLite format 3\x00", b""):
                continue  # not ours after all: left alone
        for doomed in (path, path + "-journal"):
            with contextlib.suppress(OSError):
                os.unlink(doomed)
