"""Trust (issue 13): rules are checked against the vocabulary at load time, a divisor that may be zero is
reported as undecidable, settings have one place, and periods are ASCII and run forwards.

Each case copies the project's rules into a temporary directory and adds one file (``hws.rules``), so the
line and column every message must carry are known from the literal text written here.
"""

from __future__ import annotations

import json

import pytest

from auditor.expr import ExpressionError, parse
from auditor.kinds.period_label import parse_names, parse_range, printed_range
from auditor.periods import PeriodError, parse_period
from test_hardening_support import (  # noqa: F401 - hws is a fixture
    FIXTURE,
    assert_input_error,
    assert_no_crash,
    hws,
    line_of,
)

HEAD = "rules:\n  - id: trust-bad\n    title: t\n    rationale: r\n"  # lines 1-4; the kind is on line 5


def rule(kind: str, body: str) -> str:
    """A one-rule file: the rule's own fields start on line 6."""
    return f"{HEAD}    kind: {kind}\n{body}"


def column_after(line: str, needle: str) -> int:
    """1-based column of ``needle`` in ``line``."""
    assert needle in line, (needle, line)
    return line.index(needle) + 1


# -- names a rule uses exist in the vocabulary -----------------------------------------------------------


@pytest.mark.parametrize("check_line, name", [
    ("    check: revenue == cost_of_revenue + gross_margni", "gross_margni"),
    ("    check: 'revenue == cost_of_revenue + gross_margni'", "gross_margni"),
    ('    check: "revenue == cost_of_revenue + gross_margni"', "gross_margni"),
    ("    check:    revenue == sum(cost_of_revenue, gross_margni)", "gross_margni"),
    ("    check: no_such_concept == revenue", "no_such_concept"),
])
def test_unknown_concept_in_an_equation_is_refused_at_its_column(hws, check_line, name):
    path = hws.rules(rule("equation", check_line + "\n"))
    assert_input_error(hws.check(), path, 6, "rule trust-bad", "check:", f"unknown concept {name!r}",
                       "not in the vocabulary", column=column_after(check_line, name))


def test_unknown_concept_suggests_the_close_name(hws):
    path = hws.rules(rule("equation", "    check: revenue == cost_of_revenue + gross_margni\n"))
    assert_input_error(hws.check(), path, 6, "did you mean 'gross_margin'?")


def test_unknown_concept_in_a_block_scalar_is_located_on_the_expression_line(hws):
    path = hws.rules(rule("equation", "    check: >-\n      revenue == cost_of_revenue + gross_margni\n"))
    line = "      revenue == cost_of_revenue + gross_margni"
    assert_input_error(hws.check(), path, 7, "unknown concept 'gross_margni'",
                       column=column_after(line, "gross_margni"))


def test_syntax_error_in_a_block_scalar_is_located_on_the_expression_line(hws):
    path = hws.rules(rule("equation", "    check: >-\n      revenue == foo(cost_of_revenue)\n"))
    assert_input_error(hws.check(), path, 7, "unknown function 'foo'", column=column_after(
        "      revenue == foo(cost_of_revenue)", "foo"))


def test_unknown_names_in_part_whole_selectors(hws):
    total = "    total: {segment: networkservices}"
    parts = "    parts: [{segment: recurring}, {entity: IIJ-Globl}, {concept: revenu}]"
    concepts = "    concepts: [revenue, cost_of_revenue, gross_margn]"
    path = hws.rules(rule("part_whole", f"{total}\n{parts}\n{concepts}\n"))
    result = hws.check()
    assert_input_error(result, path, 6, "total: unknown segment 'networkservices'",
                       column=column_after(total, "networkservices"))
    assert_input_error(result, path, 7, "parts: unknown entity 'IIJ-Globl'", column=column_after(parts, "IIJ-Globl"))
    assert_input_error(result, path, 7, "parts: unknown concept 'revenu'", column=column_after(parts, "revenu}"))
    assert_input_error(result, path, 8, "concepts: unknown concept 'gross_margn'",
                       column=column_after(concepts, "gross_margn"))


def test_the_total_segment_of_a_selector_is_not_a_name(hws):
    hws.rules(rule("part_whole", "    total: {segment: total}\n    parts: [{segment: recurring}]\n"
                                 "    concepts: [revenue]\n"))
    result = hws.check()
    assert_no_crash(result)
    assert result.code in (0, 1), str(result)


def test_unknown_names_in_a_rollforward(hws):
    path = hws.rules(rule("rollforward", "    stock: cashh\n    flows: net_income + dividend_paid\n"))
    result = hws.check()
    assert_input_error(result, path, 6, "stock: unknown concept 'cashh'", "did you mean 'cash'?", column=12)
    assert_input_error(result, path, 7, "flows: unknown concept 'dividend_paid'",
                       column=column_after("    flows: net_income + dividend_paid", "dividend_paid"))


@pytest.mark.parametrize("kind", ["share", "aggregation"])
def test_unknown_concept_in_a_block_list(hws, kind):
    path = hws.rules(rule(kind, "    concepts:\n      - revenue\n      - revnue\n"))
    assert_input_error(hws.check(), path, 8, "concepts: unknown concept 'revnue'", column=9)


def test_the_same_item_twice_on_a_line_is_located_at_the_unknown_one(hws):
    line = "    concepts: [revenue, revenue_x, revenue]"
    path = hws.rules(rule("share", line + "\n"))
    assert_input_error(hws.check(), path, 6, "unknown concept 'revenue_x'", column=column_after(line, "revenue_x"))


def test_an_unknown_name_is_reported_once_per_rule(hws):
    path = hws.rules(rule("equation", "    check: nope == revenue + nope\n"))
    result = hws.check()
    assert_input_error(result, path, 6, "unknown concept 'nope'", column=12)
    assert result.err.count("unknown concept 'nope'") == 1, str(result)


def test_unknown_function_is_located_at_the_call(hws):
    line = "    check: revenue == median(cost_of_revenue)"
    path = hws.rules(rule("equation", line + "\n"))
    assert_input_error(hws.check(), path, 6, "unknown function 'median'", column=column_after(line, "median"))


def test_unknown_measure_is_refused_at_its_column(hws):
    line = "    measures: [pct_change, velocity]"
    path = hws.rules(rule("change", line + "\n"))
    assert_input_error(hws.check(), path, 6, "measures: unknown measure 'velocity'", "one of change, pct_change",
                       column=column_after(line, "velocity"))


def test_errors_of_every_rule_file_come_out_in_one_run(hws):
    first = hws.rules(rule("equation", "    check: revenue == gross_margni\n"), name="aa_first.yaml")
    second = hws.rules(rule("equation", "    check: revenue == (cost_of_revenue\n").replace("trust-bad", "trust-b2"),
                       name="zz_second.yaml")
    result = hws.check()
    assert_input_error(result, first, 6, "rule trust-bad", "unknown concept 'gross_margni'")
    assert_input_error(result, second, 6, "rule trust-b2", "syntax error")
    lines = [text for text in result.err.splitlines() if ": rule trust-" in text]
    assert lines[0].startswith(str(first)) and lines[1].startswith(str(second)), lines  # in file order


# -- identifiers are ASCII -------------------------------------------------------------------------------


@pytest.mark.parametrize("expression, name", [
    ("ｒｅｖｅｎｕｅ == cost_of_revenue + gross_margin", "ｒｅｖｅｎｕｅ"),
    ("revenue == cost_of_revenue + ｇｒｏｓｓ_margin", "ｇｒｏｓｓ_margin"),
    # found after another non-ASCII name: its column counts characters, not ast's UTF-8 bytes
    ("(ｒｅｖ + 1) * 2 == ｇｍ", "ｇｍ"),
])
def test_a_non_ascii_name_in_an_expression_is_refused_at_its_column(hws, expression, name):
    line = f'    check: "{expression}"'
    path = hws.rules(rule("equation", line + "\n"))
    assert_input_error(hws.check(), path, 6, f"name {name!r} is not ASCII", column=column_after(line, name))


def test_a_fullwidth_name_is_not_folded_into_the_ascii_one():
    # Python's parser folds "ｒｅｖｅｎｕｅ" into revenue (NFKC); the rule would check a name it does not print.
    with pytest.raises(ExpressionError, match="not ASCII") as caught:
        parse("revenue == ｃｏｓｔ")
    assert caught.value.column == len("revenue == ") + 1


def test_substitution_and_columns_count_characters():
    expression = parse("cost_of_revenue + gross_margin == revenue  # 売上高")
    assert expression.column_of("revenue") == len("cost_of_revenue + gross_margin == ") + 1
    texts = {"revenue": "２３.４", "cost_of_revenue": "18.9", "gross_margin": "4.5"}
    assert expression.substitute(texts) == "18.9 + 4.5 == ２３.４  # 売上高"


def test_a_non_ascii_vocabulary_name_is_refused(hws):
    path = hws.rules("concepts:\n  ｒｅｖ: {kind: flow}\n")
    assert_input_error(hws.check(), path, 2, "concept 'ｒｅｖ' is not ASCII", column=3)


@pytest.mark.parametrize("number", ["١٠٠", "１００"])
def test_a_number_in_another_script_is_refused(hws, number):
    line = f'    check: "revenue == {number}"'
    path = hws.rules(rule("equation", line + "\n"))
    assert_input_error(hws.check(), path, 6, "rule trust-bad", column=column_after(line, number))


# -- division by zero ------------------------------------------------------------------------------------


@pytest.mark.parametrize("expression, divisor", [
    ("revenue / 0 == 1", "0"),
    ("revenue / (2 - 2) == 1", "2 - 2"),
    ("revenue / abs(0.0) == 1", "abs(0.0)"),
    ("revenue == cost_of_revenue / (1 + 1 / 0)", "0"),  # the innermost division is the one that fails
    ("revenue / (1 - 0.5 * 2) == 1", "1 - 0.5 * 2"),
])
def test_literal_division_by_zero_is_a_load_error_at_the_divisor(hws, expression, divisor):
    line = f"    check: {expression}"
    path = hws.rules(rule("equation", line + "\n"))
    column = line.rindex(divisor) + 1 if divisor == "0" else column_after(line, divisor)
    assert_input_error(hws.check(), path, 6, "division by zero", f"the divisor {divisor!r} is 0", column=column)


def test_a_constant_non_zero_divisor_loads():
    assert parse("revenue / (2 - 1) == cost_of_revenue / 0.5").names == ("revenue", "cost_of_revenue")


def test_literal_division_by_zero_in_a_rollforward(hws):
    path = hws.rules(rule("rollforward", "    stock: cash\n    flows: net_income / 0\n"))
    assert_input_error(hws.check(), path, 7, "division by zero", column=len("    flows: net_income / ") + 1)


ZERO_DECK = "Unit: JPY million\n\t1Q11\nTotal Revenues\t0\nTotal Costs\t18.9\n"
ZERO_FIXTURE = """\
document: decks/deck.txt
facts:
  - {id: z.rev, concept: revenue, period: 1Q11, value: "0", exact: true, unit: JPY million, line: 3, label: Total Revenues}
  - {id: z.cost, concept: cost_of_revenue, period: 1Q11, value: "18.9", unit: JPY million, line: 4, label: Total Costs}
"""


@pytest.fixture
def zero(hws):
    hws.deck(ZERO_DECK)
    hws.fixture(ZERO_FIXTURE)
    hws.rules(rule("equation", "    check: cost_of_revenue / revenue == 1\n"))
    return hws


def test_a_divisor_that_may_be_zero_is_an_undecidable_warning(zero):
    result = zero.check("--rule", "trust-bad", "--format", "json")
    assert_no_crash(result)
    assert result.code == 0, str(result)  # a warning: the default --fail-on error lets it pass
    report = json.loads(result.out)
    (finding,) = report["findings"]
    assert finding["rule"] == "trust-bad"
    assert (finding["severity"], finding["status"]) == ("warning", "failed")
    assert finding["message"].startswith("undecidable: the divisor revenue may be zero"), finding
    assert finding["check"] == "18.9 JPY million / 0 JPY million == 1"
    assert finding["cause"] is None  # no likely cause is guessed for a check that could not be decided
    (stats,) = report["rules"]
    assert (stats["failed"], stats["skipped"]) == (1, 0), stats


def test_an_undecidable_check_fails_under_fail_on_warning(zero):
    result = zero.check("--rule", "trust-bad", "--fail-on", "warning")
    assert result.code == 1, str(result)


def test_an_undecidable_check_is_listed_in_text_and_markdown(zero):
    text = zero.check("--rule", "trust-bad")
    (line,) = [line for line in text.out.splitlines() if "trust-bad" in line and "undecidable" in line]
    assert line.startswith(f"{zero.fx / 'deck.yaml'}:4: warning trust-bad undecidable: "), line
    markdown = zero.check("--rule", "trust-bad", "--format", "markdown").out
    assert "FAILED warning `trust-bad`" in markdown and "undecidable: the divisor revenue" in markdown


@pytest.mark.parametrize("fmt, shown", [("sarif", '"level": "warning"'), ("junit", 'type="warning"'),
                                         ("github", "::warning file=")])
def test_an_undecidable_check_is_a_warning_in_the_ci_formats(zero, fmt, shown):
    result = zero.check("--rule", "trust-bad", "--format", fmt)
    assert_no_crash(result)
    assert result.code == 0, str(result)
    assert shown in result.out and "undecidable: the divisor revenue" in result.out, result.out


def test_share_with_a_zero_base_is_undecidable(hws):
    hws.deck(ZERO_DECK.replace("18.9", "18.9 (80.7%)"))
    hws.fixture(ZERO_FIXTURE + "  - {id: z.share, concept: cost_of_revenue, measure: share, period: 1Q11, "
                "value: \"80.7\", unit: \"%\", line: 4, text: \"80.7%\", label: Total Costs}\n")
    result = hws.check("--rule", "share-of-revenue", "--format", "json")
    (finding,) = json.loads(result.out)["findings"]
    assert finding["severity"] == "warning" and "the divisor revenue (0 JPY million) may be zero" in finding["message"]


# -- settings have one place -----------------------------------------------------------------------------


def vocabulary_line(hws, needle: str) -> str:
    vocabulary = hws.rules_dir / "vocabulary.yaml"
    return f"{vocabulary}:{line_of(vocabulary.read_text(encoding='utf-8'), needle)}"


@pytest.mark.parametrize("name", ["zz_override.yaml", "aa_override.yaml"])  # after and before vocabulary.yaml
def test_a_second_default_entity_is_an_error_naming_the_first(hws, name):
    path = hws.rules("default_entity: IIJ-Global\n", name=name)
    first = vocabulary_line(hws, "default_entity:")
    assert_input_error(hws.check(), path, 1, f"default_entity is already set in {first}")


def test_a_redefinition_is_blamed_on_the_file_that_brings_it(hws):
    path = hws.rules("concepts:\n  revenue: {kind: flow}\n", name="aa_concepts.yaml")
    result = hws.check()
    assert_input_error(result, path, 2, f"concept 'revenue' is already defined in {vocabulary_line(hws, '  revenue:')}")
    assert "vocabulary.yaml:" not in result.err.split(": concept")[0], str(result)


def test_an_unknown_default_entity_is_blamed_on_its_definition(hws):
    hws.rules("concepts: {}\n")
    vocabulary = hws.rules_dir / "vocabulary.yaml"
    text = vocabulary.read_text(encoding="utf-8").replace("default_entity: IIJ\n", "default_entity: IJJ\n")
    vocabulary.write_text(text, encoding="utf-8")
    assert_input_error(hws.check(), vocabulary, line_of(text, "default_entity:"),
                       "default entity 'IJJ' is not among the entities")


# -- periods: ASCII digits, ranges that run forwards -----------------------------------------------------


@pytest.mark.parametrize("period", ["FY２０１１", "1Q١١", "２０１１-03-31", "2011-0３..2011-06"])
def test_a_period_in_other_digits_is_not_read(period):
    with pytest.raises(PeriodError, match="not|ASCII"):
        parse_period(period)


@pytest.mark.parametrize("value", ["FY２０１１", "1Q١١"])
def test_a_fact_period_in_other_digits_is_a_load_error(hws, value):
    path = hws.fixture(FIXTURE.replace("    period: 1Q11\n", f"    period: \"{value}\"\n", 1))
    assert_input_error(hws.check(), path, 6, "fact h.revenue", f"period {value!r}", "ASCII")


def test_a_compare_period_in_other_digits_is_a_load_error(hws):
    text = FIXTURE.replace("    concept: revenue\n",
                           "    concept: revenue\n    measure: change\n    compare: \"1Q١٠\"\n", 1)
    path = hws.fixture(text)
    assert_input_error(hws.check(), path, 7, "period '1Q١٠'", "ASCII")  # at the compare: line


def test_a_backwards_period_is_a_load_error(hws):
    path = hws.fixture(FIXTURE.replace("    period: 1Q11\n", "    period: 2011-09..2011-03\n", 1))
    assert_input_error(hws.check(), path, 6, "ends before it starts")


def test_names_and_ranges_in_other_digits_are_not_read_in_part():
    assert parse_names("FY20１１ results") == []  # not FY2020
    assert parse_names("1Q١١") == []
    assert parse_range("(11/4~12/３)") is None
    assert parse_range("(2007/4-９)") is None
    assert parse_names("1Q11 (11/4~11/6)") == [parse_period("1Q11")]


@pytest.mark.parametrize("text, wording", [("1H13 (13/9~13/4)", "13/9~13/4"), ("1H07 (2007/9-4)", "2007/9-4"),
                                           ("FY2008/3Q-1Q", "FY2008/3Q-1Q")])
def test_a_backwards_range_is_read_as_printed(text, wording):
    span, printed = printed_range(text)
    assert printed == wording and span.first > span.last
    assert parse_range(text) is None


def period_workspace(hws, header: str, period: str, period_text: str):
    hws.deck("\n".join(["IIJ results", "Unit: JPY billion", f"\t{header}", "Total Revenues\t23.4"]))
    return hws.fixture(f"""\
document: decks/deck.txt
facts:
  - id: p.revenue
    concept: revenue
    period: {period}
    value: "23.4"
    unit: JPY billion
    line: 4
    label: Total Revenues
    header: 3
    period_text: "{period_text}"
""")


@pytest.mark.parametrize("header, period, wording", [
    ("1H13 (13/9~13/4)", "1H13", "13/9~13/4"),
    ("1H07 (2007/9-4)", "1H07", "2007/9-4"),
])
def test_a_backwards_printed_range_is_a_period_label_finding(hws, header, period, wording):
    path = period_workspace(hws, header, period, header)
    result = hws.check("--rule", "period-label", "--format", "json")
    assert result.code == 1, str(result)
    (finding,) = json.loads(result.out)["findings"]
    assert finding["severity"] == "error" and finding["facts"][0]["id"] == "p.revenue"
    assert f"the month range {wording!r} runs backwards" in finding["message"], finding
    text = hws.check("--rule", "period-label").out
    # issue 15: a finding about a period name is reported at the header line printing it (deck line 3)
    assert f"{path.parent / 'decks' / 'deck.txt'}:3: error period-label" in text, text


def test_a_period_text_in_other_digits_is_undecidable(hws):
    period_workspace(hws, "1Q١١ (١١/4~١١/6)", "1Q11", "1Q١١ (١١/4~١١/6)")
    result = hws.check("--rule", "period-label", "--format", "json")
    assert result.code == 0, str(result)
    (finding,) = json.loads(result.out)["findings"]
    assert finding["severity"] == "warning" and finding["message"].startswith("undecidable: "), finding
    assert "U+0661" in finding["message"], finding


def test_a_forward_range_still_passes(hws):
    period_workspace(hws, "1H13 (13/4~13/9)", "1H13", "1H13 (13/4~13/9)")
    result = hws.check("--rule", "period-label", "--format", "json")
    assert result.code == 0 and json.loads(result.out)["findings"] == [], str(result)
