"""The example dataset under tests/data/example: the planted failures, each explained, and nothing else."""

from __future__ import annotations

import json
import os
from pathlib import Path

from auditor.cli import main

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "tests" / "data" / "example"
PLANTED = {
    ("pl-gross-margin", ("ex.cost.1q10", "ex.margin.1q10", "ex.revenue.1q10")),
    ("change-relative", ("ex.cost.1q10", "ex.cost.1q11", "ex.cost.yoy")),
    ("agreement", ("ex.margin.1q11", "ex.margin.1q11.sentence")),
    ("agreement", ("ex.sub.opinc.1q11", "ex.sub.opinc.1q11.b")),
    ("balance-change", ("ex.cash.2011-03-31", "ex.cash.2011-06-30", "ex.cash.change")),
}


def run_json(capsys) -> tuple[int, dict]:
    code = main(["check", "--rules", str(ROOT / "rules"), "--fixtures", str(EXAMPLE), "--format", "json"])
    return code, json.loads(capsys.readouterr().out)


def test_every_planted_failure_and_nothing_else(capsys) -> None:
    code, report = run_json(capsys)
    found = {(f["rule"], tuple(sorted(fact["id"] for fact in f["facts"]))) for f in report["findings"]}
    assert code == 1
    assert found == PLANTED


def test_findings_explain_themselves(capsys) -> None:
    _, report = run_json(capsys)
    finding = next(f for f in report["findings"] if f["rule"] == "pl-gross-margin")
    assert finding["title"] == "Revenue equals cost of revenue plus gross margin"
    assert finding["check"] == "15.8 JPY billion == 12.3 JPY billion + 3.0 JPY billion"
    assert finding["reported"] == ["15750", "15850"] and finding["expected"] == ["15200", "15400"]
    assert finding["gap"] == "350" and finding["unit"] == "JPY million"
    cited = {(fact["document"], fact["line"], fact["text"]) for fact in finding["facts"]}
    assert ("example.txt", 6, "12.3") in cited
    assert "off by 350 JPY million beyond rounding" in finding["message"]


def test_the_likely_cause_names_the_mislabel_and_its_concept(capsys) -> None:
    _, report = run_json(capsys)
    finding = next(f for f in report["findings"] if "ex.sub.opinc.1q11" in {x["id"] for x in f["facts"]})
    cause = finding["cause"]
    assert cause["kind"] == "mislabel" and cause["fact"] == "ex.sub.opinc.1q11"
    assert cause["concept"] == "revenue"
    assert "is the revenue of IIJ-Global for the same period" in cause["explanation"]


def test_the_likely_cause_of_a_mistyped_digit(capsys) -> None:
    _, report = run_json(capsys)
    finding = next(f for f in report["findings"] if f["rule"] == "pl-gross-margin")
    assert finding["cause"]["kind"] == "digit" and finding["cause"]["fact"] == "ex.cost.1q10"
    assert finding["cause"]["suggested"] == "12.8"


def test_text_output_is_one_line_per_finding(capsys) -> None:
    code = main(["check", "--rules", str(ROOT / "rules"), "--fixtures", str(EXAMPLE)])
    lines = capsys.readouterr().out.splitlines()
    assert code == 1
    assert len(lines) == len(PLANTED) + 1  # findings + summary
    fixture = os.path.relpath(EXAMPLE / "example.yaml")
    assert lines[0].startswith(f"{fixture}:16: error pl-gross-margin revenue == cost_of_revenue")
    assert "5 failed" in lines[-1]
