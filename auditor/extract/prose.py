"""Sentences: the subject that names a figure, and the periods printed around it.

The subject of a figure is the last clause before it ("Recurring revenues: JPY20,226 million",
"Network service revenues were up 66.8% YoY"), with the grammar words that join it to the figure taken
off its ends. It is always a substring of the line, so the label stands on its line by construction.
"""

from __future__ import annotations

import re

from auditor.extract.periods import Printed, end_date, find_periods

# Where a clause starts: punctuation, a tab, a bullet, or a joining word.
_BOUNDARY = re.compile(r"[:;(\t\u2022\u25c6\u25cf\u25aa\u25a0\u25b6\u27a4\u2013*]|,[ ]|[ ]-[ ]|^-[ ]|[ ]and[ ]"
                       r"|[ ]while[ ]|[ ]as[ ](?!of[ ])|[ ]due[ ]to[ ]|[ ]compared[ ]to[ ]")
# Grammar that joins a subject to its figure, never part of a label.
_TRAIL = re.compile(r"(?:[ ,]+|(?<![^ ])(?:was|were|is|are|of|at|to|reached|by|amounted|totaled|totalled|stood|in|"
                    r"the|with|for|has|have|had|been|be|approx\.?|approximately|about|around|over|"
                    r"recorded|posted|up|down|increased|decreased|rose|fell|grew|declined|improved|"
                    r"increase|decrease|a|an|total[ ]of)\b)+$", re.IGNORECASE)
_LEAD = re.compile(r"^(?:[\s\-.\u2022\u25c6\u25cf\u25aa\u25a0\u25b6\u27a4>]+|(?:and|the|while|also)\b[ ]?)+",
                   re.IGNORECASE)
_WORD = re.compile(r"[A-Za-z&]{2,}")
_GRAMMAR = {"was", "were", "is", "are", "of", "at", "to", "reached", "by", "in", "the", "with", "for", "has",
            "have", "had", "been", "be", "and", "as", "from", "on", "or", "it", "its", "this", "that", "while",
            "approx", "approximately", "about", "around", "over", "compared", "recorded", "yoy", "qoq", "jpy",
            "million", "billion", "thousand", "up", "down", "increased", "decreased", "end", "also"}
_COMPARED = re.compile(r"(?:compared[ ](?:to|with)|from|vs\.?|against)[ ]+(?:the[ ]+\w+[ ]+of[ ]+)?$",
                       re.IGNORECASE)


def subject(line: str, start: int, end: int) -> tuple[tuple[int, int] | None, Printed | None]:
    """The span of the subject within ``line[start:end]`` (the text between the previous figure and this
    one): the last clause there that has words of its own, or None; and a period printed at either end
    of that clause ("1Q11 Revenue", "Revenue for FY2010"), which is the figure's and not the label's."""
    span = _clause(line, start, end)
    if span is None:
        return None, None
    first, last = span
    period = None
    for printed in find_periods(line[first:last]):
        if _COMPARED.search(line[first:first + printed.start]):
            continue
        before, after = line[first:first + printed.start], line[first + printed.end:last]
        if not before.strip(" :") and re.search(r"[A-Za-z]{2}", after):
            period = _shift(printed, first)
            first += printed.end + len(after) - len(after.lstrip(" :"))
        elif not after.strip(" :") and (lead := _PREPOSITION.search(before)):
            period = _shift(printed, first)
            last = first + lead.start()
    return (first, last), period


_PREPOSITION = re.compile(r"[ ]*(?:(?:for|in|of|during|as[ ]of|at)[ ]+(?:the[ ]+)?)?$", re.IGNORECASE)


def _clause(line: str, start: int, end: int) -> tuple[int, int] | None:
    window = line[start:end]
    masked = window
    for printed in find_periods(window):  # "as of Sep. 30, 2012": a date's comma ends no clause
        masked = masked[:printed.start] + "#" * (printed.end - printed.start) + masked[printed.end:]
    pieces, position = [], 0
    for match in _BOUNDARY.finditer(masked):
        pieces.append((position, match.start()))
        position = match.end()
    pieces.append((position, len(window)))
    for first, last in reversed(pieces):
        span = _trim(window, first, last)
        if span is not None:
            return start + span[0], start + span[1]
    return None


def _trim(window: str, first: int, last: int) -> tuple[int, int] | None:
    text = window[first:last]
    trail = _TRAIL.search(text)
    if trail:
        text = text[:trail.start()]
    lead = _LEAD.match(text)
    offset = lead.end() if lead else 0
    text = text[offset:].rstrip()
    without_periods = text
    for printed in reversed(find_periods(text)):
        without_periods = without_periods[:printed.start] + without_periods[printed.end:]
    if not any(word.lower() not in _GRAMMAR for word in _WORD.findall(without_periods)):
        return None
    return first + offset, first + offset + len(text)


def inline_period(line: str, before: tuple[int, int], after: tuple[int, int]) -> tuple[Printed | None, Printed | None]:
    """The period printed with a figure, and a period it is compared with.

    ``before`` is the span between the previous figure and this one, ``after`` the span up to the next
    figure. "2Q10: JPY2,246 million" and "JPY 925 million in 1H06" name the figure's own period; "compared
    to 1H06" names what it is compared with."""
    own = compared = None
    head = line[before[0]:before[1]]
    for printed in find_periods(head):
        tail = head[printed.end:]
        if re.fullmatch(r"[ ]?:?[ ]?", tail):
            own = _shift(printed, before[0])
    tail_text = line[after[0]:after[1]]
    for printed in find_periods(tail_text):
        lead = tail_text[:printed.start]
        if _COMPARED.search(lead):
            compared = compared or _shift(printed, after[0])
        elif own is None and re.fullmatch(r"[ ,]*(?:(?:in|for|of|during|as[ ]of|at|by)[ ]+(?:the[ ]+)?)?(?:end[ ]of[ ]+)?",
                                          lead, re.IGNORECASE):
            own = _shift(printed, after[0])
            if not printed.instant and re.search(r"as[ ]of|at|end[ ]of", lead, re.IGNORECASE):
                # "approx. 1,500 as of 2Q12": at the end of the quarter
                own = Printed(end_date(printed.period), own.start, own.end, True)
    return own, compared


def _shift(printed: Printed, offset: int) -> Printed:
    return Printed(printed.period, printed.start + offset, printed.end + offset, printed.instant)


# Words printed with a figure that belong to its text.
DIVIDEND = re.compile(r"[ ]?\((?:Annual|Interim|Year-end)\)", re.IGNORECASE)
FROM_TARGET = re.compile(r"[ ]+(?:from|against|compared[ ]to)[ ]+(?:the[ ]+)?(?:previous|original|initial)[ ]+"
                          r"(?:target|plan|forecast)", re.IGNORECASE)
_OWN_AFTER = re.compile(r"[ ]*(?:(?:in|for|at|as[ ]of|during)[ ]+)?(?:the[ ]+)?(?:end[ ]of[ ]+)?", re.IGNORECASE)
_COMPARED_AFTER = re.compile(r"[ ]*(?:compared[ ](?:to|with)|from)[ ]+(?:the[ ]+)?(?:end[ ]of[ ]+)?", re.IGNORECASE)


def with_evidence(line: str, token, own: Printed | None, compared: Printed | None,
                   following: int) -> tuple[int, int]:
    """The figure's text, taken over the period words printed right with it ("1H06: 14.1%", "JPY 925
    million in 1H06", "increased by 82.8% compared to 2Q06"): the text then shows what decided them."""
    start, end = token.start, token.end
    if own is not None and own.end <= start and re.fullmatch(r"[ ]?:?[ ]?", line[own.end:start]) and \
            _starts_clause(line, own.start):
        start = own.start
    if own is not None and own.start >= end and own.end <= following and \
            _OWN_AFTER.fullmatch(line, end, own.start):
        end = own.end
    if compared is not None and compared.start >= end and compared.end <= following and \
            _COMPARED_AFTER.fullmatch(line, end, compared.start):
        end = compared.end
    return start, end


def _starts_clause(line: str, position: int) -> bool:
    """Nothing but spaces between ``position`` and the line's start or a clause mark before it."""
    index = position - 1
    while index >= 0 and line[index] == " ":
        index -= 1
    return index < 0 or line[index] in "(,;:>\t-\u2022\u25c6\u25cf"
