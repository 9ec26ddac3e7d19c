"""Printed period expressions ("1Q11 (11/4~11/6)", "FY10 Target", "March 31, 2011", "1st Half FY2007"),
read into the fixture format's periods (``1Q11``, ``2010-09..2011-03``, ``2011-03-31``).

A printed month range decides over the name it follows (docs/fact-format.md). A footnote digit glued to
a year ("FY20195") is dropped. This is IIJ's notation (docs/fact-format.md, "Periods"), not vocabulary.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass

from auditor.period_words import find_words, masked
from auditor.periods import Span, fiscal_name

_MONTHS = {name.lower(): number for number, name in enumerate(calendar.month_name) if name}
_MONTHS.update({name.lower(): number for number, name in enumerate(calendar.month_abbr) if name})
_MONTH = r"(?P<month>" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"

# The short names; the wordings ("1st Half FY2007", "1Q-3Q19", "nine months ended ...") are read first by
# auditor.period_words, the one reader of IIJ's period wordings (also used by `period` and `period_text`).
_NAME = re.compile(
    r"(?<![A-Za-z0-9])(?:"
    r"(?P<r1>[1-4])Q[ ]?~[ ]?(?P<r2>[1-4])Q[ ]?(?:FY)?(?P<ry>\d{4}|\d{2})"
    r"|(?P<q>[1-4])Q[ ]?(?:FY)?(?P<qy>\d{4}|\d{2})"
    r"|(?P<h>[12])H[ ]?(?:FY)?(?P<hy>\d{4}|\d{2})"
    r"|FY(?P<cy>\d{4})/1Q-(?P<cq>[1-4])Q"
    r"|FY(?P<fy>\d{4}|\d{2})"
    r")(?P<foot>\d)?(?![0-9])",
    re.IGNORECASE,
)
_RANGE = re.compile(r"\((?P<y1>\d{2})/(?P<m1>\d{1,2})[ ]?~[ ]?(?P<y2>\d{2})/(?P<m2>\d{1,2})\)"
                    r"|\((?P<y>\d{4})/(?P<a>\d{1,2})-(?P<b>\d{1,2})\)")
_MONTHS_ONLY = re.compile(r"\((?P<k>[12])[ ]?months?\)", re.IGNORECASE)
_DATE = re.compile(_MONTH + r"[ ](?P<day>\d{1,2}),[ ]?(?P<year>\d{4})(?!\d)", re.IGNORECASE)
_MONTH_YEAR = re.compile(r"(?:(?P<at>as[ ]of|at|end[ ]of|for|in|during)[ ])?" + _MONTH + r"[ ](?P<year>\d{4})(?!\d)",
                         re.IGNORECASE)
_M = r"(?:" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"
# Ranges written out: "from Sep 2010 to March 2011", "from April 1, 2019 to December 31, 2019".
_WRITTEN_RANGE = re.compile(rf"(?:from[ ])?(?P<m1>{_M})[ ](?:\d{{1,2}},[ ]?)?(?P<y1>\d{{4}})[ ](?:to|-|~|through)[ ]"
                            rf"(?P<m2>{_M})[ ](?:\d{{1,2}},[ ]?)?(?P<y2>\d{{4}})(?!\d)", re.IGNORECASE)
_BASIS = (("revised target", "revised_target"), ("previous target", "previous_target"),
          ("original target", "previous_target"), ("initial target", "previous_target"),
          ("forecast", "forecast"), ("target", "target"), ("plan", "target"), ("actual", "actual"))


@dataclass(frozen=True)
class Printed:
    period: str
    start: int
    end: int  # line[start:end] is the printed period text
    instant: bool = False
    loose: bool = False  # a month and year with no word before it ("Sep. 2012"): never a column head

    def span(self) -> tuple[int, int] | None:
        """First and last month index (year * 12 + month - 1), or None for a date."""
        if self.instant:
            return None
        from auditor.periods import parse_period
        parsed = parse_period(self.period)
        return parsed.first, parsed.last


def _year(text: str) -> int:
    return int(text) if len(text) == 4 else 2000 + int(text)


def _span_text(first: int, last: int) -> str:
    name = fiscal_name(Span(first, last))
    if name:
        return name
    return f"{first // 12}-{first % 12 + 1:02d}..{last // 12}-{last % 12 + 1:02d}"


def _name_span(match: re.Match) -> tuple[int, int]:
    """First and last month index of a period name (fiscal years start in April)."""
    if match["r1"]:  # "1Q-3Q19": the quarters from the first to the second, cumulative
        start = _year(match["ry"]) * 12 + 3
        return start + 3 * (int(match["r1"]) - 1), start + 3 * int(match["r2"]) - 1
    if match["q"]:
        start = _year(match["qy"]) * 12 + 3 + 3 * (int(match["q"]) - 1)
        return start, start + 2
    if match["h"]:
        start = _year(match["hy"]) * 12 + 3 + 6 * (int(match["h"]) - 1)
        return start, start + 5
    if match["cy"]:
        start = int(match["cy"]) * 12 + 3
        return start, start + 3 * int(match["cq"]) - 1
    start = _year(match["fy"]) * 12 + 3
    return start, start + 11


def find_periods(text: str) -> list[Printed]:
    """The period expressions printed in ``text``, left to right."""
    original, words = text, find_words(text)
    found = [_followed(text, item.span.first, item.span.last, item.start, item.end,
                       item.kind == "name" and item.span.months == 3) for item in words]
    text = masked(text, words)  # the names inside a wording ("FY2007" in "1st Half FY2007") are not read again
    for match in _NAME.finditer(text):
        try:
            first, last = _name_span(match)
        except ValueError:
            continue
        end = match.end() - (1 if match["foot"] else 0)
        found.append(_followed(text, first, last, match.start(), end, bool(match["q"])))
    found = [item for item in found if item is not None]
    for match in _DATE.finditer(text):
        month = _MONTHS[match["month"].lower()]
        day = int(match["day"])
        year = int(match["year"])
        if 1 <= day <= calendar.monthrange(year, month)[1]:
            found.append(Printed(f"{year}-{month:02d}-{day:02d}", match.start(), match.end(), True))
    for match in _MONTH_YEAR.finditer(text):
        month, year = _MONTHS[match["month"].lower()], int(match["year"])
        if (match["at"] or "in").lower() in ("in", "during", "for"):  # "in April 2011", "Sep. 2012": the month
            found.append(Printed(f"{year}-{month:02d}..{year}-{month:02d}", match.start("month"), match.end(),
                                 loose=not match["at"]))
            continue
        day = calendar.monthrange(year, month)[1]  # "as of June 2011", "End of Sep. 2012": its last day
        found.append(Printed(f"{year}-{month:02d}-{day:02d}", match.start(), match.end(), True))
    for match in _WRITTEN_RANGE.finditer(original):  # "from Sep 2010 to ...": with its "from", days unchecked
        first = int(match["y1"]) * 12 + _MONTHS[match["m1"].lower().rstrip(".")] - 1
        last = int(match["y2"]) * 12 + _MONTHS[match["m2"].lower().rstrip(".")] - 1
        if first <= last:
            found = [p for p in found if p.end <= match.start() or p.start >= match.end()]
            found.append(Printed(_span_text(first, last), match.start(), match.end()))
    found.sort(key=lambda p: p.start)
    return found


def _followed(text: str, first: int, last: int, start: int, end: int, quarter: bool) -> Printed | None:
    """The period a name printed at ``text[start:end]`` stands for, with what follows it: "2Q10 (1month)"
    is the quarter's last month, "1st Half FY2007 (2007/4-9)" the months printed; None if it runs backwards."""
    rest = text[end:end + 24]
    if (months := _MONTHS_ONLY.match(rest.lstrip())) and quarter:
        first = last - int(months["k"]) + 1  # "2Q10 (1month)": the quarter's last month(s)
        end += len(rest) - len(rest.lstrip()) + months.end()
    elif (ranged := _RANGE.search(rest)) and not re.search(r"[0-9]", rest[:ranged.start()]):
        first, last = _range(ranged)
        end += ranged.end()
    if last < first:
        return None
    return Printed(_span_text(first, last), start, end)


def _range(match: re.Match) -> tuple[int, int]:
    if match["y"]:
        year = int(match["y"])
        return year * 12 + int(match["a"]) - 1, year * 12 + int(match["b"]) - 1
    return (_year(match["y1"]) * 12 + int(match["m1"]) - 1, _year(match["y2"]) * 12 + int(match["m2"]) - 1)


def basis_of(text: str) -> str | None:
    lower = text.lower()
    for word, basis in _BASIS:
        if re.search(rf"(?<![a-z]){word}(?![a-z])", lower):
            return basis
    return None


def end_date(period: str) -> str:
    """The last day of a span period: the date "as of" which a count or balance stands at its end."""
    from auditor.periods import parse_period
    parsed = parse_period(period)
    if not isinstance(parsed, Span):
        return period
    year, month = divmod(parsed.last, 12)
    day = calendar.monthrange(year, month + 1)[1]
    return f"{year}-{month + 1:02d}-{day:02d}"


def quarter_of(period: str, number: int) -> str | None:
    """Quarter ``number`` of the fiscal year that ``period`` falls in ("1Q:" printed without its year)."""
    from auditor.periods import fiscal_year_start, parse_period
    parsed = parse_period(period)
    month = parsed.last if isinstance(parsed, Span) else parsed.month
    start = fiscal_year_start(month) + 3 * (number - 1)
    return _span_text(start, start + 2)
