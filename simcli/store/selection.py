"""What a question selects statements by, so that the store reads only the part of a
large corpus the question needs (:mod:`simcli.store.index`). Kept apart from the
index: a command names its selection without importing SQLite."""

from __future__ import annotations

from collections.abc import Sequence

from simcli.model.values import Value


class Selection(Value):
    """What a question selects statements by (ids, short names or names): any one
    of them bounds what is read; the question itself still filters by all."""

    def __init__(
        self,
        orgs: Sequence[str] = (),
        themes: Sequence[str] = (),
        target: str | None = None,
        record: str | None = None,
        status: str | None = None,
        between: tuple[str | None, str | None] | None = None,
        day: str | None = None,
    ) -> None:
        self.orgs = orgs
        self.themes = themes
        self.target = target
        self.record = record  # ``show``: a statement, claim or outcome id
        self.status = status  # ``demands --status``: met, partly-met and refused bound it
        #: ``timeline --from/--to``: the dates as given (either may be None)
        self.between = between
        #: with ``status``: the day it is as of (ISO), whose demands possibly made by then
        #: the answer names, whatever their status
        self.day = day

    def selects(self) -> bool:
        answered = self.status in ANSWERED
        return bool(self.orgs or self.themes or self.target or self.record or answered
                    or (self.between and any(self.between)))  # fmt: skip


#: statuses only a demand some effect can answer may have (``open`` and ``unmet``
#: take in every demand)
ANSWERED = ("met", "partly-met", "refused")
