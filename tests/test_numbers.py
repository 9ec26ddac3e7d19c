"""auditor.numbers: printed numbers, units and display intervals."""

from fractions import Fraction as F

import pytest

from auditor.interval import Interval
from auditor.numbers import NumberError, Printed, display_interval, format_fraction, parse_number, unit_named


@pytest.mark.parametrize("text, value, decimals, signed", [
    ("23.4", F("23.4"), 1, False),
    ("(1,879)", F(-1879), 0, True),
    ("+252", F(252), 0, True),
    ("-0.01", F("-0.01"), 2, True),
    ("\u22125.0", F(-5), 1, True),  # the minus sign of typeset decks
    ("23,362", F(23362), 0, False),
    ("1,234,567.89", F("1234567.89"), 2, False),
    ("0", F(0), 0, False),
    ("100.0", F(100), 1, False),
    (" 23.4 ", F("23.4"), 1, False),
])
def test_parse_number(text, value, decimals, signed):
    assert parse_number(text) == Printed(value, decimals, signed)


@pytest.mark.parametrize("text", [
    "1,2,3", "12..5", "", "abc", "1.2.3", "(5", "5)", "(+5)", "(-5)", "1,23", "12,3456", "1e5", "23.", ".5",
    "--5", "5%", "JPY5",
])
def test_parse_number_rejects(text):
    with pytest.raises(NumberError, match="cannot read"):
        parse_number(text)


def test_ulp():
    assert parse_number("23.4").ulp == F(1, 10)
    assert parse_number("6,464").ulp == F(1)


def test_display_interval_half():
    assert display_interval(parse_number("23.4"), False, "half") == Interval(F("23.35"), F("23.45"))
    assert display_interval(parse_number("(1,879)"), False, "half") == Interval(F("-1879.5"), F("-1878.5"))
    assert display_interval(parse_number("0.01"), False, "half") == Interval(F("0.005"), F("0.015"))


def test_display_interval_truncate():
    # truncation: 23.4 stands for [23.4, 23.5]; a negative figure extends away from zero
    assert display_interval(parse_number("23.4"), False, "truncate") == Interval(F("23.4"), F("23.5"))
    assert display_interval(parse_number("(23.4)"), False, "truncate") == Interval(F("-23.5"), F("-23.4"))


def test_display_interval_exact():
    assert display_interval(parse_number("1,953"), True, "half") == Interval.point(1953)
    assert display_interval(parse_number("1,953"), True, "truncate") == Interval.point(1953)


def test_units():
    assert unit_named("JPY billion").factor == 1000
    assert unit_named("JPY thousand").factor == F(1, 1000)
    assert unit_named("%").dimension == "ratio"
    assert unit_named("points").factor == F(1, 100)
    assert unit_named("count").exact_by_default is True
    assert unit_named("JPY million").exact_by_default is False
    with pytest.raises(NumberError, match="unknown unit 'USD'"):
        unit_named("USD")


def test_format_fraction():
    assert format_fraction(F(23362)) == "23,362.00"
    assert format_fraction(F(-1, 3), 4) == "-0.3333"
    assert format_fraction(F(15), 0) == "15"
