"""JUnit XML: one test case per check run (passed ones included), ``classname`` = rule id. A failed check
is a ``failure``; a waived one is ``skipped`` with its reason, so dashboards keep it visible.

Each test case carries ``file`` and ``line``, which CI test-report actions turn into an annotation there:
for a finding about printed wording (a period name, a label: auditor.results.Where), the document line
where that wording stands, as in the text, JSON, SARIF and GitHub outputs; else the fixture line to edit. Its name is the rule and the check's subject, cut to ``MAX_NAME`` characters (a
dashboard row, not the evidence); the failure's text holds the evidence: where to edit, the message, the
likely cause and one line per cited source.

The file holds only characters XML 1.0 allows (a control character in a fact's text would make it
malformed).
"""

from __future__ import annotations

import xml.etree.ElementTree as ET

from auditor.reporters.common import cause_sentence, known_cause, place
from auditor.reporters.safe import line_safe, one_line, xml_chars
from auditor.results import severity_of

MAX_NAME = 120


def case_name(check, seen: dict[str, int]) -> str:
    """At most MAX_NAME characters, and told apart within its suite: the second check of one subject is
    ``... #2``."""
    name = one_line(f"{check.rule_id}: {check.subject}")
    base = cut(name, MAX_NAME)
    seen[base] = seen.get(base, 0) + 1
    suffix = f" #{seen[base]}" if seen[base] > 1 else ""
    return cut(name, MAX_NAME - len(suffix)) + suffix


def cut(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[:limit - 3] + "..."


def failure_text(check, outcome) -> str:
    """The primary location first (where the wording stands, then the fixture line to edit), the message,
    the likely cause and the cited sources."""
    fact, where = check.primary, place(check)
    lines = [f"{where.path}:{where.line}: printed {where.text!r}" if where else "",
             f"{fact.fixture}:{fact.fixture_line}: edit here" if fact else "", check.message,
             cause_sentence(known_cause(check), check.facts),
             "facts: " + ", ".join(check.fact_ids)]
    lines += [f"{f.document.name}:{f.line}: {f.text}" for f in check.facts]
    return "\n".join(line_safe(line) for line in lines if line)


def test_case(suite, check, outcome, rule, seen: dict[str, int]) -> None:
    attributes = {"classname": check.rule_id, "name": case_name(check, seen)}
    where = place(check)
    if where is not None:
        attributes |= {"file": one_line(where.path), "line": str(where.line)}
    elif check.primary:
        attributes |= {"file": one_line(check.primary.fixture), "line": str(check.primary.fixture_line)}
    case = ET.SubElement(suite, "testcase", attributes)
    if check.status == "failed":
        failure = ET.SubElement(case, "failure", message=check.message, type=severity_of(check, rule))
        failure.text = failure_text(check, outcome)
    elif check.status == "waived":
        ET.SubElement(case, "skipped", message=f"waived: {check.waiver_reason}")


def render(outcome) -> str:
    suites = ET.Element("testsuites", name="iij-audit")
    by_rule: dict[str, list] = {}
    for check in outcome.checks:
        by_rule.setdefault(check.rule_id, []).append(check)
    for rule_id, stat in outcome.stats.items():
        checks = by_rule.get(rule_id, [])
        suite = ET.SubElement(suites, "testsuite", name=rule_id, tests=str(len(checks)),
                              failures=str(sum(c.status == "failed" for c in checks)),
                              skipped=str(sum(c.status == "waived" for c in checks)), errors="0")
        seen: dict[str, int] = {}
        for check in checks:
            test_case(suite, check, outcome, stat.rule, seen)
    suites.set("tests", str(len(outcome.checks)))
    suites.set("failures", str(sum(c.status == "failed" for c in outcome.checks)))
    ET.indent(suites)
    return xml_chars(ET.tostring(suites, encoding="unicode", xml_declaration=True)) + "\n"
