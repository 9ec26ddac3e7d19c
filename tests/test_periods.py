"""auditor.periods: IIJ's April-March fiscal periods as month spans and balance-sheet dates."""

import datetime

import pytest

from auditor.periods import (
    Instant, PeriodError, Span, fiscal_year_start, parse_period, quarter_earlier, year_earlier,
)


def months(first: str, last: str) -> Span:
    (y1, m1), (y2, m2) = (map(int, first.split("-")), map(int, last.split("-")))
    return Span(y1 * 12 + m1 - 1, y2 * 12 + m2 - 1)


@pytest.mark.parametrize("text, span", [
    ("FY11", months("2011-04", "2012-03")),
    ("FY2011", months("2011-04", "2012-03")),
    ("FY07", months("2007-04", "2008-03")),
    ("1Q11", months("2011-04", "2011-06")),
    ("2Q11", months("2011-07", "2011-09")),
    ("3Q11", months("2011-10", "2011-12")),
    ("4Q11", months("2012-01", "2012-03")),   # the fourth quarter of FY11 is in calendar 2012
    ("1H11", months("2011-04", "2011-09")),
    ("2H11", months("2011-10", "2012-03")),
    ("2010-09..2011-03", months("2010-09", "2011-03")),
    ("2010-09..2010-09", months("2010-09", "2010-09")),
    (" 1Q11 ", months("2011-04", "2011-06")),
])
def test_spans(text, span):
    assert parse_period(text) == span


def test_span_properties():
    fy = parse_period("FY11")
    assert fy.months == 12
    assert str(fy) == "2011-04..2012-03"
    assert parse_period("2010-09..2011-03").months == 7
    assert parse_period("1H11") == Span(parse_period("1Q11").first, parse_period("2Q11").last)


def test_dates():
    assert parse_period("2011-06-30") == Instant(datetime.date(2011, 6, 30))
    assert str(parse_period("2012-02-29")) == "2012-02-29"
    assert parse_period("2011-03-31").is_instant and not parse_period("FY11").is_instant


@pytest.mark.parametrize("text, message", [
    ("2011-13..2012-01", "impossible month"),
    ("2011-00..2011-03", "impossible month"),
    ("2011-06..2011-03", "ends before it starts"),
    ("2011-02-30", "impossible date"),
    ("2011-02-29", "impossible date"),   # 2011 is not a leap year
    ("2011-04-31", "impossible date"),
    ("5Q11", "cannot read period"),
    ("3H11", "cannot read period"),
    ("FY1", "cannot read period"),
    ("FY201", "cannot read period"),
    ("Q111", "cannot read period"),
    ("2011-6-30", "cannot read period"),
    ("", "cannot read period"),
    ("1Q11 (11/4~11/6)", "cannot read period"),
])
def test_impossible_periods(text, message):
    with pytest.raises(PeriodError, match=message):
        parse_period(text)


def test_year_and_quarter_earlier():
    assert year_earlier(parse_period("1Q11")) == parse_period("1Q10")
    assert year_earlier(parse_period("FY11")) == parse_period("FY10")
    assert quarter_earlier(parse_period("1Q11")) == parse_period("4Q10")
    assert quarter_earlier(parse_period("1H11")) == parse_period("2H10")
    assert quarter_earlier(parse_period("2010-09..2010-09")) == parse_period("2010-08..2010-08")
    # a balance-sheet date moves to month ends
    assert year_earlier(parse_period("2012-02-29")) == parse_period("2011-02-28")
    assert quarter_earlier(parse_period("2011-06-30")) == parse_period("2011-03-31")
    assert quarter_earlier(parse_period("2011-12-31")) == parse_period("2011-09-30")


def test_fiscal_year_start():
    assert fiscal_year_start(parse_period("3Q08").last) == parse_period("FY08").first  # December 2008
    assert fiscal_year_start(parse_period("4Q08").first) == parse_period("FY08").first  # January 2009
    assert fiscal_year_start(parse_period("1Q08").first) == parse_period("FY08").first  # April 2008


def test_spans_order_and_hash():
    assert parse_period("1Q11") < parse_period("2Q11")
    assert len({parse_period("FY11"), parse_period("FY2011")}) == 1


def test_year_earlier_keeps_a_mid_month_day():
    assert year_earlier(parse_period("2011-08-12")) == parse_period("2010-08-12")
    assert quarter_earlier(parse_period("2011-08-12")) == parse_period("2011-05-12")
