"""Text output: one ``path:line: severity rule-id message`` line per finding (the grep/editor format),
or a rich table when writing to a terminal. Both show the likely cause, and both can be coloured and
made quiet (findings only, no summary: ``-q``)."""

from __future__ import annotations

import io

import click

from auditor.reporters.common import known_cause, outside_focus_sentence, primary_place, summarize, summary_sentence
from auditor.reporters.safe import line_safe, one_line
from auditor.results import severity_of

SEVERITY_COLOR = {"error": "red", "warning": "yellow"}


def finding_line(check, outcome, color: bool = False) -> str:
    rule = outcome.ruleset.by_id(check.rule_id)
    where = primary_place(check)
    severity = severity_of(check, rule)
    status = " (waived)" if check.status == "waived" else ""
    cites = "; ".join(f"{f.document.name}:{f.line} {f.text!r}" for f in check.facts[:6])
    cause = cause_text(known_cause(check))
    rest = f" {check.rule_id} {check.message}{cause} [{cites}]"
    if not color:
        return line_safe(f"{where}: {severity}{status}{rest}")
    # the escape codes go in after the data is made safe (line_safe would escape them); the line still
    # starts with the path, which line_safe has checked
    return (line_safe(f"{where}: ") + click.style(severity, fg=SEVERITY_COLOR[severity], bold=True)
            + one_line(status + rest))


def cause_text(cause) -> str:
    return f"; likely cause: {cause.explanation}" if cause else ""


def stale_lines(outcome) -> list[str]:
    return [line_safe(f"{w.path}:{w.line}: error stale-waiver waiver for {w.rule} on "
                      f"{', '.join(sorted(w.facts))} matches no failing finding; remove it")
            for w in outcome.stale_waivers]


def listed(outcome) -> list:
    """Text output stays quiet about acknowledged findings unless asked (--show-waived)."""
    return [check for check in outcome.reported if outcome.show_waived or check.status != "waived"]


def notes(outcome, quiet: bool) -> list[str]:
    """What follows the findings: the failing findings outside the named files (a finding count, so it is
    printed even when quiet) and the summary (never when quiet)."""
    lines = [line_safe(line) for line in filter(None, [outside_focus_sentence(outcome)])]
    if not quiet:
        lines.append(line_safe(summary_sentence(summarize(outcome))))
    return lines


def render(outcome, color: bool = False, quiet: bool = False) -> str:
    lines = [finding_line(check, outcome, color) for check in listed(outcome)]
    lines += stale_lines(outcome) + notes(outcome, quiet)
    return "".join(line + "\n" for line in lines)


def render_rich(outcome, width: int = 80, color: bool = True, quiet: bool = False) -> str:
    """The table for a terminal of ``width`` columns. Cells are rich ``Text``, never markup: a ``[/x]`` in a
    fact's text is printed as it stands instead of being read (or refused) as a style tag."""
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    buffer = io.StringIO()
    console = Console(file=buffer, width=width, force_terminal=True, no_color=not color,
                      color_system="standard" if color else None, highlight=False, emoji=False)
    table = Table(title="iij-audit findings", show_lines=True, expand=True)
    table.add_column("finding", overflow="fold", ratio=7)
    table.add_column("source", overflow="fold", ratio=3)
    for check in listed(outcome):
        table.add_row(*rich_cells(check, outcome, Text))
    if listed(outcome):
        console.print(table)
    for line in stale_lines(outcome) + notes(outcome, quiet):
        console.print(Text(line))
    return buffer.getvalue()


def rich_cells(check, outcome, Text) -> tuple:
    """The finding cell: where, severity and rule on its first line (the line an editor jumps to, as the
    piped format starts), then the message and the likely cause; the source cell: the cited lines."""
    rule = outcome.ruleset.by_id(check.rule_id)
    severity = severity_of(check, rule)
    finding = Text(one_line(primary_place(check)) + " ")
    finding.append(severity, style=f"bold {SEVERITY_COLOR[severity]}")
    finding.append((" (waived)" if check.status == "waived" else "") + " " + one_line(check.rule_id))
    finding.append("\n" + one_line(check.message))
    cause = known_cause(check)
    if cause:
        finding.append("\nlikely cause: ", style="bold")
        finding.append(one_line(cause.explanation))
    sources = Text("\n".join(one_line(f"{f.document.name}:{f.line} {f.text}") for f in check.facts[:6]))
    return finding, sources
