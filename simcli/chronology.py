"""When each statement and outcome can have happened, and what is known to come first.

A date keeps its precision: "2023" says only that a statement appeared on some
day of 2023. The corpus often knows more than the dates say: a statement that
quotes NHS England's letter of 10 March 2023 came after it, even if it is dated
only "2023". This module puts the two together.

Orderings come from three places:

- ``after``: a statement or outcome names the records it is known to come after;
- ``evidence``: a statement that records an outcome comes after that outcome;
- ``endorses``: a statement that endorses (or publishes) another comes after it.

From these, every record gets an earliest and a latest possible day: no
earlier than its own date allows or than anything it comes after, and no later
than its own date allows or than anything that comes after it. Record *a* is
**known to come before** record *b* when an ordering chain leads from *a* to
*b*, or when *a*'s latest possible day is before *b*'s earliest. A tie, or
an overlap the corpus does not order, is not known either way.

Everything that sorts or compares records in time uses this: the timeline and
the report's order, whether a statement exists as of a date, whether an
outcome can answer a demand, since when a demand is open and for how many days.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from simcli.errors import Path_

if TYPE_CHECKING:
    from simcli.corpus import Corpus
    from simcli.dates import PartialDate


@dataclass(frozen=True)
class Ordering:
    """One record known to come after another, and the field that says so."""

    later: str
    earlier: str
    path: Path_  # where the corpus says it: an ``after``, ``evidence`` or ``endorses`` entry
    why: str  # "after", "evidence" or "endorses"


@dataclass(frozen=True)
class Bounds:
    """The first and last day a record can have happened on."""

    earliest: dt.date
    latest: dt.date

    @property
    def possible(self) -> bool:
        return self.earliest <= self.latest


_NO_ANCESTORS: frozenset[str] = frozenset()


class Chronology:
    """Derived time for every statement and outcome of a corpus (see the module docs)."""

    def __init__(self, corpus: Corpus) -> None:
        dates: dict[str, PartialDate] = {}
        for statement in corpus.statements:
            dates[statement.id] = statement.date
        for outcome in corpus.outcomes:
            dates[outcome.id] = outcome.date
        self._dates = dates
        orderings: list[Ordering] = []
        for s_i, statement in enumerate(corpus.statements):
            for k, other in enumerate(statement.after):
                path: Path_ = ("statements", s_i, "after", k)
                orderings.append(Ordering(statement.id, other, path, "after"))
            for k, other in enumerate(statement.endorses):
                path = ("statements", s_i, "endorses", k)
                orderings.append(Ordering(statement.id, other, path, "endorses"))
        for o_i, outcome in enumerate(corpus.outcomes):
            for k, other in enumerate(outcome.after):
                path = ("outcomes", o_i, "after", k)
                orderings.append(Ordering(outcome.id, other, path, "after"))
            for k, ev in enumerate(outcome.evidence):
                path = ("outcomes", o_i, "evidence", k, "statement")
                orderings.append(Ordering(ev.statement, outcome.id, path, "evidence"))
        #: every ordering the corpus states, in file order (``check`` tests them against the dates)
        self.orderings = [o for o in orderings if o.earlier in dates and o.later in dates]
        self._earlier: dict[str, set[str]] = {}
        self._later: dict[str, set[str]] = {}
        for o in self.orderings:
            if o.later != o.earlier:
                self._earlier.setdefault(o.later, set()).add(o.earlier)
                self._later.setdefault(o.earlier, set()).add(o.later)
        self._ancestors: dict[str, frozenset[str]] = {}
        self._depth: dict[str, int] = {}
        self._bounds: dict[str, Bounds] = {}
        self._position = {record_id: i for i, record_id in enumerate(dates)}

    # orderings -------------------------------------------------------------------
    def ancestors(self, record_id: str) -> frozenset[str]:
        """Every record this one is known, through ordering chains, to come after."""
        done = self._ancestors.get(record_id)
        if done is not None:
            return done
        if record_id not in self._earlier:
            return _NO_ANCESTORS
        # iterative depth-first walk; a cycle (refused on load) is cut where it closes
        stack = [record_id]
        visiting: set[str] = set()
        while stack:
            node = stack[-1]
            if node in self._ancestors:
                stack.pop()
                continue
            visiting.add(node)
            pending = [
                e
                for e in self._earlier.get(node, ())
                if e not in self._ancestors and e not in visiting and e in self._earlier
            ]
            if pending:
                stack.extend(sorted(pending))
                continue
            found: set[str] = set()
            depth = 0
            for e in self._earlier.get(node, ()):
                found.add(e)
                found |= self._ancestors.get(e, _NO_ANCESTORS)
                depth = max(depth, self._depth.get(e, 0) + 1)
            found.discard(node)
            self._ancestors[node] = frozenset(found)
            self._depth[node] = depth
            visiting.discard(node)
            stack.pop()
        return self._ancestors[record_id]

    def depth(self, record_id: str) -> int:
        """How many records stand before this one in its longest ordering chain."""
        self.ancestors(record_id)
        return self._depth.get(record_id, 0)

    # bounds -------------------------------------------------------------------------
    def bounds(self, record_id: str) -> Bounds:
        """The earliest and latest day this record can have happened on."""
        found = self._bounds.get(record_id)
        if found is not None:
            return found
        date = self._dates[record_id]
        earliest, latest = date.earliest(), date.latest()
        for before in self.ancestors(record_id):
            earliest = max(earliest, self._dates[before].earliest())
        for after in self.descendants(record_id):
            latest = min(latest, self._dates[after].latest())
        found = Bounds(earliest, latest)
        self._bounds[record_id] = found
        return found

    def descendants(self, record_id: str) -> set[str]:
        """Every record known, through ordering chains, to come after this one."""
        if record_id not in self._later:
            return set()
        seen: set[str] = set()
        stack = list(self._later[record_id])
        while stack:
            node = stack.pop()
            if node in seen:
                continue
            seen.add(node)
            stack.extend(self._later.get(node, ()))
        seen.discard(record_id)
        return seen

    def earliest(self, record_id: str) -> dt.date:
        return self.bounds(record_id).earliest

    def latest(self, record_id: str) -> dt.date:
        return self.bounds(record_id).latest

    # questions ----------------------------------------------------------------------
    def known_before(self, first: str, then: str) -> bool:
        """Whether ``first`` is known to have come before ``then`` (a tie or an
        overlap that nothing orders is not known). A record whose date and
        orderings contradict each other is known to come before nothing, and
        nothing is known to come before it: the safe side until it is fixed."""
        if first == then:
            return False
        if not (self.bounds(first).possible and self.bounds(then).possible):
            return False
        if first in self.ancestors(then):
            return True
        return self.latest(first) < self.earliest(then)

    def contradicted(self) -> list[str]:
        """Records whose date and orderings leave them no possible day, in file order."""
        return [r for r in self._dates if not self.bounds(r).possible]

    def exists_by(self, record_id: str, as_of: dt.date) -> bool:
        """Whether the record can have happened by ``as_of``: never earlier than it can be."""
        return self.earliest(record_id) <= as_of

    def sort_key(self, record_id: str) -> tuple[dt.date, int, dt.date, int]:
        """Time order: by earliest possible day, then after what it is known to follow,
        then by latest possible day, then file order. Consistent with every ordering."""
        b = self.bounds(record_id)
        return (b.earliest, self.depth(record_id), b.latest, self._position[record_id])
