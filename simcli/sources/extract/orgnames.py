"""Organisations a text names: those the corpus knows, and new ones drafted for review.

``OrgMatcher`` finds the corpus's names and aliases in a text (in any case, but an
acronym or a lower-case name only as written); ``resolve_org`` turns a name into
the corpus's id for it, or drafts a new organisation with an id and a short name
(the acronym the text gives, or its initials); ``slug`` and ``unique`` make ids.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Any

from simcli.model.corpus import Corpus
from simcli.model.schema import Organisation
from simcli.sources.extract.bylines import NAME_WORD, ORG_NAME


@dataclass
class NewOrg:
    """An organisation the text names that the corpus lacks: drafted for review."""

    id: str
    name: str
    short: str | None = None

    def as_dict(self) -> dict[str, Any]:
        return {"id": self.id, "name": self.name, "short": self.short, "kind": None}


_ACRONYM = r"\((?P<short>[A-Z][A-Za-z&]{1,9})\)"


_TARGET_NAME = re.compile(
    r"^[ \t]*(?:(?:on|upon)[ \t]+)?(?:the[ \t]+)?"
    rf"(?:(?P<spelled>{ORG_NAME})[ \t]*{_ACRONYM}"
    rf"|(?P<name>{NAME_WORD}(?:[ \t]+(?:(?:of|and|for|the|in|&)[ \t]+)*{NAME_WORD})+))"
)


def named_org(after_call: str) -> str | None:
    """The body a call is made of, when its name (two or more capitalised words, or a
    name with its acronym) comes straight after the call: "urge the Royal College of
    Psychiatrists to ..." -> "Royal College of Psychiatrists"."""
    found = _TARGET_NAME.match(after_call[:200])
    if found is None:
        return None
    return found.group("spelled") or found.group("name")


def by_last_word(after_call: str, corpus: Corpus, author: str) -> str | None:
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


def short_name(name: str, text: str) -> str | None:
    """An acronym the text gives for ``name`` ("Royal College of Psychiatrists (RCPsych)")."""
    found = re.search(re.escape(name) + r"\s*" + _ACRONYM, text)
    return found.group("short") if found else None


def resolve_org(name: str, corpus: Corpus, text: str, taken: set[str]) -> tuple[str, NewOrg | None]:
    """The corpus's id for ``name``, or a new organisation drafted for it."""
    from simcli.model.corpus import UnknownName

    try:
        return corpus.org(name).id, None
    except UnknownName:
        pass
    short = short_name(name, text)
    if re.fullmatch(r"[A-Z][A-Za-z&]{1,9}", name) and name.upper() == name:
        spelled = re.search(rf"(?P<name>{ORG_NAME})[ \t]*\({re.escape(name)}\)", text)
        if spelled:  # "The British Psychological Society (BPS)": the name in full
            name, short = re.sub(r"^(?:The|the)\s+", "", spelled.group("name")), name
        else:  # "ASCL" and, elsewhere, "the Association of School and College Leaders"
            for found in re.finditer(ORG_NAME, text):
                full = re.sub(r"^(?:The|the)\s+", "", found.group(0))
                if initials(full) == name:
                    name, short = full, name
                    break
    if short:
        try:
            return corpus.org(short).id, None
        except UnknownName:
            pass
    if short is None:
        short = initials(name)
    org_id = unique(slug(short or name), taken)
    return org_id, NewOrg(org_id, name, short)


def initials(name: str) -> str | None:
    """An acronym for a name of three or more capitalised words, as organisations
    make theirs ("Royal College of Crisis Nursing" -> "RCCN"); a draft to review."""
    capitals = [w[0] for w in name.split() if w[:1].isupper()]
    return "".join(capitals) if len(capitals) >= 3 else None


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


def unique(base: str, taken: set[str], tried: dict[str, int] | None = None) -> str:
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
