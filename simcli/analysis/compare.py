"""Where organisations (or statements) agree: the theme matrix and agreement."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import combinations
from typing import Any

from simcli.analysis.chronology import time_ordered
from simcli.analysis.rows import (
    Answer,
    ClaimRow,
    DemandQuery,
    claim_rows_apart,
    rows_by_org,
    rows_by_theme,
)
from simcli.model.corpus import Corpus
from simcli.model.dates import as_of_day
from simcli.model.schema import CLAIM_KINDS, Theme

MAX_COLUMNS = 100  # pairwise agreement grows with the square of the columns


class TooManyColumns(ValueError):
    """More columns than a comparison can sensibly show."""


@dataclass(frozen=True)
class Column:
    """One column of a comparison: an organisation or a statement."""

    id: str
    label: str


@dataclass(frozen=True)
class Agreement:
    """How far two columns agree: the Jaccard index of their demand themes, and
    the themes they share."""

    a: str
    b: str
    jaccard: float
    shared: tuple[str, ...]


@dataclass
class Comparison:
    """Themes x organisations (or statements)."""

    by: str
    columns: list[Column]
    themes: list[Theme]
    matrix: dict[str, dict[str, list[ClaimRow]]]  # theme -> column -> rows
    shared_by_all: list[str]
    unique: dict[str, list[str]]
    agreement: list[Agreement]
    left_out: int = 0  # columns not shown (``compare(most=...)``)
    as_of: dt.date | None = None  # the day its statements and demands are counted to
    #: the demands that may or may not have been made by then: not counted, named apart
    possibly: tuple[ClaimRow, ...] = ()

    def demand_themes(self, column: str) -> set[str]:
        return {
            theme
            for theme, cells in self.matrix.items()
            if any(r.claim.kind == "demand" for r in cells.get(column, []))
        }

    def claim_themes(self, column: str) -> set[str]:
        return {theme for theme, cells in self.matrix.items() if cells.get(column)}

    def side_by_side(self) -> dict[str, list[str]] | None:
        """With exactly two columns: the themes both raise, and those only one does."""
        if len(self.columns) != 2:
            return None
        a, b = (c.id for c in self.columns)
        order = [t.id for t in self.themes]
        in_a, in_b = self.claim_themes(a), self.claim_themes(b)
        return {
            "both": [t for t in order if t in in_a and t in in_b],
            "only_a": [t for t in order if t in in_a and t not in in_b],
            "only_b": [t for t in order if t in in_b and t not in in_a],
        }

    def as_json(self) -> dict[str, Any]:
        doc: dict[str, Any] = {
            "by": self.by,
            "as_of": self.as_of.isoformat() if self.as_of else None,
            "orgs" if self.by == "org" else "statements": [c.id for c in self.columns],
            "themes": [t.id for t in self.themes],
            "matrix": {
                theme: {col: [r.claim.id for r in rows] for col, rows in cells.items() if rows}
                for theme, cells in self.matrix.items()
            },
            "kinds": {
                theme: {
                    col: sorted({r.claim.kind for r in rows}, key=CLAIM_KINDS.index)
                    for col, rows in cells.items()
                    if rows
                }
                for theme, cells in self.matrix.items()
            },
            "shared_by_all": self.shared_by_all,
            "unique": self.unique,
            "agreement": [
                {"a": g.a, "b": g.b, "jaccard": g.jaccard, "shared": list(g.shared)}
                for g in self.agreement
            ],
        }
        pair = self.side_by_side()
        if pair is not None:
            doc["side_by_side"] = {"a": self.columns[0].id, "b": self.columns[1].id, **pair}
        return doc


def compare(
    corpus: Corpus,
    orgs: Sequence[str] = (),
    by: str = "org",
    statements: Sequence[str] = (),
    as_of: dt.date | None = None,
    *,
    all_rows: list[ClaimRow] | None = None,
    most: int | None = None,
    unlimited: bool = False,
) -> Comparison:
    """Which themes each organisation (or statement) raises, and how far they agree.

    Columns are the organisations named, or by default every organisation that
    made a demand (its own or one it endorses). ``by="statement"`` compares
    statements instead: those named, or the statements of the organisations
    named, or all. Agreement is the Jaccard index of the demand themes.

    ``all_rows`` is ``claim_rows(corpus, DemandQuery(kind="all", as_of=as_of))``
    when the caller has it already.

    Pairwise agreement grows with the square of the columns: more than
    :data:`MAX_COLUMNS` raise :class:`TooManyColumns`, unless ``most`` is given,
    which keeps (in their order) the ``most`` columns with most claims and
    counts the rest in :attr:`Comparison.left_out`; ``unlimited`` compares them all
    (the database export's agreement table).
    """
    day = as_of_day(as_of)
    if all_rows is None:
        all_rows = Answer(*claim_rows_apart(corpus, DemandQuery(kind="all", as_of=day)))
    columns: list[Column] = []
    cells: dict[str, list[ClaimRow]] = {}
    if by == "statement":
        chosen = [corpus.statement(s) for s in statements]
        if not chosen:
            wanted = {corpus.org(o).id for o in orgs}
            chosen = [s for s in corpus.statements if not wanted or s.org in wanted]
        chosen = time_ordered(corpus, {s.id: s for s in chosen}.values())
        if most is None and not unlimited and len(chosen) > MAX_COLUMNS:
            raise TooManyColumns(
                f"compare --by statement compares at most {MAX_COLUMNS} statements at once"
                f" ({len(chosen)} chosen): name them with --statement, or narrow with --org"
            )
        by_statement: dict[str, list[ClaimRow]] = {}
        for claim_row in all_rows:
            by_statement.setdefault(claim_row.statement.id, []).append(claim_row)
        for st in chosen:
            label = f"{corpus.author(st).label} {st.date}"
            columns.append(Column(st.id, label))
            cells[st.id] = by_statement.get(st.id, [])
    else:
        chosen_orgs = [corpus.org(o) for o in orgs] if orgs else corpus.organisations
        unique_orgs = {org.id: org for org in chosen_orgs}  # named twice, shown once
        per_org = rows_by_org(corpus, all_rows, set(unique_orgs), day)
        for org in unique_orgs.values():
            rows = per_org[org.id]
            if not orgs and not any(r.claim.kind == "demand" for r in rows):
                continue
            columns.append(Column(org.id, org.label))
            cells[org.id] = rows
        if most is None and not unlimited and len(columns) > MAX_COLUMNS:
            raise TooManyColumns(
                f"compare compares at most {MAX_COLUMNS} organisations at once"
                + (
                    f" ({len(columns)} named): name fewer with --org"
                    if orgs
                    else f" ({len(columns)} made demands): choose them with --org"
                )
            )
    left_out = 0
    if most is not None and len(columns) > most:
        kept = sorted(range(len(columns)), key=lambda i: (-len(cells[columns[i].id]), i))[:most]
        left_out = len(columns) - most
        columns = [columns[i] for i in sorted(kept)]
    matrix: dict[str, dict[str, list[ClaimRow]]] = {}
    used: list[Theme] = []
    by_theme = {c.id: rows_by_theme(cells[c.id]) for c in columns}  # column -> theme -> rows
    for theme in corpus.themes:
        row = {c.id: by_theme[c.id].get(theme.id, []) for c in columns}
        if any(row.values()):
            matrix[theme.id] = row
            used.append(theme)
    comparison = Comparison(by, columns, used, matrix, [], {}, [], left_out, day)
    if isinstance(all_rows, Answer):  # those asked about, or any, possibly made by then
        named = {corpus.statement(s).id for s in statements} if by == "statement" else set()
        named |= {corpus.org(o).id for o in orgs}
        comparison.possibly = tuple(
            r
            for r in all_rows.possibly
            if r.claim.kind == "demand"
            and (not named or r.statement.id in named or r.statement.org in named)
        )
    return summarise(comparison)


def summarise(comparison: Comparison) -> Comparison:
    """Fill in what a comparison says of its matrix: the demand themes all its columns
    share, those only one raises, and how far each two agree (also for a comparison
    the store lays out: :mod:`simcli.store.derived`)."""
    columns = comparison.columns
    demand_sets = {c.id: comparison.demand_themes(c.id) for c in columns}
    order = [t.id for t in comparison.themes]
    if columns:
        common = set.intersection(*demand_sets.values())
        comparison.shared_by_all = [t for t in order if t in common]
    demanded_by = Counter(t for c in columns for t in demand_sets[c.id])
    for c in columns:  # the themes no other column demands
        comparison.unique[c.id] = [
            t for t in order if t in demand_sets[c.id] and demanded_by[t] == 1
        ]
    for a, b in combinations(columns, 2):
        comparison.agreement.append(
            agreement(a.id, b.id, demand_sets[a.id], demand_sets[b.id], order)
        )
    comparison.agreement.sort(key=closest_first)
    return comparison


def agreement(a: str, b: str, sa: set[str], sb: set[str], order: Sequence[str]) -> Agreement:
    """How far columns ``a`` and ``b`` agree: the Jaccard index of their demand themes
    ``sa`` and ``sb``, and the themes they share, in ``order``."""
    union, both = sa | sb, sa & sb
    shared = tuple(t for t in order if t in both)
    return Agreement(a, b, round(len(shared) / len(union), 3) if union else 0.0, shared)


def closest_first(g: Agreement) -> tuple[float, str, str]:
    """The order of agreements: the closest first, ties by the columns' ids."""
    return (-g.jaccard, g.a, g.b)
