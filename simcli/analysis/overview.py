"""The corpus at a glance: organisations, statements, themes and the timeline."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from simcli.analysis.chronology import Chronology, chronology_of, time_ordered
from simcli.model.corpus import Corpus
from simcli.model.dates import PartialDate
from simcli.model.fields import ORGANISATION_FIELDS, THEME_FIELDS, ordered, own
from simcli.model.schema import Organisation, Outcome, Statement, Theme
from simcli.model.text import plural

#: a timeline entry's fields in JSON and CSV, in order
TIMELINE_FIELDS = ("date", "earliest", "latest", "type", "id", "who", "title", "detail")


@dataclass(frozen=True)
class TimelineEntry:
    date: PartialDate
    type: str  # "statement", "outcome" or "event" (an outcome with no effect on any theme)
    id: str
    who: str
    title: str
    detail: str
    earliest: (
        dt.date
    )  # the first and last day it can have happened on (see simcli.analysis.chronology)
    latest: dt.date

    @property
    def side(self) -> str:
        """Which side of a drawn timeline: "statement", or "outcome" for outcomes and events."""
        return "statement" if self.type == "statement" else "outcome"

    @property
    def label(self) -> str:
        """The type for people: Statement, Outcome or Event."""
        return self.type.capitalize()

    def as_json(self) -> dict[str, Any]:
        return {
            "date": str(self.date),
            "earliest": self.earliest.isoformat(),
            "latest": self.latest.isoformat(),
            "type": self.type,
            "id": self.id,
            "who": self.who,
            "title": self.title,
            "detail": self.detail,
        }


def timeline(
    corpus: Corpus, start: PartialDate | None = None, end: PartialDate | None = None
) -> list[TimelineEntry]:
    """Statements, outcomes and events in time order, optionally between two dates (inclusive).

    Time order respects what the corpus knows beyond the dates: a statement dated
    only "2023" that discusses a letter of 10 March 2023 comes after the letter.
    A record is kept by a date range if it can have happened within it.
    """
    time = chronology_of(corpus)
    entries = [statement_entry(time, st) for st in corpus.statements]
    entries += [outcome_entry(time, outcome) for outcome in corpus.outcomes]
    if start is not None:
        entries = [e for e in entries if e.latest >= start.earliest()]
    if end is not None:
        entries = [e for e in entries if e.earliest <= end.latest()]
    entries.sort(key=lambda e: time.sort_key(e.id))
    return entries


def statement_entry(time: Chronology, st: Statement) -> TimelineEntry:
    """A statement as the timeline lists it."""
    demands = sum(1 for c in st.claims if c.kind == "demand")
    detail = f"{plural(len(st.claims), 'claim')}, {plural(demands, 'demand')}"
    days = time.bounds(st.id)
    return TimelineEntry(
        st.date, "statement", st.id, st.org, st.shown_title, detail, days.earliest, days.latest
    )


def outcome_entry(time: Chronology, outcome: Outcome) -> TimelineEntry:
    """An outcome (or an event: no effect on any call) as the timeline lists it."""
    detail = "; ".join(f"{e.theme}: {e.status}" for e in outcome.effects)
    detail = detail or "context: no effect on any call"
    kind = "outcome" if outcome.effects else "event"
    days = time.bounds(outcome.id)
    return TimelineEntry(
        outcome.date, kind, outcome.id, outcome.actor, outcome.title, detail,
        days.earliest, days.latest,
    )  # fmt: skip


@dataclass(frozen=True)
class OrgSummary:
    """An organisation with what it said and how often it was asked to act."""

    org: Organisation
    statements: int
    claims: int
    demands: int
    targeted_by: int

    def as_json(self) -> dict[str, Any]:
        """An organisation, with what it said and how often it was asked to act."""
        values = own(self.org)
        values.update(
            statements=self.statements,
            claims=self.claims,
            demands=self.demands,
            targeted_by=self.targeted_by,
        )
        return ordered(values, ORGANISATION_FIELDS)


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
    """A theme of the codebook with its counts and the organisations that raise it."""

    theme: Theme
    claims: int
    demands: int
    orgs: tuple[str, ...]

    def as_json(self) -> dict[str, Any]:
        """A theme of the codebook, with its counts and the organisations that raise it."""
        values = own(self.theme)
        values.update(claims=self.claims, demands=self.demands, orgs=list(self.orgs))
        return ordered(values, THEME_FIELDS)


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
    """Statements in time order, of the organisations named (all by default)."""
    wanted = {corpus.org(o).id for o in orgs}
    chosen = [s for s in corpus.statements if not wanted or s.org in wanted]
    return time_ordered(corpus, chosen)
