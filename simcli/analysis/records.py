"""Records of the corpus as the answers give them: a statement, an outcome, an outcome
as the answer to demands (their fields: :mod:`simcli.model.fields`).

A record's own fields come from its model (``model_dump(mode="json")``), so a
field added to the corpus format is one change in :mod:`simcli.model.schema` plus its
place here; what the answers add (an organisation's name, a demand's status,
a record's possible days) is added here, once. The ``*_FIELDS`` tuples give
the order of the JSON keys and of the CSV columns alike.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from simcli.analysis.chronology import chronology_of
from simcli.model.fields import (
    OUTCOME_ANSWER_FIELDS,
    OUTCOME_FIELDS,
    STATEMENT_FIELDS,
    ordered,
    own,
)
from simcli.model.plain import plain

if TYPE_CHECKING:
    from simcli.model.corpus import Corpus
    from simcli.model.schema import Evidence, Outcome, Statement


def statement_record(corpus: Corpus, statement: Statement) -> dict[str, Any]:
    """A statement without its claims (counted instead), with its author's name and
    the days it can have been made on."""
    time = chronology_of(corpus)
    values = plain(statement, exclude=("claims",))
    values.update(
        org_name=corpus.author(statement).name,
        earliest=time.earliest(statement.id).isoformat(),
        latest=time.latest(statement.id).isoformat(),
        endorsed_by=[s.id for s in corpus.endorsed_by(statement)],
        claims=len(statement.claims),
        demands=sum(1 for c in statement.claims if c.kind == "demand"),
    )
    return ordered(values, STATEMENT_FIELDS)


def outcome_record(corpus: Corpus, outcome: Outcome) -> dict[str, Any]:
    """An outcome (or, with no effects, an event) with its evidence and effects."""
    time = chronology_of(corpus)
    values = own(outcome)
    values.update(
        type="outcome" if outcome.effects else "event",
        earliest=time.earliest(outcome.id).isoformat(),
        latest=time.latest(outcome.id).isoformat(),
    )
    return ordered(values, OUTCOME_FIELDS)


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
    values = own(outcome)
    if evidence is not None:
        values["evidence"] = [own(e) for e in evidence]
    values.update(
        status=status,
        note=note,
        answers=answers,
        answers_only=list(answers_only) or None,
        why_not=why_not or None,
    )
    return ordered(values, OUTCOME_ANSWER_FIELDS)
