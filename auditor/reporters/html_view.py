"""What the HTML report computes once from an outcome: check and finding numbers, each fact's checks and
status, the findings placed at their lines, and the ids that link them."""

from __future__ import annotations

from dataclasses import dataclass, field

from auditor import kinds
from auditor.reporters.common import place
from auditor.reporters.html_page import esc, safe_id


@dataclass(frozen=True)
class Entry:
    """A check with its numbers in the report: its position among the checks and, for a reported
    finding, among the findings (the numbers the page's anchors use)."""

    number: int  # 1-based position in the report's checks
    check: object
    finding: int | None = None  # 1-based position among the reported findings


@dataclass
class View:
    """What the page needs, computed once: numbered checks, each fact's checks and status, finding cards."""

    outcome: object
    entries: list[Entry] = field(default_factory=list)  # every check, in report order
    findings: list[Entry] = field(default_factory=list)  # the reported findings, in report order
    checks_of: dict[str, list[Entry]] = field(default_factory=dict)  # fact id -> its checks
    status: dict[str, str] = field(default_factory=dict)  # fact id -> status
    doc_no: dict[str, int] = field(default_factory=dict)  # document name -> 1-based number
    cards: dict[tuple[str, int], list[Entry]] = field(default_factory=dict)  # (document, line) -> findings


def build_view(outcome) -> View:
    view = View(outcome)
    view.doc_no = {name: number for number, name in enumerate(sorted(outcome.dataset.documents), 1)}
    numbers = finding_numbers(outcome)
    for number, check in enumerate(outcome.checks, 1):
        entry = Entry(number, check, numbers.get(number))
        view.entries.append(entry)
        for fact in unique(check.facts):
            view.checks_of.setdefault(fact.id, []).append(entry)
    for fact in outcome.dataset.facts:
        view.status[fact.id] = fact_status([e.check for e in view.checks_of.get(fact.id, [])], outcome.ruleset)
    view.findings = [entry for entry in view.entries if entry.finding is not None]
    for entry in view.findings:
        for line in sorted(finding_lines(entry.check)):
            view.cards.setdefault(line, []).append(entry)
    return view


def finding_numbers(outcome) -> dict[int, int]:
    """Check number -> finding number for the reported findings: the report's checks are in report order
    and its reported findings are a subsequence of them, so one walk pairs them by position."""
    reported = iter(outcome.reported)
    wanted = next(reported, None)
    numbers, finding = {}, 0
    for number, check in enumerate(outcome.checks, 1):
        if check is wanted:
            finding += 1
            numbers[number] = finding
            wanted = next(reported, None)
    return numbers


def unique(facts: list) -> list:
    return list(dict.fromkeys(facts))


def fact_status(checks: list, ruleset) -> str:
    statuses = {check.status for check in checks}
    if "failed" in statuses:
        return "failed"
    if "waived" in statuses:
        return "waived"
    if any(not kinds.record_check(ruleset.by_id(check.rule_id).kind) for check in checks):
        return "passed"
    return "unchecked"


def fact_anchor(fact) -> str:
    return safe_id("f", fact.id)


def figure_row_id(fact) -> str:
    return safe_id("fig", fact.id)


def line_id(view: View, document: str, line: int) -> str:
    return f"L{view.doc_no[document]}-{line}"


def finding_lines(check) -> set[tuple[str, int]]:
    """The (document, line)s a finding is shown beside: its figures' lines and, for a finding about printed
    wording, the line where that wording stands."""
    lines = {(fact.document.name, fact.line) for fact in check.facts}
    where = place(check)
    if where is not None:
        lines.add((where.document, where.line))
    return lines


def first_place(check) -> tuple[str, int] | None:
    """The (document, line) a finding's card stands beside: where the wording it is about stands (a period
    name, a label: the primary location of the other reports), else the first line of its figures."""
    where = place(check)
    if where is not None:
        return where.document, where.line
    return min(((fact.document.name, fact.line) for fact in check.facts), default=None)


def fact_links(facts: list) -> str:
    return ", ".join(f'<a class="id" href="#{fact_anchor(fact)}">{esc(fact.id)}</a>' for fact in facts)
