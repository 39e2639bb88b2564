"""When a statement was published, and what deadlines its calls set, read from its text.

A page says when it was published in a few places: a line that is a date
alone or a label and a date ("19 May 2021", "Published: 13th Aug 2025",
"Posted September 9, 2021, 5:43 PM", "For immediate release: ...", "First
published 24 March 2023"), or a byline that ends with one ("FE News Editor
March 20, 2023"), near its top or at its end. A date in the running text ("Apple
announced on 5 August 2021") is when something else happened: it is not taken
for the statement's. The precision written is kept: "July 2023" is 2023-07.

dateparser's ``search_dates`` was measured for this (see BENCHMARKS.md): it
finds every date-like phrase in a page, the ones in running text too, and takes
"May" or "March" alone and numbers such as "2026/27" for dates; the
publication date still has to be told apart by where it stands, which is what
these rules do, with no dependency.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from simcli.model.dates import PartialDate

_MONTH_NAMES = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6, "jul": 7, "aug": 8,
    "sep": 9, "sept": 9, "oct": 10, "nov": 11, "dec": 12,
}  # fmt: skip
_MONTH = (
    r"(?P<month>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_DAY = r"(?P<day>\d{1,2})(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>(?:19|20)\d{2})"
_WEEKDAY = r"(?:(?:mon|tue|tues|wed|weds|thu|thur|thurs|fri|sat|sun)[a-z]*,?\s+)?"
_FORMS = [
    re.compile(rf"\b{_YEAR}-(?P<mm>\d{{2}})-(?P<dd>\d{{2}})\b"),
    re.compile(rf"\b{_WEEKDAY}{_DAY}\s+(?:of\s+)?{_MONTH},?\s+{_YEAR}\b", re.I),
    re.compile(rf"\b{_WEEKDAY}{_MONTH}\s+{_DAY},?\s+{_YEAR}\b", re.I),
    re.compile(rf"\b(?P<dd>\d{{1,2}})/(?P<mm>\d{{1,2}})/{_YEAR}\b"),
    re.compile(r"\b(?P<dd>\d{1,2})/(?P<mm>\d{1,2})/(?P<yy>\d{2})\b"),
    re.compile(rf"\b{_MONTH},?\s+{_YEAR}\b", re.I),
    re.compile(rf"\b{_YEAR}-(?P<mm>\d{{2}})\b(?!-\d)"),
]
# what stands before a date that says it is the page's
_LABEL = re.compile(
    r"^(?:published|first\s+published|posted|date|dated|issued|released|updated|last\s+updated"
    r"|for\s+immediate\s+release|press\s+release|news|statement)\b[^0-9a-z]{0,3}"
    r"(?:on\s+)?",
    re.I,
)
_UPDATE = re.compile(r"^(?:updated?|last\s+updated|amended)\b", re.I)
_TIME = re.compile(r"^[,\s]*(?:at\s+)?\d{1,2}[:.]\d{2}\s*(?:[ap]\.?m\.?)?\b", re.I)
OPENING_LINES = 8  # a dateline stands among the first lines of the page ...
CLOSING_LINES = 4  # ... or among its last
DATELINE_WORDS = 12  # a line with more words is prose, not a dateline


@dataclass(frozen=True)
class FoundDate:
    date: PartialDate
    written: str
    line: int


def _read(match: re.Match[str]) -> PartialDate | None:
    parts = match.groupdict()
    try:
        year = 2000 + int(parts["yy"]) if parts.get("yy") else int(parts["year"])
        month = int(parts["mm"]) if parts.get("mm") else None
        if parts.get("month"):
            month = _MONTH_NAMES[_month_key(parts["month"])]
        day = parts.get("day") or parts.get("dd")
        return PartialDate(year, month, int(day) if day else None)
    except (ValueError, KeyError):
        return None


def dates_in(text: str) -> list[tuple[int, int, PartialDate]]:
    """Every date written in ``text``: (start, end, date), the most precise reading of
    each place first and no two overlapping."""
    found: list[tuple[int, int, PartialDate]] = []
    for pattern in _FORMS:
        for match in pattern.finditer(text):
            if any(match.start() < end and start < match.end() for start, end, _ in found):
                continue
            date = _read(match)
            if date is not None:
                found.append((match.start(), match.end(), date))
    return sorted(found, key=lambda f: f[0])


def _month_key(word: str) -> str:
    word = word.lower().rstrip(".")
    return "sept" if word.startswith("sept") else word[:3]


def find_date(text: str) -> FoundDate | None:
    """The date the page gives for itself: a dateline near its top or at its end."""
    lines = [(n, line.strip()) for n, line in enumerate(text.splitlines(), 1) if line.strip()]
    places = lines[:OPENING_LINES] + [
        x for x in lines[-CLOSING_LINES:] if x not in lines[:OPENING_LINES]
    ]
    best: tuple[int, FoundDate] | None = None
    for rank, (n, line) in enumerate(places):
        body = re.sub(r"^[\s#>*_\-•]+|[\s*_]+$", "", line)
        if _UPDATE.match(body) and rank >= OPENING_LINES:
            continue  # "Updated 3 May 2024" at the end: not when it was first published
        for start, end, date in dates_in(body):
            before, after = body[:start].strip(), body[end:]
            labelled = _LABEL.match(before + " ") is not None and len(before.split()) <= 4
            rest = _TIME.sub("", after).strip(" ,.|()[]-–—")
            alone = not rest and (not before or labelled or len(before.split()) <= 4)
            byline = (
                not rest and len(body.split()) <= DATELINE_WORDS and not before.endswith((".", ";"))
            )
            if labelled or alone or byline:
                key = 0 if labelled else 1
                if best is None or key < best[0]:
                    best = (key, FoundDate(date, body[start:end], n))
                break
    return best[1] if best else None


# --- deadlines ----------------------------------------------------------------------

_NUMBERS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
            "eight": 8, "nine": 9, "ten": 10, "twelve": 12, "fourteen": 14, "twenty-eight": 28,
            "thirty": 30, "a": 1}  # fmt: skip
_WITHIN = re.compile(
    r"\bwithin\s+(?:the\s+next\s+)?(\d{1,3}|" + "|".join(_NUMBERS) + r")\s+"
    r"(?:working\s+)?(day|week|month)s?\b",
    re.I,
)
_IMMEDIATE = re.compile(r"\b(?:with\s+immediate\s+effect|immediately|at\s+once)\b", re.I)
_URGENT = re.compile(
    r"\b(?:as\s+a\s+matter\s+of\s+(?:urgency|priority)|as\s+soon\s+as\s+(?:possible|practicable)"
    r"|without\s+(?:further\s+)?delay|urgently|this\s+week|now)\b",
    re.I,
)
_BY = re.compile(r"\b(?:by|before|no\s+later\s+than|until)\s+(?:the\s+end\s+of\s+)?", re.I)


@dataclass(frozen=True)
class Deadline:
    date: str | None
    note: str


def find_deadline(sentence: str, date: PartialDate | None) -> Deadline | None:
    """The deadline a call sets: a date ("by April 2026"), a count from the
    statement's date ("within 28 days"), or a note of its urgency ("as soon as
    possible") where no date can be put on it."""
    for start, end, when in dates_in(sentence) if _BY.search(sentence) else []:
        lead = _BY.search(sentence[max(0, start - 30) : start])
        if lead and lead.end() == min(start, 30):
            return Deadline(str(when), f'"{sentence[start - (lead.end() - lead.start()) : end]}"')
    within = _WITHIN.search(sentence)
    if within:
        said = f'"{within.group(0)}"'
        if date is None or date.precision != "day":
            return Deadline(None, f"{said}: counted from the statement's date, once it is known.")
        count = _NUMBERS.get(within.group(1).lower()) or int(within.group(1))
        unit = within.group(2).lower()
        try:
            if unit == "month":
                month = date.earliest().month - 1 + count
                year = date.earliest().year + month // 12
                due = PartialDate(year, month % 12 + 1, None).latest()
                due = min(due, due.replace(day=min(date.earliest().day, due.day)))
            else:
                due = date.earliest() + dt.timedelta(days=count * (7 if unit == "week" else 1))
        except (OverflowError, ValueError):  # past the year 9999: no deadline we can write
            return None
        return Deadline(due.isoformat(), f"{said}: counted from the statement's date.")
    immediate = _IMMEDIATE.search(sentence)
    if immediate:
        if date is None:
            return Deadline(None, f'"{immediate.group(0)}": due on the statement\'s date.')
        return Deadline(str(date), f'"{immediate.group(0)}": due on the statement\'s date.')
    urgent = _URGENT.search(sentence)
    if urgent:
        return Deadline(None, f'"{urgent.group(0)}": urgent, with no date set.')
    return None
