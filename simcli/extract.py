"""Draft a statement from its text: sentences, cue phrases, kinds and themes.

A rule-based extractor, with every rule in this module's tables: ``CUES``
(the phrases that make a sentence a candidate claim, and the kind each one
suggests), ``IMPERATIVES`` (the verbs that open a call in a list), and the
codebook's own keywords for themes. No network and no models: what it
proposes can be read and argued with. It drafts; a person decides.

    >>> from simcli import load_corpus
    >>> from simcli.extract import extract_statement, draft_yaml
    >>> draft = extract_statement(text, load_corpus(), source="new.txt", org="NSUN")
    >>> print(draft_yaml(draft))
"""

from __future__ import annotations

import bisect
import datetime as dt
import difflib
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

import yaml

from simcli.corpus import Corpus
from simcli.dates import PartialDate, as_of_day
from simcli.model import Organisation, Theme
from simcli.render import Output


class ExtractError(ValueError):
    """The draft cannot be made as asked (no author found, an id already taken)."""


# --- the rules ---------------------------------------------------------------


@dataclass(frozen=True)
class Cue:
    """A phrase that marks a sentence as a claim of some kind.

    The strongest cue in a sentence decides its kind; between equals, the one
    listed first here.
    """

    kind: str
    strength: int
    name: str
    pattern: re.Pattern[str]
    # words one of which the sentence must hold (case folded) for the pattern to match:
    # checked first, because most sentences hold none and a pattern costs more
    probes: tuple[str, ...]
    # a pattern that must follow on the same line; the cue then ends where its last
    # match does (as ``pattern.*then`` would, but in one pass, without backtracking)
    then: re.Pattern[str] | None = None

    def search(self, text: str, folded: str | None = None) -> tuple[int, int] | None:
        """Where the cue is in ``text`` (start, end), or ``None``; ``folded`` is
        ``text.casefold()``, when the caller has it."""
        folded = text.casefold() if folded is None else folded
        if not any(probe in folded for probe in self.probes):
            return None
        return self._locate(text)

    def _locate(self, text: str) -> tuple[int, int] | None:
        if self.then is None:
            match = self.pattern.search(text)
            return match.span() if match else None
        pos = 0
        while (match := self.pattern.search(text, pos)) is not None:
            line_end = text.find("\n", match.end())
            line_end = len(text) if line_end < 0 else line_end
            ends = [m.end() for m in self.then.finditer(text, match.end(), line_end)]
            if ends:
                return match.start(), ends[-1]
            pos = line_end + 1  # a later start on this line has even less after it
        return None


def _cue(
    kind: str, strength: int, name: str, regex: str, probes: tuple[str, ...], then: str = ""
) -> Cue:
    return Cue(
        kind,
        strength,
        name,
        re.compile(regex, re.IGNORECASE),
        probes,
        re.compile(then, re.IGNORECASE) if then else None,
    )


# Verbs that open a call when a sentence (or a list item) starts with them.
IMPERATIVES = (
    "abolish", "apologise", "commission", "conduct", "cease", "end", "ensure", "fund",
    "halt", "investigate", "involve", "publish", "release", "remove", "reply",
    "respond", "review", "scrap", "stop", "suspend", "withdraw", "write",
)  # fmt: skip
# Verbs that open a call on readers, supporters or the public: an appeal, which
# nobody can be held to (it is not counted as an unmet demand).
APPEAL_VERBS = ("sign", "join", "donate", "share", "contact", "write to your", "tell your")

_NOT = r"\b(?:not|no|never|without|refus\w*|fail\w*|declin\w*)\b"

CUES: tuple[Cue, ...] = (
    # appeals: calls on readers, supporters, the public or possible partners
    _cue(
        "appeal",
        3,
        "appeal to readers",
        r"(?:^|:\s+)(?:" + "|".join(APPEAL_VERBS) + r")\s+(?:the|a|an|this|our|us|up)\b",
        tuple(verb.split()[0] for verb in APPEAL_VERBS),
    ),
    _cue(
        "appeal",
        3,
        "invites to get in touch",
        r"\b(?:we|and)\s+invite\b",
        ("invite",),
        then=r"\bto\s+(?:contact|join|get)\b",
    ),
    # demands: said outright
    _cue("demand", 3, "calls for", r"\bcall(?:s|ed|ing)?\s+(?:for|on|upon)\b", ("call",)),
    _cue("demand", 3, "urges", r"\burg(?:e|es|ed|ing)\b", ("urg",)),
    _cue(
        "demand",
        3,
        "demands",
        r"\b(?:we|and|also)\s+demand\b|\bdemand(?:s|ed)?\s+that\b",
        ("demand",),
    ),
    _cue(
        "demand", 3, "asks", r"\bask(?:s|ed|ing)?\s+(?:for|that|them|you|everyone|all)\b", ("ask",)
    ),
    _cue("demand", 3, "would like to see", r"\bwould\s+like\s+to\s+see\b", ("would",)),
    _cue("demand", 3, "invites", r"\b(?:we|and)\s+invite\b", ("invite",)),
    _cue(
        "demand",
        3,
        "imperative",
        r"(?:^|:\s+)(?:" + "|".join(IMPERATIVES) + r")\s+(?:the|a|an|this|these|all|our|to)\b",
        IMPERATIVES,
    ),
    # demands: a criticism of something not done implies the call to do it
    _cue("demand", 3, "criticises an omission", r"\bdisappoint\w*\b", ("disappoint",), then=_NOT),
    _cue(
        "demand",
        2,
        "expects",
        r"\bexpect(?:s|ed)?\s+(?:to\s+be|to\s+receive|that)\b",
        ("expect",),
    ),
    _cue("demand", 2, "must", r"\bmust\b", ("must",)),
    # "should never have been" looks back; it asks for nothing
    _cue("demand", 2, "should", r"\bshould\b(?!\s+(?:never\s+|not\s+)?have\b)", ("should",)),
    _cue("demand", 2, "needs to", r"\bneeds?\s+to\b", ("need",)),
    _cue("demand", 2, "is needed", r"\b(?:is|are)\s+(?:urgently\s+|also\s+)?needed\b", ("needed",)),
    _cue("demand", 2, "is up to", r"\bis\s+(?:now\s+)?up\s+to\b", ("up",)),
    _cue(
        "demand", 2, "only through", r"\bonly\s+(?:through|by|when)\b", ("only",), then=r"\bwill\b"
    ),
    # welcomes
    _cue("welcome", 3, "welcomes", r"\bwelcom(?:e|es|ed|ing)\b", ("welcom",)),
    _cue(
        "welcome",
        3,
        "is pleased",
        r"\b(?:pleased|glad|delighted)\b",
        ("pleased", "glad", "delighted"),
    ),
    # commitments
    _cue(
        "commitment",
        3,
        "commits",
        r"\bmakes?\s+a\s+commitment\b|\b(?:we|i)\s+commit\b",
        ("commit",),
    ),
    _cue("commitment", 2, "we will", r"\b(?:we|i)\s+will\b|\bwill\s+be\s+provided\b", ("will",)),
    _cue(
        "commitment",
        2,
        "we offer",
        r"\bwe\s+(?:offer|are\s+offering|pledge|promise)\b",
        ("offer", "pledge", "promise"),
    ),
    _cue("commitment", 2, "forthcoming", r"\bforthcoming\b", ("forthcoming",)),
    _cue(
        "commitment",
        2,
        "the body will",
        r"\b(?:council|college|union|society|government|department|trust|board|charity"
        r"|coalition|association|network|organisation)\s+will\b",
        ("will",),
    ),
    _cue(
        "commitment",
        2,
        "has decided",
        r"\bha(?:s|ve)\s+(?:today\s+|now\s+)?decided\s+to\b",
        ("decided",),
    ),
    # concerns
    _cue("concern", 2, "concerned", r"\bconcern(?:s|ed)?\b", ("concern",)),
    _cue("concern", 2, "worried", r"\bworr(?:y|ied|ies|ying)\b", ("worr",)),
    _cue("concern", 2, "disappointed", r"\bdisappoint\w*", ("disappoint",)),
    _cue(
        "concern",
        2,
        "alarmed",
        r"\b(?:alarm|dismay|appal|shock)\w*",
        ("alarm", "dismay", "appal", "shock"),
    ),
    _cue(
        "concern",
        2,
        "unacceptable",
        r"\b(?:unacceptable|unsafe|unlawful|unethical)\b",
        ("unacceptable", "unsafe", "unlawful", "unethical"),
    ),
    _cue(
        "concern",
        1,
        "no evidence",
        r"\b(?:no|without|lack\s+of|little)\s+(?:\w+\s+){0,3}(?:evidence|involvement|oversight)\b",
        ("evidence", "involvement", "oversight"),
    ),
    _cue(
        "concern",
        1,
        "harm",
        r"\b(?:harm|danger|barrier|criminalis|coerci|punitive|withhold)\w*",
        ("harm", "danger", "barrier", "criminalis", "coerci", "punitive", "withhold"),
    ),
    # positions
    _cue(
        "position",
        2,
        "stands with",
        r"\bstand(?:s|ing)?\s+(?:with|alongside|in\s+solidarity)\b",
        ("stand",),
    ),
    _cue("position", 2, "supports", r"\bsupports\s+the\b", ("supports",)),
    _cue("position", 2, "believes", r"\b(?:we|i)\s+believe\b", ("believe",)),
    _cue("position", 2, "values", r"\b(?:highly\s+)?values\s+(?:the|its)\b", ("values",)),
    _cue("position", 1, "deserves", r"\bdeserve[sd]?\b", ("deserve",)),
    _cue(
        "position",
        1,
        "the answer is",
        r"\b(?:the\s+)?(?:solution|antidote|answer)\s+(?:to|is)\b",
        ("solution", "antidote", "answer"),
    ),
    _cue(
        "position",
        1,
        "is essential",
        r"\bis\s+(?:essential|vital|crucial)\b",
        ("essential", "vital", "crucial"),
    ),
    _cue(
        "position",
        2,
        "regards as crucial",
        r"\b(?:regards?|considers?|sees?|views?)\b[^.]{0,120}?\b(?:as|to\s+be)\s+"
        r"(?:crucial|essential|vital|important|key|fundamental|necessary)\b",
        ("regard", "consider", "see", "view"),
    ),
    _cue(
        "concern",
        2,
        "little consideration",
        r"\b(?:little|no|insufficient|inadequate|scant)\s+(?:\w+\s+){0,2}"
        r"(?:consideration|regard|attention|thought|account)\s+(?:of|to|for|given)\b",
        ("consideration", "regard", "attention", "thought", "account"),
    ),
    _cue(
        "position",
        1,
        "has a responsibility",
        r"\bha(?:s|ve)\s+a\s+responsibility\b",
        ("responsibility",),
    ),
)


def _by_probe(probes: list[tuple[str, ...]]) -> dict[str, list[int]]:
    """Each probe word -> the rules (by index) that need it: a sentence is then
    tried only with the rules whose words it has."""
    index: dict[str, list[int]] = {}
    for i, words in enumerate(probes):
        for word in dict.fromkeys(words):
            index.setdefault(word, []).append(i)
    return index


_CUE_PROBES = _by_probe([cue.probes for cue in CUES])

MIN_WORDS = 4  # shorter lines are headings or page furniture, not claims
MAX_THEMES = 2

# --- sentences -----------------------------------------------------------------

_ABBREVIATIONS = frozenset(
    {"e.g", "i.e", "etc", "mr", "mrs", "ms", "dr", "prof", "st", "no", "vs", "cf", "al", "fig",
     "co", "ltd", "inc", "jr", "sr"}
)  # fmt: skip
_END = re.compile(r"[.!?](?:[\"'\u201d\u2019)\]]*)(?=\s+[\"'\u201c\u2018(\[]*[A-Z0-9#@\u00a3$])")
_MARKER = re.compile(
    r"""^(?:\s*(?:[-*+\u2022\u25aa\u2013>]|\#{1,6}|\d{1,3}[.)]|[a-z][.)])\s+)*"""
    r"""[\s"'\u201c\u2018\u201d\u2019]*""",
    re.VERBOSE,
)
_HEADING = re.compile(r"\s*#{1,6}\s")
_ITEM = re.compile(r"\s*(?:[-*+\u2022\u25aa\u2013]|\d{1,3}[.)]|[a-z][.)])\s+")
_CLOSERS = "\"'\u201d\u2019"
_WS = re.compile(r"\s+")


@dataclass(frozen=True)
class Sentence:
    """One sentence (or list item) of the text, and where it starts (1-based)."""

    text: str
    line: int
    column: int
    item: bool = False  # a line of a list ("- ...", "1. ...")


def _blocks(text: str) -> list[tuple[int, int]]:
    """Spans of lines that read as one run of prose: a wrapped line joins the
    one before it when it carries on in lower case."""
    spans: list[tuple[int, int]] = []
    in_block = False  # a blank line ends a block
    pos = 0
    for line in text.splitlines(keepends=True):
        body = line.strip()
        end = pos + len(line.rstrip("\r\n"))
        if not body:
            in_block = False
        elif in_block and body[0].islower():
            spans[-1] = (spans[-1][0], end)
        else:
            spans.append((pos, end))
            in_block = True
        pos += len(line)
    return spans


_TOKEN_CHARS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ.")


def _is_abbreviation(text: str, dot: int) -> bool:
    """Whether the word before the full stop at ``dot`` is an abbreviation ("e.g", "Dr").

    The word is read backwards from the stop, never the text before it: a stop
    that ends a sentence has a space after it, so no two words overlap and a
    paragraph of any length is read once."""
    start = dot
    while start > 0 and text[start - 1] in _TOKEN_CHARS:
        start -= 1
    if start == dot:
        return False
    token = text[start:dot].strip(".").lower()
    return token in _ABBREVIATIONS or (len(token) == 1 and token.isalpha())


def sentences(text: str) -> list[Sentence]:
    """The sentences of a text, each with its line and column."""
    line_starts = [0] + [m.end() for m in re.finditer("\n", text)]
    found: list[Sentence] = []

    def add(start: int, end: int) -> None:
        raw = text[start:end]
        if _HEADING.match(raw):
            return  # a Markdown heading names a section; it claims nothing
        lead = _MARKER.match(raw)
        skip = lead.end() if lead else 0
        body = _WS.sub(" ", raw[skip:]).strip()
        if body and body[-1] in _CLOSERS and not any(q in body[:-1] for q in '"\u201c'):
            body = body[:-1].rstrip()
        words = len(body.split())
        if words < MIN_WORDS and not (words >= 2 and body.endswith(":")):
            return  # too short for a claim, unless it leads in to a list ("Trusts must:")
        at = start + skip
        line = bisect.bisect_right(line_starts, at)
        item = _ITEM.match(raw) is not None
        found.append(Sentence(body, line, at - line_starts[line - 1] + 1, item))

    for block_start, block_end in _blocks(text):
        block = text[block_start:block_end]
        start = 0
        for match in _END.finditer(block):
            if match.group(0)[0] == "." and _is_abbreviation(block, match.start()):
                continue
            add(block_start + start, block_start + match.end())
            start = match.end()
        add(block_start + start, block_end)
    return found


# --- dates -----------------------------------------------------------------------

_MONTHS = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
]
_MONTH = r"(january|february|march|april|may|june|july|august|september|october|november|december)"
_DATES = (
    ("iso", re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")),
    ("dmy", re.compile(r"\b(\d{1,2})(?:st|nd|rd|th)?\s+" + _MONTH + r",?\s+(\d{4})\b", re.I)),
    ("mdy", re.compile(r"\b" + _MONTH + r"\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})\b", re.I)),
    ("numeric", re.compile(r"\b(\d{1,2})/(\d{1,2})/(\d{4}|\d{2})\b")),
    ("month", re.compile(r"\b" + _MONTH + r"\s+(\d{4})\b", re.I)),
)


@dataclass(frozen=True)
class FoundDate:
    date: PartialDate
    written: str
    line: int


def _date_of(kind: str, groups: tuple[str, ...]) -> PartialDate | None:
    try:
        if kind == "iso":
            return PartialDate.parse("-".join(groups))
        if kind == "dmy":
            day, month, year = groups
            return PartialDate.parse(
                f"{year}-{_MONTHS.index(month.lower()) + 1:02d}-{int(day):02d}"
            )
        if kind == "mdy":
            month, day, year = groups
            return PartialDate.parse(
                f"{year}-{_MONTHS.index(month.lower()) + 1:02d}-{int(day):02d}"
            )
        if kind == "numeric":  # day/month/year, as written in the UK
            day, month, year = groups
            full = int(year) + (2000 if len(year) == 2 else 0)
            return PartialDate.parse(f"{full:04d}-{int(month):02d}-{int(day):02d}")
        month, year = groups
        return PartialDate.parse(f"{year}-{_MONTHS.index(month.lower()) + 1:02d}")
    except ValueError:
        return None


def find_date(text: str) -> FoundDate | None:
    """The first date written in the text (a full date before a month alone)."""
    best: tuple[int, int, FoundDate] | None = None
    for rank, (kind, pattern) in enumerate(_DATES):
        for match in pattern.finditer(text):
            date = _date_of(kind, match.groups())
            if date is None:
                continue
            key = (match.start(), rank)
            if best is None or key < best[:2]:
                line = text.count("\n", 0, match.start()) + 1
                best = (match.start(), rank, FoundDate(date, match.group(0), line))
            break
    return best[2] if best else None


# --- the draft -----------------------------------------------------------------


@dataclass
class Candidate:
    """A sentence proposed as a claim, with what the rules suggest for it."""

    id: str
    kind: str
    quote: str
    line: int
    column: int
    cues: list[str]
    themes: list[str]
    keywords: list[str]
    target: str | None = None
    deadline: str | None = None
    deadline_note: str | None = None
    target_guessed: bool = False  # no body named: the one the corpus asks most
    items: list[str] = field(default_factory=list)  # list items it leads in to

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "kind": self.kind,
            "themes": self.themes,
            "target": self.target,
            "target_guessed": self.target_guessed,
            "items": self.items,
            "quote": self.quote,
            "deadline": self.deadline,
            "deadline_note": self.deadline_note,
            "line": self.line,
            "column": self.column,
            "cues": self.cues,
            "keywords": self.keywords,
        }


@dataclass
class NewOrg:
    """An organisation the text names that the corpus lacks: drafted for review."""

    id: str
    name: str
    short: str | None = None

    def as_dict(self) -> dict[str, Any]:
        return {"id": self.id, "name": self.name, "short": self.short, "kind": None}


# A name as organisations write theirs: capitalised words, with the small words
# of names between them ("Royal College of Psychiatrists", "Rethink Mental Illness").
_NAME_WORD = r"(?:[A-Z][\w'’&.-]*|[A-Z]{2,})"
_ORG_NAME = rf"{_NAME_WORD}(?:[ \t]+(?:(?:of|and|for|the|in|&)[ \t]+)*{_NAME_WORD})*"
# ... where a statement says who wrote it: its title, byline or opening sentence
_AUTHOR_PATTERNS = [  # the words around a name in any case; the name itself capitalised
    re.compile(rf"^(?i:an?\s+|the\s+)?(?i:joint\s+|press\s+)?(?i:statement|response|letter)"
               rf"\s+(?i:from|by)\s+(?i:the\s+)?(?P<name>{_ORG_NAME})"),
    re.compile(rf"^(?i:by|from|published by)\s*:?\s+(?i:the\s+)?(?P<name>{_ORG_NAME})"),
    re.compile(rf"^(?i:the\s+)?(?P<name>{_ORG_NAME})(?:['’]s)?\s+(?:welcomes?|responds?|response"
               r"|statement|position|calls?|urges?|says|reacts?|comments?|believes?"
               r"|warns?|regards?|supports?|opposes?)\b"),
]  # fmt: skip
_ACRONYM = r"\((?P<short>[A-Z][A-Za-z&]{1,9})\)"


_TARGET_NAME = re.compile(
    r"^[ \t]*(?:(?:on|upon)[ \t]+)?(?:the[ \t]+)?"
    rf"(?:(?P<spelled>{_ORG_NAME})[ \t]*{_ACRONYM}"
    rf"|(?P<name>{_NAME_WORD}(?:[ \t]+(?:(?:of|and|for|the|in|&)[ \t]+)*{_NAME_WORD})+))"
)


def _named_org(after_call: str) -> str | None:
    """The body a call is made of, when its name (two or more capitalised words, or a
    name with its acronym) comes straight after the call: "urge the Royal College of
    Psychiatrists to ..." -> "Royal College of Psychiatrists"."""
    found = _TARGET_NAME.match(after_call[:200])
    if found is None:
        return None
    return found.group("spelled") or found.group("name")


def find_author(text: str, title: str = "") -> str | None:
    """The name of the statement's author as its title, byline or opening sentence
    gives it ("X welcomes ...", "X statement on ...", "Statement from X"), or None."""
    lines = [title] if title else []
    for line in text.splitlines():
        body = _MARKER.sub("", line).strip().strip("#").strip()
        if body:
            lines.append(body)
        if len(lines) >= 6:
            break
    for line in lines:
        for pattern in _AUTHOR_PATTERNS:
            found = pattern.match(line)
            if found:
                name = re.sub(r"\s+", " ", found.group("name")).strip(" .'’")
                name = re.sub(r"(?:['’]s)$", "", name)
                if len(name) >= 2 and name.casefold() not in _NOT_NAMES:
                    return name
    return None


_NOT_NAMES = frozenset({"we", "our", "this", "the", "a", "an", "it", "they", "today", "statement"})


def _by_last_word(after_call: str, corpus: Corpus, author: str) -> str | None:
    """The known body whose name ends in a word of the first few after a call
    ("call for trusts to" -> "Mental health trusts"), when just one does."""
    words = {w.casefold().rstrip("s") for w in re.findall(r"[A-Za-z]{4,}", after_call)[:4]}
    found = {
        org.id
        for org in corpus.organisations
        if org.id != author
        for name in (org.name, *org.aliases)
        if name.split() and name.split()[-1].casefold().rstrip("s") in words
    }
    return found.pop() if len(found) == 1 else None


def _credible(name: str, corpus: Corpus) -> bool:
    """Whether a name read from a title or opening may be an organisation's: two or
    more words, an acronym, or a name the corpus knows."""
    from simcli.corpus import UnknownName

    if len(name.split()) > 1 or (name.isupper() and len(name) >= 2):
        return True
    try:
        corpus.org(name)
    except UnknownName:
        return False
    return True


def _short_name(name: str, text: str) -> str | None:
    """An acronym the text gives for ``name`` ("Royal College of Psychiatrists (RCPsych)")."""
    found = re.search(re.escape(name) + r"\s*" + _ACRONYM, text)
    return found.group("short") if found else None


def _resolve_org(
    name: str, corpus: Corpus, text: str, taken: set[str]
) -> tuple[str, NewOrg | None]:
    """The corpus's id for ``name``, or a new organisation drafted for it."""
    from simcli.corpus import UnknownName

    try:
        return corpus.org(name).id, None
    except UnknownName:
        pass
    short = _short_name(name, text)
    if re.fullmatch(r"[A-Z][A-Za-z&]{1,9}", name) and name.upper() == name:
        spelled = re.search(rf"(?P<name>{_ORG_NAME})[ \t]*\({re.escape(name)}\)", text)
        if spelled:  # "The British Psychological Society (BPS)": the name in full
            name, short = re.sub(r"^(?:The|the)\s+", "", spelled.group("name")), name
    if short:
        try:
            return corpus.org(short).id, None
        except UnknownName:
            pass
    if short is None:
        short = _initials(name)
    org_id = _unique(slug(short or name), taken)
    return org_id, NewOrg(org_id, name, short)


def _initials(name: str) -> str | None:
    """An acronym for a name of three or more capitalised words, as organisations
    make theirs ("Royal College of Crisis Nursing" -> "RCCN"); a draft to review."""
    capitals = [w[0] for w in name.split() if w[:1].isupper()]
    return "".join(capitals) if len(capitals) >= 3 else None


@dataclass
class Draft:
    """A statement skeleton: its fields, its candidate claims, and what was guessed."""

    id: str
    org: str
    title: str
    date: str
    source: str
    date_note: str | None = None
    candidates: list[Candidate] = field(default_factory=list)
    sentences: int = 0
    notes: list[str] = field(default_factory=list)
    new_orgs: list[NewOrg] = field(default_factory=list)  # the corpus lacks them

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "org": self.org,
            "title": self.title,
            "date": self.date,
            "date_note": self.date_note,
            "source": self.source,
            "sentences": self.sentences,
            "notes": self.notes,
            "organisations": [o.as_dict() for o in self.new_orgs],
            "claims": [c.as_dict() for c in self.candidates],
        }


class ThemeMatcher:
    """Suggests themes for a sentence from the codebook's keywords."""

    def __init__(self, themes: list[Theme]) -> None:
        self.rules: list[tuple[str, str, re.Pattern[str], int]] = []
        for theme in themes:
            for keyword in theme.keywords:
                words = keyword.split()
                if not words:
                    continue
                body = r"\s+".join(re.escape(w) for w in words)
                pattern = re.compile(
                    r"(?<![\w-])" + body + r"(?:s|es|ed|d|ing)?(?![\w-])", re.IGNORECASE
                )
                self.rules.append((theme.id, keyword, pattern, len(words)))
        # a keyword's first word, case folded: a sentence without it cannot match
        self.probes = _by_probe(
            [(keyword.split()[0].casefold(),) for _, keyword, _, _ in self.rules]
        )

    def suggest(self, sentence: str, after: int = 0) -> tuple[list[str], list[str]]:
        """Up to ``MAX_THEMES`` theme ids, best first, and the keywords that matched.

        The theme of the first keyword after ``after`` (where the cue is) leads:
        in "we call for SIM to be halted and reviewed", what is called for is
        what follows the call. The rest rank by how many keywords they match.
        """
        score: Counter[str] = Counter()
        first: dict[str, int] = {}
        matched: list[str] = []
        folded = sentence.casefold()
        maybe = {i for probe, rules in self.probes.items() if probe in folded for i in rules}
        for i in sorted(maybe):
            theme, keyword, pattern, weight = self.rules[i]
            match = pattern.search(sentence)
            if match is not None:
                score[theme] += 1 + weight  # a phrase says more than a word
                at = match.start() if match.start() >= after else len(sentence) + match.start()
                first[theme] = min(first.get(theme, at), at)
                if keyword not in matched:
                    matched.append(keyword)
        ranked = sorted(score, key=lambda t: (-score[t], first[t]))
        lead = min(first, key=lambda t: (first[t], -score[t]), default=None)
        if lead is not None and first[lead] < len(sentence):
            ranked.remove(lead)
            ranked.insert(0, lead)
        return ranked[:MAX_THEMES], matched


class OrgMatcher:
    """Finds organisations named in a text by their names and aliases."""

    def __init__(self, organisations: list[Organisation]) -> None:
        names: list[tuple[str, str]] = []
        for org in organisations:
            for name in org.names():
                bare = re.sub(r"(?i)^the\s+", "", name)  # "the NHS" is named as "NHS"
                if len(bare) >= 3:
                    names.append((bare, org.id))
        names.sort(key=lambda pair: -len(pair[0]))
        self.ids = {name.casefold(): org_id for name, org_id in names}
        alternation = "|".join(re.escape(name) for name, _ in names) or r"(?!)"
        # names as written (case matters: "public" is a word, "Public" may not be)
        self.pattern = re.compile(r"(?<![\w#-])#?(?:" + alternation + r")(?![\w-])")

    def find(self, text: str) -> list[str]:
        """Organisation ids in the order they are named, repeats kept."""
        found = []
        for match in self.pattern.finditer(text):
            org_id = self.ids.get(match.group(0).lstrip("#").casefold())
            if org_id is None:
                org_id = self.ids.get(match.group(0).casefold())
            if org_id is not None:
                found.append(org_id)
        return found


_SLUG = re.compile(r"[^a-z0-9]+")


def slug(text: str) -> str:
    """An id made from text: lower case, ASCII letters and digits joined by '-'."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return _SLUG.sub("-", ascii_text.lower()).strip("-") or "statement"


def _unique(base: str, taken: set[str], tried: dict[str, int] | None = None) -> str:
    """``base``, or ``base-2``, ``base-3``, ... whichever is not taken yet (and take it).
    ``tried`` remembers where each base got to, so that many ids on one base cost
    one step each, not a count from 2 every time."""
    n = tried.get(base, 1) if tried is not None else 1
    candidate = base if n == 1 else f"{base}-{n}"
    while candidate in taken:
        n += 1
        candidate = f"{base}-{n}"
    if tried is not None:
        tried[base] = n
    taken.add(candidate)
    return candidate


_WITHIN = re.compile(
    r"\bwithin\s+(\d{1,3}|one|two|three|seven|fourteen|thirty)\s+(day|week)s?\b", re.I
)
_NUMBERS = {"one": 1, "two": 2, "three": 3, "seven": 7, "fourteen": 14, "thirty": 30}
_IMMEDIATE = re.compile(r"\b(?:with\s+immediate\s+effect|immediately|immediate)\b", re.I)


def _deadline(sentence: str, date: PartialDate | None) -> tuple[str | None, str | None]:
    if date is None:
        return None, None
    within = _WITHIN.search(sentence)
    if within and date.precision == "day":
        count = _NUMBERS.get(within.group(1).lower()) or int(within.group(1))
        days = count * (7 if within.group(2).lower() == "week" else 1)
        try:
            due = date.earliest() + dt.timedelta(days=days)
        except OverflowError:  # past the year 9999: no deadline we can write
            return None, None
        return due.isoformat(), f'"{within.group(0)}": counted from the statement\'s date.'
    immediate = _IMMEDIATE.search(sentence)
    if immediate:
        return str(date), f'"{immediate.group(0)}": due on the statement\'s date.'
    return None, None


def _title(text: str, page_title: str, fallback: str) -> str:
    if page_title:
        return page_title
    for line in text.splitlines():
        body = _MARKER.sub("", line).strip().strip("#").strip()
        words = body.split()
        if 4 <= len(words) <= 25 and not body.endswith((".", ":", ";", ",")):
            return body
    return fallback


_CONCESSIVE = re.compile(r"^(?:while|whilst|although|though|even\s+though)\b[^,]*,", re.I)


def classify(sentence: str) -> tuple[str, list[str], int] | None:
    """The kind the strongest cue suggests, every cue that matched, and where
    the deciding cue ends.

    A cue in an opening concessive clause ("Whilst we welcome the letter, ...")
    is outweighed by what the main clause says.
    """
    concession = _CONCESSIVE.match(sentence)
    aside = concession.end() if concession else 0
    best: tuple[int, int, str, int] | None = None
    names: list[str] = []
    folded = sentence.casefold()
    maybe = {i for probe, cues in _CUE_PROBES.items() if probe in folded for i in cues}
    for i in sorted(maybe):
        cue = CUES[i]
        found = cue._locate(sentence)
        if found:
            names.append(cue.name)
            strength = cue.strength - (2 if found[0] < aside else 0)
            key = (-strength, i, cue.kind, found[1])
            if best is None or key < best:
                best = key
    return (best[2], names, best[3]) if best else None


def extract_statement(
    text: str,
    corpus: Corpus,
    *,
    source: str,
    org: str | None = None,
    statement_id: str | None = None,
    title: str | None = None,
    date: str | None = None,
    page_title: str = "",
) -> Draft:
    """Draft a statement of ``org`` from ``text`` against ``corpus``'s codebook.

    ``org`` is an id, name or alias known to the corpus; without it, the first
    organisation the text names is taken (and a note says so). Raises
    :class:`simcli.corpus.UnknownName` for an organisation the corpus does not
    have, :class:`ExtractError` when no author can be found or ``statement_id``
    is taken, and ``ValueError`` for a bad ``date``.
    """
    notes: list[str] = []
    orgs = OrgMatcher(corpus.organisations)
    named = orgs.find(text)
    ids = {o.id for o in corpus.organisations} | {t.id for t in corpus.themes}
    ids |= {s.id for s in corpus.statements} | {c.id for _, c in corpus.claims()}
    ids |= {o.id for o in corpus.outcomes}
    new_orgs: list[NewOrg] = []
    written_by = org if org is not None else find_author(text, title or page_title)
    if org is None and written_by is not None and not _credible(written_by, corpus):
        written_by = None  # "Today says ...": one plain word is no organisation's name
    if written_by is not None:
        author, new_org = _resolve_org(written_by, corpus, text, ids)
        if new_org is not None:
            new_orgs.append(new_org)
            names = {n.casefold(): o.id for o in corpus.organisations for n in o.names()}
            close = (  # a name is short; a megabyte of "name" gets no suggestion
                difflib.get_close_matches(new_org.name.casefold(), names, n=1, cutoff=0.75)
                if len(new_org.name) <= 200
                else []
            )
            hint = f" (or did you mean '{names[close[0]]}'?)" if close else ""
            notes.append(
                f"'{new_org.name}' is new to the corpus: the draft adds it as organisation"
                f" '{new_org.id}'; review its short name and write its kind{hint}"
            )
        elif org is None:
            notes.append(
                f"organisation read as '{author}' from the text's title or opening;"
                " set it with --org"
            )
    elif named:
        # the first named of those that author statements in the corpus, else the first named
        authors = {s.org for s in corpus.statements}
        author = next((o for o in named if o in authors), named[0])
        notes.append(
            f"organisation guessed as '{author}' from the names in the text; set it with --org"
        )
    else:
        raise ExtractError(
            "the text names no organisation of the corpus and says no author in its title"
            " or opening; name the author with --org"
        )

    found_date = None if date is not None else find_date(text)
    statement_date: PartialDate | None = None
    date_note = None
    if date is not None:
        statement_date = PartialDate.parse(date)
    elif found_date is not None:
        statement_date = found_date.date
        date_note = (
            f'Dated "{found_date.written}" in its text (line {found_date.line}):'
            " check it is the date of publication."
        )
    else:
        date_note = "TODO: no date found in the text; this year is a placeholder."
        notes.append("no date found in the text; set it with --date")
    shown_date = str(statement_date or as_of_day().year)

    taken = {s.id for s in corpus.statements} | {c.id for _, c in corpus.claims()}
    if statement_id is None:
        new_id = _unique(slug(f"{author}-{shown_date}"), taken)
    elif statement_id in taken:
        raise ExtractError(f"--id: '{statement_id}' is already in the corpus")
    elif not _ID.fullmatch(statement_id) or len(statement_id) > 200:
        raise ExtractError(
            f"--id: '{statement_id}' is not a valid id: use letters, digits, '.', '_' or '-'"
            " (at most 200)"
        )
    else:
        new_id = statement_id
        taken.add(new_id)

    themes = ThemeMatcher(corpus.themes)
    # without a name after the call, the target is the organisation named in the
    # text that the corpus most often asks things of; failing that, the one it
    # asks most of all; failing that, the one the text names most
    others = Counter(o for o in named if o != author)
    asked = Counter(c.target for _, c in corpus.claims() if c.target and c.target != author)
    default_target = max(others, key=lambda o: (asked[o], others[o]), default=None)
    if asked and (default_target is None or not asked[default_target]):
        default_target = asked.most_common(1)[0][0]
    found = sentences(text)
    draft = Draft(
        id=new_id,
        org=author,
        title=title or _title(text, page_title, f"TODO: the title of {source}"),
        date=shown_date,
        date_note=date_note,
        source=source,
        sentences=len(found),
        notes=notes,
        new_orgs=new_orgs,
    )
    # a sentence with no keyword takes the theme of the claim before it
    fallback_theme = corpus.themes[0].id if corpus.themes else "TODO"
    lead_targets: list[str] = []  # who a lead-in ("We call on NHS England to:") names
    tried: dict[str, int] = {}  # for _unique
    folded: set[int] = set()  # list items written into their lead-in's demand
    for n, sentence in enumerate(found):
        if n in folded:
            continue
        if sentence.text.endswith(":"):
            # a lead-in to a list says whom its items ask; items with a cue of their
            # own are claims; those without one are written into the lead-in's demand
            lead_targets = [o for o in orgs.find(sentence.text) if o != author]
            items = []
            for m in range(n + 1, len(found)):
                if not found[m].item:
                    break
                if classify(found[m].text) is None:
                    items.append(m)
            verdict = classify(sentence.text)
            if not items or verdict is None or verdict[0] != "demand":
                continue
            folded.update(items)
            lead_items = [found[m].text.rstrip(";,. ") for m in items]
        else:
            lead_items = []
            verdict = classify(sentence.text)
        if verdict is None:
            lead_targets = []
            continue
        kind, cues, cue_end = verdict
        suggested, keywords = themes.suggest(sentence.text, cue_end)
        chosen = suggested or [fallback_theme]
        fallback_theme = chosen[0]
        candidate = Candidate(
            id=_unique(f"{author}-{chosen[0]}", taken, tried),
            kind=kind,
            quote=sentence.text,
            line=sentence.line,
            column=sentence.column,
            cues=cues,
            themes=chosen,
            keywords=keywords,
        )
        candidate.items = lead_items
        if kind == "demand":
            # whom a call is made of is named after the call ("we call on NHS England")
            named_after = [o for o in orgs.find(sentence.text[cue_end:]) if o != author]
            targets = lead_targets + named_after
            if targets:
                candidate.target = targets[0]
            else:
                unknown = _named_org(sentence.text[cue_end:])
                if unknown is not None:  # a body the corpus lacks: drafted for review
                    target, new_org = _resolve_org(unknown, corpus, text, ids)
                    if new_org is not None and all(o.id != target for o in new_orgs):
                        new_orgs.append(new_org)
                        notes.append(
                            f"'{new_org.name}' is new to the corpus: the draft adds it as"
                            f" organisation '{new_org.id}'; review its short name and write"
                            " its kind"
                        )
                    candidate.target = target
                else:  # "call for trusts to ...": a known body by the last word of its name
                    candidate.target = _by_last_word(sentence.text[cue_end:], corpus, author)
                    if candidate.target is None:
                        candidate.target = default_target
                    candidate.target_guessed = candidate.target is not None
                    if candidate.target is not None:
                        notes.append(
                            f"line {sentence.line}: no organisation of the corpus is named after"
                            f" the call; its target is guessed as '{candidate.target}': check it"
                        )
            candidate.deadline, candidate.deadline_note = _deadline(sentence.text, statement_date)
        elif kind == "appeal":  # whom it invites, if the corpus knows them; else no one
            named = [o for o in orgs.find(sentence.text) if o != author]
            candidate.target = named[0] if named else None
        draft.candidates.append(candidate)
    # a demand that names no one, in a corpus that asks no one yet: the body this
    # text's other demands ask most (it is marked as a guess in the draft)
    asked_here = Counter(c.target for c in draft.candidates if c.kind == "demand" and c.target)
    for c in draft.candidates:
        if c.kind == "demand" and c.target is None and asked_here:
            c.target, c.target_guessed = asked_here.most_common(1)[0][0], True
            notes.append(
                f"line {c.line}: no organisation is named after the call; its target is"
                f" guessed as '{c.target}': check it"
            )
    if not any(c.keywords for c in draft.candidates) and draft.candidates:
        notes.append("no codebook keyword matched: every theme is a placeholder")
    return draft


# --- YAML --------------------------------------------------------------------


def _scalar(value: str) -> str:
    """A YAML double-quoted scalar; anything unprintable becomes an escape."""
    if value.isprintable() and '"' not in value and "\\" not in value:
        return f'"{value}"'  # printable: no category C or Z but the space, as below
    out = ['"']
    for char in value:
        if char in '"\\':
            out.append("\\" + char)
        elif char == "\n":
            out.append("\\n")
        elif char == "\t":
            out.append("\\t")
        elif unicodedata.category(char)[0] in "CZ" and char != " ":
            code = ord(char)
            out.append(f"\\u{code:04x}" if code <= 0xFFFF else f"\\U{code:08x}")
        else:
            out.append(char)
    out.append('"')
    return "".join(out)


_PLAIN = re.compile(r"[a-z0-9][a-z0-9._-]*")
_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*")  # as simcli.model.Id
_RESOLVER = yaml.resolver.Resolver()
_RESERVED = frozenset({"true", "false", "yes", "no", "on", "off", "null", "y", "n"})


def _id(value: str) -> str:
    """An id or date as a plain scalar, as the corpus writes them, when YAML reads it
    back as text (or a date); else quoted (``0x1f`` would be read as a number)."""
    if _PLAIN.fullmatch(value) and value not in _RESERVED:
        tag = _RESOLVER.resolve(yaml.ScalarNode, value, (True, False))  # type: ignore[no-untyped-call]
        if tag in ("tag:yaml.org,2002:str", "tag:yaml.org,2002:timestamp"):
            return value
    return _scalar(value)


def _date(value: str) -> str:
    """A date as the corpus writes it: plain (2021, 2021-04, 2021-04-21)."""
    return value if re.fullmatch(r"\d{4}(?:-\d{2}(?:-\d{2})?)?", value) else _scalar(value)


def _comment(text: str) -> str:
    return " ".join(_scalar(text)[1:-1].split())


def draft_output(draft: Draft) -> Output:
    """The draft for the renderer: ``yaml``, a corpus file to review and save (a
    whole page), or ``json``, the candidates for scripts."""
    return Output(draft.as_dict(), [], pages={"yaml": lambda: draft_yaml(draft)})


def draft_yaml(draft: Draft) -> str:
    """The draft as a corpus file holding one statement, with review notes as comments."""
    n = len(draft.candidates)
    lines = [
        f"# Drafted by simcli extract from {_comment(draft.source)}: {n} candidate"
        f" claim{'s' if n != 1 else ''} from {draft.sentences} sentences.",
        "# Review every claim against the text: delete what is not a claim, correct",
        "# kind, themes and target, and write each TODO in our own words. Then save",
        "# this file in the corpus folder and run: simcli --data FOLDER check --sources DIR",
    ]
    lines += [f"# note: {_comment(note)}" for note in draft.notes]
    lines.append("version: 1")
    if draft.new_orgs:
        lines.append("organisations:")
        for o in draft.new_orgs:
            lines.append(f"  - id: {_id(o.id)}")
            lines.append(f"    name: {_scalar(o.name)}")
            if o.short:
                lines.append(f"    short: {_scalar(o.short)}")
            lines.append('    kind: "TODO: charity, public body, royal college, union, ..."')
    lines += [
        "statements:",
        f"  - id: {_id(draft.id)}",
        f"    org: {_id(draft.org)}",
        f"    title: {_scalar(draft.title)}",
        f"    date: {_date(draft.date)}",
    ]
    if draft.date_note:
        lines.append(f"    date_note: {_scalar(draft.date_note)}")
    lines += [
        f"    source: {_id(draft.source)}",
        '    summary: "TODO: what the statement says and asks, in our own words."',
        "    claims:" if draft.candidates else "    claims: []",
    ]
    for c in draft.candidates:
        why = ", ".join(c.cues)
        found = f"; keywords: {', '.join(c.keywords)}" if c.keywords else "; no keyword matched"
        lines.append(f"      # line {c.line}, column {c.column}: {_comment(why)}{_comment(found)}")
        if c.target_guessed:
            lines.append(
                "      # target guessed: no organisation of the corpus is named after the call;"
                " check it"
            )
        lines.append(f"      - id: {_id(c.id)}")
        lines.append(f"        kind: {c.kind}")
        lines.append(f"        themes: [{', '.join(_id(t) for t in c.themes)}]")
        if c.target:
            lines.append(f"        target: {_id(c.target)}")
        elif c.kind == "demand":  # the corpus will not load until someone is named
            lines.append('        target: "TODO: the organisation this demand asks to act"')
        if c.items:
            listed = "; ".join(c.items)
            lines.append(
                f"        text: {_scalar(f'TODO: this {c.kind} in our own words: {listed}')}"
            )
        else:
            lines.append(f'        text: "TODO: this {c.kind} in our own words."')
        lines.append(f"        quote: {_scalar(c.quote)}")
        if c.deadline:
            lines.append(f"        deadline: {_date(c.deadline)}")
            lines.append(f"        deadline_note: {_scalar(c.deadline_note or '')}")
    return "\n".join(lines) + "\n"
