"""Date strings as action plans write them."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from irm.models.dates import find_dates, parse_date


@pytest.mark.parametrize(("text", "start", "end", "precision"), [
    ("1/15/2013", "2013-01-15", "2013-01-15", "day"),
    ("7/19/19", "2019-07-19", "2019-07-19", "day"),
    ("25/3/2019", "2019-03-25", "2019-03-25", "day"),
    ("2021-06-30", "2021-06-30", "2021-06-30", "day"),
    ("June 2019", "2019-06-01", "2019-06-30", "month"),
    ("Junio de 2020", "2020-06-01", "2020-06-30", "month"),
    ("février 2018", "2018-02-01", "2018-02-28", "month"),
    ("2019", "2019-01-01", "2019-12-31", "year"),
    ("Quarter 1 2014", "2014-01-01", "2014-03-31", "quarter"),
    ("II quarter of 2021", "2021-04-01", "2021-06-30", "quarter"),
    ("Q3 2018", "2018-07-01", "2018-09-30", "quarter"),
    ("first half of 2020", "2020-01-01", "2020-06-30", "half"),
    ("end of 2019", "2019-10-01", "2019-12-31", "part"),
    ("Spring 2015", "2015-03-01", "2015-05-31", "part"),
])
def test_formats(text, start, end, precision):
    """Each written form gives its period and precision, and keeps the original."""
    parsed = parse_date(text)
    assert (str(parsed.start), str(parsed.end), parsed.precision) == (start, end, precision)
    assert parsed.original == text


@pytest.mark.parametrize("text", ["In progress", "Permanent activity", "Ongoing", "en curso"])
def test_ongoing_phrases_are_understood(text):
    """Phrases that name no period are understood as ongoing."""
    parsed = parse_date(text)
    assert parsed.parsed and parsed.precision == "ongoing" and parsed.start is None


@pytest.mark.parametrize("text", ["after the elections", "2/30/2019", "13/13/2019"])
def test_unparsed_text_is_kept(text):
    """Text that is not a date is marked unparsed, never guessed."""
    parsed = parse_date(text)
    assert not parsed.parsed and parsed.original == text


def test_missing_codes_give_none():
    """NA / ND / NR are not dates."""
    assert parse_date("NA") is None and parse_date("ND") is None


@given(st.dates(dt.date(1990, 1, 1), dt.date(2099, 12, 31)))
def test_month_first_round_trip(day):
    """Any m/d/yyyy date reads back as itself."""
    assert parse_date(f"{day.month}/{day.day}/{day.year}").start == day


def test_find_dates_in_text():
    """Dates inside a sentence are found with their spans."""
    text = "Publish the register by June 2020, review in Q4 2021."
    found = [(text[s:e], d.precision) for s, e, d in find_dates(text)]
    assert found == [("June 2020", "month"), ("Q4 2021", "quarter")]


@pytest.mark.parametrize("before", ["", "Ankara ", "İzmir ", "İİ "])
def test_found_dates_keep_original_text_and_spans(before):
    """Dates are found whatever the case, and their spans index the original text, also
    when lower-casing changes its length ("İ" lower-cases to two characters)."""
    text = f"{before}Publish the plan by JUNE 2020 and review it in q4 2021."
    found = find_dates(text)
    assert [(text[s:e], d.original) for s, e, d in found] == [
        ("JUNE 2020", "JUNE 2020"), ("q4 2021", "q4 2021")]
