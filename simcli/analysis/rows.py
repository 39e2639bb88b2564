"""Who asked for what, of whom and when: claims as rows, with endorsement and status.

The other questions build on these rows: :mod:`simcli.analysis.unmet` (what is still
unmet) and :mod:`simcli.analysis.compare` (where organisations agree);
:mod:`simcli.analysis.overview` has the views of the corpus as a whole. Each returns
plain records, sorted deterministically, which :mod:`simcli.output.views` lays out.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import Any, TypeVar

from simcli.analysis.chronology import chronology_of
from simcli.analysis.status import UNMET, DemandStatus, status_index_of
from simcli.model.corpus import Corpus
from simcli.model.dates import as_of_day
from simcli.model.fields import CLAIM_FIELDS, ordered, own
from simcli.model.schema import Claim, Organisation, Statement
from simcli.model.values import Value

# --- demands -------------------------------------------------------------------------


class ClaimRow(Value):
    """A claim with its statement, author, endorsement and status."""

    def __init__(
        self,
        claim: Claim,
        statement: Statement,
        org: Organisation,
        endorsed_by: tuple[str, ...],
        via: Statement | None,
        status: DemandStatus | None,
        via_org: Organisation | None = None,
        position: int = 0,
        as_of: dt.date | None = None,
        possibly: bool = False,
    ) -> None:
        self.claim = claim
        self.statement = statement
        self.org = org
        self.endorsed_by = endorsed_by  # organisations whose statements endorse this one
        self.via = via  # the endorsing statement this row was included through
        self.status = status  # demands only
        self.via_org = via_org  # the author of ``via``
        self.position = position  # the claim's place in its statement, for a stable order
        self.as_of = as_of  # the day its status is as of
        #: it may or may not have been made by ``as_of`` (its statement's, or the endorsing
        #: statement's, days span it): not counted, and without a status
        self.possibly = possibly

    @property
    def via_label(self) -> str:
        """Who endorsed it, for people: the endorsing statement's author."""
        return self.via_org.label if self.via_org else ""

    def as_json(self) -> dict[str, Any]:
        """The claim as JSON and CSV give it: with its statement, author, endorsement and
        (for a demand) status."""
        values = own(self.claim)
        status = self.status
        values.update(
            statement=self.statement.id,
            org=self.org.id,
            org_name=self.org.name,
            endorsed_by=list(self.endorsed_by),
            via=self.via.id if self.via else None,  # the endorsing statement, as in every table
            via_org=self.via_org.id if self.via_org else None,  # and its author
            date=str(self.statement.date),
            status=status.status if status else None,
            status_date=str(status.status_date) if status and status.status_date else None,
            status_outcome=status.outcome.id if status and status.outcome else None,
            open_days=status.open_days if status else None,
            deadline_passed=status.deadline_passed if status else None,
            as_of=self.as_of.isoformat() if self.as_of and self.claim.kind == "demand" else None,
            url=self.statement.url,
        )
        return ordered(values, CLAIM_FIELDS)


_T = TypeVar("_T")


class Answer(list[_T]):
    """An answer's rows (or groups), which count, and ``possibly``: the demands that
    may or may not have been made by its as-of day, which do not count but are
    named apart (see :func:`claim_rows_apart`). It is a list, so code that took
    the plain list goes on working."""

    def __init__(self, items: Iterable[_T] = (), possibly: Iterable[ClaimRow] = ()) -> None:
        super().__init__(items)
        self.possibly: list[ClaimRow] = list(possibly)


def made_between(corpus: Corpus, row: ClaimRow) -> tuple[dt.date, dt.date]:
    """The first and last day a possibly-made claim can have been made (through its
    endorsing statement, too, where it is counted through one)."""
    time = chronology_of(corpus)
    ids = [row.statement.id] + ([row.via.id] if row.via is not None else [])
    return max(time.earliest(i) for i in ids), max(time.latest(i) for i in ids)


class DemandQuery(Value):
    """The filters of ``simcli demands``; empty means no filter."""

    def __init__(
        self,
        orgs: Sequence[str] = (),
        themes: Sequence[str] = (),
        targets: Sequence[str] = (),
        kind: str = "demand",
        status: str | None = None,
        own: bool = False,
        as_of: dt.date | None = None,
        statuses: bool = True,
    ) -> None:
        self.orgs = orgs
        self.themes = themes
        self.targets = targets  # the organisations the demands are made of
        self.kind = kind  # a claim kind, or "all"
        self.status = status
        self.own = own
        self.as_of: dt.date = as_of if as_of is not None else as_of_day()
        #: False: rows without their status (the store keeps them: a large report reads
        #: them from there); a status filter then keeps nothing apart from the kind
        self.statuses = statuses


def _endorsers(corpus: Corpus) -> dict[str, list[Statement]]:
    """Statement id -> the statements that endorse it, in file order."""
    return {s.id: corpus.endorsed_by(s) for s in corpus.statements if corpus.endorsed_by(s)}


def rows_by_theme(rows: Iterable[ClaimRow]) -> dict[str, list[ClaimRow]]:
    """Rows grouped under each of their claim's themes, in the order given."""
    grouped: dict[str, list[ClaimRow]] = {}
    for row in rows:
        for theme_id in dict.fromkeys(row.claim.themes):
            grouped.setdefault(theme_id, []).append(row)
    return grouped


def in_time_order(corpus: Corpus, rows: list[ClaimRow]) -> None:
    """Sort rows as their statements happened (see :mod:`simcli.analysis.chronology`),
    then as written."""
    time = chronology_of(corpus)
    rows.sort(key=lambda row: (time.sort_key(row.statement.id), row.position))


def claim_rows(corpus: Corpus, query: DemandQuery | None = None) -> list[ClaimRow]:
    """The claims that answer a query, in date order: those certainly made by its
    as-of day (see :func:`claim_rows_apart` for those only possibly made by then).

    With ``orgs``, a claim counts for an organisation that wrote it, or (unless
    ``own``) whose statement endorses the statement it is in; such rows say
    ``via`` which endorsing statement.
    """
    return claim_rows_apart(corpus, query)[0]


def claim_rows_apart(
    corpus: Corpus, query: DemandQuery | None = None
) -> tuple[list[ClaimRow], list[ClaimRow]]:
    """The claims that answer a query, in date order, in two lists: those certainly
    made by its as-of day, which count, and those that may or may not have been made
    by then (``possibly``: their statement's days, or the endorsing statement's, span
    the day), which do not count and have no status. A status filter keeps only
    demands that have one, so the second list then holds the demands it would
    otherwise have asked about."""
    wanted = query or DemandQuery()
    index = status_index_of(corpus) if wanted.statuses else None
    time = chronology_of(corpus)
    endorsers = _endorsers(corpus)
    org_ids = {corpus.org(name).id for name in wanted.orgs}
    theme_ids = {corpus.theme(name).id for name in wanted.themes}
    target_ids = {corpus.org(name).id for name in wanted.targets}
    day = wanted.as_of
    rows: list[ClaimRow] = []
    apart: list[ClaimRow] = []
    for statement in corpus.statements:
        if not time.exists_by(statement.id, day):
            continue
        possibly = not time.certain_by(statement.id, day)
        endorsing = endorsers.get(statement.id, [])
        via: Statement | None = None
        if org_ids and statement.org not in org_ids:
            if wanted.own:
                continue
            through = [s for s in endorsing if s.org in org_ids and time.exists_by(s.id, day)]
            if not through:
                continue
            # an endorsement certainly made by then first
            via = min(through, key=lambda s: not time.certain_by(s.id, day))
            possibly = possibly or not time.certain_by(via.id, day)
        org = corpus.author(statement)
        endorsed_by = tuple(dict.fromkeys(s.org for s in endorsing))
        for claim in statement.claims:
            if wanted.kind != "all" and claim.kind != wanted.kind:
                continue
            if via is not None and claim.kind != "demand":
                continue  # endorsement carries demands, not the other kinds
            if theme_ids and theme_ids.isdisjoint(claim.themes):
                continue
            if target_ids and claim.target not in target_ids:
                continue
            if possibly and wanted.status and claim.kind != "demand":
                continue
            status = None
            if claim.kind == "demand" and not possibly and wanted.statuses:
                assert index is not None
                status = index.status(claim, day)
            if (
                wanted.status
                and not possibly
                and (status is None or not _status_matches(status.status, wanted.status))
            ):
                continue
            via_org = corpus.author(via) if via is not None else None
            position = corpus.position(claim)
            row = ClaimRow(
                claim, statement, org, endorsed_by, via, status, via_org, position, day, possibly
            )
            (apart if possibly else rows).append(row)
    in_time_order(corpus, rows)
    in_time_order(corpus, apart)
    return rows, apart


def _status_matches(status: str, wanted: str) -> bool:
    return status in UNMET if wanted == "unmet" else status == wanted


def rows_by_org(
    corpus: Corpus, all_rows: list[ClaimRow], org_ids: set[str], as_of: dt.date
) -> dict[str, list[ClaimRow]]:
    """Each organisation's rows as ``claim_rows(orgs=[org])`` gives them, in one pass:
    its own claims, and the demands of statements it endorses, marked ``via``."""
    by_statement: dict[str, list[ClaimRow]] = {}
    for row in all_rows:
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
            if (
                org in out
                and org not in taken
                and chronology_of(corpus).certain_by(endorsing.id, as_of)
            ):
                taken.add(org)
                via_org = corpus.author(endorsing)
                out[org] += [
                    r.replace(via=endorsing, via_org=via_org)
                    for r in rows
                    if r.claim.kind == "demand"
                ]
    for rows in out.values():
        in_time_order(corpus, rows)
    return out
