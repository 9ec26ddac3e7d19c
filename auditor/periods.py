"""Periods as the decks write them, normalised to month spans or instant dates.

IIJ's fiscal year runs April to March: FY2011 = 2011-04 .. 2012-03, 1Q11 = 2011-04 .. 2011-06,
1H11 = 2011-04 .. 2011-09. A span is kept as its first and last month (inclusive) so that periods can be
compared, ordered and tiled; a balance-sheet date is an :class:`Instant`.

Accepted in a fact's ``period`` field:

- ``FY2011`` or ``FY11``; ``1H11``/``2H11``; ``1Q11`` .. ``4Q11``;
- ``2010-09..2011-03``: any span of whole months (first and last month included);
- ``2011-03-31``: an instant (balance-sheet date);
- the wordings of IIJ's releases (auditor.period_words): ``1Q-3Q19`` (April-December 2019, cumulative),
  ``1H FY2013``, ``1st Quarter FY2012``, ``latter half of FY2014``, ``first nine months of the fiscal year
  ending March 31, 2020``, ``nine months ended December 31, 2019``, ``from April 1, 2019 to December 31,
  2019``, ``April-December 2019``.

- ``9M FY2015``/``9M15`` (the first nine months; also 3M, 6M, 12M), ``fiscal 2014`` (FY2014: IIJ names
  a fiscal year by the year it starts in).

**Cumulative quarters.** A results release names its cumulative period by its last quarter: in a
document of ``kind: results_release``, a quarter name ("3Q15", "3rd Quarter FY2015") read with
``cumulative=True`` is April to the end of that quarter (``1Q-3Q15``), as the period-label rule reads it in
the printed ``period_text``; the quarter's own three months are written ``3Q15 (3 months)`` (or as a
month span). In any other document a quarter name is its three months. Ranges (``1Q-3Q15``, month
spans, wordings that print their months) mean the same everywhere.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import NamedTuple


class PeriodError(ValueError):
    """The text is not a period this tool can read."""


class Span(NamedTuple):
    """Whole months ``first`` .. ``last`` inclusive, each as ``year * 12 + month - 1``.

    A named tuple, as :class:`~auditor.model.Key` is: spans are hashed and compared in every lookup."""

    first: int
    last: int

    @property
    def months(self) -> int:
        return self.last - self.first + 1

    def shifted(self, months: int) -> Span:
        return Span(self.first + months, self.last + months)

    def __str__(self) -> str:
        return f"{_month_text(self.first)}..{_month_text(self.last)}"

    @property
    def label(self) -> str:
        """The fiscal name the decks would print, with the months: "1Q11 (2011-04..2011-06)"."""
        name = fiscal_name(self)
        return f"{name} ({self})" if name else str(self)

    @property
    def is_instant(self) -> bool:
        return False


@dataclass(frozen=True, order=True, slots=True)
class Instant:
    date: datetime.date

    def shifted(self, months: int) -> Instant:
        """The same day ``months`` later (earlier if negative); a month end stays a month end."""
        target_end = _month_end(_month_index(self.date) + months)
        if self.date == _month_end(_month_index(self.date)):
            return Instant(target_end)
        return Instant(target_end.replace(day=min(self.date.day, target_end.day)))

    def __str__(self) -> str:
        return self.date.isoformat()

    @property
    def label(self) -> str:
        return str(self)

    @property
    def is_instant(self) -> bool:
        return True

    @property
    def month(self) -> int:
        return _month_index(self.date)


Period = Span | Instant

# [0-9], not \d: \d and int() also read other scripts' digits ("FY２０１１", "1Q١١") as numbers.
_FISCAL = re.compile(r"^FY([0-9]{4}|[0-9]{2})$")
_PART = re.compile(r"^([1-4])Q([0-9]{2})$|^([12])H([0-9]{2})$")
_SPAN = re.compile(r"^([0-9]{4})-([0-9]{2})\.\.([0-9]{4})-([0-9]{2})$")
_DATE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")
# "3Q15 (3 months)": a results release's way of naming the quarter itself, not its cumulative period
_THREE_MONTHS = re.compile(r"^(.*\S)\s*\(\s*(?:3|three)[\s-]*months?\s*\)$", re.I)


def _month_text(index: int) -> str:
    year, month = divmod(index, 12)
    return f"{year:04d}-{month + 1:02d}"


def _month_index(date: datetime.date) -> int:
    return date.year * 12 + date.month - 1


def _month_end(index: int) -> datetime.date:
    year, month = divmod(index + 1, 12)
    return datetime.date(year, month + 1, 1) - datetime.timedelta(days=1)


def _year(text: str) -> int:
    return int(text) if len(text) == 4 else 2000 + int(text)


def fiscal_year(year: int) -> Span:
    start = year * 12 + 3
    return Span(start, start + 11)


def quarter(number: int, year: int) -> Span:
    start = year * 12 + 3 + 3 * (number - 1)
    return Span(start, start + 2)


def half(number: int, year: int) -> Span:
    start = year * 12 + 3 + 6 * (number - 1)
    return Span(start, start + 5)


@lru_cache(maxsize=4096)  # periods repeat across facts; a shared object also costs no memory
def parse_period(text: str, cumulative: bool = False) -> Period:
    """The period ``text`` writes. ``cumulative``: the document names cumulative periods by their last
    quarter (a results release; see the module docstring)."""
    text = str(text).strip()
    if match := _THREE_MONTHS.match(text):
        return _three_months(text, match[1])
    period, named_quarter = _parse(text)
    if cumulative and named_quarter:
        return Span(fiscal_year_start(period.first), period.last)
    return period


def _three_months(text: str, name: str) -> Span:
    period, named_quarter = _parse(name)
    if not named_quarter:
        raise PeriodError(f"period {text!r}: '(3 months)' follows a quarter name ('3Q15 (3 months)')")
    return period


def _parse(text: str) -> tuple[Period, bool]:
    """The period ``text`` writes, and whether it is a quarter *name* (which a results release reads
    cumulatively)."""
    if not text.isascii():
        char = next(char for char in text if not char.isascii())
        raise PeriodError(f"period {text!r} has the character {char!r} (U+{ord(char):04X}); periods are "
                          "written in ASCII (digits 0-9)")
    if match := _FISCAL.match(text):
        return fiscal_year(_year(match[1])), False
    if match := _PART.match(text):
        if match[1]:
            return quarter(int(match[1]), _year(match[2])), True
        return half(int(match[3]), _year(match[4])), False
    other = _span_or_date(text)
    if other is not None:
        return other, False
    found = _read_words(text)
    if found is not None:
        return found
    raise PeriodError(
        f"cannot read period {text!r} (expected FY2011, FY11, 1H11, 2Q11, 1Q-3Q11, 1H FY2011, "
        "2010-09..2011-03, 2011-03-31 or a wording of docs/fact-format.md)"
    )


def _read_words(text: str):
    """(span, is a quarter name) of a wording of auditor.period_words; None if ``text`` is none."""
    from auditor.period_words import WordsError, read_words  # it builds on this module's spans

    try:
        found = read_words(text)
    except WordsError as error:
        raise PeriodError(f"period {text!r} names no whole months: {error}") from None
    if found is None:
        return None
    return found.span, found.kind == "name" and found.span.months == 3


def _span_or_date(text: str) -> Period | None:
    if match := _SPAN.match(text):
        first = int(match[1]) * 12 + int(match[2]) - 1
        last = int(match[3]) * 12 + int(match[4]) - 1
        if not (1 <= int(match[2]) <= 12 and 1 <= int(match[4]) <= 12):
            raise PeriodError(f"impossible month in period {text!r}")
        if last < first:
            raise PeriodError(f"period {text!r} ends before it starts")
        return Span(first, last)
    if _DATE.match(text):
        try:
            return Instant(datetime.date.fromisoformat(text))
        except ValueError as error:
            raise PeriodError(f"impossible date in period {text!r}: {error}") from None
    return None


def fiscal_name(span: Span) -> str | None:
    """``FY2011``, ``1H11`` or ``1Q11`` when the span is exactly that fiscal period, else None."""
    start_year, offset = divmod(span.first - 3, 12)
    short = f"{start_year % 100:02d}"
    if span.months == 12 and offset == 0:
        return f"FY{start_year}"
    if span.months == 6 and offset in (0, 6):
        return f"{offset // 6 + 1}H{short}"
    if span.months == 3 and offset % 3 == 0:
        return f"{offset // 3 + 1}Q{short}"
    return None


def year_earlier(period: Period) -> Period:
    return period.shifted(-12)


def quarter_earlier(period: Period) -> Period:
    if isinstance(period, Instant):
        return period.shifted(-3)
    return period.shifted(-period.months)


def fiscal_year_start(month: int) -> int:
    """The first month of the fiscal year that contains ``month``."""
    year, month_of_year = divmod(month, 12)
    return (year if month_of_year >= 3 else year - 1) * 12 + 3
