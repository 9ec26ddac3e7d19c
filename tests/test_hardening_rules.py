"""Hardening: bad rule files and evaluation edge cases (division by zero, rules with nothing to check)."""

from __future__ import annotations

import json
import re

import pytest

from test_hardening_support import (  # noqa: F401 - hws is a fixture
    RULES,
    assert_input_error,
    assert_no_crash,
    display_names,
    hws,
    line_of,
)

RULE_LINE, CHECK_LINE = 2, 6


def equation(check: str, rule_id: str = "hardening-bad") -> str:
    return (f"rules:\n  - id: {rule_id}\n    title: t\n    rationale: r\n    kind: equation\n"
            f"    check: {json.dumps(check)}\n")


def assert_rule_error(result, path, *words) -> str:
    """Exit 2 and a message at the rule's line or at its check line."""
    line = assert_input_error(result, path, None, *words)
    assert re.match(re.escape(str(path)) + rf":({RULE_LINE}|{CHECK_LINE})(:\d+)?: ", line), line
    return line


FORBIDDEN = [
    ("revenue == cost_of_revenue +", ("syntax error",)),
    ("revenue == (cost_of_revenue", ("syntax error",)),
    ("foo(revenue) == 1", ("unknown function 'foo'",)),
    ("revenue.real == 1", ("Attribute is not allowed",)),
    ("revenue[0] == 1", ("Subscript is not allowed",)),
    ("(lambda: 0)() == 1", ("only the functions sum, abs, min, max can be called",)),
    ("revenue == (lambda: 0)", ("Lambda is not allowed",)),
    ("[x for x in revenue] == 1", ("ListComp is not allowed",)),
    ("revenue == 'a'", ("only plain decimal numbers",)),
    ("__import__('os').system('x')", ("only the functions",)),
    ("revenue == __import__('os')", ("unknown function '__import__'",)),
    ("revenue ** 99999999 == 1", ("operator Pow is not allowed",)),
    ("sum(revenue, start=1) == 1", ("plain arguments only",)),
    ("revenue == cost_of_revenue == gross_margin", ("exactly one of",)),
    ("revenue == cost_of_revenue + gross_margin\nor 1", ("one line",)),
    ("revenue != cost_of_revenue", ("exactly one of",)),
    ("revenue == 1e3", ("only plain decimal numbers",)),
    ("revenue", ("needs a comparison",)),
    ("", ("empty expression",)),
    ("revenue == " + " + ".join(["a"] * 120), ("more than 200 parts",)),
    ("revenue == " + "+".join(["1"] * 600), ("longer than 1000 characters",)),
]


@pytest.mark.parametrize("check, words", FORBIDDEN, ids=[case[0][:40] for case in FORBIDDEN])
def test_bad_equation_check(hws, check, words):
    path = hws.rules(equation(check))
    assert_rule_error(hws.check(), path, "rule hardening-bad", *words)


@pytest.mark.parametrize("flows, words", [
    ("net_income.real", ("Attribute",)),
    ("net_income == dividends_paid", ("not a comparison",)),
    ("net_income +", ("syntax error",)),
])
def test_bad_rollforward_flows(hws, flows, words):
    path = hws.rules("rules:\n  - id: hardening-bad\n    title: t\n    rationale: r\n    kind: rollforward\n"
                     f"    stock: cash\n    flows: {json.dumps(flows)}\n")
    line = assert_input_error(hws.check(), path, None, "rule hardening-bad", *words)
    assert re.match(re.escape(str(path)) + r":(2|7)(:\d+)?: ", line), line  # the rule's line or the flows' line


@pytest.mark.parametrize("slack", ["abc", "-5", "1" * 5000])
def test_bad_rollforward_slack(hws, slack):
    path = hws.rules("rules:\n  - id: hardening-bad\n    title: t\n    rationale: r\n    kind: rollforward\n"
                     f"    stock: cash\n    flows: net_income\n    slack: \"{slack}\"\n")
    assert_rule_error(hws.check(), path, "rule hardening-bad")


def test_expression_syntax_error_reports_the_column(hws):
    path = hws.rules(equation("revenue == cost_of_revenue +"))
    result = hws.check()
    line = assert_rule_error(result, path, "syntax error")
    match = re.match(re.escape(str(path)) + r":\d+:(\d+): ", line)
    assert match, f"no column in {line!r}"
    assert int(match[1]) >= len("revenue == cost_of_revenue"), line  # at or after the dangling '+'


def test_unknown_rule_kind(hws):
    path = hws.rules("rules:\n  - id: hardening-bad\n    title: t\n    rationale: r\n    kind: magic\n")
    line = assert_input_error(hws.check(), path, None, "rule hardening-bad", "unknown kind 'magic'", "known:")
    assert re.match(re.escape(str(path)) + r":(2|5): ", line), line  # the rule's line or its kind's line


@pytest.mark.parametrize("kind, extra, words", [
    ("agreement", "    tolerance: 3\n", ("unknown field 'tolerance'",)),
    ("share", "    check: revenue == 1\n", ("unknown field 'check'",)),
    ("equation", "", ("missing field 'check'",)),
    ("rollforward", "    flows: net_income\n", ("missing field 'stock'",)),
    ("part_whole", "    total: {segment: total}\n    parts: []\n", ("needs at least one part",)),
    ("change", "    measures: [velocity]\n", ("measures",)),
    ("aggregation", "    max_tilings: many\n", ("max_tilings",)),
])
def test_bad_parameter_of_a_kind(hws, kind, extra, words):
    path = hws.rules(f"rules:\n  - id: hardening-bad\n    title: t\n    rationale: r\n    kind: {kind}\n{extra}")
    assert_input_error(hws.check(), path, None, *words)
    assert re.search(re.escape(str(path)) + r":\d+", hws.check().err)


@pytest.mark.parametrize("head, words", [
    ("id: Bad ID!\n    title: t\n    rationale: r", ("id:", "pattern")),
    ("id: hardening-bad\n    rationale: r", ("missing field 'title'",)),
    ("id: hardening-bad\n    title: t\n    rationale: r\n    severity: fatal", ("severity",)),
])
def test_bad_rule_head(hws, head, words):
    path = hws.rules(f"rules:\n  - {head}\n    kind: agreement\n")
    assert_input_error(hws.check(), path, None, *words)


def test_unknown_top_level_key_in_a_rule_file(hws):
    path = hws.rules("rulez: []\n")
    assert_input_error(hws.check(), path, 1, "unknown field 'rulez'")


def test_duplicate_rule_id_across_two_files(hws):
    path = hws.rules("rules:\n  - id: agreement\n    title: t\n    rationale: r\n    kind: agreement\n")
    first = hws.rules_dir / "consistency.yaml"
    first_line = line_of(first.read_text(encoding="utf-8"), "- id: agreement")
    assert_input_error(hws.check(), path, 2, "duplicate rule id 'agreement'",
                       f"(first defined at {first}:{first_line})")


def test_duplicate_rule_id_within_one_file(hws):
    text = equation("revenue == 1", "hardening-twice") + equation("revenue == 2", "hardening-twice")[len("rules:\n"):]
    path = hws.rules(text)
    assert_input_error(hws.check(), path, 7, "duplicate rule id 'hardening-twice'", f"(first defined at {path}:2)")


@pytest.mark.parametrize("section, name, value, label", [
    ("concepts", "revenue", "{kind: flow}", "concept"),
    ("entities", "IIJ", "{}", "entity"),
    ("segments", "recurring", "{}", "segment"),
    ("directions", "up", "1", "direction"),
])
def test_duplicate_vocabulary_entry_across_two_files(hws, section, name, value, label):
    path = hws.rules(f"{section}:\n  {name}: {value}\n")
    vocabulary = hws.rules_dir / "vocabulary.yaml"
    first_line = line_of(vocabulary.read_text(encoding="utf-8"), f"  {name}:")
    assert_input_error(hws.check(), path, 2, f"{label} {name!r} is already defined in {vocabulary}:{first_line}")


def test_direction_with_a_bad_sign(hws):
    path = hws.rules("directions:\n  sideways: 2\n")
    assert_input_error(hws.check(), path, 2, "direction 'sideways' must have the sign 1 or -1")


# -- rules that find nothing to check ---------------------------------------------------------------


def test_rule_without_figures_is_listed_in_the_summary(hws):
    result = hws.check("--rule", "pl-gross-margin", "--rule", "provenance")
    assert_no_crash(result)
    assert result.code == 0, str(result)
    assert "rules that found nothing to check: pl-gross-margin" in result.out


def test_rule_without_figures_fails_under_strict(hws):
    result = hws.check("--rule", "pl-gross-margin", "--rule", "provenance", "--strict")
    pl = RULES / "pl.yaml"
    line = line_of(pl.read_text(encoding="utf-8"), "- id: pl-gross-margin")
    assert_no_crash(result)
    assert result.code == 1, str(result)  # a coverage problem (issue 15), no longer an input error
    assert re.search(rf"(^|\n)({'|'.join(map(re.escape, display_names(pl)))}):{line}: rule pl-gross-margin found "
                     "nothing to check and has no idle_reason", result.err), str(result)
    assert "provenance found nothing" not in result.err


def test_custom_rule_matching_no_figure_fails_under_strict(hws):
    # A concept the vocabulary lacks is a load error (tests/test_trust_rules.py); this one exists but the
    # workspace prints no figure of it.
    path = hws.rules(equation("operating_income == revenue"))
    result = hws.check()
    assert_no_crash(result)
    assert result.code == 0, str(result)
    assert "hardening-bad" in result.out.splitlines()[-1]
    strict = hws.check("--strict")
    assert strict.code == 1, str(strict)
    assert re.search(rf"({'|'.join(map(re.escape, display_names(path)))}):{RULE_LINE}: rule hardening-bad found "
                     "nothing to check and has no idle_reason", strict.err), str(strict)


# -- division by zero at evaluation ------------------------------------------------------------------

ZERO_DECK = "\n".join([
    "Unit: JPY million",                        # 1
    "\t1Q11\t1Q10\tTarget",                     # 2
    "Total Revenues\t{zero}\t{zero}\t{zero}",   # 3
    "Total Costs\t18.9 (80.7%)\t10",            # 4
    "Revenues up 47.7% YoY",                    # 5
    "Actual against target 95.0%",              # 6
])


def zero_fixture(zero: str, unit: str, exact: str) -> str:
    level = f"value: \"{zero}\", unit: {unit}, exact: {exact}, line: 3, label: Total Revenues, header: 2"
    return f"""\
document: decks/deck.txt
facts:
  - {{id: z.rev, concept: revenue, period: 1Q11, {level}}}
  - {{id: z.rev.prior, concept: revenue, period: 1Q10, {level}}}
  - {{id: z.rev.target, concept: revenue, period: 1Q11, basis: target, {level}}}
  - {{id: z.cost, concept: cost_of_revenue, period: 1Q11, value: "18.9", unit: {unit}, line: 4, label: Total Costs}}
  - {{id: z.cost.share, concept: cost_of_revenue, measure: share, period: 1Q11, value: "80.7", unit: "%", line: 4, text: "80.7%", label: Total Costs}}
  - {{id: z.rev.yoy, concept: revenue, measure: pct_change, compare: YoY, period: 1Q11, value: "47.7", direction: up, unit: "%", line: 5, text: "up 47.7%", label: Revenues}}
  - {{id: z.rev.att, concept: revenue, measure: attainment, base_basis: target, period: 1Q11, value: "95.0", unit: "%", line: 6, text: "95.0%", label: Actual against target}}
"""


@pytest.mark.parametrize("zero, unit, exact", [("0", "JPY million", "true"), ("0.0", "JPY billion", "false"),
                                               ("(0)", "JPY million", "true")])
def test_zero_denominators_do_not_crash(hws, zero, unit, exact):
    hws.deck(ZERO_DECK.format(zero=zero))
    hws.fixture(zero_fixture(zero, unit, exact))
    result = hws.check("--format", "json")
    assert_no_crash(result)
    assert result.code in (0, 1), str(result)
    report = json.loads(result.out)
    stats = {rule["id"]: rule for rule in report["rules"]}
    for rule_id in ("share-of-revenue", "change-relative", "actual-against-target"):
        # A zero divisor is an undecidable check, reported as a warning (tests/test_trust_rules.py).
        assert stats[rule_id]["failed"] >= 1, (rule_id, stats[rule_id])
        findings = [f for f in report["findings"] if f["rule"] == rule_id]
        assert findings and all(f["severity"] == "warning" and f["message"].startswith("undecidable: ")
                                for f in findings), (rule_id, findings)


def test_zero_denominator_in_a_custom_equation(hws):
    hws.deck(ZERO_DECK.format(zero="0"))
    hws.fixture(zero_fixture("0", "JPY million", "true"))
    hws.rules(equation("cost_of_revenue / revenue == 1", "hardening-ratio"))
    result = hws.check("--rule", "hardening-ratio", "--format", "json")
    assert_no_crash(result)
    assert result.code in (0, 1), str(result)
    report = json.loads(result.out)
    (stats,) = report["rules"]
    assert stats["failed"] == 1 and stats["skipped"] == 0, stats
    (finding,) = report["findings"]
    assert finding["severity"] == "warning" and finding["message"].startswith("undecidable: "), finding
    assert result.code == 0, str(result)  # a warning does not fail the default --fail-on error


def test_zero_denominator_in_a_rollforward(hws):
    hws.deck("Cash 100\nCash 120\nNet income 20\nDividends 0\n")
    hws.fixture("""\
document: decks/deck.txt
facts:
  - {id: r.c1, concept: cash, period: "2011-03-31", value: "100", unit: JPY million, line: 1, label: Cash}
  - {id: r.c2, concept: cash, period: "2011-06-30", value: "120", unit: JPY million, line: 2, label: Cash}
  - {id: r.ni, concept: net_income, period: 1Q11, value: "20", unit: JPY million, line: 3, label: Net income}
  - {id: r.dv, concept: dividends_paid, period: 1Q11, value: "0", exact: true, unit: JPY million, line: 4, label: Dividends}
""")
    hws.rules("rules:\n  - id: hardening-ratio\n    title: t\n    rationale: r\n    kind: rollforward\n"
              "    stock: cash\n    flows: net_income / dividends_paid\n")
    result = hws.check("--rule", "hardening-ratio")
    assert_no_crash(result)
    assert result.code in (0, 1), str(result)
