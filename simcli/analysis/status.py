"""The status of a demand as of a date, derived from the corpus's outcomes.

How a status is decided (the README says the same in "How a status is decided"):

- An effect of an outcome **answers** a demand only if
  1. the outcome is known to come after the demand was made, by dates that
     do not overlap or by an ordering the corpus records (``after``, an
     outcome's ``evidence``, ``endorses``; see :mod:`simcli.analysis.chronology`). A
     tie, or an overlap the corpus does not order, does not count: unmet is
     the safe side;
  2. it acts on the organisation the demand was made of: the demand's target
     is the outcome's actor or one of the organisations the effect's ``orgs``
     adds to it, or the effect names the demand in ``claims`` (which then
     limits it to those claims);
  3. its outcome had certainly happened by the as-of date (an outcome dated
     ``2021`` counts from 31 December 2021, or from the last day the
     corpus's orderings allow).
- For each theme of a demand, the latest effect that answers it decides that
  theme; a theme with none is ``open``. A demand is ``met`` only when every
  theme is met; otherwise ``refused`` if any theme was refused,
  ``partly-met`` if any was met or partly met, ``open`` if nothing answered it.
- The latest effect on a theme is still shown as context beside a demand it
  does not answer, with the reason it does not (:attr:`ThemeStatus.context`).
- A demand exists as of a date from its statement's earliest possible day.
  Days open count from its latest possible day, so they are never more than
  the truth ("open at least N days"); a theme's days open are those of its
  longest-open unmet demand (:mod:`simcli.analysis.unmet`).
"""

from __future__ import annotations

import bisect
import copy
import datetime as dt
from collections.abc import Iterator
from typing import Any

from simcli.analysis.chronology import chronology_of
from simcli.model.corpus import Corpus
from simcli.model.dates import PartialDate, as_of_day
from simcli.model.schema import Claim, Effect, Outcome
from simcli.model.values import Value

STATUSES: tuple[str, ...] = ("open", "partly-met", "refused", "met")
UNMET: tuple[str, ...] = ("open", "partly-met", "refused")


class ThemeStatus(Value):
    """Where one theme of one demand stands."""

    def __init__(
        self,
        theme: str,
        status: str,
        outcome: Outcome | None = None,
        effect: Effect | None = None,
        context: tuple[Outcome, Effect, str] | None = None,
    ) -> None:
        self.theme = theme
        self.status = status
        self.outcome = outcome  # the outcome whose effect decides the theme
        self.effect = effect
        #: the latest effect on the theme by the as-of date, where it does not answer
        #: this demand (shown as context), and why it does not
        self.context = context

    def as_json(self) -> dict[str, Any]:
        """How one theme of a demand stands (``show CLAIM``): its status, the outcome
        that decides it, and the latest outcome on the theme that does not count."""
        context = None
        if self.context is not None:
            outcome, effect, why = self.context
            context = {"outcome": outcome.id, "status": effect.status, "why_not": why}
        return {
            "theme": self.theme,
            "status": self.status,
            "outcome": self.outcome.id if self.outcome else None,
            "note": (self.effect.note if self.effect else "") or None,
            "context": context,
        }


class DemandStatus(Value):
    """Where a demand stands as of a date."""

    def __init__(
        self,
        status: str,
        themes: tuple[ThemeStatus, ...],
        outcome: Outcome | None,
        since: PartialDate,
        open_days: int | None,
        deadline_passed: bool | None,
    ) -> None:
        self.status = status
        self.themes = themes
        self.outcome = outcome  # the latest outcome among those deciding the status
        self.since = since
        self.open_days = open_days  # None once met
        self.deadline_passed = deadline_passed  # None without a deadline

    @property
    def status_date(self) -> PartialDate | None:
        return self.outcome.date if self.outcome is not None else None

    def theme(self, theme_id: str) -> ThemeStatus:
        for entry in self.themes:
            if entry.theme == theme_id:
                return entry
        raise KeyError(theme_id)


def acted_on(outcome: Outcome, effect: Effect) -> tuple[str, ...]:
    """The organisations whose demands an effect acts on (rule 2): the outcome's
    actor, and those its ``orgs`` add. (An effect that names ``claims`` acts on
    those claims alone.)"""
    return tuple(dict.fromkeys((outcome.actor, *effect.orgs)))


def why_not(corpus: Corpus, outcome: Outcome, effect: Effect, claim: Claim) -> str | None:
    """Why this effect does not answer this demand, or ``None`` if it does (rules 1 and 2)."""
    if effect.claims:
        if claim.id not in effect.claims:
            return "the effect names other claims"
    elif claim.target not in acted_on(outcome, effect):
        acts_on = ", ".join(acted_on(outcome, effect))
        return f"it acts on {acts_on}; the demand is made of {claim.target or 'no one'}"
    time = chronology_of(corpus)
    statement = corpus.statement_of(claim).id
    if not (time.bounds(statement).possible and time.bounds(outcome.id).possible):
        return "its dates and orderings, or the demand's, contradict each other (see simcli check)"
    if not time.known_before(statement, outcome.id):
        if time.known_before(outcome.id, statement):
            return "it came before the demand was made"
        return "it is not known to come after the demand was made"
    return None


#: an effect as the index keeps it: the day its outcome has certainly happened by,
#: the outcome's place in time order, the outcome and the effect
Entry = tuple[dt.date, tuple[Any, ...], Outcome, Effect]


class StatusIndex:
    """Effects of a corpus indexed by theme and by whom they answer, to derive statuses quickly."""

    def __init__(self, corpus: Corpus) -> None:
        self.corpus = corpus
        self.time = chronology_of(corpus)
        # every effect on a theme, in time order: (day it has certainly happened by, order,
        # outcome, effect); and the same effects filed under whom they can answer: the
        # organisations whose demands they act on, or the claims they name (rule 2)
        self._by_theme: dict[str, list[Entry]] = {}
        self._by_org: dict[tuple[str, str], list[Entry]] = {}
        self._by_claim: dict[tuple[str, str], list[Entry]] = {}
        for outcome in corpus.outcomes:
            done_by = self.time.latest(outcome.id)
            order = self.time.sort_key(outcome.id)
            for effect in outcome.effects:
                entry = (done_by, order, outcome, effect)
                self._by_theme.setdefault(effect.theme, []).append(entry)
                if effect.claims:
                    for claim_id in effect.claims:
                        self._by_claim.setdefault((effect.theme, claim_id), []).append(entry)
                else:
                    for org in acted_on(outcome, effect):
                        self._by_org.setdefault((effect.theme, org), []).append(entry)
        for table in (self._by_theme, self._by_org, self._by_claim):
            for entries in table.values():  # time order: the last that answers decides
                entries.sort(key=lambda entry: entry[1])
        self._derived: dict[tuple[str, dt.date], DemandStatus] = {}
        self._theme_turns: dict[str, list[dt.date]] = {}  # shared by parts (sharing())
        # an outcome whose dates contradict each other can end before it begins: the
        # order by earliest day then says nothing of when it had certainly happened by
        self._bisect = all(self.time.bounds(o.id).possible for o in corpus.outcomes)

    def sharing(self, corpus: Corpus) -> StatusIndex:
        """This index for ``corpus``, a part of the corpus it was made for with all its
        outcomes and its chronology (the store answers a large corpus a part at a
        time): the effects' tables shared, no status derived yet."""
        other = copy.copy(self)
        other.corpus, other._derived = corpus, {}
        return other

    def theme_status(self, claim: Claim, theme: str, as_of: dt.date) -> ThemeStatus:
        statement = self.corpus.statement_of(claim).id
        candidates = self._by_claim.get((theme, claim.id), [])
        if claim.target is not None:
            by_org = self._by_org.get((theme, claim.target), [])
            candidates = sorted(candidates + by_org, key=lambda e: e[1]) if candidates else by_org
        decided: tuple[Outcome, Effect] | None = None
        for done_by, _, outcome, effect in _latest_first(candidates, as_of, self._bisect):
            if done_by <= as_of and self.time.known_before(statement, outcome.id):
                decided = (outcome, effect)
                break
        # the latest effect on the theme by then, shown as context where it is not the answer
        context: tuple[Outcome, Effect, str] | None = None
        for done_by, _, outcome, effect in _latest_first(
            self._by_theme.get(theme, []), as_of, self._bisect
        ):
            if done_by > as_of:
                continue
            if decided is None or (outcome, effect) != decided:
                reason = why_not(self.corpus, outcome, effect, claim)
                if reason is not None:
                    context = (outcome, effect, reason)
            break
        if decided is None:
            return ThemeStatus(theme, "open", context=context)
        return ThemeStatus(theme, decided[1].status, decided[0], decided[1], context=context)

    def standing(self, claim: Claim, as_of: dt.date) -> tuple[dt.date, dt.date]:
        """The first and last day of the days around ``as_of`` on which a demand's row
        stands as it does on ``as_of``, apart from its days open and the day it is as of
        (which move every day). It can turn only on: its statement's first and last
        possible days (a demand exists from the first and counts from the last;
        :func:`simcli.analysis.rows.claim_rows_apart`), the day after its deadline, and,
        of every effect on one of its themes, the outcome's first and last possible days
        and the last possible days of the statements that record it (an unmet theme
        quotes them once they are certain). So its status, its row and its themes'
        unmet groups stand still between two such days: the store keeps them for every
        day between (:mod:`simcli.store.statuses`)."""
        statement = self.corpus.statement_of(claim).id
        days = [self.time.earliest(statement), self.time.latest(statement)]
        if claim.deadline is not None and claim.deadline.latest() < dt.date.max:
            days.append(claim.deadline.latest() + dt.timedelta(days=1))
        first = max((d for d in days if d <= as_of), default=dt.date.min)
        then = min((d for d in days if d > as_of), default=None)
        for theme in claim.themes:
            turns = self._turns(theme)
            at = bisect.bisect_right(turns, as_of)
            if at:
                first = max(first, turns[at - 1])
            if at < len(turns) and (then is None or turns[at] < then):
                then = turns[at]
        return first, dt.date.max if then is None else then - dt.timedelta(days=1)

    def _turns(self, theme: str) -> list[dt.date]:
        """The days a theme's effects can turn a demand on it (see :meth:`standing`),
        in order: worked out once, for every part of a corpus this index serves."""
        found = self._theme_turns.get(theme)
        if found is None:
            days: set[dt.date] = set()
            for done_by, _, outcome, _ in self._by_theme.get(theme, ()):
                days.update((done_by, self.time.earliest(outcome.id)))
                days.update(self.time.latest(e.statement) for e in outcome.evidence)
            found = self._theme_turns[theme] = sorted(days)
        return found

    def status(self, claim: Claim, as_of: dt.date) -> DemandStatus:
        """The status of a demand (or any claim) as of a date (derived once)."""
        key = (claim.id, as_of)
        found = self._derived.get(key)
        if found is None:
            found = self._derived[key] = self._status(claim, as_of)
        return found

    def _status(self, claim: Claim, as_of: dt.date) -> DemandStatus:
        statement = self.corpus.statement_of(claim)
        since = statement.date
        themes = tuple(self.theme_status(claim, theme, as_of) for theme in claim.themes)
        values = [t.status for t in themes]
        if all(v == "met" for v in values):
            status = "met"
        elif "refused" in values:
            status = "refused"
        elif "met" in values or "partly-met" in values:
            status = "partly-met"
        else:
            status = "open"
        outcomes = [t.outcome for t in themes if t.outcome is not None]
        latest = max(outcomes, key=lambda o: self.time.sort_key(o.id)) if outcomes else None
        open_days = None
        if status != "met":
            open_days = max((as_of - self.time.latest(statement.id)).days, 0)
        deadline_passed = None
        if claim.deadline is not None:
            deadline_passed = status != "met" and claim.deadline.latest() < as_of
            if status == "met" and latest is not None:
                # met, but was it met in time?
                deadline_passed = claim.deadline.latest() < self.time.earliest(latest.id)
        return DemandStatus(status, themes, latest, since, open_days, deadline_passed)


def _latest_first(entries: list[Entry], as_of: dt.date, skip: bool) -> Iterator[Entry]:
    """Effects in time order, latest first; with ``skip``, from the last that can have
    happened by ``as_of``: those whose earliest possible day is later are skipped by
    bisection (the order begins with the earliest possible day)."""
    end = len(entries)
    if skip:
        end = bisect.bisect_right(entries, as_of, key=lambda entry: entry[1][0])
    return (entries[i] for i in range(end - 1, -1, -1))


def demand_status(corpus: Corpus, claim: Claim, as_of: dt.date | None = None) -> DemandStatus:
    """The status of one claim as of a date (default today)."""
    return status_index_of(corpus).status(claim, as_of_day(as_of))


def status_index_of(corpus: Corpus) -> StatusIndex:
    """The outcomes' effects indexed for deriving demands' statuses: made once per
    corpus and kept with it (``corpus.derived``), and every status it derives
    remembered (a report asks for each several times)."""
    found = corpus.derived.get("status_index")
    if found is None:
        found = corpus.derived["status_index"] = StatusIndex(corpus)
    assert isinstance(found, StatusIndex)
    return found
