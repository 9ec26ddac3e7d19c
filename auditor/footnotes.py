"""Footnote markers glued to printed words: ``[^5]`` in a fact's ``text``, ``label`` or ``period_text``.

The PDF text of a release runs a footnote's digit into the word it annotates: "FY20195" is FY2019 with
footnote 5, "Net profit3" is "Net profit" with footnote 3. A fact says so by writing the marker where the
digit stands: ``period_text: FY2019[^5]``, ``label: Net profit[^3]``. The printed form (what must stand
on the cited line) has the digit in place of the marker; the reading (what the period-label rule reads)
has it removed. Only the fact's own marker is taken out, so "FY20195" written without one stays a
period the rule cannot read, never a silent FY2019.

**Run-together cells.** The PDF text of a table row may run its cells together ("Previous Target
(A)97,7002,2001,500"): no cell stands at number boundaries of its own, so a fact cites the digits around
its cell up to the run's ends and puts its own characters in braces, ``text: "97,700{2,200}1,500"``. The
printed form drops the braces (it must stand on the line, at number boundaries, as every text); the
value is read from the braced cell alone (:func:`cell`).
"""

from __future__ import annotations

import re

# Glued: the marker follows a printed character, never a space; a footnote number has one or two digits.
MARKER = re.compile(r"(?<=\S)\[\^([0-9]{1,2})\]")


def printed(text: str | None) -> str | None:
    """The characters the document prints: each marker replaced by its digits."""
    return MARKER.sub(r"\1", text) if text else text


def reading(text: str | None) -> str | None:
    """The wording without its footnote markers."""
    return MARKER.sub("", text) if text else text


# One cell in braces: at least one character, no brace inside.
CELL = re.compile(r"\{([^{}]+)\}")


def printed_text(text: str | None) -> str | None:
    """A fact's text as the document prints it: footnote markers as their digits, cell braces dropped."""
    return printed(CELL.sub(r"\1", text)) if text else text


def cells(text: str | None) -> int:
    return len(CELL.findall(text)) if text else 0


def cell(text: str | None) -> str | None:
    """The figure's own characters in a text: its braced cell when it marks one, else the whole text."""
    found = CELL.search(text) if text else None
    return printed(found[1]) if found else printed(text)
