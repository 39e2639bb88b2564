"""The three questions: who asked for what, where do they agree, what is unmet.

Every function here takes a :class:`~simcli.corpus.Corpus` and returns plain
dataclasses; :mod:`simcli.render` turns them into tables, JSON, CSV or
Markdown. Results are sorted deterministically.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from itertools import combinations
from typing import Any

from simcli.corpus import Corpus
from simcli.dates import PartialDate
from simcli.model import CLAIM_KINDS, Claim, Organisation, Outcome, Statement, Theme
from simcli.status import UNMET, DemandStatus, StatusIndex, counts_by, exists_by


# --- demands -------------------------------------------------------------------------
@dataclass(frozen=True)
class ClaimRow:
    """A claim with its statement, author, endorsement and status."""

    claim: Claim
    statement: Statement
    org: Organisation
    endorsed_by: tuple[str, ...]  # organisations whose statements endorse this one
    via: Statement | None  # the endorsing statement this row was included through
    status: DemandStatus | None  # demands only
    via_org: Organisation | None = None  # the author of ``via``
    position: int = 0  # the claim's place in its statement, for a stable order

    @property
    def via_label(self) -> str:
        """Who endorsed it, for people: the endorsing statement's author."""
        return self.via_org.label if self.via_org else ""

    def as_json(self) -> dict[str, Any]:
        claim, status = self.claim, self.status
        return {
            "id": claim.id,
            "statement": self.statement.id,
            "org": self.org.id,
            "org_name": self.org.name,
            "endorsed_by": list(self.endorsed_by),
            "via": self.via.id if self.via else None,
            "date": str(self.statement.date),
            "kind": claim.kind,
            "themes": list(claim.themes),
            "target": claim.target,
            "text": claim.text,
            "quote": claim.quote,
            "deadline": str(claim.deadline) if claim.deadline else None,
            "status": status.status if status else None,
            "status_date": str(status.status_date) if status and status.status_date else None,
            "status_outcome": status.outcome.id if status and status.outcome else None,
            "open_days": status.open_days if status else None,
            "deadline_passed": status.deadline_passed if status else None,
            "url": self.statement.url,
        }


@dataclass
class DemandQuery:
    """The filters of ``simcli demands``; empty means no filter."""

    orgs: Sequence[str] = ()
    themes: Sequence[str] = ()
    target: str | None = None
    kind: str = "demand"  # a claim kind, or "all"
    status: str | None = None
    own: bool = False
    as_of: dt.date = field(default_factory=dt.date.today)


def _endorsers(corpus: Corpus) -> dict[str, list[Statement]]:
    """Statement id -> the statements that endorse it, in file order."""
    return {s.id: corpus.endorsed_by(s) for s in corpus.statements if corpus.endorsed_by(s)}


def _sort_key(row: ClaimRow) -> tuple[Any, ...]:
    return (row.statement.date, row.statement.id, row.position)


def claim_rows(corpus: Corpus, query: DemandQuery | None = None) -> list[ClaimRow]:
    """The claims that answer a query, in date order.

    With ``orgs``, a claim counts for an organisation that wrote it, or (unless
    ``own``) whose statement endorses the statement it is in; such rows say
    ``via`` which endorsing statement.
    """
    q = query or DemandQuery()
    index = StatusIndex(corpus)
    endorsers = _endorsers(corpus)
    org_ids = {corpus.org(name).id for name in q.orgs}
    theme_ids = {corpus.theme(name).id for name in q.themes}
    target_id = corpus.org(q.target).id if q.target else None
    rows = []
    for statement in corpus.statements:
        if not exists_by(statement.date, q.as_of):
            continue
        endorsing = endorsers.get(statement.id, [])
        via: Statement | None = None
        if org_ids and statement.org not in org_ids:
            if q.own:
                continue
            through = [s for s in endorsing if s.org in org_ids and exists_by(s.date, q.as_of)]
            if not through:
                continue
            via = through[0]
        org = corpus.author(statement)
        endorsed_by = tuple(dict.fromkeys(s.org for s in endorsing))
        for claim in statement.claims:
            if q.kind != "all" and claim.kind != q.kind:
                continue
            if via is not None and claim.kind != "demand":
                continue  # endorsement carries demands, not the other kinds
            if theme_ids and theme_ids.isdisjoint(claim.themes):
                continue
            if target_id and claim.target != target_id:
                continue
            status = index.status(claim, q.as_of) if claim.kind == "demand" else None
            if q.status and (status is None or not _status_matches(status.status, q.status)):
                continue
            via_org = corpus.author(via) if via is not None else None
            position = corpus.position(claim)
            rows.append(
                ClaimRow(claim, statement, org, endorsed_by, via, status, via_org, position)
            )
    rows.sort(key=_sort_key)
    return rows


def _status_matches(status: str, wanted: str) -> bool:
    return status in UNMET if wanted == "unmet" else status == wanted


# --- unmet ---------------------------------------------------------------------------
@dataclass(frozen=True)
class OutcomeRef:
    """An outcome as evidence for a status."""

    outcome: Outcome
    status: str
    note: str

    def as_json(self) -> dict[str, Any]:
        o = self.outcome
        return {
            "id": o.id,
            "date": str(o.date),
            "actor": o.actor,
            "title": o.title,
            "status": self.status,
            "note": self.note,
            "url": o.url,
            "source": o.source,
            "evidence": [{"statement": e.statement, "quote": e.quote} for e in o.evidence],
        }


@dataclass(frozen=True)
class UnmetGroup:
    """The demands on one theme that are not met."""

    theme: Theme
    status: str
    since: PartialDate
    open_days: int
    deadline_passed: bool
    latest_outcome: OutcomeRef | None
    demands: tuple[ClaimRow, ...]

    def as_json(self) -> dict[str, Any]:
        return {
            "theme": self.theme.id,
            "label": self.theme.label,
            "status": self.status,
            "since": str(self.since),
            "open_days": self.open_days,
            "deadline_passed": self.deadline_passed,
            "latest_outcome": self.latest_outcome.as_json() if self.latest_outcome else None,
            "demands": [row.as_json() for row in self.demands],
        }


_GROUP_ORDER = {"refused": 0, "partly-met": 1, "open": 2}


def unmet(
    corpus: Corpus,
    as_of: dt.date | None = None,
    orgs: Sequence[str] = (),
    themes: Sequence[str] = (),
) -> list[UnmetGroup]:
    """Demands not met as of a date, grouped by theme in codebook order.

    A demand is listed under each of its themes that is not met; a theme that
    every demand has met is not listed at all.
    """
    day = as_of or dt.date.today()
    rows = claim_rows(corpus, DemandQuery(orgs=orgs, as_of=day))
    theme_ids = [corpus.theme(name).id for name in themes]
    groups = []
    for theme in corpus.themes:
        if theme_ids and theme.id not in theme_ids:
            continue
        members: list[tuple[ClaimRow, str, OutcomeRef | None]] = []
        for row in rows:
            if theme.id not in row.claim.themes or row.status is None:
                continue
            entry = row.status.theme(theme.id)
            if entry.status == "met":
                continue
            ref = (
                OutcomeRef(entry.outcome, entry.status, entry.effect.note)
                if entry.outcome is not None and entry.effect is not None
                else None
            )
            members.append((row, entry.status, ref))
        if not members:
            continue
        counts = Counter(status for _, status, _ in members)
        status = min(counts, key=lambda s: (-counts[s], _GROUP_ORDER[s]))
        refs = [ref for _, _, ref in members if ref is not None]
        latest = max(
            refs,
            key=lambda r: (r.outcome.date.latest(), corpus.position(r.outcome)),
            default=None,
        )
        since = min(row.statement.date for row, _, _ in members)
        groups.append(
            UnmetGroup(
                theme=theme,
                status=status,
                since=since,
                open_days=max((day - since.latest()).days, 0),
                deadline_passed=any(
                    bool(row.status and row.status.deadline_passed) for row, _, _ in members
                ),
                latest_outcome=latest,
                demands=tuple(row for row, _, _ in members),
            )
        )
    return groups


# --- compare -------------------------------------------------------------------------
@dataclass(frozen=True)
class Column:
    """One column of a comparison: an organisation or a statement."""

    id: str
    label: str


@dataclass(frozen=True)
class Agreement:
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
) -> Comparison:
    """Which themes each organisation (or statement) raises, and how far they agree.

    Columns are the organisations named, or by default every organisation that
    made a demand (its own or one it endorses). ``by="statement"`` compares
    statements instead: those named, or the statements of the organisations
    named, or all. Agreement is the Jaccard index of the demand themes.
    """
    day = as_of or dt.date.today()
    everything = claim_rows(corpus, DemandQuery(kind="all", as_of=day))
    columns: list[Column] = []
    cells: dict[str, list[ClaimRow]] = {}
    if by == "statement":
        chosen = [corpus.statement(s) for s in statements]
        if not chosen:
            wanted = {corpus.org(o).id for o in orgs}
            chosen = [s for s in corpus.statements if not wanted or s.org in wanted]
        chosen = sorted(chosen, key=lambda s: (s.date, s.id))
        for st in chosen:
            label = f"{corpus.author(st).label} {st.date}"
            columns.append(Column(st.id, label))
            cells[st.id] = [r for r in everything if r.statement.id == st.id]
    else:
        chosen_orgs = [corpus.org(o) for o in orgs] if orgs else corpus.organisations
        unique_orgs = {org.id: org for org in chosen_orgs}  # named twice, shown once
        per_org = _rows_by_org(corpus, everything, set(unique_orgs), day)
        for org in unique_orgs.values():
            rows = per_org[org.id]
            if not orgs and not any(r.claim.kind == "demand" for r in rows):
                continue
            columns.append(Column(org.id, org.label))
            cells[org.id] = rows
    matrix: dict[str, dict[str, list[ClaimRow]]] = {}
    used: list[Theme] = []
    for theme in corpus.themes:
        row = {c.id: [r for r in cells[c.id] if theme.id in r.claim.themes] for c in columns}
        if any(row.values()):
            matrix[theme.id] = row
            used.append(theme)
    comparison = Comparison(by, columns, used, matrix, [], {}, [])
    demand_sets = {c.id: comparison.demand_themes(c.id) for c in columns}
    order = [t.id for t in used]
    if columns:
        common = set.intersection(*demand_sets.values())
        comparison.shared_by_all = [t for t in order if t in common]
    for c in columns:
        others = set().union(*(demand_sets[o.id] for o in columns if o.id != c.id))
        comparison.unique[c.id] = [t for t in order if t in demand_sets[c.id] - others]
    for a, b in combinations(columns, 2):
        sa, sb = demand_sets[a.id], demand_sets[b.id]
        union = sa | sb
        shared = tuple(t for t in order if t in sa & sb)
        jaccard = round(len(shared) / len(union), 3) if union else 0.0
        comparison.agreement.append(Agreement(a.id, b.id, jaccard, shared))
    comparison.agreement.sort(key=lambda g: (-g.jaccard, g.a, g.b))
    return comparison


def _rows_by_org(
    corpus: Corpus, everything: list[ClaimRow], org_ids: set[str], as_of: dt.date
) -> dict[str, list[ClaimRow]]:
    """Each organisation's rows as ``claim_rows(orgs=[org])`` gives them, in one pass:
    its own claims, and the demands of statements it endorses, marked ``via``."""
    by_statement: dict[str, list[ClaimRow]] = {}
    for row in everything:
        by_statement.setdefault(row.statement.id, []).append(row)
    endorsers = _endorsers(corpus)
    out: dict[str, list[ClaimRow]] = {org: [] for org in org_ids}
    for statement in corpus.statements:
        rows = by_statement.get(statement.id, [])
        if not rows:
            continue
        if statement.org in out:
            out[statement.org] += rows
        taken = {statement.org}
        for endorsing in endorsers.get(statement.id, []):
            org = endorsing.org
            if org in out and org not in taken and exists_by(endorsing.date, as_of):
                taken.add(org)
                via_org = corpus.author(endorsing)
                out[org] += [
                    replace(r, via=endorsing, via_org=via_org)
                    for r in rows
                    if r.claim.kind == "demand"
                ]
    for rows in out.values():
        rows.sort(key=_sort_key)
    return out


# --- views ---------------------------------------------------------------------------
@dataclass(frozen=True)
class TimelineEntry:
    date: PartialDate
    type: str  # "statement" or "outcome"
    id: str
    who: str
    title: str
    detail: str

    def as_json(self) -> dict[str, Any]:
        return {
            "date": str(self.date),
            "type": self.type,
            "id": self.id,
            "who": self.who,
            "title": self.title,
            "detail": self.detail,
        }


def timeline(
    corpus: Corpus, start: PartialDate | None = None, end: PartialDate | None = None
) -> list[TimelineEntry]:
    """Statements and outcomes in date order, optionally between two dates (inclusive)."""
    entries = []
    for st in corpus.statements:
        demands = sum(1 for c in st.claims if c.kind == "demand")
        detail = f"{len(st.claims)} claims, {demands} demands"
        entries.append(TimelineEntry(st.date, "statement", st.id, st.org, st.title, detail))
    for o in corpus.outcomes:
        detail = "; ".join(f"{e.theme}: {e.status}" for e in o.effects)
        entries.append(TimelineEntry(o.date, "outcome", o.id, o.actor, o.title, detail))
    if start is not None:
        entries = [e for e in entries if e.date.latest() >= start.earliest()]
    if end is not None:
        entries = [e for e in entries if e.date.earliest() <= end.latest()]
    kind_order = {"statement": 0, "outcome": 1}
    entries.sort(key=lambda e: (e.date, kind_order[e.type], e.id))
    return entries


@dataclass(frozen=True)
class OrgSummary:
    org: Organisation
    statements: int
    claims: int
    demands: int
    targeted_by: int

    def as_json(self) -> dict[str, Any]:
        o = self.org
        return {
            "id": o.id,
            "name": o.name,
            "short": o.short,
            "aliases": list(o.aliases),
            "kind": o.kind,
            "url": o.url,
            "statements": self.statements,
            "claims": self.claims,
            "demands": self.demands,
            "targeted_by": self.targeted_by,
        }


def organisations(corpus: Corpus) -> list[OrgSummary]:
    """Every organisation with what it said and how often it was asked to act."""
    statements: Counter[str] = Counter()
    claims: Counter[str] = Counter()
    demands: Counter[str] = Counter()
    targeted: Counter[str] = Counter()
    for statement in corpus.statements:
        statements[statement.org] += 1
        claims[statement.org] += len(statement.claims)
        for claim in statement.claims:
            if claim.kind == "demand":
                demands[statement.org] += 1
                if claim.target:
                    targeted[claim.target] += 1
    return [
        OrgSummary(org, statements[org.id], claims[org.id], demands[org.id], targeted[org.id])
        for org in corpus.organisations
    ]


@dataclass(frozen=True)
class ThemeSummary:
    theme: Theme
    claims: int
    demands: int
    orgs: tuple[str, ...]

    def as_json(self) -> dict[str, Any]:
        t = self.theme
        return {
            "id": t.id,
            "label": t.label,
            "description": t.description,
            "keywords": list(t.keywords),
            "claims": self.claims,
            "demands": self.demands,
            "orgs": list(self.orgs),
        }


def theme_summaries(corpus: Corpus) -> list[ThemeSummary]:
    """The codebook with how many claims and demands each theme has, and from whom."""
    out = []
    for theme in corpus.themes:
        claims = [(s, c) for s, c in corpus.claims() if theme.id in c.themes]
        demands = sum(1 for _, c in claims if c.kind == "demand")
        orgs = tuple(dict.fromkeys(s.org for s, _ in claims))
        out.append(ThemeSummary(theme, len(claims), demands, orgs))
    return out


def statements_of(corpus: Corpus, orgs: Iterable[str] = ()) -> list[Statement]:
    """Statements in date order, of the organisations named (all by default)."""
    wanted = {corpus.org(o).id for o in orgs}
    chosen = [s for s in corpus.statements if not wanted or s.org in wanted]
    return sorted(chosen, key=lambda s: (s.date, s.id))


def statement_json(corpus: Corpus, st: Statement) -> dict[str, Any]:
    return {
        "id": st.id,
        "org": st.org,
        "org_name": corpus.author(st).name,
        "title": st.title,
        "date": str(st.date),
        "date_note": st.date_note,
        "url": st.url,
        "source": st.source,
        "endorses": list(st.endorses),
        "endorsed_by": [s.id for s in corpus.endorsed_by(st)],
        "summary": st.summary,
        "claims": len(st.claims),
        "demands": sum(1 for c in st.claims if c.kind == "demand"),
    }


def outcomes_for(corpus: Corpus, as_of: dt.date) -> list[Outcome]:
    """Outcomes that had happened by a date."""
    return [o for o in corpus.outcomes if counts_by(o.date, as_of)]
