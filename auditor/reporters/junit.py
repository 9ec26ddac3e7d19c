"""JUnit XML: one test case per check run (passed ones included), ``classname`` = rule id. A failed check
is a ``failure``; a waived one is ``skipped`` with its reason, so dashboards keep it visible.

The file holds only characters XML 1.0 allows (a control character in a fact's text would make it
malformed), and each cited source is one line of the failure's text.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET

from auditor.reporters.safe import line_safe, xml_chars
from auditor.results import severity_of


def case_name(check) -> str:
    return f"{check.subject} [{', '.join(check.fact_ids)}]"


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
        for check in checks:
            case = ET.SubElement(suite, "testcase", classname=rule_id, name=case_name(check))
            if check.status == "failed":
                failure = ET.SubElement(case, "failure", message=check.message, type=severity_of(check, stat.rule))
                failure.text = "\n".join(line_safe(f"{f.document.name}:{f.line}: {f.text}") for f in check.facts)
            elif check.status == "waived":
                ET.SubElement(case, "skipped", message=f"waived: {check.waiver_reason}")
    suites.set("tests", str(len(outcome.checks)))
    suites.set("failures", str(sum(c.status == "failed" for c in outcome.checks)))
    ET.indent(suites)
    return xml_chars(ET.tostring(suites, encoding="unicode", xml_declaration=True)) + "\n"
