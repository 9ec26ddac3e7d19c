"""Diagnosis on the project's own fixtures: the issue's done-when (IIJ-Global's 6,464 labelled operating
income is its revenue), derived figures the decks do not print, and the extra checks they allow."""

from __future__ import annotations

import datetime
from fractions import Fraction

import pytest
from conftest import FIXTURES, RULES

from auditor import engine
from auditor.diagnosis import Diagnoser, coverage, propagate
from auditor.index import Index
from auditor.loader import load_dataset
from auditor.ruleset import load_rules
from auditor.waivers import apply_waivers, load_waivers


@pytest.fixture(scope="module")
def audit():
    ruleset = load_rules(str(RULES))
    dataset = load_dataset([str(FIXTURES)], ruleset.vocabulary)
    outcome = engine.evaluate(ruleset, dataset)
    waivers = load_waivers(str(FIXTURES / "waivers.yaml"), {r.id for r in ruleset.rules},
                           {f.id for f in dataset.facts})
    apply_waivers(outcome.checks, waivers, datetime.date.today())
    index = Index(dataset, ruleset.vocabulary)
    propagation = propagate(index, ruleset)
    causes = Diagnoser(outcome, index, propagation).diagnose()
    return ruleset, dataset, outcome, propagation, causes


def finding_with(outcome, fact_id: str, rule_id: str):
    (check,) = [c for c in outcome.findings if c.rule_id == rule_id and fact_id in c.fact_ids]
    return check


def test_iijglobal_operating_income_is_a_mislabelled_revenue(audit):
    ruleset, dataset, outcome, propagation, causes = audit
    check = finding_with(outcome, "d000.rev.gl.operating_income.1q11", "agreement")
    cause = causes[id(check)]
    assert cause["kind"] == "mislabel"
    assert cause["fact"] == "d000.rev.gl.operating_income.1q11"
    assert cause["concept"] == "revenue"
    assert cause["suggested"] == "436"  # what the figure labelled operating income should read
    assert "revenue of IIJ-Global" in cause["explanation"]


@pytest.mark.parametrize("period", ["2q10", "3q10", "4q10"])
def test_the_earlier_iijglobal_quarters_are_mislabelled_revenues_too(audit, period):
    outcome, causes = audit[2], audit[4]
    check = finding_with(outcome, f"d000.rev.gl.operating_income.{period}", "agreement")
    cause = causes[id(check)]
    assert (cause["kind"], cause["fact"], cause["concept"]) == (
        "mislabel", f"d000.rev.gl.operating_income.{period}", "revenue")


def test_financing_cash_flow_used_for_provided(audit):
    outcome, causes = audit[2], audit[4]
    cause = causes[id(finding_with(outcome, "d001.cf.financing.1h07", "cash-rollforward"))]
    assert (cause["kind"], cause["fact"], cause["suggested"]) == ("sign", "d001.cf.financing.1h07", "2346")


def test_every_finding_gets_a_cause_entry(audit):
    outcome, causes = audit[2], audit[4]
    assert set(causes) == {id(check) for check in outcome.findings}
    for cause in causes.values():
        assert cause["kind"] in ("mislabel", "sign", "scale", "transposition", "digit", "wrong_period",
                                 "wrong_base", "label_swap", "period_swap", "adjacent_shift", "points_as_percent",
                                 "undetermined")
        assert isinstance(cause["explanation"], str) and cause["explanation"]
        if cause["kind"] != "undetermined":
            Fraction(cause["suggested"])  # an exact decimal string


def derived_by_description(propagation) -> dict:
    return {d.describe(): d for d in propagation.derived()}


def test_iijglobal_quarterly_revenue_is_derived(audit):
    derived = derived_by_description(audit[3])
    for period, printed in (("2010-09..2010-09", 2246), ("3Q10 (2010-10..2010-12)", 6406),
                            ("4Q10 (2011-01..2011-03)", 6442)):
        item = derived[f"IIJ-Global revenue {period}"]
        assert item.interval.lo <= printed <= item.interval.hi  # the mislabelled figures are these revenues
        assert item.interval.hi - item.interval.lo < 10
        assert any(fid.startswith("d000.glcost.") for fid in item.facts)


def test_2q11_operating_income_is_derived_from_2q12_and_its_change(audit):
    item = derived_by_description(audit[3])["IIJ operating_income 2Q11 (2011-07..2011-09)"]
    assert Fraction(1533) <= item.interval.lo and item.interval.hi <= Fraction(1535)  # 1,889 - 355
    assert "d003.oi.operating_income.2q12.yoy_abs" in item.facts
    assert item.derivation and "d003.oi.operating_income.2q12" in " ".join(item.derivation)


def test_derived_figures_let_more_checks_run(audit):
    ruleset, dataset, outcome, propagation, causes = audit
    result = coverage(ruleset, dataset, propagation.derived())
    assert result.newly > 100
    assert result.more >= result.newly


def test_an_outcome_of_a_single_rule_is_diagnosed_the_same(audit):
    # `iij-audit check --rule agreement`: the other rules' (waived) failures must not count against causes.
    ruleset, dataset, outcome, propagation, causes = audit
    restricted = engine.evaluate(ruleset, dataset, {"agreement"})
    check = finding_with(restricted, "d000.rev.gl.operating_income.1q11", "agreement")
    cause = Diagnoser(restricted, Index(dataset, ruleset.vocabulary), propagation).diagnose([check])[id(check)]
    assert (cause["kind"], cause["concept"], cause["suggested"]) == ("mislabel", "revenue", "436")
