"""bound kind (rule bound-statements) and facts printed as bounds ("over 52,000 contracts", auditor.bounds):
a bound admits a half-line, never enters a value rule, and is checked against the same figure's other
statements and in trend claims."""

from fractions import Fraction

import pytest

from auditor.bounds import Admitted, admitted
from conftest import assert_clean, assert_one_finding

RULE = "bound-statements"


def contracts(fact_id, value, line, text, **extra):
    return {"id": fact_id, "segment": "mobile_services", "concept": "contracts", "period": "2011-06-30",
            "value": value, "unit": "count", "line": line, "text": text, "label": "Mobile contracts", **extra}


def write(ws, table_value=None, second_bound=None, **bound_fields):
    lines = ["Mobile contracts reached over 52,000 contracts", f"Mobile contracts {table_value or '-'}",
             f"Mobile contracts {second_bound or '-'}"]
    ws.deck(lines)
    facts = [contracts("t.bound", "52,000", 1, "over 52,000 contracts", bound="over", **bound_fields)]
    if table_value:
        facts.append(contracts("t.table", table_value, 2, table_value))
    if second_bound:
        word, value = second_bound.split(" ")
        facts.append(contracts("t.bound2", value, 3, second_bound, bound=word))
    ws.fixture(facts)


def test_a_printed_figure_inside_the_bound_passes(ws):
    write(ws, table_value="52,345")
    assert_clean(ws.check(RULE, fmt="json"), RULE, checks=1)


def test_the_printed_figure_itself_is_admitted(ws):
    # the bound is taken closed at the printed figure: "over 52,000" beside 52,000 is no finding
    write(ws, table_value="52,000")
    assert_clean(ws.check(RULE, fmt="json"), RULE, checks=1)


def test_a_printed_figure_below_a_lower_bound_fails(ws):
    write(ws, table_value="51,000")
    result = ws.check(RULE)
    assert result.code == 1
    assert_one_finding(result, RULE, "'over 52,000 contracts' (line 1: >= 52,000 count)",
                       "admit no value in common with 51,000 count", "deck.txt:1 'over 52,000 contracts'",
                       "deck.txt:2 '51,000'")


def test_two_bounds_without_a_common_value_fail(ws):
    write(ws, second_bound="under 50,000")
    result = ws.check(RULE)
    assert result.code == 1
    assert_one_finding(result, RULE, "(line 3: [0, 50,000] count)", "admit no value in common")


def test_a_bound_stated_alone_is_skipped_as_missing_figures(ws):
    write(ws)
    data = ws.check(RULE, fmt="json").json
    stats = {rule["id"]: rule for rule in data["rules"]}[RULE]
    assert (stats["checks"], stats["skipped"]) == (0, 1)


def test_a_bound_is_no_value_for_the_agreement_rule(ws):
    # "over 52,000" and 60,000 agree; read as the value 52,000 they would clash
    write(ws, table_value="60,000")
    result = ws.check("agreement", RULE, fmt="json")
    assert result.code == 0 and result.json["findings"] == []
    stats = {rule["id"]: rule for rule in result.json["rules"]}
    assert stats["agreement"]["checks"] == 0 and stats[RULE]["passed"] == 1


def test_a_lower_bound_after_a_smaller_figure_is_an_increase(ws):
    ws.deck(["IIJ GIO monthly revenue has reached over JPY180 million from JPY 120 million"])
    facts = [{"id": f"t.gio.{month}", "entity": "IIJ-GIO", "concept": "monthly_revenue",
              "period": f"2011-{month}..2011-{month}", "value": value, "unit": "JPY million", "line": 1,
              "text": text, "label": "IIJ GIO monthly revenue", **extra}
             for month, value, text, extra in (("03", "120", "JPY 120 million", {}),
                                               ("06", "180", "over JPY180 million", {"bound": "over"}))]
    claims = [{"id": "t.gio.up", "kind": "trend", "direction": "decreasing", "line": 1, "text": "has reached",
               "facts": ["t.gio.03", "t.gio.06"]}]
    ws.fixture(facts, claims=claims)
    result = ws.check("trend-claims")
    assert result.code == 1
    assert_one_finding(result, "trend-claims", "over 180 JPY million (2011-06..2011-06) after 120 JPY million")
    claims[0]["direction"] = "increasing"
    ws.fixture(facts, claims=claims)
    assert_clean(ws.check("trend-claims", fmt="json"), "trend-claims", checks=1)


def test_a_bound_in_a_components_claim_is_refused(ws):
    write(ws, table_value="60,000")
    ws.fixture([contracts("t.bound", "52,000", 1, "over 52,000 contracts", bound="over"),
                contracts("t.table", "60,000", 2, "60,000")],
               claims=[{"id": "t.list", "kind": "components", "total": "t.table", "facts": ["t.bound"],
                        "line": 1, "text": "over 52,000 contracts"}])
    result = ws.check(RULE)
    assert result.code == 2
    assert "deck.yaml:" in result.err
    assert "claim t.list: fact 't.bound' is printed as a bound (over); only a trend claim may list it" in result.err


def test_an_unknown_bound_word_is_refused(ws):
    write(ws, table_value="60,000")
    ws.fixture([contracts("t.bound", "52,000", 1, "over 52,000 contracts", bound="beyond")])
    result = ws.check(RULE)
    assert result.code == 2
    assert "deck.yaml:" in result.err and "bound" in result.err


class _Fact:
    """What auditor.bounds reads of a fact."""

    def __init__(self, bound, lo, hi, value, signed=False, direction_sign=0, measure="level"):
        from auditor.interval import Interval
        from auditor.numbers import Printed
        self.bound, self.interval, self.value = bound, Interval(Fraction(lo), Fraction(hi)), Fraction(value)
        self.printed = Printed(Fraction(value), 0, signed)
        self.direction_sign = direction_sign
        self.key = type("K", (), {"measure": measure})()


@pytest.mark.parametrize("fact, nonnegative, expected", [
    (_Fact("over", "179.5", "180.5", 180), False, Admitted(Fraction("179.5"), None)),
    (_Fact("over", -50, -50, -50, direction_sign=-1, measure="change"), False, Admitted(None, Fraction(-50))),
    (_Fact("under", "4.95", "5.05", 5), True, Admitted(Fraction(0), Fraction("5.05"))),
    (_Fact("at_most", "4.95", "5.05", 5), False, Admitted(None, Fraction("5.05"))),
    (_Fact("at_least", -5, -5, -5, signed=True, measure="change"), False, Admitted(None, Fraction(-5))),
    (_Fact("under", -5, -5, -5, signed=True, measure="change"), False, Admitted(Fraction(-5), Fraction(0))),
])
def test_the_values_a_bound_admits(fact, nonnegative, expected):
    assert admitted(fact, nonnegative) == expected


@pytest.mark.parametrize("value, lo, hi", [("600", 550, 650), ("13800", 13750, 13850), ("0.6", "0.55", "0.65"),
                                           ("350", 345, 355), ("-100", -150, -50), ("0", 0, 0)])
def test_an_approximation_stands_for_the_values_that_round_to_it_at_its_last_nonzero_digit(value, lo, hi):
    from auditor.bounds import approximate
    from auditor.interval import Interval
    point = Interval.point(Fraction(value))
    assert approximate(Fraction(value), point, Fraction(1)) == Interval(Fraction(lo), Fraction(hi))


def test_an_approximation_is_a_value_that_agrees_within_its_widened_interval(ws):
    ws.deck(["Number of projects as of June 2011: approx 600 projects", "the number of projects reached 640"])
    facts = [{"id": f"t.projects.{n}", "entity": "IIJ-GIO", "concept": "projects", "period": "2011-06-30",
              "value": value, "unit": "count", "line": n, "text": text, "label": "projects", **extra}
             for n, value, text, extra in ((1, "600", "approx 600 projects", {"bound": "approx"}),
                                           (2, "640", "640", {}))]
    ws.fixture(facts)
    result = ws.check("agreement", RULE, fmt="json")
    stats = {rule["id"]: rule for rule in result.json["rules"]}
    assert result.code == 0 and stats["agreement"]["passed"] == 1 and stats[RULE]["checks"] == 0
    facts[0].pop("bound")  # read as rounded to the unit, 600 and 640 clash
    ws.fixture(facts)
    result = ws.check("agreement")
    assert result.code == 1
    assert_one_finding(result, "agreement", "600 count")


def test_the_json_report_says_which_fact_is_a_bound(ws):
    write(ws, table_value="51,000")
    (finding,) = ws.check(RULE, fmt="json").findings
    assert [(fact["id"], fact.get("bound")) for fact in finding["facts"]] == [("t.bound", "over"), ("t.table", None)]
    assert finding["expected"] is None and finding["reported"] == ["51000", "51000"]


@pytest.mark.parametrize("bound", ["over", "approx"])
def test_a_bound_its_line_does_not_print_is_refused(ws, bound):
    # line 2 prints the plain value: marking it a bound would take it out of the sums (or widen it)
    write(ws, table_value="60,000")
    ws.fixture([contracts("t.table", "60,000", 2, "60,000", bound=bound)])
    result = ws.check(RULE)
    assert result.code == 2
    (line,) = [line for line in result.err.splitlines() if "t.table" in line]
    assert line.split(":")[0].endswith("deck.yaml") and line.split(":")[1].isdigit()
    assert f"fact t.table: bound '{bound}': line 2 of " in line and "a figure printed without one is a value" in line
