"""Issue 14: a new user's dataset, tests/data/releases_fy12_22: fifteen release-style documents of FY2012-
FY2022 written for the tests in IIJ's notation (not copies of real releases), recorded by following
docs/fact-format.md only. The consistent documents give no finding; each error planted into them (in the
document and its fixture alike, as a source error would stand in both) is found by the right rule at the
planted fact's line, and nothing else is."""

import json
import shutil
from pathlib import Path

import pytest

from auditor.cli import main
from conftest import RULES

DATASET = Path(__file__).parent / "data" / "releases_fy12_22"


def audit(fixtures, capsys) -> tuple[int, dict]:
    capsys.readouterr()
    code = main(["check", "--rules", str(RULES), "--fixtures", str(fixtures), "--format", "json", "--no-cache"])
    return code, json.loads(capsys.readouterr().out)


def test_the_consistent_documents_give_no_finding(capsys):
    code, report = audit(DATASET, capsys)
    assert report["findings"] == [], report["findings"]
    assert code == 0
    stats = {rule["id"]: rule for rule in report["rules"]}
    assert report["summary"]["documents"] == 15
    # every case is checked, not skipped: each of these rules passes checks on the dataset
    for rule, least in {"period-label": 40, "provenance": 123, "actual-against-target": 1, "agreement": 15, "change-relative": 15,
                        "change-absolute": 6, "implied-base": 2, "derived-change": 3, "period-aggregation": 3,
                        "dividends-annual": 4, "shares-outstanding": 1, "usd-translation": 3}.items():
        assert stats[rule]["passed"] >= least, (rule, stats[rule])


# (document stem, [(printed before, printed after)], [(fixture text before, after)], rule, planted fact, its line)
PLANTED = [
    ("2012-08-08_1q12", [("up 7.7% YoY", "up 8.7% YoY")],
     [('value: "7.7", direction: up, unit: "%", line: 4, text: up 7.7% YoY',
       'value: "8.7", direction: up, unit: "%", line: 4, text: up 8.7% YoY')],
     "change-relative", "q12.rev.1q12.yoy", 4),
    ("2013-11-08_1h13", [("up 6.3% YoY", "up 8.3% YoY")],
     [('value: "6.3", direction: up, unit: "%", line: 7, text: up 6.3% YoY',
       'value: "8.3", direction: up, unit: "%", line: 7, text: up 8.3% YoY')],
     "derived-change", "h13.rev.2q13.yoy", 7),                       # 2Q13 against 2Q12 = 1H12 - 1Q12
    ("2015-05-14_fy14", [("grew by 5.9%", "grew by 7.9%")],
     [('value: "5.9", direction: grew, unit: "%", line: 6, text: grew by 5.9%',
       'value: "7.9", direction: grew, unit: "%", line: 6, text: grew by 7.9%')],
     "derived-change", "y14.rev.2h14.yoy", 6),                       # 2H14 = FY2014 - 1H14 vs 2H13
    ("2016-02-05_3q15", [("up 5.6% YoY", "up 7.6% YoY")],
     [('value: "5.6", direction: up, unit: "%", line: 5, text: up 5.6% YoY',
       'value: "7.6", direction: up, unit: "%", line: 5, text: up 7.6% YoY')],
     "derived-change", "n15.rev.3q15.3m.yoy", 5),                    # 3Q14 = 1Q-3Q14 - 1H14
    ("2016-02-05_3q15", [("were JPY110,000 million", "were JPY111,000 million")],
     [('value: "110,000", unit: JPY million, line: 6, text: "JPY110,000 million"',
       'value: "111,000", unit: JPY million, line: 6, text: "JPY111,000 million"')],
     "agreement", "n15.rev.9m15", 6),                                # 9M FY2015 against the cumulative 3Q15
    ("2016-11-08_target", [("158,000\t(2,000)", "158,000\t(2,500)")],
     [('value: "(2,000)"', 'value: "(2,500)"')],
     "change-absolute", "r16a.rev.revision", 4),                     # the revision against May's target
    ("2017-05-12_fy16", [("target was JPY156,500 million", "target was JPY158,000 million")],
     [('value: "156,500", unit: JPY million, line: 3, text: "JPY156,500 million"',
       'value: "158,000", unit: JPY million, line: 3, text: "JPY158,000 million"')],
     "agreement", "y16.target.rev.fy16", 3),                         # a stale repeat of November's target
    ("2017-05-12_fy16", [("increased by JPY600 million", "increased by JPY700 million")],
     [('value: "600", direction: increased, line: 5, text: "increased by JPY600 million"',
       'value: "700", direction: increased, line: 5, text: "increased by JPY700 million"')],
     "implied-base", "y16.ibt.fy16.change", 5),
    ("2017-05-12_fy16", [("101.7% of the revised target", "102.7% of the revised target")],
     [('value: "101.7", unit: "%", line: 6, text: "101.7%"', 'value: "102.7", unit: "%", line: 6, text: "102.7%"')],
     "actual-against-target", "y16.op.fy16.attainment", 6),          # against February's target, in force
    ("2019-05-14_fy18", [("US$45 million", "US$55 million")],
     [('value: "45", text: "US$45 million"', 'value: "55", text: "US$55 million"')],
     "usd-translation", "y18.usd.ni.fy18", 8),
    ("2019-05-14_fy18", [("Annual 27.00", "Annual 28.00")],
     [('value: "27.00", text: Annual 27.00', 'value: "28.00", text: Annual 28.00')],
     "dividends-annual", "y18.div.fy18", 9),
    ("2019-05-14_fy18", [("treasury stock 1,720,590", "treasury stock 1,702,590")],
     [('value: "1,720,590"', 'value: "1,702,590"')],
     "shares-outstanding", "y18.shares.treasury", 10),
    ("2019-05-14_fy18", [("3,500\t8.6%", "3,500\t9.6%")],
     [('value: "8.6", text: "8.6%"', 'value: "9.6", text: "9.6%"')],
     "change-relative", "y18.adj.fy18.yoy", 6),                      # adjusted against adjusted only
    ("2019-05-14_fy18", [("3Q18\t4Q18", "3Q18\t3Q18")],
     [("period: 4Q18, period_text: 4Q18", "period: 4Q18, period_text: 3Q18")],
     "period-label", "y18.rev.4q18", 14),                            # a wrong quarter in the three-month table
    ("2019-05-14_jgaap", [("37,600\t5.9%", "37,600\t6.9%")],
     [('value: "5.9", text: "5.9%"', 'value: "6.9", text: "6.9%"')],
     "change-relative", "jg.rev.fy18.yoy", 4),                       # against the J-GAAP FY2017 only
    ("2019-11-07_1h19", [("215,000\t214,000\t(1,000)", "216,000\t214,000\t(2,000)")],
     [('{id: h19.prev.rev.fy19, basis: previous_target, value: "215,000"}',
       '{id: h19.prev.rev.fy19, basis: previous_target, value: "216,000"}'),
      ('value: "(1,000)"', 'value: "(2,000)"')],
     "agreement", "h19.prev.rev.fy19", 7),                           # the previous target misquoted
    ("2019-11-07_1h19", [("4,600\t(400)", "4,600\t(600)")],
     [('value: "(400)"', 'value: "(600)"')],
     "change-absolute", "h19.ni.fy19.revision", 9),
    ("2020-02-06_3q19", [("increased by JPY900 million", "increased by JPY800 million")],
     [('value: "900", direction: increased, line: 7, text: "increased by JPY900 million"',
       'value: "800", direction: increased, line: 7, text: "increased by JPY800 million"')],
     "implied-base", "n19.pbt.9m19.change", 7),
    ("2021-05-13_dividend", [("Interim 6.00 Year-end 7.00", "Interim 6.00 Year-end 7.50")],
     [('{id: dv.fy20s.year_end, period: 2H20, value: "7.00", text: Year-end 7.00}',
       '{id: dv.fy20s.year_end, period: 2H20, value: "7.50", text: Year-end 7.50}')],
     "dividends-annual", "dv.fy20s.year_end", 5),                    # on the post-split basis
    ("2022-11-08_1h22", [("first half of fiscal 2022", "first half of fiscal 2021")],
     [("period_text: first half of fiscal 2022", "period_text: first half of fiscal 2021")],
     "period-label", "h22.usd.rev.1h22", 9),
    ("2022-11-08_1h22", [("7,700\t9.1%", "7,700\t8.1%")],
     [('value: "9.1", text: "9.1%"', 'value: "8.1", text: "8.1%"')],
     "change-relative", "h22.norm.1h22.yoy", 7),                     # normalized against normalized only
]


def replace_once(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, (path.name, old)
    path.write_text(text.replace(old, new), encoding="utf-8")


@pytest.mark.parametrize("stem, printed, recorded, rule, fact_id, line", PLANTED,
                         ids=[f"{case[3]}:{case[4]}" for case in PLANTED])
def test_a_planted_error_is_found_by_its_rule_at_its_line_and_nothing_else(
        tmp_path, capsys, stem, printed, recorded, rule, fact_id, line):
    root = tmp_path / "dataset"
    shutil.copytree(DATASET, root)
    for old, new in printed:
        replace_once(root / "docs" / f"{stem}.txt", old, new)
    for old, new in recorded:
        replace_once(root / f"{stem}.yaml", old, new)
    code, report = audit(root, capsys)
    assert code == 1
    assert [finding["rule"] for finding in report["findings"]] == [rule], report["findings"]
    (finding,) = report["findings"]
    planted = {fact["id"]: fact for fact in finding["facts"]}[fact_id]
    assert (planted["document"], planted["line"]) == (f"{stem}.txt", line)


def test_the_stale_repeat_names_the_vintage_that_replaced_it(tmp_path, capsys):
    root = tmp_path / "dataset"
    shutil.copytree(DATASET, root)
    replace_once(root / "docs" / "2017-05-12_fy16.txt", "target was JPY156,500", "target was JPY158,000")
    replace_once(root / "2017-05-12_fy16.yaml", 'value: "156,500", unit: JPY million, line: 3, text: "JPY156,500',
                 'value: "158,000", unit: JPY million, line: 3, text: "JPY158,000')
    _, report = audit(root, capsys)
    (finding,) = report["findings"]
    assert finding["message"].startswith("stale target:")
    assert "the target as of 2017-02-07 is 156,500 JPY million" in finding["message"]
    assert "158,000 JPY million is the target as of 2016-11-08" in finding["message"]


def test_a_j_gaap_figure_never_meets_the_us_gaap_figure_of_the_same_period(tmp_path, capsys):
    """The subsidiary's J-GAAP FY2018 figures differ from its U.S. GAAP ones in IIJ's release of the same
    day; only the declared standards keep them apart: declared U.S. GAAP, the J-GAAP release clashes."""
    root = tmp_path / "dataset"
    shutil.copytree(DATASET, root)
    replace_once(root / "2019-05-14_jgaap.yaml", "standard: J-GAAP", "standard: US GAAP")
    code, report = audit(root, capsys)
    assert code == 1
    clashes = {tuple(sorted(fact["id"] for fact in finding["facts"])) for finding in report["findings"]}
    assert {finding["rule"] for finding in report["findings"]} == {"agreement"}
    assert clashes == {("jg.rev.fy18", "y18.glo.rev.fy18"), ("jg.op.fy18", "y18.glo.op.fy18")}
