"""The corpus schema: themes, organisations, statements, claims and outcomes.

These pydantic models describe one corpus file. They check the shape of each
record (types, required fields, allowed values); references between records
(a claim's themes, a statement's author) are checked in :mod:`simcli.read.validate`,
where the whole corpus is in view.
"""

# No ``from __future__ import annotations`` here: pydantic would evaluate every field's
# annotation from its text as each model is made (a third of this module's import time).
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from simcli.model.dates import PartialDate

Id = Annotated[
    str,
    StringConstraints(pattern=r"^[A-Za-z0-9][A-Za-z0-9._-]*$", max_length=200),
    Field(description="An identifier: letters, digits, '.', '_' or '-'."),
]
Text = Annotated[str, StringConstraints(strip_whitespace=False, min_length=1)]
# no whitespace, controls, direction marks, quotes, angle brackets or backslash:
# a web address that is safe to print, link and put in Markdown as it is
URL_PATTERN = (
    r"^https?://[^\s\x00-\x1f\x7f-\x9f<>\"'`\\{}|^"
    r"\u061c\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff]+$"
)
Url = Annotated[str, StringConstraints(pattern=URL_PATTERN, max_length=2000)]
# a file in the sources folder: a relative path of plain names, no '..', no controls
_NOT_IN_NAME = r"/\\:\x00-\x1f\x7f-\x9f\u2028\u2029"
_NAME = rf"(?:[^.{_NOT_IN_NAME}]|\.[^.{_NOT_IN_NAME}]|\.\.[^{_NOT_IN_NAME}])[^{_NOT_IN_NAME}]*"
SOURCE_PATTERN = rf"^{_NAME}(?:/{_NAME})*$"  # names that are not '.' or '..'
SourceName = Annotated[
    str,
    StringConstraints(pattern=SOURCE_PATTERN, max_length=255),
    Field(description="File name of the full text in the sources folder, for check --sources."),
]

ClaimKind = Literal["demand", "appeal", "concern", "position", "commitment", "welcome"]
CLAIM_KINDS: tuple[str, ...] = ("demand", "appeal", "concern", "position", "commitment", "welcome")
#: what each kind means; a demand is the only kind someone can be held to
KIND_MEANINGS: dict[str, str] = {
    "demand": "a call on an organisation to act, which it can be held to",
    "appeal": "a call on supporters, the public or possible partners (sign, join, contact us)",
    "concern": "something the author objects to or fears",
    "position": "what the author holds to be true or right",
    "commitment": "what the author undertakes to do",
    "welcome": "something the author welcomes or is glad of",
}
EffectStatus = Literal["met", "partly-met", "refused"]
EFFECT_STATUSES: tuple[str, ...] = ("met", "partly-met", "refused")


class Record(BaseModel):
    """Base for every corpus record: unknown fields are errors, not ignored.

    A model's validator and serializer are built when first used, not when simcli
    starts (``defer_build``): a corpus read from the cache is rebuilt without them
    (:mod:`simcli.model.plain`), and a question of it never builds them."""

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
    """One thing a statement says: a demand, appeal, concern, position, commitment or welcome."""

    id: Id
    kind: ClaimKind
    themes: Annotated[list[Id], Field(min_length=1)]
    target: Id | None = None
    text: Text = Field(description="A paraphrase in our own words.")
    quote: Text = Field(description="A short verbatim passage; '...' marks omitted words.")
    deadline: PartialDate | None = None
    deadline_note: Text | None = None
    note: Text | None = Field(
        default=None, description="Why it is coded as it is, where that is a judgement."
    )


# records that can be ordered: "after" lists the ids of statements or outcomes
# this record is known to come after (it reacts to them, quotes them, answers them)
After = Annotated[
    list[Id],
    Field(
        description=(
            "Ids of statements or outcomes this record is known to come after,"
            " though the dates alone may not say so."
        )
    ),
]


class Statement(Record):
    """A published statement by one organisation."""

    id: Id
    org: Id
    title: Text
    title_ours: bool = Field(
        default=False, description="The title is ours: the source gives none we could use."
    )
    date: PartialDate
    date_note: Text | None = None
    after: After = []
    url: Url | None = None
    source: SourceName | None = None
    endorses: list[Id] = []
    summary: Text
    claims: list[Claim]

    @property
    def shown_title(self) -> str:
        """The title as people see it: in square brackets when the wording is ours,
        as catalogues mark a title they supply."""
        return f"[{self.title}]" if self.title_ours else self.title


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
        default=[],
        description="Narrow the effect to these claims; empty means the demands made of"
        " the outcome's actor and of the organisations in 'orgs'.",
    )
    orgs: list[Id] = Field(
        default=[],
        description="Widen the effect: it answers demands made of these organisations"
        " as well as those made of the outcome's actor.",
    )


class Outcome(Record):
    """A dated event; its effects meet, partly meet or refuse calls.

    An outcome with no effects is an event: context in the timeline and the
    report, answering no demand.
    """

    id: Id
    date: PartialDate
    date_note: Text | None = None
    after: After = []
    actor: Id
    title: Text
    url: Url | None = None
    source: Text | None = Field(default=None, description="Who published the record of it.")
    note: Text | None = Field(default=None, description="Our reasoning, where it is a judgement.")
    evidence: list[Evidence] = []
    effects: list[Effect] = []


class CorpusData(Record):
    """One corpus file, as written."""

    version: Literal[1]
    themes: list[Theme]
    organisations: list[Organisation]
    statements: list[Statement]
    outcomes: list[Outcome] = []
    title: Text | None = Field(
        default=None, description="What the corpus is about, for the report's title."
    )
    description: Text | None = Field(
        default=None, description="A sentence or two on the campaign, in our own words."
    )


class CorpusFragment(Record):
    """One file of a corpus folder: any of the sections, each optional."""

    version: Literal[1] = 1
    themes: list[Theme] = []
    organisations: list[Organisation] = []
    statements: list[Statement] = []
    outcomes: list[Outcome] = []
    title: Text | None = Field(
        default=None, description="What the corpus is about (in one file of the folder)."
    )
    description: Text | None = Field(
        default=None, description="A sentence or two on the campaign (in one file)."
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
