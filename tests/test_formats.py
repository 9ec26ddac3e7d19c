"""Output formats checked against their structure: SARIF 2.1.0, JUnit XML, GitHub workflow commands."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from auditor.cli import main
from auditor.reporters.github import escape_data, escape_property

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "tests" / "data" / "example"
BASE = ["check", "--rules", str(ROOT / "rules"), "--fixtures", str(EXAMPLE)]


def run(capsys, *argv: str) -> tuple[int, str]:
    code = main([*BASE, *argv])
    return code, capsys.readouterr().out


def test_sarif_has_the_required_structure(capsys) -> None:
    code, out = run(capsys, "--format", "sarif")
    sarif = json.loads(out)
    assert code == 1
    assert sarif["version"] == "2.1.0" and "sarif-2.1.0" in sarif["$schema"]
    (run_,) = sarif["runs"]
    driver = run_["tool"]["driver"]
    assert driver["name"] == "iij-audit"
    rule_ids = [rule["id"] for rule in driver["rules"]]
    assert len(rule_ids) == len(set(rule_ids)) and "pl-gross-margin" in rule_ids
    assert all(rule["shortDescription"]["text"] and rule["defaultConfiguration"]["level"] in ("error", "warning")
               for rule in driver["rules"])
    results = run_["results"]
    assert len(results) == 5
    for result in results:
        assert driver["rules"][result["ruleIndex"]]["id"] == result["ruleId"]
        assert result["level"] == "error" and result["message"]["text"]
        location = result["locations"][0]["physicalLocation"]
        # a finding whose likely cause is a label slip is located where the label is printed (issue 15)
        label_slip = result.get("properties", {}).get("likelyCause", {}).get("kind") in ("mislabel", "wrong_period")
        assert location["artifactLocation"]["uri"].endswith("decks/example.txt" if label_slip else "example.yaml")
        assert location["region"]["startLine"] >= 1
        related = result["relatedLocations"][0]["physicalLocation"]
        assert related["artifactLocation"]["uri"].endswith("decks/example.txt")
        assert len(result["partialFingerprints"]["iijAudit/v1"]) == 64


def test_sarif_fingerprints_are_stable_across_runs(capsys) -> None:
    first = json.loads(run(capsys, "--format", "sarif")[1])
    second = json.loads(run(capsys, "--format", "sarif")[1])
    prints = lambda sarif: [r["partialFingerprints"] for r in sarif["runs"][0]["results"]]  # noqa: E731
    assert prints(first) == prints(second)
    assert len({p["iijAudit/v1"] for p in prints(first)}) == 5


def test_sarif_marks_waived_findings_as_suppressed(tmp_path: Path, capsys) -> None:
    waivers = tmp_path / "waivers.yaml"
    waivers.write_text("waivers:\n  - rule: balance-change\n"
                       "    facts: [ex.cash.2011-03-31, ex.cash.2011-06-30, ex.cash.change]\n"
                       "    reason: planted\n")
    _, out = run(capsys, "--format", "sarif", "--waivers", str(waivers))
    results = json.loads(out)["runs"][0]["results"]
    suppressed = [r for r in results if "suppressions" in r]
    assert [r["ruleId"] for r in suppressed] == ["balance-change"]
    assert suppressed[0]["suppressions"] == [{"kind": "external", "justification": "planted"}]


def test_junit_parses_with_one_case_per_check(capsys) -> None:
    code, out = run(capsys, "--format", "junit")
    root = ET.fromstring(out.encode())
    cases = root.findall("./testsuite/testcase")
    assert code == 1 and root.tag == "testsuites"
    assert int(root.get("tests")) == len(cases) == 29  # every check run, passed ones included
    failures = [case for case in cases if case.find("failure") is not None]
    assert len(failures) == int(root.get("failures")) == 5
    for suite in root.findall("testsuite"):
        assert all(case.get("classname") == suite.get("name") for case in suite.findall("testcase"))
    gross = [case for case in failures if case.get("classname") == "pl-gross-margin"]
    assert "example.txt:6: 12.3" in gross[0].find("failure").text


def test_github_annotations_escape_and_locate(capsys) -> None:
    code, out = run(capsys, "--format", "github")
    lines = out.splitlines()
    annotations = [line for line in lines if line.startswith("::error ")]
    assert code == 1 and len(annotations) == 5
    first = annotations[0]
    assert first.startswith("::error file=")
    assert ",line=16,title=pl-gross-margin%3A Revenue equals cost of revenue plus gross margin::" in first


def test_github_format_is_chosen_automatically_under_actions(capsys, monkeypatch) -> None:
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    code, out = run(capsys)
    assert code == 1 and out.startswith("::error file=")


@pytest.mark.parametrize("text, data, prop", [
    ("100% done", "100%25 done", "100%25 done"),
    ("a: b, c", "a: b, c", "a%3A b%2C c"),
    ("two\nlines\r", "two%0Alines%0D", "two%0Alines%0D"),
])
def test_annotation_escaping(text: str, data: str, prop: str) -> None:
    assert escape_data(text) == data
    assert escape_property(text) == prop


def test_several_formats_in_one_run(tmp_path: Path, capsys) -> None:
    outputs = {name: tmp_path / f"report.{name}" for name in ("json", "sarif", "junit", "markdown")}
    code = main([*BASE, *[f"--output={name}={path}" for name, path in outputs.items()]])
    capsys.readouterr()
    assert code == 1
    assert json.loads(outputs["json"].read_text())["summary"]["failed"] == 5
    assert json.loads(outputs["sarif"].read_text())["version"] == "2.1.0"
    assert ET.fromstring(outputs["junit"].read_bytes()).tag == "testsuites"
    assert outputs["markdown"].read_text().startswith("# iij-audit report")
