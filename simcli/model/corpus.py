"""A validated corpus with the lookups callers need."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from simcli.model.dates import TODO, UNDATED
from simcli.model.schema import Claim, CorpusData, Organisation, Outcome, Statement, Theme
from simcli.model.text import CloseMatches

if TYPE_CHECKING:
    from simcli.model.diagnostics import Locator


#: where a user sees every name of a kind, said when a name given matches none closely
LISTINGS = {
    "organisation": "no name is close; simcli orgs lists every organisation",
    "theme": "no theme is close; simcli themes lists every theme",
    "statement": "no id is close; simcli statements lists every statement",
    "statement, claim or outcome": (
        "no id is close; simcli statements, simcli demands --kind all and simcli timeline list them"
    ),
}


class UnknownName(LookupError):
    """A name or id that the corpus does not have; ``suggestions`` are the closest."""

    def __init__(self, kind: str, name: str, suggestions: list[str], hint: str = "") -> None:
        self.kind, self.name, self.suggestions = kind, name, suggestions
        if suggestions and not hint:
            hint = f"did you mean {' or '.join(repr(s) for s in suggestions)}?"
        elif not hint and kind in LISTINGS:  # no name is close: where to see them all
            hint = LISTINGS[kind]
        super().__init__(f"unknown {kind} '{name}'" + (f"; {hint}" if hint else ""))


R = TypeVar("R")


def _by_id(records: dict[str, R], kind: str, record_id: str) -> R:
    """The record with this id, or :class:`UnknownName` with the closest ids."""
    try:
        return records[record_id]
    except KeyError:
        choices = {key.casefold(): key for key in records}
        raise UnknownName(kind, record_id, _closest(record_id, choices)) from None


CLOSE = 0.75  # how alike a name must be to be suggested (difflib's ratio): a typo, not a guess


def _closest(name: str, choices: dict[str, str], n: int = 3) -> list[str]:
    """Display names of the closest matches, compared without case: a typo away,
    or a name that this one begins (``halt`` for ``halt-sim``)."""
    wanted = name.casefold()
    keys = CloseMatches(choices)(wanted, n=n, cutoff=CLOSE)
    if len(wanted) >= 3:
        keys += sorted(k for k in choices if k.startswith(wanted) and k != wanted)
    return list(dict.fromkeys(choices[k] for k in keys))[:n]


class Corpus:
    """Themes, organisations, statements and outcomes, indexed.

    Build one with :func:`simcli.load_corpus`. Lists keep the order of the file.
    """

    def __init__(
        self,
        data: CorpusData,
        path: Path | None = None,
        name: str | None = None,
        locator: Callable[[], Locator] | None = None,
    ) -> None:
        self.data = data
        self.path = path
        #: the file (or folder) as messages name it
        self.name = name if name is not None else (str(path) if path is not None else "<corpus>")
        #: reads the source again to say where a field path is (findings are rare: lazily)
        self.locator = locator
        self.themes: list[Theme] = list(data.themes)
        self.organisations: list[Organisation] = list(data.organisations)
        self.statements: list[Statement] = list(data.statements)
        self.outcomes: list[Outcome] = list(data.outcomes)
        self._themes = {t.id: t for t in self.themes}
        self._orgs = {o.id: o for o in self.organisations}
        self._org_names: dict[str, Organisation] = {}
        self._org_display: dict[str, str] = {}
        for org in self.organisations:
            for name in org.names():
                self._org_names.setdefault(name.casefold(), org)
                self._org_display.setdefault(name.casefold(), name)
        self._statements = {s.id: s for s in self.statements}
        self._claims: dict[str, Claim] = {}
        self._claim_statement: dict[str, Statement] = {}
        self._claim_position: dict[str, int] = {}
        #: ids of the statements (and outcomes) that still hold a draft's placeholder
        #: (see without_drafts)
        self.drafts: list[str] = []
        for statement in self.statements:
            draft = statement.org == TODO or statement.date is UNDATED
            for position, claim in enumerate(statement.claims):
                self._claims[claim.id] = claim
                self._claim_statement[claim.id] = statement
                self._claim_position[claim.id] = position
                draft = draft or claim.target == TODO or TODO in claim.themes
            if draft:
                self.drafts.append(statement.id)
        self.drafts += [o.id for o in self.outcomes if o.date is UNDATED]
        self._outcomes = {o.id: o for o in self.outcomes}
        self._outcome_position = {o.id: i for i, o in enumerate(self.outcomes)}
        self._endorsers: dict[str, list[Statement]] = {}
        for statement in self.statements:
            for endorsed in statement.endorses:
                self._endorsers.setdefault(endorsed, []).append(statement)
        #: for the part of a corpus a question reads from the index (simcli.store.index): the
        #: records of the whole corpus whose dates and orderings contradict each other
        self.known_contradictions: list[str] | None = None
        #: what the analysis works out from a corpus, once (its chronology and status
        #: index: :func:`simcli.analysis.chronology.chronology_of`), kept with it
        self.derived: dict[str, Any] = {}

    def without_drafts(self) -> Corpus:
        """The corpus the questions answer from: without the statements that still hold
        a draft's placeholder (``TODO`` for the author, the date, a target or a theme,
        as ``simcli extract`` leaves what it cannot read), nor outcomes dated ``TODO``,
        which ``simcli check`` reports until they are written. Itself when there are
        none."""
        if not self.drafts:
            return self
        held = set(self.drafts)
        data = self.data.model_copy(
            update={
                "statements": [s for s in self.data.statements if s.id not in held],
                "outcomes": [o for o in self.data.outcomes if o.id not in held],
            }
        )
        corpus = Corpus(data, self.path, self.name, self.locator)
        corpus.known_contradictions = self.known_contradictions
        return corpus

    def __repr__(self) -> str:
        return (
            f"<Corpus {self.path or ''} themes={len(self.themes)}"
            f" organisations={len(self.organisations)} statements={len(self.statements)}"
            f" claims={len(self._claims)} outcomes={len(self.outcomes)}>"
        )

    # single records ---------------------------------------------------------
    def org(self, name: str) -> Organisation:
        """The organisation with this id, short name, name or alias, ignoring case."""
        found = self._org_names.get(name.strip().casefold())
        if found is None:
            keys = CloseMatches(self._org_display)(name.strip().casefold(), n=6, cutoff=CLOSE)
            by_org: dict[str, str] = {}
            for key in keys:  # the best-matching name of each organisation, once
                by_org.setdefault(self._org_names[key].id, self._org_display[key])
            raise UnknownName("organisation", name, list(by_org.values())[:3])
        return found

    def theme(self, theme_id: str) -> Theme:
        """The theme with this id (or label), ignoring case."""
        wanted = theme_id.strip().casefold()
        for theme in self.themes:
            if wanted in (theme.id.casefold(), theme.label.casefold()):
                return theme
        choices = {t.id.casefold(): t.id for t in self.themes}
        raise UnknownName("theme", theme_id, _closest(theme_id, choices))

    def statement(self, statement_id: str) -> Statement:
        return _by_id(self._statements, "statement", statement_id)

    def claim(self, claim_id: str) -> Claim:
        return _by_id(self._claims, "claim", claim_id)

    def outcome(self, outcome_id: str) -> Outcome:
        return _by_id(self._outcomes, "outcome", outcome_id)

    def find(self, record_id: str) -> Statement | Claim | Outcome:
        """The statement, claim or outcome with this id."""
        for table in (self._statements, self._claims, self._outcomes):
            if record_id in table:
                return table[record_id]
        tables = (self._statements, self._claims, self._outcomes)
        choices = {k.casefold(): k for table in tables for k in table}
        kind = "statement, claim or outcome"
        themes = {t.casefold(): t for t in self._themes}
        if record_id.casefold() in themes:  # an id of another kind of thing: say which
            theme = themes[record_id.casefold()]
            hint = f"'{record_id}' is a theme: try simcli demands --theme {theme}"
            raise UnknownName(kind, record_id, [], hint)
        if record_id.casefold() in self._org_names:
            org = self._org_names[record_id.casefold()]
            hint = f"'{record_id}' is an organisation: try {self.org_hint(org)}"
            raise UnknownName(kind, record_id, [], hint)
        raise UnknownName(kind, record_id, _closest(record_id, choices))

    def org_hint(self, org: Organisation) -> str:
        """The command that answers what an organisation asked, or was asked: one that
        works (an organisation that made no statement has no demands of its own)."""
        import shlex

        name = shlex.quote(org.short or org.id)
        if any(s.org == org.id for s in self.statements):
            return f"simcli demands --org {name}"
        if any(c.target == org.id for _, c in self.claims() if c.kind == "demand"):
            return f"simcli unmet --target {name} (or simcli demands --target {name})"
        return "simcli orgs"

    # relations ----------------------------------------------------------------
    def position(self, record: Claim | Outcome) -> int:
        """Where a claim stands in its statement, or an outcome in the corpus (file order)."""
        if isinstance(record, Claim):
            return self._claim_position[record.id]
        return self._outcome_position[record.id]

    def statement_of(self, claim: Claim | str) -> Statement:
        """The statement a claim belongs to."""
        claim_id = claim if isinstance(claim, str) else claim.id
        return self._claim_statement[claim_id]

    def author(self, statement: Statement) -> Organisation:
        return self._orgs[statement.org]

    def statements_of(self, org: Organisation | str) -> list[Statement]:
        """Statements an organisation wrote (not those it endorses), in file order."""
        org_id = org.id if isinstance(org, Organisation) else self.org(org).id
        return [s for s in self.statements if s.org == org_id]

    def endorsed_by(self, statement: Statement) -> list[Statement]:
        """Statements that endorse this one, in file order."""
        return list(self._endorsers.get(statement.id, ()))

    def claims(self) -> Iterator[tuple[Statement, Claim]]:
        """Every claim with its statement, in file order."""
        for statement in self.statements:
            for claim in statement.claims:
                yield statement, claim

    def claims_by_theme(self, theme: Theme | str) -> list[Claim]:
        """Claims coded with a theme, in file order."""
        theme_id = theme.id if isinstance(theme, Theme) else self.theme(theme).id
        return [c for _, c in self.claims() if theme_id in c.themes]

    def claim_count(self) -> int:
        return len(self._claims)
