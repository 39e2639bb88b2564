"""The corpus schema: themes, organisations, statements, claims and outcomes.

These pydantic models describe one corpus file. They check the shape of each
record (types, required fields, allowed values); references between records
(a claim's themes, a statement's author) are checked in :mod:`simcli.validate`,
where the whole corpus is in view.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any, Literal, TypeVar

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from simcli.dates import PartialDate

Id = Annotated[
    str,
    StringConstraints(pattern=r"^[A-Za-z0-9][A-Za-z0-9._-]*$", max_length=200),
    Field(description="An identifier: letters, digits, '.', '_' or '-'."),
]
Text = Annotated[str, StringConstraints(strip_whitespace=False, min_length=1)]
Url = Annotated[str, StringConstraints(pattern=r"^https?://\S+$")]

ClaimKind = Literal["demand", "concern", "position", "commitment", "welcome"]
CLAIM_KINDS: tuple[str, ...] = ("demand", "concern", "position", "commitment", "welcome")
EffectStatus = Literal["met", "partly-met", "refused"]
EFFECT_STATUSES: tuple[str, ...] = ("met", "partly-met", "refused")


class Record(BaseModel):
    """Base for every corpus record: unknown fields are errors, not ignored."""

    # the validation schema is built on first use: a corpus served from the cache
    # (see :func:`from_trusted`) never needs it, and start-up does not pay for it
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)


class Theme(Record):
    """An entry in the codebook, so that differently worded calls compare."""

    id: Id
    label: Text
    description: Text
    keywords: list[Text] = []


class Organisation(Record):
    """An author, a target or an actor: anyone a statement or outcome names."""

    id: Id
    name: Text
    short: Text | None = None
    aliases: list[Text] = []
    kind: Text
    url: Url | None = None

    def names(self) -> list[str]:
        """Every name this organisation answers to, id first."""
        names = [self.id, self.name]
        if self.short:
            names.append(self.short)
        names.extend(self.aliases)
        return names

    @property
    def label(self) -> str:
        """The short name where there is one, else the full name."""
        return self.short or self.name


class Claim(Record):
    """One thing a statement says: a demand, concern, position, commitment or welcome."""

    id: Id
    kind: ClaimKind
    themes: Annotated[list[Id], Field(min_length=1)]
    target: Id | None = None
    text: Text = Field(description="A paraphrase in our own words.")
    quote: Text = Field(description="A short verbatim passage; '...' marks omitted words.")
    deadline: PartialDate | None = None
    deadline_note: Text | None = None


class Statement(Record):
    """A published statement by one organisation."""

    id: Id
    org: Id
    title: Text
    date: PartialDate
    date_note: Text | None = None
    url: Url | None = None
    source: Text | None = Field(
        default=None, description="File name of the full text, for check --sources."
    )
    endorses: list[Id] = []
    summary: Text
    claims: list[Claim]


class Evidence(Record):
    """Where a statement records an outcome, in its own words."""

    statement: Id
    quote: Text


class Effect(Record):
    """What an outcome did to the calls on one theme."""

    theme: Id
    status: EffectStatus
    note: Text
    claims: list[Id] = Field(
        default=[], description="Narrow the effect to these claims; empty means every claim."
    )


class Outcome(Record):
    """A dated event that meets, partly meets or refuses calls."""

    id: Id
    date: PartialDate
    date_note: Text | None = None
    actor: Id
    title: Text
    url: Url | None = None
    source: Text | None = Field(default=None, description="Who published the record of it.")
    evidence: list[Evidence] = []
    effects: Annotated[list[Effect], Field(min_length=1)]


class CorpusData(Record):
    """One corpus file, as written."""

    version: Literal[1]
    themes: list[Theme]
    organisations: list[Organisation]
    statements: list[Statement]
    outcomes: list[Outcome] = []


class CorpusFragment(Record):
    """One file of a corpus folder: any of the sections, each optional."""

    version: Literal[1] = 1
    themes: list[Theme] = []
    organisations: list[Organisation] = []
    statements: list[Statement] = []
    outcomes: list[Outcome] = []


C = TypeVar("C", CorpusData, CorpusFragment)
R = TypeVar("R", bound=BaseModel)
_new, _set = object.__new__, object.__setattr__


def _maker(model: type[R]) -> Callable[[dict[str, Any]], R]:
    """A constructor that does what pydantic's ``model_construct`` does (set the
    instance's fields, defaults included, without validating them) at a fraction
    of its cost: a large cached corpus holds tens of thousands of records."""
    defaults = [(n, f.default) for n, f in model.model_fields.items() if not f.is_required()]
    required = frozenset(n for n, f in model.model_fields.items() if f.is_required())
    known = frozenset(model.model_fields)

    def make(values: dict[str, Any]) -> R:
        keys = values.keys()
        if not required <= keys <= known:  # an entry of another version's schema
            raise KeyError(f"{model.__name__}: fields {sorted(keys)} do not fit")
        fields = {name: list(d) if isinstance(d, list) else d for name, d in defaults}
        fields.update(values)
        record = _new(model)
        _set(record, "__dict__", fields)
        _set(record, "__pydantic_fields_set__", set(values))
        _set(record, "__pydantic_extra__", None)
        _set(record, "__pydantic_private__", None)
        return record

    return make


def from_trusted(model: type[C], data: dict[str, Any]) -> C:
    """Rebuild a corpus (or fragment) from the JSON of one that was validated before.

    For simcli's own cache entries alone, whose integrity the cache checks: the
    records are constructed as they are, without validating them again.
    Raises ``ValueError``, ``TypeError``, ``KeyError`` or ``AttributeError`` for
    data that is not a corpus's.
    """
    unknown = set(data) - {"version", "themes", "organisations", "statements", "outcomes"}
    if unknown or data.get("version", 1) != 1:
        raise ValueError(f"not a corpus: {sorted(unknown)}")
    date = PartialDate.parse
    theme, org, claim, statement = (
        _maker(Theme),
        _maker(Organisation),
        _maker(Claim),
        _maker(Statement),
    )
    outcome, evidence, effect = _maker(Outcome), _maker(Evidence), _maker(Effect)
    statements = []
    for s in data.get("statements", ()):
        claims = []
        for c in s["claims"]:
            if c.get("deadline") is not None:
                c["deadline"] = date(c["deadline"])
            claims.append(claim(c))
        statements.append(statement({**s, "date": date(s["date"]), "claims": claims}))
    outcomes = [
        outcome(
            {
                **o,
                "date": date(o["date"]),
                "evidence": [evidence(e) for e in o.get("evidence", ())],
                "effects": [effect(e) for e in o["effects"]],
            }
        )
        for o in data.get("outcomes", ())
    ]
    return _maker(model)(
        {
            "version": 1,
            "themes": [theme(t) for t in data.get("themes", ())],
            "organisations": [org(o) for o in data.get("organisations", ())],
            "statements": statements,
            "outcomes": outcomes,
        }
    )


SCHEMA_ID = "https://simcli.invalid/schema/corpus-v1.json"


def corpus_schema(fragment: bool = False) -> dict[str, Any]:
    """The JSON Schema of a corpus file (or, with ``fragment``, of one file of a folder)."""
    model = CorpusFragment if fragment else CorpusData
    schema = model.model_json_schema()
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID.replace("corpus-", "fragment-") if fragment else SCHEMA_ID,
        **schema,
    }
