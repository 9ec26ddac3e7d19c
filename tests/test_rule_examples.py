"""Every rule of rules/*.yaml passes its examples under tests/data/rule_examples/<rule-id>/, tested the way
a user tests a rule of their own: with ``iij-audit test-rules`` (auditor/testrules.py).

Each failing example is a tiny deck (``decks/deck.txt``) and its fixture (``example.yaml``) with one planted
error, marked ``# ruleid: <rule-id>`` above the fact the finding is reported at, so a rule that finds
nothing on the real decks is still shown to be able to fail. A passing example (``passing/``) shows the
rule checking true figures without a finding. Adding a rule without both examples fails this suite
(``--strict``).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from auditor.cli import main
from auditor.ruleset import load_rules
from conftest import RULES

EXAMPLES = Path(__file__).resolve().parent / "data" / "rule_examples"
RULE_IDS = [rule.id for rule in load_rules(str(RULES)).rules]


@pytest.fixture(scope="module")
def report() -> dict:
    """The command's exit code and its line for each rule (run once for the module)."""
    import contextlib
    import io

    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(["test-rules", "--rules", str(RULES), "--examples", str(EXAMPLES), "--strict"])
    lines = {line.split()[1].rstrip(":"): line for line in out.getvalue().splitlines()[:-1]}
    return {"code": code, "lines": lines, "out": out.getvalue(), "err": err.getvalue()}


def test_rules_are_found() -> None:
    assert len(RULE_IDS) == len(set(RULE_IDS)) > 0


def test_every_example_passes(report) -> None:
    assert report["code"] == 0, report["out"] + report["err"]
    assert report["out"].splitlines()[-1].startswith(f"{len(RULE_IDS)} rule(s): {len(RULE_IDS)} ok, 0 failed")


@pytest.mark.parametrize("rule_id", RULE_IDS)
def test_rule_has_both_examples_and_passes_them(rule_id: str, report) -> None:
    line = report["lines"][rule_id]
    assert line.startswith(f"ok   {rule_id}"), line
    assert "example" not in line, f"rule {rule_id!r} lacks an example under {EXAMPLES / rule_id}: {line}"


def test_no_example_without_a_rule(report) -> None:
    assert set(report["lines"]) == set(RULE_IDS), report["out"]
