"""Every rule of rules/*.yaml has a failing example under tests/data/rule_examples/<rule-id>/.

Each example is a tiny deck (``decks/deck.txt``) and its fixture (``example.yaml``) with one planted error
that the rule must report, so a rule that finds nothing on the real decks is still shown to be able to
fail. Adding a rule without an example fails this suite.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from auditor.cli import main
from auditor.ruleset import load_rules
from conftest import RULES

EXAMPLES = Path(__file__).resolve().parent / "data" / "rule_examples"
RULE_IDS = [rule.id for rule in load_rules(str(RULES)).rules]


def run_example(example: Path, capsys) -> tuple[int, dict, str]:
    capsys.readouterr()
    code = main(["check", "--rules", str(RULES), "--fixtures", str(example), "--format", "json"])
    out, err = capsys.readouterr()
    return code, json.loads(out), err


def test_rules_are_found() -> None:
    assert len(RULE_IDS) == len(set(RULE_IDS)) > 0


@pytest.mark.parametrize("rule_id", RULE_IDS)
def test_rule_has_a_failing_example(rule_id: str, capsys) -> None:
    example = EXAMPLES / rule_id
    assert example.is_dir(), f"rule {rule_id!r} has no failing example: add {example}"
    assert (example / "example.yaml").is_file() and (example / "decks" / "deck.txt").is_file()
    code, report, err = run_example(example, capsys)
    rules = [finding["rule"] for finding in report["findings"]]
    assert code == 1, f"exit {code}; findings of {rules}\n{err}"
    assert rule_id in rules, f"no finding of {rule_id}; findings of {rules}\n{err}"
    if rule_id != "provenance":
        # The example's figures are printed on the lines they cite: only its planted error fails.
        assert "provenance" not in rules, json.dumps(report["findings"], indent=1)


def test_no_example_without_a_rule() -> None:
    stale = sorted(path.name for path in EXAMPLES.iterdir() if path.is_dir() and path.name not in RULE_IDS)
    assert not stale, f"examples of rules that no longer exist: {stale}"
