"""Issue 14: changes stated for periods no document prints, checked against the figures that tile them."""

from conftest import assert_clean, dump_yaml

RULE = "derived-change"


def doc(ws, facts):
    ws.deck([f"Revenues\t{fact['value']}" for fact in facts])
    data = {"document": "decks/deck.txt", "facts": [
        {"line": index, "concept": "revenue", "unit": "JPY million", "label": "Revenues", **fact}
        for index, fact in enumerate(facts, 1)]}
    (ws.fx / "deck.yaml").write_text(dump_yaml(data), encoding="utf-8")


def level(period, value):
    return {"id": f"t.{period}", "period": period, "value": value}


def yoy(period, value, direction="up"):
    return {"id": f"t.{period}.yoy", "period": period, "value": value, "measure": "pct_change", "compare": "YoY",
            "unit": "%", "direction": direction}


QUARTERS = [level("1H13", "50,000"), level("1Q13", "24,000"), level("2Q14", "27,300")]


def test_a_quarter_yoy_against_a_half_less_its_first_quarter_passes(ws):
    doc(ws, [*QUARTERS, yoy("2Q14", "5.0")])                    # 27,300 / (50,000 - 24,000) = 1.05
    assert_clean(ws.check(RULE, fmt="json"), RULE, checks=1)


def test_a_wrong_quarter_yoy_fails_with_the_chain(ws):
    doc(ws, [*QUARTERS, yoy("2Q14", "7.0")])
    result = ws.check(RULE, fmt="json")
    assert result.code == 1
    (finding,) = result.findings
    assert {fact["id"] for fact in finding["facts"]} == {"t.1H13", "t.1Q13", "t.2Q14", "t.2Q14.yoy"}
    assert "(50,000 JPY million 2013-04..2013-09 - 24,000 JPY million 2013-04..2013-06)" in finding["check"]
    assert "2Q13 = 1H13 - 1Q13 = 50,000 JPY million - 24,000 JPY million = [25,999, 26,001] JPY million" \
        in finding["message"]
    markdown = ws.check(RULE, fmt="markdown")
    assert "2Q13 = 1H13 - 1Q13 = 50,000 JPY million - 24,000 JPY million" in markdown.out


def test_a_second_half_growth_against_two_differences(ws):
    facts = [level("FY2014", "210,000"), level("1H14", "100,000"), level("FY2013", "200,000"),
             level("1H13", "100,000")]
    doc(ws, [*facts, yoy("2H14", "10.0")])                      # 110,000 / 100,000
    assert_clean(ws.check(RULE, fmt="json"), RULE, checks=1)
    doc(ws, [*facts, yoy("2H14", "12.0")])
    result = ws.check(RULE)
    assert result.code == 1
    # both derived figures show their chain; the text finding carries them
    assert "2H14 = FY2014 - 1H14 = 210,000 JPY million - 100,000 JPY million = [109,999, 110,001] JPY million" \
        in result.out
    assert "2H13 = FY2013 - 1H13 = 200,000 JPY million - 100,000 JPY million" in result.out


def test_the_json_report_shows_each_derived_figure_with_its_chain(ws):
    facts = [level("FY2014", "210,000"), level("1H14", "100,000"), level("FY2013", "200,000"), level("1H13", "100,000")]
    doc(ws, [*facts, yoy("2H14", "12.0")])                      # a finding: the derived figures are reported
    report = ws.check(fmt="json").json
    (entry,) = [item for item in report["derived"] if item["figure"].startswith("IIJ revenue 2H14")]
    assert entry["interval"] == ["109999", "110001"]
    assert entry["facts"] == ["t.1H14", "t.FY2014"] and entry["rules"] == ["period-aggregation"]
    (link,) = entry["chain"]
    assert link["figure"] == entry["figure"] and link["interval"] == ["109999", "110001"]
    assert link["rule"] == "period-aggregation"
    assert {source["figure"]: source["facts"] for source in link["from"]} == {
        "IIJ revenue FY2014 (2014-04..2015-03)": ["t.FY2014"], "IIJ revenue 1H14 (2014-04..2014-09)": ["t.1H14"]}


def test_a_chain_through_a_derived_figure_names_its_range(ws):
    # 2Q13 = 1H13 - 1Q13 is derived first; 2Q14 then follows from "up 5.0% YoY" over the derived 2Q13.
    # The repeated 1H14 that disagrees is the finding that makes the report list derived figures.
    doc(ws, [*QUARTERS[:2], yoy("2Q14", "5.0"), level("1H14", "60,000"), {**level("1H14", "61,000"), "id": "t.again"}])
    report = ws.check(fmt="json").json
    (entry,) = [item for item in report["derived"] if item["figure"].startswith("IIJ revenue 2Q14")]
    first, second = entry["chain"]
    assert first["figure"].startswith("IIJ revenue 2Q13") and first["rule"] == "period-aggregation"
    assert second["rule"] == "change-relative" and second["interval"] == entry["interval"]
    derived = [source for source in second["from"] if "facts" not in source]
    assert derived == [{"figure": first["figure"], "interval": first["interval"]}]


def test_a_change_whose_figures_are_printed_is_left_to_the_change_rules(ws):
    doc(ws, [level("2Q14", "27,300"), level("2Q13", "26,000"), yoy("2Q14", "7.0")])
    result = ws.check(RULE, fmt="json")
    assert {rule["id"]: rule for rule in result.json["rules"]}[RULE]["checks"] == 0
    assert ws.check("change-relative").code == 1
