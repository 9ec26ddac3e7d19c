"""``iij-audit coverage`` and the coverage sections of the reports (docs/coverage.md): the small dataset
tests/data/coverage lists exactly its unchecked figures and unrecorded tokens with their reasons."""

from __future__ import annotations

import json
import os
import shutil

import pytest

from auditor.loader import display_path
from conftest import PROJECT, RULES

DATA = PROJECT / "tests" / "data" / "coverage"
# as reports name them: relative to the working directory when inside it (auditor.loader.display_path)
DECK = os.path.relpath(DATA / "decks" / "deck.txt")
FIXTURE = os.path.relpath(DATA / "deck.yaml")
RULE_ARGS = ("--rules", RULES, "--rule", "pl-gross-margin", "--rule", "agreement", "--rule", "provenance")
UNRECORDED = [
    (6, "47.7", None), (7, "47.5", None), (8, "3.5", None), (8, "28.6", None), (10, "1,476", None),
    (12, "5,000", "floor space, stated once, no relation printed"),
    (16, "24", "facility specifications"), (16, "216", "facility specifications"),
]
UNCHECKED = [
    ("cov.revenue.1q10", 6, "the prior year's margin is not recorded"),
    ("cov.cost.1q10", 7, None),
    ("cov.employees", 11, "stated once, no relation printed"),
]


def fixture_line(fact_id: str) -> int:
    return next(n for n, line in enumerate((DATA / "deck.yaml").read_text().splitlines(), 1)
                if f"id: {fact_id}," in line)


def coverage(run, *extra):
    return run("coverage", "--fixtures", DATA, "--no-cache", *RULE_ARGS, *extra)


def test_json_lists_exactly_the_unchecked_facts_and_unrecorded_tokens(run):
    result = coverage(run, "--format", "json")
    assert result.code == 0, str(result)
    (document,) = result.json["coverage"]["documents"]
    assert [(t["line"], t["text"], t["reason"]) for t in document["unrecorded"]] == UNRECORDED
    assert [(f["fact"], f["line"], f["reason"]) for f in document["unchecked"]] == UNCHECKED
    assert [f["fixture_line"] for f in document["unchecked"]] == [fixture_line(f) for f, _, _ in UNCHECKED]
    assert {item["class"]: item["count"] for item in document["not_figures"]} == {
        "contact": 3, "date": 4, "footnote": 2, "numbering": 4, "period": 8}
    assert (document["tokens"], document["figures"], document["recorded"], document["recorded_percent"]) == (
        36, 15, 7, "46.7")
    assert (document["facts"], document["checked"], document["checked_percent"]) == (7, 4, "57.1")


def test_rules_show_checks_skips_and_idle_reasons(run):
    result = coverage(run, "--format", "json", "--rule", "usd-translation")
    rules = {rule["id"]: rule for rule in result.json["coverage"]["rules"]}
    assert rules["pl-gross-margin"]["checks"] == 1 and rules["pl-gross-margin"]["skipped"] == 1
    assert rules["pl-gross-margin"]["skip_reasons"] == [{"reason": "missing figure(s): gross_margin", "count": 1}]
    assert rules["provenance"]["value_check"] is False
    assert rules["usd-translation"]["idle"] is True
    assert rules["usd-translation"]["idle_reason"] == "the decks print no US$ convenience translations"


def test_text_output_lists_with_path_and_line(run):
    result = coverage(run)
    assert result.code == 0, str(result)
    assert f"{FIXTURE}:{fixture_line('cov.cost.1q10')}: fact cov.cost.1q10 (deck.txt:7 '12.3') is in no " \
           "value check: no reason" in result.out
    assert f"{DECK}:12: '5,000' is recorded by no fact: floor space, stated once, no relation printed" in result.out
    assert "pl-gross-margin: 1 skipped: missing figure(s): gross_margin (1)" in result.out


def test_strict_reports_each_problem_at_its_line_and_exits_1(run):
    result = coverage(run, "--strict", "--rule", "usd-translation", "--rule", "pl-net-income-bridge")
    assert result.code == 1, str(result)
    problems = [line for line in result.err.splitlines() if not line.startswith("iij-audit:")]
    pl = RULES / "pl.yaml"
    bridge = next(n for n, line in enumerate(pl.read_text().splitlines(), 1) if "id: pl-net-income-bridge" in line)
    assert problems == [
        f"{pl}:{bridge}: rule pl-net-income-bridge found nothing to check and has no idle_reason saying why",
        f"{FIXTURE}:{fixture_line('cov.cost.1q10')}: fact cov.cost.1q10 takes part in no value check and has "
        "no 'unchecked' reason",
        *(f"{DECK}:{line}: number {text!r} is recorded by no fact and has no 'unrecorded' reason"
          for line, text, reason in UNRECORDED if reason is None),
    ]
    assert "iij-audit: 7 coverage problem(s) (--strict)" in result.err


def test_without_strict_the_same_problems_exit_0(run):
    assert coverage(run, "--rule", "pl-net-income-bridge").code == 0


def test_check_strict_exits_1_with_the_same_problems(run):
    result = run("check", "--fixtures", DATA, "--no-cache", *RULE_ARGS, "--strict")
    assert result.code == 1, str(result)
    assert f"{DECK}:6: number '47.7' is recorded by no fact and has no 'unrecorded' reason" in result.err


@pytest.fixture
def copy(tmp_path):
    target = tmp_path / "cov"
    shutil.copytree(DATA, target)
    return target


def test_stale_reasons_are_strict_problems(run, copy):
    fixture = copy / "deck.yaml"
    text = fixture.read_text()
    text = text.replace('label: Gross margin}', 'label: Gross margin, unchecked: "no relation"}')
    text = text.replace('unrecorded:\n', 'unrecorded:\n  - {line: 2, text: "29", reason: "a date"}\n')
    fixture.write_text(text)
    result = run("coverage", "--fixtures", copy, "--no-cache", *RULE_ARGS, "--strict")
    assert result.code == 1, str(result)
    line = next(n for n, row in enumerate(text.splitlines(), 1) if "cov.margin.1q11.sentence" in row)
    fixture = display_path(str(fixture))
    assert f"{fixture}:{line}: fact cov.margin.1q11.sentence has an 'unchecked' reason but takes part in a value " \
           "check" in result.err
    assert f"{fixture}:12: this 'unrecorded' entry covers no number token that no fact records" in result.err


def test_a_fully_explained_dataset_passes_strict(run, copy):
    fixture = copy / "deck.yaml"
    text = fixture.read_text().replace('"12.3", line: 7, label: Total Costs}',
                                     '"12.3", line: 7, label: Total Costs, unchecked: "prior year"}')
    text = text.replace("unrecorded:\n", 'unrecorded:\n  - {lines: "6-10", reason: "YoY and changes not recorded"}\n')
    fixture.write_text(text)
    result = run("coverage", "--fixtures", copy, "--no-cache", *RULE_ARGS, "--rule", "usd-translation", "--strict")
    assert result.code == 0, str(result)
    assert result.err == ""


def test_markdown_and_json_reports_carry_the_same_coverage(run):
    markdown = run("check", "--fixtures", DATA, "--no-cache", *RULE_ARGS, "--format", "markdown")
    data = run("check", "--fixtures", DATA, "--no-cache", *RULE_ARGS, "--format", "json")
    assert markdown.code == data.code == 0
    section = markdown.out.split("## Coverage", 1)[1]
    assert "| deck.txt | 36 | 21 | 15 | 7 (46.7%) | 7 | 4 (57.1%) | 3 (1) | 8 (5) |" in section
    assert "### Number tokens no fact records (8)" in section
    coverage_json = data.json["coverage"]
    assert coverage_json["totals"] == {"tokens": 36, "figures": 15, "recorded": 7, "recorded_percent": "46.7",
                                       "facts": 7, "checked": 4, "checked_percent": "57.1"}
    assert coverage_json == coverage(run, "--format", "json").json["coverage"]


def test_markdown_report_shortens_long_lists(run, copy):
    deck = copy / "decks" / "deck.txt"
    deck.write_text(deck.read_text() + "".join(f"Other figure {n}.5\n" for n in range(30)))
    result = run("check", "--fixtures", copy, "--no-cache", *RULE_ARGS, "--format", "markdown")
    section = result.out.split("## Coverage", 1)[1]
    assert "### Number tokens no fact records (38)" in section
    assert "- ... and 18 more (`iij-audit coverage` lists them all)" in section
    full = run("coverage", "--fixtures", copy, "--no-cache", *RULE_ARGS, "--format", "markdown")
    assert f"{display_path(str(deck))}:47: '29.5' is recorded by no fact: no reason" in full.out


def test_output_is_byte_identical_across_runs(run):
    first, second = coverage(run), coverage(run)
    assert first.out == second.out and first.code == second.code == 0
    assert json.loads(coverage(run, "--format", "json").out) == json.loads(coverage(run, "--format", "json").out)


def test_paths_narrow_the_documents(run, copy):
    other = copy / "other.yaml"
    (copy / "decks" / "other.txt").write_text("Revenue 1.0\n")
    other.write_text("document: decks/other.txt\nfacts:\n  - {id: o.rev, concept: revenue, period: 1Q11, "
                     "value: \"1.0\", unit: JPY billion, line: 1, label: Revenue}\n")
    every = run("coverage", "--fixtures", copy, "--no-cache", *RULE_ARGS, "--format", "json")
    narrowed = run("coverage", "--fixtures", copy, "--no-cache", *RULE_ARGS, "--format", "json", other)
    assert [d["document"] for d in every.json["coverage"]["documents"]] == ["deck.txt", "other.txt"]
    assert [d["document"] for d in narrowed.json["coverage"]["documents"]] == ["other.txt"]


def test_bad_reason_fields_exit_2_with_path_and_line(run, copy):
    fixture = copy / "deck.yaml"
    fixture.write_text(fixture.read_text().replace('reason: "facility specifications"', 'reason: ""'))
    result = run("coverage", "--fixtures", copy, "--no-cache", *RULE_ARGS)
    assert result.code == 2, str(result)
    line = next(n for n, row in enumerate(fixture.read_text().splitlines(), 1) if "16-16" in row)
    assert f"{display_path(str(fixture))}:{line}: unrecorded: reason: a reason is a non-empty line of text" in result.err


def test_explain_shows_the_idle_reason(run):
    result = run("explain", "usd-translation", "--rules", RULES)
    assert "Idle on the project's data: the decks print no US$ convenience translations" in result.out


def test_the_configured_report_format_does_not_apply_to_coverage(run, tmp_path, monkeypatch):
    (tmp_path / ".iij-audit.yaml").write_text("format: sarif\n")
    monkeypatch.chdir(tmp_path)
    result = run("coverage", "--fixtures", DATA, "--no-cache", *RULE_ARGS, "--format", "json")
    assert result.code == 0, str(result)
    assert "coverage" in result.json
    plain = run("coverage", "--fixtures", DATA, "--no-cache", *RULE_ARGS)
    assert plain.code == 0 and "coverage per document" in plain.out, str(plain)
