"""The cue phrases that make a sentence a candidate claim, and the kind each suggests.

Every rule is in this module's tables: ``CUES`` (the phrases, their kind and
strength), ``IMPERATIVES`` (the verbs that open a call in a list) and
``APPEAL_VERBS`` (calls on readers). :func:`classify` gives a sentence's kind by
its strongest cue. No network and no models: what it proposes can be read and
argued with.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


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


# A cue as a row of its group: its name, pattern and probes, and for some the
# pattern that must follow it (``then``).
_Row = tuple[str, str, tuple[str, ...]] | tuple[str, str, tuple[str, ...], str]


def _cues(kind: str, strength: int, *rows: _Row) -> tuple[Cue, ...]:
    """The cues of one kind and strength, in the order given (which breaks ties)."""
    return tuple(_cue(kind, strength, *row) for row in rows)


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
    *_cues(
        "appeal",
        3,
        (
            "appeal to readers",
            r"(?:^|:\s+)(?:" + "|".join(APPEAL_VERBS) + r")\s+(?:the|a|an|this|our|us|up)\b",
            tuple(verb.split()[0] for verb in APPEAL_VERBS),
        ),
        ("please act", r"\bplease\s+(?:" + "|".join(APPEAL_VERBS) + r")\b", ("please",)),
        (
            "invites to get in touch",
            r"\b(?:we|and)\s+invite\b",
            ("invite",),
            r"\bto\s+(?:contact|join|get)\b",
        ),
    ),
    # demands: said outright
    # "calls for reform" after "on", "the", "to" ... is a noun: the calls of others
    *_cues(
        "demand",
        3,
        (
            "calls for",
            r"(?<!\bon )(?<!\bthe )(?<!\bto )(?<!\bof )(?<!\bamid )(?<!\bdespite )(?<!\bthese )"
            r"\bcall(?:s|ed|ing)?\s+(?:for|on|upon)\b",
            ("call",),
        ),
        ("campaigns for", r"\bcampaign(?:s|ed|ing)?\s+for\b", ("campaign",)),
        (
            "recommends",
            r"\brecommend(?:s|ed|ing)?\s+that\b|\brecommendations?\s+(?:is|are)\s+that\b",
            ("recommend",),
        ),
        (
            "it is essential that",
            r"\bit\s+is\s+(?:\w+\s+)?(?:essential|important|vital|crucial|imperative|critical)\s+that\b",
            ("essential", "important", "vital", "crucial", "imperative", "critical"),
        ),
        ("urges", r"\burg(?:e|es|ed|ing)\b", ("urg",)),
        ("demands", r"\b(?:we|and|also)\s+demand\b|\bdemand(?:s|ed)?\s+that\b", ("demand",)),
        (
            "asks",
            r"\bask(?:s|ed|ing)?\s+(?:for|that|them|you|everyone|all)\b"
            r"|\bask(?:s|ed|ing)?\s+(?:the\s+)?(?:[\w'’-]+\s+){1,5}?to\s+[a-z]",
            ("ask",),
        ),
        (
            "would like to see",
            r"\b(?:would\s+like|want|wants|wish|hope)\s+to\s+see\b",
            ("would", "want", "wish", "hope"),
        ),
        ("invites", r"\b(?:we|and)\s+invite\b", ("invite",)),
        (
            "imperative",
            r"(?:^|:\s+)(?:" + "|".join(IMPERATIVES) + r")\s+(?:the|a|an|this|these|all|our|to)\b",
            IMPERATIVES,
        ),
        # demands: a criticism of something not done implies the call to do it
        ("criticises an omission", r"\bdisappoint\w*\b", ("disappoint",), _NOT),
    ),
    *_cues(
        "demand",
        2,
        ("expects", r"\bexpect(?:s|ed)?\s+(?:to\s+be|to\s+receive|that)\b", ("expect",)),
        ("must", r"\bmust\b", ("must",)),
        # "should never have been" looks back; it asks for nothing
        (
            "should",
            r"\bshould\b(?!\s+(?:never\s+|not\s+)?have\b)(?!\s+never\s+(?:happen|occur)\b)",
            ("should",),
        ),
        ("needs to", r"\bneeds?\s+to\b", ("need",)),
        ("is needed", r"\b(?:is|are)\s+(?:urgently\s+|also\s+)?needed\b", ("needed",)),
        ("is up to", r"\bis\s+(?:now\s+)?up\s+to\b", ("up",)),
        ("now is the time", r"\bnow\s+is\s+the\s+time\s+(?:to|for)\b", ("time",)),
        ("is overdue", r"\b(?:is|are)\s+(?:long\s+)?overdue\b", ("overdue",)),
        (
            "no time to waste",
            r"\bno\s+time\s+(?:to|can\s+be)\s+(?:waste|lose|be\s+wasted|be\s+lost)\b",
            ("time",),
        ),
        ("only through", r"\bonly\s+(?:through|by|when)\b", ("only",), r"\bwill\b"),
    ),
    # welcomes
    *_cues(
        "welcome",
        3,
        ("welcomes", r"\bwelcom(?:e|es|ed|ing)\b", ("welcom",)),
        ("is pleased", r"\b(?:pleased|glad|delighted)\b", ("pleased", "glad", "delighted")),
    ),
    # commitments
    *_cues(
        "commitment",
        3,
        ("commits", r"\bmakes?\s+a\s+commitment\b|\b(?:we|i)\s+commit\b", ("commit",)),
    ),
    *_cues(
        "commitment",
        2,
        ("we will", r"\b(?:we|i)\s+will\b|\bwill\s+be\s+provided\b", ("will",)),
        (
            "we offer",
            r"\bwe\s+(?:offer|are\s+offering|pledge|promise)\b",
            ("offer", "pledge", "promise"),
        ),
        ("forthcoming", r"\bforthcoming\b", ("forthcoming",)),
        (
            "the body will",
            r"\b(?:council|college|union|society|government|department|trust|board|charity"
            r"|coalition|association|network|organisation)\s+will\b",
            ("will",),
        ),
        ("has decided", r"\bha(?:s|ve)\s+(?:today\s+|now\s+)?decided\s+to\b", ("decided",)),
    ),
    # concerns
    *_cues(
        "concern",
        2,
        ("concerned", r"\bconcern(?:s|ed)?\b", ("concern",)),
        ("worried", r"\bworr(?:y|ied|ies|ying)\b", ("worr",)),
        ("disappointed", r"\bdisappoint\w*", ("disappoint",)),
        ("alarmed", r"\b(?:alarm|dismay|appal|shock)\w*", ("alarm", "dismay", "appal", "shock")),
        (
            "unacceptable",
            r"\b(?:unacceptable|unsafe|unlawful|unethical)\b",
            ("unacceptable", "unsafe", "unlawful", "unethical"),
        ),
    ),
    *_cues(
        "concern",
        1,
        (
            "no evidence",
            r"\b(?:no|without|lack\s+of|little)\s+(?:\w+\s+){0,3}(?:evidence|involvement|oversight)\b",
            ("evidence", "involvement", "oversight"),
        ),
        (
            "harm",
            r"\b(?:harm|danger|barrier|criminalis|coerci|punitive|withhold)\w*",
            ("harm", "danger", "barrier", "criminalis", "coerci", "punitive", "withhold"),
        ),
    ),
    # positions
    *_cues(
        "position",
        2,
        ("stands with", r"\bstand(?:s|ing)?\s+(?:with|alongside|in\s+solidarity)\b", ("stand",)),
        ("supports", r"\bsupports\s+the\b", ("supports",)),
        ("believes", r"\b(?:we|i)\s+believe\b", ("believe",)),
        ("values", r"\b(?:highly\s+)?values\s+(?:the|its)\b", ("values",)),
    ),
    *_cues(
        "position",
        1,
        ("deserves", r"\bdeserve[sd]?\b", ("deserve",)),
        (
            "the answer is",
            r"\b(?:the\s+)?(?:solution|antidote|answer)\s+(?:to|is)\b",
            ("solution", "antidote", "answer"),
        ),
        (
            "is essential",
            r"\bis\s+(?:essential|vital|crucial)\b",
            ("essential", "vital", "crucial"),
        ),
    ),
    *_cues(
        "position",
        2,
        (
            "regards as crucial",
            r"\b(?:regards?|considers?|sees?|views?)\b[^.]{0,120}?\b(?:as|to\s+be)\s+"
            r"(?:crucial|essential|vital|important|key|fundamental|necessary)\b",
            ("regard", "consider", "see", "view"),
        ),
    ),
    *_cues(
        "concern",
        2,
        (
            "little consideration",
            r"\b(?:little|no|insufficient|inadequate|scant)\s+(?:\w+\s+){0,2}"
            r"(?:consideration|regard|attention|thought|account)\s+(?:of|to|for|given)\b",
            ("consideration", "regard", "attention", "thought", "account"),
        ),
    ),
    *_cues(
        "position",
        1,
        ("has a responsibility", r"\bha(?:s|ve)\s+a\s+responsibility\b", ("responsibility",)),
    ),
)


def by_probe(probes: list[tuple[str, ...]]) -> dict[str, list[int]]:
    """Each probe word -> the rules (by index) that need it: a sentence is then
    tried only with the rules whose words it has."""
    index: dict[str, list[int]] = {}
    for i, words in enumerate(probes):
        for word in dict.fromkeys(words):
            index.setdefault(word, []).append(i)
    return index


_CUE_PROBES = by_probe([cue.probes for cue in CUES])


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
