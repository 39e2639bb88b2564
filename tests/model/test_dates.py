"""Dates keep their precision and refuse impossible days."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from simcli.model.dates import PartialDate


@pytest.mark.parametrize(
    ("raw", "text", "precision"),
    [
        (2021, "2021", "year"),
        ("2021-04", "2021-04", "month"),
        ("2021-04-21", "2021-04-21", "day"),
        (dt.date(2023, 3, 10), "2023-03-10", "day"),
    ],
)
def test_precision_is_kept(raw: object, text: str, precision: str) -> None:
    date = PartialDate.parse(raw)
    assert (str(date), date.precision) == (text, precision)


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ("2021-02-30", "day 30 does not exist in February 2021 (it has 28 days)"),
        ("2021-13", "month 13 does not exist"),
        ("21-04-2021", "'21-04-2021' is not a date like 2021, 2021-04 or 2021-04-21"),
        (True, "expected a date like 2021, 2021-04 or 2021-04-21"),
        (3.5, "expected a date like 2021, 2021-04 or 2021-04-21"),
    ],
)
def test_invalid_dates(raw: object, message: str) -> None:
    with pytest.raises(ValueError) as info:
        PartialDate.parse(raw)
    assert str(info.value) == message


def test_leap_day_and_periods() -> None:
    assert str(PartialDate.parse("2024-02-29")) == "2024-02-29"
    month = PartialDate.parse("2021-04")
    assert (month.earliest(), month.latest()) == (dt.date(2021, 4, 1), dt.date(2021, 4, 30))
    assert PartialDate.parse(2021).latest() == dt.date(2021, 12, 31)


def test_order() -> None:
    dates = [PartialDate.parse(d) for d in ["2023", "2021-04-21", "2021-04", "2021"]]
    assert [str(d) for d in sorted(dates)] == ["2021", "2021-04", "2021-04-21", "2023"]


@given(st.dates(min_value=dt.date(1, 1, 1)))
def test_round_trip(day: dt.date) -> None:
    for text in (day.isoformat(), day.isoformat()[:7], day.isoformat()[:4]):
        assert str(PartialDate.parse(text)) == text
