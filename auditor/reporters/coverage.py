"""The coverage of a run in every output: the ``iij-audit coverage`` tables (rich), its JSON and
Markdown, the Markdown report's "Coverage" section and the JSON report's ``coverage`` object. All are
built from one :class:`auditor.coverage.Coverage`; names and texts from the inputs go through
auditor.reporters.safe as everywhere else.

Percentages are exact integer arithmetic rounded half up to one decimal, written as strings.
"""

from __future__ import annotations

import io
import json

from auditor.coverage import NO_REASON, Coverage
from auditor.reporters.safe import line_safe, one_line, utf8_strings

PIPE_WIDTH = 132  # the tables' width when the output is no terminal: the same bytes on every machine
MARKDOWN_LIST_LIMIT = 20  # the Markdown report lists this many unchecked facts and unrecorded tokens


def percent(part: int, whole: int) -> str | None:
    if not whole:
        return None
    tenths = (part * 1000 * 2 + whole) // (2 * whole)
    return f"{tenths // 10}.{tenths % 10}"


def shown_percent(part: int, whole: int) -> str:
    value = percent(part, whole)
    return "-" if value is None else value + "%"


# ----------------------------------------------------------------------------- lines (text and Markdown)
def document_rows(coverage: Coverage) -> list[tuple[str, ...]]:
    """One row per document and a total: name, tokens, no figure, figure tokens, recorded (%), facts,
    in a value check (%), facts in no value check (of them without a reason), unrecorded (without)."""
    rows = []
    for item in (*coverage.documents, None):
        if item is None and len(coverage.documents) < 2:
            break
        values = totals(coverage) if item is None else vars_of(item)
        rows.append((
            "total" if item is None else one_line(item.name), str(values["tokens"]), str(values["not_figures"]),
            str(values["figures"]), f"{values['recorded']} ({shown_percent(values['recorded'], values['figures'])})",
            str(values["facts"]), f"{values['checked']} ({shown_percent(values['checked'], values['facts'])})",
            f"{values['unchecked']} ({values['unchecked_bare']})",
            f"{values['unrecorded']} ({values['unrecorded_bare']})"))
    return rows


DOCUMENT_HEADER = ("document", "tokens", "no figure", "figure tokens", "recorded", "facts",
                   "in a value check", "facts unchecked (no reason)", "tokens unrecorded (no reason)")
RULE_HEADER = ("rule", "kind", "checks", "skipped", "idle reason")


def vars_of(item) -> dict:
    return {
        "tokens": item.tokens, "not_figures": sum(count for _, _, count in item.not_figures),
        "figures": item.figures, "recorded": item.recorded, "facts": item.facts, "checked": item.checked,
        "unchecked": len(item.unchecked), "unchecked_bare": sum(not fact.reason for fact in item.unchecked),
        "unrecorded": len(item.unrecorded), "unrecorded_bare": sum(not token.reason for token in item.unrecorded),
    }


def totals(coverage: Coverage) -> dict:
    values = [vars_of(item) for item in coverage.documents]
    keys = ("tokens", "not_figures", "figures", "recorded", "facts", "checked", "unchecked", "unchecked_bare",
            "unrecorded", "unrecorded_bare")
    return {key: sum(value[key] for value in values) for key in keys}


def rule_rows(coverage: Coverage) -> list[tuple[str, ...]]:
    return [(one_line(rule.id), rule.kind, str(rule.checks), str(rule.skipped),
             one_line(rule.idle_reason or NO_REASON) if rule.idle else "")
            for rule in coverage.rules]


def unchecked_lines(coverage: Coverage) -> list[str]:
    return [line_safe(f"{fact.fixture}:{fact.fixture_line}: fact {fact.fact_id} ({document.name}:{fact.line} "
                      f"{fact.text!r}) is in no value check: {fact.reason or NO_REASON}")
            for document in coverage.documents for fact in document.unchecked]


def unrecorded_lines(coverage: Coverage) -> list[str]:
    return [line_safe(f"{document.path}:{token.line}: {token.text!r} is recorded by no fact: "
                      f"{token.reason or NO_REASON}")
            for document in coverage.documents for token in document.unrecorded]


def not_figure_lines(coverage: Coverage) -> list[str]:
    lines = []
    for document in coverage.documents:
        for kind, reason, count in document.not_figures:
            lines.append(line_safe(f"{document.name}: {count} {kind} token(s), no figure: {reason}"))
    return lines


def skip_reasons(rule) -> str:
    return "; ".join(f"{reason} ({count})" for reason, count in rule.skip_reasons)


def skip_lines(coverage: Coverage) -> list[str]:
    return [line_safe(f"{rule.id}: {rule.skipped} skipped: {skip_reasons(rule)}")
            for rule in coverage.rules if rule.skipped]


def problem_lines(coverage: Coverage) -> list[str]:
    lines = [line_safe(str(problem)) for problem in coverage.problems]
    return lines + [f"iij-audit: {len(lines)} coverage problem(s) (--strict)"
                    ] if lines else []


# ----------------------------------------------------------------------------- the coverage command
def render_text(coverage: Coverage, width: int = 100, color: bool = False) -> str:
    """Two rich tables (documents, rules), then the lists, one ``path:line: ...`` line each."""
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    buffer = io.StringIO()
    console = Console(file=buffer, width=width, force_terminal=color, no_color=not color,
                      color_system="standard" if color else None, highlight=False, emoji=False)
    for title, header, rows in (("coverage per document", DOCUMENT_HEADER, document_rows(coverage)),
                                ("checks per rule", RULE_HEADER, rule_rows(coverage))):
        table = Table(title=title, expand=False)
        for number, name in enumerate(header):
            # names stay whole (the first column); figures and reasons fold
            table.add_column(name, overflow="fold", no_wrap=number == 0,
                             justify="left" if number == 0 or name.endswith("reason") or name == "kind" else "right")
        for row in rows:
            table.add_row(*(Text(cell) for cell in row))
        console.print(table)
    for title, lines in (("Skipped checks", skip_lines(coverage)),
                         ("Tokens that state no figure", not_figure_lines(coverage)),
                         ("Recorded facts in no value check", unchecked_lines(coverage)),
                         ("Number tokens no fact records", unrecorded_lines(coverage))):
        if lines:
            console.print(Text(f"{title}:"))
            for line in lines:
                console.print(Text(line), overflow="ignore", crop=False, soft_wrap=True)
    return buffer.getvalue()


def render_json(coverage: Coverage) -> str:
    from auditor.reporters.jsonreport import SCHEMA_VERSION

    data = {"schema_version": SCHEMA_VERSION, "coverage": json_entry(coverage)}
    return json.dumps(utf8_strings(data), indent=2, ensure_ascii=False) + "\n"


def render_markdown(coverage: Coverage) -> str:
    out = ["# iij-audit coverage", ""] + markdown_section(coverage, limit=None, level=2, every_rule=True)
    return "\n".join(out)


# ----------------------------------------------------------------------------- report sections
def markdown_section(coverage: Coverage, limit: int | None = MARKDOWN_LIST_LIMIT, level: int = 2,
                     every_rule: bool = False) -> list[str]:
    """Per document counts and percentages; every rule's counts and skip reasons (``every_rule``) or,
    for the report, whose table of checks per rule has the counts, the idle rules with their reasons;
    the lists up to ``limit`` entries each (None: all), the rest counted (`iij-audit coverage` and the
    JSON report list them all)."""
    heading = "#" * level
    out = [f"{heading} Coverage", "",
           "Number tokens printed on the documents' lines, those that state no figure (dates, period names, "
           "footnote markers, slide and list numbers), the figure tokens a fact records, and the facts that "
           "take part in at least one value check (docs/coverage.md).", ""]
    out += table(DOCUMENT_HEADER, document_rows(coverage))
    if every_rule:
        out += ["", f"{heading}# Checks per rule", ""]
        out += table(("rule", "kind", "checks", "skipped", "skip reasons", "idle reason"),
                     [(*row[:4], skip_reasons(rule), row[4]) for row, rule in zip(rule_rows(coverage), coverage.rules)])
    else:
        idle = [(row[0], row[4]) for row in rule_rows(coverage) if row[2] == "0"]
        if idle:
            out += ["", f"{heading}# Rules that found nothing to check", ""] + table(("rule", "idle reason"), idle)
    for title, lines in (("Recorded facts in no value check", unchecked_lines(coverage)),
                         ("Number tokens no fact records", unrecorded_lines(coverage))):
        if not lines:
            continue
        out += ["", f"{heading}# {title} ({len(lines)})", ""]
        shown = lines if limit is None else lines[:limit]
        out += [f"- {escape(line)}" for line in shown]
        if len(shown) < len(lines):
            out += [f"- ... and {len(lines) - len(shown)} more (`iij-audit coverage` lists them all)"]
    out.append("")
    return out


def table(header, rows) -> list[str]:
    align = ["---" if number == 0 or name.endswith("reason") else "---:" for number, name in enumerate(header)]
    lines = ["| " + " | ".join(header) + " |", "| " + " | ".join(align) + " |"]
    lines += ["| " + " | ".join(escape(cell) for cell in row) + " |" for row in rows]
    return lines


def escape(text: str) -> str:
    return one_line(" ".join(text.split()).replace("|", "\\|").replace("`", "'"))


def json_entry(coverage: Coverage) -> dict:
    """The ``coverage`` object of the JSON report (docs/json-schema.md)."""
    return {
        "documents": [document_entry(item) for item in coverage.documents],
        "totals": total_entry(coverage),
        "rules": [{"id": rule.id, "kind": rule.kind, "value_check": rule.value, "checks": rule.checks,
                   "skipped": rule.skipped,
                   "skip_reasons": [{"reason": reason, "count": count} for reason, count in rule.skip_reasons],
                   "idle": rule.idle, "idle_reason": rule.idle_reason}
                  for rule in coverage.rules],
        "problems": [{"path": problem.path, "line": problem.line, "message": problem.message}
                     for problem in coverage.problems],
    }


def document_entry(item) -> dict:
    return {
        "document": item.name, "path": item.path, "tokens": item.tokens,
        "not_figures": [{"class": kind, "reason": reason, "count": count} for kind, reason, count in item.not_figures],
        "figures": item.figures, "recorded": item.recorded, "recorded_percent": percent(item.recorded, item.figures),
        "facts": item.facts, "checked": item.checked, "checked_percent": percent(item.checked, item.facts),
        "unchecked": [{"fact": fact.fact_id, "line": fact.line, "text": fact.text, "reason": fact.reason,
                       "path": fact.fixture, "fixture_line": fact.fixture_line} for fact in item.unchecked],
        "unrecorded": [{"line": token.line, "text": token.text, "reason": token.reason, "path": token.fixture,
                        "fixture_line": token.fixture_line} for token in item.unrecorded],
    }


def total_entry(coverage: Coverage) -> dict:
    values = totals(coverage)
    return {"tokens": values["tokens"], "figures": values["figures"], "recorded": values["recorded"],
            "recorded_percent": percent(values["recorded"], values["figures"]), "facts": values["facts"],
            "checked": values["checked"], "checked_percent": percent(values["checked"], values["facts"])}
