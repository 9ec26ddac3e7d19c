"""Issue 13, "the value is what the text prints": a fact's value is a number its text prints (a load
error, exit 2, at the value's line, otherwise); texts match their line at number boundaries, and a text
found on a nearby line is named; only ASCII digits in values, lines and headers; a huge line is scanned
once, not once per fact.

Fixtures are written as literal YAML, one fact per line, so that a fact's line is its value's line.
"""

from __future__ import annotations

import shutil

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

import auditor.linetext
from auditor.numbers import parse_number
from conftest import FIXTURES, RULES
from test_hardening_support import Workspace, assert_input_error, assert_no_crash, line_of

DECK = [
    "Unit: JPY billion",                                    # 1
    "Total Revenues\t23.4\t15.8",                           # 2
    "Overseas revenue JPY2.1 billion, up 33.3% YoY",        # 3
    "Employees 1,953 personnel (11,953 incl. partners)",    # 4
    "Gross Margin Ratio: 1H06: 14.1% -> 1H07: 17.1% (+3.0%)",  # 5
    "Income before tax (20.8%)\tSG&A 3,627 (15.5%)",        # 6
    "Operating income down 5.0% YoY; net income 23.45",     # 7
    "129 contracts as of Sep. 30, 2007",                    # 8
    "Revenue 13.3 and margin -5 points",                    # 9
    "",                                                     # 10
    "Cloud revenue JPY0.6 billion",                         # 11
    "売上高 １,９５３ 名",                                   # 12
]
HEAD = "document: decks/deck.txt\nfacts:\n"
FACT_LINE = 3  # the first fact's line in a fixture written by fixture()


def fact(fact_id="t.f", concept="revenue", period="1Q11", value="2.1", unit="JPY billion", line=3,
         text="JPY2.1 billion", label="revenue", **extra) -> str:
    fields = {"id": fact_id, "concept": concept, "period": period, "value": f'"{value}"', "unit": f'"{unit}"',
              "line": line, **({"text": f'"{text}"'} if text is not None else {}), "label": f'"{label}"',
              **extra}
    return "  - {" + ", ".join(f"{key}: {value}" for key, value in fields.items()) + "}\n"


@pytest.fixture
def tws(tmp_path, capsys) -> Workspace:
    workspace = Workspace(tmp_path, capsys)
    workspace.deck("\n".join(DECK) + "\n")
    return workspace


def load(tws: Workspace, *facts: str):
    path = tws.fixture(HEAD + "".join(facts))
    return path, tws.run("validate", "--rules", RULES, "--no-cache", tws.fx)


def assert_loads(result) -> None:
    assert result.code == 0, str(result)


# -- the value is a number the text prints ----------------------------------------------------------
def test_value_that_is_not_the_texts_number_is_refused_with_the_numbers_it_prints(tws):
    path, result = load(tws, fact(value="2.7"))
    message = assert_input_error(result, path, FACT_LINE, "fact t.f:",
                                 "value '2.7' is not what its text 'JPY2.1 billion' prints '2.1'")
    assert message.count("prints") == 1


def test_count_edited_away_from_its_text_is_refused_by_check_and_validate(tws):
    row = fact(concept="employees", period="2011-06-30", value="9,999", unit="count", line=4,
               text="1,953 personnel", label="Employees")
    path, result = load(tws, row)
    assert_input_error(result, path, FACT_LINE, "value '9,999' is not what its text '1,953 personnel' prints '1,953'")
    checked = tws.run("check", "--rules", RULES, "--fixtures", tws.fx, "--no-cache")
    assert_input_error(checked, path, FACT_LINE, "value '9,999'")


def test_decimals_and_digits_must_be_the_same(tws):
    path, result = load(tws, fact(value="2.10"))
    assert_input_error(result, path, FACT_LINE, "value '2.10' is not what its text", "prints '2.1'")


def test_the_second_fact_is_blamed_at_its_own_line(tws):
    path, result = load(tws, fact(), fact("t.g", value="3.1"))
    assert_input_error(result, path, FACT_LINE + 1, "fact t.g: value '3.1'")
    assert "t.f" not in result.err


def test_scale_word_must_agree_with_the_unit(tws):
    path, result = load(tws, fact(unit="JPY million"))
    assert_input_error(result, path, FACT_LINE, "value '2.1' is not what its text 'JPY2.1 billion' prints",
                       "'JPY billion'", "'JPY million'")


def test_percent_sign_must_agree_with_the_unit(tws):
    path, result = load(tws, fact(value="33.3", text="33.3%"))
    assert_input_error(result, path, FACT_LINE, "value '33.3' is not what its text '33.3%' prints", "'%'",
                       "'JPY billion'")


def test_direction_word_of_the_text_must_agree_with_the_fact(tws):
    base = dict(concept="operating_income", measure="pct_change", compare="YoY", value="5.0", unit="%",
                line=7, text="down 5.0% YoY", label="Operating income")
    path, result = load(tws, fact(**base))
    assert_input_error(result, path, FACT_LINE, "value '5.0'", "'down'", "no direction")
    path, result = load(tws, fact(**base, direction="up"))
    assert_input_error(result, path, FACT_LINE, "value '5.0'", "'down'", "direction is 'up'")
    _, result = load(tws, fact(**base, direction="down"))
    assert_loads(result)


def test_parentheses_are_negative_and_the_value_must_say_so(tws):
    base = dict(concept="income_before_tax", measure="pct_change", compare="YoY", unit="%", line=6,
                text="(20.8%)", label="Income before tax")
    path, result = load(tws, fact(**base, value="20.8"))
    assert_input_error(result, path, FACT_LINE, "value '20.8' is not what its text '(20.8%)' prints '(20.8)'")
    _, result = load(tws, fact(**base, value="(20.8)"))
    assert_loads(result)


def test_a_negative_value_needs_a_negative_marker(tws):
    row = fact(concept="revenue", value="(2.1)")
    path, result = load(tws, row)
    assert_input_error(result, path, FACT_LINE, "value '(2.1)' is not what its text", "prints '2.1'")


def test_parentheses_after_another_number_are_an_aside(tws):
    row = fact(concept="sga_rd", measure="share", value="15.5", unit="%", line=6, text="3,627 (15.5%)",
               label="SG&A")
    _, result = load(tws, row)
    assert_loads(result)


def test_share_of_what_cannot_be_negative_reads_parentheses_as_an_aside(tws):
    tws.deck("\n".join(DECK[:9] + ["(14.0%)"]) + "\n")
    share = dict(concept="sga_rd", measure="share", unit="%", line=10, text="(14.0%)", label="(14.0%)")
    _, result = load(tws, fact(**share, value="14.0"))
    assert_loads(result)
    path, result = load(tws, fact(**share, value="(14.0)"))
    assert_input_error(result, path, FACT_LINE, "value '(14.0)'", "prints '14.0'")


def test_a_sign_inside_parentheses_is_the_sign(tws):
    row = fact(concept="gross_margin", measure="point_change", compare="1H06", period="1H07", value="+3.0",
               unit="points", line=5, text="(+3.0%)", label="Gross Margin Ratio")
    path, result = load(tws, row)
    # '+3.0' is the number; '%' is not the unit 'points'
    assert_input_error(result, path, FACT_LINE, "value '+3.0'", "'%'", "'points'")


def test_unicode_minus_is_a_negative_marker(tws):
    tws.deck("\n".join(DECK[:9] + ["Operating loss \u22125"]) + "\n")
    row = dict(concept="operating_income", unit="JPY billion", line=10, text="\u22125", label="Operating")
    _, result = load(tws, fact(**row, value="-5"))
    assert_loads(result)
    path, result = load(tws, fact(**row, value="5"))
    assert_input_error(result, path, FACT_LINE, "value '5'", "prints '\u22125'")


def test_text_with_several_numbers_the_value_says_which(tws):
    share = dict(concept="gross_margin", measure="share", unit="%", line=5, text="1H06: 14.1%",
                 label="Gross Margin Ratio", period="1H06")
    _, result = load(tws, fact(**share, value="14.1"))
    assert_loads(result)
    path, result = load(tws, fact(**share, value="1"))  # the 1 of "1H06" is a period's name, not a figure
    assert_input_error(result, path, FACT_LINE, "value '1' is not what its text '1H06: 14.1%' prints '14.1'")
    count = dict(concept="contracts", period="2007-09-30", unit="count", line=8,
                 text="129 contracts as of Sep. 30, 2007", label="contracts")
    _, result = load(tws, fact(**count, value="129"))
    assert_loads(result)
    path, result = load(tws, fact(**count, value="128"))
    assert_input_error(result, path, FACT_LINE, "value '128' is not what its text", "prints '129'")
    # a day or year printed with its month is a date, not the figure: the value cannot be edited onto it
    for date_part in ("30", "2007"):
        path, result = load(tws, fact(**count, value=date_part))
        assert_input_error(result, path, FACT_LINE, f"value '{date_part}' is not what its text", "prints '129'")


def test_text_with_several_figures_is_refused_as_ambiguous(tws):
    row = dict(concept="gross_margin", measure="share", unit="%", line=5, text="14.1% and 17.1%",
               label="Gross Margin Ratio", period="1H06")
    path, result = load(tws, fact(**row, value="14.1"))
    assert_input_error(result, path, FACT_LINE, "prints several figures ('14.1', '17.1')",
                       "cite only the figure's own characters")


def test_a_share_beside_its_amount_is_the_figure_of_the_share(tws):
    row = dict(concept="sga_rd", measure="share", unit="%", line=6, text="3,627 (15.5%)",
               label="SG&A", period="1H06")
    _, result = load(tws, fact(**row, value="15.5"))
    assert_loads(result)
    path, result = load(tws, fact(**row, value="3,627"))
    assert_input_error(result, path, FACT_LINE, "value '3,627' is not what its text", "prints '15.5'")


def test_text_without_a_number_prints_none(tws):
    path, result = load(tws, fact(text="Total Revenues"))
    assert_input_error(result, path, FACT_LINE, "value '2.1' is not what its text 'Total Revenues' prints no number")


def test_fact_without_text_prints_its_value(tws):
    _, result = load(tws, fact(value="23.4", line=2, text=None, label="Total Revenues"))
    assert_loads(result)


def test_the_four_decks_load():
    from auditor.loader import load_dataset
    from auditor.ruleset import load_rules

    dataset = load_dataset([str(FIXTURES)], load_rules(str(RULES)).vocabulary)
    assert len(dataset.facts) > 1000


# -- ASCII digits only ------------------------------------------------------------------------------
@pytest.mark.parametrize("value", ["１,９５３", "١٩٥٣", "1,9５3"])
def test_value_in_other_digits_is_refused(tws, value):
    row = fact(concept="employees", period="2011-06-30", value=value, unit="count", line=4,
               text="1,953 personnel", label="Employees")
    path, result = load(tws, row)
    assert_input_error(result, path, FACT_LINE, "fact t.f:", "digits must be ASCII 0-9")


@pytest.mark.parametrize("field, written", [("line", '"１２"'), ("line", '"٣"'), ("line", '"1_2"'),
                                            ("header", '"３"'), ("header", '["2", "٣"]')])
def test_line_and_header_in_other_digits_are_refused(tws, field, written):
    row = fact(value="23.4", line=2, text=None, label="Total Revenues")
    row = row.replace("line: 2", f"line: {written}") if field == "line" else row.replace("}", f", header: {written}}}")
    path, result = load(tws, row)
    assert_input_error(result, path, FACT_LINE, "fact t.f:", "digits 0-9")


def test_text_keeps_the_decks_own_digits(tws):
    row = dict(concept="employees", period="2011-06-30", unit="count", line=12, text="１,９５３", label="売上高")
    _, result = load(tws, fact(**row, value="1,953"))
    assert_loads(result)
    path, result = load(tws, fact(**row, value="1,954"))
    assert_input_error(result, path, FACT_LINE, "value '1,954'", "prints '1,953'")
    _, result = load(tws, fact(**row, value="1,953").replace("１,９５３", "1,953"))
    assert result.code == 1 and "text '1,953' is not on line 12" in result.out, str(result)


# -- provenance: token boundaries and nearby lines --------------------------------------------------
@pytest.mark.parametrize("line, text, value", [
    (3, "3.3%", "3.3"),          # inside 33.3%
    (9, "3.3", "3.3"),           # inside 13.3
    (4, "1,953 incl.", "1,953"),  # inside 11,953
    (7, "23.4", "23.4"),         # inside 23.45
    (9, "5 points", "5"),        # inside -5
])
def test_a_number_never_matches_inside_a_longer_number(tws, line, text, value):
    unit = "points" if "points" in text else "%" if "%" in text else "JPY billion"
    measure = {"points": "point_change", "%": "pct_change"}.get(unit)
    extra = {"measure": measure, "compare": "YoY"} if measure else {}
    _, result = load(tws, fact(value=value, unit=unit, line=line, text=text, label="e", **extra))
    assert result.code == 1, str(result)
    assert f"text '{text}' is not on line {line}" in result.out


@pytest.mark.parametrize("line, text, value, unit", [
    (3, "JPY2.1", "2.1", "JPY billion"),                  # letters next to the number are fine
    (3, "33.3%", "33.3", "%"),
    (4, "11,953", "11,953", "count"),
    (7, "23.45", "23.45", "JPY billion"),
])
def test_whole_numbers_match(tws, line, text, value, unit):
    extra = {"measure": "pct_change", "compare": "YoY", "direction": "up"} if unit == "%" else {}
    concept = "employees" if unit == "count" else "revenue"
    period = "2011-06-30" if unit == "count" else "1Q11"
    _, result = load(tws, fact(concept=concept, period=period, value=value, unit=unit, line=line, text=text,
                               label="e", **extra))
    assert_loads(result)


def test_run_together_cells_match(tws):
    tws.deck("\n".join(DECK[:9] + ["Revenue JPY2.1 billionup 7.9% YoY"]) + "\n")
    row = fact(measure="pct_change", compare="YoY", value="7.9", unit="%", line=10, text="up 7.9%",
               direction="up", label="Revenue")
    _, result = load(tws, row)
    assert_loads(result)


def test_text_on_a_nearby_line_is_named(tws):
    _, result = load(tws, fact(value="0.6", line=9, text="JPY0.6 billion", label="revenue"))
    assert result.code == 1, str(result)
    assert "text 'JPY0.6 billion' is not on line 9 (it is on line 11)" in result.out


def test_text_far_away_is_not_looked_for(tws):
    _, result = load(tws, fact(value="0.6", line=3, text="JPY0.6 billion", label="revenue"))
    assert result.code == 1, str(result)
    assert "text 'JPY0.6 billion' is not on line 3" in result.out
    assert "(it is on" not in result.out


def test_claim_text_on_a_nearby_line_is_named(tws):
    tws.fixture(HEAD + fact(value="23.4", line=2, text=None, label="Total Revenues")
                + fact("t.g", value="15.8", line=2, text=None, label="Total Revenues", period="1Q10")
                + "claims:\n  - {id: t.c, kind: trend, direction: increasing, facts: [t.g, t.f], line: 1,"
                  " text: Total Revenues}\n")
    result = tws.run("validate", "--rules", RULES, "--no-cache", tws.fx)
    assert "claim t.c: text 'Total Revenues' is not on deck.txt line 1 (it is on line 2)" in result.out, str(result)


# -- cost: a line is scanned once --------------------------------------------------------------------
def test_a_cited_line_is_indexed_once_for_all_its_facts(tws, monkeypatch):
    built = []
    original = auditor.linetext.LineIndex.__init__

    def counting(self, line, anchors):
        built.append(line)
        original(self, line, anchors)

    monkeypatch.setattr(auditor.linetext.LineIndex, "__init__", counting)
    rows = [fact(f"t.{i}", value="23.4", line=2, text="23.4", label="Total Revenues", period=f"{q}Q11")
            for i, q in enumerate("1234")]
    _, result = load(tws, *rows)
    assert_loads(result)
    assert len(built) == 1


def test_twenty_megabyte_line_cited_by_5000_facts_is_quick(tws):
    filler = " ".join(f"{k % 997}.{k % 10}" for k in range(60)) + " "
    cells, rows = [], []
    for i in range(5000):
        cells.append(f"Item{i} JPY{1000 + i:,} million {filler * 11}")
        rows.append(fact(f"t.{i}", value=f"{1000 + i:,}", unit="JPY million", line=1,
                         text=f"JPY{1000 + i:,} million", label=f"Item{i}", period="1Q11"))
    line = "".join(cells)
    tws.deck(line[:20_000_000] + "\n")
    tws.fixture(HEAD + "".join(rows))
    import time
    started = time.monotonic()
    result = tws.run("validate", "--rules", RULES, "--no-cache", tws.fx)
    assert result.code == 0, str(result)[:2000]
    assert time.monotonic() - started < 60  # a guard against the per-fact rescan (95 s before), not a benchmark


# -- the property: any edit of a value that changes the number fails the gate -----------------------
PROPERTY_DECK = [
    "Revenues JPY2.1 billion",          # 1
    "Operating income down 5.0% YoY",   # 2
    "Income before tax (20.8%)",        # 3
    "Employees 1,953 personnel",        # 4
    "Operating loss (161)",             # 5
]
PROPERTY_FACTS = [  # texts that print one number each: the value cannot point at another one
    dict(fact_id="p.rev", value="2.1", text="JPY2.1 billion", line=1),
    dict(fact_id="p.oi", concept="operating_income", measure="pct_change", compare="YoY", value="5.0", unit="%",
         direction="down", text="down 5.0% YoY", line=2),
    dict(fact_id="p.ibt", concept="income_before_tax", measure="pct_change", compare="YoY", value="(20.8)",
         unit="%", text="(20.8%)", line=3),
    dict(fact_id="p.emp", concept="employees", period="2011-06-30", value="1,953", unit="count",
         text="1,953 personnel", line=4),
    dict(fact_id="p.loss", concept="operating_income", value="(161)", unit="JPY million", text=None, line=5),
]

printed_values = st.builds(
    lambda digits, decimals, sign, commas: _printed(digits, decimals, sign, commas),
    st.integers(0, 10**7), st.integers(0, 3), st.sampled_from(["", "+", "-", "()"]), st.booleans())


def _printed(digits: int, decimals: int, sign: str, commas: bool) -> str:
    whole, part = divmod(digits, 10**decimals) if decimals else (digits, 0)
    text = f"{whole:,}" if commas else str(whole)
    if decimals:
        text += "." + str(part).rjust(decimals, "0")
    return f"({text})" if sign == "()" else sign + text


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(which=st.integers(0, len(PROPERTY_FACTS) - 1), new=printed_values)
def test_any_edit_that_changes_the_number_does_not_pass(tmp_path_factory, capsys, which, new):
    old = PROPERTY_FACTS[which]["value"]
    before, after = parse_number(old), parse_number(new)
    if (before.value, before.decimals) == (after.value, after.decimals):
        return  # the same number, written otherwise
    workspace = Workspace(tmp_path_factory.mktemp("edit"), capsys)
    workspace.deck("\n".join(PROPERTY_DECK) + "\n")
    rows = [dict(spec, value=new) if i == which else spec for i, spec in enumerate(PROPERTY_FACTS)]
    workspace.fixture(HEAD + "".join(fact(**{"label": "e", **row}) for row in rows))
    result = workspace.run("check", "--rules", RULES, "--fixtures", workspace.fx, "--no-cache")
    assert_no_crash(result)
    assert result.code != 0, f"{old} -> {new}\n{result}"


def test_the_property_workspace_is_clean_unedited(tmp_path, capsys):
    workspace = Workspace(tmp_path, capsys)
    workspace.deck("\n".join(PROPERTY_DECK) + "\n")
    workspace.fixture(HEAD + "".join(fact(**{"label": "e", **row}) for row in PROPERTY_FACTS))
    result = workspace.run("check", "--rules", RULES, "--fixtures", workspace.fx, "--no-cache")
    assert result.code == 0, str(result)


@pytest.mark.parametrize("fixture, fact_id, old, new", [
    ("003_1h_fy2012.yaml", "d003.sum.revenue.overseas.1h12", "2.1", "2.7"),
    ("000_bofa_2011_1q11.yaml", "d000.emp.employees.2011-06-30", "1,953", "9,999"),
])
def test_real_fixture_value_edited_away_from_its_text_is_refused(tmp_path, capsys, fixture, fact_id, old, new):
    copy = tmp_path / "fixtures"
    shutil.copytree(FIXTURES, copy)
    path = copy / fixture
    text = path.read_text(encoding="utf-8")
    number = line_of(text, f"id: {fact_id},")
    lines = text.splitlines(keepends=True)
    assert f'value: "{old}"' in lines[number - 1]
    lines[number - 1] = lines[number - 1].replace(f'value: "{old}"', f'value: "{new}"')
    path.write_text("".join(lines), encoding="utf-8")
    workspace = Workspace(tmp_path / "ws", capsys)
    result = workspace.run("check", "--rules", RULES, "--fixtures", copy, "--no-cache")
    assert_input_error(result, path, number, f"fact {fact_id}: value '{new}' is not what its text")



def test_the_cache_never_keeps_a_value_its_text_refutes(tws, tmp_path):
    cache = tmp_path / "cache"
    path = tws.fixture(HEAD + fact())
    first = tws.run("validate", "--rules", RULES, "--cache-dir", cache, tws.fx)
    assert first.code == 0, str(first)
    tws.fixture(HEAD + fact(value="2.7"))  # edited after its facts were cached
    for _ in range(2):  # a refused file is never cached: the second run loads it afresh too
        result = tws.run("validate", "--rules", RULES, "--cache-dir", cache, tws.fx)
        assert_input_error(result, path, FACT_LINE, "value '2.7' is not what its text")


def test_text_with_a_run_of_more_digits_than_a_figure_is_refused_without_a_crash(tws):
    _, result = load(tws, fact(text="JPY2.1 billion " + "9" * 45))
    assert result.code == 1 and "is not on line 3" in result.out, str(result)  # read, then not found
    path, result = load(tws, fact(value="2.2", text="JPY2.1 billion " + "9" * 45))
    assert_input_error(result, path, FACT_LINE, "value '2.2'", "prints '2.1'")


@pytest.mark.parametrize("text, number, date", [
    ("129 contracts as of Sep. 30, 2011", "30", True), ("129 contracts as of Sep. 30, 2011", "2011", True),
    ("Hired 44 in April 2011", "2011", True), ("JPY 184 million from June 1, 2007", "1,", True),
    ("End of Sept. 2012: 45.4%", "2012", True), ("End of Sept. 2012: 45.4%", "45.4", False),
    ("Mayor 5", "5", False), ("Marketing 12", "12", False), ("the 5", "5", False),
])
def test_only_a_month_name_makes_a_number_part_of_a_date(text, number, date):
    from auditor.printed import is_date_part

    assert is_date_part(text, text.index(number)) is date
