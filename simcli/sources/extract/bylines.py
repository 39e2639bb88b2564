"""Who wrote a statement, and whom a letter is written to, read from its text.

The cues are the ones real pages carry, tried in this order:

1. in the opening lines: a headline ``X: ...``; ``Statement from X``, ``Open
   letter from X``, ``By X``; ``X says``, ``X has called for``, ``X welcomes``,
   ``X today publishes`` (a lower-case description may come first: "school
   leaders' union X"); ``X's statement on ...``; ``At X, we ...``; a letter
   signed by "the undersigned organisations";
2. anywhere: a spokesperson's role ("general secretary of X", "Director, X",
   "X Chief Executive"), "we at X", "says X" (an acronym or a name with an
   organisation's word in it);
3. at the end: a signature block ("Yours sincerely ... Chief Executive, X") and
   a press release's boilerplate ("About X").

Each cue gives a name, never a guess from the corpus: the caller resolves it to
an organisation the corpus has, or drafts a new one.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

# A name as organisations write theirs: capitalised words, with the small words
# of names between them ("Royal College of Psychiatrists", "Fight for the Future").
NAME_WORD = r"(?:[A-Z][\w'’&.+-]*|[A-Z]{2,})"
ORG_NAME = rf"{NAME_WORD}(?:[ \t]+(?:(?:of|and|for|the|in|&)[ \t]+)*{NAME_WORD})*"
# lower-case words that describe a name before it: "school leaders' union NAHT"
_DESCRIPTION = r"(?:[A-Z]?[a-z][\w'’-]*[ \t]+)(?:[a-z][\w'’-]*[ \t]+){0,3}"

MAX_NAME = 150  # a longer run of capitalised words is no organisation's name

# labels that open a line like a headline's author but are not one
_LABELS = frozenset(
    [
        "open",
        "letter",
        "statement",
        "press",
        "release",
        "news",
        "update",
        "updated",
        "breaking",
        "comment",
        "opinion",
        "media",
        "advisory",
        "for",
        "immediate",
        "release",
        "contact",
        "published",
        "posted",
        "what",
        "when",
        "where",
        "who",
        "why",
        "visuals",
        "note",
        "notes",
        "notes",
        "to",
        "editors",
        "editor's",
        "note",
        "further",
        "reading",
        "sector",
        "response",
        "copied",
        "to",
        "dear",
        "subject",
        "re",
        "date",
        "tags",
        "share",
        "read",
        "more",
        "watch",
        "listen",
        "category",
        "filed",
        "under",
        "by",
        "embargoed",
        "in",
        "full",
        "summary",
        "background",
        "key",
        "points",
    ]
)
_LABEL_PHRASES = frozenset(
    {"open letter", "press release", "media advisory", "for immediate release", "notes to editors",
     "editor's note", "further reading", "sector response", "copied to", "read more",
     "filed under", "key points", "joint statement", "news release"}
)  # fmt: skip
_NOT_NAMES = frozenset(
    {"we", "our", "this", "the", "a", "an", "it", "they", "today", "statement", "i", "you",
     "he", "she", "his", "her", "their", "there", "here", "now", "new", "breaking", "update"}
)  # fmt: skip
# words that make a name an organisation's rather than a person's
ORG_WORDS = frozenset(
    [
        "union",
        "association",
        "college",
        "society",
        "council",
        "trust",
        "network",
        "coalition",
        "foundation",
        "alliance",
        "commissioner",
        "commission",
        "centre",
        "center",
        "institute",
        "group",
        "federation",
        "committee",
        "board",
        "forum",
        "partnership",
        "campaign",
        "charity",
        "agency",
        "department",
        "ministry",
        "office",
        "authority",
        "service",
        "services",
        "league",
        "fund",
        "movement",
        "project",
        "collective",
        "initiative",
        "confederation",
        "congress",
        "party",
        "government",
        "hub",
        "cic",
        "ltd",
        "inc",
        "llp",
        "plc",
        "organisation",
        "organization",
        "university",
        "academy",
        "institution",
        "assembly",
        "parliament",
        "coalition",
        "action",
        "watch",
        "aid",
        "rights",
    ]
)

_VERBS = (
    r"(?:say|says|said|welcome[sd]?|respond(?:s|ed)?|call(?:s|ed)?|urge[sd]?|warn(?:s|ed)?"
    r"|demand(?:s|ed)?|publish(?:es|ed)?|launch(?:es|ed)?|announce[sd]?|react(?:s|ed)?"
    r"|comment(?:s|ed)?|believe[sd]?|support(?:s|ed)?|oppose[sd]?|join(?:s|ed)?|wrote"
    r"|write[s]?|written|sent|send[s]?|ha[sd]\s+written|sign(?:s|ed)?|reject(?:s|ed)?"
    r"|condemn(?:s|ed)?|criticis(?:es|ed)|urg(?:es|ed)|stand[s]?|stood|agree[sd]?"
    r"|share[sd]?|releas(?:es|ed)|set[s]?\s+out|is\s+(?:\w+ly\s+)?(?:disappointed|concerned"
    r"|pleased|delighted|alarmed|dismayed|appalled|saddened|calling|urging|asking|worried"
    r"|deeply|gravely|extremely|very))\b"
)
_HAS = r"(?:(?:has|have|had)\s+(?:today\s+|now\s+|long\s+|also\s+|already\s+)?(?:been\s+)?)?"
_WHEN = r"(?:(?:today|yesterday|now|also|this\s+week)\s+(?:\([^)]{1,40}\)\s+)?)?"
_APPOSITION = r"(?:\s+[–—-]\s+(?:the\s+|The\s+)?" + ORG_NAME + r")?"

_OPENING = [  # (cue name, pattern) tried on each of the opening lines, in order
    ("headline", re.compile(rf"^(?:the\s+)?(?P<name>{ORG_NAME})\s*:\s+\S")),
    (
        "statement from",
        re.compile(
            rf"^(?i:an?\s+|the\s+)?(?i:joint\s+|press\s+|open\s+)?"
            rf"(?i:statement|response|letter|comment|submission|briefing)"
            rf"\s+(?i:from|by|of)\s+(?i:the\s+)?(?P<name>{ORG_NAME})"
        ),
    ),
    (
        "byline",
        re.compile(
            rf"^(?i:by|from|published by|posted by)\s*:?\s+(?i:the\s+)?(?P<name>{ORG_NAME})"
        ),
    ),
    ("we at X", re.compile(rf"^(?i:we|us)\s+(?i:at)\s+(?:the\s+)?(?P<name>{ORG_NAME})")),
    (
        "says",
        re.compile(
            rf"^(?:{_DESCRIPTION})??(?:the\s+|The\s+)?(?P<name>{ORG_NAME}){_APPOSITION}"
            rf"(?P<apposition>,[^,]{{1,80}},)?\s+{_WHEN}{_HAS}{_VERBS}"
        ),
    ),
    (
        "statement of",  # "Peer Hub's Position Statement on ...": the possessive's name
        re.compile(
            rf"^(?:the\s+|The\s+)?(?P<name>{ORG_NAME})['’]s?\s+(?:[A-Z]\w+\s+){{0,2}}?"
            rf"(?i:statement|response|position|open\s+letter|letter|submission|briefing)\b"
        ),
    ),
    (
        "statement of",
        re.compile(
            rf"^(?:the\s+|The\s+)?(?P<name>{ORG_NAME})(?:['’]s?)?\s+(?i:statement|response|position"
            rf"|open\s+letter|letter|submission|briefing|comment)\b"
        ),
    ),
    ("at X, we", re.compile(rf"^(?i:at)\s+(?:the\s+)?(?P<name>{ORG_NAME}),?\s+(?i:we)\b")),
    (
        "the undersigned",
        re.compile(
            r"^(?i:we,?\s+)?(?P<name>(?i:the)\s+undersigned(?:\s+(?i:organi[sz]ations|groups"
            r"|charities|bodies|unions|members))?)\b"
        ),
    ),
]
_ROLES = (
    r"(?:general\s+secretary|chief\s+executive(?:\s+officer)?|ceo|director|executive\s+director"
    r"|campaign\s+director|policy\s+director|chair(?:man|woman|person)?|president|head"
    r"|spokes(?:person|woman|man)|founder|co-founder|secretary|leader|manager|officer"
    r"|commissioner|coordinator|co-ordinator)"
)
_ANYWHERE = [
    (
        "role",
        re.compile(
            rf"(?i:\b(?:acting\s+|deputy\s+|interim\s+|joint\s+|national\s+)?{_ROLES})"
            rf"\s*(?:,|\s+(?i:of|at|for))\s+(?:{_DESCRIPTION})??(?:the\s+|The\s+)?(?P<name>{ORG_NAME})"
        ),
    ),
    (
        "role after",
        re.compile(
            rf"(?:^|,\s+|\n)(?:the\s+|The\s+)?(?P<name>{ORG_NAME})['’]?s?\s+(?i:(?:acting\s+|deputy\s+"
            rf"|interim\s+)?{_ROLES})\b(?!\s+(?i:of|at|for)\b)"
        ),
    ),
    ("we at X", re.compile(rf"\b(?i:we|us)\s+(?i:at)\s+(?:the\s+)?(?P<name>{ORG_NAME})")),
    ("says X", re.compile(rf"\b(?i:says|said)\s+(?:the\s+)?(?P<name>{ORG_NAME})")),
]
_CLOSING = [
    ("about X", re.compile(rf"^(?i:about)\s+(?:the\s+)?(?P<name>{ORG_NAME})\s*:?\s*$")),
]


@dataclass(frozen=True)
class Byline:
    """A name the text gives for its author, and the cue that gave it."""

    name: str
    cue: str
    line: int


def _clean(name: str) -> str:
    name = re.sub(r"\s+", " ", name).strip(" .,'’:")
    return re.sub(r"['’]s$", "", name)


def _is_label(name: str) -> bool:
    folded = name.casefold().replace("’", "'")
    return folded in _LABEL_PHRASES or all(w in _LABELS for w in folded.split())


def is_acronym(name: str) -> bool:
    """One word with two or more capitals and no lower-case start: "NAHT", "DfE", "RCPsych"."""
    return (
        " " not in name
        and len(name) >= 2
        and name[0].isupper()
        and sum(c.isupper() for c in name) >= 2
        and sum(c.islower() for c in name) <= sum(c.isupper() for c in name) + 3
    )


def is_org_like(name: str) -> bool:
    """Whether a name reads as an organisation's: an acronym, or a name with an
    organisation's word in it ("Children's Commissioner for Wales")."""
    words = name.replace("’", "'").split()
    if len(words) == 1:
        return is_acronym(name)
    return any(w.casefold().strip("'s") in ORG_WORDS for w in words) or (
        words[0].isupper() and len(words[0]) >= 2
    )


def credible(name: str, cue: str) -> bool:
    """Whether a name read by ``cue`` may be an organisation's: the cues that name a
    speaker's employer or the page's subject take two or more capitalised words or an
    acronym; "says X" takes only names that read as an organisation's."""
    if not name or len(name) > MAX_NAME or name.casefold() in _NOT_NAMES or _is_label(name):
        return False
    if name.startswith("#") or re.search(r"\d", name):
        return False
    if cue in ("the undersigned", "about X"):
        return True
    if cue in ("says X", "role after"):
        return is_org_like(name)
    words = name.split()
    if words[0].isupper() and len(words) > 1 and all(w.isupper() for w in words):
        return False  # "TELL APPLE": a shouted call, not a name
    return len(words) > 1 or is_acronym(name)


def _lines(text: str, title: str) -> list[tuple[int, str]]:
    found = [(0, title)] if title else []
    for n, line in enumerate(text.splitlines(), 1):
        body = re.sub(r"^[\s#>*\-•–]+", "", line).strip().strip("*#_").strip()
        body = re.sub(r"^\([A-Z][A-Z .,]+\)\s*[—–-]+\s*", "", body)  # "(LONDON)—"
        if body:
            found.append((n, body))
    return found


def find_byline(text: str, title: str = "") -> Byline | None:
    """The name the text gives for its author, by the first cue that reads one."""
    lines = _lines(text, title)
    for n, line in lines[:8]:
        # "Updated: X responds ...": a label before the headline
        for body in (line, re.sub(r"^[A-Za-z ]{2,25}:\s+", "", line)):
            for cue, pattern in _OPENING:
                found = pattern.match(body)
                if found is None:
                    continue
                name = _clean(found.group("name"))
                person = "apposition" in found.groupdict() and found.group("apposition")
                if credible(name, cue) and not (person and not is_org_like(name)):
                    return Byline(name, cue, n)  # "Jane Smith, director of X, said": X's
    joined = "\n".join(line for _, line in lines)
    starts = [0]
    for _, line in lines:
        starts.append(starts[-1] + len(line) + 1)
    best: tuple[int, Byline] | None = None
    for cue, pattern in _ANYWHERE:
        for found in pattern.finditer(joined):
            name = _clean(found.group("name"))
            if credible(name, cue):
                at = found.start("name")
                number = lines[bisect.bisect_right(starts, at) - 1][0]
                if best is None or at < best[0]:
                    best = (at, Byline(name, cue, number))
                break
    if best is not None:
        return best[1]
    for n, line in reversed(lines[-12:]):
        for cue, pattern in _CLOSING:
            found = pattern.match(line)
            if found and credible(_clean(found.group("name")), cue):
                return Byline(_clean(found.group("name")), cue, n)
    return None


_DEAR = re.compile(
    rf"^(?i:dear)\s+(?P<name>(?:(?:Mr|Mrs|Ms|Dr|Sir|Dame|Lord|Lady|Prof)\.?\s+)?{ORG_NAME})"
)
_LETTER_TO = re.compile(rf"\b(?i:open\s+)?(?i:letter)\s+(?i:to)\s+(?:the\s+)?(?P<name>{ORG_NAME})")


def find_addressee(text: str) -> tuple[str, int] | None:
    """Whom a letter is written to ("Dear X", "Open letter to X"), and the line: the
    one "you" means in its calls."""
    for n, line in enumerate(text.splitlines(), 1):
        body = line.strip()
        found = _DEAR.match(body) or _LETTER_TO.search(body)
        if found:
            name = _clean(found.group("name"))
            if len(name) <= MAX_NAME and name.casefold() not in (
                "sir",
                "madam",
                "sir or madam",
                "all",
                "friends",
            ):
                return name, n
    return None
