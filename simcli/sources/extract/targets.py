"""Whom a call asks, and whether the call is the author's at all, read from its text.

A demand's target is read, in this order, from: the body after "calls on / urges /
asks / writes to"; the body a criticism of an omission names ("disappointed that X
has decided not to"); the subject of "X must / should" (never what a passive call
acts on: "SIM must be halted"); the corpus's bodies and the names after the call;
in a letter, the addressee for "you"; the body a sentence of the same paragraph is
about. The corpus's organisations name what the text says; they never stand in for
what it does not. A call the author reports from someone else ("many MPs have called
for", "..., said the minister") is not the author's (:func:`reported`).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from simcli.model.corpus import Corpus
from simcli.model.schema import Organisation
from simcli.sources.extract.bylines import MAX_NAME, NAME_WORD, ORG_NAME, is_acronym, is_org_like
from simcli.sources.extract.orgnames import NewOrg, OrgMatcher, by_last_word, named_org, resolve_org

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
RESOLVE = re.compile(
    r"\b(?:we|i)\s+(?:all\s+)?(?:must|should|need\s+to|have\s+to|ought\s+to)\s+"
    r"(?!see\b|have\b|get\b|hear\b|be\b|receive\b|know\b|ensure\b)",
    re.I,
)


NORM = re.compile(
    r"^(?:any|a|an|every|all|no|each)\s+(?:[\w'’-]+\s+){0,12}?(?:must|should|needs?\s+to)\b",
    re.I,
)
MODAL_END = re.compile(r"\b(?:must|should|needs?\s+to|ha(?:s|ve)\s+to)$", re.I)


@dataclass
class Context:
    """What a sentence's target may be read from besides itself."""

    author: str
    author_names: list[str]
    addressee: str | None = None  # a letter's "Dear X": whom "you" asks
    recent: str | None = None  # the body named last in the paragraph (an id or a name)
    block: int = -1


def known_or_new(
    name: str, corpus: Corpus, orgs: OrgMatcher, text: str, taken: set[str], drafted: list[NewOrg]
) -> str:
    """The id of a named body: known to the corpus (or to this draft), else drafted."""
    known = orgs.find(name)
    if known and len(name) <= 200:
        return known[0]
    for new in drafted:
        if name.casefold() in (new.id, new.name.casefold(), (new.short or "").casefold()):
            return new.id
    org_id, new_org = resolve_org(name, corpus, text, taken)
    if new_org is not None:
        drafted.append(new_org)
    return org_id


def _credible_body(name: str, single_ok: bool) -> bool:
    if len(name) > MAX_NAME:
        return False
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


def _not_ours(speaker: str, context: Context) -> bool:
    if not speaker.strip() or _OURS.search(speaker):
        return False
    folded = speaker.casefold()
    return not any(name.casefold() in folded for name in context.author_names if len(name) >= 2)


def reported(sentence: str, cue_start: int, context: Context) -> bool:
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


def target_of(
    words: str,
    cue_end: int,
    context: Context,
    corpus: Corpus,
    orgs: OrgMatcher,
    text: str,
    taken: set[str],
    drafted: list[NewOrg],
) -> tuple[str | None, str]:
    """Whom a demand asks, and how that was read ("" when the sentence names it)."""

    def resolve(name: str) -> str:
        return known_or_new(name, corpus, orgs, text, taken, drafted)

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
            found = resolve(named_org(after) or head.group("name"))
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
    by_word = by_last_word(words[cue_end:], corpus, context.author)
    if by_word is not None:
        return by_word, "a known body by the last word of its name"
    if re.search(r"\byou(?:r)?\b", words, re.I) and context.addressee:
        return context.addressee, f'"you" in a letter to {context.addressee}'
    if context.recent:
        recent = resolve(context.recent)
        return recent, f"named earlier in the paragraph ({recent})"
    return None, ""


SENTENCE_SUBJECT = re.compile(
    rf"^(?:[^,]{{0,60}},\s+)?(?:the\s+|The\s+)?(?P<name>{ORG_NAME})['’]?s?\s+(?!of\b|and\b)[a-z]"
)


def bodies_named(sentence: str) -> list[str]:
    """Names of bodies in a sentence: capitalised words with an organisation's word in
    them ("the Treasury Department"); an acronym may name a scheme as well as a body."""
    found = []
    for m in re.finditer(rf"(?<![\w'’#])(?:the\s+|The\s+)?(?P<name>{ORG_NAME})", sentence):
        name = re.sub(r"['’]s$", "", m.group("name"))
        if " " in name and is_org_like(name):  # "the Treasury Department", not "SIM"
            found.append(name)
    return found


def most_named(text: str, corpus: Corpus, drafted: list[NewOrg], author: str) -> str | None:
    """The body the text names most often, its author aside (a name inside a longer
    one, "NHS" in "NHS England", counts for the longer)."""
    known = {o.id for o in corpus.organisations}
    drafts = [
        Organisation.model_construct(id=o.id, name=o.name, short=o.short, aliases=[], kind="")
        for o in drafted
        if o.id not in known
    ]
    count = Counter(
        o for o in OrgMatcher([*corpus.organisations, *drafts]).find(text) if o != author
    )
    best = count.most_common(1)
    return best[0][0] if best else None
