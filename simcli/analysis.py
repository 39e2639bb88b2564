"""Who asked for what, of whom and when: claims as rows, with endorsement and status.

The other questions build on these rows: :mod:`simcli.unmet` (what is still
unmet) and :mod:`simcli.compare` (where organisations agree); :mod:`simcli.overview`
has the views of the corpus as a whole. Each returns plain dataclasses, sorted
deterministically, which :mod:`simcli.views` lays out.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from simcli.corpus import Corpus
from simcli.dates import as_of_day
from simcli.model import Claim, Organisation, Statement
from simcli.status import UNMET, DemandStatus

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
    as_of: dt.date | None = None  # the day its status is as of

    @property
    def via_label(self) -> str:
        """Who endorsed it, for people: the endorsing statement's author."""
        return self.via_org.label if self.via_org else ""

    def as_json(self) -> dict[str, Any]:
        """The claim as JSON and CSV give it (see :func:`simcli.records.claim_record`)."""
        from simcli.records import claim_record

        return claim_record(self)


@dataclass
class DemandQuery:
    """The filters of ``simcli demands``; empty means no filter."""

    orgs: Sequence[str] = ()
    themes: Sequence[str] = ()
    target: str | None = None
    kind: str = "demand"  # a claim kind, or "all"
    status: str | None = None
    own: bool = False
    as_of: dt.date = field(default_factory=as_of_day)


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
    """Sort rows as their statements happened (see :mod:`simcli.chronology`), then as written."""
    time = corpus.chronology
    rows.sort(key=lambda row: (time.sort_key(row.statement.id), row.position))


def claim_rows(corpus: Corpus, query: DemandQuery | None = None) -> list[ClaimRow]:
    """The claims that answer a query, in date order.

    With ``orgs``, a claim counts for an organisation that wrote it, or (unless
    ``own``) whose statement endorses the statement it is in; such rows say
    ``via`` which endorsing statement.
    """
    wanted = query or DemandQuery()
    index = corpus.status_index
    time = corpus.chronology
    endorsers = _endorsers(corpus)
    org_ids = {corpus.org(name).id for name in wanted.orgs}
    theme_ids = {corpus.theme(name).id for name in wanted.themes}
    target_id = corpus.org(wanted.target).id if wanted.target is not None else None
    rows = []
    for statement in corpus.statements:
        if not time.exists_by(statement.id, wanted.as_of):
            continue
        endorsing = endorsers.get(statement.id, [])
        via: Statement | None = None
        if org_ids and statement.org not in org_ids:
            if wanted.own:
                continue
            through = [
                s for s in endorsing if s.org in org_ids and time.exists_by(s.id, wanted.as_of)
            ]
            if not through:
                continue
            via = through[0]
        org = corpus.author(statement)
        endorsed_by = tuple(dict.fromkeys(s.org for s in endorsing))
        for claim in statement.claims:
            if wanted.kind != "all" and claim.kind != wanted.kind:
                continue
            if via is not None and claim.kind != "demand":
                continue  # endorsement carries demands, not the other kinds
            if theme_ids and theme_ids.isdisjoint(claim.themes):
                continue
            if target_id and claim.target != target_id:
                continue
            status = index.status(claim, wanted.as_of) if claim.kind == "demand" else None
            if wanted.status and (
                status is None or not _status_matches(status.status, wanted.status)
            ):
                continue
            via_org = corpus.author(via) if via is not None else None
            position = corpus.position(claim)
            rows.append(
                ClaimRow(
                    claim, statement, org, endorsed_by, via, status, via_org, position, wanted.as_of
                )
            )
    in_time_order(corpus, rows)
    return rows


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
            if org in out and org not in taken and corpus.chronology.exists_by(endorsing.id, as_of):
                taken.add(org)
                via_org = corpus.author(endorsing)
                out[org] += [
                    replace(r, via=endorsing, via_org=via_org)
                    for r in rows
                    if r.claim.kind == "demand"
                ]
    for rows in out.values():
        in_time_order(corpus, rows)
    return out
