"""The pipeline (auditor.pipeline): one function for a whole run, an immutable report, typed causes on
their findings, one propagation per run, and the properties of rule kinds read through the registry."""

from __future__ import annotations

import dataclasses
import datetime
import json
import types
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from conftest import FIXTURES, RULES

from auditor import kinds
from auditor.diagnosis.derive import Propagation
from auditor.diagnosis.cause import Cause
from auditor.loader import load_dataset
from auditor.pipeline import Options, UnknownRules, run, run_loaded
from auditor.reporters import github, jsonreport, junit, sarif
from auditor.ruleset import load_rules

PROJECT = Path(__file__).resolve().parents[1]
EXAMPLE = PROJECT / "tests" / "data" / "rule_examples" / "group-split" / "failing"
SUSPECT, SUGGESTED = "x.1.revenue.fy2008", "25.0"
# what `iij-audit check` runs on the project: its waivers, causes and derived figures for the JSON report
PROJECT_RUN = Options(rules=str(RULES), paths=(str(FIXTURES),), fixtures=str(FIXTURES),
                      waivers=str(FIXTURES / "waivers.yaml"), diagnose_waived=True, derive=True)


@pytest.fixture(scope="module")
def project_report():
    return run(PROJECT_RUN)


@pytest.fixture(scope="module")
def example():
    ruleset = load_rules(str(RULES))
    return ruleset, load_dataset([str(EXAMPLE)], ruleset.vocabulary)


def test_run_gives_the_committed_json_report(project_report, monkeypatch):
    # the same function the check command calls: its report renders to reports/audit.json byte for byte
    monkeypatch.chdir(PROJECT)
    report = run(dataclasses.replace(PROJECT_RUN, rules=None, paths=("fixtures",), fixtures="fixtures",
                                     waivers="fixtures/waivers.yaml"))
    assert jsonreport.render(report) == (PROJECT / "reports" / "audit.json").read_text(encoding="utf-8")


def test_runs_are_identical(project_report):
    assert jsonreport.render(run(PROJECT_RUN)) == jsonreport.render(project_report)


def test_the_report_and_its_checks_cannot_change(project_report):
    finding = project_report.findings[0]
    with pytest.raises(dataclasses.FrozenInstanceError):
        project_report.derived = ()
    with pytest.raises(dataclasses.FrozenInstanceError):
        finding.status = "failed"
    with pytest.raises(dataclasses.FrozenInstanceError):
        finding.cause = None
    with pytest.raises(TypeError):
        project_report.stats["agreement"] = None
    assert isinstance(project_report.checks, tuple)


def test_a_finding_is_built_with_its_waiver_and_its_cause(project_report):
    # every finding of the decks is waived with a reason, and still explained
    findings = project_report.findings
    assert findings and all(check.status == "waived" and check.waiver_reason for check in findings)
    (iijg,) = [c for c in findings if c.rule_id == "agreement" and "d000.rev.gl.operating_income.1q11" in c.fact_ids]
    assert (iijg.cause.kind, iijg.cause.fact, iijg.cause.concept, iijg.cause.suggested) == (
        "mislabel", "d000.rev.gl.operating_income.1q11", "revenue", "436")


def test_per_rule_counts_move_waived_findings_out_of_failed(project_report):
    waived = sum(stat.waived for stat in project_report.stats.values())
    failed = sum(stat.failed for stat in project_report.stats.values())
    assert waived == len(project_report.findings) and failed == 0


def test_a_passed_check_keeps_no_relation_text_or_intervals(project_report):
    passed = [check for check in project_report.checks if check.passed]
    assert passed and all(c.check == "" and c.expected is None and c.reported is None and c.cause is None
                          and c.status == "passed" for c in passed)


def test_an_expired_waiver_fails_again_with_a_note_and_is_not_stale(tmp_path, example):
    ruleset, dataset = example
    waivers = tmp_path / "waivers.yaml"
    waivers.write_text("waivers:\n- rule: group-split\n  facts: [x.0.revenue.fy2008, x.1.revenue.fy2008, "
                       "x.2.revenue.fy2008]\n  reason: planted\n  expires: 2020-01-01\n")
    options = Options(fixtures=str(tmp_path), waivers=str(waivers), today=datetime.date(2021, 1, 1))
    (finding,) = run_loaded(ruleset, dataset, options).findings
    assert (finding.status, finding.waiver_reason) == ("failed", "waiver expired on 2020-01-01: planted")
    report = run_loaded(ruleset, dataset, dataclasses.replace(options, today=datetime.date(2019, 1, 1)))
    assert [c.status for c in report.findings] == ["waived"] and report.stale_waivers == ()


def test_the_propagation_is_built_once_per_run(monkeypatch):
    built = []
    original = Propagation.__init__

    def counting(self, *args, **kwargs):
        built.append(1)
        original(self, *args, **kwargs)

    monkeypatch.setattr(Propagation, "__init__", counting)
    report = run(PROJECT_RUN)
    assert report.derived and all(check.cause is not None for check in report.findings)
    assert len(built) == 1


def test_no_diagnosis_no_cause_and_no_propagation(monkeypatch, example):
    ruleset, dataset = example
    monkeypatch.setattr(Propagation, "__init__", lambda *a, **k: pytest.fail("propagation built"))
    report = run_loaded(ruleset, dataset, Options(diagnose=False, derive=True))
    assert [c.cause for c in report.findings] == [None] and report.diagnosis is None and report.derived == ()


def test_sarif_github_and_junit_show_the_cause_and_the_suggested_value(example):
    ruleset, dataset = example
    report = run_loaded(ruleset, dataset)
    (finding,) = report.findings
    sentence = (f"likely cause: {finding.cause.explanation}; suggested value of {SUSPECT}: "
                f"{SUGGESTED} JPY billion")
    (result,) = json.loads(sarif.render(report))["runs"][0]["results"]
    assert result["message"]["text"].endswith("; " + sentence)
    assert result["properties"]["likelyCause"]["suggested"] == SUGGESTED
    assert github.render(report).splitlines()[0].endswith("; " + sentence)
    failure = ET.fromstring(junit.render(report)).find(".//failure")
    assert sentence in failure.text


def test_unknown_rules_are_named(example):
    ruleset, dataset = example
    with pytest.raises(UnknownRules) as raised:
        run_loaded(ruleset, dataset, Options(excluded_rules=("no-such-rule",)))
    assert (raised.value.option, raised.value.ids) == ("excluded_rules", ["no-such-rule"])


def test_an_idle_rule_without_a_reason_is_a_coverage_problem_of_the_report(example):
    # --strict reads the report's coverage (auditor.coverage): the run itself refuses nothing
    ruleset, dataset = example
    report = run_loaded(ruleset, dataset, Options(diagnose=False))
    idle = [p for p in report.coverage.problems if "found nothing to check" in p.message]
    assert idle and all(p.path.startswith(str(RULES)) and p.line for p in idle)  # path:line of the rule


def test_selected_rules_only(example):
    ruleset, dataset = example
    report = run_loaded(ruleset, dataset, Options(only_rules=("group-split", "agreement"),
                                                  excluded_rules=("agreement",), diagnose=False))
    assert list(report.stats) == ["group-split"] and {c.rule_id for c in report.checks} == {"group-split"}


# -- Cause ---------------------------------------------------------------------------------------------

DESCRIBED = {"kind": "digit", "fact": "f.1", "suggested": "25.0", "explanation": "one digit mistyped",
             "corrected": ["24950", "25050"], "implied": {"f.0": ["1", None], "f.1": None}}
UNDETERMINED = {"kind": "undetermined", "fact": None, "suggested": None, "explanation": "2 fit",
                "alternatives": ["sign of f.1 as 2", "digit of f.2 as 3"], "implied": {"f.1": ["0", "2"]}}


@pytest.mark.parametrize("raw", [DESCRIBED, UNDETERMINED, {**DESCRIBED, "other_fact": "f.2", "pair": {"a": [1]}},
                                 {"kind": "undetermined", "fact": None, "suggested": None, "explanation": "x",
                                  "alternatives": []}])
def test_cause_gives_back_the_diagnosis_json_exactly(raw):
    cause = Cause.from_dict(raw)
    assert json.dumps(cause.to_json()) == json.dumps(raw)  # keys, order and values


def test_cause_fields_are_typed_and_frozen():
    cause = Cause.from_dict({**DESCRIBED, "other_fact": "f.2"})
    assert (cause.kind, cause.fact, cause.corrected, cause.known) == ("digit", "f.1", ("24950", "25050"), True)
    assert cause.implied_ranges == {"f.0": ("1", None), "f.1": None}
    assert dict(cause.extra) == {"other_fact": "f.2"}
    assert not Cause.from_dict(UNDETERMINED).known
    with pytest.raises(dataclasses.FrozenInstanceError):
        cause.kind = "sign"


def test_a_cause_built_directly_writes_its_set_fields():
    cause = Cause("sign", "flipped", fact="f.1", suggested="-3", corrected=("-3.5", "-2.5"))
    assert cause.to_json() == {"kind": "sign", "fact": "f.1", "suggested": "-3", "explanation": "flipped",
                               "corrected": ["-3.5", "-2.5"]}


# -- kind properties -----------------------------------------------------------------------------------


def test_kind_properties_come_from_the_kind_modules():
    # (named kinds, not the whole registry: kinds added later state their own properties)
    assert {k: kinds.states_values(k) for k in ("provenance", "period_label", "equation", "agreement")} == {
        "provenance": False, "period_label": False, "equation": True, "agreement": True}
    assert {k: not kinds.uses_derived(k) for k in ("provenance", "period_label", "direction", "trend", "share")} == {
        "provenance": True, "period_label": True, "direction": True, "trend": True, "share": False}
    assert {k: kinds.record_check(k) for k in ("provenance", "period_label", "change")} == {
        "provenance": True, "period_label": False, "change": False}


def test_a_new_kind_that_says_nothing_is_a_value_rule(monkeypatch):
    monkeypatch.setitem(kinds.KINDS, "new_kind", types.ModuleType("new_kind"))
    assert kinds.states_values("new_kind") and kinds.uses_derived("new_kind")
    assert not kinds.record_check("new_kind")
