"""GitHub Actions workflow commands: one ``::error``/``::warning`` annotation per failed check, located at the
fixture line, its message followed by the likely cause and the suggested value, then the summary line.

Data is escaped exactly as GitHub's toolkit does (actions/toolkit ``command.ts``: ``escapeData`` and
``escapeProperty``), so the runner decodes it back; what the toolkit leaves raw but could still break or
disguise a line (other controls, lone surrogates from file names) is written as a backslash escape.
Only the annotation lines start with ``::``; the summary cannot (``line_safe``).
"""

from __future__ import annotations

from auditor.reporters.common import cause_sentence, known_cause, place, summarize, summary_sentence
from auditor.reporters.safe import line_safe, one_line
from auditor.results import severity_of


def escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def data(text: str) -> str:
    return one_line(escape_data(text))


def prop(text: str) -> str:
    return one_line(escape_property(text))


def annotation(severity: str, path: str, line: int, title: str, message: str) -> str:
    return f"::{severity} file={prop(path)},line={line},title={prop(title)}::{data(message)}"


def render(outcome, quiet: bool = False) -> str:
    lines = []
    for check in outcome.reported:
        if check.status != "failed":
            continue
        rule = outcome.ruleset.by_id(check.rule_id)
        fact, where = check.primary, place(check)
        path, line = (where.path, where.line) if where else (fact.fixture, fact.fixture_line)
        sentence = cause_sentence(known_cause(check), check.facts)
        lines.append(annotation(severity_of(check, rule), path, line,
                                check.rule_id + ": " + rule.title,
                                check.message + (f"; {sentence}" if sentence else "")))
    for waiver in outcome.stale_waivers:
        lines.append(annotation("error", waiver.path, waiver.line, "stale-waiver",
                                "waiver matches no failing finding; remove it"))
    if not quiet:
        lines.append(line_safe(summary_sentence(summarize(outcome))))
    return "".join(line + "\n" for line in lines)
