"""Printed numbers, units and display rounding.

A figure is kept as printed ("23.4", "(1,879)", "+252"). This module turns the printed text into an
exact :class:`~fractions.Fraction` and into the interval of values that display as it, in the base unit of
its dimension (JPY million for money, a ratio for % and points, the count itself for counts): integers on
a power-of-ten scale (auditor.interval), since every printed rounding and every unit factor is one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from fractions import Fraction

from auditor.interval import Interval

_NUMBER = re.compile(
    r"^(?P<open>\()?(?P<sign>[+\-\u2212])?"
    r"(?P<int>[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)(?:\.(?P<frac>[0-9]+))?(?P<close>\))?$"
)


@dataclass(frozen=True)
class Unit:
    name: str
    # money (amounts, in JPY million) | yen (per-share amounts) | ratio | count | bandwidth | power | duration
    dimension: str
    factor: Fraction  # multiply a printed value by this to get the base unit
    exact_by_default: bool


UNITS: dict[str, Unit] = {
    u.name: u
    for u in (
        Unit("JPY billion", "money", Fraction(1000), False),
        Unit("JPY million", "money", Fraction(1), False),
        Unit("JPY thousand", "money", Fraction(1, 1000), False),
        Unit("JPY", "yen", Fraction(1), True),
        Unit("%", "ratio", Fraction(1, 100), False),
        Unit("points", "ratio", Fraction(1, 100), False),
        Unit("count", "count", Fraction(1), True),
        Unit("Gbps", "bandwidth", Fraction(1), False),
        # a power capacity ("2,000 kVA", a rated figure) and a length of time in years ("over 10 years")
        Unit("kVA", "power", Fraction(1), False),
        Unit("years", "duration", Fraction(1), True),
        # US$ convenience translations: their own dimensions, so that a dollar figure never meets a yen one
        # except through the translation rule (auditor.kinds.translation), at the document's rate.
        Unit("US$ million", "usd", Fraction(1), False),
        Unit("US$ thousand", "usd", Fraction(1, 1000), False),
        Unit("US$", "usd_share", Fraction(1), False),
    )
}
BASE_UNIT = {"money": "JPY million", "yen": "JPY", "ratio": "%", "count": "count", "bandwidth": "Gbps",
             "power": "kVA", "duration": "years", "usd": "US$ million", "usd_share": "US$"}
PER_SHARE_UNITS = ("JPY", "US$")
USD_UNITS = ("US$ million", "US$ thousand", "US$")

ROUNDING_MODES = ("half", "truncate")


class NumberError(ValueError):
    """The printed text is not a number this tool can read."""


@dataclass(frozen=True, slots=True)
class Printed:
    """A printed number: its exact value and the number of decimals it shows."""

    value: Fraction
    decimals: int
    signed: bool  # printed with an explicit sign or parentheses

    @property
    def ulp(self) -> Fraction:
        return Fraction(1, 10**self.decimals)


MAX_DIGITS = 30


def parse_number(text: str) -> Printed:
    # The digit checks walk the text in Python: an ASCII text no longer than MAX_DIGITS passes both.
    if (len(text) > MAX_DIGITS or not text.isascii()) and sum(char.isdigit() for char in text) > MAX_DIGITS:
        raise NumberError(f"cannot read {text[:40]!r}...: more than {MAX_DIGITS} digits")
    if not text.isascii() and any(char.isdigit() and not char.isascii() for char in text):
        # int() and \d read fullwidth and Arabic-Indic digits; a figure is printed in 0-9
        raise NumberError(f"cannot read {text!r}: digits must be ASCII 0-9")
    match = _NUMBER.match(text.strip())
    if match is None or bool(match["open"]) != bool(match["close"]):
        raise NumberError(f"cannot read {text!r} as a printed number "
                          "(digits with optional thousands commas, decimals, sign or parentheses)")
    if match["open"] and match["sign"]:
        raise NumberError(f"cannot read {text!r}: a sign inside parentheses is ambiguous")
    frac = match["frac"] or ""
    magnitude = Fraction(int(match["int"].replace(",", "") + frac), 10 ** len(frac))
    negative = bool(match["open"]) or match["sign"] in ("-", "\u2212")
    signed = bool(match["open"] or match["sign"])
    return Printed(-magnitude if negative else magnitude, len(frac), signed)


def unit_named(name: str) -> Unit:
    try:
        return UNITS[name]
    except KeyError:
        known = ", ".join(UNITS)
        raise NumberError(f"unknown unit {name!r} (known: {known})") from None


def display_interval(printed: Printed, exact: bool, rounding: str) -> Interval:
    """The values, in printed units, that display as ``printed``: integers on the scale of the printed
    decimals, one place finer for half rounding (half of 0.1 is 0.05)."""
    value, decimals = printed.value, printed.decimals
    scale = 10**decimals
    if scale % value.denominator:  # a value finer than its decimals (never parsed, only constructed)
        return fraction_display_interval(printed, exact, rounding)
    units = value.numerator * (scale // value.denominator)
    if exact:
        return Interval.decimal(units, units, decimals)
    if rounding == "truncate":
        return Interval.decimal(units, units + 1, decimals) if units >= 0 else Interval.decimal(units - 1, units, decimals)
    return Interval.decimal(10 * units - 5, 10 * units + 5, decimals + 1)


def fraction_display_interval(printed: Printed, exact: bool, rounding: str) -> Interval:
    """display_interval in Fractions: the definition the integer version is tested against."""
    value = printed.value
    if exact:
        return Interval.point(value)
    ulp = printed.ulp
    if rounding == "truncate":
        return Interval(value, value + ulp) if value >= 0 else Interval(value - ulp, value)
    half = ulp / 2
    return Interval(value - half, value + half)


def format_fraction(value: Fraction, decimals: int = 2) -> str:
    """A fixed-point rendering for reports (deterministic, no float)."""
    scaled = round(value * 10**decimals)
    sign = "-" if scaled < 0 else ""
    scaled = abs(scaled)
    whole, part = divmod(scaled, 10**decimals)
    text = f"{whole:,}"
    if decimals:
        text += "." + str(part).rjust(decimals, "0")
    return sign + text


def decimals_for(unit: Unit, printed_decimals: int) -> int:
    """How many decimals to show for a value in ``unit`` so that rounding slack stays visible."""
    return min(printed_decimals + 2, 6)
