"""Issue 14: US$ translations, dividends per share, share counts, stock splits, adjusted measures."""

import pytest

from conftest import assert_clean, dump_yaml


def release(ws, facts, *, rate=None, lines=None, name="rel"):
    deck = lines or [f"{fact['label']}\t{fact.get('text', fact['value'])}" for fact in facts]
    if rate:
        deck = [*deck, f"U.S. dollar amounts are translated at US$1 = JPY{rate}"]
    ws.deck(deck, name=f"{name}.txt")
    data = {"document": f"decks/{name}.txt", "kind": "results_release", "date": "2020-05-12", "standard": "IFRS"}
    if rate:
        data.update({"usd_rate": rate, "usd_rate_line": len(deck)})
    data["facts"] = [{"line": index, **fact} for index, fact in enumerate(facts, 1)]
    path = ws.fx / f"{name}.yaml"
    path.write_text(dump_yaml(data), encoding="utf-8")
    return path


def money(fact_id, value, unit="JPY million", concept="revenue", period="FY2019", **extra):
    return {"id": fact_id, "concept": concept, "period": period, "value": value, "unit": unit, "label": concept,
            **extra}


def ids(finding):
    return {fact["id"] for fact in finding["facts"]}


USD = "usd-translation"


def test_translations_at_the_stated_rate_pass(ws):
    # 204,000 / 108.83 = 1,874.48 US$ million; 9.50 / 108.83 = 0.0873 US$
    release(ws, [money("r.jpy", "204,000"), money("r.usd", "1,874", "US$ million"),
                 money("e.jpy", "9.50", "JPY", "eps"), money("e.usd", "0.09", "US$", "eps")], rate="108.83")
    assert_clean(ws.check(USD, fmt="json"), USD, checks=2)


def test_a_translation_off_the_stated_rate_fails(ws):
    release(ws, [money("r.jpy", "204,000"), money("r.usd", "1,894", "US$ million")], rate="108.83")
    result = ws.check(USD, fmt="json")
    assert result.code == 1
    (finding,) = result.findings
    assert ids(finding) == {"r.jpy", "r.usd"} and "JPY108.83" in finding["message"]


def test_without_a_stated_rate_translations_share_one_rate(ws):
    facts = [money("r.jpy", "204,000"), money("r.usd", "1,874", "US$ million"),
             money("o.jpy", "11,000", concept="operating_income"),
             money("o.usd", "101", "US$ million", concept="operating_income")]
    release(ws, facts)
    assert_clean(ws.check(USD, fmt="json"), USD, checks=2)
    facts[3] = money("o.usd", "110", "US$ million", concept="operating_income")  # 11,000 / 100: another rate
    release(ws, facts)
    result = ws.check(USD, fmt="json")
    assert result.code == 1
    assert all(ids(finding) & {"o.usd", "r.usd"} for finding in result.findings)


def test_a_translation_without_its_yen_figure_is_skipped_not_passed(ws):
    release(ws, [money("r.usd", "1,874", "US$ million")], rate="108.83")
    result = ws.check(USD, fmt="json")
    stats = {rule["id"]: rule for rule in result.json["rules"]}[USD]
    assert (stats["checks"], stats["skipped"]) == (0, 1)


def test_dollar_and_yen_figures_never_meet_in_agreement(ws):
    release(ws, [money("r.jpy", "204,000"), money("r.usd", "1,874", "US$ million")], rate="108.83")
    assert ws.check("agreement", fmt="json").json["findings"] == []


@pytest.mark.parametrize("fields, needle", [
    ({"usd_rate": "108.83"}, "'usd_rate' and 'usd_rate_line' go together"),
    ({"usd_rate": "109.00", "usd_rate_line": 1}, "usd_rate '109.00' is not printed on deck.txt line 1"),
    ({"usd_rate": "1O8.83", "usd_rate_line": 1}, "usd_rate"),
])
def test_a_bad_rate_is_exit_2(ws, fields, needle):
    ws.deck(["US$1 = JPY108.83"])
    data = {"document": "decks/deck.txt", **fields, "facts": []}
    (ws.fx / "deck.yaml").write_text(dump_yaml(data), encoding="utf-8")
    result = ws.check(USD)
    assert result.code == 2 and needle in result.err and "deck.yaml:2:" in result.err, str(result)


def dividends(ws, interim, year_end, annual):
    release(ws, [money("d.1h", interim, "JPY", "dividend_per_share", "1H19", label="Interim"),
                 money("d.2h", year_end, "JPY", "dividend_per_share", "2H19", label="Year-end"),
                 money("d.fy", annual, "JPY", "dividend_per_share", "FY2019", label="Annual")])


def test_interim_plus_year_end_is_the_annual_dividend(ws):
    dividends(ws, "10.50", "10.50", "21.00")
    assert_clean(ws.check("dividends-annual", fmt="json"), "dividends-annual", checks=1)


def test_a_wrong_annual_dividend_fails(ws):
    dividends(ws, "10.50", "10.50", "20.00")
    result = ws.check("dividends-annual", fmt="json")
    assert result.code == 1
    assert ids(result.findings[0]) == {"d.1h", "d.2h", "d.fy"}


def shares(ws, issued, treasury, outstanding):
    day = "2020-03-31"
    release(ws, [money("s.i", issued, "count", "shares_issued", day), money("s.t", treasury, "count",
                 "treasury_shares", day), money("s.o", outstanding, "count", "shares_outstanding", day)])


def test_shares_outstanding_are_issued_less_treasury(ws):
    shares(ws, "46,780,300", "1,720,590", "45,059,710")
    assert_clean(ws.check("shares-outstanding", fmt="json"), "shares-outstanding", checks=1)
    shares(ws, "46,780,300", "1,720,590", "45,059,701")
    assert ws.check("shares-outstanding").code == 1


def test_per_share_figures_on_two_split_bases_never_meet(ws):
    # after a 2-for-1 split, the FY2018 dividend restated on the new shares is half the one first printed
    release(ws, [money("a.fy18", "27.00", "JPY", "dividend_per_share", "FY2018", label="Annual"),
                 money("b.fy18", "13.50", "JPY", "dividend_per_share", "FY2018", label="Annual",
                       shares="2019-10-01")])
    assert ws.check("agreement", fmt="json").json["findings"] == []
    release(ws, [money("a.fy18", "27.00", "JPY", "dividend_per_share", "FY2018", label="Annual"),
                 money("b.fy18", "13.50", "JPY", "dividend_per_share", "FY2018", label="Annual")])
    assert ws.check("agreement").code == 1


def test_an_adjusted_measure_is_its_own_figure(ws):
    release(ws, [money("n.fy18", "5,000", concept="net_income", period="FY2018"),
                 money("n.fy18.adj", "4,200", concept="net_income", period="FY2018", qualifier="adjusted")])
    assert ws.check("agreement", fmt="json").json["findings"] == []
    release(ws, [money("n.fy18", "5,000", concept="net_income", period="FY2018", qualifier="normalized"),
                 money("n.fy18.adj", "4,200", concept="net_income", period="FY2018", qualifier="normalized")])
    result = ws.check("agreement", fmt="json")
    assert result.code == 1 and "normalized" in result.findings[0]["message"]


def test_an_unknown_qualifier_is_exit_2(ws):
    path = release(ws, [money("n.fy18", "5,000", concept="net_income", qualifier="underlying")])
    result = ws.check("agreement")
    assert result.code == 2 and f"{path.name}:" in result.err and "fact n.fy18: qualifier" in result.err
