"""Each relational kind states its relation once: the constraints its module yields for the diagnosis
(``constraints`` in auditor/kinds/<kind>.py) hold exactly where the kind's ``evaluate`` passes.

Figures are built in memory (no deck, no fixture): a key, a printed value and its rounding step.
"""

from __future__ import annotations

import re
import shutil
from fractions import Fraction
from types import SimpleNamespace

import pytest
from conftest import RULES
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from auditor.diagnosis.build import build
from auditor.expr import LinearForm, parse
from auditor.diagnosis.constraints import Linear, Quotient, RelChange, is_empty
from auditor.diagnosis.ranges import EVERYTHING, Range
from auditor.index import Index
from auditor.interval import Interval
from auditor.kinds import KINDS
from auditor.model import Dataset, Document, Fact, Key
from auditor.numbers import UNITS, Printed
from auditor.periods import Span, parse_period
from auditor.results import Check
from auditor.ruleset import load_rules

RULE_TEXT = """rules:
  - {id: t-equation, title: t, severity: error, rationale: t, kind: equation,
     check: revenue == cost_of_revenue + gross_margin}
  - {id: t-part-whole, title: t, severity: error, rationale: t, kind: part_whole, concepts: [revenue],
     total: {segment: total}, parts: [{segment: network_services}, {segment: systems_integration}]}
  - {id: t-aggregation, title: t, severity: error, rationale: t, kind: aggregation, concepts: [revenue]}
  - {id: t-rollforward, title: t, severity: error, rationale: t, kind: rollforward, stock: cash,
     flows: operating_cash_flow + investing_cash_flow, slack: "10"}
  - {id: t-change, title: t, severity: error, rationale: t, kind: change}
  - {id: t-share, title: t, severity: error, rationale: t, kind: share}
"""
DOCUMENT = Document("t.txt", "", [], "half")
SETTINGS = settings(max_examples=60, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])
START, END = parse_period("2011-03-31"), parse_period("2011-06-30")
QUARTER = Span(START.month + 1, END.month)  # the months a roll-forward from START to END spans


@pytest.fixture(scope="module")
def ruleset(tmp_path_factory):
    rules = tmp_path_factory.mktemp("rules")
    shutil.copy(RULES / "vocabulary.yaml", rules / "vocabulary.yaml")
    (rules / "test.yaml").write_text(RULE_TEXT, encoding="utf-8")
    return load_rules(str(rules))


def level(concept: str, period="1Q11", segment=None) -> Key:
    return Key("IIJ", segment, concept, "level", parse_period(period) if isinstance(period, str) else period,
               "actual")


def change(measure: str, concept="revenue", of=None) -> Key:
    return Key("IIJ", None, concept, measure, parse_period("1Q11"), "actual", parse_period("1Q10"), "actual",
               of=of)


def share(concept="gross_margin", period="1Q11") -> Key:
    return Key("IIJ", None, concept, "share", parse_period(period), "actual", of="revenue")


def stated(key: Key, value, step="1") -> Fact:
    """A fact printing ``value`` rounded to ``step`` (its interval is value +- step / 2)."""
    value, half = Fraction(value), Fraction(step) / 2
    unit = UNITS["%" if key.measure in ("share", "pct_change") else "JPY million"]
    text = str(value)
    return Fact(id=key.describe(), key=key, printed=Printed(value, 0, True), unit=unit, exact=False,
                interval=Interval(value - half, value + half), direction=None, direction_sign=0,
                document=DOCUMENT, line=1, text=text, label="t", header=(), period_text=None, compare=None,
                fixture="t.yaml", fixture_line=1, value_text=text)


def run(ruleset, rule_id: str, facts: list[Fact]):
    """``(checks evaluate gives, constraints the kind yields)`` of one rule over ``facts``."""
    rule = ruleset.by_id(rule_id)
    index = Index(Dataset(list(facts)), ruleset.vocabulary)
    results = list(KINDS[rule.kind].evaluate(rule, rule.params, index))
    constraints = build(index, SimpleNamespace(rules=[rule])).items
    return [r for r in results if isinstance(r, Check)], constraints, index


def holds(constraint, index) -> bool:
    """Whether some values inside the printed intervals satisfy the constraint (every key printed)."""
    def env(key):
        figure = index.figures.get(key)
        return EVERYTHING if figure is None else Range.of(figure.interval)

    key = constraint.keys[0]
    solved = constraint.solve(key, env)
    return not is_empty(solved) and solved.intersect(env(key)) is not None


def printed_only(constraints, index) -> list:
    return [c for c in constraints if all(key in index.figures for key in c.keys)]


def short(text: str) -> str:
    """Key descriptions without their month ranges: "IIJ revenue 1Q11 (2011-04..2011-06)" as "IIJ revenue 1Q11"."""
    return re.sub(r" \(\d{4}-\d{2}\.\.\d{4}-\d{2}\)", "", text)


def names(constraint) -> list[tuple[Fraction, str]]:
    return [(coef, short(key.describe())) for coef, key in constraint.terms]


# -- the linear form of an expression (what equation and rollforward propagate) -------------------------


@pytest.mark.parametrize("source, coefficients, constant, op", [
    ("revenue == cost_of_revenue + gross_margin", {"revenue": 1, "cost_of_revenue": -1, "gross_margin": -1}, 0, "=="),
    ("a - b / 4 + 2 * c >= 0.5 * d - 3", {"a": 1, "b": Fraction(-1, 4), "c": 2, "d": Fraction(-1, 2)}, 3, ">="),
    ("sum(a, -b, 1.5) < a", {"a": 0, "b": -1}, Fraction(3, 2), "<"),
    ("-(a - b)", {"a": -1, "b": 1}, 0, None),
])
def test_linear_form_of_an_expression(source, coefficients, constant, op):
    form = parse(source).linear()
    assert form == LinearForm(tuple((name, Fraction(value)) for name, value in coefficients.items()),
                              Fraction(constant), op)


@pytest.mark.parametrize("source", ["a * b == c", "a / b", "abs(a) == b", "min(a, b) <= c", "max(a, 1) == 1"])
def test_expression_that_is_not_linear_has_no_linear_form(source):
    assert parse(source).linear() is None


# -- per kind: the constraints of a small index -----------------------------------------------------------


@pytest.mark.parametrize("margin, passed", [("4500", True), ("4800", False)])
def test_equation_yields_its_linear_form(ruleset, margin, passed):
    facts = [stated(level("revenue"), "23400", "100"), stated(level("cost_of_revenue"), "18900", "100"),
             stated(level("gross_margin"), margin, "100")]
    checks, constraints, index = run(ruleset, "t-equation", facts)
    (constraint,) = constraints
    assert isinstance(constraint, Linear) and constraint.rhs == Range.point(0)
    assert names(constraint) == [(1, "IIJ revenue 1Q11"), (-1, "IIJ cost_of_revenue 1Q11"),
                                 (-1, "IIJ gross_margin 1Q11")]
    assert [check.passed for check in checks] == [passed]
    assert holds(constraint, index) is passed


def test_equation_is_instantiated_where_only_one_figure_is_known(ruleset):
    # evaluation has nothing to check at 1Q11; propagation can still fill in the two unprinted figures
    checks, constraints, _ = run(ruleset, "t-equation", [stated(level("revenue"), "23400")])
    assert checks == []
    assert [names(c)[0] for c in constraints] == [(1, "IIJ revenue 1Q11")]


def test_non_linear_equation_is_checked_but_not_propagated(ruleset, tmp_path):
    shutil.copy(RULES / "vocabulary.yaml", tmp_path / "vocabulary.yaml")
    (tmp_path / "r.yaml").write_text("rules:\n  - {id: t-product, title: t, severity: error, rationale: t, "
                                     "kind: equation, check: revenue == cost_of_revenue * gross_margin}\n")
    facts = [stated(level("revenue"), "6"), stated(level("cost_of_revenue"), "2"), stated(level("gross_margin"), "3")]
    checks, constraints, _ = run(load_rules(str(tmp_path)), "t-product", facts)
    assert [check.passed for check in checks] == [True]
    assert constraints == []


@pytest.mark.parametrize("total, passed", [("300", True), ("310", False)])
def test_part_whole_yields_total_minus_parts(ruleset, total, passed):
    facts = [stated(level("revenue"), total), stated(level("revenue", segment="network_services"), "200"),
             stated(level("revenue", segment="systems_integration"), "100")]
    checks, constraints, index = run(ruleset, "t-part-whole", facts)
    (constraint,) = constraints
    assert names(constraint) == [(1, "IIJ revenue 1Q11"), (-1, "IIJ network_services revenue 1Q11"),
                                 (-1, "IIJ systems_integration revenue 1Q11")]
    assert [check.passed for check in checks] == [passed]
    assert holds(constraint, index) is passed


def test_part_whole_yields_the_total_of_a_part_alone(ruleset):
    # only a part is printed: the constraint names the unprinted total, where evaluation checks nothing
    checks, constraints, _ = run(ruleset, "t-part-whole", [stated(level("revenue", segment="network_services"), "2")])
    assert checks == []
    assert [names(c)[0] for c in constraints] == [(1, "IIJ revenue 1Q11")]


@pytest.mark.parametrize("fy, passed", [("1000", True), ("1003", False)])
def test_aggregation_yields_each_tiling(ruleset, fy, passed):
    facts = [stated(level("revenue", "FY2011"), fy), stated(level("revenue", "1H11"), "400"),
             stated(level("revenue", "2H11"), "600")]
    checks, constraints, index = run(ruleset, "t-aggregation", facts)
    printed = printed_only(constraints, index)
    assert [names(c) for c in printed] == [[(1, "IIJ revenue FY2011"), (-1, "IIJ revenue 1H11"),
                                            (-1, "IIJ revenue 2H11")]]
    assert [check.passed for check in checks] == [passed]
    assert holds(printed[0], index) is passed
    # and the quarters propagation may fill in (fiscal sub-periods of a known year)
    assert any("IIJ revenue 1Q11" in dict(map(reversed, names(c))) for c in constraints)


@pytest.mark.parametrize("end, passed", [("1110", True), ("1130", False)])
def test_rollforward_yields_the_movement_within_the_slack(ruleset, end, passed):
    facts = [stated(level("cash", START), "1000"), stated(level("cash", END), end),
             stated(level("operating_cash_flow", QUARTER), "150"), stated(level("investing_cash_flow", QUARTER), "-50")]
    checks, constraints, index = run(ruleset, "t-rollforward", facts)
    (constraint,) = constraints
    assert names(constraint) == [(1, "IIJ cash 2011-06-30"), (-1, "IIJ cash 2011-03-31"),
                                 (-1, "IIJ operating_cash_flow 1Q11"), (-1, "IIJ investing_cash_flow 1Q11")]
    assert constraint.rhs == Range(Fraction(-10), Fraction(10))  # the rule's slack, as evaluation reads it
    assert [check.passed for check in checks] == [passed]
    assert holds(constraint, index) is passed


@pytest.mark.parametrize("reported, passed", [("100", True), ("90", False)])
def test_absolute_change_yields_current_minus_base(ruleset, reported, passed):
    facts = [stated(change("change"), reported), stated(level("revenue"), "600"),
             stated(level("revenue", "1Q10"), "500")]
    checks, constraints, index = run(ruleset, "t-change", facts)
    (constraint,) = constraints
    assert names(constraint) == [(1, "IIJ revenue change 1Q11 vs 1Q10"), (-1, "IIJ revenue 1Q11"),
                                 (1, "IIJ revenue 1Q10")]
    assert [check.passed for check in checks] == [passed]
    assert holds(constraint, index) is passed


@pytest.mark.parametrize("reported, passed", [("0.20", True), ("0.25", False)])
def test_relative_change_yields_a_relchange(ruleset, reported, passed):
    facts = [stated(change("pct_change"), reported, "0.01"), stated(level("revenue"), "600"),
             stated(level("revenue", "1Q10"), "500")]
    checks, constraints, index = run(ruleset, "t-change", facts)
    (constraint,) = constraints
    assert isinstance(constraint, RelChange)
    assert short(constraint.formula()) == ("{IIJ revenue pct_change 1Q11 vs 1Q10} == ({IIJ revenue 1Q11} - "
                                    "{IIJ revenue 1Q10}) / |{IIJ revenue 1Q10}|")
    assert [check.passed for check in checks] == [passed]
    assert holds(constraint, index) is passed


def test_relative_change_is_checked_exactly_around_a_zero_change(ruleset):
    # 100 against 100 (each +-0.5) is a change in [99.5/100.5 - 1, 100.5/99.5 - 1] = [-0.995%, +1.005%]:
    # -1.003% is outside it. Read as printed, (current - base) / |base| with the base varying twice gave
    # [-1.005%, +1.005%] and passed it.
    facts = [stated(change("pct_change"), "-0.01003", "0.00001"), stated(level("revenue"), "100"),
             stated(level("revenue", "1Q10"), "100")]
    checks, constraints, index = run(ruleset, "t-change", facts)
    assert [check.passed for check in checks] == [False]
    assert checks[0].expected == Interval(Fraction(-2, 201), Fraction(2, 199))
    assert not holds(constraints[0], index)


def test_change_of_a_ratio_yields_both_shares_as_quotients(ruleset):
    facts = [stated(change("point_change", "gross_margin", of="revenue"), "0.01", "0.001"),
             stated(share(), "0.20", "0.001"), stated(share(period="1Q10"), "0.19", "0.001")]
    checks, constraints, index = run(ruleset, "t-change", facts)
    assert [type(c).__name__ for c in constraints] == ["Quotient", "Quotient", "Linear"]
    assert [short(c.formula()) for c in constraints[:2]] == [
        "{IIJ gross_margin share 1Q11 of revenue} == {IIJ gross_margin 1Q11} / {IIJ revenue 1Q11}",
        "{IIJ gross_margin share 1Q10 of revenue} == {IIJ gross_margin 1Q10} / {IIJ revenue 1Q10}"]
    assert [check.passed for check in checks] == [True]
    assert holds(constraints[2], index)


@pytest.mark.parametrize("ratio, passed", [("0.193", True), ("0.200", False)])
def test_share_yields_part_over_whole(ruleset, ratio, passed):
    facts = [stated(share(), ratio, "0.001"), stated(level("gross_margin"), "4500", "100"),
             stated(level("revenue"), "23400", "100")]
    checks, constraints, index = run(ruleset, "t-share", facts)
    (constraint,) = constraints
    assert isinstance(constraint, Quotient)
    assert short(constraint.formula()) == ("{IIJ gross_margin share 1Q11 of revenue} == {IIJ gross_margin 1Q11} / "
                                           "{IIJ revenue 1Q11}")
    assert [check.passed for check in checks] == [passed]
    assert holds(constraint, index) is passed


def test_kinds_without_a_relation_yield_no_constraints():
    relational = sorted(name for name, module in KINDS.items() if hasattr(module, "constraints"))
    assert relational == ["aggregation", "balance_change", "change", "equation", "part_whole", "rollforward",
                          "share"]


# -- evaluation and diagnosis agree by construction -----------------------------------------------------

amount = st.integers(1, 10**6)
slip = st.integers(-3, 3)  # steps of rounding one printed figure is moved by (0: printed right)


def rounded(value: Fraction, step) -> Fraction:
    step = Fraction(step)
    return round(Fraction(value) / step) * step


@st.composite
def case(draw):
    """A rule, the true figures of one place it applies to (printed rounded), one of them moved."""
    kind = draw(st.sampled_from(["t-equation", "t-part-whole", "t-aggregation", "t-rollforward", "t-change",
                                 "t-pct-change", "t-share"]))
    a, b = draw(amount), draw(amount)
    step = draw(st.sampled_from(["1", "10", "100"]))
    if kind == "t-equation":
        figures = [(level("revenue"), a + b, step), (level("cost_of_revenue"), a, step),
                   (level("gross_margin"), b, step)]
    elif kind == "t-part-whole":
        figures = [(level("revenue"), a + b, step), (level("revenue", segment="network_services"), a, step),
                   (level("revenue", segment="systems_integration"), b, step)]
    elif kind == "t-aggregation":
        figures = [(level("revenue", "FY2011"), a + b, step), (level("revenue", "1H11"), a, step),
                   (level("revenue", "2H11"), b, step)]
    elif kind == "t-rollforward":
        unprinted = draw(st.integers(-30, 30))  # effects the deck does not print, against a slack of 10
        figures = [(level("cash", START), a, step), (level("cash", END), a + b - a // 2 + unprinted, step),
                   (level("operating_cash_flow", QUARTER), b, step),
                   (level("investing_cash_flow", QUARTER), -(a // 2), step)]
    elif kind == "t-change":
        figures = [(change("change"), b - a, step), (level("revenue"), b, step), (level("revenue", "1Q10"), a, step)]
    elif kind == "t-pct-change":
        b = a + draw(st.integers(-200, 200))  # small changes too: their interval straddles zero
        kind, ratio_step = "t-change", draw(st.sampled_from(["0.001", "0.0001", "0.00001"]))
        figures = [(change("pct_change"), Fraction(b - a, a), ratio_step), (level("revenue"), b, step),
                   (level("revenue", "1Q10"), a, step)]
    else:
        ratio_step = draw(st.sampled_from(["0.001", "0.0001"]))
        figures = [(share(), Fraction(a, a + b), ratio_step), (level("gross_margin"), a, step),
                   (level("revenue"), a + b, step)]
    moved, by = draw(st.integers(0, len(figures) - 1)), draw(slip)
    facts = []
    for position, (key, value, unit) in enumerate(figures):
        printed = rounded(value, unit) + (by * Fraction(unit) if position == moved else 0)
        facts.append(stated(key, printed, unit))
    return kind, facts


@SETTINGS
@given(case())
def test_constraints_hold_exactly_where_evaluate_passes(ruleset, example):
    rule_id, facts = example
    checks, constraints, index = run(ruleset, rule_id, facts)
    relations = printed_only(constraints, index)
    assert len(checks) == 1 and relations  # one place, and its relation over the printed figures
    (check,) = checks
    satisfiable = all(holds(c, index) for c in relations)
    # undecidable (a base or divisor that may be zero): neither confirmed nor refuted, and no constraint refutes it
    assert check.passed == satisfiable or (check.undecidable and satisfiable)
