"""``simcli check``: findings about a corpus that loads.

A corpus that does not load is a :class:`simcli.CorpusError` (exit 2). One that
loads can still have findings (exit 1): a quote that its source text does not
contain, a source file that is missing, a paraphrase that merely repeats the
quote, and what time contradicts: an ordering the dates rule out, a record
that would have to end before it begins, an effect naming a claim that was not
made before its outcome.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from simcli.analysis.chronology import chronology_of
from simcli.model.corpus import Corpus
from simcli.model.dates import UNDATED, as_of_day
from simcli.model.diagnostics import CorpusError, Diagnostic, FieldPath, format_path
from simcli.model.text import plural
from simcli.read.files import escapes, inside
from simcli.sources.quotes import SourceText, normalise
from simcli.sources.text import read_source


@dataclass
class _Pending:
    path: FieldPath
    subject: str
    message: str
    code: str
    hint: str = ""


def _locate(corpus: Corpus, pending: list[_Pending]) -> list[Diagnostic]:
    """Give each finding its file and line: the source is read again, only for findings."""
    if not pending:
        return []
    locator = corpus.locator() if corpus.locator is not None else None
    out = []
    for p in pending:
        found = Diagnostic(corpus.name, None, None, p.path, p.message, p.code, p.subject, p.hint)
        if locator is not None:
            where = locator.problem(p.path, p.message, p.code)
            found = found.replace(file=where.file, line=where.line, column=where.column)
        out.append(found)
    return out


def _paraphrase_findings(corpus: Corpus) -> list[_Pending]:
    pending = []
    for s_i, statement in enumerate(corpus.statements):
        for c_i, claim in enumerate(statement.claims):
            text, quote = normalise(claim.text), normalise(claim.quote)
            if text == quote or (len(quote) >= 40 and quote in text):
                pending.append(
                    _Pending(
                        ("statements", s_i, "claims", c_i, "text"),
                        f"claim {claim.id}",
                        "text repeats the quote: write the paraphrase in our own words",
                        "P001",
                    )
                )
    return pending


def _time_findings(corpus: Corpus, today: dt.date) -> list[_Pending]:
    """What time contradicts (see :mod:`simcli.analysis.chronology` for the orderings).

    One mistake is reported once: a record dated in the future, or an ordering
    its dates rule out, is reported where it is written; records that only
    inherit the contradiction through a chain of orderings are not reported again.
    """
    time = chronology_of(corpus)
    pending: list[_Pending] = []
    dates = {s.id: s.date for s in corpus.statements} | {o.id: o.date for o in corpus.outcomes}
    flagged: set[str] = set()
    says = {
        "after": "is said to come after",
        "evidence": "records, so comes after,",
        "endorses": "endorses, so comes after,",
    }
    records: list[tuple[FieldPath, str]] = []
    records += [(("statements", i, "date"), s.id) for i, s in enumerate(corpus.statements)]
    records += [(("outcomes", i, "date"), o.id) for i, o in enumerate(corpus.outcomes)]
    for path, record_id in records:
        if dates[record_id] is not UNDATED and dates[record_id].earliest() > today:
            flagged.add(record_id)
            pending.append(
                _Pending(
                    path,
                    _subject(corpus, record_id),
                    f"dated {dates[record_id]}, after today ({today.isoformat()})",
                    "T001",
                )
            )
    for o in time.orderings:
        later, earlier = dates[o.later], dates[o.earlier]
        if later.latest() < earlier.earliest():
            flagged.update((o.later, o.earlier))
            pending.append(
                _Pending(
                    o.path,
                    _subject(corpus, o.later),
                    f"{o.later} {says[o.why]} {o.earlier}, but it is dated {later}"
                    f" and {o.earlier} {earlier}",
                    "T002",
                )
            )
    inherits = time.linked_to(flagged)
    for path, record_id in records:
        bounds = time.bounds(record_id)
        if bounds.possible or record_id in flagged:
            continue
        if record_id in inherits:
            continue  # it inherits a contradiction reported where it is written
        pending.append(
            _Pending(
                path,
                _subject(corpus, record_id),
                f"its orderings put its earliest possible day ({bounds.earliest}) after its"
                f" latest ({bounds.latest})",
                "T003",
            )
        )
    for s_i, statement in enumerate(corpus.statements):
        made = time.earliest(statement.id)
        for c_i, claim in enumerate(statement.claims):
            if claim.deadline is not None and claim.deadline.latest() < made:
                pending.append(
                    _Pending(
                        ("statements", s_i, "claims", c_i, "deadline"),
                        f"claim {claim.id}",
                        f"deadline {claim.deadline} is before the statement can have been"
                        f" made ({made.isoformat()})",
                        "T004",
                    )
                )
    for o_i, outcome in enumerate(corpus.outcomes):
        for e_i, effect in enumerate(outcome.effects):
            for k, claim_id in enumerate(effect.claims):
                statement = corpus.statement_of(claim_id)
                if time.known_before(statement.id, outcome.id):
                    continue
                if not (time.bounds(statement.id).possible and time.bounds(outcome.id).possible):
                    continue  # a contradiction in their dates, reported where it is written
                if time.known_before(outcome.id, statement.id):
                    why = "was made after this outcome, so the effect cannot answer it"
                else:
                    why = (
                        "is not known to come before this outcome, so the effect does not"
                        " count for it (if it does come before, add its statement to the"
                        " outcome's 'after')"
                    )
                pending.append(
                    _Pending(
                        ("outcomes", o_i, "effects", e_i, "claims", k),
                        f"outcome {outcome.id}",
                        f"claim {claim_id} ({statement.id}, {statement.date}) {why}",
                        "T005",
                    )
                )
    return pending


def _effect_findings(corpus: Corpus) -> list[_Pending]:
    """Effects that can answer no demand (T006): none on their theme made of the
    organisations they act on (the actor and ``orgs``), or of the claims they name,
    before their outcome. An outcome none of whose effects can answer a demand is
    one finding (T007), not one per effect.

    An effect that answers none yet, because every demand on its theme made of
    those organisations came after it, is not a finding: it is the context shown
    beside those demands (NHS England's refusal to publish its review came before
    anyone asked it to publish)."""
    from simcli.analysis.status import acted_on

    time = chronology_of(corpus)
    # (theme, target) -> the statements of demands on it, earliest-ending first
    asked: dict[tuple[str, str], list[str]] = {}
    for statement, claim in corpus.claims():
        if claim.kind == "demand" and claim.target is not None:
            for theme in dict.fromkeys(claim.themes):
                asked.setdefault((theme, claim.target), []).append(statement.id)
    for statements in asked.values():
        statements.sort(key=time.latest)

    def made_before(statements: list[str], outcome: str) -> bool:
        return any(time.known_before(s, outcome) for s in statements)

    pending: list[_Pending] = []
    for o_i, outcome in enumerate(corpus.outcomes):
        if not time.bounds(outcome.id).possible:
            continue  # its dates contradict each other: reported as T002/T003
        idle: list[tuple[int, str]] = []
        for e_i, effect in enumerate(outcome.effects):
            if effect.claims:
                if any(corpus.claim(c).kind == "demand" for c in effect.claims):
                    continue  # whether each came before the outcome is T005's
                why = "the claims it names are not demands"
            else:
                orgs = acted_on(outcome, effect)
                candidates = [s for org in orgs for s in asked.get((effect.theme, org), [])]
                if made_before(candidates, outcome.id):
                    continue
                if any(time.known_before(outcome.id, s) for s in candidates):
                    continue  # the context of later demands on the theme, made of them
                whom = " or ".join(orgs)
                why = (
                    f"no demand on {effect.theme} made of {whom}"
                    if not candidates
                    else f"the demands on {effect.theme} made of {whom} are not known to"
                    " come before it or after it"
                )
            idle.append((e_i, why))
        if not idle:
            continue
        if len(idle) == len(outcome.effects):
            reasons = "; ".join(f"{outcome.effects[e].theme}: {why}" for e, why in idle)
            pending.append(
                _Pending(
                    ("outcomes", o_i, "effects"),
                    f"outcome {outcome.id}",
                    f"its effects can answer no demand ({reasons}); an outcome that answers"
                    " nothing is written with 'effects: []'",
                    "T007",
                )
            )
            continue
        for e_i, why in idle:
            pending.append(
                _Pending(
                    ("outcomes", o_i, "effects", e_i),
                    f"outcome {outcome.id}",
                    f"effect on {outcome.effects[e_i].theme} can answer no demand: {why}",
                    "T006",
                )
            )
    return pending


def _subject(corpus: Corpus, record_id: str) -> str:
    kind = "statement" if record_id in {s.id for s in corpus.statements} else "outcome"
    return f"{kind} {record_id}"


_OUTSIDE = "outside the sources folder"


@dataclass
class _SourceCheck:
    pending: list[_Pending] = field(default_factory=list)
    checked: int = 0
    not_checked: int = 0
    missing: list[str] = field(default_factory=list)  # source files not in the folder
    texts: dict[str, SourceText | None] = field(default_factory=dict)  # by file name


def _source_findings(corpus: Corpus, sources: Path, allow_missing: bool) -> _SourceCheck:
    """Every quote looked up in its statement's source text. A text missing from
    ``sources`` is one finding for its statement, saying how many quotes were not
    checked (none with ``allow_missing``, when missing texts are expected)."""
    result = _SourceCheck()
    texts = result.texts
    quotes = {s.id: len(s.claims) for s in corpus.statements}
    for outcome in corpus.outcomes:
        for evidence in outcome.evidence:
            quotes[evidence.statement] = quotes.get(evidence.statement, 0) + 1
    reported: set[str] = set()
    # a sources folder that leads out of its own folder through a link: nothing read
    confined = escapes(sources) is None

    failed: dict[str, tuple[str, str] | None] = {}  # file -> (message, code); None: expected
    told: set[str] = set()  # statements whose file's failure has been reported

    def source_of(index: int) -> SourceText | None:
        statement = corpus.statements[index]
        name = statement.source
        if name is None:
            return None
        if name not in texts:
            file = inside(sources, name) if confined else None
            try:
                if file is None:
                    raise CorpusError([Diagnostic(name, None, None, (), _OUTSIDE, "F001")])
                texts[name] = SourceText(read_source(file, name)[0])
            except CorpusError as exc:
                texts[name] = None
                reason = exc.problems[0].message if exc.problems else "cannot be read"
                failed[name] = (f"source file {name}: {reason}", "Q003")
                if reason == "no such file":
                    result.missing.append(name)
                    failed[name] = None if allow_missing else (
                        f"source file {name} not found in {sources}", "Q002"
                    )  # fmt: skip
                elif reason == _OUTSIDE:
                    message = f"source file {name} is outside {sources} (a symbolic link out"
                    failed[name] = (message + " of it?): not read", "Q003")
        # each statement whose text failed is told, not only the first to share the file
        failure = failed.get(name)
        if texts[name] is None and failure is not None and statement.id not in told:
            told.add(statement.id)
            message, code = failure
            subject = f"statement {statement.id}"
            result.pending.append(_Pending(("statements", index, "source"), subject, message, code))
        return texts[name]

    def not_checked(index: int) -> None:
        statement = corpus.statements[index]
        if statement.id not in reported:
            reported.add(statement.id)
            result.not_checked += quotes.get(statement.id, 0)
            if result.pending and result.pending[-1].path == ("statements", index, "source"):
                count = quotes.get(statement.id, 0)
                result.pending[-1].message += f": {plural(count, 'quote')} not checked"

    def look_up(text: SourceText, quote: str, path: FieldPath, subject: str, what: str) -> None:
        result.checked += 1
        if text.find(quote) is None:
            result.pending.append(_Pending(path, subject, what, "Q001", _closest(text, quote)))

    index_of = {s.id: i for i, s in enumerate(corpus.statements)}
    for s_i, statement in enumerate(corpus.statements):
        if statement.source is None:
            result.pending.append(
                _Pending(
                    ("statements", s_i),
                    f"statement {statement.id}",
                    "has no source file, so its quotes cannot be checked",
                    "Q004",
                )
            )
            result.not_checked += quotes.get(statement.id, 0)
            reported.add(statement.id)
            continue
        text = source_of(s_i)
        if text is None:
            not_checked(s_i)
            continue
        for c_i, claim in enumerate(statement.claims):
            path = ("statements", s_i, "claims", c_i, "quote")
            missing = f"quote not found in {statement.source}"
            look_up(text, claim.quote, path, f"claim {claim.id}", missing)
    for o_i, outcome in enumerate(corpus.outcomes):
        for e_i, evidence in enumerate(outcome.evidence):
            s_i = index_of[evidence.statement]
            text = source_of(s_i)
            if text is None:
                continue  # counted with its statement
            path = ("outcomes", o_i, "evidence", e_i, "quote")
            missing = f"evidence quote not found in {corpus.statements[s_i].source}"
            look_up(text, evidence.quote, path, f"outcome {outcome.id}", missing)
    return result


def placed_quotes(corpus: Corpus, sources: Path) -> tuple[dict[str, SourceText], list[Diagnostic]]:
    """Each source text that can be read (by file name), and why a claim's quote
    cannot be placed in one (Q001-Q004, located in the corpus): what ``simcli
    export --format qdpx`` cuts its selections from, and what it reports."""
    source = _source_findings(corpus, sources, allow_missing=False)
    pending = [p for p in source.pending if p.path[0] == "statements"]
    texts = {name: text for name, text in source.texts.items() if text is not None}
    return texts, sorted(_locate(corpus, pending), key=Diagnostic.sort_key)


def _closest(text: SourceText, quote: str) -> str:
    passage = text.closest(quote)
    return f'closest passage: "{passage}"' if passage else ""


_TODO = re.compile(r"\bTODO\b")


#: fields a record cannot do without: a TODO in one is written, never removed
_REQUIRED = {"id", "org", "title", "date", "summary", "text", "quote", "kind", "target", "actor"}


def _todo_fix(path: FieldPath) -> str:
    """What to do about a TODO, a fix that works for that field."""
    if len(path) >= 2 and path[-2] == "themes":
        return "name a theme of the codebook (simcli themes lists them)"
    if path and path[-1] in _REQUIRED:
        return "write it"
    return "write it, or remove it"


def _todo_findings(corpus: Corpus) -> list[_Pending]:
    """Every field still holding ``TODO`` (as ``simcli extract`` leaves a draft)."""
    pending: list[_Pending] = []

    def walk(value: object, path: FieldPath, subject: str) -> None:
        if isinstance(value, str):
            if _TODO.search(value):
                field_name = format_path(path).rsplit(".", 1)[-1]
                said = f"{field_name} still says TODO: {_todo_fix(path)}"
                pending.append(_Pending(path, subject, said, "D001"))
        elif isinstance(value, dict):
            for key, item in value.items():
                walk(item, (*path, key), subject)
        elif isinstance(value, list):
            for n, item in enumerate(value):
                walk(item, (*path, n), subject)

    sections: list[tuple[str, list[Any], str]] = [
        ("themes", corpus.themes, "theme"),
        ("organisations", corpus.organisations, "organisation"),
        ("statements", corpus.statements, "statement"),
        ("outcomes", corpus.outcomes, "outcome"),
    ]
    for section, records, kind in sections:
        for n, record in enumerate(records):
            data = record.model_dump(mode="json", exclude_defaults=True)
            claims = data.pop("claims", None) if section == "statements" else None
            walk(data, (section, n), f"{kind} {record.id}")
            for c_n, claim in enumerate(claims or []):
                walk(claim, (section, n, "claims", c_n), f"claim {claim['id']}")
    return pending


@dataclass
class CheckResult:
    """What ``simcli check`` found."""

    findings: list[Diagnostic]
    ignored: list[Diagnostic] = field(default_factory=list)  # left out by select/ignore
    quotes_checked: int = 0
    quotes_not_checked: int = 0  # with sources: in statements whose text is missing or has none
    missing: list[str] = field(default_factory=list)  # source files not in the sources folder
    corpus: str = ""  # the corpus, as shown
    counts: dict[str, int] = field(default_factory=dict)  # records of each kind
    sources: str | None = None  # the sources folder, as given
    allow_missing: bool = False  # missing source texts were expected

    @property
    def quotes_found(self) -> int:
        """Quotes looked up and found (a quote not found is a Q001, reported or not)."""
        lost = sum(1 for f in [*self.findings, *self.ignored] if f.code == "Q001")
        return self.quotes_checked - lost

    def summary(self) -> str:
        """The line ``check`` ends with: the findings, or what was checked."""
        ignored = ""
        if self.ignored:
            codes = ", ".join(sorted({f.code for f in self.ignored}))
            ignored = f" ({plural(len(self.ignored), 'finding')} ignored: {codes})"
        if self.findings:
            return f"{self.corpus}: {plural(len(self.findings), 'finding')}{ignored}"
        counts = ", ".join(plural(n, kind[:-1]) for kind, n in self.counts.items())
        return f"{self.corpus}: ok: {counts}{self._quotes()}{ignored}"

    def _quotes(self) -> str:
        """What became of the quotes, with ``--sources``: ``; all 86 quotes found in DIR``."""
        if self.sources is None:
            return ""
        checked, found, skipped = self.quotes_checked, self.quotes_found, self.quotes_not_checked
        if not checked and not skipped:
            return f"; no quotes to look up in {self.sources}"
        if found < checked:
            got = f"{found:,} of {plural(checked, 'quote')}"
        else:
            got = plural(checked, "quote") if skipped else f"all {plural(checked, 'quote')}"
        said = f"; {got} found in {self.sources}"
        if skipped:
            said += f", {skipped:,} not checked"
            if self.allow_missing and self.missing:
                said += f" ({plural(len(self.missing), 'source text')} missing, allowed)"
        return said

    def as_json(self) -> dict[str, Any]:
        """What was checked, for ``check --format json`` (the findings go with it)."""
        return {
            "corpus": self.corpus,
            "loaded": True,
            "ok": not self.findings,
            "counts": self.counts,
            "sources": self.sources,
            "quotes_checked": self.quotes_checked,
            "quotes_found": self.quotes_found,
            "quotes_not_checked": self.quotes_not_checked,
            "missing_sources": self.missing,
        }


def check_corpus(
    corpus: Corpus,
    sources: Path | None = None,
    today: dt.date | None = None,
    *,
    allow_missing: bool = False,
    codes: set[str] | None = None,
) -> CheckResult:
    """Findings about a loaded corpus; with ``sources``, every quote is looked up.
    ``today`` (default: today) is when a date would be in the future. A field
    still saying ``TODO`` is a finding. With ``allow_missing``, a source text
    missing from ``sources`` is expected: its quotes are counted as not checked,
    not reported. With ``codes`` (see :func:`simcli.model.rules.selected`), findings
    with other codes are ``ignored`` rather than reported."""
    pending = _paraphrase_findings(corpus) + _time_findings(corpus, as_of_day(today))
    pending += _effect_findings(corpus) + _todo_findings(corpus)
    shown = None if sources is None else str(sources)
    result = CheckResult([], corpus=corpus.name, sources=shown, allow_missing=allow_missing)
    result.counts = {
        "statements": len(corpus.statements),
        "claims": corpus.claim_count(),
        "outcomes": len(corpus.outcomes),
        "themes": len(corpus.themes),
        "organisations": len(corpus.organisations),
    }
    if sources is not None:
        source = _source_findings(corpus, sources, allow_missing)
        pending += source.pending
        result.quotes_checked, result.quotes_not_checked = source.checked, source.not_checked
        result.missing = source.missing
    found = sorted(_locate(corpus, pending), key=Diagnostic.sort_key)
    result.findings = [f for f in found if codes is None or f.code in codes]
    result.ignored = [f for f in found if codes is not None and f.code not in codes]
    return result
