"""What every reporter shares: the summary counts and plain renderings of values."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from auditor.numbers import BASE_UNIT, format_fraction

if TYPE_CHECKING:
    from auditor.diagnosis.cause import Cause


@dataclass
class Summary:
    facts: int
    documents: int
    rules: int
    checks: int
    passed: int
    failed: int
    waived: int
    skipped: int
    idle_rules: list[str]
    stale_waivers: int
    diagnosis_note: str | None = None  # when a budget stopped the diagnosis or the propagation


def summarize(outcome) -> Summary:
    checks = outcome.checks
    return Summary(
        facts=len(outcome.dataset.facts),
        documents=len(outcome.dataset.documents),
        rules=len(outcome.stats),
        checks=len(checks),
        passed=sum(c.status == "passed" for c in checks),
        failed=sum(c.status == "failed" for c in checks),
        waived=sum(c.status == "waived" for c in checks),
        skipped=len(outcome.skips),
        idle_rules=sorted(rule_id for rule_id, stat in outcome.stats.items() if stat.run == 0),
        stale_waivers=len(outcome.stale_waivers),
        diagnosis_note=diagnosis_note(outcome),
    )


def diagnosis_note(outcome) -> str | None:
    """What every report says when the diagnosis stopped early (None when every finding was diagnosed,
    so reports of complete runs do not change)."""
    info = outcome.diagnosis
    if info is None or (info.complete and info.propagated):
        return None
    notes = []
    if not info.complete:
        notes.append(f"likely causes for {info.diagnosed} of {info.findings} findings (diagnosis budget "
                     "reached; --diagnosis-budget N to raise it)")
    if not info.propagated:
        notes.append(f"derived figures and causes from a partial propagation (propagation budget of "
                     f"{info.propagation_budget} solves reached; --propagation-budget N to raise it)")
    return "; ".join(notes)


def summary_sentence(summary: Summary) -> str:
    text = (f"{summary.facts} facts from {summary.documents} document(s); {summary.checks} checks by "
            f"{summary.rules} rules: {summary.passed} passed, {summary.failed} failed, {summary.waived} waived; "
            f"{summary.skipped} skipped for missing figures")
    if summary.idle_rules:
        text += f"; rules that found nothing to check: {', '.join(summary.idle_rules)}"
    if summary.stale_waivers:
        text += f"; {summary.stale_waivers} stale waiver(s)"
    if summary.diagnosis_note:
        text += f"; {summary.diagnosis_note}"
    return text


def plain(value, decimals: int = 6) -> str:
    """An exact value as a fixed-point decimal string without thousands separators."""
    text = format_fraction(value, decimals).replace(",", "")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def unit_of(dimension: str) -> str:
    return "ratio" if dimension == "ratio" else BASE_UNIT[dimension]


def source_line(fact) -> str:
    return fact.document.lines[fact.line - 1].strip()


def outside_focus_sentence(outcome) -> str | None:
    """With files named (a focus), the failing findings the report leaves out, counted and placed, so a
    hook's clean run on one file does not hide that the dataset fails elsewhere."""
    if outcome.focus is None:
        return None
    outside = [check for check in outcome.findings
               if check.status == "failed" and not any(fact.fixture in outcome.focus for fact in check.facts)]
    if not outside:
        return None
    files = sorted({fact.fixture for check in outside for fact in check.facts})
    return (f"{len(outside)} failing finding(s) outside the named files, in {', '.join(files)} "
            "(run with --all to list them)")


def known_cause(check) -> Cause | None:
    """The likely cause of a finding when the diagnosis settled on one (an undetermined one says nothing a
    reader can act on, so the messages leave it out; SARIF still carries it in its properties)."""
    cause = check.cause
    return cause if cause is not None and cause.known else None


def place(check):
    """Where the wording a finding is about stands (auditor.results.Where): set by its rule (a period
    name) or, for a finding whose likely cause is a label slip, the slipped label's line; else None."""
    if check.where is not None:
        return check.where
    cause = known_cause(check)
    if not cause:
        return None
    from auditor.places import label_place

    fact = next((fact for fact in check.facts if fact.id == cause.fact), None)
    return label_place(fact, cause.kind) if fact is not None else None


def primary_place(check) -> str:
    """``path:line`` a finding is reported at: where its wording stands, else its first fact's fixture line."""
    where = place(check)
    if where is not None:
        return f"{where.path}:{where.line}"
    fact = check.primary
    return f"{fact.fixture}:{fact.fixture_line}" if fact else "-"


def cause_sentence(cause: Cause | None, facts=()) -> str:
    """The cause and the value to print instead (in the unit the fact prints, found among ``facts``), as
    the machine formats append it to a message."""
    if not cause:
        return ""
    text = f"likely cause: {cause.explanation}"
    if cause.suggested is not None:
        unit = next((fact.unit.name for fact in facts if fact.id == cause.fact), "")
        shown = cause.suggested + ("" if unit in ("", "%") else " ") + unit
        text += f"; suggested value of {cause.fact}: {shown}"
    return text
