"""Draft a statement from its text: sentences, cue phrases, kinds and themes.

A rule-based extractor: the cue phrases and kinds are in :mod:`simcli.sources.extract.cues`,
the author and a letter's addressee in :mod:`simcli.sources.extract.bylines`, dates and
deadlines in :mod:`simcli.sources.extract.datelines`, targets and reported calls in
:mod:`simcli.sources.extract.targets`, themes from the codebook's own keywords here. No network
and no models: what it proposes can be read and argued with. It drafts; a
person decides.

    >>> from simcli import load_corpus
    >>> from simcli.sources.extract.statement import extract_statement
    >>> from simcli.output.draft import draft_yaml
    >>> draft = extract_statement(text, load_corpus(), source="new.txt", org="NSUN")
    >>> print(draft_yaml(draft))
"""

from __future__ import annotations

import bisect
import difflib
import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from simcli.model.corpus import Corpus
from simcli.model.dates import TODO, PartialDate
from simcli.model.schema import Theme
from simcli.sources.extract.bylines import find_addressee, find_byline
from simcli.sources.extract.cues import by_probe, classify
from simcli.sources.extract.datelines import find_date, find_deadline
from simcli.sources.extract.orgnames import NewOrg, OrgMatcher, resolve_org, slug, unique
from simcli.sources.extract.targets import (
    MODAL_END,
    NORM,
    RESOLVE,
    SENTENCE_SUBJECT,
    Context,
    bodies_named,
    known_or_new,
    most_named,
    reported,
    target_of,
)
from simcli.sources.quotes import normalise


class ExtractError(ValueError):
    """The draft cannot be made as asked (no author found, an id already taken)."""


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


def _fields(record: object, keys: tuple[str, ...]) -> dict[str, Any]:
    """``{key: record.key}`` for each key, in their order (the order of the JSON)."""
    return {key: getattr(record, key) for key in keys}


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

    # the fields as ``as_dict`` gives them, in the order a reader wants them
    KEYS = (
        "id", "kind", "themes", "target", "target_guessed", "target_how", "items",
        "quote", "deadline", "deadline_note", "line", "column", "cues", "keywords",
    )  # fmt: skip

    def as_dict(self) -> dict[str, Any]:
        return _fields(self, self.KEYS)


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

    KEYS = ("id", "org", "title", "date", "date_note", "source", "sentences", "notes")

    def as_dict(self) -> dict[str, Any]:
        return {
            **_fields(self, self.KEYS),
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
        self.probes = by_probe(
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


def _title(text: str, page_title: str, fallback: str) -> str:
    if page_title:
        return page_title
    for line in text.splitlines():
        body = _MARKER.sub("", line).strip().strip("#").strip()
        words = body.split()
        if 4 <= len(words) <= 25 and not body.endswith((".", ":", ";", ",")):
            return body
    return fallback


_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*")  # as simcli.model.schema.Id


def _key(text: str) -> set[str]:
    return set(re.findall(r"[a-z0-9]{4,}", text.casefold()))


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
    (:func:`simcli.sources.extract.bylines.find_byline`); where the text names none, the draft says
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
            author, new_org = resolve_org(written_by, corpus, text, ids)
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
        new_id = unique(slug(base), taken)
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
    context = Context(author, author_names)
    if addressee is not None:
        context.addressee = known_or_new(addressee[0], corpus, orgs, text, ids, new_orgs)
    blocks = _block_starts(text)
    author_folded = {n.casefold() for n in author_names}
    lead_targets: list[str] = []  # who a lead-in ("We call on NHS England to:") names
    tried: dict[str, int] = {}  # for _unique
    folded: set[int] = set()  # list items written into their lead-in's demand
    links: set[int] = set()  # the items of a list of links
    proposed: set[tuple[str, str]] = set()  # (kind, quote) of each candidate, normalised
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
                target, how = target_of(
                    sentence.text, lead[2], context, corpus, orgs, text, ids, new_orgs
                )
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
        subject = SENTENCE_SUBJECT.match(sentence.text)
        named_here = []
        if subject is not None and not any(
            a in subject.group("name").casefold() for a in author_folded
        ):
            named = subject.group("name")
            named_here = [o for o in orgs.find(named) if o != author] or bodies_named(named)
        if verdict is None:
            lead_targets = lead_targets if sentence.item else []
            if named_here:
                context.recent = named_here[-1]
            continue
        kind, cues, cue_end = verdict
        cue_start = _cue_start(sentence.text, cue_end)
        if kind in ("demand", "appeal") and reported(sentence.text, cue_start, context):
            if named_here:
                context.recent = named_here[-1]
            continue  # someone else's call, reported: not the author's claim
        modal_call = MODAL_END.search(sentence.text[:cue_end]) is not None
        if kind == "demand" and modal_call and NORM.match(sentence.text):
            kind = "position"  # "Any support must be ...": a norm, asked of no one
        if kind == "demand" and modal_call and RESOLVE.search(sentence.text):
            kind = "position"  # "we must face facts": no call on anyone
        suggested, keywords = themes.suggest(sentence.text, cue_end)
        chosen = suggested or [TODO]
        candidate = Candidate(
            id=unique(f"{prefix}-{chosen[0] if chosen[0] != TODO else kind}", taken, tried),
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
                target, how = target_of(
                    sentence.text, cue_end, context, corpus, orgs, text, ids, new_orgs
                )
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
        said = (candidate.kind, normalise(candidate.quote))
        if said in proposed:
            continue  # a sentence said again (a standfirst repeated in the body): once
        proposed.add(said)
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
    most = most_named(text, corpus, new_orgs, author)
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
