"""What a briefing shows, gathered once: :class:`Briefing`, made by :func:`briefing`
from a whole corpus, or for a large corpus read from the store a batch at a time,
from the counts of a :class:`~simcli.output.report.tally.Tally`
(:mod:`simcli.output.report.streamed`). :mod:`simcli.output.report.briefing` writes
it out as HTML or Markdown.
"""

from __future__ import annotations

import datetime as dt
import shlex
from collections import Counter
from dataclasses import dataclass

from simcli.analysis.chronology import chronology_of, time_ordered
from simcli.analysis.compare import Comparison, compare
from simcli.analysis.overview import TimelineEntry, timeline
from simcli.analysis.rows import Answer, ClaimRow, DemandQuery, claim_rows_apart
from simcli.analysis.unmet import UnmetGroup, unmet
from simcli.model.corpus import Corpus
from simcli.model.dates import as_of_day, in_words
from simcli.model.schema import Statement
from simcli.model.text import plural
from simcli.output.render import PAGE_FORMATS
from simcli.output.report import prose
from simcli.output.report.tally import HEATMAP_ORGS as HEATMAP_ORGS
from simcli.output.report.tally import TOP_DEMANDS as TOP_DEMANDS
from simcli.output.report.tally import TOP_RECORDS as TOP_RECORDS
from simcli.output.report.tally import OrgCount as OrgCount
from simcli.output.report.tally import Tally
from simcli.output.views import possibly_made

REPORT_FORMATS = PAGE_FORMATS
#: a corpus of more statements than this is summarised: top lists, counts, and the full
#: lists in a companion CSV (a page of every claim of 100,000 statements is 400 MB)
FULL_UP_TO = 200


@dataclass
class Briefing:
    """Everything a report shows, computed once."""

    title: str
    as_of: dt.date
    corpus: Corpus
    unmet: list[UnmetGroup]
    comparison: Comparison
    timeline: list[TimelineEntry]
    claims: dict[str, list[ClaimRow]]  # statement id -> its claims, in order
    #: summarised (a large corpus): top lists and counts, every claim in ``companion``
    large: bool = False
    #: the companion CSV with every claim and outcome, when the page is written to a file
    companion: str | None = None
    #: a large corpus read a batch at a time: its counts (``corpus`` then holds its
    #: themes, organisations and outcomes, and no statement; ``claims`` is empty)
    tally: Tally | None = None

    def more(self) -> str:
        """Where the full lists of a summarised page are."""
        if self.companion:
            return f"every claim, with its quote and status, is in {self.companion}"
        return f"{self.command('export --format csv')} gives every claim, with its quote and status"

    def command(self, rest: str) -> str:
        """A simcli command line for this corpus (``--data`` unless it is the bundled one)."""
        from simcli.store.load import bundled_corpus_path

        path = self.corpus.path
        if path is None or path == bundled_corpus_path():
            return f"simcli {rest}"
        return f"simcli --data {shlex.quote(self.corpus.name)} {rest}"

    @property
    def statements(self) -> list[Statement]:
        return time_ordered(self.corpus, self.corpus.statements)

    def not_counted(self) -> str:
        """The demands possibly made by the day, but not certainly: named, not counted."""
        apart = getattr(self.unmet, "possibly", [])
        return possibly_made(self.corpus, apart, self.as_of, in_words)

    def nothing_unmet(self) -> str:
        """What to say when no demand is unmet: never "all met" of no demands."""
        if self.tally is not None:
            demands, made = self.tally.demands, self.tally.made
        else:
            time = chronology_of(self.corpus)
            claims = list(self.corpus.claims())
            demands = sum(claim.kind == "demand" for _, claim in claims)
            made = sum(
                claim.kind == "demand" and time.certain_by(statement.id, self.as_of)
                for statement, claim in claims
            )
        if not demands:
            return "The corpus holds no demands yet."
        if not made:
            return f"No demand in the corpus had certainly been made by {in_words(self.as_of)}."
        if made == 1:
            return f"The one demand made by {in_words(self.as_of)} has been met."
        return f"Every demand made by {in_words(self.as_of)} has been met."

    def lede(self) -> str:
        """Three or four sentences from the data, in words people use whatever the
        corpus (one statement, one month, one organisation): who asked for what, of
        whom and when; the outcome that answered most; what is still unmet, and for
        how long."""
        corpus, time = self.corpus, chronology_of(self.corpus)
        made = self._made()
        if made is None:
            return self.nothing_unmet()
        count, authors, first, last, top = made
        by = prose.names(authors) if len(authors) <= 3 else f"{len(authors)} organisations"
        when = prose.when(first.date, last.date)
        said = f"{by} made {prose.count(count, 'demand')} {when}"
        if top is not None:
            targets, asked = top
            said += f", {prose.share(asked, count, [corpus.org(t).name for t in targets])}."
        else:
            said += "."
        answers = [
            o for o in corpus.outcomes if any(e.status in ("met", "partly-met") for e in o.effects)
        ]
        deciding = {  # outcomes that decide some demand's status: an answer, not context
            row.status.outcome.id
            for rows in self.claims.values()
            for row in rows
            if row.status is not None and row.status.outcome is not None
        }
        if self.tally is not None:
            deciding = self.tally.deciding
        answers = [o for o in answers if time.certain_by(o.id, self.as_of) and o.id in deciding]
        if answers:
            best = max(
                answers,
                key=lambda o: (sum(e.status != "refused" for e in o.effects), time.sort_key(o.id)),
            )
            which = "that answered most" if len(answers) > 1 else "that answered"
            said += f" The outcome {which} came {prose.on(best.date)} ({best.title})."
        if not self.unmet:
            return f"{said} {self.nothing_unmet()}"
        oldest = max(self.unmet, key=lambda g: g.open_days)
        count = (
            self.tally.unmet_demands
            if self.tally is not None
            else len({r.claim.id for g in self.unmet for r in g.demands})
        )
        said += (
            f" As of {in_words(self.as_of)}, {prose.count(count, 'demand')} on"
            f" {prose.count(len(self.unmet), 'theme')} {'is' if count == 1 else 'are'} not met;"
        )
        waited = f"{oldest.open_days:,} day{'' if oldest.open_days == 1 else 's'}"
        tied = sum(1 for g in self.unmet if g.open_days == oldest.open_days) - 1
        if len(self.unmet) == 1:
            said += f" it has waited since {in_words(oldest.since)} ({waited})."
        elif tied:  # as long as another: the sentence names one, and says so
            said += (
                f" {oldest.theme.label} and {prose.count(tied, 'other theme')} have waited"
                f" longest, since {in_words(oldest.since)} ({waited})."
            )
        else:
            said += (
                f" {oldest.theme.label} has waited longest, since {in_words(oldest.since)}"
                f" ({waited})."
            )
        return said

    def _made(
        self,
    ) -> tuple[int, list[str], Statement, Statement, tuple[list[str], int] | None] | None:
        """The demands certainly made by the day: how many, by whom (in file order),
        the one that can be earliest and the one that can be latest (as written), and
        the organisations most of them are of (more than one when as many are of each),
        with how many; ``None`` if none."""
        if self.tally is not None:
            tally = self.tally
            if tally.first is None or tally.last is None:
                return None
            return tally.made, tally.made_authors(), tally.first, tally.last, tally.top_target()
        corpus, time = self.corpus, chronology_of(self.corpus)
        made = [
            (s, c)
            for s, c in corpus.claims()
            if c.kind == "demand" and time.certain_by(s.id, self.as_of)
        ]
        if not made:
            return None
        authors = list(dict.fromkeys(corpus.author(s).label for s, _ in made))
        targets = Counter(c.target for _, c in made if c.target)
        exact = {"day": 0, "month": 1, "year": 2}  # of two as early, the more precise
        first = min(made, key=lambda m: (time.earliest(m[0].id), exact[m[0].date.precision]))
        last = max(made, key=lambda m: (time.latest(m[0].id), -exact[m[0].date.precision]))
        most = max(targets.values(), default=0)
        tops = [t for t, n in targets.items() if n == most]  # in file order, as most_common
        return len(made), authors, first[0], last[0], (tops, most) if tops else None

    def counts(self) -> tuple[int, int, int, int, int]:
        """Statements, their authors, claims, demands, and demands not met."""
        if self.tally is not None:
            t = self.tally
            return t.statements, len(t.authors), t.claims, t.demands, t.unmet_demands
        corpus = self.corpus
        demands = sum(1 for _, claim in corpus.claims() if claim.kind == "demand")
        unmet_demands = len({r.claim.id for g in self.unmet for r in g.demands})
        authors = len({s.org for s in corpus.statements})
        return len(corpus.statements), authors, corpus.claim_count(), demands, unmet_demands

    def closest(self) -> str:
        """The two organisations whose demands agree most (the comparison has some)."""
        comp = self.comparison
        best = comp.agreement[0]
        names = {c.id: c.label for c in comp.columns}
        if self.tally is not None:
            either = self.tally.either
        else:
            either = len(comp.demand_themes(best.a) | comp.demand_themes(best.b))
        return (
            f"Closest in their demands: {names[best.a]} and {names[best.b]} (they share"
            f" {len(best.shared)} of the {either} demand themes either raises:"
            f" {', '.join(best.shared) or 'none'})."
        )

    def summary(self) -> str:
        corpus = self.corpus
        statements, authors, claims, demands, unmet_demands = self.counts()
        events = sum(1 for o in corpus.outcomes if not o.effects)
        happened = plural(len(corpus.outcomes) - events, "outcome")
        if events:
            happened += f" and {plural(events, 'event')}"
        return (
            f"{plural(statements, 'statement')} by {plural(authors, 'organisation')},"
            f" {plural(claims, 'claim')} of which {plural(demands, 'demand')},"
            f" {happened}. As of {in_words(self.as_of)}, {self._unmet_count(unmet_demands)}"
        )

    def _unmet_count(self, demands: int) -> str:
        if not demands:
            return "no demand is unmet."
        verb = "is" if demands == 1 else "are"
        return f"{plural(demands, 'demand')} on {plural(len(self.unmet), 'theme')} {verb} not met."


def briefing(corpus: Corpus, as_of: dt.date | None = None, title: str | None = None) -> Briefing:
    """Gather a briefing on ``corpus`` as of a day (default: today)."""
    day = as_of_day(as_of)
    # no orgs: no "via"; the claims certainly made by the day, and those possibly made
    all_rows = Answer(*claim_rows_apart(corpus, DemandQuery(kind="all", as_of=day)))
    rows: dict[str, list[ClaimRow]] = {}
    for row in all_rows:
        rows.setdefault(row.statement.id, []).append(row)
    for listed in rows.values():
        listed.sort(key=lambda r: r.position)
    about = corpus.data.title
    return Briefing(
        title=title or (f"{about}: who asked for what" if about else "Who asked for what"),
        as_of=day,
        corpus=corpus,
        unmet=unmet(corpus, day, all_rows=all_rows),
        comparison=compare(corpus, as_of=day, all_rows=all_rows, most=HEATMAP_ORGS),
        timeline=timeline(corpus),
        claims=rows,
        large=len(corpus.statements) > FULL_UP_TO,
    )


def org_counts(brief: Briefing) -> list[OrgCount]:
    """The organisations with most claims (at most :data:`TOP_RECORDS`), with counts."""
    if brief.tally is not None:
        return brief.tally.org_counts
    unmet_ids = {r.claim.id for g in brief.unmet for r in g.demands}
    counts: dict[str, list[int]] = {}
    for rows in brief.claims.values():
        for row in rows:
            tally = counts.setdefault(row.org.id, [0, 0, 0, 0])
            tally[1] += 1
            tally[2] += row.claim.kind == "demand"
            tally[3] += row.claim.id in unmet_ids
    for statement in brief.corpus.statements:  # those made by the day, as the claims are
        if chronology_of(brief.corpus).certain_by(statement.id, brief.as_of):
            counts.setdefault(statement.org, [0, 0, 0, 0])[0] += 1
    order = sorted(counts, key=lambda org: (-counts[org][1], org))[:TOP_RECORDS]
    return [OrgCount(brief.corpus.org(org).name, *counts[org]) for org in order]


def _shown(brief: Briefing, group: UnmetGroup) -> tuple[tuple[ClaimRow, ...], int]:
    """A theme's demands as the page lists them, and how many it leaves to the CSV."""
    if brief.tally is not None:
        listed = brief.tally.listed[group.theme.id]
        return listed.shown, listed.more
    if not brief.large or len(group.demands) <= TOP_DEMANDS:
        return group.demands, 0

    def waited(row: ClaimRow) -> int:
        return row.status.open_days or 0 if row.status is not None else 0

    longest = sorted(group.demands, key=waited, reverse=True)[
        :TOP_DEMANDS
    ]  # stable: ties keep order
    kept = {id(row) for row in longest}
    return tuple(r for r in group.demands if id(r) in kept), len(group.demands) - TOP_DEMANDS


def _listed(brief: Briefing) -> tuple[list[tuple[int, TimelineEntry]], int]:
    """The timeline's records as the page lists them (numbered), and how many earlier
    ones a summarised page leaves out."""
    if brief.tally is not None:
        listed = brief.tally.timeline_listed
        return listed, brief.tally.timeline_count - len(listed)
    numbered = list(enumerate(brief.timeline, 1))
    if not brief.large or len(numbered) <= TOP_RECORDS:
        return numbered, 0
    return numbered[-TOP_RECORDS:], len(numbered) - TOP_RECORDS


def askers_of(brief: Briefing, group: UnmetGroup) -> tuple[int, list[str]]:
    """How many demands an unmet theme has, and who asked (in the order they did)."""
    if brief.tally is not None:
        listed = brief.tally.listed[group.theme.id]
        return listed.count, listed.askers
    return len(group.demands), list(dict.fromkeys(r.org.label for r in group.demands))


def records_count(brief: Briefing) -> int:
    """How many records the timeline has."""
    return brief.tally.timeline_count if brief.tally is not None else len(brief.timeline)


def statement_count(brief: Briefing) -> int:
    return brief.counts()[0]


def claim_count(brief: Briefing) -> int:
    return brief.counts()[2]
