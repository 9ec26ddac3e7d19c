"""Two-fact hypotheses: two figures of one table exchanged their values.

The suspect and a partner printed in the same document, in the same unit and at the same precision, with
values that cannot both be right where they stand, each take the other's printed value:

- ``label_swap``: two rows of one column exchanged their labels (the same period, measure and basis, other
  concepts, segments or entities, on other lines of one table: the same column headers, or lines at most
  ``NEAR_LINES`` apart when the facts cite no header);
- ``period_swap``: two period columns of one row exchanged (the same line, the same figure but for the
  period and the period it is compared with);
- ``adjacent_shift``: two neighbouring cells of one line exchanged (no other figure of the unit between
  them), figures of one period, measure and basis but other rows (a table printed across a line).

A pair is one hypothesis whichever of the two facts is the suspect: its ``fact`` is the one with the
smaller id, ``other`` the partner. It is tested like a one-fact hypothesis, with both facts replaced.
"""

from __future__ import annotations

from dataclasses import dataclass

from auditor.diagnosis.hypotheses import Hypothesis, restated

PAIR_KINDS = ("label_swap", "period_swap", "adjacent_shift")
NEAR_LINES = 3
PERIOD_FIELDS = ("period", "base_period")
COLUMN_FIELDS = ("measure", "period", "basis", "base_period", "base_basis")


@dataclass(eq=False)
class Exchange(Hypothesis):
    other: object = None  # the partner as printed
    other_corrected: object = None  # the partner with the suspect's printed value

    @property
    def identity(self) -> tuple:
        return (self.fact.id, self.kind, self.suggested, self.other.id)

    @property
    def changes(self) -> dict:
        return {self.fact.id: self.corrected, self.other.id: self.other_corrected}

    @property
    def keys(self) -> set:
        return {self.fact.key, self.other.key}


class Table:
    """The dataset's facts by document and line, to find a suspect's partners."""

    def __init__(self, facts) -> None:
        self.by_document: dict = {}
        for fact in facts:
            self.by_document.setdefault(fact.document.name, []).append(fact)

    def partners(self, fact):
        """(kind, partner) for every fact the suspect could have exchanged its value with."""
        for other in self.by_document.get(fact.document.name, ()):
            if other is fact or not exchangeable(fact, other):
                continue
            kind = pair_kind(fact, other, self.by_document[fact.document.name])
            if kind is not None:
                yield kind, other


def exchangeable(fact, other) -> bool:
    return (other.unit is fact.unit and other.printed.decimals == fact.printed.decimals
            and other.key != fact.key and not other.interval.meets(fact.interval))


def pair_kind(fact, other, facts) -> str | None:
    same_line = other.line == fact.line
    if same_line and differs_only_in(fact.key, other.key, PERIOD_FIELDS):
        return "period_swap"
    if not same_line and all(getattr(fact.key, f) == getattr(other.key, f) for f in COLUMN_FIELDS) \
            and one_table(fact, other):
        return "label_swap"
    if same_line and all(getattr(fact.key, f) == getattr(other.key, f) for f in COLUMN_FIELDS) \
            and adjacent(fact, other, facts):
        return "adjacent_shift"
    return None


def differs_only_in(key, other, fields) -> bool:
    return all(getattr(key, f) == getattr(other, f) for f in key._fields if f not in fields)


def one_table(fact, other) -> bool:
    if fact.header or other.header:
        return fact.header == other.header
    return abs(fact.line - other.line) <= NEAR_LINES


def position(fact) -> int:
    lines = fact.document.lines
    line = lines[fact.line - 1] if 0 < fact.line <= len(lines) else ""
    return line.find(fact.text)


def adjacent(fact, other, facts) -> bool:
    """No other figure of the unit is printed between the two on their line."""
    low, high = sorted((position(fact), position(other)))
    if low < 0 or low == high:
        return False
    return not any(f.line == fact.line and f.unit is fact.unit and f is not fact and f is not other
                   and low < position(f) < high for f in facts)


def exchanges(fact, table: Table) -> list[Exchange]:
    """The pair hypotheses of a suspect, each built from the pair's first fact (by id)."""
    found = []
    for kind, other in table.partners(fact):
        first, second = sorted((fact, other), key=lambda f: f.id)
        corrected, other_corrected = restated(first, second.value), restated(second, first.value)
        found.append(Exchange(kind, first, corrected, second.value, target=second.id, other=second,
                              other_corrected=other_corrected))
    return found
