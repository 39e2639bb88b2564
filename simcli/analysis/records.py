"""The one definition of each record's fields, as JSON, CSV, exports and the report give them.

A record's own fields come from its model (``model_dump(mode="json")``), so a
field added to the corpus format is one change in :mod:`simcli.model.schema` plus its
place here; what the answers add (an organisation's name, a demand's status,
a record's possible days) is added here, once. The ``*_FIELDS`` tuples give
the order of the JSON keys and of the CSV columns alike.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from pydantic import BaseModel

if TYPE_CHECKING:
    from simcli.analysis.overview import OrgSummary, ThemeSummary
    from simcli.analysis.rows import ClaimRow
    from simcli.analysis.status import ThemeStatus
    from simcli.model.corpus import Corpus
    from simcli.model.schema import Evidence, Outcome, Statement

THEME_FIELDS = ("id", "label", "description", "keywords", "claims", "demands", "orgs")
ORGANISATION_FIELDS = (
    "id", "name", "short", "aliases", "kind", "url", "statements", "claims", "demands",
    "targeted_by",
)  # fmt: skip
STATEMENT_FIELDS = (
    "id", "org", "org_name", "title", "title_ours", "date", "earliest", "latest", "date_note",
    "after", "url", "source", "endorses", "endorsed_by", "summary", "claims", "demands",
)  # fmt: skip
CLAIM_FIELDS = (
    "id", "statement", "org", "org_name", "endorsed_by", "via", "via_org", "date", "kind", "themes",
    "target", "text", "quote", "note", "deadline", "deadline_note", "status", "status_date",
    "status_outcome", "open_days", "deadline_passed", "as_of", "url",
)  # fmt: skip
OUTCOME_FIELDS = (
    "id", "type", "date", "earliest", "latest", "date_note", "after", "actor", "title", "url",
    "source", "note", "evidence", "effects",
)  # fmt: skip
# a model field that no record carries, and why (a test holds every other field to a tuple)
LEFT_OUT = {"Statement": {"claims": "counted in 'claims' and 'demands'; each is a record"}}
# an outcome as the answer to demands (``unmet``): who did what, and what it means for them
OUTCOME_ANSWER_FIELDS = (
    "id", "date", "actor", "title", "status", "note", "answers", "answers_only", "why_not",
    "url", "source", "evidence",
)  # fmt: skip


def _own(record: BaseModel) -> dict[str, Any]:
    """A record's own fields, as the corpus has them (dates as written)."""
    return record.model_dump(mode="json")


def _ordered(values: dict[str, Any], fields: tuple[str, ...]) -> dict[str, Any]:
    return {name: values[name] for name in fields}


def theme_record(summary: ThemeSummary) -> dict[str, Any]:
    """A theme of the codebook, with its counts and the organisations that raise it."""
    values = _own(summary.theme)
    values.update(claims=summary.claims, demands=summary.demands, orgs=list(summary.orgs))
    return _ordered(values, THEME_FIELDS)


def organisation_record(summary: OrgSummary) -> dict[str, Any]:
    """An organisation, with what it said and how often it was asked to act."""
    values = _own(summary.org)
    values.update(
        statements=summary.statements,
        claims=summary.claims,
        demands=summary.demands,
        targeted_by=summary.targeted_by,
    )
    return _ordered(values, ORGANISATION_FIELDS)


def statement_record(corpus: Corpus, statement: Statement) -> dict[str, Any]:
    """A statement without its claims (counted instead), with its author's name and
    the days it can have been made on."""
    values = statement.model_dump(mode="json", exclude={"claims"})
    values.update(
        org_name=corpus.author(statement).name,
        earliest=corpus.chronology.earliest(statement.id).isoformat(),
        latest=corpus.chronology.latest(statement.id).isoformat(),
        endorsed_by=[s.id for s in corpus.endorsed_by(statement)],
        claims=len(statement.claims),
        demands=sum(1 for c in statement.claims if c.kind == "demand"),
    )
    return _ordered(values, STATEMENT_FIELDS)


def claim_record(row: ClaimRow) -> dict[str, Any]:
    """A claim with its statement, author, endorsement and (for a demand) status."""
    values = _own(row.claim)
    status = row.status
    values.update(
        statement=row.statement.id,
        org=row.org.id,
        org_name=row.org.name,
        endorsed_by=list(row.endorsed_by),
        via=row.via.id if row.via else None,  # the endorsing statement, as in every table
        via_org=row.via_org.id if row.via_org else None,  # and its author
        date=str(row.statement.date),
        status=status.status if status else None,
        status_date=str(status.status_date) if status and status.status_date else None,
        status_outcome=status.outcome.id if status and status.outcome else None,
        open_days=status.open_days if status else None,
        deadline_passed=status.deadline_passed if status else None,
        as_of=row.as_of.isoformat() if row.as_of and row.claim.kind == "demand" else None,
        url=row.statement.url,
    )
    return _ordered(values, CLAIM_FIELDS)


def outcome_record(corpus: Corpus, outcome: Outcome) -> dict[str, Any]:
    """An outcome (or, with no effects, an event) with its evidence and effects."""
    values = _own(outcome)
    values.update(
        type="outcome" if outcome.effects else "event",
        earliest=corpus.chronology.earliest(outcome.id).isoformat(),
        latest=corpus.chronology.latest(outcome.id).isoformat(),
    )
    return _ordered(values, OUTCOME_FIELDS)


def theme_status_record(entry: ThemeStatus) -> dict[str, Any]:
    """How one theme of a demand stands (``show CLAIM``): its status, the outcome
    that decides it, and the latest outcome on the theme that does not count."""
    context = None
    if entry.context is not None:
        outcome, effect, why = entry.context
        context = {"outcome": outcome.id, "status": effect.status, "why_not": why}
    return {
        "theme": entry.theme,
        "status": entry.status,
        "outcome": entry.outcome.id if entry.outcome else None,
        "note": (entry.effect.note if entry.effect else "") or None,
        "context": context,
    }


def outcome_answer(
    outcome: Outcome,
    status: str,
    note: str,
    answers: bool,
    answers_only: tuple[str, ...],
    why_not: str,
    evidence: tuple[Evidence, ...] | None = None,
) -> dict[str, Any]:
    """An outcome as the latest word on a theme's demands (``unmet``); ``evidence``,
    where given, the statements that record it by the answer's day."""
    values = _own(outcome)
    if evidence is not None:
        values["evidence"] = [e.model_dump(mode="json") for e in evidence]
    values.update(
        status=status,
        note=note,
        answers=answers,
        answers_only=list(answers_only) or None,
        why_not=why_not or None,
    )
    return _ordered(values, OUTCOME_ANSWER_FIELDS)
