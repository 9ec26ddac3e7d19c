"""Diagnosis on the project's own fixtures: the issue's done-when (IIJ-Global's 6,464 labelled operating
income is its revenue), derived figures the decks do not print, and the extra checks they allow."""

from __future__ import annotations

from dataclasses import replace
from fractions import Fraction

import pytest
from conftest import FIXTURES, RULES

from auditor.diagnosis import coverage
from auditor.loader import load_dataset
from auditor.pipeline import Options, run_loaded
from auditor.ruleset import load_rules

EVERYTHING = Options(fixtures=str(FIXTURES), waivers=str(FIXTURES / "waivers.yaml"), diagnose_waived=True,
                     derive=True, diagnosis_budget=0)


@pytest.fixture(scope="module")
def audit():
    ruleset = load_rules(str(RULES))
    dataset = load_dataset([str(FIXTURES)], ruleset.vocabulary)
    return ruleset, dataset, run_loaded(ruleset, dataset, EVERYTHING)


def finding_with(outcome, fact_id: str, rule_id: str):
    (check,) = [c for c in outcome.findings if c.rule_id == rule_id and fact_id in c.fact_ids]
    return check


def test_iijglobal_operating_income_is_a_mislabelled_revenue(audit):
    check = finding_with(audit[2], "d000.rev.gl.operating_income.1q11", "agreement")
    cause = check.cause
    assert cause.kind == "mislabel"
    assert cause.fact == "d000.rev.gl.operating_income.1q11"
    assert cause.concept == "revenue"
    assert cause.suggested == "436"  # what the figure labelled operating income should read
    assert "revenue of IIJ-Global" in cause.explanation


@pytest.mark.parametrize("period", ["2q10", "3q10", "4q10"])
def test_the_earlier_iijglobal_quarters_are_mislabelled_revenues_too(audit, period):
    cause = finding_with(audit[2], f"d000.rev.gl.operating_income.{period}", "agreement").cause
    assert (cause.kind, cause.fact, cause.concept) == (
        "mislabel", f"d000.rev.gl.operating_income.{period}", "revenue")


def test_financing_cash_flow_used_for_provided(audit):
    cause = finding_with(audit[2], "d001.cf.financing.1h07", "cash-rollforward").cause
    assert (cause.kind, cause.fact, cause.suggested) == ("sign", "d001.cf.financing.1h07", "2346")


def test_every_finding_gets_a_cause_entry(audit):
    causes = [check.cause for check in audit[2].findings]
    assert causes and None not in causes
    for cause in causes:
        assert cause.kind in ("mislabel", "sign", "scale", "transposition", "digit", "wrong_period",
                                 "wrong_base", "label_swap", "period_swap", "adjacent_shift",
                              "points_as_percent", "undetermined")
        assert isinstance(cause.explanation, str) and cause.explanation
        if cause.kind != "undetermined":
            Fraction(cause.suggested)  # an exact decimal string


def derived_by_description(report) -> dict:
    return {d.describe(): d for d in report.derived}


def test_iijglobal_quarterly_revenue_is_derived(audit):
    derived = derived_by_description(audit[2])
    for period, printed in (("2010-09..2010-09", 2246), ("3Q10 (2010-10..2010-12)", 6406),
                            ("4Q10 (2011-01..2011-03)", 6442)):
        item = derived[f"IIJ-Global revenue {period}"]
        assert item.interval.lo <= printed <= item.interval.hi  # the mislabelled figures are these revenues
        assert item.interval.hi - item.interval.lo < 10
        assert any(fid.startswith("d000.glcost.") for fid in item.facts)


def test_2q11_operating_income_is_derived_from_2q12_and_its_change(audit):
    item = derived_by_description(audit[2])["IIJ operating_income 2Q11 (2011-07..2011-09)"]
    assert Fraction(1533) <= item.interval.lo and item.interval.hi <= Fraction(1535)  # 1,889 - 355
    assert "d003.oi.operating_income.2q12.yoy_abs" in item.facts
    assert item.derivation and "d003.oi.operating_income.2q12" in " ".join(item.derivation)


def test_derived_figures_let_more_checks_run(audit):
    ruleset, dataset, report = audit
    result = coverage(ruleset, dataset, report.derived)
    assert result.newly > 100
    assert result.more >= result.newly


def test_an_outcome_of_a_single_rule_is_diagnosed_the_same(audit):
    # `iij-audit check --rule agreement`: the other rules' (waived) failures must not count against causes.
    ruleset, dataset, _ = audit
    restricted = run_loaded(ruleset, dataset, replace(EVERYTHING, only_rules=("agreement",)))
    cause = finding_with(restricted, "d000.rev.gl.operating_income.1q11", "agreement").cause
    assert (cause.kind, cause.concept, cause.suggested) == ("mislabel", "revenue", "436")
