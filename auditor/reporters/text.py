"""Text output: one ``path:line: severity rule-id message`` line per finding (the grep/editor format),
or a rich table when writing to a terminal."""

from __future__ import annotations

import io

from auditor.reporters.common import outside_focus_sentence, summarize, summary_sentence
from auditor.reporters.safe import line_safe, one_line
from auditor.results import severity_of


def finding_line(check, outcome) -> str:
    fact = check.primary
    rule = outcome.ruleset.by_id(check.rule_id)
    where = f"{fact.fixture}:{fact.fixture_line}" if fact else "-"
    status = " (waived)" if check.status == "waived" else ""
    cites = "; ".join(f"{f.document.name}:{f.line} {f.text!r}" for f in check.facts[:6])
    cause = cause_text(outcome.causes.get(id(check)))
    return line_safe(f"{where}: {severity_of(check, rule)}{status} {check.rule_id} {check.message}{cause} [{cites}]")


def cause_text(cause: dict | None) -> str:
    if not cause or cause.get("kind") == "undetermined":
        return ""
    return f"; likely cause: {cause['explanation']}"


def stale_lines(outcome) -> list[str]:
    return [line_safe(f"{w.path}:{w.line}: error stale-waiver waiver for {w.rule} on "
                      f"{', '.join(sorted(w.facts))} matches no failing finding; remove it")
            for w in outcome.stale_waivers]


def listed(outcome) -> list:
    """Text output stays quiet about acknowledged findings unless asked (--show-waived)."""
    return [check for check in outcome.reported if outcome.show_waived or check.status != "waived"]


def render(outcome) -> str:
    lines = [finding_line(check, outcome) for check in listed(outcome)]
    lines += stale_lines(outcome)
    lines += [line_safe(line) for line in filter(None, [outside_focus_sentence(outcome)])]
    lines.append(line_safe(summary_sentence(summarize(outcome))))
    return "\n".join(lines) + "\n"


def render_rich(outcome, width: int | None = None) -> str:
    """The table for a terminal. Cells are rich ``Text``, never markup: a ``[/x]`` in a fact's text is
    printed as it stands instead of being read (or refused) as a style tag."""
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    buffer = io.StringIO()
    console = Console(file=buffer, width=width or 160, force_terminal=True)
    table = Table(title="iij-audit findings", show_lines=True)
    for column in ("where", "severity", "rule", "finding", "source"):
        table.add_column(column, overflow="fold")
    for check in listed(outcome):
        fact = check.primary
        rule = outcome.ruleset.by_id(check.rule_id)
        severity = severity_of(check, rule) + (" (waived)" if check.status == "waived" else "")
        sources = "\n".join(one_line(f"{f.document.name}:{f.line} {f.text}") for f in check.facts[:6])
        cells = (f"{fact.fixture}:{fact.fixture_line}", severity, check.rule_id, check.message)
        table.add_row(*(Text(one_line(cell)) for cell in cells), Text(sources))
    if listed(outcome):
        console.print(table)
    for line in stale_lines(outcome) + list(filter(None, [outside_focus_sentence(outcome)])):
        console.print(Text(line_safe(line)))
    console.print(Text(line_safe(summary_sentence(summarize(outcome)))))
    return buffer.getvalue()
