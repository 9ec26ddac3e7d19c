"""Tables: header lines and what each column says (period, basis, change or share), and the cells of a
row with their character offsets.

A header is a tab-separated line without figures of its own whose cells name periods, dates or
comparisons; two header lines in a row ("% of Revenues" above "1H12 (12/4~12/9)") are read as one, cell
by cell. An empty header cell right of a named one continues it (a column head printed over two cells).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from auditor.extract.periods import Printed, basis_of, find_periods

# HTML left over from the PDF's text ("<i>", "</pre>", '<for 9="" months="">'); not "<1H07 (2007/4-9)>"
# or "<Outline of Acquisition>", which are printed headings.
_TAG = re.compile(r"</?[a-z]+>|<[a-z]+[ ][^<>]{0,80}=[^<>]{0,80}>")
_CHANGE = re.compile(r"(?<![A-Za-z])(YoY|QoQ|Changes?|Difference)(?![A-Za-z])", re.IGNORECASE)
_SHARE = re.compile(r"%[ ]?of[ ]", re.IGNORECASE)
_ATTAINMENT = re.compile(r"(?<![A-Za-z])against(?![A-Za-z])", re.IGNORECASE)


def strip_tags(text: str) -> str:
    return _TAG.sub(" ", text)


def mask_tags(text: str) -> str:
    """The text with its tags blanked out, every other character kept at its offset."""
    return _TAG.sub(lambda match: " " * len(match[0]), text)


@dataclass
class Cell:
    start: int  # offset of the cell in its line
    text: str


def cells(line: str) -> list[Cell]:
    found, start = [], 0
    for part in line.split("\t"):
        found.append(Cell(start, part))
        start += len(part) + 1
    return found


@dataclass
class Column:
    period: Printed | None = None
    header_line: int = 0  # the line the period text is printed on
    basis: str | None = None
    role: str = "value"  # value | change | attainment
    compare: str | None = None  # YoY / QoQ for a change column
    share: bool = False  # "% of Revenues": a % figure in this column is a share


@dataclass
class Header:
    lines: list[int]
    columns: list[Column] = field(default_factory=list)
    title: str = ""  # the first cell (over the row labels), e.g. an entity's name

    def column(self, index: int) -> Column | None:
        if not self.columns:
            return None
        return self.columns[min(index, len(self.columns) - 1)]


def is_header_line(line: str, has_figures: bool) -> bool:
    if "\t" not in line or has_figures:
        return False
    parts = [strip_tags(c.text) for c in cells(line)[1:]]
    return any(any(not printed.loose for printed in find_periods(p)) or _CHANGE.search(p) or _SHARE.search(p) or _ATTAINMENT.search(p)
               for p in parts)


def read_header(number: int, line: str, previous: Header | None) -> Header:
    """The header of ``line``; merged into ``previous`` when that header is the line just above."""
    merge = previous is not None and previous.lines[-1] == number - 1
    header = previous if merge else Header([])
    header.lines.append(number)
    parts = cells(line)
    if not merge:
        header.title = strip_tags(parts[0].text).strip()
    last = None
    for index, cell in enumerate(parts[1:]):
        while len(header.columns) <= index:
            header.columns.append(Column())
        column = header.columns[index]
        text = strip_tags(cell.text).strip()
        if not text:
            if last is not None and not merge:
                header.columns[index] = Column(last.period, last.header_line, last.basis, last.role,
                                               last.compare, last.share)
            continue
        _read_cell(column, number, cell)
        last = column
    return header


def _read_cell(column: Column, number: int, cell: Cell) -> None:
    text = strip_tags(cell.text)
    if change := _CHANGE.search(text):
        column.role = "change"
        word = change[1]
        column.compare = word if word in ("YoY", "QoQ") else None
    elif _ATTAINMENT.search(text):
        column.role = "attainment"
    if _SHARE.search(text):
        column.share = True
    if column.role == "value":
        periods = [printed for printed in find_periods(cell.text) if not printed.loose]
        if periods:
            printed = periods[0]
            column.period = Printed(printed.period, cell.start + printed.start, cell.start + printed.end,
                                    printed.instant)
            column.header_line = number
        column.basis = basis_of(text) or column.basis


def current_and_base(header: Header, compare: str | None) -> tuple[Column | None, Column | None]:
    """The column a change column's figures are for, and the one they compare with.

    YoY: the period a year after another column's; QoQ: right after another's; otherwise (a
    "Changes" column between two dates) the later column against the earlier."""
    periods = [c for c in header.columns if c.role == "value" and c.period is not None]
    spans = [(c, _months(c)) for c in periods]
    for column, (first, last) in spans:
        for other, (o_first, o_last) in spans:
            if other is column:
                continue
            shift = first - o_first
            if compare == "YoY" and shift == 12 and last - o_last == 12:
                return column, other
            if compare == "QoQ" and shift == last - first + 1 and last - o_last == shift:
                return column, other
    if len(spans) >= 2 and compare is None:
        ordered = sorted(spans, key=lambda entry: entry[1])
        return ordered[-1][0], ordered[0][0]
    if len(spans) == 1 and compare is not None:  # "% of Revenues in FY2008/1Q-3Q | YoY growth rate"
        return spans[0][0], None
    return None, None


def _months(column: Column) -> tuple[int, int]:
    if column.period.instant:
        year, month, day = map(int, column.period.period.split("-"))
        index = year * 12 + month - 1
        return index, index
    return column.period.span()
