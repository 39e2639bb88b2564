"""What a change to a corpus does: the records it adds, removes and modifies, and
what it does to the answers (demands whose status changes, themes newly met or
unmet, the unmet count before and after).

>>> import simcli
>>> from simcli.analysis.diff import diff_corpora
>>> d = diff_corpora(simcli.load_corpus(), simcli.load_corpus())
>>> d.changed
False

:func:`simcli.read.revision.corpus_at_revision` reads the corpus in use as it was at a
git revision, for ``simcli diff --git REV``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from simcli.analysis.rows import DemandQuery, claim_rows
from simcli.analysis.unmet import unmet
from simcli.model.corpus import Corpus
from simcli.model.dates import as_of_day
from simcli.model.plain import plain

KINDS = ("themes", "organisations", "statements", "claims", "outcomes")
FAIL_ON = ("met", "status", "removed", "any")  # what --fail-on can name


@dataclass(frozen=True)
class StatusChange:
    """A demand whose status differs between the two corpora (``None``: not there)."""

    claim: str
    org: str
    before: str | None
    after: str | None

    def as_json(self) -> dict[str, Any]:
        return {"claim": self.claim, "org": self.org, "before": self.before, "after": self.after}


@dataclass
class RecordChanges:
    """Ids of one kind of record added, removed and modified."""

    added: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    modified: list[str] = field(default_factory=list)

    def as_json(self) -> dict[str, list[str]]:
        return {"added": self.added, "removed": self.removed, "modified": self.modified}


@dataclass
class CorpusDiff:
    """The difference between two corpora, and between their answers, as of a day."""

    as_of: dt.date
    records: dict[str, RecordChanges]
    new_demands: list[str]  # demands added, in the new corpus's order
    statuses: list[StatusChange]  # demands whose status changed (added and removed included)
    unmet_before: int
    unmet_after: int
    themes_unmet: list[str]  # themes with unmet demands after, and none before
    themes_no_longer_unmet: list[str]  # themes with unmet demands before, and none after

    @property
    def changed(self) -> bool:
        return any(c.added or c.removed or c.modified for c in self.records.values())

    def fails(self, on: list[str]) -> list[str]:
        """Which of the ``--fail-on`` conditions (:data:`FAIL_ON`) the change meets."""
        met = [s for s in self.statuses if s.after in ("met", "partly-met") and s.before != s.after]
        hits = {
            "met": bool(met),
            "status": any(s.before is not None and s.after is not None for s in self.statuses),
            "removed": any(c.removed for c in self.records.values()),
            "any": self.changed,
        }
        return [name for name in on if hits[name]]

    def as_json(self) -> dict[str, Any]:
        return {
            "as_of": self.as_of.isoformat(),
            "changed": self.changed,
            "records": {kind: c.as_json() for kind, c in self.records.items()},
            "new_demands": self.new_demands,
            "status_changes": [s.as_json() for s in self.statuses],
            "unmet_before": self.unmet_before,
            "unmet_after": self.unmet_after,
            "themes_newly_unmet": self.themes_unmet,
            "themes_no_longer_unmet": self.themes_no_longer_unmet,
        }


def _records(corpus: Corpus) -> dict[str, dict[str, Any]]:
    """kind -> id -> the record as data (a statement without its claims)."""
    out: dict[str, dict[str, Any]] = {kind: {} for kind in KINDS}
    for theme in corpus.themes:
        out["themes"][theme.id] = plain(theme)
    for org in corpus.organisations:
        out["organisations"][org.id] = plain(org)
    for statement in corpus.statements:
        out["statements"][statement.id] = plain(statement, exclude=("claims",))
        for claim in statement.claims:
            out["claims"][claim.id] = {**plain(claim), "in": statement.id}
    for outcome in corpus.outcomes:
        out["outcomes"][outcome.id] = plain(outcome)
    return out


def _unmet_demands(corpus: Corpus, as_of: dt.date) -> tuple[int, set[str]]:
    groups = unmet(corpus, as_of)
    return len({r.claim.id for g in groups for r in g.demands}), {g.theme.id for g in groups}


def diff_corpora(old: Corpus, new: Corpus, as_of: dt.date | None = None) -> CorpusDiff:
    """What changes from ``old`` to ``new``, and what that does to the answers as of
    ``as_of`` (default today)."""
    day = as_of_day(as_of)
    before, after = _records(old), _records(new)
    records = {}
    for kind in KINDS:
        a, b = before[kind], after[kind]
        records[kind] = RecordChanges(
            added=[i for i in b if i not in a],
            removed=[i for i in a if i not in b],
            modified=[i for i in b if i in a and a[i] != b[i]],
        )
    query = DemandQuery(as_of=day)
    old_status = {r.claim.id: r for r in claim_rows(old, query) if r.via is None}
    new_status = {r.claim.id: r for r in claim_rows(new, query) if r.via is None}
    statuses = []
    for claim_id in [*new_status, *(i for i in old_status if i not in new_status)]:
        was, now = old_status.get(claim_id), new_status.get(claim_id)
        was_s = was.status.status if was and was.status else None
        now_s = now.status.status if now and now.status else None
        if was_s != now_s:
            org = (now or was).org.id  # type: ignore[union-attr]
            statuses.append(StatusChange(claim_id, org, was_s, now_s))
    unmet_before, themes_before = _unmet_demands(old, day)
    unmet_after, themes_after = _unmet_demands(new, day)
    order = [t.id for t in new.themes] + [t.id for t in old.themes]
    return CorpusDiff(
        as_of=day,
        records=records,
        new_demands=[i for i in new_status if i not in old_status],
        statuses=statuses,
        unmet_before=unmet_before,
        unmet_after=unmet_after,
        themes_unmet=[t for t in dict.fromkeys(order) if t in themes_after - themes_before],
        themes_no_longer_unmet=[
            t for t in dict.fromkeys(order) if t in themes_before - themes_after
        ],
    )
