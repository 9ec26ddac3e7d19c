"""The Markdown audit report: summary counts, checks per rule, then every finding with its evidence.

Every name and text from the inputs is written on one line (``one_line``), so none can end a table row,
start a heading or a CI workflow command of its own."""

from __future__ import annotations

from auditor.reporters.common import outside_focus_sentence, place, source_line, summarize
from auditor.reporters.safe import one_line
from auditor.results import severity_of, show, show_interval


def escape(text: str) -> str:
    """A table cell: whitespace runs as one space, ``|`` escaped, no character that breaks a line."""
    return one_line(" ".join(text.split()).replace("|", "\\|"))


def render(outcome) -> str:
    summary = summarize(outcome)
    out = ["# iij-audit report", ""]
    documents = ", ".join(f"`{one_line(name)}`" for name in sorted(outcome.dataset.documents))
    out += [f"Documents audited: {documents}.", "",
            "Every failed or waived check is listed below with the figures it used and their source lines. "
            "A *waived* finding is a genuine error of the source, acknowledged with the evidence in the "
            "waivers file; it stays in the report.", ""]
    out += [
        "| facts | documents | rules | checks | passed | failed | waived | skipped (missing figures) |",
        "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
        f"| {summary.facts} | {summary.documents} | {summary.rules} | {summary.checks} | {summary.passed} | "
        f"{summary.failed} | {summary.waived} | {summary.skipped} |",
        "",
    ]
    if summary.idle_rules:
        out += [f"Rules that found nothing to check: {', '.join(summary.idle_rules)}.", ""]
    if summary.diagnosis_note:
        out += [f"Diagnosis: {summary.diagnosis_note}.", ""]
    out += ["## Checks per rule", "", "| rule | kind | checks | passed | failed | waived | skipped |",
            "| --- | --- | ---: | ---: | ---: | ---: | ---: |"]
    for rule_id, stat in outcome.stats.items():
        out.append(f"| {rule_id} | {stat.rule.kind} | {stat.run} | {stat.passed} | {stat.failed} | "
                   f"{stat.waived} | {stat.skipped} |")
    out += [""] + coverage_section(outcome)
    out += ["## Findings", ""]
    if not outcome.reported:
        out += ["No findings.", ""]
    for number, check in enumerate(outcome.reported, 1):
        out += finding_section(number, check, outcome)
    note = outside_focus_sentence(outcome)
    if note:
        out += [escape(note) + ".", ""]
    if outcome.stale_waivers:
        out += ["## Stale waivers", ""]
        out += [one_line(f"- {w.path}:{w.line}: {w.rule} on {', '.join(sorted(w.facts))}")
                for w in outcome.stale_waivers]
        out.append("")
    return "\n".join(out)


def coverage_section(outcome) -> list[str]:
    from auditor.reporters.coverage import markdown_section

    return markdown_section(outcome.coverage)


def finding_section(number: int, check, outcome) -> list[str]:
    rule = outcome.ruleset.by_id(check.rule_id)
    status = "WAIVED" if check.status == "waived" else "FAILED"
    out = [f"### {number}. {status} {severity_of(check, rule)} `{check.rule_id}`: {one_line(rule.title)}", ""]
    out += [f"**Finding.** {one_line(check.message)}", ""]
    where = place(check)
    if where is not None:
        out += [f"**Printed at** {escape(where.document)}:{where.line}: {escape(repr(where.text))}.", ""]
    if check.check:
        out += [f"**Check.** `{one_line(check.check)}`", ""]
    if check.expected is not None and check.reported is not None:
        gap = show(check.gap, check.dimension)
        out += [f"**Expected** {show_interval(check.expected, check.dimension)}; **reported** "
                f"{show_interval(check.reported, check.dimension)}; **gap** {gap}.", ""]
    cause = check.cause
    if cause and (cause.known or cause.alternatives):
        out += [f"**Likely cause** ({cause.kind}): {escape(cause.explanation)}", ""]
    if check.status == "waived":
        out += [f"**Waived:** {one_line(check.waiver_reason)}", ""]
    elif check.waiver_reason:
        out += [f"**Note:** {one_line(check.waiver_reason)}", ""]
    out += ["| fact | document:line | printed | label | source line |", "| --- | --- | --- | --- | --- |"]
    for fact in check.facts:
        out.append(f"| `{fact.id}` | {escape(fact.document.name)}:{fact.line} | {escape(fact.text)} | "
                   f"{escape(fact.label)} | {escape(source_line(fact))[:160]} |")
    out.append("")
    return out
