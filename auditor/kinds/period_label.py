"""period_label: printed period names agree with printed month ranges and with what a figure compares.

Reads each fact's ``period_text`` (the period wording printed in its header or sentence) and checks:

1. a period name printed with a month range names those months: "1Q11 (11/4~11/6)" passes,
   "FY10 Target (11/4~12/3)" fails (FY10 is 10/4~11/3). A quarter or half name whose range runs from the
   start of the fiscal year to the end of that quarter is the cumulative (year-to-date) reading and
   passes ("3Q08 (08/4~08/12)"). "2Q10 (1month)" names the last month of 2Q10.
2. the period the text denotes (the month range decides) is the fact's period;
3. a text naming two periods ("Revised FY10 to FY09 Actual") names the two periods the figure compares;
4. no change compares a period and basis with itself;
5. a month range runs forwards: "1H13 (13/9~13/4)" and "(2007/9-4)" fail. (A backwards ``period`` is a load
   error instead: the fact's period is the auditor's reading, its ``period_text`` what the deck prints.)

Numbers in period texts are ASCII digits; a text that prints another script's digits ("FY２０１１") is not
read, and its check is reported as undecidable (a warning), not passed.

6. a wording that looks like a period but names no whole months ("from April 15, 2019 to ...") or runs
   backwards ("3Q-1Q19") fails.

Month ranges: ``11/4~12/3`` (yy/m~yy/m), ``2007/4-9``, ``2007/4-2008/3``, ``FY2008/1Q-3Q``, ``1Q-3Q19``,
``April-December 2019``, ``from April 1, 2019 to December 31, 2019``, ``first nine months of the fiscal
year ending March 31, 2020``, ``nine months ended December 31, 2019``. Names: ``FY10``, ``FY2010``,
``1Q11``, ``2H11``, ``1H FY2013``, ``1st Quarter FY2012``, ``latter half of FY2014``, ``fiscal year ending
March 31, 2020``.

Cumulative quarters: in a document declared ``kind: results_release`` a quarter name means the months
from the start of the fiscal year to the end of that quarter ("3Q15" in a nine-month release is
April-December 2015), as the release prints it; "3Q15 (3 months)" is the quarter itself. In other
documents a quarter name is its three months unless a printed range says otherwise.

Footnote markers: a ``[^5]`` in the period text (the document prints "FY20195") is not part of the
wording read here (auditor.footnotes).

Parameters: none.
"""

from __future__ import annotations

import re

from auditor.footnotes import reading
from auditor.model import CHANGE_MEASURES, Strict
from auditor.period_words import bad_words, find_words, masked
from auditor.periods import Span, fiscal_year, fiscal_year_start, half, quarter
from auditor.places import printed_at
from auditor.results import Check

STATES_VALUES = False  # it reads printed period wordings, not values

# Numbers are ASCII [0-9] (\\d and int() would read "FY２０１１" as FY2011); the boundaries use \\d, so that
# no other script's digit next to a name or range lets a part of it be read.
_NAME = re.compile(r"(?<![A-Za-z\d])(?:FY\s?([0-9]{4}|[0-9]{2})|([1-4])Q\s?([0-9]{2})|([12])H\s?([0-9]{2}))"
                   r"(?![\d/])")
_FISCAL_QUARTERS = re.compile(r"FY\s?([0-9]{4}|[0-9]{2})\s*/\s*([1-4])Q\s*-\s*([1-4])Q")
_RANGE = re.compile(r"(?<!\d)([0-9]{2}|[0-9]{4})/([0-9]{1,2})\s*[~\uff5e]\s*([0-9]{2}|[0-9]{4})/([0-9]{1,2})(?!\d)"
                    r"|(?<!\d)([0-9]{4})/([0-9]{1,2})\s*-\s*(?:([0-9]{4})/)?([0-9]{1,2})(?![\d/])")
# A period name with digits run into it: "FY20195" is FY2019 + footnote 5 in a release's PDF text, or
# a typo; which one only the auditor can say (auditor.footnotes), so the check is undecidable, not passed.
_GLUED = re.compile(r"(?<![A-Za-z\d])(?:FY\s?(?:[0-9]{3}|[0-9]{5,6})|[1-4]Q\s?[0-9]{3,4}|[12]H\s?[0-9]{3,4})"
                    r"(?![\d/])")
_MONTHS = re.compile(r"\(?\s*(?<!\d)([0-9]{1,2})\s*months?\s*\)?", re.IGNORECASE)



class Params(Strict):
    pass


def _year(text: str) -> int:
    return int(text) if len(text) == 4 else 2000 + int(text)


def parse_names(text: str) -> list[Span]:
    return [span for _, span, _ in _placed_names(text)]


def _placed_names(text: str) -> list[tuple[int, Span, bool]]:
    """(position, span, is a quarter) of each short name in ``text``."""
    names = []
    for match in _NAME.finditer(text):
        if match[1]:
            names.append((match.start(), fiscal_year(_year(match[1])), False))
        elif match[2]:
            names.append((match.start(), quarter(int(match[2]), _year(match[3])), True))
        else:
            names.append((match.start(), half(int(match[4]), _year(match[5])), False))
    return names


def read_text(text: str, cumulative: bool = False) -> tuple[list[Span], tuple[Span, str] | None]:
    """The names a period text prints, left to right, and its first month range with its wording.
    Wordings (auditor.period_words) are read first and blanked out, so that "FY2013" inside "1H FY2013"
    is not a second name. ``cumulative``: quarter names run from the start of their fiscal year."""
    words = find_words(text)
    rest = masked(text, words)
    placed = [(found.start, found.span, found.span.months == 3) for found in words if found.kind == "name"]
    placed += _placed_names(rest)
    names = [Span(fiscal_year_start(span.first), span.last) if cumulative and is_quarter else span
             for _, span, is_quarter in sorted(placed, key=lambda item: item[0])]
    ranges = [(found.start, (found.span, found.text)) for found in words if found.kind == "range"]
    short = printed_range(rest)
    if short is not None:
        ranges.append((rest.find(short[1]), short))
    return names, min(ranges, key=lambda item: item[0])[1] if ranges else None


def parse_range(text: str) -> Span | None:
    """The printed month range, if there is one and it runs forwards (see :func:`printed_range`)."""
    found = printed_range(text)
    return found[0] if found is not None and found[0].first <= found[0].last else None


def printed_range(text: str) -> tuple[Span, str] | None:
    """The first month range printed in ``text`` and its wording; its ``first`` may lie after its ``last``
    (a range printed backwards, "13/9~13/4"), which :func:`problems` reports."""
    fiscal = _FISCAL_QUARTERS.search(text)
    if fiscal:
        year = _year(fiscal[1])
        return Span(quarter(int(fiscal[2]), year).first, quarter(int(fiscal[3]), year).last), fiscal[0]
    match = _RANGE.search(text)
    if match is None:
        return None
    if match[1]:
        first = _year(match[1]) * 12 + int(match[2]) - 1
        last = _year(match[3]) * 12 + int(match[4]) - 1
    else:
        year = int(match[5])
        first = year * 12 + int(match[6]) - 1
        last = (int(match[7]) if match[7] else year) * 12 + int(match[8]) - 1
    return Span(first, last), match[0]


def name_fits_range(name: Span, months: Span) -> bool:
    if name == months:
        return True
    return months.last == name.last and months.first == fiscal_year_start(name.first)


def problems(fact) -> list[str]:
    text = reading(fact.period_text or "")
    key = fact.key
    names, printed = read_text(text, cumulative=fact.cumulative)
    months = printed[0] if printed is not None and printed[0].first <= printed[0].last else None
    count = _MONTHS.search(text)
    found = [f"{text!r}: {wording!r} is not a period: {why}" for wording, why in bad_words(text)]
    if printed is not None and months is None:
        backwards = printed[0]
        found.append(f"{text!r}: the month range {printed[1]!r} runs backwards (from {month_text(backwards.first)}"
                     f" to {month_text(backwards.last)})")
    if len(names) == 1 and months is not None and not name_fits_range(names[0], months):
        found.append(f"{text!r}: the name means {names[0].label} but the months printed are {months.label}")
    denoted = months
    if denoted is None and len(names) == 1:
        denoted = names[0]
        if count:
            denoted = Span(names[0].last - int(count[1]) + 1, names[0].last)
    if denoted is not None and len(names) <= 1 and denoted != key.period:
        found.append(f"{text!r} denotes {denoted.label} but the figure is recorded for {key.period.label}")
    if len(names) == 2 and key.measure in CHANGE_MEASURES and (names[0], names[1]) != (key.period, key.base_period):
        found.append(f"{text!r} names a comparison of {names[0].label} with {names[1].label}, but the figures "
                     f"compared are {key.period.label} ({key.basis}) and {key.base_period.label} "
                     f"({key.base_basis})")
    return found


def month_text(index: int) -> str:
    year, month = divmod(index, 12)
    return f"{year:04d}-{month + 1:02d}"


def other_digit(text: str) -> str | None:
    """A decimal digit of another script ("２", "١"): such a text is not read as periods at all."""
    return next((char for char in text if char.isdecimal() and not char.isascii()), None)


def wording_verdict(fact) -> tuple[bool, str, bool]:
    """(passed, message, undecidable) for a fact's period wording."""
    digit = other_digit(fact.period_text)
    if digit is not None:  # reading only its ASCII part would check something the text does not say
        return False, (f"undecidable: {fact.period_text!r} prints the digit {digit!r} (U+{ord(digit):04X}), "
                       "which is not ASCII; its periods are not read, so they can be neither confirmed nor "
                       "refuted"), True
    glued = _GLUED.search(reading(fact.period_text))
    if glued is not None:
        return False, (f"undecidable: {fact.period_text!r} prints {glued[0]!r}, a period name with a digit run "
                       "into it; if the digit is a footnote marker, cite it as one (FY2019[^5] for the printed "
                       "FY20195)"), True
    found = problems(fact)
    if found:
        return False, "; ".join(found), False
    return True, f"{fact.period_text!r} agrees with the figures' periods", False


def evaluate(rule, params, index):
    # One check per printed period wording and problem, so a wrong table header is one finding that lists
    # every figure under it.
    groups: dict[tuple, list] = {}
    for fact in index.dataset.facts:
        if fact.period_text:
            groups.setdefault((fact.document.name, fact.period_text, wording_verdict(fact)), []).append(fact)
    for (_, text, (passed, message, undecidable)), facts in groups.items():
        # a finding cites first the header or sentence printing the wording, then the figures under it
        yield Check(rule.id, passed, facts, message, dimension=facts[0].unit.dimension, about=text,
                    undecidable=undecidable, where=None if passed else printed_at(facts[0], text))
    for fact in index.dataset.facts:
        key = fact.key
        if key.measure in CHANGE_MEASURES:
            same = key.period == key.base_period and key.basis == key.base_basis
            if same:
                yield Check(rule.id, False, [fact], f"{fact.id} compares {key.period.label} ({key.basis}) with "
                            "itself", dimension=fact.unit.dimension, about=key)
