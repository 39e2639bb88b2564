"""Reading a corpus, or the part of it a question needs, from the cache's index
(:mod:`simcli.store.index` keeps the index up to date): the records are stored as
validated JSON, each with the file it came from, so a corpus read here places its
problems as one read from its files would."""

from __future__ import annotations

import json
import os
import sqlite3
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from simcli.model.corpus import Corpus, UnknownName
from simcli.model.dates import PartialDate
from simcli.model.schema import CorpusData, Organisation, Outcome, Statement, Theme
from simcli.store.selection import ANSWERED, Selection

if TYPE_CHECKING:
    from simcli.model.diagnostics import Locator

SECTIONS = ("themes", "organisations", "statements", "outcomes")


def in_order(section: str, where: str = "") -> str:
    """The records of a section (that meet ``where``), in the corpus's order, with
    the file each is in (its place in the folder's order), its place there, and the
    file's name."""
    return (
        "SELECT r.record, f.ord, r.local, f.name FROM records AS r"
        " JOIN files AS f ON f.name = r.file"
        f" WHERE r.section = '{section}'{where} ORDER BY f.ord, r.local"
    )


def validated(
    db: sqlite3.Connection,
    model: Any,
    sql: str,
    origin: list[tuple[int, int]] | None = None,
    names: dict[int, str] | None = None,
) -> Any:
    """The records :func:`in_order` gives, as validating their JSON gives them; where
    each came from is added to ``origin``, and the names of the files they came from
    to ``names``.

    They are rebuilt without validating (:func:`simcli.model.plain.rebuilt`), as the
    cache rebuilds the records it keeps: each was validated before it was written,
    as pydantic's JSON of the record, into an index that no one else can write
    (:func:`simcli.store.cache.trusted_file`); pydantic's validators for a hundred
    thousand records, and building them, took a tenth of a second of a question.
    Anything that cannot be rebuilt so is validated, as before."""
    rows = db.execute(sql).fetchall()
    if origin is not None:
        origin += [(n, local) for _, n, local, _ in rows]
    if names is not None:
        names.update((n, name) for _, n, _, name in rows)
    joined = "[" + ",".join(row[0] for row in rows) + "]"
    from simcli.model.plain import rebuilt

    try:
        return [rebuilt(model, data) for data in _loads(joined)]
    except (TypeError, KeyError, ValueError):  # (orjson's errors are ValueErrors)
        from pydantic import TypeAdapter

        return TypeAdapter(list[model]).validate_json(joined, strict=True)


def _loads(text: str) -> Any:
    try:
        import orjson
    except ImportError:  # pragma: no cover - orjson is a dependency
        return json.loads(text)
    return orjson.loads(text)


class Whole(Exception):
    """This question needs the whole corpus after all."""


def read_index(
    db: sqlite3.Connection, corpus_path: Path, shown: str, selection: Selection | None
) -> Corpus:
    meta = dict(db.execute("SELECT key, value FROM meta").fetchall())
    origin: dict[str, list[tuple[int, int]]] = {section: [] for section in SECTIONS}
    names: dict[int, str] = {}  # the files the records read came from, by place
    themes = validated(db, Theme, in_order("themes"), origin["themes"], names)
    orgs = validated(db, Organisation, in_order("organisations"), origin["organisations"], names)
    outcomes = validated(db, Outcome, in_order("outcomes"), origin["outcomes"], names)
    if selection is None:
        statements = validated(db, Statement, in_order("statements"), origin["statements"], names)
    else:
        lookup = Corpus(CorpusData.model_construct(version=1, themes=themes, organisations=orgs,
                                                   statements=[], outcomes=[]))  # fmt: skip
        wanted = _wanted(db, lookup, selection, {o.id for o in outcomes})
        db.execute("CREATE TEMP TABLE wanted (id TEXT PRIMARY KEY)")
        db.executemany("INSERT INTO wanted VALUES (?)", ((w,) for w in wanted))
        # a statement is read with every record an ordering ties it to (its component),
        # and every outcome with its own
        tied = (
            " AND r.component IN (SELECT component FROM records WHERE section = 'outcomes'"
            " UNION SELECT component FROM records WHERE section = 'statements'"
            " AND id IN (SELECT id FROM wanted))"
        )
        statements = validated(
            db, Statement, in_order("statements", tied), origin["statements"], names
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
    if 0 not in names:  # a problem that is in no record is placed in the first file
        names.update(db.execute("SELECT ord, name FROM files WHERE ord = 0"))
    corpus = Corpus(data, corpus_path, shown, _locator(corpus_path, shown, names, origin))
    contradicted = meta.get("contradicted") or ""
    corpus.known_contradictions = contradicted.split("\n") if contradicted else []
    return corpus


def _locator(
    corpus_path: Path, shown: str, names: dict[int, str], origin: dict[str, list[tuple[int, int]]]
) -> Callable[[], Locator]:
    """What places a problem in the records read, in the file each came from (as the
    folder loader places them, and the file loader for a one-file corpus): ``names``
    has the files of the records read (and the first), by their place in the folder."""

    def locate() -> Locator:
        from simcli.read.folder import _File, _Folder

        if os.path.isdir(corpus_path):
            unread = _File(corpus_path, shown)  # the place of a file no record came from
            files = [
                _File(corpus_path / names[n], os.path.join(shown, names[n]))
                if n in names
                else unread
                for n in range(max(names, default=0) + 1)
            ]
        else:
            files = [_File(corpus_path, shown)]
        state = _Folder(files)
        state.origin = origin
        return state

    return locate


def _answerable(db: sqlite3.Connection) -> set[str]:
    """The statements with a claim that an effect acts on (rule 2 of a status: it
    names the claim, or acts on the organisation it is made of, on one of its
    themes): only these can have a demand met, partly met or refused."""
    named: set[str] = set()
    pairs: set[tuple[str, str]] = set()
    for actor, effects in db.execute("SELECT actor, effects FROM outcomes"):
        for effect in json.loads(effects):
            if effect["claims"]:
                named.update(effect["claims"])
            else:
                pairs.update((org, effect["theme"]) for org in (actor, *effect["orgs"]))
    db.execute("CREATE TEMP TABLE acted_on (org TEXT, theme TEXT)")
    db.executemany("INSERT INTO acted_on VALUES (?, ?)", pairs)
    found = _ids(db, "SELECT statement FROM claims WHERE id = ?", list(named))
    found.update(
        statement
        for (statement,) in db.execute(
            "SELECT DISTINCT c.statement FROM acted_on AS a JOIN claim_themes AS t"
            " ON t.theme = a.theme JOIN claims AS c ON c.id = t.claim AND c.target = a.org"
        )
    )
    return found


def _between(db: sqlite3.Connection, start: str | None, end: str | None) -> set[str]:
    """The statements that can have been made between two dates (as the timeline
    keeps them: by the days their dates and orderings allow)."""
    from simcli.model.dates import PartialDate

    try:
        first = PartialDate.parse(start).earliest().isoformat() if start else "0000"
        last = PartialDate.parse(end).latest().isoformat() if end else "9999"
    except ValueError:
        raise Whole from None  # the question says what is wrong with the date
    rows = db.execute(
        "SELECT id FROM statements WHERE earliest <= ? AND latest >= ?", (last, first)
    )
    return {statement for (statement,) in rows}


def _ids(db: sqlite3.Connection, sql: str, values: Sequence[str]) -> set[str]:
    out: set[str] = set()
    for value in dict.fromkeys(values):
        out.update(row[0] for row in db.execute(sql, (value,)))
    return out


def _wanted(
    db: sqlite3.Connection, lookup: Corpus, selection: Selection, outcome_ids: set[str]
) -> set[str]:
    """The statements a selection names (by id): those of any one filter."""
    by_target = "SELECT DISTINCT statement FROM claims WHERE target = ?"
    try:
        if selection.record is not None:
            found = _ids(db, "SELECT id FROM statements WHERE id = ?", [selection.record])
            found |= _ids(db, "SELECT statement FROM claims WHERE id = ?", [selection.record])
            if not found and selection.record not in outcome_ids:
                raise Whole  # the question suggests the closest ids: of the whole corpus
            return found
        if selection.orgs:
            ids = [lookup.org(name).id for name in selection.orgs]
            own = _ids(db, "SELECT id FROM statements WHERE org = ?", ids)
            endorsed = _ids(
                db, "SELECT endorses FROM statement_endorsements WHERE statement = ?", list(own)
            )
            # an organisation that made no statement may be meant as a target: the
            # question counts the demands made of it to say so
            authors = _ids(db, "SELECT org FROM statements WHERE org = ?", ids)
            silent = [org for org in ids if org not in authors]
            return own | endorsed | _ids(db, by_target, silent)
        if selection.target is not None:
            return _ids(db, by_target, [lookup.org(selection.target).id])
        if selection.themes:
            return _ids(
                db,
                "SELECT DISTINCT c.statement FROM claim_themes AS t JOIN claims AS c"
                " ON c.id = t.claim WHERE t.theme = ?",
                [lookup.theme(name).id for name in selection.themes],
            )
        if selection.status in ANSWERED:
            found = _answerable(db)
            if selection.day is not None:  # possibly made by the day: the answer names them
                found |= {
                    statement
                    for (statement,) in db.execute(
                        "SELECT id FROM statements WHERE earliest <= ?1 AND latest > ?1",
                        (selection.day,),
                    )
                }
            return found
        return _between(db, *(selection.between or (None, None)))
    except UnknownName:
        return set()  # the question will say so, as it would of the whole corpus


class Dated(NamedTuple):
    """A statement as the chronology reads it."""

    id: str
    date: PartialDate
    after: Sequence[str]
    endorses: Sequence[str]


@dataclass
class TimedRecords:
    """A corpus as the chronology reads it (:class:`simcli.analysis.chronology.Timed`)."""

    statements: list[Dated]
    outcomes: list[Outcome]


def read_timed(db: sqlite3.Connection) -> TimedRecords:
    """The corpus as its chronology reads it: the statements' dates and orderings, in
    file order, and the outcomes; a tuple a statement, not a model (a hundred
    thousand of them are held at once)."""

    def ids(text: str) -> Sequence[str]:
        return () if text == "[]" else tuple(json.loads(text))

    statements = [
        Dated(id, PartialDate.parse(date), ids(after), ids(endorses))
        for id, date, after, endorses in db.execute(
            "SELECT s.id, s.date, s.after, s.endorses FROM records AS r"
            " JOIN files AS f ON f.name = r.file JOIN statements AS s ON s.id = r.id"
            " WHERE r.section = 'statements' ORDER BY f.ord, r.local"
        )
    ]
    return TimedRecords(statements, validated(db, Outcome, in_order("outcomes")))


#: a draft's placeholder (``TODO``) wherever a draft may hold one
_DRAFTS = (
    "SELECT 1 FROM statements WHERE org = ?1 OR date = ?1",
    "SELECT 1 FROM outcomes WHERE date = ?1",
    "SELECT 1 FROM claims WHERE target = ?1",
    "SELECT 1 FROM claim_themes WHERE theme = ?1",
)


def has_drafts(db: sqlite3.Connection) -> bool:
    """Whether the indexed corpus holds a draft, which the questions leave out: such a
    corpus is answered from the corpus read whole, never from the index's rows."""
    from simcli.model.dates import TODO

    return any(db.execute(sql, (TODO,)).fetchone() for sql in _DRAFTS)
