"""What evaluating a rule produces: one :class:`Check` per application, one :class:`Skip` per
application that could not run. A failed check becomes a finding in the reports.

A check is immutable. The rule kinds build it (``Check(...)``, :func:`relation_check`,
:func:`undecidable_check`); the engine gives it its status (``passed`` or ``failed``); the pipeline
(:mod:`auditor.pipeline`) builds a finding's final record in one step, with its waiver status and
reason and its likely cause (``dataclasses.replace``), and nothing changes it afterwards."""

from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction
from typing import TYPE_CHECKING

from auditor.interval import Interval
from auditor.model import Fact
from auditor.numbers import BASE_UNIT, format_fraction

if TYPE_CHECKING:
    from auditor.diagnosis.cause import Cause

@dataclass(frozen=True, slots=True)
class Where:
    """Where the text a finding is about stands in its document: the table header or sentence printing a
    wrong period name or label (auditor.places). Reports cite it first, before the data rows."""

    path: str  # the document's path, as reports cite files
    document: str  # its name
    line: int
    text: str  # the wording as the fact cites it


@dataclass(frozen=True, eq=False, slots=True)
class Check:
    rule_id: str
    passed: bool
    facts: list[Fact]
    message: str
    expected: Interval | None = None
    reported: Interval | None = None
    dimension: str = "money"
    check: str = ""  # the relation with the figures substituted
    status: str = ""  # passed | failed (given by the engine) | waived (given by the pipeline)
    waiver_reason: str | None = None
    about: object = ""  # what the check is about: a Key (described lazily) or a text
    undecidable: bool = False  # a divisor may be zero: neither confirmed nor refuted (a warning finding)
    where: Where | None = None  # for a finding about printed wording: where it stands (else the facts' rows)
    cause: Cause | None = None  # a finding's likely cause (given by the pipeline when diagnosed)
    warning: str = ""  # why a failed check is only a warning whatever its rule's severity (a kind says)

    @property
    def gap(self) -> Fraction | None:
        if self.expected is None or self.reported is None:
            return None
        return self.expected.gap(self.reported)

    @property
    def subject(self) -> str:
        about = self.about
        return about.describe() if hasattr(about, "describe") else str(about)

    @property
    def fact_ids(self) -> tuple[str, ...]:
        return tuple(sorted({fact.id for fact in self.facts}))

    @property
    def primary(self) -> Fact | None:
        return self.facts[0] if self.facts else None

    def sort_key(self) -> tuple:
        first = self.primary
        where = (first.fixture, first.fixture_line) if first else ("", 0)
        return (*where, self.rule_id, self.fact_ids, self.message)


@dataclass(eq=False)
class Skip:
    """A place a rule applies to but cannot check, and why (missing or conflicting figures)."""

    rule_id: str
    reason: str
    facts: list[Fact] = field(default_factory=list)


def severity_of(check: Check, rule) -> str:
    """An undecidable check is a warning whatever its rule's severity: it shows a gap, not an error. So is
    a check its kind marks with a ``warning`` reason (a change of a ratio printed in points as a %)."""
    return "warning" if check.undecidable or check.warning else rule.severity


def undecidable_check(rule_id: str, reason: str, facts: list[Fact], dimension: str, check: str,
                      about: object) -> Check:
    """A check that cannot run because a divisor may be zero: reported, never skipped in silence."""
    return Check(rule_id, False, facts, f"undecidable: {reason}, so the relation can be neither confirmed "
                 "nor refuted", dimension=dimension, check=check, about=about, undecidable=True)


def show(value: Fraction, dimension: str) -> str:
    if dimension == "ratio":
        return format_fraction(value * 100, 4).rstrip("0").rstrip(".") + "%"
    text = format_fraction(value, 4).rstrip("0").rstrip(".")
    return text


def show_interval(interval: Interval | None, dimension: str) -> str:
    if interval is None:
        return "-"
    unit = "" if dimension == "ratio" else " " + BASE_UNIT[dimension]
    if interval.lo == interval.hi:
        return show(interval.lo, dimension) + unit
    return f"[{show(interval.lo, dimension)}, {show(interval.hi, dimension)}]{unit}"


def relation_check(rule_id: str, relation, facts: list[Fact], dimension: str, check: str,
                   what: str, about: object) -> Check:
    """A Check for ``lhs op rhs``; the left side is what was reported, the right what it should be."""
    passed = relation.holds
    if passed:
        message = f"{what} holds"
    else:
        gap = relation.lhs.gap(relation.rhs)
        message = (f"{what} fails: {show_interval(relation.lhs, dimension)} reported, "
                   f"{show_interval(relation.rhs, dimension)} computed; off by "
                   f"{show(gap, dimension)}{'' if dimension == 'ratio' else ' ' + BASE_UNIT[dimension]} "
                   "beyond rounding")
    return Check(rule_id, passed, facts, message, relation.rhs, relation.lhs, dimension, check,
                 about=about)


def best(results: list) -> Check | Skip:
    """The verdict over the readings of conflicting repeated figures: a passing reading if there is one
    (the relation can hold with some of the printed statements; their conflict is the agreement rule's
    finding), else an undecidable reading (it may hold), else the failing reading that misses by the least,
    else the first skip."""
    checks = [result for result in results if isinstance(result, Check)]
    for check in checks:
        if check.passed:
            return check
    for check in checks:
        if check.undecidable:
            return check
    if checks:
        return min(checks, key=lambda check: (check.gap is None, check.gap or 0))
    return results[0]
