"""`iij-audit extract`, one printed pattern at a time: each test drafts a few lines and asserts the
fields of the drafted facts (value, text, line, label, concept, period, measure, unit, ...)."""

from __future__ import annotations

import pytest

from auditor.extract import draft_facts
from auditor.extract.tokens import tokenize
from auditor.ruleset import load_rules
from conftest import RULES

VOCABULARY = load_rules(str(RULES)).vocabulary


def extract(*lines: str) -> list[dict]:
    return draft_facts(list(lines), VOCABULARY, "t")


def one(facts: list[dict], text: str) -> dict:
    found = [fact for fact in facts if fact["text"] == text]
    assert len(found) == 1, [fact["text"] for fact in facts]
    return found[0]


def texts(line: str) -> list[str]:
    return [token.text(line) for token in tokenize(line, {"up": 1, "down": -1, "increased": 1}, {"contracts": "x"})]


# ------------------------------------------------------------------------------------------------ tables
TABLE = [
    "II-1. Consolidated Results for 1Q FY2011",
    "Unit: JPY billion",
    "\t<i>% of Revenues</i> 1Q11 (11/4~11/6)\t<i>% of Revenues</i> 1Q10 (10/4~10/6)\tYoY",
    "Total Revenues\t23.4\t15.8\t47.7%",
    "Total Costs\t<i>80.7%</i> 18.9\t<i>80.9%</i> 12.8\t47.5%",
    "Operating Income\t<i>3.9%</i> 0.9\t<i>1.7%</i> 0.3\t(244.2%)",
]


def test_table_cells_take_row_label_column_period_and_unit_line():
    facts = extract(*TABLE)
    revenue = [f for f in facts if f["line"] == 4]
    assert [(f["value"], f["period"], f.get("measure", "level")) for f in revenue] == [
        ("23.4", "1Q11", "level"), ("15.8", "1Q10", "level"), ("47.7", "1Q11", "pct_change")]
    first = revenue[0]
    assert (first["label"], first["concept"], first["unit"], first["header"], first["period_text"]) == (
        "Total Revenues", "revenue", "JPY billion", 3, "1Q11 (11/4~11/6)")
    assert "todo" not in first
    assert revenue[2]["compare"] == "YoY"


def test_table_share_column_and_level_in_one_cell():
    facts = [f for f in extract(*TABLE) if f["line"] == 5]
    share, level = facts[0], facts[1]
    assert (share["text"], share["value"], share["measure"], share["unit"], share["period"]) == (
        "80.7%", "80.7", "share", "%", "1Q11")
    assert (level["text"], level["value"], level["unit"], level["concept"]) == ("18.9", "18.9", "JPY billion",
                                                                              "cost_of_revenue")


def test_table_parentheses_are_a_negative_change():
    change = one([f for f in extract(*TABLE) if f["line"] == 6], "(244.2%)")
    assert (change["value"], change["measure"], change["unit"]) == ("(244.2)", "pct_change", "%")


def test_balance_sheet_changes_column_compares_the_two_dates():
    facts = extract("Unit: JPY million", "\tMarch 31, 2012\tSeptember 30, 2012\tChanges",
                    "Cash and Cash Equivalents\t13,537\t11,670\t(1,866)")
    levels = {f["value"]: f["period"] for f in facts if "measure" not in f}
    assert levels == {"13,537": "2012-03-31", "11,670": "2012-09-30"}
    change = one(facts, "(1,866)")
    assert (change["measure"], change["period"], change["compare"], change["concept"]) == (
        "change", "2012-09-30", "2012-03-31", "cash")


def test_target_column_basis_and_yoy_against_the_actual():
    facts = extract("Unit: JPY billion", "\tFY12 Target (12/4 ~ 13/3)\tFY11 Actual (11/4 ~ 12/3)\tYoY\t",
                    "Total Revenues\t107.0\t97.3\t+9.7\t10.0%")
    target = one(facts, "107.0")
    assert (target["period"], target["basis"]) == ("FY2012", "target")
    assert "basis" not in one(facts, "97.3")
    change = one(facts, "+9.7")
    assert (change["measure"], change["period"], change["basis"], change["base_basis"], change["compare"]) == (
        "change", "FY2012", "target", "actual", "YoY")
    assert one(facts, "10.0%")["measure"] == "pct_change"  # the empty head right of YoY continues it


def test_two_header_lines_are_read_as_one():
    facts = extract("Unit: JPY billion", "\t% of Revenues\t% of Revenues\tYoY",
                    "\t1H12 (12/4~12/9)\t1H11 (11/4~11/9)\t", "Operating Income\t6.4% 3.3\t5.2% 2.4\t33.3%")
    assert [(f["value"], f["period"], f.get("measure", "level")) for f in facts] == [
        ("6.4", "1H12", "share"), ("3.3", "1H12", "level"), ("5.2", "1H11", "share"),
        ("2.4", "1H11", "level"), ("33.3", "1H12", "pct_change")]
    assert facts[0]["header"] == [2, 3]


def test_per_share_cells_are_in_jpy_whatever_the_unit_line():
    facts = extract("Unit: JPY billion", "\tFY08 Target (08/4~09/3)\tFY07 Actual (07/4~08/3)",
                    "Net Income per Share\tJPY6,336\t(JPY18,764)")
    assert [(f["text"], f["value"], f["unit"], f["concept"]) for f in facts] == [
        ("JPY6,336", "6,336", "JPY", "eps"), ("(JPY18,764)", "(18,764)", "JPY", "eps")]


# --------------------------------------------------------------------------------------------- sentences
def test_sentence_amount_and_change_with_label_from_the_subject():
    facts = extract("YoY = 1Q11 compared to 1Q10",
                    "- \u25c6 Recurring revenues: JPY20,226 million (up 49.2% YoY, up 0.2% QoQ)")
    level, yoy, qoq = facts
    assert (level["text"], level["value"], level["unit"], level["label"], level["concept"], level["segment"]) == (
        "JPY20,226 million", "20,226", "JPY million", "Recurring revenues", "revenue", "recurring")
    assert (yoy["text"], yoy["value"], yoy["direction"], yoy["measure"], yoy["compare"], yoy["label"]) == (
        "up 49.2% YoY", "49.2", "up", "pct_change", "YoY", "Recurring revenues")
    assert (qoq["text"], qoq["compare"]) == ("up 0.2% QoQ", "QoQ")


def test_sentence_period_comes_from_the_slide_footer_with_a_todo():
    facts = extract("- Gross margin: JPY4,502 million (down JPY549 million QoQ)",
                    "", "YoY = 1Q11 compared to 1Q10", "QoQ = 1Q11 compared to 4Q10")
    level, change = facts
    assert level["period"] == change["period"] == "1Q11"
    assert "check the period 1Q11" in level["todo"]
    assert (change["text"], change["value"], change["direction"], change["measure"], change["unit"]) == (
        "down JPY549 million QoQ", "549", "down", "change", "JPY million")


def test_sentence_subjects_split_at_commas_and_and():
    facts = extract("- Results: Revenues of JPY6.5 billion, costs of JPY5.2 billion and operating income of "
                    "JPY0.4 billion in 1Q11")
    assert [(f["label"], f["concept"]) for f in facts] == [
        ("Revenues", "revenue"), ("costs", "cost_of_revenue"), ("operating income", "operating_income")]
    assert facts[2]["period"] == "1Q11"


def test_sentence_period_printed_at_the_figure_wins_over_context():
    facts = extract("<1H07 (2007/4-9)>",
                    "- gains from sales of available-for-sale securities decreased to JPY 214 million "
                    "compared to JPY 925 million in 1H06.")
    assert [(f["text"], f["period"], f["concept"]) for f in facts] == [
        ("JPY 214 million", "1H07", "gain_on_securities_sales"),
        ("JPY 925 million in 1H06", "1H06", "gain_on_securities_sales")]


def test_counts_with_their_noun_as_of_a_date():
    facts = extract("- Contracts of over 1Gbps as of June 2011: 131 contracts (up 8 contracts YoY)")
    level = one(facts, "131 contracts")
    assert (level["value"], level["unit"], level["concept"], level["period"]) == (
        "131", "count", "contracts", "2011-06-30")
    change = one(facts, "up 8 contracts YoY")
    assert (change["measure"], change["direction"], change["compare"], change["unit"]) == (
        "change", "up", "YoY", "count")


def test_hedged_counts_are_not_exact():
    facts = extract("- the number of projects reached approx 600 projects as of June 2011")
    assert (facts[0]["text"], facts[0]["exact"], facts[0]["concept"], facts[0]["period"]) == (
        "approx 600 projects as of June 2011", False, "projects", "2011-06-30")


def test_negative_word_in_the_label_gives_the_direction():
    facts = extract("- ATM operation business gross loss: JPY68 million in 1Q11")
    assert (facts[0]["direction"].lower(), facts[0]["concept"], facts[0]["segment"]) == (
        "gross loss", "gross_margin", "atm_operation")


def test_points_are_a_point_change_of_the_share_label():
    facts = extract("<1H07 (2007/4-9)>", "- Operating Margin Ratio\t6.1 %\t(+0.9 points YoY)")
    share, points = facts
    assert (share["text"], share["measure"], share["concept"]) == ("6.1 %", "share", "operating_income")
    assert (points["text"], points["value"], points["measure"], points["unit"], points["compare"]) == (
        "+0.9 points YoY", "+0.9", "point_change", "points", "YoY")


# ------------------------------------------------------------------------------------- run-together cells
def test_run_together_cells_of_a_press_release():
    line = "Total revenuesJPY150.7 billionup 7.9% YoY"
    facts = extract("<FY2019 results>", line)
    assert [(f["text"], f["value"], f["unit"]) for f in facts] == [
        ("JPY150.7 billion", "150.7", "JPY billion"), ("up 7.9% YoY", "7.9", "%")]
    assert facts[0]["label"] == "Total revenues"
    assert (facts[1]["measure"], facts[1]["direction"], facts[1]["label"]) == ("pct_change", "up", "Total revenues")


def test_glued_footnote_markers_are_not_figures():
    line = "Net profit3\tJPY9.0 billion\tup 12.5% YoY2 for FY20195"
    facts = extract(line)
    assert [f["text"] for f in facts] == ["JPY9.0 billion", "up 12.5% YoY"]
    assert facts[0]["label"] == "Net profit"
    assert facts[0]["concept"] == "net_income"
    assert facts[0]["period"] == facts[1]["period"] == "FY2019"


# ------------------------------------------------------------------------------------------- tokenizer
@pytest.mark.parametrize("line, expected", [
    ("JPY23,362 million (up 47.7% YoY)", ["JPY23,362 million", "up 47.7% YoY"]),
    ("JPY 1,500 and US$ 12.3 million", ["JPY 1,500", "US$ 12.3 million"]),
    ("(1,879)\t(20.8%)\t+252", ["(1,879)", "(20.8%)", "+252"]),
    ("1Q11 (11/4~11/6) FY2010 2011/3 March 31, 2011", []),  # periods, ranges and dates
    ("II-1. Results\t3Q08 was 9 months", []),  # headings and durations
    ("JPY155million\t476.6 Gbps", ["JPY155million", "476.6 Gbps"]),
    ("increased by 0.6% QoQ", ["increased by 0.6% QoQ"]),
    ("131 contracts", ["131 contracts"]),
    ("II -2. Revenues\tII \u221212. New Subsidiaries", []),  # section numbers
])
def test_tokens_and_their_exact_text(line, expected):
    assert texts(line) == expected


def test_every_token_text_is_the_characters_of_its_line():
    line = "\u2022Total revenues\tJPY 3,176 million\t(down 4.2% QoQ)\t<i>80.7%</i> 18.9"
    for fact in extract(line):
        assert fact["text"] == line[line.index(fact["text"]):line.index(fact["text"]) + len(fact["text"])]
        assert fact["text"] in line


def test_us_dollar_amounts_are_drafted_without_a_unit():
    fact = one(extract("- Total revenues: US$ 12.3 million in FY2019"), "US$ 12.3 million in FY2019")
    assert "unit" not in fact and "US$ amount" in fact["todo"]
    assert (fact["value"], fact["concept"], fact["period"]) == ("12.3", "revenue", "FY2019")


def test_scale_word_without_currency_is_drafted_with_a_todo():
    facts = extract("<1H07 (2007/4-9)>", "- Total Revenues\t30.0 billion\t(13.4% YoY)")
    amount = one(facts, "30.0 billion")
    assert (amount["unit"], amount["value"]) == ("JPY billion", "30.0")
    assert "printed without JPY" in amount["todo"]
    assert extract("- 5 million users") == []


def test_an_undecided_field_is_left_out_and_named_in_todo():
    facts = extract("Widgets\t1,234")
    fact = facts[0]
    assert "concept" not in fact and "period" not in fact and "unit" not in fact
    for words in ("decide the concept", "decide the period", "decide the unit"):
        assert words in fact["todo"]


def test_the_text_takes_the_period_words_printed_with_the_figure():
    facts = extract("<1H07 (2007/4-9)>", "- \u25c6 Gross Margin Ratio: 1H06: 14.1% -> 1H07: 17.1% (+3.0%)",
                    "- Order backlog for SI at 1H07 end increased by 82.8% compared to 2Q06.")
    assert [(f["text"], f["value"], f.get("period")) for f in facts[:3]] == [
        ("1H06: 14.1%", "14.1", "1H06"), ("1H07: 17.1%", "17.1", "1H07"), ("+3.0%", "+3.0", "1H07")]
    backlog = facts[3]
    assert (backlog["text"], backlog["concept"], backlog["compare"], backlog["period"]) == (
        "increased by 82.8% compared to 2Q06", "order_backlog", "2006-09-30", "2007-09-30")


def test_a_change_from_the_previous_target_compares_bases():
    facts = extract("<FY2008 target>", "- Revenues: JPY73.0 billion, down JPY3.7 billion from previous target")
    change = one(facts, "down JPY3.7 billion from previous target")
    assert (change["measure"], change["basis"], change["base_basis"], change["period"]) == (
        "change", "target", "previous_target", "FY2008")
    assert "compare" not in change and "todo" not in change or "decide" not in change.get("todo", "")


@pytest.mark.parametrize("line", ["TEL: 03-5259-6500 FAX: 03-5259-6311", "TSE1:3774 NASDAQ:IIJI",
                                  "IIJ conducted a 1:200 stock split", "II -2. Revenues"])
def test_codes_telephone_numbers_ratios_and_headings_are_not_drafted(line):
    assert extract(line) == []


def test_a_bare_number_after_label_and_colon_is_a_figure():
    facts = extract("Unit: JPY million", "Operating income : 3,412")
    assert [(f["text"], f["label"], f["concept"], f["unit"]) for f in facts] == [
        ("3,412", "Operating income", "operating_income", "JPY million")]


@pytest.mark.parametrize("unit_line, unit", [("Unit: JPY billion", "JPY billion"), ("(JPY millions)", "JPY million"),
                                             ("(Unit: JPY Million)", "JPY million")])
def test_unit_lines(unit_line, unit):
    facts = extract(unit_line, "\t1Q11\t1Q10", "Total Revenues\t23.4\t15.8")
    assert [f["unit"] for f in facts] == [unit, unit]


@pytest.mark.parametrize("printed, period", [
    ("1Q11 (11/4~11/6)", "1Q11"), ("FY10 Target (11/4~12/3)", "FY2011"), ("2Q10 (1month)", "2010-09..2010-09"),
    ("3Q08 (08/4~08/12)", "2008-04..2008-12"), ("<1H07 (2007/4-9)>", "1H07"), ("1st Half of FY2007", "1H07"),
    ("FY2008/1Q-3Q (cumulative)", "2008-04..2008-12"), ("1Q-3Q19", "2019-04..2019-12"),
    ("March 31, 2011", "2011-03-31"), ("as of June 2011", "2011-06-30"), ("in April 2011", "2011-04..2011-04"),
    ("7 months from Sep 2010 to March 2011", "2010-09..2011-03"),
    ("from April 1, 2019 to December 31, 2019", "2019-04..2019-12"), ("FY20195", "FY2019"),
])
def test_printed_periods(printed, period):
    from auditor.extract.periods import find_periods
    assert [p.period for p in find_periods(printed)] == [period]


def test_a_dividend_cell_keeps_which_dividend_it_is():
    facts = extract("Unit: JPY billion", "\tFY08 Target (08/4~09/3)\tFY07 Actual (07/4~08/3)",
                    "Cash Dividend per Share\tJPY 2,000 (Annual)\tJPY 1,750 (Annual)")
    assert [(f["text"], f["value"], f["unit"], f["concept"]) for f in facts] == [
        ("JPY 2,000 (Annual)", "2,000", "JPY", "dividend_per_share"),
        ("JPY 1,750 (Annual)", "1,750", "JPY", "dividend_per_share")]


def test_end_of_a_month_is_its_last_day_and_part_of_the_text():
    facts = extract("\u25c6 IIJ Shareholders' equity ratio", "- End of Sep. 2012: 45.4%")
    assert [(f["text"], f["period"], f["measure"], f["of"], f["concept"]) for f in facts] == [
        ("End of Sep. 2012: 45.4%", "2012-09-30", "share", "total_assets", "shareholders_equity")]
    assert facts[0]["header"] == 1


def test_a_number_inside_a_vocabulary_name_is_not_a_figure():
    facts = extract("- Number of contracts for over 1Gbps as of Sep. 30, 2012: 164 contracts")
    assert [(f["text"], f["segment"], f["concept"], f["period"]) for f in facts] == [
        ("164 contracts", "over_1gbps", "contracts", "2012-09-30")]


def test_long_lines_stay_linear():
    # A guard against a hang (quadratic work on a long line), with a generous bound.
    import time
    lines = ["Revenues: JPY1 million (up 2% YoY), " * 3000, "Total\t" + "23.4\t" * 10000, "(" * 30000 + "1"]
    start = time.perf_counter()
    facts = extract(*lines)
    assert len(facts) == 6000 + 10000
    assert time.perf_counter() - start < 60
