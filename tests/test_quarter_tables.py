"""Issue 14 follow-up: a results release's table of the quarters alone (its "4Q18" column is January-March
2019). ``quarters: three_months`` on a group (or a fact) reads its quarter names, in ``period``, ``compare``
and ``period_text`` alike, as the quarters themselves; ``quarters: cumulative`` the other way round."""

import re

from auditor.loader import load_dataset
from auditor.ruleset import load_rules
from conftest import RULES, assert_clean, assert_one_finding, dump_yaml

LABEL = "period-label"
TABLE = ["Quarterly revenues (three months)", "\t1Q18\t2Q18\t3Q18\t4Q18\tFY2018", "Revenues\t50\t52\t54\t56\t212"]


def quarter_table(ws, periods=("1Q18", "2Q18", "3Q18", "4Q18"), quarters="three_months", kind="results_release",
                  own=None):
    """The table as a group of facts; ``own`` gives one fact's own fields."""
    ws.deck(TABLE)
    facts = [{"id": f"q.{number}", "period": period, "period_text": text, "value": value}
             for number, (period, text, value) in enumerate(zip(periods, TABLE[1].split()[:4], ("50", "52", "54", "56")))]
    facts.append({"id": "q.fy", "period": "FY2018", "period_text": "FY2018", "value": "212"})
    if own:
        facts[3].update(own)
    group = {"concept": "revenue", "unit": "JPY million", "line": 3, "header": 2, "label": "Revenues", "facts": facts}
    if quarters:
        group["quarters"] = quarters
    data = {"document": "decks/deck.txt", "kind": kind, "date": "2019-05-14", "standard": "US GAAP",
            "facts": [group]}
    path = ws.fx / "deck.yaml"
    path.write_text(dump_yaml(data), encoding="utf-8")
    return path


def test_a_three_month_quarter_table_of_a_results_release_records_as_printed(ws):
    quarter_table(ws)
    assert_clean(ws.check(LABEL, fmt="json"), LABEL, checks=5)
    # the four quarters tile the year: read as three months each, they sum to FY2018
    assert_clean(ws.check("period-aggregation", fmt="json"), "period-aggregation")


def test_the_quarters_field_sets_the_periods_the_facts_are_for(ws):
    quarter_table(ws)
    dataset = load_dataset([str(ws.fx)], load_rules(str(RULES)).vocabulary)
    periods = {fact.id: fact.key.period.label for fact in dataset.facts}
    assert periods["q.3"] == "4Q18 (2019-01..2019-03)"
    assert periods["q.0"] == "1Q18 (2018-04..2018-06)"


def test_a_wrong_quarter_in_a_three_month_table_is_a_period_label_finding(ws):
    quarter_table(ws, periods=("1Q18", "2Q18", "3Q18", "3Q18"), own={"value": "56"})
    result = ws.check(LABEL)
    assert result.code == 1, str(result)
    assert_one_finding(result, LABEL, "'4Q18' denotes 4Q18 (2019-01..2019-03) but the figure is recorded for 3Q18",
                       "deck.txt:3")


def test_without_the_field_the_printed_quarter_reads_cumulative_in_a_results_release(ws):
    quarter_table(ws, periods=("1Q18", "2Q18", "3Q18", "4Q18 (3 months)"), quarters=None)
    result = ws.check(LABEL)
    assert result.code == 1, str(result)
    assert_one_finding(result, LABEL, "'4Q18' denotes FY2018 (2018-04..2019-03)", "deck.txt:3")


def test_a_fact_s_own_quarters_wins_over_its_group_s(ws):
    # the fourth column read cumulatively is the whole year, not the quarter its period says
    quarter_table(ws, own={"quarters": "cumulative", "period": "4Q18 (3 months)"})
    result = ws.check(LABEL)
    assert result.code == 1, str(result)
    assert_one_finding(result, LABEL, "'4Q18' denotes FY2018 (2018-04..2019-03) but the figure is recorded for 4Q18")


def test_quarters_cumulative_reads_a_deck_s_quarter_names_cumulatively(ws):
    quarter_table(ws, periods=("1Q18", "1H18", "1Q-3Q18", "FY2018"), quarters="cumulative", kind="deck")
    result = ws.check(LABEL, fmt="json")
    assert_clean(result, LABEL, checks=5)


def test_an_unknown_quarters_value_is_exit_2_at_its_line(ws):
    path = quarter_table(ws, quarters="monthly")
    result = ws.check(LABEL)
    assert result.code == 2, str(result)
    assert re.search(rf"{path.name}:[0-9]+:", result.err) and "quarters" in result.err
    assert "Traceback" not in result.err


def test_a_cached_load_keeps_the_quarters_reading(ws):
    quarter_table(ws)
    first = ws.check(LABEL, fmt="json")
    second = ws.check(LABEL, fmt="json")
    assert_clean(second, LABEL, checks=5)
    assert first.out == second.out
