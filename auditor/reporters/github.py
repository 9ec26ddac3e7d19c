"""GitHub Actions workflow commands: one ``::error``/``::warning`` annotation per unwaived finding, at the
fixture line. Chosen automatically for text output when ``GITHUB_ACTIONS`` is set."""

from __future__ import annotations

from auditor.reporters.common import summarize, summary_sentence
from auditor.results import severity_of


def escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def render(outcome) -> str:
    lines = []
    for check in outcome.reported:
        if check.status != "failed":
            continue
        rule = outcome.ruleset.by_id(check.rule_id)
        fact = check.primary
        properties = (f"file={escape_property(fact.fixture)},line={fact.fixture_line},"
                      f"title={escape_property(check.rule_id + ': ' + rule.title)}")
        lines.append(f"::{severity_of(check, rule)} {properties}::{escape_data(check.message)}")
    for waiver in outcome.stale_waivers:
        lines.append(f"::error file={escape_property(waiver.path)},line={waiver.line},"
                     f"title=stale-waiver::{escape_data('waiver matches no failing finding; remove it')}")
    lines.append(summary_sentence(summarize(outcome)))
    return "\n".join(lines) + "\n"
