"""What a summarised report shows, counted as the claims go by: a batch of statements
at a time (in time order, with their claim rows), so that a report of a large corpus
holds counts, top lists and one batch, never the whole corpus (issue 27).

:func:`simcli.output.report.streamed.streamed_briefing` feeds it the batches the store
reads from the index (:mod:`simcli.store.report_data`), then the unmet answer as the
store keeps it (its groups, their counts and askers, and the outcomes that decide
statuses): no status is derived here. The page it gives is the page of the whole
corpus, byte for byte (a test holds the two to each other).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, deque
from collections.abc import Sequence
from dataclasses import dataclass, field
from itertools import combinations

from simcli.analysis.chronology import chronology_of
from simcli.analysis.compare import Agreement, Column, agreement, closest_first
from simcli.analysis.overview import TimelineEntry, outcome_entry, statement_entry
from simcli.analysis.rows import Answer, ClaimRow
from simcli.analysis.unmet import UnmetGroup
from simcli.model.corpus import Corpus
from simcli.model.schema import Statement
from simcli.output.report.timeline import month_counts

#: the heatmap's columns at most: the organisations with most claims (more cannot be read)
HEATMAP_ORGS = 50
TOP_DEMANDS = 5  # a summarised theme's longest-open demands
TOP_RECORDS = 50  # the summarised timeline's latest records, and organisations counted
_EXACT = {"day": 0, "month": 1, "year": 2}  # of two dates as early, the more precise first


@dataclass(frozen=True)
class OrgCount:
    """How much one organisation said, for a summarised page."""

    name: str
    statements: int
    claims: int
    demands: int
    unmet: int


@dataclass
class Cell:
    """One theme of one organisation in the heatmap: its claims counted."""

    claims: int = 0
    demands: int = 0
    kinds: set[str] = field(default_factory=set)
    via: bool = False  # an endorsed demand counted for the organisation


@dataclass(frozen=True)
class Listed:
    """An unmet theme as a summarised page lists it: its demands counted, who asked
    (in the order they asked), and the longest-open few (in the theme's order)."""

    count: int
    askers: list[str]
    shown: tuple[ClaimRow, ...]

    @property
    def more(self) -> int:
        return self.count - len(self.shown)


class Tally:
    """Counts of a corpus for a summarised report, taken batch by batch (see
    :meth:`add`), then :meth:`finish`."""

    def __init__(self, corpus: Corpus, as_of: dt.date) -> None:
        self.corpus, self.as_of = corpus, as_of
        self.time = chronology_of(corpus)
        self.statements = self.claims = self.demands = self.made = 0
        self.authors: set[str] = set()
        #: the first claim in file order of each author and target of a demand made
        self._made_by: dict[str, tuple[int, int]] = {}
        self._targets: Counter[str] = Counter()
        self._target_first: dict[str, tuple[int, int]] = {}
        self._demanding: set[str] = set()  # organisations with a demand in the heatmap
        self.first: Statement | None = None
        self.last: Statement | None = None
        self._first_key: tuple[object, ...] = ()
        self._last_key: tuple[object, ...] = ()
        self.deciding: set[str] = set()  # outcomes that decide some demand's status
        self.possibly: list[ClaimRow] = []
        self.unmet_demands = 0
        self._orgs: dict[str, list[int]] = {}  # org -> statements, claims, demands, unmet
        self._columns: dict[str, int] = {}  # org -> claims counted in the heatmap
        self._cells: dict[str, dict[str, Cell]] = {}  # org -> theme -> cell
        self._months = month_counts(())
        self._records = 0
        self._span: tuple[dt.date, dt.date] | None = None
        self._latest: deque[tuple[tuple[object, ...], TimelineEntry]] = deque(maxlen=TOP_RECORDS)
        # results (finish)
        self.unmet: Answer[UnmetGroup] = Answer()
        self.listed: dict[str, Listed] = {}
        self.columns: list[Column] = []
        self.themes: list[str] = []
        self.left_out = 0
        self.best: Agreement | None = None
        self.kinds: set[str] = set()  # the kinds of claim the heatmap shows
        self.via = False  # and whether an endorsed demand counts in it
        self.either = 0  # the demand themes either of the best pair raises
        self.timeline_count = 0
        self.timeline_listed: list[tuple[int, TimelineEntry]] = []
        self.months: dict[str, dict[tuple[int, int], int]] = {}
        self.span: tuple[dt.date, dt.date] | None = None
        self.org_counts: list[OrgCount] = []

    def cell(self, theme: str, org: str) -> Cell:
        return self._cells.get(org, {}).get(theme) or Cell()

    # --- a batch ---------------------------------------------------------------------
    def add(
        self,
        corpus: Corpus,
        statements: Sequence[tuple[int, Statement]],
        rows: list[ClaimRow],
        possibly: list[ClaimRow],
        unmet_ids: set[str],
    ) -> None:
        """One batch: ``statements`` in time order, each with its place in file order;
        ``rows`` their claims certainly made by the day (kind ``all``, in time order);
        ``possibly`` those only possibly made; ``unmet_ids`` the demands among the rows
        not met by the day (the store keeps their statuses); ``corpus`` holds them, the
        statements that endorse them and every outcome, with the whole corpus's
        chronology."""
        for place, statement in statements:
            self._statement(place, statement)
        self.possibly += [r for r in possibly if r.claim.kind == "demand"]
        self.unmet_demands += len(unmet_ids)
        by_statement: dict[str, list[ClaimRow]] = {}
        for row in rows:
            by_statement.setdefault(row.statement.id, []).append(row)
            counts = self._orgs.setdefault(row.org.id, [0, 0, 0, 0])
            counts[1] += 1
            counts[2] += row.claim.kind == "demand"
            counts[3] += row.claim.id in unmet_ids
        for own in by_statement.values():  # as compare counts them
            statement = own[0].statement
            self._count(statement.org, own, False)
            taken = {statement.org}
            for endorsing in corpus.endorsed_by(statement):
                org = endorsing.org
                if org not in taken and self.time.certain_by(endorsing.id, self.as_of):
                    taken.add(org)
                    self._count(org, [r for r in own if r.claim.kind == "demand"], True)

    def _statement(self, place: int, statement: Statement) -> None:
        time, day = self.time, self.as_of
        self.statements += 1
        self.authors.add(statement.org)
        self.claims += len(statement.claims)
        certain = time.certain_by(statement.id, day)
        if certain:
            self._orgs.setdefault(statement.org, [0, 0, 0, 0])[0] += 1
        for position, claim in enumerate(statement.claims):
            if claim.kind != "demand":
                continue
            self.demands += 1
            if not certain:
                continue
            self.made += 1
            here = (place, position)
            label = self.corpus.author(statement).label
            if label not in self._made_by or here < self._made_by[label]:
                self._made_by[label] = here
            if claim.target:
                self._targets[claim.target] += 1
                if here < self._target_first.get(claim.target, here):
                    self._target_first[claim.target] = here
                self._target_first.setdefault(claim.target, here)
            exact = _EXACT[statement.date.precision]
            first = (time.earliest(statement.id), exact, here)
            if self.first is None or first < self._first_key:
                self.first, self._first_key = statement, first
            last = (time.latest(statement.id), -exact, (-place, -position))
            if self.last is None or last > self._last_key:
                self.last, self._last_key = statement, last
        entry = statement_entry(time, statement)
        self._record(entry)
        self._latest.append((time.sort_key(statement.id), entry))

    def _record(self, entry: TimelineEntry) -> None:
        self._records += 1
        bucket = self._months[entry.side]
        key = (entry.earliest.year, entry.earliest.month)
        bucket[key] = bucket.get(key, 0) + 1
        if self._span is None:
            self._span = (entry.earliest, entry.latest)
        else:
            self._span = (min(self._span[0], entry.earliest), max(self._span[1], entry.latest))

    def _count(self, org: str, rows: list[ClaimRow], via: bool) -> None:
        """Rows counted for an organisation in the heatmap (its own, or those of a
        statement it endorses: ``via``)."""
        if not rows:
            return
        self._columns[org] = self._columns.get(org, 0) + len(rows)
        if any(row.claim.kind == "demand" for row in rows):
            self._demanding.add(org)
        cells = self._cells.setdefault(org, {})
        for row in rows:
            for theme in dict.fromkeys(row.claim.themes):
                cell = cells.setdefault(theme, Cell())
                cell.claims += 1
                cell.demands += row.claim.kind == "demand"
                cell.kinds.add(row.claim.kind)
                cell.via = cell.via or via

    # --- the end -------------------------------------------------------------------
    def finish(self, groups: list[UnmetGroup], counts: dict[str, tuple[int, list[str]]],
               deciding: set[str]) -> Tally:  # fmt: skip
        """The counts taken, with the unmet answer as the store keeps it: its ``groups``
        (each with its longest-open demands alone), how many demands each has and who
        asked (``counts``, by theme), and the outcomes ``deciding`` some status."""
        corpus, time = self.corpus, self.time
        for group in groups:
            count, askers = counts[group.theme.id]
            self.listed[group.theme.id] = Listed(count, askers, group.demands)
        self.unmet = Answer(groups, self.possibly)
        self.deciding = deciding
        self._heatmap()
        outcomes = [outcome_entry(time, o) for o in corpus.outcomes]
        for entry in outcomes:
            self._record(entry)
        last = sorted(
            [*self._latest, *((time.sort_key(e.id), e) for e in outcomes)], key=lambda p: p[0]
        )[-TOP_RECORDS:]
        self.timeline_count = self._records
        first = self._records - len(last) + 1
        self.timeline_listed = [(first + n, entry) for n, (_, entry) in enumerate(last)]
        self.months, self.span = self._months, self._span
        order = sorted(self._orgs, key=lambda org: (-self._orgs[org][1], org))[:TOP_RECORDS]
        self.org_counts = [OrgCount(corpus.org(org).name, *self._orgs[org]) for org in order]
        return self

    def _heatmap(self) -> None:
        """The heatmap's columns, themes and closest pair, as compare gives them."""
        columns = [
            Column(org.id, org.label)
            for org in self.corpus.organisations
            if org.id in self._demanding
        ]
        if len(columns) > HEATMAP_ORGS:
            most = sorted(range(len(columns)), key=lambda i: (-self._columns[columns[i].id], i))
            self.left_out = len(columns) - HEATMAP_ORGS
            columns = [columns[i] for i in sorted(most[:HEATMAP_ORGS])]
        self.columns = columns
        self.themes = [
            t.id for t in self.corpus.themes if any(t.id in self._cells[c.id] for c in columns)
        ]
        shown = [cell for c in columns for cell in self._cells[c.id].values()]
        self.kinds = {kind for cell in shown for kind in cell.kinds}
        self.via = any(cell.via for cell in shown)
        raised = {c.id: {t for t in self.themes if self.cell(t, c.id).demands} for c in columns}
        pairs = [
            agreement(a.id, b.id, raised[a.id], raised[b.id], self.themes)
            for a, b in combinations(columns, 2)
        ]
        if pairs:
            self.best = min(pairs, key=closest_first)
            self.either = len(raised[self.best.a] | raised[self.best.b])

    def made_authors(self) -> list[str]:
        """The authors of the demands made by the day, in file order."""
        return sorted(self._made_by, key=lambda label: self._made_by[label])

    def top_target(self) -> tuple[list[str], int] | None:
        """The organisations most demands made by the day are of (more than one when as
        many are of each; in file order, as the whole corpus's count gives them), and
        how many."""
        if not self._targets:
            return None
        counts, first = self._targets, self._target_first
        most = max(counts.values())
        return sorted((t for t in counts if counts[t] == most), key=first.__getitem__), most
