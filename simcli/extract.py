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
import difflib
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

import yaml

from simcli.bylines import (
    NAME_WORD,
    ORG_NAME,
    find_addressee,
    find_byline,
    is_acronym,
    is_org_like,
)
from simcli.corpus import Corpus
from simcli.datelines import find_date, find_deadline
from simcli.dates import TODO, PartialDate
from simcli.model import Organisation, Theme
from simcli.quotes import normalise
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
        "please act",
        r"\bplease\s+(?:" + "|".join(APPEAL_VERBS) + r")\b",
        ("please",),
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
    # "calls for reform" after "on", "the", "to" ... is a noun: the calls of others
    _cue(
        "demand",
        3,
        "calls for",
        r"(?<!\bon )(?<!\bthe )(?<!\bto )(?<!\bof )(?<!\bamid )(?<!\bdespite )(?<!\bthese )"
        r"\bcall(?:s|ed|ing)?\s+(?:for|on|upon)\b",
        ("call",),
    ),
    _cue("demand", 3, "campaigns for", r"\bcampaign(?:s|ed|ing)?\s+for\b", ("campaign",)),
    _cue(
        "demand",
        3,
        "recommends",
        r"\brecommend(?:s|ed|ing)?\s+that\b|\brecommendations?\s+(?:is|are)\s+that\b",
        ("recommend",),
    ),
    _cue(
        "demand",
        3,
        "it is essential that",
        r"\bit\s+is\s+(?:\w+\s+)?(?:essential|important|vital|crucial|imperative|critical)\s+that\b",
        ("essential", "important", "vital", "crucial", "imperative", "critical"),
    ),
    _cue("demand", 3, "urges", r"\burg(?:e|es|ed|ing)\b", ("urg",)),
    _cue(
        "demand",
        3,
        "demands",
        r"\b(?:we|and|also)\s+demand\b|\bdemand(?:s|ed)?\s+that\b",
        ("demand",),
    ),
    _cue(
        "demand",
        3,
        "asks",
        r"\bask(?:s|ed|ing)?\s+(?:for|that|them|you|everyone|all)\b"
        r"|\bask(?:s|ed|ing)?\s+(?:the\s+)?(?:[\w'’-]+\s+){1,5}?to\s+[a-z]",
        ("ask",),
    ),
    _cue(
        "demand",
        3,
        "would like to see",
        r"\b(?:would\s+like|want|wants|wish|hope)\s+to\s+see\b",
        ("would", "want", "wish", "hope"),
    ),
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
    _cue(
        "demand",
        2,
        "should",
        r"\bshould\b(?!\s+(?:never\s+|not\s+)?have\b)(?!\s+never\s+(?:happen|occur)\b)",
        ("should",),
    ),
    _cue("demand", 2, "needs to", r"\bneeds?\s+to\b", ("need",)),
    _cue("demand", 2, "is needed", r"\b(?:is|are)\s+(?:urgently\s+|also\s+)?needed\b", ("needed",)),
    _cue("demand", 2, "is up to", r"\bis\s+(?:now\s+)?up\s+to\b", ("up",)),
    _cue("demand", 2, "now is the time", r"\bnow\s+is\s+the\s+time\s+(?:to|for)\b", ("time",)),
    _cue("demand", 2, "is overdue", r"\b(?:is|are)\s+(?:long\s+)?overdue\b", ("overdue",)),
    _cue(
        "demand",
        2,
        "no time to waste",
        r"\bno\s+time\s+(?:to|can\s+be)\s+(?:waste|lose|be\s+wasted|be\s+lost)\b",
        ("time",),
    ),
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
    target_guessed: bool = False  # not named in the sentence: read from around it
    target_how: str = ""  # how
    items: list[str] = field(default_factory=list)  # list items it leads in to

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "kind": self.kind,
            "themes": self.themes,
            "target": self.target,
            "target_guessed": self.target_guessed,
            "target_how": self.target_how,
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


_NAME_WORD = NAME_WORD
_ORG_NAME = ORG_NAME
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
        else:  # "ASCL" and, elsewhere, "the Association of School and College Leaders"
            for found in re.finditer(_ORG_NAME, text):
                full = re.sub(r"^(?:The|the)\s+", "", found.group(0))
                if _initials(full) == name:
                    name, short = full, name
                    break
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
        # a name matches in any case ("the government" is the alias "the Government"),
        # but an acronym ("ACT") or a name written in lower case ("public") only as written
        alternation = (
            "|".join(
                re.escape(name) if name.isupper() or name.islower() else f"(?i:{re.escape(name)})"
                for name, _ in names
            )
            or r"(?!)"
        )
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
    best: tuple[int, int, int, str, int] | None = None
    names: list[str] = []
    folded = sentence.casefold()
    maybe = {i for probe, cues in _CUE_PROBES.items() if probe in folded for i in cues}
    for i in sorted(maybe):
        cue = CUES[i]
        found = cue._locate(sentence)
        if found:
            names.append(cue.name)
            strength = cue.strength - (2 if found[0] < aside else 0)
            if strength <= 0:
                continue  # a cue in an aside alone: the main clause claims nothing
            # equals: the cue listed first; between outright ones, the first said
            key = (-strength, found[0] if strength >= 3 else 0, i, cue.kind, found[1])
            if best is None or key < best:
                best = key
    return (best[3], names, best[4]) if best else None


# --- whom a call asks --------------------------------------------------------------

_CALL_ON = re.compile(
    r"\b(?:call(?:s|ed|ing)?\s+(?:on|upon)|urg(?:e|es|ed|ing)|ask(?:s|ed|ing)?"
    r"|(?:writ(?:e|es|ing)|written|wrote)\s+(?:an?\s+(?:open\s+)?letter\s+)?to"
    r"|press(?:es|ed|ing)?|demand(?:s|ed|ing)?(?:\s+that)?|tell(?:s|ing)?|letter\s+to"
    r"|push(?:es|ed|ing)?|implor(?:e|es|ed|ing))\s+",
    re.I,
)
_PRONOUN = re.compile(
    r"^(?:you|your|him|her|them|it|they|the\s+company|the\s+organi[sz]ation)\b", re.I
)
_MODAL = re.compile(
    r"\b(?:must|should|needs?\s+to|ha(?:s|ve)\s+to|is\s+(?:now\s+)?up\s+to|ought\s+to|can['’]t\s+just)\b",
    re.I,
)
_SUBJECT = re.compile(
    rf"(?:^|[,;:(]\s*|\b(?:that|and|but|so|why)\s+)(?:(?:the|The)\s+)?(?P<name>{NAME_WORD}"
    rf"(?:[ \t]+(?:(?:of|and|for|the|in|&)[ \t]+)*{NAME_WORD})*)['’]?s?\s+"
    r"(?:(?:also|now|urgently|still|then|really|simply|therefore)\s+)?$"
)
_NOT_BODIES = frozenset(
    [
        "it",
        "this",
        "that",
        "they",
        "we",
        "i",
        "you",
        "he",
        "she",
        "there",
        "these",
        "those",
        "which",
        "who",
        "what",
        "everyone",
        "everybody",
        "nobody",
        "something",
        "nothing",
        "anyone",
        "all",
        "schools",
        "parents",
        "people",
        "now",
        "today",
        "here",
        "time",
        "action",
    ]
)
# a call the author reports from someone else: "many MPs have called for", "X said"
_REPORTING = re.compile(
    r"\b(?:said|says|say|told|tells|recommend(?:s|ed)?|argu(?:es|ed)|claim(?:s|ed)|stat(?:es|ed)"
    r"|suggest(?:s|ed)?|believ(?:e|es|ed)|think|thinks|consider(?:s|ed)?|insist(?:s|ed)|according\s+to"
    r"|(?:has|have|had)\s+(?:long\s+|also\s+|repeatedly\s+|already\s+)?(?:called|urged|asked"
    r"|demanded|campaigned))\b",
    re.I,
)
_OURS = re.compile(
    r"\b(?:we|our|us|i|my|coalition|letter|signator\w*|undersigned|together|jointly|partners"
    r"|organi[sz]ations|groups|unions|charities|members)\b",
    re.I,
)
# "we must face facts": the author's own resolve, no call on anyone
_RESOLVE = re.compile(
    r"\b(?:we|i)\s+(?:all\s+)?(?:must|should|need\s+to|have\s+to|ought\s+to)\s+"
    r"(?!see\b|have\b|get\b|hear\b|be\b|receive\b|know\b|ensure\b)",
    re.I,
)


_NORM = re.compile(
    r"^(?:any|a|an|every|all|no|each)\s+(?:[\w'’-]+\s+){0,12}?(?:must|should|needs?\s+to)\b",
    re.I,
)
_MODAL_END = re.compile(r"\b(?:must|should|needs?\s+to|ha(?:s|ve)\s+to)$", re.I)


@dataclass
class _Context:
    """What a sentence's target may be read from besides itself."""

    author: str
    author_names: list[str]
    addressee: str | None = None  # a letter's "Dear X": whom "you" asks
    recent: str | None = None  # the body named last in the paragraph (an id or a name)
    block: int = -1


def _known_or_new(
    name: str, corpus: Corpus, orgs: OrgMatcher, text: str, taken: set[str], drafted: list[NewOrg]
) -> str:
    """The id of a named body: known to the corpus (or to this draft), else drafted."""
    known = orgs.find(name)
    if known and len(name) <= 200:
        return known[0]
    for new in drafted:
        if name.casefold() in (new.id, new.name.casefold(), (new.short or "").casefold()):
            return new.id
    org_id, new_org = _resolve_org(name, corpus, text, taken)
    if new_org is not None:
        drafted.append(new_org)
    return org_id


def _credible_body(name: str, single_ok: bool) -> bool:
    words = name.split()
    if not words or words[0].casefold().strip("'’s") in _NOT_BODIES:
        return False
    if len(words) > 1 or is_acronym(name):
        return True
    return single_ok and len(name) >= 3


_CALL_VERB = re.compile(
    r"\b(?:call|calls|called|urge|urges|urged|ask|asks|asked|demand|demands|demanded"
    r"|campaign|campaigns|campaigned)\b",
    re.I,
)
_SPEAKER = re.compile(r"^(?:[\w'’#+-]+\s+){1,6}(?:(?:has|have|had)\s+(?:\w+\s+)?)?$")
_SAID_BY = re.compile(r"[,”\"]\s*(?:said|says|according\s+to)\s+(?P<who>(?:the\s+)?[A-Z][^,.;]*)")


def _not_ours(speaker: str, context: _Context) -> bool:
    if not speaker.strip() or _OURS.search(speaker):
        return False
    folded = speaker.casefold()
    return not any(name.casefold() in folded for name in context.author_names if len(name) >= 2)


def _reported(sentence: str, cue_start: int, context: _Context) -> bool:
    """Whether the call is someone else's that the author reports ("many MPs have
    called for ...", "the Committee recommended that ...", "..., said the Minister"):
    its speaker is not the author, nor "we", nor a coalition or letter the author is
    part of."""
    said = None
    for said in _REPORTING.finditer(sentence[: cue_start + 30]):  # noqa: B007
        pass
    if said is not None:
        speaker = re.split(r"[,;:(]\s+|[.!?]\s+", sentence[: said.start()])[-1]
        if _not_ours(speaker, context):
            return True
    else:
        call = _CALL_VERB.match(sentence, cue_start + 1) or _CALL_VERB.match(sentence, cue_start)
        if call is not None:
            speaker = re.split(r"[,;:(]\s+|[.!?]\s+", sentence[: call.start()])[-1]
            if _SPEAKER.match(speaker) and _not_ours(speaker, context):
                return True  # "School leaders call for ...": theirs
    after = _SAID_BY.search(sentence, cue_start)
    return after is not None and _not_ours(after.group("who"), context)


def _target(
    sentence: Sentence,
    cue_end: int,
    context: _Context,
    corpus: Corpus,
    orgs: OrgMatcher,
    text: str,
    taken: set[str],
    drafted: list[NewOrg],
) -> tuple[str | None, str]:
    """Whom a demand asks, and how that was read ("" when the sentence names it)."""
    words = sentence.text

    def resolve(name: str) -> str:
        return _known_or_new(name, corpus, orgs, text, taken, drafted)

    call = _CALL_ON.search(words)
    if call is not None:
        after = words[call.end() :]
        after = re.sub(r"^(?:on|upon|the|of)\s+", "", after, flags=re.I)
        if _PRONOUN.match(after):
            if context.addressee and re.match(r"you", after, re.I):
                return context.addressee, f'"you" in a letter to {context.addressee}'
            if context.recent:
                recent = resolve(context.recent)
                return recent, f"named earlier in the paragraph ({recent})"
        known = [o for o in orgs.find(after[:120]) if o != context.author]
        head = re.match(rf"(?P<name>{ORG_NAME})", after)
        if head and _credible_body(head.group("name"), single_ok=True):
            found = resolve(_named_org(after) or head.group("name"))
            if found != context.author:
                return found, ""
        if known and after.casefold().find(known[0].casefold()) < 60:
            return known[0], ""
    # "X is disappointed that NHS England has decided not to ...": who did not
    omission = re.search(r"\bdisappoint\w*\b", words[:cue_end], re.I)
    if omission is not None and call is None:
        within = [o for o in orgs.find(words[omission.end() : cue_end]) if o != context.author]
        if within:
            return within[-1], ""
    modal = _MODAL.search(words)
    passive = modal is not None and re.match(
        r"\s+(?:not\s+|never\s+)?be\s+\w+(?:ed|en|wn|ne)\b", words[modal.end() :]
    )
    if modal is not None and not passive:  # "SIM must be halted": SIM is no one to ask
        subject = _SUBJECT.search(words[: modal.start()])
        # one capitalised word opening the sentence may be capitalised for that alone
        if subject and _credible_body(subject.group("name"), single_ok=subject.start("name") > 4):
            found = resolve(subject.group("name"))
            if found != context.author:
                return found, ""
    # "Ofsted ... needs to be replaced", "The X Scheme must be scrapped": the clause of a
    # passive call names what is acted on, not whom it asks; an earlier clause may
    # ("The DfE's refusal to accept that grades should be scrapped")
    until = modal.start() if modal is not None else 0
    if passive and modal is not None:
        clauses = list(re.finditer(r"\b(?:that|which|who)\b|[,;:]", words[:until]))
        until = clauses[-1].start() if clauses else 0
    known = [o for o in orgs.find(words[cue_end:]) if o != context.author]
    known += [o for o in orgs.find(words[:until]) if o != context.author]
    if known:
        return known[0], ""
    named = [
        re.sub(r"['’]s$", "", m.group("name"))
        for m in re.finditer(rf"(?<![\w'’#])(?:the\s+|The\s+)?(?P<name>{ORG_NAME})", words[:until])
    ]
    named = [n for n in named[:1] if _credible_body(n, single_ok=False)]
    named = [n for n in named if n.casefold() not in {a.casefold() for a in context.author_names}]
    if named:
        return resolve(named[0]), ""
    by_word = _by_last_word(words[cue_end:], corpus, context.author)
    if by_word is not None:
        return by_word, "a known body by the last word of its name"
    if re.search(r"\byou(?:r)?\b", words, re.I) and context.addressee:
        return context.addressee, f'"you" in a letter to {context.addressee}'
    if context.recent:
        recent = resolve(context.recent)
        return recent, f"named earlier in the paragraph ({recent})"
    return None, ""


_SENTENCE_SUBJECT = re.compile(
    rf"^(?:[^,]{{0,60}},\s+)?(?:the\s+|The\s+)?(?P<name>{ORG_NAME})['’]?s?\s+(?!of\b|and\b)[a-z]"
)


def _bodies_named(sentence: str) -> list[str]:
    """Names of bodies in a sentence: capitalised words with an organisation's word in
    them ("the Treasury Department"); an acronym may name a scheme as well as a body."""
    found = []
    for m in re.finditer(rf"(?<![\w'’#])(?:the\s+|The\s+)?(?P<name>{ORG_NAME})", sentence):
        name = re.sub(r"['’]s$", "", m.group("name"))
        if " " in name and is_org_like(name):  # "the Treasury Department", not "SIM"
            found.append(name)
    return found


def _key(text: str) -> set[str]:
    return set(re.findall(r"[a-z0-9]{4,}", text.casefold()))


def _repeats(candidate: Candidate, earlier: list[Candidate]) -> bool:
    """A sentence said again (a standfirst repeated in the body): proposed once."""
    said = normalise(candidate.quote)
    return any(o.kind == candidate.kind and normalise(o.quote) == said for o in earlier)


def _headline_repeats(headline: Candidate, body: list[Candidate]) -> bool:
    """A headline whose call the body makes: a claim of the same kind in the body on
    one of its themes, or in mostly its words."""
    words = _key(headline.quote)
    for other in body:
        if other.kind != headline.kind:
            continue
        if set(headline.themes) & set(other.themes) - {TODO}:
            return True
        if words and len(words & _key(other.quote)) >= 0.6 * len(words):
            return True
    return False


# a list of links, not of claims: "Further reading:", "Related:", "See also:"
_LINKS = re.compile(
    r"^(?:further\s+reading|related(?:\s+\w+)?|read\s+more|see\s+also|more\s+on\s+this"
    r"|links?|resources|recent\s+posts|more\s+news|you\s+may\s+also\s+like)\b[^:]{0,30}:$",
    re.I,
)


def _most_named(text: str, corpus: Corpus, drafted: list[NewOrg], author: str) -> str | None:
    """The body the text names most often, its author aside (a name inside a longer
    one, "NHS" in "NHS England", counts for the longer)."""
    known = {o.id for o in corpus.organisations}
    drafts = [
        Organisation(id=o.id, name=o.name, short=o.short, kind="draft")
        for o in drafted
        if o.id not in known
    ]
    count = Counter(
        o for o in OrgMatcher([*corpus.organisations, *drafts]).find(text) if o != author
    )
    best = count.most_common(1)
    return best[0][0] if best else None


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
    """Draft a statement from ``text`` against ``corpus``'s codebook.

    ``org`` is its author: an id, name or alias the corpus knows, or a new name
    (drafted as a new organisation). Without it, the author is read from the text
    (:func:`simcli.bylines.find_byline`); where the text names none, the draft says
    ``org: TODO``. Whatever cannot be read (author, date, a target, a theme) is
    drafted as ``TODO``, which ``simcli check`` reports (D001) and the questions
    leave out until it is written; every guess is a note. Raises
    :class:`ExtractError` when ``statement_id`` is taken or malformed, and
    ``ValueError`` for a bad ``date``.
    """
    notes: list[str] = []
    orgs = OrgMatcher(corpus.organisations)
    ids = {o.id for o in corpus.organisations} | {t.id for t in corpus.themes}
    ids |= {s.id for s in corpus.statements} | {c.id for _, c in corpus.claims()}
    ids |= {o.id for o in corpus.outcomes} | {TODO}
    new_orgs: list[NewOrg] = []
    byline = None if org is not None else find_byline(text, title or page_title)
    written_by = org if org is not None else (byline.name if byline else None)
    author = TODO
    author_names: list[str] = []
    if written_by is not None:
        known = orgs.find(written_by) if org is None else []
        if known and len(written_by) <= 200:
            author = known[0]
        else:
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
        if org is None and byline is not None:
            notes.append(
                f"organisation read as '{author}' from line {byline.line} ({byline.cue});"
                " set it with --org"
            )
        author_names = [written_by]
        author_names += [n for o in corpus.organisations if o.id == author for n in o.names()]
        author_names += [n for o in new_orgs if o.id == author for n in (o.name, o.short) if n]
    else:
        notes.append(
            "no author found in the text: the draft says org: TODO; name it with --org"
            " or write it in the draft"
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
        notes.append("no date of publication found in the text: the draft says date: TODO;"
                     " set it with --date or write it in the draft")  # fmt: skip
    shown_date = str(statement_date) if statement_date is not None else TODO

    taken = {s.id for s in corpus.statements} | {c.id for _, c in corpus.claims()}
    stem = slug(source.rsplit("/", 1)[-1].rsplit(".", 1)[0])
    prefix = author if author != TODO else stem
    if statement_id is None:
        base = f"{author}-{shown_date}" if TODO not in (author, shown_date) else stem
        new_id = _unique(slug(base), taken)
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
    addressee = find_addressee(text)
    context = _Context(author, author_names)
    if addressee is not None:
        context.addressee = _known_or_new(addressee[0], corpus, orgs, text, ids, new_orgs)
    blocks = _block_starts(text)
    author_folded = {n.casefold() for n in author_names}
    lead_targets: list[str] = []  # who a lead-in ("We call on NHS England to:") names
    tried: dict[str, int] = {}  # for _unique
    folded: set[int] = set()  # list items written into their lead-in's demand
    links: set[int] = set()  # the items of a list of links
    for n, sentence in enumerate(found):
        if _LINKS.match(sentence.text):
            for m in range(n + 1, len(found)):
                if not found[m].item:
                    break
                links.add(m)
    for n, sentence in enumerate(found):
        if n in links:
            continue
        block = bisect.bisect_right(blocks, sentence.line) - 1
        if block != context.block:
            context.block, context.recent = block, None
        if n in folded:
            continue
        if sentence.text.endswith(":"):
            # a lead-in to a list says whom its items ask; items with a cue of their
            # own are claims; those without one are written into the lead-in's demand
            lead_targets = [o for o in orgs.find(sentence.text) if o != author]
            lead = classify(sentence.text)
            if lead is not None and lead[0] == "demand":  # "We call on NHS England to:"
                target, how = _target(sentence, lead[2], context, corpus, orgs, text, ids, new_orgs)
                lead_targets = [target] if target is not None and not how else lead_targets
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
        known_here = [o for o in orgs.find(sentence.text) if o != author]
        # what a later "it must be scrapped" carries: the body a sentence is about (its
        # subject), not every body it names ("we stand with the X Coalition")
        subject = _SENTENCE_SUBJECT.match(sentence.text)
        named_here = []
        if subject is not None and not any(
            a in subject.group("name").casefold() for a in author_folded
        ):
            named = subject.group("name")
            named_here = [o for o in orgs.find(named) if o != author] or _bodies_named(named)
        if verdict is None:
            lead_targets = lead_targets if sentence.item else []
            if named_here:
                context.recent = named_here[-1]
            continue
        kind, cues, cue_end = verdict
        cue_start = _cue_start(sentence.text, cue_end)
        if kind in ("demand", "appeal") and _reported(sentence.text, cue_start, context):
            if named_here:
                context.recent = named_here[-1]
            continue  # someone else's call, reported: not the author's claim
        modal_call = _MODAL_END.search(sentence.text[:cue_end]) is not None
        if kind == "demand" and modal_call and _NORM.match(sentence.text):
            kind = "position"  # "Any support must be ...": a norm, asked of no one
        if kind == "demand" and modal_call and _RESOLVE.search(sentence.text):
            kind = "position"  # "we must face facts": no call on anyone
        suggested, keywords = themes.suggest(sentence.text, cue_end)
        chosen = suggested or [TODO]
        candidate = Candidate(
            id=_unique(f"{prefix}-{chosen[0] if chosen[0] != TODO else kind}", taken, tried),
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
            if lead_targets:
                target, how = lead_targets[0], ""
            else:
                target, how = _target(sentence, cue_end, context, corpus, orgs, text, ids, new_orgs)
            candidate.target = target
            candidate.target_guessed, candidate.target_how = bool(how), how
            if how:
                notes.append(f"line {sentence.line}: target read as '{target}': {how}; check it")
            if target is not None:
                context.recent = target
            deadline = find_deadline(sentence.text, statement_date)
            if deadline is not None:
                candidate.deadline, candidate.deadline_note = deadline.date, deadline.note
        elif kind == "appeal":  # whom it invites, if the corpus knows them; else no one
            candidate.target = known_here[0] if known_here else None
        if named_here and kind != "demand":
            context.recent = named_here[-1]
        if _repeats(candidate, draft.candidates):
            continue
        draft.candidates.append(candidate)
    # a call that names no one, nor anyone around it: the body the text's other calls
    # ask most; failing that, the body the text names most
    asked = Counter(
        c.target for c in draft.candidates if c.kind == "demand" and c.target and not c.target_how
    ).most_common(1)
    for c in draft.candidates:
        if c.kind == "demand" and c.target is None and asked:
            c.target, c.target_guessed = asked[0][0], True
            c.target_how = f"the body the text's other calls ask most ({c.target})"
            notes.append(f"line {c.line}: target read as '{c.target}': {c.target_how}; check it")
    most = _most_named(text, corpus, new_orgs, author)
    for c in draft.candidates:
        if c.kind == "demand" and c.target is None and most is not None:
            c.target, c.target_guessed = most, True
            c.target_how = f"the body the text names most ({most})"
            notes.append(f"line {c.line}: target read as '{most}': {c.target_how}; check it")
    # a headline that repeats a call of the body is proposed once, in the body
    if len(draft.candidates) > 1 and found and draft.candidates[0].line == found[0].line:
        head = draft.candidates[0]
        ended = head.quote.endswith((".", "!", "?"))
        if not ended and _headline_repeats(head, draft.candidates[1:]):
            draft.candidates.pop(0)
    for c in draft.candidates:
        if c.kind == "demand" and c.target is None:
            notes.append(f"line {c.line}: no target found: the draft says target: TODO")
    if not any(c.keywords for c in draft.candidates) and draft.candidates:
        notes.append("no codebook keyword matched: every theme is TODO")
    else:
        todo = [c.line for c in draft.candidates if c.themes == [TODO]]
        if todo:
            notes.append(f"no codebook keyword on line{'s' if len(todo) > 1 else ''}"
                         f" {', '.join(map(str, todo))}: the theme is TODO")  # fmt: skip
    for new in new_orgs:
        if new.id != author and not any(
            n.endswith(f"organisation '{new.id}'; review its short name and write its kind")
            for n in notes
        ):
            notes.append(f"'{new.name}' is new to the corpus: the draft adds it as organisation"
                         f" '{new.id}'; review its short name and write its kind")  # fmt: skip
    return draft


def _block_starts(text: str) -> list[int]:
    """The line each paragraph starts on (a blank line ends one)."""
    starts, blank = [], True
    for n, line in enumerate(text.splitlines(), 1):
        if line.strip() and blank:
            starts.append(n)
        blank = not line.strip()
    return starts or [1]


def _cue_start(sentence: str, cue_end: int) -> int:
    """Where the deciding cue starts, near enough: the word before its end."""
    before = sentence[:cue_end].rstrip()
    space = before.rfind(" ", 0, max(0, len(before) - 1))
    return max(0, space)


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
    if value == TODO:
        return value  # a draft's placeholder, written plain as check reports it
    if _PLAIN.fullmatch(value) and value not in _RESERVED:
        tag = _RESOLVER.resolve(yaml.ScalarNode, value, (True, False))  # type: ignore[no-untyped-call]
        if tag in ("tag:yaml.org,2002:str", "tag:yaml.org,2002:timestamp"):
            return value
    return _scalar(value)


def _date(value: str) -> str:
    """A date as the corpus writes it: plain (2021, 2021-04, 2021-04-21)."""
    plain = value == TODO or re.fullmatch(r"\d{4}(?:-\d{2}(?:-\d{2})?)?", value)
    return value if plain else _scalar(value)


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
            lines.append(f"      # target guessed: {_comment(c.target_how)}; check it")
        lines.append(f"      - id: {_id(c.id)}")
        lines.append(f"        kind: {c.kind}")
        lines.append(f"        themes: [{', '.join(_id(t) for t in c.themes)}]")
        if c.target:
            lines.append(f"        target: {_id(c.target)}")
        elif c.kind == "demand":  # loads as a draft: check reports it until someone is named
            lines.append("        target: TODO")
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
        if c.deadline_note:
            lines.append(f"        deadline_note: {_scalar(c.deadline_note)}")
    return "\n".join(lines) + "\n"
