"""What the HTML report computes once from an outcome: check and finding numbers, each fact's checks and
status, the findings placed at their lines, and the ids that link them."""

from __future__ import annotations

from dataclasses import dataclass, field

from auditor import kinds
from auditor.reporters.html_page import esc, safe_id


@dataclass
class View:
    """What the page needs, computed once: check numbers, each fact's checks and status, finding cards."""

    outcome: object
    check_no: dict[int, int] = field(default_factory=dict)  # id(check) -> 1-based number
    checks_of: dict[int, list] = field(default_factory=dict)  # id(fact) -> its checks
    status: dict[int, str] = field(default_factory=dict)  # id(fact) -> status
    doc_no: dict[str, int] = field(default_factory=dict)  # document name -> 1-based number
    cards: dict[tuple[str, int], list] = field(default_factory=dict)  # (document, line) -> findings there
    finding_no: dict[int, int] = field(default_factory=dict)  # id(check) -> finding number


def build_view(outcome) -> View:
    view = View(outcome)
    view.doc_no = {name: number for number, name in enumerate(sorted(outcome.dataset.documents), 1)}
    for number, check in enumerate(outcome.checks, 1):
        view.check_no[id(check)] = number
        for fact in unique(check.facts):
            view.checks_of.setdefault(id(fact), []).append(check)
    for fact in outcome.dataset.facts:
        view.status[id(fact)] = fact_status(view.checks_of.get(id(fact), []), outcome.ruleset)
    for number, check in enumerate(outcome.reported, 1):
        view.finding_no[id(check)] = number
        for place in sorted({(fact.document.name, fact.line) for fact in check.facts}):
            view.cards.setdefault(place, []).append(check)
    return view


def unique(facts: list) -> list:
    seen: set[int] = set()
    return [fact for fact in facts if not (id(fact) in seen or seen.add(id(fact)))]


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


def first_place(check) -> tuple[str, int] | None:
    """The (document, line) a finding's card stands beside: the first line of its figures."""
    return min(((fact.document.name, fact.line) for fact in check.facts), default=None)


def fact_links(facts: list) -> str:
    return ", ".join(f'<a class="id" href="#{fact_anchor(fact)}">{esc(fact.id)}</a>' for fact in facts)
