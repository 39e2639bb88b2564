"""The tables of simcli's SQLite files, defined once: the export's database (for
Datasette) and the cache's index both make theirs from these definitions.

One table per record type (themes, organisations, statements, claims, outcomes,
evidence, effects), whose columns are the record's fields as ``simcli`` answers
give them (:mod:`simcli.analysis.records`), link tables for the relations, and the
views and full-text indexes the export adds (see :mod:`simcli.output.export.sqlite`).
The SQL, the rows and the Datasette metadata all come from :data:`TABLES` and
:data:`VIEWS`.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from simcli.model.fields import (
    CLAIM_FIELDS,
    ORGANISATION_FIELDS,
    OUTCOME_FIELDS,
    STATEMENT_FIELDS,
    THEME_FIELDS,
)

SCHEMA_VERSION = 1


@dataclass(frozen=True)
class Column:
    """A column: its SQL type, what it holds, and the table whose ``id`` it names."""

    name: str
    description: str
    type: str = "TEXT"
    references: str | None = None
    json: bool = False  # JSON text: a list or an object


@dataclass(frozen=True)
class TableDef:
    """A table or a view: its columns, its key, and what Datasette is told of it."""

    name: str
    description: str
    columns: tuple[Column, ...]
    primary_key: tuple[str, ...] = ("id",)
    search: tuple[str, ...] = ()  # columns of its FTS5 index, ``<name>_fts``
    facets: tuple[str, ...] = ()  # Datasette's suggested facets; a JSON list facets by item
    label: str | None = None  # the column Datasette shows for a reference to a row
    sql: str | None = None  # a view: the SELECT that makes it (a view has no key nor index)

    @property
    def fts(self) -> str:
        return f"{self.name}_fts"


def _col(name: str, description: str, type: str = "TEXT", ref: str | None = None) -> Column:
    return Column(name, description, type, ref)


def _list(name: str, description: str) -> Column:
    return Column(name, description, json=True)


def _int(name: str, description: str) -> Column:
    return Column(name, description, "INTEGER")


def _by_name(*columns: Column) -> dict[str, Column]:
    return {c.name: c for c in columns}


def _when(date: str, verb: str) -> tuple[Column, ...]:
    """A statement's or an outcome's date columns: the date as written, the days it
    can have ``verb`` on (see :mod:`simcli.analysis.chronology`), and why."""
    return (
        _col("date", date),
        _col("earliest", f"The first day it can have {verb} on."),
        _col("latest", f"The last day it can have {verb} on."),
        _col("date_note", "Why its date is what it is, where that needs saying."),
        _list("after", "Statements or outcomes it came after, a JSON list of ids."),
    )


def _link(name: str, description: str, one: Column, other: Column) -> TableDef:
    """A link table: which ``one`` goes with which ``other``, each pair once."""
    return TableDef(name, description, (one, other), primary_key=(one.name, other.name))


POSITION = _int("position", "Its place in simcli's order (date order; the file's for themes).")

# What each field of a record holds, the one place it is said; the fields
# themselves, and their order, are the records' (simcli.analysis.records).
#: a claim's fields of the endorsement it is counted through: answers only, never stored
_THROUGH = ("via", "via_org")

_FIELDS: dict[str, dict[str, Column]] = {
    "themes": _by_name(
        _col("id", "The theme's id, as claims and effects name it."),
        _col("label", "Its short name."),
        _col("description", "What claims of this theme ask or say."),
        _list("keywords", "Words that suggest the theme (simcli extract), a JSON list."),
        _int("claims", "How many claims have this theme."),
        _int("demands", "How many of them are demands."),
        _list("orgs", "The organisations that raise it, a JSON list of ids."),
    ),
    "organisations": _by_name(
        _col("id", "The organisation's id."),
        _col("name", "Its full name."),
        _col("short", "Its short name, if it has one."),
        _list("aliases", "Other names it goes by, a JSON list."),
        _col("kind", "What sort of organisation it is."),
        _col("url", "Its web site."),
        _int("statements", "How many statements it published."),
        _int("claims", "How many claims those statements make."),
        _int("demands", "How many of them are demands."),
        _int("targeted_by", "How many demands are made of it."),
    ),
    "statements": _by_name(
        _col("id", "The statement's id."),
        _col("org", "Its author.", ref="organisations"),
        _col("org_name", "Its author's name."),
        _col("title", "Its title ([in brackets] when the wording is ours)."),
        _int("title_ours", "1 when the title is ours: the source gives none we could use."),
        *_when(
            "When it was published, as precisely as known (YYYY, YYYY-MM or a day).",
            "been published",
        ),
        _col("url", "Where it is published."),
        _col("source", "Its text's file name in the sources folder."),
        _list("endorses", "Statements it endorses, a JSON list of ids."),
        _list("endorsed_by", "Statements that endorse it, a JSON list of ids."),
        _col("summary", "What it says, in our words."),
        _int("claims", "How many claims it makes."),
        _int("demands", "How many of them are demands."),
    ),
    "claims": _by_name(
        _col("id", "The claim's id."),
        _col("statement", "The statement that makes it.", ref="statements"),
        _col("org", "Its author: the statement's.", ref="organisations"),
        _col("org_name", "Its author's name."),
        _list("endorsed_by", "Organisations whose statements endorse it, a JSON list."),
        _col("via", "The endorsing statement it is counted through (none in this table)."),
        _col("via_org", "The author of the endorsing statement (none in this table)."),
        _col("date", "The date of its statement."),
        _col("kind", "demand, appeal, concern, position, commitment or welcome."),
        _list("themes", "Its themes, a JSON list of ids (as in claim_themes)."),
        _col("target", "Who a demand is made of.", ref="organisations"),
        _col("text", "What it says, in our words (a paraphrase)."),
        _col("quote", "The statement's words: a short verbatim passage; ... marks a gap."),
        _col("note", "Our reasoning, where reading it took a judgement."),
        _col("deadline", "When a demand was due, as the statement gives it."),
        _col("deadline_note", "How the deadline was read."),
        _col(
            "status",
            "A demand's status as of the as_of day: open, partly-met, met or"
            " refused (none for other kinds).",
        ),
        _col("status_date", "The day of the outcome that settled the status."),
        _col("status_outcome", "The outcome that settled the status.", ref="outcomes"),
        _int("open_days", "Days from its statement to as_of while it is not met (none once met)."),
        _int(
            "deadline_passed",
            "1 when its deadline had passed: by as_of if it is not"
            " met, before the outcome that met it if it is (none without a deadline).",
        ),
        _col("as_of", "The day its status is as of."),
        _col("url", "Where its statement is published."),
    ),
    "outcomes": _by_name(
        _col("id", "The outcome's id."),
        _col("type", "outcome (it has effects on demands) or event (context only)."),
        *_when("When it happened, as precisely as known.", "happened"),
        _col("actor", "Who acted.", ref="organisations"),
        _col("title", "What happened."),
        _col("url", "The public record of it."),
        _col("source", "Who published that record."),
        _col("note", "Our reasoning, where it is a judgement."),
        _list("evidence", "Quotes from statements that report it, a JSON list (as in evidence)."),
        _list("effects", "What it means for demands, a JSON list (as in effects)."),
    ),
}

_UNMET_COLUMNS = (
    _col("theme", "The theme.", ref="themes"),
    _col("label", "Its short name."),
    _col("status", "The status most of its unmet demands share."),
    _list("statuses", "How many of its demands are refused, partly met or open: a JSON object."),
    _col("since", "When the earliest of them was made."),
    _int("open_days", "Days since then, to as_of."),
    _int("deadline_passed", "1 when a deadline among them has passed."),
    _col("as_of", "The day it is unmet as of."),
    _list(
        "latest_outcome",
        "The latest outcome on the theme, as a JSON object, and whether it answers these demands.",
    ),
)

TABLES: tuple[TableDef, ...] = (
    TableDef(
        "themes",
        "The codebook: what claims are about.",
        (*(_FIELDS["themes"][f] for f in THEME_FIELDS), POSITION),
        search=("label", "description"),
        label="label",
    ),
    TableDef(
        "organisations",
        "Authors of statements, those they make demands of, and those who act.",
        tuple(_FIELDS["organisations"][f] for f in ORGANISATION_FIELDS),
        facets=("kind",),
        label="name",
    ),
    TableDef(
        "statements",
        "Published statements, each with its claims.",
        (*(_FIELDS["statements"][f] for f in STATEMENT_FIELDS), POSITION),
        search=("title", "summary"),
        facets=("org",),
        label="title",
    ),
    TableDef(
        "claims",
        "Every claim made by the as_of day: what a statement demands, fears, holds,"
        " welcomes or undertakes, with its quote, our paraphrase and, for a demand, its"
        " status as of that day.",
        (*(_FIELDS["claims"][f] for f in CLAIM_FIELDS if f not in _THROUGH), POSITION),
        search=("quote", "text", "note"),
        facets=("org", "themes", "kind", "status"),
        label="text",
    ),
    TableDef(
        "outcomes",
        "What happened: decisions and events, with the evidence for them.",
        (*(_FIELDS["outcomes"][f] for f in OUTCOME_FIELDS), POSITION),
        search=("title", "note"),
        facets=("actor", "type"),
        label="title",
    ),
    TableDef(
        "evidence",
        "Quotes from statements that report an outcome.",
        (
            _col("outcome", "The outcome reported.", ref="outcomes"),
            _int("position", "Its place among the outcome's evidence."),
            _col("statement", "The statement quoted.", ref="statements"),
            _col("quote", "Its words."),
        ),
        primary_key=("outcome", "position"),
    ),
    TableDef(
        "effects",
        "What an outcome means for the demands of one theme.",
        (
            _int("id", "The effect's number."),
            _col("outcome", "The outcome.", ref="outcomes"),
            _int("position", "Its place among the outcome's effects."),
            _col("theme", "The theme of the demands it answers.", ref="themes"),
            _col("status", "met, partly-met or refused."),
            _col("note", "Why, in our words."),
        ),
        facets=("theme", "status"),
    ),
    _link(
        "claim_themes",
        "Which themes each claim has.",
        _col("claim", "The claim.", ref="claims"),
        _col("theme", "One of its themes.", ref="themes"),
    ),
    _link(
        "statement_endorsements",
        "Which statements a statement endorses (and so shares the demands of).",
        _col("statement", "The endorsing statement.", ref="statements"),
        _col("endorses", "The statement it endorses.", ref="statements"),
    ),
    _link(
        "effect_claims",
        "The only demands an effect answers, where it names them (else: all on its theme"
        " made of its actor before it).",
        Column("effect", "The effect.", "INTEGER", "effects"),
        _col("claim", "A demand it answers.", ref="claims"),
    ),
    _link(
        "effect_orgs",
        "The only organisations whose demands an effect answers, where it names them.",
        Column("effect", "The effect.", "INTEGER", "effects"),
        _col("org", "An organisation whose demands it answers.", ref="organisations"),
    ),
    TableDef(
        "unmet_themes",
        "The themes with demands not met as of the as_of day (the unmet view).",
        (*_UNMET_COLUMNS, POSITION),
        primary_key=("theme",),
    ),
    TableDef(
        "unmet_demands",
        "The demands not met on each theme of unmet_themes, in order.",
        (
            _col("theme", "The theme.", ref="unmet_themes"),
            _col("claim", "A demand on it that is not met.", ref="claims"),
            _int("position", "Its place in the theme's list."),
        ),
        primary_key=("theme", "claim"),
    ),
    TableDef(
        "agreement_pairs",
        "How far each two organisations that made demands agree: the Jaccard index of"
        " their demand themes (the agreement view). With more than 100 such"
        " organisations, only the pairs that share a theme.",
        (
            _col("a", "One organisation.", ref="organisations"),
            _col("b", "The other.", ref="organisations"),
            Column("jaccard", "Shared demand themes over all their demand themes.", "REAL"),
            _list("shared", "The demand themes both raise, a JSON list of ids."),
            POSITION,
        ),
        primary_key=("a", "b"),
    ),
    TableDef(
        "simcli",
        "About this database: the day its statuses are as of, and what wrote it.",
        (_col("key", "What is recorded."), _col("value", "Its value.")),
        primary_key=("key",),
    ),
)


def _claim_object(alias: str) -> str:
    """SQL for a claim as the JSON object simcli's answers give (``via`` always null)."""
    parts = []
    for name in CLAIM_FIELDS:
        column = _FIELDS["claims"][name]
        value = f"{alias}.{name}"
        if name in _THROUGH:
            value = "NULL"
        elif column.json:
            value = f"json({value})"
        elif name in _BOOLEAN:
            value = f"{_bool(value)}"
        parts.append(f"'{name}', {value}")
    return "json_object(" + ", ".join(parts) + ")"


_BOOLEAN = {"deadline_passed", "title_ours"}


def _bool(value: str) -> str:
    return (
        f"CASE WHEN {value} IS NULL THEN NULL WHEN {value} THEN json('true') ELSE json('false') END"
    )


_CLAIM_COLUMNS = ", ".join(f"NULL AS {f}" if f in _THROUGH else f for f in CLAIM_FIELDS)

VIEWS: tuple[TableDef, ...] = (
    TableDef(
        "demands",
        "Every demand with its status as of the as_of day: the rows of simcli demands"
        " --format json.",
        tuple(_FIELDS["claims"][f] for f in CLAIM_FIELDS),
        facets=("org", "themes", "target", "status"),
        sql=f"SELECT {_CLAIM_COLUMNS} FROM claims WHERE kind = 'demand' ORDER BY position",
    ),
    TableDef(
        "unmet",
        "The demands not met as of the as_of day, by theme, each theme with its latest"
        " outcome: the rows of simcli unmet --format json.",
        (*_UNMET_COLUMNS, _list("demands", "The demands, a JSON list of claim objects.")),
        facets=("status",),
        sql="SELECT theme, label, status, statuses, since, open_days, deadline_passed, as_of,"
        " latest_outcome, (SELECT json_group_array(json(d.demand)) FROM (SELECT "
        + _claim_object("c")
        + " AS demand FROM unmet_demands AS u JOIN claims AS c ON c.id = u.claim"
        " WHERE u.theme = t.theme ORDER BY u.position) AS d) AS demands"
        " FROM unmet_themes AS t ORDER BY position",
    ),
    TableDef(
        "agreement",
        "How far each two organisations agree: the agreement of simcli compare --format json.",
        tuple(c for c in TABLES[-2].columns if c.name != "position"),
        sql="SELECT a, b, jaccard, shared FROM agreement_pairs ORDER BY position",
    ),
)


def table(name: str) -> TableDef:
    """The definition of the table called ``name``."""
    return next(t for t in TABLES if t.name == name)


def table_sql(table: TableDef) -> str:
    """The SQL that makes one table (without its full-text index) or view: the
    export's, and the tables of the cache's index (:mod:`simcli.store.index`), which
    has the same ones."""
    if table.sql is not None:
        return f"CREATE VIEW [{table.name}] AS {table.sql};"
    lines = []
    for c in table.columns:
        line = f"  [{c.name}] {c.type}"
        if c.name in table.primary_key:
            line += " NOT NULL"
        if c.name == "id" and c.type == "INTEGER" and table.primary_key == ("id",):
            line += " PRIMARY KEY"
        lines.append(line)
    if not (table.primary_key == ("id",) and _column(table, "id").type == "INTEGER"):
        lines.append(f"  PRIMARY KEY ({', '.join(table.primary_key)})")
    for c in table.columns:
        if c.references:
            key = "theme" if c.references == "unmet_themes" else "id"
            lines.append(f"  FOREIGN KEY ([{c.name}]) REFERENCES [{c.references}]([{key}])")
    return f"CREATE TABLE [{table.name}] (\n" + ",\n".join(lines) + "\n);"


def schema_sql() -> str:
    """The SQL that makes an empty database: tables, full-text indexes and views."""
    out = []
    for table in (*TABLES, *VIEWS):
        out.append(table_sql(table))
        if table.search:
            columns = ", ".join(f"[{c}]" for c in table.search)
            out.append(
                f"CREATE VIRTUAL TABLE [{table.fts}] USING FTS5 ({columns},"
                f" content=[{table.name}]);"
            )
    return "\n".join(out) + "\n"


def _column(table: TableDef, name: str) -> Column:
    return next(c for c in table.columns if c.name == name)


def row_maker(table: TableDef) -> Callable[[dict[str, Any]], tuple[Any, ...]]:
    """How a record's values (a dict, which it changes) become a row of ``table``, as
    SQLite stores them: lists and objects as JSON text, true and false as 1 and 0."""
    names = [c.name for c in table.columns]
    as_json = [c.name for c in table.columns if c.json]
    numbers = [c.name for c in table.columns if c.type == "INTEGER"]
    # json.dumps(value, ensure_ascii=False), without making an encoder for each value
    # (a first run of a large folder makes millions of these)
    encode = json.JSONEncoder(ensure_ascii=False).encode

    def row(values: dict[str, Any]) -> tuple[Any, ...]:
        for name in as_json:
            value = values.get(name)
            if value is not None:
                values[name] = "[]" if value == [] else encode(value)
        for name in numbers:
            if isinstance(values.get(name), bool):
                values[name] = int(values[name])
        return tuple(map(values.get, names))

    return row


def table_rows(table: TableDef, records: Iterable[dict[str, Any]]) -> Iterator[tuple[Any, ...]]:
    row = row_maker(table)
    for position, record in enumerate(records):
        yield row({**record, "position": record.get("position", position)})
