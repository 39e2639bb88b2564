"""An index of a validated corpus in SQLite, so that a question about a few records
reads those records alone.

``simcli demands --org X`` on a corpus of 100,000 statements needs X's
statements, what they endorse, the outcomes, and whatever the dates and
orderings tie to them: well under one per cent of the corpus. Loading and
validating all of it took seconds and gigabytes. The index keeps each validated
statement as JSON in an SQLite database in the cache folder, with the keys a
question selects by (author, endorsements, targets, themes), and the parts of
the corpus every answer needs (themes, organisations, outcomes) whole.

What a question reads is closed under what its answer depends on: a statement
comes with every record an ordering ties it to (``after``, ``endorses``, an
outcome's ``evidence``: its *component*), because a record's possible days
depend on them; every outcome comes, with its component. The records keep their
file order. So the analysis runs unchanged on the part, and its answer is the
answer on the whole, byte for byte (tested in every format).

Never a stale answer: the index records, for the corpus file or each ``*.yaml``
of a folder, its size, modification time, change time and inode, taken before
the corpus was read. Any difference (an edit, even one that restores the
modification time, changes the change time; a file added or removed changes the
list) and the index is not used; the corpus is loaded (from the per-file cache,
keyed by content) and the index rebuilt. The index is written whole to a
temporary file and renamed into place, so a reader never sees half of one, and
two processes building at once each leave a whole one. An index that cannot be
read (cut short, foreign, of another version) is rebuilt without a word; a cache
folder that cannot be written leaves the answer uncached.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import sqlite3
import tempfile
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from simcli._version import __version__
from simcli.cache import cache_dir, digest
from simcli.corpus import Corpus, UnknownName
from simcli.model import CorpusData, Organisation, Outcome, Statement, Theme

FORMAT = "1"  # the index's own layout; with simcli's version, in its name and checked
#: corpora smaller than this (in bytes of YAML) are loaded whole from the cache: for
#: them the index saves nothing (the bundled corpus is 90 KB, 6 statements)
INDEX_FROM = 4 * 1024 * 1024
_SUFFIXES = (".yaml", ".yml")
INDEXES = 4  # indexes kept (the least recently used go first): a large one is large
_INDEX_NAME = re.compile(r"simcli-index-[0-9A-Za-z.+_-]+-[0-9a-f]{64}\.sqlite")

_SCHEMA = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT);
CREATE TABLE files (name TEXT PRIMARY KEY, size INTEGER, mtime_ns INTEGER,
                    ctime_ns INTEGER, inode INTEGER);
CREATE TABLE statements (position INTEGER PRIMARY KEY, id TEXT, org TEXT,
                         component INTEGER, record TEXT);
CREATE INDEX statements_org ON statements (org);
CREATE INDEX statements_component ON statements (component);
CREATE TABLE links (kind TEXT, value TEXT, position INTEGER);
CREATE INDEX links_value ON links (kind, value);
CREATE INDEX links_position ON links (position);
"""

Fingerprint = list[tuple[str, int, int, int, int]]
#: a file changed this close before its fingerprint was taken can change again within
#: the same tick of a coarse clock (a second on some file systems) and look the same:
#: its index is not kept until the file is older (git's "racily clean" rule)
RACY_NS = 2_000_000_000


@dataclass(frozen=True)
class Seen:
    """The corpus's files as they were when a question began, and when that was."""

    files: Fingerprint
    taken_ns: int

    def racy(self) -> bool:
        return any(max(row[2], row[3]) >= self.taken_ns - RACY_NS for row in self.files)


def worth_it(seen: Fingerprint) -> bool:
    """Whether a corpus of these files is large enough for its index to pay
    (``SIMCLI_INDEX_FROM``, in bytes, sets the size: 0 indexes every corpus)."""
    setting = os.environ.get("SIMCLI_INDEX_FROM", "").strip()
    least = int(setting) if setting.isdigit() else INDEX_FROM
    return sum(row[1] for row in seen) >= least


@dataclass(frozen=True)
class Selection:
    """What a question selects statements by (ids, short names or names): any one
    of them bounds what is read; the question itself still filters by all."""

    orgs: Sequence[str] = ()
    themes: Sequence[str] = ()
    target: str | None = None
    record: str | None = None  # ``show``: a statement, claim or outcome id

    def selects(self) -> bool:
        return bool(self.orgs or self.themes or self.target or self.record)


def index_path(corpus_path: Path) -> Path:
    """Where the index of the corpus at ``corpus_path`` is kept."""
    key = digest(os.fsencode(os.path.abspath(corpus_path)))
    return cache_dir() / f"simcli-index-{__version__}-{FORMAT}-{key}.sqlite"


def fingerprint(corpus_path: Path) -> Seen | None:
    """Size, modification and change times and inode of the corpus file, or of each
    corpus file of a folder; ``None`` when one cannot be looked at (the loader then
    says why), or on Windows, whose change time is the creation time (an edit that
    puts the modification time back would go unseen)."""
    if os.name == "nt":
        return None
    taken = time.time_ns()
    try:
        if not os.path.isdir(corpus_path):
            files = [_stat(os.path.basename(corpus_path), os.stat(corpus_path))]
        else:
            with os.scandir(corpus_path) as entries:  # in the folder's own order, not
                # sorted: it lists the same files in the same order until one is added
                # or removed, and a new order only costs a rebuild
                files = [
                    _stat(e.name, e.stat()) for e in entries if e.name.lower().endswith(_SUFFIXES)
                ]
    except OSError:
        return None
    return Seen(files, taken)


def _stat(name: str, st: os.stat_result) -> tuple[str, int, int, int, int]:
    return (name, st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino)


def _digest(seen: Fingerprint) -> str:
    """One value for a whole fingerprint, compared instead of every file's row (JSON:
    the same text for the same values, however the strings were made)."""
    return digest(json.dumps(seen).encode("ascii"))


# --- building ----------------------------------------------------------------------


def _components(corpus: Corpus) -> dict[str, int]:
    """Each statement's and outcome's component: the records orderings tie together."""
    parent: dict[str, str] = {}

    def find(node: str) -> str:
        root = node
        while parent.get(root, root) != root:
            root = parent[root]
        while parent.get(node, node) != root:  # path compression
            parent[node], node = root, parent[node]
        return root

    for ordering in corpus.chronology.orderings:
        a, b = find(ordering.later), find(ordering.earlier)
        if a != b:
            parent[a] = b
    ids = [s.id for s in corpus.statements] + [o.id for o in corpus.outcomes]
    numbers: dict[str, int] = {}
    return {record: numbers.setdefault(find(record), len(numbers)) for record in ids}


def build(corpus: Corpus, corpus_path: Path, seen: Seen) -> bool:
    """Write the index of a corpus loaded from ``corpus_path``, whose files were as
    ``seen`` before it was read. False when it is not written: a file changed too
    recently to be sure of (:data:`RACY_NS`), or a cache that cannot be written (no
    matter: the next question loads the corpus whole, as without an index)."""
    if seen.racy():
        return False
    target = index_path(corpus_path)
    tmp: Path | None = None
    try:
        target.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        fd, name = tempfile.mkstemp(dir=target.parent, prefix=".simcli-tmp-", suffix=".sqlite")
        os.close(fd)  # owner-only from the start; SQLite fills the empty file
        tmp = Path(name)
        connection = sqlite3.connect(tmp, isolation_level=None)
        try:
            _fill(connection, corpus, seen.files)
        finally:
            connection.close()
        os.replace(tmp, target)
    except (OSError, sqlite3.Error):
        if tmp is not None:
            with contextlib.suppress(OSError):
                tmp.unlink(missing_ok=True)
        return False
    evict_indexes()
    return True


def evict_indexes(keep: int = INDEXES) -> None:
    """Delete all but the ``keep`` most recently used indexes (of any corpus or
    simcli version); only files named as simcli names them and that are SQLite
    databases are ever deleted."""
    folder = cache_dir()
    try:
        entries = [e for e in os.scandir(folder) if _INDEX_NAME.fullmatch(e.name)]
        found = sorted((e.stat(follow_symlinks=False).st_mtime, e.path) for e in entries
                       if e.is_file(follow_symlinks=False))  # fmt: skip
    except OSError:
        return
    for _, path in found[: max(len(found) - keep, 0)]:
        with contextlib.suppress(OSError), open(path, "rb") as handle:
            if handle.read(16) != b"SQLite format 3\x00":
                continue  # not ours after all: left alone
        with contextlib.suppress(OSError):
            os.unlink(path)


def _fill(connection: sqlite3.Connection, corpus: Corpus, seen: Fingerprint) -> None:
    connection.executescript("PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF;" + _SCHEMA)
    connection.execute("BEGIN")
    component = _components(corpus)
    data = corpus.data
    meta = {
        "format": FORMAT,
        "version": __version__,
        "fingerprint": _digest(seen),
        "themes": _json_list(data.themes),
        "organisations": _json_list(data.organisations),
        "outcomes": _json_list(data.outcomes),
        "outcome_components": ",".join(str(component[o.id]) for o in data.outcomes),
        "contradicted": "\n".join(corpus.chronology.contradicted()),
        "title": data.title,
        "description": data.description,
    }
    connection.executemany("INSERT INTO meta VALUES (?, ?)", meta.items())
    connection.executemany("INSERT INTO files VALUES (?, ?, ?, ?, ?)", seen)
    connection.executemany(
        "INSERT INTO statements VALUES (?, ?, ?, ?, ?)",
        (
            (n, s.id, s.org, component[s.id], s.model_dump_json(exclude_defaults=True))
            for n, s in enumerate(corpus.statements)
        ),
    )
    links: list[tuple[str, str, int]] = []
    for n, statement in enumerate(corpus.statements):
        links += [("endorses", other, n) for other in statement.endorses]
        links.append(("record", statement.id, n))
        for claim in statement.claims:
            links.append(("record", claim.id, n))
            links += [("theme", theme, n) for theme in claim.themes]
            if claim.target is not None:
                links.append(("target", claim.target, n))
    connection.executemany("INSERT INTO links VALUES (?, ?, ?)", links)
    connection.execute("INSERT INTO meta VALUES ('complete', '1')")
    connection.execute("COMMIT")


def _json_list(records: Sequence[Theme | Organisation | Outcome]) -> str:
    return "[" + ",".join(r.model_dump_json(exclude_defaults=True) for r in records) + "]"


# --- reading -----------------------------------------------------------------------


@dataclass
class _Index:
    connection: sqlite3.Connection
    meta: dict[str, str | None] = field(default_factory=dict)

    def positions(self, kind: str, values: Iterable[str]) -> set[int]:
        out: set[int] = set()
        for value in dict.fromkeys(values):
            rows = self.connection.execute(
                "SELECT position FROM links WHERE kind = ? AND value = ?", (kind, value)
            )
            out.update(r[0] for r in rows)
        return out


def _open(corpus_path: Path, seen: Fingerprint) -> _Index | None:
    """The index, if it is whole, of this simcli, and of the files as they are now."""
    path = index_path(corpus_path)
    try:
        connection = sqlite3.connect(f"{path.absolute().as_uri()}?mode=ro", uri=True)
    except sqlite3.Error:
        return None
    try:
        meta = dict(connection.execute("SELECT key, value FROM meta").fetchall())
        if (meta.get("format"), meta.get("version"), meta.get("complete")) != (
            FORMAT,
            __version__,
            "1",
        ):
            raise sqlite3.DatabaseError("not an index of this simcli")
        if meta.get("fingerprint") != _digest(seen):
            raise sqlite3.DatabaseError("the corpus has changed")
    except sqlite3.Error:
        connection.close()
        return None
    with contextlib.suppress(OSError):
        os.utime(path)  # recently used: kept longest
    return _Index(connection, meta)


@dataclass(frozen=True)
class Part:
    """What the index gave: the part of the corpus a question needs, or ``None`` (load
    the corpus whole); ``current`` when the index was whole and current (a question
    that needs the whole corpus after all leaves it as it is)."""

    corpus: Corpus | None
    current: bool


def load_part(corpus_path: Path, shown: str, selection: Selection, seen: Seen) -> Part:
    """The part of the corpus a question with ``selection`` needs, read from the index."""
    index = _open(corpus_path, seen.files)
    if index is None:
        return Part(None, current=False)
    try:
        return Part(_part(index, corpus_path, shown, selection), current=True)
    except _Whole:  # an id of no statement or claim: the whole corpus names the closest
        return Part(None, current=True)
    except (sqlite3.Error, ValueError, KeyError):  # cut short under us, or not ours
        return Part(None, current=False)
    finally:
        index.connection.close()


def _part(index: _Index, corpus_path: Path, shown: str, selection: Selection) -> Corpus:
    from pydantic import TypeAdapter

    meta = index.meta
    themes = TypeAdapter(list[Theme]).validate_json(meta["themes"] or "[]", strict=True)
    orgs = TypeAdapter(list[Organisation]).validate_json(meta["organisations"] or "[]", strict=True)
    outcomes = TypeAdapter(list[Outcome]).validate_json(meta["outcomes"] or "[]", strict=True)
    lookup = Corpus(CorpusData.model_construct(version=1, themes=themes, organisations=orgs,
                                               statements=[], outcomes=[]))  # fmt: skip
    wanted = _wanted(index, lookup, selection, {o.id for o in outcomes})
    db = index.connection
    db.execute("CREATE TEMP TABLE wanted (position INTEGER PRIMARY KEY)")
    db.executemany("INSERT INTO wanted VALUES (?)", ((p,) for p in wanted))
    db.execute("CREATE TEMP TABLE tied (component INTEGER PRIMARY KEY)")
    outcome_components = (meta["outcome_components"] or "").split(",")
    db.executemany(
        "INSERT OR IGNORE INTO tied VALUES (?)", ((int(c),) for c in outcome_components if c)
    )
    db.execute(
        "INSERT OR IGNORE INTO tied SELECT component FROM statements"
        " WHERE position IN (SELECT position FROM wanted)"
    )
    # a statement is read with every record an ordering ties it to (its component)
    records = [
        record
        for (record,) in db.execute(
            "SELECT record FROM statements WHERE component IN (SELECT component FROM tied)"
            " ORDER BY position"
        )
    ]
    statements = TypeAdapter(list[Statement]).validate_json(
        "[" + ",".join(records) + "]", strict=True
    )
    data = CorpusData.model_construct(
        version=1,
        title=meta.get("title"),
        description=meta.get("description"),
        themes=themes,
        organisations=orgs,
        statements=statements,
        outcomes=outcomes,
    )
    corpus = Corpus(data, corpus_path, shown)
    contradicted = meta.get("contradicted") or ""
    corpus.known_contradictions = contradicted.split("\n") if contradicted else []
    return corpus


class _Whole(Exception):
    """This question needs the whole corpus after all."""


def _wanted(index: _Index, lookup: Corpus, selection: Selection, outcome_ids: set[str]) -> set[int]:
    """The statements a selection names (by position): those of any one filter."""
    try:
        if selection.record is not None:
            found = index.positions("record", [selection.record])
            if not found and selection.record not in outcome_ids:
                raise _Whole  # the question suggests the closest ids: of the whole corpus
            return found
        if selection.orgs:
            ids = [lookup.org(name).id for name in selection.orgs]
            own = _by_org(index, ids)
            endorsed = _endorsed(index, own)
            # an organisation that made no statement may be meant as a target: the
            # question counts the demands made of it to say so
            silent = [org for org in ids if not _by_org(index, [org])]
            return own | endorsed | index.positions("target", silent)
        if selection.target is not None:
            return index.positions("target", [lookup.org(selection.target).id])
        return index.positions("theme", [lookup.theme(name).id for name in selection.themes])
    except UnknownName:
        return set()  # the question will say so, as it would of the whole corpus


def _by_org(index: _Index, orgs: Sequence[str]) -> set[int]:
    out: set[int] = set()
    for org in orgs:
        rows = index.connection.execute("SELECT position FROM statements WHERE org = ?", (org,))
        out.update(r[0] for r in rows)
    return out


def _endorsed(index: _Index, positions: set[int]) -> set[int]:
    """The statements that the statements at ``positions`` endorse."""
    ids = [
        value
        for position in positions
        for (value,) in index.connection.execute(
            "SELECT value FROM links WHERE kind = 'endorses' AND position = ?", (position,)
        )
    ]
    return index.positions("record", ids)
