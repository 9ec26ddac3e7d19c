"""Number tokens of a document that state no figure: dates, period names, footnote markers and slide,
page, section or list numbers (docs/coverage.md).

Every class is recognised by how it is printed, never by where: a month range in parentheses
("(11/4~11/6)", "(2007/4-9)"), a number of months ("9 months"), a day or year with its month
("June 30, 2011", "Sep 1, 2010"), a bare year ("Conference 2011"), a numeric date ("10/28", "2009/1/7"),
a marker after an asterisk ("*1"), a telephone or postal number ("03-5259-6500", "101-0051"), a section number after a roman numeral ("II-4."), an enumerator
("(1) cloud computing", "1)about"), a list number opening a line ("- 3 Best Positioned") and the page
numbers of a document (lines that hold only a number, counting up through the document). Whatever is
not recognised here is a figure token: coverage lists it until a fact records it or the fixture's
``unrecorded`` says why not. The classes are kept narrow for that reason: a figure read as a date
would leave the coverage silently.
"""

from __future__ import annotations

import re

from auditor.printed import Token, currency_ends_at

DATE = "date"
PERIOD = "period"
FOOTNOTE = "footnote"
NUMBERING = "numbering"
CONTACT = "contact"
# Why each class is no figure, as the coverage report prints it.
REASONS = {
    DATE: "a date or a year",
    PERIOD: "a period name or span (a month range, a number of months)",
    FOOTNOTE: "a footnote marker",
    NUMBERING: "a slide, page, section or list number",
    CONTACT: "a telephone or postal number",
}

_MONTH = (r"(?<![A-Za-z])(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
          r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)(?![A-Za-z])\.?")
# "June 30, 2011", "Sep 1, 2010", "September 13-14, 2011", "June 1st 2007", "December, 2008", "Oct. 08"
_DATE_BEFORE = re.compile(_MONTH + r",?(?:[ ]?[0-9]{1,2}(?:st|nd|rd|th)?(?:[ ]?[-~][ ]?[0-9]{1,2})?,?"
                          r"|[ ]?[0-9]{1,2}[ ]?[-~])?[ ]?$", re.IGNORECASE)
_RANGE = re.compile(r"(?<![0-9/.,])[0-9]{1,4}/[ ]?[0-9]{1,2}[ ]?[~\-\u2013][ ]?(?:[0-9]{1,4}/[ ]?)?[0-9]{1,2}"
                    r"(?![0-9/.,])")
_NUMERIC_DATE = re.compile(r"(?<![0-9/.,])[0-9]{1,4}/[ ]?[0-9]{1,2}(?:/[0-9]{1,2})?(?![0-9/.,])")
# "9 months", "(3 months)", and the attribute a PDF-to-HTML converter made of one (<for 9="" months="">)
_SPAN_AFTER = re.compile(r'(?:="")?[ ]?(?:months?|quarters?)(?![A-Za-z])', re.IGNORECASE)
_YEAR = re.compile(r"(?:19|20)[0-9]{2}")
_FOOTNOTE_BEFORE = re.compile(r"(?:[*\u203b]|\(\*|(?<![A-Za-z])Notes?[ ]?)$")
_SECTION_BEFORE = re.compile(r"(?<![A-Za-z])(?:I{1,3}|IV|VI{0,3}|IX|X|[\u2160-\u2169])[ ]?[-\u2212\u2013][ ]?$")
_ENUMERATOR = re.compile(r"(?<![0-9(])\(([0-9])\)")
_CLOSED_ONLY = re.compile(r"(?:^|(?<=[ ,;]))([0-9]{1,2})\)(?=[ ]?[A-Za-z])")
_LIST_START = re.compile(r"^[ ]?(?:[-\u2013\u2022\u25c6\u27a4>][ ]?)?([0-9])[ ]+(?=[A-Z])")
_PAGE_LINE = re.compile(r"^(?:(?:page|p\.)[ ]?([0-9]{1,3})(?:[ ]?/[ ]?[0-9]{1,3})?|[-\u2013][ ]?([0-9]{1,3})[ ]?[-\u2013])$",
                        re.IGNORECASE)
_BARE_NUMBER = re.compile(r"^[0-9]{1,3}$")
# "03-5259-6500", "81-3-5259-6500", "101-0051": digit groups joined by hyphens, three or more of them or
# one with a leading zero (an amount never has one)
_HYPHENED = re.compile(r"(?<![0-9.,/\-])[0-9]{1,4}(?:-[0-9]{1,4})+(?![0-9./\-]|,[0-9])")


def page_lines(lines: list[str]) -> set[int]:
    """The page numbers of a document: lines reading "Page 3" or "- 3 -", and lines that hold only a
    number when there are at least three such lines and their numbers count up. A lone bare number is a
    chart label, and so a figure."""
    pages = {number for number, line in enumerate(lines, 1) if _PAGE_LINE.match(line)}
    bare = [(number, int(line)) for number, line in enumerate(lines, 1) if _BARE_NUMBER.match(line)]
    if len(bare) >= 3 and all(earlier[1] < later[1] for earlier, later in zip(bare, bare[1:])):
        pages |= {number for number, _ in bare}
    return pages


def classes(line: str, found: list[Token], is_page: bool) -> list[str | None]:
    """The class of each of ``found`` (the tokens of ``line``, a folded line in ASCII digits), None for
    a figure."""
    starts = [_digits_start(line, token) for token in found]
    spans = _spans(line)
    return [_one(line, token, start, spans, is_page) for token, start in zip(found, starts)]


def _digits_start(line: str, token: Token) -> int:
    return line.find(token.digits, token.start)


def _spans(line: str) -> list[tuple[int, int, str]]:
    """Stretches of the line whose digits are all of one class, found by pattern."""
    spans = [(m.start(), m.end(), PERIOD) for m in _RANGE.finditer(line)]
    spans += [(m.start(), m.end(), DATE) for m in _NUMERIC_DATE.finditer(line) if not _inside(m.start(), spans)]
    spans += [(m.start(1), m.end(1), NUMBERING) for m in _ENUMERATOR.finditer(line)
              if _letter_beside(line, m.start() - 1, m.end())]
    spans += [(m.start(1), m.end(1), NUMBERING) for pattern in (_CLOSED_ONLY, _LIST_START)
              for m in pattern.finditer(line)]
    spans += [(m.start(), m.end(), CONTACT) for m in _HYPHENED.finditer(line) if _contact(m.group())]
    return spans


def _contact(text: str) -> bool:
    groups = text.split("-")
    return len(groups) >= 3 or any(len(group) > 1 and group.startswith("0") for group in groups)


def _letter_beside(line: str, before: int, after: int) -> bool:
    """A letter glued before "(1)", or one after it (a space between): an enumerator of words."""
    glued = before >= 0 and line[before].isalpha()
    rest = line[after:after + 2].lstrip(" ")
    return glued or (bool(rest) and rest[0].isalpha())


def _inside(position: int, spans) -> bool:
    return any(start <= position < end for start, end, _ in spans)


def _one(line: str, token: Token, start: int, spans, is_page: bool) -> str | None:
    if is_page:
        return NUMBERING
    for begin, end, kind in spans:
        if begin <= start < end:
            return kind
    end = start + len(token.digits)
    if _SPAN_AFTER.match(line, end):
        return PERIOD
    before = line[max(0, start - 24):start]
    if _DATE_BEFORE.search(before):
        return DATE
    if _FOOTNOTE_BEFORE.search(before):
        return FOOTNOTE
    if _SECTION_BEFORE.search(before) and "." not in token.digits:
        return NUMBERING
    if _bare_year(line, token, start):
        return DATE
    return None


def _bare_year(line: str, token: Token, start: int) -> bool:
    """A year printed alone ("Conference 2011"): four digits 1900-2099, no sign, comma, decimals,
    currency or scale word, so never an amount."""
    if token.sign or token.paren or token.scale or not _YEAR.fullmatch(token.digits):
        return False
    return not (currency_ends_at(line, start) or currency_ends_at(line, start - 1))
