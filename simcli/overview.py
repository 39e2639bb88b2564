"""The corpus at a glance: organisations, statements, themes and the timeline."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from simcli.corpus import Corpus
from simcli.dates import PartialDate
from simcli.model import Organisation, Statement, Theme


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
