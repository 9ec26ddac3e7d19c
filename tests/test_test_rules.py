"""``iij-audit test-rules``: each rule against its failing and passing examples (auditor/testrules.py).

The examples are copies of the project's own (tests/data/rule_examples/group-split), altered one way per
test: what the command says for the rule (ok / FAIL and why), its summary, and its exit code.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from conftest import RULES

from auditor.ruleset import load_rules

PROJECT_EXAMPLES = Path(__file__).resolve().parent / "data" / "rule_examples"
RULE = "group-split"


@pytest.fixture
def examples(tmp_path) -> Path:
    root = tmp_path / "examples"
    shutil.copytree(PROJECT_EXAMPLES / RULE, root / RULE)
    return root


def run_test_rules(run, examples: Path, *extra):
    return run("test-rules", "--rules", RULES, "--examples", examples, *extra)


def rule_line(result, rule_id: str = RULE) -> str:
    (line,) = [line for line in result.out.splitlines() if line.split()[1].rstrip(":") == rule_id]
    return line


def test_a_rule_that_passes_its_examples_is_ok(run, examples):
    result = run_test_rules(run, examples)
    assert result.code == 0, str(result)
    assert rule_line(result) == f"ok   {RULE}"
    assert rule_line(result, "agreement") == "ok   agreement (no failing example, no passing example)"
    total = len(load_rules(str(RULES)).rules)
    assert result.out.splitlines()[-1].startswith(f"{total} rule(s): {total} ok, 0 failed; {total - 1} lack an example")


def test_strict_fails_the_rules_without_examples(run, examples):
    result = run_test_rules(run, examples, "--strict")
    assert result.code == 1, str(result)
    assert rule_line(result) == f"ok   {RULE}"
    assert rule_line(result, "agreement") == "FAIL agreement: no failing example; no passing example"


def test_strict_fails_a_rule_without_a_passing_example(run, examples):
    shutil.rmtree(examples / RULE / "passing")
    assert run_test_rules(run, examples).code == 0
    result = run_test_rules(run, examples, "--strict")
    assert rule_line(result) == f"FAIL {RULE}: no passing example"


def test_a_failing_example_that_does_not_fail(run, examples):
    fixture = examples / RULE / "failing" / "example.yaml"
    shutil.copy(examples / RULE / "passing" / "example.yaml", fixture)
    shutil.copy(examples / RULE / "passing" / "decks" / "deck.txt", examples / RULE / "failing" / "decks" / "deck.txt")
    result = run_test_rules(run, examples)
    assert result.code == 1, str(result)
    assert rule_line(result) == f"FAIL {RULE}: failing example in {examples / RULE / 'failing'}: no finding of {RULE}"


def test_a_finding_at_another_line_than_its_mark(run, examples):
    fixture = examples / RULE / "failing" / "example.yaml"
    text = fixture.read_text().replace(f"# ruleid: {RULE}\n", "")
    fixture.write_text(text.replace("- id: x.1.", f"# ruleid: {RULE}\n- id: x.1."))
    lines = fixture.read_text().splitlines()
    marked, found = lines.index(f"# ruleid: {RULE}") + 2, lines.index("- id: x.0.revenue.fy2008") + 1
    result = run_test_rules(run, examples)
    assert result.code == 1, str(result)
    line = rule_line(result)
    assert line.startswith(f"FAIL {RULE}: failing example: no finding of {RULE} at {fixture}:{marked}; "
                           f"failing example: unexpected finding of {RULE} at {fixture}:{found} ("), line


def test_a_mark_of_another_rule_must_be_found_too(run, examples):
    fixture = examples / RULE / "failing" / "example.yaml"
    fixture.write_text(fixture.read_text().replace(f"# ruleid: {RULE}\n", f"# ruleid: {RULE}\n# ruleid: agreement\n"))
    result = run_test_rules(run, examples)
    assert result.code == 1, str(result)
    assert rule_line(result) == f"FAIL {RULE}: failing example: no finding of agreement at {fixture}:8"


def test_a_failing_example_with_a_finding_of_another_rule(run, examples):
    """Without marks, only the planted error may fail: here a figure is also not printed where cited."""
    fixture = examples / RULE / "failing" / "example.yaml"
    fixture.write_text(fixture.read_text().replace(f"# ruleid: {RULE}\n", "").replace("label: Total Revenues",
                                                                                       "label: Nope"))
    result = run_test_rules(run, examples)
    assert result.code == 1, str(result)
    assert rule_line(result).startswith(f"FAIL {RULE}: failing example: unexpected finding of provenance at "
                                        f"{fixture}:6 ("), str(result)


def test_a_passing_example_with_a_finding(run, examples):
    fixture = examples / RULE / "passing" / "example.yaml"
    fixture.write_text(fixture.read_text().replace("value: '25.0'", "value: '20.0'"))
    deck = examples / RULE / "passing" / "decks" / "deck.txt"
    deck.write_text(deck.read_text().replace("business\t25.0", "business\t20.0"))
    result = run_test_rules(run, examples)
    assert result.code == 1, str(result)
    assert rule_line(result).startswith(f"FAIL {RULE}: passing example: unexpected finding of {RULE} at "
                                        f"{fixture}:"), str(result)


def test_a_passing_example_the_rule_does_not_check(run, examples):
    """A rule that checks nothing passes anything: that is no evidence, so it fails."""
    fixture = examples / RULE / "passing" / "example.yaml"
    text = fixture.read_text()
    fixture.write_text(text[:text.index("- id: x.2.")])  # a part missing: the total is skipped
    result = run_test_rules(run, examples)
    assert result.code == 1, str(result)
    assert f"passing example in {examples / RULE / 'passing'}: {RULE} found nothing to check" in rule_line(result)


def test_an_example_directory_of_no_rule_fails(run, examples):
    shutil.copytree(examples / RULE, examples / "group-splt")
    result = run_test_rules(run, examples)
    assert result.code == 1, str(result)
    assert "FAIL group-splt: an example directory of no rule (rename or remove it)" in result.out.splitlines()
    assert "1 example director(y/ies) of no rule: group-splt" in result.out.splitlines()[-1]


def test_quiet_prints_only_the_failures(run, examples):
    assert run_test_rules(run, examples, "-q").out == ""
    shutil.rmtree(examples / RULE / "passing")
    result = run_test_rules(run, examples, "--quiet", "--strict")
    assert result.code == 1
    assert len(result.out.splitlines()) == len(load_rules(str(RULES)).rules)  # every rule lacks an example; no summary line


# -- bad input: exit 2, path[:line]: message ---------------------------------------------------------


def test_missing_examples_directory(run, tmp_path):
    result = run_test_rules(run, tmp_path / "nowhere")
    assert result.code == 2
    assert f"{tmp_path / 'nowhere'}: no such directory" in result.err


def test_examples_directory_linked_outside_the_project(run, tmp_path, monkeypatch):
    project = tmp_path / "project"
    project.mkdir()
    (tmp_path / "outside").mkdir()
    os.symlink(tmp_path / "outside", project / "examples")
    monkeypatch.chdir(project)
    result = run("test-rules", "--rules", RULES, "--examples", "examples")
    assert result.code == 2
    assert "examples: symbolic link pointing outside" in result.err


def test_malformed_example_is_bad_input(run, examples):
    fixture = examples / RULE / "failing" / "example.yaml"
    fixture.write_text(fixture.read_text().replace("  period: FY2008\n", "  period: [FY2008\n", 1))
    result = run_test_rules(run, examples)
    assert result.code == 2, str(result)
    assert result.err.startswith(f"{fixture}:"), result.err
    assert "nothing was checked" in result.err and result.out == ""


def test_mark_naming_no_rule_is_bad_input(run, examples):
    fixture = examples / RULE / "failing" / "example.yaml"
    fixture.write_text(fixture.read_text().replace(f"# ruleid: {RULE}", "# ruleid: group-splt"))
    result = run_test_rules(run, examples)
    assert result.code == 2, str(result)
    assert f"{fixture}:6: ruleid names no rule: 'group-splt'" in result.err


def test_mark_marking_nothing_is_bad_input(run, examples):
    fixture = examples / RULE / "failing" / "example.yaml"
    fixture.write_text(fixture.read_text() + f"# ruleid: {RULE}\n")
    result = run_test_rules(run, examples)
    assert result.code == 2, str(result)
    assert f"{fixture}: a ruleid comment at the end of the file marks no fact" in result.err


def test_rule_directory_linked_outside_the_examples(run, examples, tmp_path):
    """A stranger's ``examples/group-split -> /somewhere`` would have files outside read as an example."""
    outside = tmp_path / "outside"
    shutil.move(examples / RULE, outside)
    os.symlink(outside, examples / RULE)
    result = run_test_rules(run, examples)
    assert result.code == 2, str(result)
    assert f"{examples / RULE}: symbolic link pointing outside {examples}" in result.err
