"""Periods as IIJ's results releases and notices write them in words, as month spans.

Each form is read both as a whole ``period`` (:func:`parse_words`) and inside a printed ``period_text``
(:func:`find_words`). A form is either a *name* (it names a fiscal quarter, half or year: "1H FY2013",
"1st Quarter FY2012", "latter half of FY2014") or a *range* (it prints its months: "1Q-3Q19", "first nine
months of the fiscal year ending March 31, 2020", "from April 1, 2019 to December 31, 2019",
"April-December 2019", "nine months ended December 31, 2019"). The period-label rule lets a range decide
over a name, as it does for "3Q08 (08/4~08/12)".

Numbers are ASCII [0-9] only, as everywhere in periods (see auditor.periods).
"""

from __future__ import annotations

import calendar
import re
from typing import Callable, NamedTuple

from auditor.periods import Span, fiscal_year, half, quarter

_MONTH_NAMES = {name.lower(): number for number, name in enumerate(calendar.month_name) if name}
_MONTH_NAMES.update({name.lower(): number for number, name in enumerate(calendar.month_abbr) if name})
_MONTH = r"(January|February|March|April|May|June|July|August|September|October|November|December" \
         r"|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\.?"
_YEAR = r"([0-9]{4})"
# "FY2014" or "fiscal 2014": IIJ names a fiscal year by the year it starts in ("fiscal 2014" is the year
# ending March 31, 2015, as FY2014 is), so the two are one year. "fiscal" takes four digits only.
_FY = r"(?:FY\s?|fiscal\s+(?:year\s+)?(?=[0-9]{4}(?![0-9])))([0-9]{4}|[0-9]{2})"
_COUNT = {"one": 1, "three": 3, "six": 6, "nine": 9, "twelve": 12, "1": 1, "3": 3, "6": 6, "9": 9, "12": 12}
_ORDINAL = {"1st": 1, "first": 1, "2nd": 2, "second": 2, "3rd": 3, "third": 3, "4th": 4, "fourth": 4,
            "former": 1, "latter": 2}
_ENDING = rf"(?:fiscal\s+year|FY)\s+end(?:ing|ed)\s+{_MONTH}\s+([0-9]{{1,2}}),?\s+{_YEAR}"


class Found(NamedTuple):
    kind: str  # "name" or "range"
    span: Span
    start: int
    end: int
    text: str


def _year(text: str) -> int:
    return int(text) if len(text) == 4 else 2000 + int(text)


def _month(name: str) -> int:
    name = name.lower().rstrip(".")
    return _MONTH_NAMES["sep" if name == "sept" else name]  # "Sept." is September, as "Sep." is


def _ending_year(month: str, year: str) -> int:
    """The fiscal year (April start) that ends in ``month`` ``year``: March 31, 2020 ends FY2019."""
    if _month(month) != 3:
        raise WordsError("IIJ's fiscal year ends in March")
    return int(year) - 1


class WordsError(ValueError):
    """A period in words that names no whole months ("from April 15, 2019 ...")."""


def _day_span(m1, d1, y1, m2, d2, y2) -> Span:
    first = int(y1) * 12 + _month(m1) - 1
    last = int(y2) * 12 + _month(m2) - 1
    end_day = calendar.monthrange(int(y2), _month(m2))[1]
    if int(d1) != 1 or int(d2) != end_day:
        raise WordsError("the days do not start and end whole months")
    if last < first:
        raise WordsError("it ends before it starts")
    return Span(first, last)


def _months_of_fy(count: str, month: str, day: str, year: str) -> Span:
    start = fiscal_year(_ending_year(month, year)).first
    return Span(start, start + _COUNT[count.lower()] - 1)


def _months_ended(count: str, month: str, day: str, year: str) -> Span:
    last = int(year) * 12 + _month(month) - 1
    return Span(last - _COUNT[count.lower()] + 1, last)


def _quarter_range(first: str, last: str, short: str | None, fiscal: str | None) -> Span:
    year = _year(short or fiscal)
    span = Span(quarter(int(first), year).first, quarter(int(last), year).last)
    if span.last < span.first:
        raise WordsError("it ends before it starts")
    return span


def _month_range(m1, y1, m2, y2) -> Span:
    first = int(y1 or y2) * 12 + _month(m1) - 1
    last = int(y2) * 12 + _month(m2) - 1
    if y1 is None and last < first:  # "October-March 2020": the year is the last month's
        first -= 12
    if last < first:
        raise WordsError("it ends before it starts")
    return Span(first, last)


def _months_of_name(count: str, fiscal: str | None, short: str | None) -> Span:
    """"9M FY2015", "9M15": the first ``count`` months of the fiscal year."""
    start = fiscal_year(_year(fiscal or short)).first
    return Span(start, start + int(count) - 1)


def _part(kind: str) -> Callable:
    def build(number: str, fiscal: str) -> Span:
        part = _ORDINAL.get(number.lower()) or int(number)
        return quarter(part, _year(fiscal)) if kind == "Q" else half(part, _year(fiscal))
    return build


# (kind, pattern, builder): tried in this order, so a longer form wins over the names inside it.
_FORMS: list[tuple[str, re.Pattern, Callable]] = [
    ("range", re.compile(rf"from\s+{_MONTH}\s+([0-9]{{1,2}}),?\s+{_YEAR}\s+(?:to|through)\s+{_MONTH}\s+"
                         rf"([0-9]{{1,2}}),?\s+{_YEAR}", re.I), _day_span),
    ("range", re.compile(rf"(?:first\s+)?(three|six|nine|twelve|3|6|9|12)[\s-]+months?\s+(?:of\s+(?:the\s+)?)?"
                         rf"{_ENDING}", re.I), _months_of_fy),
    ("range", re.compile(rf"(three|six|nine|twelve|3|6|9|12)[\s-]+months?\s+end(?:ed|ing)\s+{_MONTH}\s+"
                         rf"([0-9]{{1,2}}),?\s+{_YEAR}", re.I), _months_ended),
    ("range", re.compile(rf"(?<![A-Za-z0-9])([1-4])Q\s*-\s*([1-4])Q\s*(?:([0-9]{{2}})(?![0-9])|{_FY})", re.I),
     _quarter_range),
    # "9M FY2015": case-sensitive, so that no "3m" or "6 m" in a sentence is read as months of a year
    ("range", re.compile(rf"(?<![A-Za-z0-9])(3|6|9|12)M\s?(?:{_FY}|([0-9]{{2}})(?![0-9]))"), _months_of_name),
    ("range", re.compile(rf"(?<![A-Za-z]){_MONTH}(?:\s+{_YEAR})?\s*(?:-|~|to|through|\u2013)\s*{_MONTH},?\s+"
                         rf"{_YEAR}", re.I), _month_range),
    ("name", re.compile(rf"(?<![A-Za-z0-9])([1-4])Q\s+{_FY}", re.I), _part("Q")),
    ("name", re.compile(rf"(?<![A-Za-z0-9])([12])H\s+{_FY}", re.I), _part("H")),
    ("name", re.compile(rf"(?<![A-Za-z])(1st|2nd|3rd|4th|first|second|third|fourth)\s+quarter\s+(?:of\s+)?"
                        rf"(?:the\s+)?{_FY}", re.I), _part("Q")),
    ("name", re.compile(rf"(?<![A-Za-z])(1st|2nd|first|second|former|latter)\s+half\s+(?:of\s+)?(?:the\s+)?"
                        rf"{_FY}", re.I), _part("H")),
    ("name", re.compile(rf"(?<![A-Za-z])fiscal\s+year\s+end(?:ing|ed)\s+{_MONTH}\s+[0-9]{{1,2}},?\s+{_YEAR}",
                        re.I), lambda month, year: fiscal_year(_ending_year(month, year))),
    ("name", re.compile(r"(?<![A-Za-z])fiscal\s+(?:year\s+)?([0-9]{4})(?![0-9])", re.I),
     lambda year: fiscal_year(int(year))),
]


def find_words(text: str) -> list[Found]:
    """Every period in words in ``text``, left to right, none overlapping another (the earlier form of
    :data:`_FORMS` wins). A form whose days are not whole months is left unread (see :func:`bad_words`)."""
    taken: list[Found] = []
    for kind, pattern, build in _FORMS:
        for match in pattern.finditer(text):
            if any(match.start() < other.end and other.start < match.end() for other in taken):
                continue
            try:
                span = build(*match.groups())
            except WordsError:
                continue
            taken.append(Found(kind, span, match.start(), match.end(), match[0]))
    return sorted(taken, key=lambda found: found.start)


def bad_words(text: str) -> list[tuple[str, str]]:
    """Forms in ``text`` that look like a period but name no whole months (or run backwards): (wording,
    why). The period-label rule reports them; they are never read as another period."""
    bad = []
    for _, pattern, build in _FORMS:
        for match in pattern.finditer(text):
            try:
                build(*match.groups())
            except WordsError as error:
                bad.append((match[0], str(error)))
    return bad


def parse_words(text: str) -> Span | None:
    """The period that ``text`` is, as a whole, in one of the forms above; None if it is none of them.
    Raises WordsError for a form that names no whole months."""
    found = read_words(text)
    return found.span if found is not None else None


def read_words(text: str) -> Found | None:
    """:func:`parse_words` with the kind of form ("name" or "range"): a quarter *name* is what a results
    release reads cumulatively (auditor.periods)."""
    for kind, pattern, build in _FORMS:
        match = pattern.fullmatch(text)
        if match:
            return Found(kind, build(*match.groups()), 0, len(text), text)
    return None


def masked(text: str, found: list[Found]) -> str:
    """``text`` with the forms found blanked out, so that the short names inside them ("FY2013" in "1H
    FY2013") are not read a second time."""
    for item in found:
        text = text[:item.start] + " " * (item.end - item.start) + text[item.end:]
    return text
