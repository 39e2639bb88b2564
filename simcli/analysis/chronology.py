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
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Protocol, TypeVar

from simcli.model.values import Value


class _Record(Protocol):
    @property
    def id(self) -> str: ...


class _Dated(Protocol):
    """A record as its time needs it: its id, date and what it comes after."""

    @property
    def id(self) -> str: ...
    @property
    def date(self) -> PartialDate: ...
    @property
    def after(self) -> Sequence[str]: ...


class _Statement(_Dated, Protocol):
    @property
    def endorses(self) -> Sequence[str]: ...


class _Quoted(Protocol):
    @property
    def statement(self) -> str: ...


class _Outcome(_Dated, Protocol):
    @property
    def evidence(self) -> Sequence[_Quoted]: ...


class Timed(Protocol):
    """What a chronology is worked out from: a :class:`~simcli.model.corpus.Corpus`,
    or its statements' and outcomes' dates and orderings alone (the store reads a
    large corpus's so, without its statements whole)."""

    @property
    def statements(self) -> Sequence[_Statement]: ...
    @property
    def outcomes(self) -> Sequence[_Outcome]: ...


R = TypeVar("R", bound=_Record)

if TYPE_CHECKING:
    from simcli.model.corpus import Corpus
    from simcli.model.dates import PartialDate
    from simcli.model.diagnostics import FieldPath


class Ordering(Value):
    """One record known to come after another, and the field that says so."""

    def __init__(self, later: str, earlier: str, path: FieldPath, why: str) -> None:
        self.later = later
        self.earlier = earlier
        #: where the corpus says it: an ``after``, ``evidence`` or ``endorses`` entry
        self.path = path
        self.why = why  # "after", "evidence" or "endorses"


class Bounds(Value):
    """The first and last day a record can have happened on."""

    def __init__(self, earliest: dt.date, latest: dt.date) -> None:
        self.earliest = earliest
        self.latest = latest

    @property
    def possible(self) -> bool:
        return self.earliest <= self.latest


_NO_ANCESTORS: frozenset[str] = frozenset()


class Chronology:
    """Derived time for every statement and outcome of a corpus (see the module docs)."""

    def __init__(self, corpus: Timed) -> None:
        dates: dict[str, PartialDate] = {}
        for statement in corpus.statements:
            dates[statement.id] = statement.date
        for outcome in corpus.outcomes:
            dates[outcome.id] = outcome.date
        self._dates = dates
        orderings: list[Ordering] = []
        for s_i, statement in enumerate(corpus.statements):
            for k, other in enumerate(statement.after):
                path: FieldPath = ("statements", s_i, "after", k)
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
        """Every record this one is known, through ordering chains, to come after
        (one walk, kept for this record only: asked of a few records, never of all)."""
        done = self._ancestors.get(record_id)
        if done is not None:
            return done
        seen: set[str] = set()
        stack = list(self._earlier.get(record_id, ()))
        while stack:
            node = stack.pop()
            if node not in seen:
                seen.add(node)
                stack.extend(self._earlier.get(node, ()))
        seen.discard(record_id)
        found = frozenset(seen) if seen else _NO_ANCESTORS
        self._ancestors[record_id] = found
        return found

    def depth(self, record_id: str) -> int:
        """How many records stand before this one in its longest ordering chain."""
        self._derive()
        return self._depth.get(record_id, 0)

    # bounds -------------------------------------------------------------------------
    def bounds(self, record_id: str) -> Bounds:
        """The earliest and latest day this record can have happened on."""
        self._derive()
        return self._bounds[record_id]

    def _topological(self) -> list[str]:
        """Every record, each after all it is ordered after (file order among equals);
        records on a cycle (refused on load) come last, in file order."""
        waiting = {r: len(self._earlier.get(r, ())) for r in self._dates}
        ready = [r for r in self._dates if not waiting[r]]
        order: list[str] = []
        while ready:
            node = ready.pop()
            order.append(node)
            for later in self._later.get(node, ()):
                waiting[later] -= 1
                if not waiting[later]:
                    ready.append(later)
        placed = set(order)
        return order + [r for r in self._dates if r not in placed]

    def _derive(self) -> None:
        """Bounds and depths of every record, in one pass each way along the orderings:
        linear in records and orderings, however long the chains."""
        if self._bounds:
            return
        order = self._topological()
        earliest: dict[str, dt.date] = {}
        for node in order:
            day = self._dates[node].earliest()
            depth = 0
            for e in self._earlier.get(node, ()):
                if e in earliest:  # (not yet, only on a cycle)
                    day = max(day, earliest[e])
                    depth = max(depth, self._depth.get(e, 0) + 1)
            earliest[node] = day
            self._depth[node] = depth
        latest: dict[str, dt.date] = {}
        for node in reversed(order):
            day = self._dates[node].latest()
            for later in self._later.get(node, ()):
                if later in latest:
                    day = min(day, latest[later])
            latest[node] = day
        self._bounds = {r: Bounds(earliest[r], latest[r]) for r in self._dates}

    def linked_to(self, records: set[str]) -> set[str]:
        """Records with one of ``records`` before or after them in an ordering chain
        (not those records themselves, unless so linked): one pass each way."""
        order = self._topological()
        after_one: set[str] = set()  # has one of them among its ancestors
        for node in order:
            if any(e in records or e in after_one for e in self._earlier.get(node, ())):
                after_one.add(node)
        before_one: set[str] = set()
        for node in reversed(order):
            if any(n in records or n in before_one for n in self._later.get(node, ())):
                before_one.add(node)
        return after_one | before_one

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

    def certain_by(self, record_id: str, as_of: dt.date) -> bool:
        """Whether the record has certainly happened by ``as_of``: its last possible day
        has come (a statement dated ``2023`` is certain from 31 December 2023). Only
        then is a demand counted; before, it is only possibly made."""
        return self.latest(record_id) <= as_of

    def sort_key(self, record_id: str) -> tuple[dt.date, int, dt.date, int]:
        """Time order: by earliest possible day, then after what it is known to follow,
        then by latest possible day, then file order. Consistent with every ordering."""
        days = self.bounds(record_id)
        return (days.earliest, self.depth(record_id), days.latest, self._position[record_id])


def chronology_of(corpus: Corpus) -> Chronology:
    """When each statement and outcome of a corpus can have happened, and their known
    order: worked out once per corpus and kept with it (``corpus.derived``)."""
    found = corpus.derived.get("chronology")
    if found is None:
        found = corpus.derived["chronology"] = Chronology(corpus)
    assert isinstance(found, Chronology)
    return found


def time_ordered(corpus: Corpus, records: Iterable[R]) -> list[R]:
    """Statements or outcomes as they happened (see :meth:`Chronology.sort_key`)."""
    key = chronology_of(corpus).sort_key
    return sorted(records, key=lambda record: key(record.id))


def contradicted(corpus: Corpus) -> list[str]:
    """Records whose dates and orderings leave them no possible day (of the whole
    corpus, even where this is the part of it a question needs)."""
    if corpus.known_contradictions is not None:
        return corpus.known_contradictions
    return chronology_of(corpus).contradicted()
