"""The propagation's budget of constraint solves (never of time), and the id of contradictions between
repeats of one printed figure."""

from __future__ import annotations

import json

from test_trust_diag import RULES, check, dataset  # noqa: F401 (the fixture: six quarters, twelve findings)

from auditor.diagnosis import propagate
from auditor.diagnosis.derive import REPEATS
from auditor.index import Index
from auditor.loader import load_dataset
from auditor.pipeline import Options, run_loaded
from auditor.ruleset import load_rules

NOTE = ("derived figures and causes from a partial propagation (propagation budget of 10 solves reached; "
        "--propagation-budget N to raise it)")


def loaded(fixtures):
    ruleset = load_rules(str(RULES))
    dataset = load_dataset([str(fixtures)], ruleset.vocabulary)
    return ruleset, dataset, Index(dataset, ruleset.vocabulary)


def test_budget_stops_the_propagation_within_its_solves_and_keeps_it_sound(dataset):  # noqa: F811
    ruleset, _, index = loaded(dataset)
    full = propagate(index, ruleset, revisions=0)
    assert not full.exhausted and full.solves > 10
    cut = propagate(index, ruleset, revisions=10)
    assert cut.exhausted and 0 < cut.solves <= 10
    for key, value in cut.values.items():  # every range still holds what the full run allows
        assert value.intersect(full.values[key]) == full.values[key]
    assert not propagate(index, ruleset, revisions=full.solves).exhausted


def test_json_report_notes_the_spent_propagation_budget(capsys, dataset):  # noqa: F811
    result = check(capsys, dataset, "--format", "json", "--propagation-budget", "10")
    assert result.code == 1, result.err
    info = json.loads(result.out)["summary"]["diagnosis"]
    assert info == {"findings": 12, "diagnosed": 12, "budget": 60000, "propagation_budget": 10, "note": NOTE}
    unlimited = json.loads(check(capsys, dataset, "--format", "json", "--propagation-budget", "0").out)
    assert "diagnosis" not in unlimited["summary"]


def test_text_and_markdown_show_the_note(capsys, dataset):  # noqa: F811
    text = check(capsys, dataset, "--propagation-budget", "10")
    assert text.code == 1
    assert text.out.rstrip("\n").splitlines()[-1].endswith("; " + NOTE)
    markdown = check(capsys, dataset, "--format", "markdown", "--propagation-budget", "10")
    assert f"Diagnosis: {NOTE}." in markdown.out


def test_negative_propagation_budget_is_bad_input(capsys, dataset):  # noqa: F811
    result = check(capsys, dataset, "--propagation-budget", "-1")
    assert result.code == 2
    assert "--propagation-budget" in result.err


def test_default_budget_leaves_the_report_unchanged(dataset):  # noqa: F811
    ruleset, loaded_dataset, _ = loaded(dataset)
    report = run_loaded(ruleset, loaded_dataset, Options(derive=True))
    unlimited = run_loaded(ruleset, loaded_dataset, Options(derive=True, propagation_budget=0))
    assert report.diagnosis.propagated
    assert [c.cause for c in report.findings] == [c.cause for c in unlimited.findings]
    assert all(c.cause is not None for c in report.findings)


def test_repeats_that_disagree_are_a_contradiction_of_their_own_id(ws):
    from test_diagnosis_derive import load, money

    lines = ["IIJ 3Q10", "Total Revenues\t100", "Revenues\t120"]
    facts = [money("r.one", "revenue", "3Q10", "100", 2, "Total Revenues"),
             money("r.two", "revenue", "3Q10", "120", 3, "Revenues")]
    ruleset, _, index = load(ws, lines, facts)
    found = propagate(index, ruleset).contradictions()
    assert [(c.rule_id, c.facts) for c in found] == [(REPEATS, ("r.one", "r.two"))]
    assert REPEATS not in {rule.id for rule in ruleset.rules}
    assert found[0].describe().startswith("(repeats) at ")
