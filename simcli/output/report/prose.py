"""Counts, dates and names in the report's sentences, as people write them:
"one demand", "on 10 March 2023", "between April and June 2021", "A, B and C"."""

from __future__ import annotations

from simcli.model.dates import PartialDate, in_words
from simcli.model.text import plural


def count(n: int, noun: str) -> str:
    """``one demand``, ``2 demands``: a count in a sentence."""
    return f"one {noun}" if n == 1 else plural(n, noun)


def on(date: PartialDate) -> str:
    """``on 10 March 2023``, ``in April 2021``, ``in 2023``."""
    return f"{'on' if date.day is not None else 'in'} {in_words(date)}"


def when(first: PartialDate, last: PartialDate) -> str:
    """When demands were made: ``on 10 March 2023``, ``in February 2025``, ``between
    April and June 2021``, ``between April 2021 and March 2023``."""
    if first == last:
        return on(first)
    a, z = first.earliest(), last.earliest()
    if (a.year, a.month) == (z.year, z.month) and first.month and last.month:
        return f"in {in_words(PartialDate(a.year, a.month))}"
    if a.year == z.year and first.month and last.month:
        return f"between {_MONTH_NAMES[a.month - 1]} and {in_words(PartialDate(z.year, z.month))}"
    if a.year == z.year:
        return f"in {a.year}"
    start = PartialDate(a.year, a.month) if first.month else PartialDate(a.year)
    end = PartialDate(z.year, z.month) if last.month else PartialDate(z.year)
    return f"between {in_words(start)} and {in_words(end)}"


_MONTH_NAMES = [in_words(PartialDate(2000, m)).split()[0] for m in range(1, 13)]


def share(asked: int, made: int, of: list[str]) -> str:
    """How many of the demands were of the organisation (or each of the organisations,
    as many of each) most were of: ``all made of A``, ``5 of them made of A``, ``3 of
    them made of each of A and B``, ``3 of them made of each of A and 4 others``."""
    if len(of) > 1:
        who = names(of) if len(of) <= 3 else f"{of[0]} and {count(len(of) - 1, 'other')}"
        return f"{asked:,} of them made of each of {who}"
    if asked == made:
        return {1: "made of", 2: "both made of"}.get(made, "all made of") + f" {of[0]}"
    return f"{asked:,} of them made of {of[0]}"


def names(names: list[str]) -> str:
    """``a``, ``a and b``, ``a, b and c``."""
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + f" and {names[-1]}"
