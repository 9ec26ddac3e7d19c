"""Derived figures, contradictions, implied values and coverage on small synthetic decks, and the exact
arithmetic of auditor.diagnosis.ranges."""

from __future__ import annotations

from fractions import Fraction

from conftest import RULES
from hypothesis import given
from hypothesis import strategies as st

from auditor.diagnosis import Range, coverage, derive, implied, propagate
from auditor.index import Index
from auditor.loader import load_dataset
from auditor.pipeline import Options, run_loaded
from auditor.ruleset import load_rules

QUIET = Options(diagnose=False)  # the findings alone: these tests call the diagnosis's parts themselves


def load(ws, lines: list[str], facts: list[dict]):
    ws.deck(lines)
    ws.fixture(facts)
    ruleset = load_rules(str(RULES))
    dataset = load_dataset([str(ws.fx)], ruleset.vocabulary)
    return ruleset, dataset, Index(dataset, ruleset.vocabulary)


def money(fact_id, concept, period, value, line, label, **extra) -> dict:
    return {"id": fact_id, "concept": concept, "period": period, "value": value, "unit": "JPY million",
            "line": line, "label": label, **extra}


COST_RATIO = ["IIJ-Global 3Q10", "Cost of Revenue\t5,215", "Gross Margin Ratio\t18.6%"]


def cost_and_ratio(cost="5,215", ratio="18.6"):
    return [money("g.cost", "cost_of_revenue", "3Q10", cost, 2, "Cost of Revenue", entity="IIJ-Global"),
            {"id": "g.gm.share", "entity": "IIJ-Global", "concept": "gross_margin", "measure": "share",
             "period": "3Q10", "value": ratio, "unit": "%", "line": 3, "text": f"{ratio}%",
             "label": "Gross Margin Ratio"}]


def test_revenue_is_derived_from_cost_and_gross_margin_ratio(ws):
    # revenue = cost + margin and margin = 18.6% x revenue: revenue = 5,215 / (1 - 0.186) = 6,406.6
    ruleset, dataset, index = load(ws, COST_RATIO, cost_and_ratio())
    derived = {d.key.concept: d for d in derive(index, ruleset) if d.key.entity == "IIJ-Global"}
    revenue = derived["revenue"]
    lo, hi = Fraction(52145, 10) / (1 - Fraction(1855, 10000)), Fraction(52155, 10) / (1 - Fraction(1865, 10000))
    assert revenue.interval.lo <= lo and hi <= revenue.interval.hi  # sound
    assert revenue.interval.hi - revenue.interval.lo < 10  # and tight: within JPY10 million
    assert revenue.interval.lo <= Fraction(6406) <= revenue.interval.hi
    assert set(revenue.facts) == {"g.cost", "g.gm.share"}
    assert {"pl-gross-margin", "share-of-revenue"} <= set(revenue.rules)
    assert any("g.gm.share" in step for step in revenue.derivation)
    assert "gross_margin" in derived  # and the margin itself
    assert all(isinstance(d.interval.lo, Fraction) for d in derived.values())


def test_prior_year_figure_is_derived_from_a_change(ws):
    # 2Q12 operating income 1,889, "up JPY355 million YoY": 2Q11 = 1,534 (+-1 for rounding)
    lines = ["IIJ 2Q12", "Operating income JPY1,889 million, up JPY355 million YoY"]
    facts = [money("o.2q12", "operating_income", "2Q12", "1,889", 2, "Operating income", text="JPY1,889 million"),
             money("o.2q12.yoy", "operating_income", "2Q12", "355", 2, "Operating income", measure="change",
                   compare="YoY", direction="up", text="up JPY355 million YoY")]
    ruleset, dataset, index = load(ws, lines, facts)
    (derived,) = [d for d in derive(index, ruleset) if d.key.concept == "operating_income"]
    assert str(derived.key.period) == "2011-07..2011-09"
    assert (derived.interval.lo, derived.interval.hi) == (Fraction(1533), Fraction(1535))
    assert derived.facts == ("o.2q12", "o.2q12.yoy")


def test_contradiction_no_single_check_sees_is_reported_with_a_minimal_set(ws):
    # revenue 100, cost 60 (so margin 40) but a margin ratio of 30%: every check is skipped (no margin
    # printed), propagation finds the empty interval; the unrelated SG&A figure is not in the set.
    lines = ["IIJ 3Q10", "Total Revenues\t100", "Total Costs\t60", "Gross Margin Ratio\t30.0%", "SG&A\t7"]
    facts = [money("c.rev", "revenue", "3Q10", "100", 2, "Total Revenues"),
             money("c.cost", "cost_of_revenue", "3Q10", "60", 3, "Total Costs"),
             {"id": "c.gm.share", "concept": "gross_margin", "measure": "share", "period": "3Q10", "value": "30.0",
              "unit": "%", "line": 4, "text": "30.0%", "label": "Gross Margin Ratio"},
             money("c.sga", "sga_rd", "3Q10", "7", 5, "SG&A")]
    ruleset, dataset, index = load(ws, lines, facts)
    assert run_loaded(ruleset, dataset, QUIET).findings == []
    found = propagate(index, ruleset).contradictions()
    assert [c.facts for c in found] == [("c.cost", "c.gm.share", "c.rev")]
    assert "no value satisfies" in found[0].describe()


def test_derived_figures_let_skipped_checks_run(ws):
    # Without the margin, pl-gross-margin and share-of-revenue are skipped; with the derived margin they run.
    ruleset, dataset, index = load(ws, COST_RATIO + ["Total Revenues\t6,407"],
                                   cost_and_ratio() + [money("g.rev", "revenue", "3Q10", "6,407", 4, "Total Revenues",
                                                             entity="IIJ-Global")])
    derived = derive(index, ruleset)
    assert [d.key.concept for d in derived] == ["gross_margin"]
    result = coverage(ruleset, dataset, derived)
    assert result.newly >= 2
    assert {c.rule_id for c in result.checks} >= {"pl-gross-margin", "share-of-revenue"}
    assert result.failed == []


def test_implied_values_of_a_failing_equation(ws):
    # 23.4 == 18.9 + 4.8 fails; revenue would have to lie in [23.6, 23.8] bn, the margin in [4.4, 4.6] bn
    lines = ["IIJ", "\t1Q11", "Total Revenues\t23.4", "Total Costs\t18.9", "Gross Margin\t4.8"]
    bn = {"unit": "JPY billion", "header": 2}
    facts = [{"id": "i.rev", "concept": "revenue", "period": "1Q11", "value": "23.4", "line": 3,
              "label": "Total Revenues", **bn},
             {"id": "i.cost", "concept": "cost_of_revenue", "period": "1Q11", "value": "18.9", "line": 4,
              "label": "Total Costs", **bn},
             {"id": "i.gm", "concept": "gross_margin", "period": "1Q11", "value": "4.8", "line": 5,
              "label": "Gross Margin", **bn}]
    ruleset, dataset, index = load(ws, lines, facts)
    (finding,) = run_loaded(ruleset, dataset, QUIET).findings
    values = implied(finding, index, ruleset)
    assert (values["i.rev"].lo, values["i.rev"].hi) == (Fraction(23600), Fraction(23800))
    assert (values["i.gm"].lo, values["i.gm"].hi) == (Fraction(4400), Fraction(4600))
    assert (values["i.cost"].lo, values["i.cost"].hi) == (Fraction(18500), Fraction(18700))


def test_implied_value_of_an_agreement_outlier(ws):
    lines = ["IIJ", "Net income JPY512 million", "Net income JPY512 million", "Net income JPY521 million"]
    facts = [money(f"a.{n}", "net_income", "1Q11", value, n + 2, "Net income", text=f"JPY{value} million")
             for n, value in enumerate(["512", "512", "521"])]
    ruleset, dataset, index = load(ws, lines, facts)
    (finding,) = run_loaded(ruleset, dataset, QUIET).findings
    values = implied(finding, index, ruleset)
    assert (values["a.2"].lo, values["a.2"].hi) == (Fraction(1023, 2), Fraction(1025, 2))


bounds = st.fractions(min_value=-1000, max_value=1000, max_denominator=50)


@st.composite
def ranges_with_a_point(draw):
    a, b = sorted((draw(bounds), draw(bounds)))
    point = draw(st.fractions(min_value=a, max_value=b, max_denominator=50)) if a < b else a
    lo = None if draw(st.booleans()) and draw(st.booleans()) else a
    hi = None if draw(st.booleans()) and draw(st.booleans()) else b
    return Range(lo, hi), point


@given(ranges_with_a_point(), ranges_with_a_point())
def test_range_arithmetic_is_sound(left, right):
    (x, p), (y, q) = left, right
    assert (x + y).contains(p + q)
    assert (x - y).contains(p - q)
    assert (x * y).contains(p * q)
    assert abs(x).contains(abs(p))
    if q != 0:
        assert (x / y).contains(p / q)
    assert x.tidy(2).contains(p)


def test_range_unbounded_sides():
    nonnegative = Range(Fraction(0), None)
    assert (nonnegative * Range(Fraction(2), Fraction(3))) == Range(Fraction(0), None)
    assert Range(Fraction(2), None).reciprocal() == Range(Fraction(0), Fraction(1, 2))
    assert Range(Fraction(-1), Fraction(1)).reciprocal().is_everything
    assert not Range(None, Fraction(5)).bounded
