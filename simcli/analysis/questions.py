"""Every question the command line answers, as one plain function each.

For a notebook or a script, these ask what ``simcli demands``, ``unmet``,
``compare``, ``timeline``, ``show``, ``diff`` and ``check`` ask, with the same
defaults, and give back data rather than text::

    import simcli
    from simcli.analysis.questions import demands, show, unmet
    corpus = simcli.load_corpus()
    demands(corpus, orgs=["NSUN"], status="unmet")   # [ClaimRow, ...]
    unmet(corpus, as_of="2023-06")                   # [UnmetGroup, ...]
    show(corpus, "cmh-2023-03-10").rows[0].status    # DemandStatus

An ``as_of`` may be a :class:`datetime.date`, a date as a corpus writes one
(``2023``, ``2023-03``: their last day) or ``None`` for today
(:func:`simcli.model.dates.as_of_day`). A name that matches nothing raises
:class:`simcli.UnknownName` (with suggestions); a bad option, :class:`BadQuestion`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from simcli.analysis.rows import Answer, ClaimRow, DemandQuery, claim_rows_apart
from simcli.analysis.status import STATUSES
from simcli.model.corpus import Corpus
from simcli.model.dates import PartialDate, as_of_day
from simcli.model.schema import CLAIM_KINDS, Claim, Outcome, Statement
from simcli.model.values import Value

if TYPE_CHECKING:  # each question loads the modules of its analysis only when asked
    from simcli.analysis.check import CheckResult
    from simcli.analysis.compare import Comparison
    from simcli.analysis.diff import CorpusDiff
    from simcli.analysis.overview import (
        TimelineEntry,
        organisations,
        statements_of,
        theme_summaries,
    )
    from simcli.analysis.unmet import UnmetGroup
    from simcli.read.config import CheckSettings

#: the listings this module offers from :mod:`simcli.analysis.overview`, loaded on first use
_OVERVIEW = ("organisations", "statements_of", "theme_summaries")


def __getattr__(name: str) -> object:
    """``organisations``, ``statements_of`` and ``theme_summaries``, from the module that
    has them, imported only when asked for (``simcli demands`` never loads it)."""
    if name in _OVERVIEW:
        from simcli.analysis import overview

        return getattr(overview, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


AsOf = dt.date | str | None


class BadQuestion(ValueError):
    """An option no answer can be given for; ``option`` names it (``kind``, ``from``)."""

    def __init__(self, option: str, message: str) -> None:
        super().__init__(f"{option}: {message}")
        self.option, self.message = option, message


def question_day(as_of: AsOf) -> dt.date:
    """The day a question is asked as of; a bad date is a :class:`BadQuestion`."""
    try:
        return as_of_day(as_of)
    except ValueError as exc:
        raise BadQuestion("as-of", str(exc)) from None


def _names(names: Sequence[str] | str) -> list[str]:
    """A list of names; one name given alone is a list of one (not of its letters)."""
    return [names] if isinstance(names, str) else list(names)


def demands(
    corpus: Corpus,
    orgs: Sequence[str] | str = (),
    themes: Sequence[str] | str = (),
    target: Sequence[str] | str | None = None,
    kind: str = "demand",
    status: str | None = None,
    own: bool = False,
    as_of: AsOf = None,
) -> Answer[ClaimRow]:
    """``simcli demands``: who asked for what, of whom and when, in time order.

    ``kind`` is a claim kind or ``all``; ``status`` one of the statuses or
    ``unmet`` (any but met); ``target`` one or more organisations the demands are
    made of. With ``orgs``, the demands of statements an organisation endorses
    count as its own (``row.via``), unless ``own``. Only demands certainly made by
    ``as_of`` count; those that may or may not have been made by then are
    ``answer.possibly``."""
    if kind != "all" and kind not in CLAIM_KINDS:
        raise BadQuestion("kind", f"'{kind}' is not one of: {', '.join(CLAIM_KINDS)}, all")
    if status is not None and status not in (*STATUSES, "unmet"):
        raise BadQuestion("status", f"'{status}' is not one of: {', '.join(STATUSES)}, unmet")
    targets = _names(target) if target is not None else []
    query = DemandQuery(
        _names(orgs), _names(themes), targets, kind, status, own, question_day(as_of)
    )
    for name in query.orgs:
        _said_something(corpus, name)
    return Answer(*claim_rows_apart(corpus, query))


def _said_something(corpus: Corpus, name: str) -> None:
    """An organisation asked about as an author that never made a statement, but is
    asked to act, was most likely meant as the target: say so."""
    org = corpus.org(name)
    if any(s.org == org.id for s in corpus.statements):
        return
    asked = sum(1 for _, c in corpus.claims() if c.kind == "demand" and c.target == org.id)
    if asked:
        raise BadQuestion(
            "org",
            f"{org.name} makes no demands; it is the target of {asked}:"
            f" try --target {_arg(org.short or org.id)}",
        )
    raise BadQuestion(
        "org",
        f"{org.name} made no statement and is asked to act in none; see simcli orgs",
    )


def _arg(name: str) -> str:
    """A name as a shell takes it, for a hint people copy."""
    import shlex

    return shlex.quote(name)


def unmet(
    corpus: Corpus,
    as_of: AsOf = None,
    orgs: Sequence[str] | str = (),
    themes: Sequence[str] | str = (),
    targets: Sequence[str] | str = (),
) -> Answer[UnmetGroup]:
    """``simcli unmet``: the demands not met as of a day, by theme, each theme with
    its latest outcome (see :func:`simcli.analysis.unmet.unmet`). ``orgs`` are who asked,
    ``targets`` whom they asked. Demands that may or may not have been made by
    then are not counted: they are ``answer.possibly``."""
    from simcli.analysis.unmet import unmet as _unmet

    for name in _names(orgs):
        _said_something(corpus, name)
    return _unmet(
        corpus, question_day(as_of), _names(orgs), _names(themes), targets=_names(targets)
    )


def compare(
    corpus: Corpus,
    orgs: Sequence[str] | str = (),
    by: str = "org",
    statements: Sequence[str] | str = (),
    as_of: AsOf = None,
) -> Comparison:
    """``simcli compare``: which themes each organisation (or, ``by="statement"``,
    statement) raises and how far they agree (see :func:`simcli.analysis.compare.compare`)."""
    from simcli.analysis.compare import compare as _compare

    if by not in ("org", "statement"):
        raise BadQuestion("by", f"'{by}' is not one of: org, statement")
    comparison = _compare(corpus, _names(orgs), by, _names(statements), question_day(as_of))
    if len(comparison.columns) == 1:
        what = "organisations" if by == "org" else "statements"
        only = comparison.columns[0].label
        raise BadQuestion(
            "org" if by == "org" or not statements else "statement",
            f"a comparison needs two or more {what}; {only} is the only one: add another",
        )
    return comparison


def timeline(
    corpus: Corpus,
    start: PartialDate | dt.date | str | None = None,
    end: PartialDate | dt.date | str | None = None,
) -> list[TimelineEntry]:
    """``simcli timeline``: statements, outcomes and events in time order, those that
    can have happened between ``start`` and ``end`` (inclusive, either optional;
    ``"2023"`` is the whole year)."""
    from simcli.analysis.overview import timeline as _timeline

    bounds: list[PartialDate | None] = []
    for option, value in (("from", start), ("to", end)):
        if isinstance(value, dt.datetime):
            value = value.date()
        if isinstance(value, dt.date):
            value = PartialDate(value.year, value.month, value.day)
        try:
            bounds.append(PartialDate.parse(value) if isinstance(value, str) else value)
        except ValueError as exc:
            raise BadQuestion(option, str(exc)) from None
    first, last = bounds
    if first is not None and last is not None and last.latest() < first.earliest():
        raise BadQuestion("to", f"{last} is before --from {first}: give the earlier date first")
    return _timeline(corpus, first, last)


class Shown(Value):
    """``simcli show``: one record, and its claims with their statuses as of a day
    (a statement's claims, a claim itself, none for an outcome)."""

    def __init__(
        self, record: Statement | Claim | Outcome, rows: list[ClaimRow], as_of: dt.date
    ) -> None:
        self.record = record
        self.rows = rows
        self.as_of = as_of


def show(corpus: Corpus, record_id: str, as_of: AsOf = None) -> Shown:
    """``simcli show ID``: a statement, claim or outcome, with statuses as of a day.
    A demand asked about before its statement can have been made has no status."""
    from simcli.analysis.chronology import chronology_of
    from simcli.analysis.status import status_index_of

    day = question_day(as_of)
    record = corpus.find(record_id)
    claims = record.claims if isinstance(record, Statement) else []
    if isinstance(record, Claim):
        claims = [record]
    index = status_index_of(corpus)
    rows = []
    for claim in claims:
        statement = corpus.statement_of(claim)
        endorsed_by = tuple(dict.fromkeys(s.org for s in corpus.endorsed_by(statement)))
        # no status before it was certainly made; possibly made by then: said so
        made = chronology_of(corpus).certain_by(statement.id, day)
        possibly = not made and chronology_of(corpus).exists_by(statement.id, day)
        status = index.status(claim, day) if claim.kind == "demand" and made else None
        author = corpus.author(statement)
        rows.append(
            ClaimRow(
                claim, statement, author, endorsed_by, None, status, as_of=day, possibly=possibly
            )
        )
    return Shown(record, rows, day)


def diff(old: Corpus, new: Corpus, as_of: AsOf = None) -> CorpusDiff:
    """``simcli diff``: what a change adds, removes and modifies, and what it does to
    the unmet demands (see :func:`simcli.analysis.diff.diff_corpora`; for a git revision,
    :func:`simcli.store.revision.diff_since`)."""
    from simcli.analysis.diff import diff_corpora

    return diff_corpora(old, new, question_day(as_of))


def check(
    corpus: Corpus,
    sources: Path | str | None = None,
    *,
    allow_missing: bool = False,
    select: Sequence[str] | str | None = None,
    ignore: Sequence[str] | str = (),
    settings: CheckSettings | None = None,
) -> CheckResult:
    """``simcli check``: findings about a corpus that loads; with ``sources``, every
    quote looked up in its text. The findings reported are chosen as the command
    line chooses them: by the ``simcli.toml`` beside the corpus (or ``settings``),
    then ``select`` and ``ignore`` (codes or prefixes, as ``--select`` and
    ``--ignore`` take them). A bad ``simcli.toml`` is a :class:`simcli.CorpusError`."""
    from simcli.analysis.check import check_corpus
    from simcli.model.rules import UnknownCode
    from simcli.read.config import load_settings

    if settings is None:
        settings = load_settings(corpus.path)
    try:
        codes = settings.codes(None if select is None else _names(select), _names(ignore))
    except UnknownCode as exc:
        chosen = select is not None and exc.selector in _names(select)
        raise BadQuestion("select" if chosen else "ignore", str(exc)) from None
    folder = None if sources is None else Path(sources)
    return check_corpus(corpus, folder, allow_missing=allow_missing, codes=codes)


__all__ = [
    "BadQuestion",
    "Shown",
    "check",
    "compare",
    "demands",
    "diff",
    "organisations",
    "show",
    "statements_of",
    "theme_summaries",
    "timeline",
    "unmet",
]
