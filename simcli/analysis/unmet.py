"""Which calls are still unmet: demands not met as of a date, grouped by theme."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any

from simcli.analysis.chronology import chronology_of
from simcli.analysis.rows import Answer, ClaimRow, DemandQuery, claim_rows_apart, rows_by_theme
from simcli.model.corpus import Corpus
from simcli.model.dates import PartialDate, as_of_day
from simcli.model.schema import Evidence, Outcome, Theme


@dataclass(frozen=True)
class OutcomeRef:
    """An outcome as evidence for a status, or as context beside demands it does not answer."""

    outcome: Outcome
    status: str
    note: str
    answers: bool = True  # False: context only (made before the demands, or of someone else)
    why_not: str = ""  # why it answers none of them, when it answers none
    answered: tuple[str, ...] = ()  # the demands of its group it answers, when not all
    #: the statements that record it, those certainly made by the day (set by unmet())
    evidence: tuple[Evidence, ...] = ()

    @property
    def lead(self) -> str:
        """How to introduce it: as the answer, or as context that answers none of the demands."""
        if self.answers and self.answered:
            return f"Latest outcome (it answers {', '.join(self.answered)} only)"
        if self.answers:
            return "Latest outcome"
        return (
            "Latest outcome on this theme, as context"
            f" (it answers none of these demands: {self.why_not})"
        )

    def as_json(self) -> dict[str, Any]:
        from simcli.analysis.records import outcome_answer

        return outcome_answer(
            self.outcome,
            self.status,
            self.note,
            self.answers,
            self.answered,
            self.why_not,
            self.evidence,
        )


@dataclass(frozen=True)
class UnmetGroup:
    """The demands on one theme that are not met."""

    theme: Theme
    status: str  # the status most of its demands share (ties: refused, partly-met, open)
    statuses: dict[str, int]  # how many of its demands are refused, partly met, open
    since: PartialDate
    open_days: int
    deadline_passed: bool
    latest_outcome: OutcomeRef | None
    demands: tuple[ClaimRow, ...]
    as_of: dt.date | None = None  # the day it is unmet as of

    def as_json(self) -> dict[str, Any]:
        return {
            "theme": self.theme.id,
            "label": self.theme.label,
            "status": self.status,
            "statuses": dict(self.statuses),
            "since": str(self.since),
            "open_days": self.open_days,
            "deadline_passed": self.deadline_passed,
            "as_of": self.as_of.isoformat() if self.as_of else None,
            "latest_outcome": self.latest_outcome.as_json() if self.latest_outcome else None,
            "demands": [row.as_json() for row in self.demands],
        }


GROUP_ORDER = {"refused": 0, "partly-met": 1, "open": 2}


def _latest(corpus: Corpus, refs: list[OutcomeRef]) -> OutcomeRef | None:
    """The latest outcome among ``refs``; it answers the group if it answers any demand in it."""
    if not refs:
        return None
    time = chronology_of(corpus)
    key = time.sort_key
    last = max(refs, key=lambda r: (key(r.outcome.id), r.answers))
    answering = [r for r in refs if r.outcome.id == last.outcome.id and r.answers]
    return answering[0] if answering else last


def unmet(
    corpus: Corpus,
    as_of: dt.date | None = None,
    orgs: Sequence[str] = (),
    themes: Sequence[str] = (),
    *,
    targets: Sequence[str] = (),
    all_rows: list[ClaimRow] | None = None,
) -> Answer[UnmetGroup]:
    """Demands not met as of a date, grouped by theme in codebook order.

    A demand is listed under each of its themes that is not met; a theme that
    every demand has met is not listed at all. ``orgs`` narrow to who asked,
    ``targets`` to whom they asked. Only demands certainly made by the day count;
    those that may or may not have been made by then (on the themes asked about)
    are the answer's ``possibly``. ``all_rows`` is
    ``claim_rows_apart(corpus, DemandQuery(kind="all", as_of=as_of))`` when the
    caller has it already (it serves only when no ``orgs`` or ``targets`` are given).
    """
    day = as_of_day(as_of)
    if all_rows is not None and not orgs and not targets:
        rows = [r for r in all_rows if r.claim.kind == "demand"]
        apart = all_rows.possibly if isinstance(all_rows, Answer) else []
        apart = [r for r in apart if r.claim.kind == "demand"]
    else:
        rows, apart = claim_rows_apart(corpus, DemandQuery(orgs=orgs, targets=targets, as_of=day))
    theme_ids = [corpus.theme(name).id for name in themes]
    if theme_ids:
        apart = [r for r in apart if not set(theme_ids).isdisjoint(r.claim.themes)]
    by_theme = rows_by_theme(r for r in rows if r.status is not None)
    groups = []
    for theme in corpus.themes:
        if theme_ids and theme.id not in theme_ids:
            continue
        members: list[tuple[ClaimRow, str]] = []
        refs: list[OutcomeRef] = []
        for row in by_theme.get(theme.id, ()):
            assert row.status is not None  # only demands were grouped
            entry = row.status.theme(theme.id)
            if entry.status == "met":
                continue
            members.append((row, entry.status))
            if entry.outcome is not None and entry.effect is not None:
                refs.append(OutcomeRef(entry.outcome, entry.status, entry.effect.note))
            if entry.context is not None:
                outcome, effect, why = entry.context
                refs.append(OutcomeRef(outcome, effect.status, effect.note, False, why))
        if not members:
            continue
        counts = Counter(status for _, status in members)
        status = min(counts, key=lambda s: (-counts[s], GROUP_ORDER[s]))
        latest = _latest(corpus, refs)
        if latest is not None:  # no statement quoted before it had certainly been made
            said = chronology_of(corpus).certain_by
            evidence = tuple(e for e in latest.outcome.evidence if said(e.statement, day))
            latest = replace(latest, evidence=evidence)
        if latest is not None and latest.answers:
            answered = tuple(
                row.claim.id
                for row, _ in members
                if row.status is not None and row.status.theme(theme.id).outcome is latest.outcome
            )
            if len(answered) < len(members):
                latest = replace(latest, answered=answered)
        # the theme is as old as its longest-open demand
        oldest = max(members, key=lambda m: (m[0].status.open_days or 0) if m[0].status else 0)
        assert oldest[0].status is not None
        groups.append(
            UnmetGroup(
                theme=theme,
                status=status,
                statuses={s: counts[s] for s in GROUP_ORDER if counts[s]},
                since=oldest[0].statement.date,
                open_days=oldest[0].status.open_days or 0,
                deadline_passed=any(
                    bool(row.status and row.status.deadline_passed) for row, _ in members
                ),
                latest_outcome=latest,
                demands=tuple(row for row, _ in members),
                as_of=day,
            )
        )
    return Answer(groups, apart)


class GroupInParts:
    """One theme's unmet group put together from the groups :func:`unmet` gives of parts
    of a corpus taken in time order (each part holding every outcome and the whole
    corpus's chronology, so that each of its rows is the whole corpus's; the store works
    a large corpus out a batch at a time): the group :func:`unmet` gives of the whole,
    by the same rules, apart from its demands, which the caller keeps as they come
    (:meth:`group` has none)."""

    def __init__(self, theme: Theme) -> None:
        self.theme = theme
        self.counts: Counter[str] = Counter()
        self.count = 0
        self.oldest: tuple[int, PartialDate] | None = None  # days open, since
        self.deadline_passed = False
        self.latest: OutcomeRef | None = None
        self._latest_key: tuple[Any, ...] = ()
        self._decided: dict[str, list[str]] = {}  # outcome -> the demands it decides

    def add(self, corpus: Corpus, group: UnmetGroup) -> None:
        """A part's group of the theme (``corpus``: the part)."""
        self.counts.update(group.statuses)
        self.count += len(group.demands)
        self.deadline_passed = self.deadline_passed or group.deadline_passed
        for row in group.demands:
            assert row.status is not None  # only demands with a status are grouped
            waited = row.status.open_days or 0
            if self.oldest is None or waited > self.oldest[0]:  # the first longest-open
                self.oldest = (waited, row.statement.date)
            decided = row.status.theme(self.theme.id).outcome
            if decided is not None:
                self._decided.setdefault(decided.id, []).append(row.claim.id)
        ref = group.latest_outcome
        if ref is not None:  # the latest, answering first; ties: the earlier part's
            key = (chronology_of(corpus).sort_key(ref.outcome.id), ref.answers)
            if self.latest is None or key > self._latest_key:
                self.latest, self._latest_key = replace(ref, answered=()), key

    def group(self, as_of: dt.date) -> UnmetGroup:
        """The whole group as of ``as_of``, without its demands."""
        counts, latest = self.counts, self.latest
        if latest is not None and latest.answers:
            answered = self._decided.get(latest.outcome.id, [])
            if len(answered) < self.count:
                latest = replace(latest, answered=tuple(answered))
        assert self.oldest is not None
        return UnmetGroup(
            theme=self.theme,
            status=min(counts, key=lambda s: (-counts[s], GROUP_ORDER[s])),
            statuses={s: counts[s] for s in GROUP_ORDER if counts[s]},
            since=self.oldest[1],
            open_days=self.oldest[0],
            deadline_passed=self.deadline_passed,
            latest_outcome=latest,
            demands=(),
            as_of=as_of,
        )
