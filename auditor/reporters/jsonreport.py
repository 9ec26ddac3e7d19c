"""The JSON report. Its schema is documented in docs/json-schema.md and versioned by ``schema_version``.

Exact values are written as decimal strings (never floats), in the base unit named by ``unit``.
"""

from __future__ import annotations

import json

from auditor.reporters.common import place, plain, summarize, unit_of
from auditor.reporters.safe import utf8_strings
from auditor.results import severity_of

SCHEMA_VERSION = 1


def fact_entry(fact) -> dict:
    entry = {
        "id": fact.id,
        "document": fact.document.name,
        "path": fact.fixture,
        "fixture_line": fact.fixture_line,
        "line": fact.line,
        "text": fact.text,
        "label": fact.label,
        "value": fact.value_text,
        "unit": fact.unit.name,
        "interval": [plain(fact.interval.lo), plain(fact.interval.hi)],
    }
    if fact.bound:  # the interval is the printed figure's; the bound says what it admits (auditor.bounds)
        entry["bound"] = fact.bound
    return entry


def finding_entry(check, outcome) -> dict:
    rule = outcome.ruleset.by_id(check.rule_id)
    interval = lambda i: None if i is None else [plain(i.lo), plain(i.hi)]  # noqa: E731
    return {
        "rule": check.rule_id,
        "title": rule.title,
        "severity": severity_of(check, rule),
        "status": check.status,
        "message": check.message,
        "subject": check.subject,
        "check": check.check,
        "facts": [fact_entry(fact) for fact in check.facts],
        "location": location_entry(place(check)),
        "expected": interval(check.expected),
        "reported": interval(check.reported),
        "gap": None if check.gap is None else plain(check.gap),
        "unit": unit_of(check.dimension),
        "waiver_reason": check.waiver_reason,
        "cause": None if check.cause is None else check.cause.to_json(),
    }


def location_entry(where) -> dict | None:
    """Where the wording a finding is about stands (a period name, a label), or None."""
    if where is None:
        return None
    return {"document": where.document, "path": where.path, "line": where.line, "text": where.text}


def derived_entry(item) -> dict:
    return {
        "figure": item.describe(),
        "interval": [plain(item.interval.lo), plain(item.interval.hi)],
        "unit": unit_of(item.dimension),
        "facts": list(item.facts),
        "rules": list(item.rules),
        "derivation": list(item.derivation),
        "chain": [link_entry(link) for link in item.links],
    }


def range_entry(value) -> list:
    """[lo, hi] as decimal strings; an open side is null."""
    return [None if bound is None else plain(bound) for bound in (value.lo, value.hi)]


def link_entry(link) -> dict:
    """One step of a derived figure's chain: the figure, the range it was narrowed to, by which rule, from
    which printed facts or earlier derived figures."""
    sources = [{"figure": source.key.describe(), "facts": list(source.facts)} if source.facts is not None
               else {"figure": source.key.describe(),
                     "interval": None if source.value is None else range_entry(source.value)}
               for source in link.sources]
    # the relation itself is the same step's line of "derivation": not repeated here
    return {"figure": link.key.describe(), "interval": range_entry(link.result), "rule": link.rule_id,
            "from": sources}


def summary_entry(outcome) -> dict:
    summary = summarize(outcome)
    entry = {
        "facts": summary.facts, "documents": summary.documents, "rules": summary.rules,
        "checks": summary.checks, "passed": summary.passed, "failed": summary.failed,
        "waived": summary.waived, "skipped": summary.skipped,
        "rules_without_checks": summary.idle_rules, "stale_waivers": summary.stale_waivers,
    }
    if summary.diagnosis_note:  # only when the budget stopped the diagnosis: complete reports keep their bytes
        entry["diagnosis"] = {**outcome.diagnosis.as_dict(), "note": summary.diagnosis_note}
    return entry


def document(outcome) -> dict:
    return {
        "schema_version": SCHEMA_VERSION,
        "summary": summary_entry(outcome),
        "rules": [
            {"id": rule_id, "title": stat.rule.title, "kind": stat.rule.kind, "severity": stat.rule.severity,
             "checks": stat.run, "passed": stat.passed, "failed": stat.failed, "waived": stat.waived,
             "skipped": stat.skipped}
            for rule_id, stat in outcome.stats.items()
        ],
        "findings": [finding_entry(check, outcome) for check in outcome.reported],
        "stale_waivers": [
            {"rule": w.rule, "facts": sorted(w.facts), "path": w.path, "line": w.line}
            for w in outcome.stale_waivers
        ],
        "derived": [derived_entry(item) for item in outcome.derived],
        "coverage": coverage_entry(outcome),
    }


def coverage_entry(outcome) -> dict:
    from auditor.reporters.coverage import json_entry

    return json_entry(outcome.coverage)


def render(outcome) -> str:
    # Strings stay exact (JSON escapes control characters); only what UTF-8 cannot hold is escaped.
    return json.dumps(utf8_strings(document(outcome)), indent=2, ensure_ascii=False, sort_keys=False) + "\n"
