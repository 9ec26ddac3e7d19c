"""SARIF 2.1.0 for GitHub code scanning: a ``rules`` entry per rule, results located at the fixture line
(a finding about a period name or label: at the deck line printing it) with the source deck lines as
related locations, stable fingerprints, waived findings as suppressions. The likely cause and the value to print instead
are in the message and, with an undetermined one too, in ``properties.likelyCause``.
Every string can be written as UTF-8: a file name's bytes that are not UTF-8 are shown as escapes."""

from __future__ import annotations

import hashlib
import json

from auditor import __version__
from auditor.reporters.common import cause_sentence, known_cause, place
from auditor.reporters.safe import utf8_strings
from auditor.results import severity_of

LEVEL = {"error": "error", "warning": "warning"}


def fingerprint(check) -> str:
    """Stable across runs and line moves: the rule and the ids of the facts involved."""
    text = check.rule_id + "\0" + "\0".join(check.fact_ids)
    return hashlib.sha256(text.encode()).hexdigest()


def rule_entry(rule) -> dict:
    return {
        "id": rule.id,
        "name": rule.id,
        "shortDescription": {"text": rule.title},
        "fullDescription": {"text": rule.rationale},
        "defaultConfiguration": {"level": LEVEL[rule.severity]},
        "properties": {"kind": rule.kind},
    }


def location(uri: str, line: int, text: str | None = None, ident: int | None = None) -> dict:
    entry: dict = {"physicalLocation": {"artifactLocation": {"uri": uri}, "region": {"startLine": line}}}
    if ident is not None:
        entry["id"] = ident
    if text is not None:
        entry["message"] = {"text": text}
    return entry


def cause_property(cause) -> dict:
    """The diagnosis as a result property: what kind of misprint, which fact, the value it should read."""
    entry = {"kind": cause.kind, "fact": cause.fact, "suggested": cause.suggested, "explanation": cause.explanation}
    if cause.alternatives:
        entry["alternatives"] = list(cause.alternatives)
    return entry


def result_entry(check, rules: dict, index: dict, where=None) -> dict:
    """``where``: the line printing the wording the finding is about, its primary location (the data
    rows stay related locations); else the first fact's fixture line."""
    rule = rules[check.rule_id]
    fact = check.primary
    cause = check.cause
    primary = location(fact.fixture, fact.fixture_line) if where is None else \
        location(where.path, where.line, f"printed {where.text!r}")
    sentence = cause_sentence(known_cause(check), check.facts)
    result = {
        "ruleId": check.rule_id,
        "ruleIndex": index[check.rule_id],
        "level": LEVEL[severity_of(check, rule)],
        "message": {"text": check.message + (f"; {sentence}" if sentence else "")},
        "locations": [primary],
        "relatedLocations": [
            location(f.document.path, f.line, f"{f.id}: printed {f.text!r} ({f.label})", number)
            for number, f in enumerate(check.facts)
        ],
        "partialFingerprints": {"iijAudit/v1": fingerprint(check)},
    }
    if cause:
        result["properties"] = {"likelyCause": cause_property(cause)}
    if check.status == "waived":
        result["suppressions"] = [{"kind": "external", "justification": check.waiver_reason}]
    return result


def render(outcome) -> str:
    rules = {rule.id: rule for rule in outcome.ruleset.rules}
    ordered = [rule for rule in outcome.ruleset.rules if rule.id in outcome.stats]
    index = {rule.id: number for number, rule in enumerate(ordered)}
    document = {
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "iij-audit",
                "version": __version__,
                "rules": [rule_entry(rule) for rule in ordered],
            }},
            "results": [result_entry(check, rules, index, place(check))
                        for check in outcome.reported],
        }],
    }
    return json.dumps(utf8_strings(document), indent=2, ensure_ascii=False) + "\n"
