"""The status of a demand as of a date, derived from the corpus's outcomes.

The rules (the brief's):

- For each theme of a demand, the effect that decides it is the latest
  effect on that theme dated on or before the as-of date, among the effects
  that apply to the demand (an effect naming ``claims`` applies to those
  alone). A theme with no such effect is ``open``.
- A demand is ``met`` only when every one of its themes is met. Otherwise it
  is ``refused`` if any theme was refused, ``partly-met`` if any theme was met
  or partly met, and ``open`` if nothing has happened.

Dates keep their precision, so comparisons are careful: an outcome counts as
of a date only once its whole period has passed (an outcome dated ``2021``
counts from 31 December 2021), and a demand exists as of a date once its
period has begun. Days open are counted from the last day of the demand's
period, so they are never more than the truth ("open at least N days").
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from simcli.corpus import Corpus
from simcli.dates import PartialDate
from simcli.model import Claim, Effect, Outcome

STATUSES: tuple[str, ...] = ("open", "partly-met", "refused", "met")
UNMET: tuple[str, ...] = ("open", "partly-met", "refused")


@dataclass(frozen=True)
class ThemeStatus:
    """Where one theme of one demand stands."""

    theme: str
    status: str
    outcome: Outcome | None = None
    effect: Effect | None = None


@dataclass(frozen=True)
class DemandStatus:
    """Where a demand stands as of a date."""

    status: str
    themes: tuple[ThemeStatus, ...]
    outcome: Outcome | None  # the latest outcome among those deciding the status
    since: PartialDate
    open_days: int | None  # None once met
    deadline_passed: bool | None  # None without a deadline

    @property
    def status_date(self) -> PartialDate | None:
        return self.outcome.date if self.outcome is not None else None

    def theme(self, theme_id: str) -> ThemeStatus:
        for entry in self.themes:
            if entry.theme == theme_id:
                return entry
        raise KeyError(theme_id)


def exists_by(date: PartialDate, as_of: dt.date) -> bool:
    """Whether a statement with this date could have been made by ``as_of``."""
    return date.earliest() <= as_of


class StatusIndex:
    """Effects of a corpus indexed by theme, to derive statuses quickly."""

    def __init__(self, corpus: Corpus) -> None:
        self.corpus = corpus
        # theme -> (date it counts from, order in the file, outcome, effect, claims it
        # is narrowed to), in the order they happened
        self._by_theme: dict[str, list[tuple[dt.date, int, Outcome, Effect, frozenset[str]]]] = {}
        for order, outcome in enumerate(corpus.outcomes):
            for effect in outcome.effects:
                self._by_theme.setdefault(effect.theme, []).append(
                    (outcome.date.latest(), order, outcome, effect, frozenset(effect.claims))
                )
        for entries in self._by_theme.values():
            entries.sort(key=lambda entry: entry[:2])

    def theme_status(self, claim: Claim, theme: str, as_of: dt.date) -> ThemeStatus:
        decided: tuple[Outcome, Effect] | None = None
        for counts_from, _, outcome, effect, only in self._by_theme.get(theme, ()):
            if counts_from > as_of:  # not yet happened; sorted, so nothing later counts either
                break
            if only and claim.id not in only:
                continue
            decided = (outcome, effect)
        if decided is None:
            return ThemeStatus(theme, "open")
        return ThemeStatus(theme, decided[1].status, decided[0], decided[1])

    def status(self, claim: Claim, as_of: dt.date) -> DemandStatus:
        """The status of a demand (or any claim) as of a date."""
        since = self.corpus.statement_of(claim).date
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
        latest = max(outcomes, key=self._outcome_key) if outcomes else None
        open_days = None
        if status != "met":
            open_days = max((as_of - since.latest()).days, 0)
        deadline_passed = None
        if claim.deadline is not None:
            deadline_passed = status != "met" and claim.deadline.latest() < as_of
            if status == "met" and latest is not None:
                # met, but was it met in time?
                deadline_passed = claim.deadline.latest() < latest.date.earliest()
        return DemandStatus(status, themes, latest, since, open_days, deadline_passed)

    def _outcome_key(self, outcome: Outcome) -> tuple[dt.date, int]:
        return (outcome.date.latest(), self.corpus.position(outcome))


def demand_status(corpus: Corpus, claim: Claim, as_of: dt.date | None = None) -> DemandStatus:
    """The status of one claim as of a date (default today)."""
    return StatusIndex(corpus).status(claim, as_of or dt.date.today())
