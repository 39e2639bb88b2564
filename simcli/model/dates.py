"""Dates that keep their precision: ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``.

A statement published "in April 2021" is not the same fact as one published
on 1 April 2021, so a :class:`PartialDate` remembers how much it knows and
prints exactly that. Comparisons use the first day of the period (``earliest``)
unless a caller asks for the last (``latest``).
"""

from __future__ import annotations

import calendar
import datetime as _dt
import re
from functools import lru_cache, total_ordering
from typing import Any

from pydantic import GetCoreSchemaHandler, GetJsonSchemaHandler
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import PydanticCustomError, core_schema

_PATTERN = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
PATTERN_TEXT = r"^\d{4}(-\d{2}(-\d{2})?)?$"


@total_ordering
class PartialDate:
    """A calendar date known to the year, the month or the day."""

    __slots__ = ("_first", "_last", "_text", "day", "month", "sort_key", "year")

    def __init__(self, year: int, month: int | None = None, day: int | None = None) -> None:
        if day is not None and month is None:
            raise ValueError("a day needs a month")
        if not 1 <= year <= 9999:
            raise ValueError(f"year {year} is out of range")
        if month is not None and not 1 <= month <= 12:
            raise ValueError(f"month {month:02d} does not exist")
        if day is not None and month is not None:
            last = calendar.monthrange(year, month)[1]
            if not 1 <= day <= last:
                raise ValueError(
                    f"day {day:02d} does not exist in {calendar.month_name[month]} {year}"
                    f" (it has {last} days)"
                )
        self.year = year
        self.month = month
        self.day = day
        # asked for often (statuses compare, output prints): computed once
        #: a plain tuple that sorts as the dates do (2021 before 2021-01 before 2021-01-01)
        self.sort_key = (year, month or 0, day or 0)
        if month is None:
            self._text = f"{year:04d}"
        elif day is None:
            self._text = f"{year:04d}-{month:02d}"
        else:
            self._text = f"{year:04d}-{month:02d}-{day:02d}"
        # the period's first and last days
        self._first = _dt.date(year, month or 1, day or 1)
        if day is not None and month is not None:
            self._last = self._first
        elif month is not None:
            self._last = _dt.date(year, month, calendar.monthrange(year, month)[1])
        else:
            self._last = _dt.date(year, 12, 31)

    @classmethod
    def parse(cls, value: object) -> PartialDate:
        """Read ``2021``, ``"2021-04"``, ``"2021-04-21"`` or a ``datetime.date``."""
        if isinstance(value, PartialDate):
            return value
        if isinstance(value, _dt.datetime):
            value = value.date()
        if isinstance(value, _dt.date):
            return cls(value.year, value.month, value.day)
        if isinstance(value, bool):
            raise ValueError("expected a date like 2021, 2021-04 or 2021-04-21")
        if isinstance(value, int):
            value = str(value)
        if not isinstance(value, str):
            raise ValueError("expected a date like 2021, 2021-04 or 2021-04-21")
        if value == TODO:
            return UNDATED
        return _parse_text(value)

    def __setattr__(self, name: str, value: object) -> None:
        if hasattr(self, name):  # set once in __init__; shared instances never change
            raise AttributeError(f"PartialDate is immutable: cannot set {name}")
        super().__setattr__(name, value)

    @property
    def precision(self) -> str:
        """``"year"``, ``"month"`` or ``"day"``."""
        if self.day is not None:
            return "day"
        if self.month is not None:
            return "month"
        return "year"

    def earliest(self) -> _dt.date:
        """The first day of the period this date names."""
        return self._first

    def latest(self) -> _dt.date:
        """The last day of the period this date names."""
        return self._last

    def __str__(self) -> str:
        return self._text

    def __repr__(self) -> str:
        return f"PartialDate({str(self)!r})"

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, PartialDate):
            return NotImplemented
        return self.sort_key == other.sort_key

    def __lt__(self, other: PartialDate) -> bool:
        if not isinstance(other, PartialDate):
            return NotImplemented
        return self.sort_key < other.sort_key

    def __hash__(self) -> int:
        return hash(self.sort_key)

    # pydantic integration: validated from int/str/date, serialised as text.
    @classmethod
    def __get_pydantic_core_schema__(
        cls, source: Any, handler: GetCoreSchemaHandler
    ) -> core_schema.CoreSchema:
        def validate(value: object) -> PartialDate:
            try:
                return cls.parse(value)
            except ValueError as exc:
                raise PydanticCustomError(
                    "date", "invalid date: {reason}", {"reason": str(exc)}
                ) from None

        return core_schema.no_info_plain_validator_function(
            validate, serialization=core_schema.plain_serializer_function_ser_schema(str)
        )

    @classmethod
    def __get_pydantic_json_schema__(
        cls, schema: core_schema.CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        return {
            "anyOf": [
                {"type": "string", "pattern": PATTERN_TEXT},
                {"const": TODO, "description": "A draft's placeholder: no date found yet."},
                {"type": "integer", "minimum": 1, "maximum": 9999},
            ],
            "description": "A date known to the year (2021), month (2021-04) or day (2021-04-21).",
        }


#: the placeholder a draft writes where its text gives no date (``date: TODO``)
TODO = "TODO"


def _undated() -> PartialDate:
    """The date of a draft whose text gives none: written ``TODO``, sorted after every
    real date, and never the day of an answer. ``simcli check`` reports it (D001), and
    the questions leave its statement out until it is written
    (:meth:`simcli.model.corpus.Corpus.without_drafts`)."""
    undated = PartialDate.__new__(PartialDate)
    last = _dt.date.max
    fields: dict[str, object] = {"year": last.year, "month": 12, "day": 31, "_text": TODO}
    fields |= {"sort_key": (last.year + 1, 0, 0), "_first": last, "_last": last}
    for name, value in fields.items():
        object.__setattr__(undated, name, value)
    return undated


UNDATED = _undated()


@lru_cache(maxsize=8192)
def _parse_text(value: str) -> PartialDate:
    """Dates repeat across a corpus: each text is parsed once (instances are immutable)."""
    match = _PATTERN.match(value.strip())
    if match is None:
        raise ValueError(f"'{value}' is not a date like 2021, 2021-04 or 2021-04-21")
    year, month, day = (int(g) if g is not None else None for g in match.groups())
    assert year is not None
    return PartialDate(year, month, day)


def as_of_day(value: _dt.date | str | None = None) -> _dt.date:
    """The day an answer is given as of: ``value`` itself, a date written as in a
    corpus (``2023`` and ``2023-03`` mean their last day), or by default today.
    The one place simcli decides what "today" is. A bad date is a ValueError."""
    if value is None:
        return _dt.date.today()
    if isinstance(value, _dt.datetime):  # a moment: its day
        return value.date()
    if isinstance(value, _dt.date):
        return value
    date = PartialDate.parse(value)
    if date is UNDATED:
        raise ValueError("'TODO' is not a date like 2021, 2021-04 or 2021-04-21")
    return date.latest()


def in_words(value: PartialDate | _dt.date) -> str:
    """A date as people write it: ``10 March 2023``, ``April 2021``, ``2023``
    (English month names whatever the locale)."""
    if isinstance(value, PartialDate):
        if value.month is None:
            return f"{value.year}"
        month = _MONTHS[value.month - 1]
        return f"{month} {value.year}" if value.day is None else f"{value.day} {month} {value.year}"
    return f"{value.day} {_MONTHS[value.month - 1]} {value.year}"


_MONTHS = (
    "January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December",
)  # fmt: skip
