"""Machine outputs carry the diagnosis: SARIF (validated against the official 2.1.0 schema, a copy in
tests/data), GitHub annotations and JUnit (parsed with xml.etree) name the likely cause and the value to
print instead; JUnit test cases point at the fixture line to edit and have short names.

group-split's failing example (tests/data/rule_examples) fails once with a cause the diagnosis settles on
(x.1.revenue.fy2008 printed 20.0, likely 25.0); agreement's fails with an undetermined one.
"""

from __future__ import annotations

import json
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import jsonschema

from auditor.loader import display_path
from conftest import FIXTURES, RULES

DATA = Path(__file__).resolve().parent / "data"
EXAMPLES = DATA / "rule_examples"
SCHEMA = json.loads((DATA / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))
SUSPECT, SUGGESTED = "x.1.revenue.fy2008", "25.0"


def check(run, example: str, *extra):
    return run("check", "--rules", RULES, "--fixtures", EXAMPLES / example / "failing", *extra)


def valid_sarif(text: str) -> dict:
    document = json.loads(text)
    jsonschema.Draft4Validator(SCHEMA).validate(document)  # the schema is draft-04
    return document


def results(document: dict) -> list[dict]:
    return document["runs"][0]["results"]


# -- SARIF -----------------------------------------------------------------------------------------


def test_schema_copy_is_the_official_one():
    assert SCHEMA["title"] == "Static Analysis Results Format (SARIF) Version 2.1.0 JSON Schema"
    jsonschema.Draft4Validator.check_schema(SCHEMA)


def test_sarif_result_names_the_cause_and_the_suggested_value(run):
    result = check(run, "group-split", "--format", "sarif")
    assert result.code == 1, str(result)
    (entry,) = results(valid_sarif(result.out))
    cause = entry["properties"]["likelyCause"]
    assert (cause["kind"], cause["fact"], cause["suggested"]) == ("digit", SUSPECT, SUGGESTED)
    assert cause["explanation"] and set(cause) == {"kind", "fact", "suggested", "explanation"}
    message = entry["message"]["text"]
    assert message.startswith("the parts' sum fails: ")
    assert message.endswith(f"; likely cause: {cause['explanation']}; suggested value of {SUSPECT}: "
                            f"{SUGGESTED} JPY billion")


def test_sarif_undetermined_cause_is_a_property_only(run):
    result = check(run, "agreement", "--format", "sarif")
    (entry,) = results(valid_sarif(result.out))
    cause = entry["properties"]["likelyCause"]
    assert cause["kind"] == "undetermined" and cause["fact"] is None and cause["suggested"] is None
    assert "likely cause" not in entry["message"]["text"]


def test_sarif_without_diagnosis_has_no_cause(run):
    (entry,) = results(valid_sarif(check(run, "group-split", "--format", "sarif", "--no-diagnose").out))
    assert "properties" not in entry and "likely cause" not in entry["message"]["text"]


def test_sarif_of_a_clean_run_is_valid(run):
    result = run("check", "--rules", RULES, "--fixtures", EXAMPLES / "group-split" / "passing",
                 "--format", "sarif")
    assert result.code == 0 and results(valid_sarif(result.out)) == []


def test_sarif_with_waived_findings_is_valid(run, tmp_path):
    fixtures = tmp_path / "fx"
    shutil.copytree(EXAMPLES / "group-split" / "failing", fixtures)
    (fixtures / "waivers.yaml").write_text("waivers:\n- rule: group-split\n  facts: [x.0.revenue.fy2008, "
                                           f"{SUSPECT}, x.2.revenue.fy2008]\n  reason: planted\n")
    result = run("check", "--rules", RULES, "--fixtures", fixtures, "--format", "sarif")
    assert result.code == 0, str(result)
    (entry,) = results(valid_sarif(result.out))
    assert entry["suppressions"] == [{"kind": "external", "justification": "planted"}]
    assert entry["properties"]["likelyCause"]["fact"] == SUSPECT  # a waived finding is explained too


def test_sarif_of_the_project_decks_is_valid(run):
    result = run("check", "--rules", RULES, "--fixtures", FIXTURES, "--format", "sarif")
    document = valid_sarif(result.out)
    causes = [entry["properties"]["likelyCause"] for entry in results(document)]
    assert len(causes) == len(results(document)) > 0
    assert any(cause["kind"] == "mislabel" and cause["suggested"] == "436" for cause in causes)


# -- GitHub annotations ------------------------------------------------------------------------------


def test_github_annotation_ends_with_the_cause(run):
    result = check(run, "group-split", "--format", "github")
    annotation = result.out.splitlines()[0]
    assert annotation.startswith("::error file=")
    message = annotation.split("::", 2)[2]
    assert "; likely cause: " in message
    assert message.endswith(f"; suggested value of {SUSPECT}: {SUGGESTED} JPY billion")


def test_github_annotation_without_a_settled_cause(run):
    annotation = check(run, "agreement", "--format", "github").out.splitlines()[0]
    assert "likely cause" not in annotation


# -- JUnit -------------------------------------------------------------------------------------------


def junit_cases(text: str) -> list[ET.Element]:
    return ET.fromstring(text).findall(".//testcase")


def test_junit_failure_points_at_the_fixture_line(run):
    result = check(run, "group-split", "--format", "junit")
    path = EXAMPLES / "group-split" / "failing" / "example.yaml"
    fixture = display_path(str(path))  # as the loader names it
    (case,) = [case for case in junit_cases(result.out) if case.find("failure") is not None]
    line = path.read_text().splitlines().index("- id: x.0.revenue.fy2008") + 1
    assert case.get("file") == fixture and case.get("line") == str(line)
    assert case.get("classname") == "group-split"
    assert case.get("name") == "group-split: IIJ revenue FY2008 (2008-04..2009-03)"
    text = case.find("failure").text.splitlines()
    assert text[0] == f"{fixture}:{line}: edit here"
    assert text[1].startswith("the parts' sum fails: ")
    assert text[2].startswith("likely cause: ") and text[2].endswith(f"{SUSPECT}: {SUGGESTED} JPY billion")
    assert text[3] == f"facts: x.0.revenue.fy2008, {SUSPECT}, x.2.revenue.fy2008"
    assert text[4:] == ["deck.txt:3: 30.0", "deck.txt:4: 20.0", "deck.txt:5: 5.0"]


def test_junit_passed_cases_have_file_and_line_too(run):
    cases = junit_cases(check(run, "group-split", "--format", "junit").out)
    assert len(cases) > 1 and all(case.get("file") and case.get("line").isdigit() for case in cases)


def test_junit_names_are_short_and_distinct(run):
    result = run("check", "--rules", RULES, "--fixtures", FIXTURES, "--format", "junit", "--no-diagnose")
    suites = ET.fromstring(result.out).findall("testsuite")
    names = [case.get("name") for suite in suites for case in suite.findall("testcase")]
    assert len(names) > 1000 and max(map(len, names)) <= 120
    for suite in suites:
        in_suite = [case.get("name") for case in suite.findall("testcase")]
        assert len(in_suite) == len(set(in_suite)), suite.get("name")


def test_junit_long_subjects_are_cut(run, tmp_path):
    from auditor.reporters.junit import MAX_NAME, case_name

    class Check:
        rule_id, subject = "agreement", "x" * 600

    seen: dict[str, int] = {}
    first, second = case_name(Check, seen), case_name(Check, seen)
    assert len(first) == len(second) == MAX_NAME
    assert first.endswith("...") and second.endswith("... #2")


# -- the example workflow ----------------------------------------------------------------------------


def test_example_workflow_publishes_sarif_and_junit():
    import yaml

    workflow = yaml.safe_load((DATA.parents[1] / "docs" / "github-actions.yml").read_text(encoding="utf-8"))
    steps = workflow["jobs"]["audit"]["steps"]
    audit = next(step for step in steps if "iij-audit check" in step.get("run", ""))
    assert "--output sarif=iij-audit.sarif" in audit["run"] and "--output junit=iij-audit.xml" in audit["run"]
    uses = {step.get("uses", "").split("@")[0]: step for step in steps}
    assert uses["github/codeql-action/upload-sarif"]["with"]["sarif_file"] == "iij-audit.sarif"
    assert uses["mikepenz/action-junit-report"]["with"]["report_paths"] == "iij-audit.xml"
    assert "iij-audit.xml" in uses["actions/upload-artifact"]["with"]["path"]
    for name in ("github/codeql-action/upload-sarif", "mikepenz/action-junit-report", "actions/upload-artifact"):
        assert uses[name]["if"].startswith("always()")  # the audit fails exactly when the reports matter
    assert workflow["permissions"]["checks"] == "write"
