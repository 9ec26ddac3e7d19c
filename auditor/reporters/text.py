"""Text output: one ``path:line: severity rule-id message`` line per finding (the grep/editor format),
or a rich table when writing to a terminal."""

from __future__ import annotations

import io

from auditor.reporters.common import summarize, summary_sentence
from auditor.results import severity_of


def finding_line(check, outcome) -> str:
    fact = check.primary
    rule = outcome.ruleset.by_id(check.rule_id)
    where = f"{fact.fixture}:{fact.fixture_line}" if fact else "-"
    status = " (waived)" if check.status == "waived" else ""
    cites = "; ".join(f"{f.document.name}:{f.line} {f.text!r}" for f in check.facts[:6])
    cause = cause_text(outcome.causes.get(id(check)))
    return f"{where}: {severity_of(check, rule)}{status} {check.rule_id} {check.message}{cause} [{cites}]"


def cause_text(cause: dict | None) -> str:
    if not cause or cause.get("kind") == "undetermined":
        return ""
    return f"; likely cause: {cause['explanation']}"


def stale_lines(outcome) -> list[str]:
    return [f"{w.path}:{w.line}: error stale-waiver waiver for {w.rule} on {', '.join(sorted(w.facts))} "
            "matches no failing finding; remove it" for w in outcome.stale_waivers]


def listed(outcome) -> list:
    """Text output stays quiet about acknowledged findings unless asked (--show-waived)."""
    return [check for check in outcome.reported if outcome.show_waived or check.status != "waived"]


def render(outcome) -> str:
    lines = [finding_line(check, outcome) for check in listed(outcome)]
    lines += stale_lines(outcome)
    lines.append(summary_sentence(summarize(outcome)))
    return "\n".join(lines) + "\n"


def render_rich(outcome, width: int | None = None) -> str:
    from rich.console import Console
    from rich.table import Table

    buffer = io.StringIO()
    console = Console(file=buffer, width=width or 160, force_terminal=True)
    table = Table(title="iij-audit findings", show_lines=True)
    for column in ("where", "severity", "rule", "finding", "source"):
        table.add_column(column, overflow="fold")
    for check in listed(outcome):
        fact = check.primary
        rule = outcome.ruleset.by_id(check.rule_id)
        severity = severity_of(check, rule) + (" (waived)" if check.status == "waived" else "")
        sources = "\n".join(f"{f.document.name}:{f.line} {f.text}" for f in check.facts[:6])
        table.add_row(f"{fact.fixture}:{fact.fixture_line}", severity, check.rule_id, check.message, sources)
    if listed(outcome):
        console.print(table)
    for line in stale_lines(outcome):
        console.print(line, markup=False)
    console.print(summary_sentence(summarize(outcome)), markup=False)
    return buffer.getvalue()
