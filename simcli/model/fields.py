"""The one definition of each record's fields, as JSON, CSV, exports and the report give them.

A record's own fields come from its model (``model_dump(mode="json")``), so a
field added to the corpus format is one change in :mod:`simcli.model.schema` plus its
place here; what the answers add (an organisation's name, a demand's status,
a record's possible days) is added where the answer is made
(:mod:`simcli.analysis.records` and the results' ``as_json``). The ``*_FIELDS`` tuples
give the order of the JSON keys and of the CSV columns alike.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel

from simcli.model.plain import plain

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


def own(record: BaseModel) -> dict[str, Any]:
    """A record's own fields, as the corpus has them (dates as written): its
    ``model_dump(mode="json")``, without building the model's serializer."""
    return plain(record)


def ordered(values: dict[str, Any], fields: tuple[str, ...]) -> dict[str, Any]:
    return {name: values[name] for name in fields}
