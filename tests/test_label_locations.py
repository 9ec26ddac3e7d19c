"""Findings about a period name or a label cite the line where that wording is printed (issue 15): the
table header or the sentence, first, in text, JSON, SARIF, GitHub annotations, Markdown, JUnit and HTML;
the data rows follow as the cited facts (SARIF: related locations)."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET

from auditor.loader import display_path
from conftest import PROJECT
from test_html_report import Page

RULE = "period-label"
EXAMPLE = PROJECT / "tests" / "data" / "example"


def write_table(ws):
    # the column heading on line 2 names FY10, its months are FY11's: the wording to fix is on line 2
    ws.deck(["Unit: JPY billion", "\tFY10 Target (11/4~12/3)", "Total Revenues\t100.0", "Operating Income\t6.3"])
    facts = [{"id": f"t.{concept}", "concept": concept, "period": "FY2011", "basis": "target", "value": value,
              "unit": "JPY billion", "line": line, "header": 2, "label": label,
              "period_text": "FY10 Target (11/4~12/3)"}
             for concept, value, line, label in (("revenue", "100.0", 3, "Total Revenues"),
                                                 ("operating_income", "6.3", 4, "Operating Income"))]
    ws.fixture(facts)
    return display_path(str(ws.decks / "deck.txt"))


def test_text_finding_starts_at_the_header_line(ws):
    deck = write_table(ws)
    result = ws.check(RULE)
    assert result.code == 1
    (line,) = result.finding_lines(RULE)
    assert line.startswith(f"{deck}:2: error period-label 'FY10 Target (11/4~12/3)'"), line
    assert "[deck.txt:3 '100.0'; deck.txt:4 '6.3']" in line


def test_json_finding_has_the_header_as_its_location(ws):
    deck = write_table(ws)
    (finding,) = ws.check(RULE, fmt="json").findings
    assert finding["location"] == {"document": "deck.txt", "path": deck, "line": 2,
                                   "text": "FY10 Target (11/4~12/3)"}
    assert [fact["line"] for fact in finding["facts"]] == [3, 4]


def test_sarif_primary_location_is_the_header_and_the_rows_are_related(ws):
    deck = write_table(ws)
    result = ws.check(RULE, fmt="sarif")
    (entry,) = json.loads(result.out)["runs"][0]["results"]
    primary = entry["locations"][0]["physicalLocation"]
    assert (primary["artifactLocation"]["uri"], primary["region"]["startLine"]) == (deck, 2)
    related = [(r["physicalLocation"]["artifactLocation"]["uri"], r["physicalLocation"]["region"]["startLine"])
               for r in entry["relatedLocations"]]
    assert related == [(deck, 3), (deck, 4)]


def test_github_annotation_and_markdown_cite_the_header(ws):
    deck = write_table(ws)
    github = ws.check(RULE, fmt="github")
    assert github.out.startswith(f"::error file={deck},line=2,title=period-label"), github.out
    markdown = ws.check(RULE, fmt="markdown")
    assert "**Printed at** deck.txt:2: 'FY10 Target (11/4~12/3)'." in markdown.out


def failed_junit_case(result) -> ET.Element:
    (case,) = [case for case in ET.fromstring(result.out).iter("testcase") if case.find("failure") is not None]
    return case


def test_junit_case_is_at_the_header_and_its_failure_says_so_first(ws):
    deck = write_table(ws)
    result = ws.check(RULE, fmt="junit")
    assert result.code == 1
    case = failed_junit_case(result)
    assert (case.get("file"), case.get("line")) == (deck, "2")
    text = case.find("failure").text.splitlines()
    assert text[0] == f"{deck}:2: printed 'FY10 Target (11/4~12/3)'"
    assert text[1].endswith(": edit here") and text[1].startswith(display_path(str(ws.fx / "deck.yaml")))
    assert "deck.txt:3: 100.0" in text and "deck.txt:4: 6.3" in text


def test_html_finding_stands_at_the_header_line(ws):
    write_table(ws)
    result = ws.check(RULE, fmt="html")
    assert result.code == 1
    page = Page(result.out)
    card = page.ids["finding-1"]
    assert page.ancestor(page.ids["L1-2"], card)  # the card is in the notes of the header's row
    assert not page.ancestor(page.ids["L1-3"], card)
    (row,) = [i for i, (tag, _) in enumerate(page.elements) if tag == "tr" and "#finding-1" in page.hrefs(i)]
    assert "#L1-2" in page.hrefs(row) and "deck.txt:2" in page.text(row)
    # the data rows point back at the card where it stands
    refs = [i for i in page.inside(page.ids["L1-3"]) if "ref" in page.classes(i)]
    assert refs and "#L1-2" in page.hrefs(refs[0])



def margin_off_by_a_tenth(ws):
    """A target table whose gross margin misses revenue less costs: a finding about figures, not wording."""
    ws.deck(["Unit: JPY billion", "\tFY11 Target (11/4~12/3)", "Total Revenues\t100.0", "Total Costs\t90.0",
             "Gross Margin\t6.3"])
    return ws.fixture([{"id": f"t.{concept}", "concept": concept, "period": "FY2011", "basis": "target",
                           "value": value, "unit": "JPY billion", "line": line, "header": 2, "label": label}
                          for concept, value, line, label in (("revenue", "100.0", 3, "Total Revenues"),
                                                              ("cost_of_revenue", "90.0", 4, "Total Costs"),
                                                              ("gross_margin", "6.3", 5, "Gross Margin"))])


def test_junit_and_html_of_a_finding_not_about_wording_stay_at_the_rows(ws):
    fixture = margin_off_by_a_tenth(ws)
    case = failed_junit_case(ws.check("pl-gross-margin", fmt="junit", extra=("--no-diagnose",)))
    assert case.get("file") == display_path(str(fixture))
    assert case.find("failure").text.splitlines()[0].endswith(": edit here")
    page = Page(ws.check("pl-gross-margin", fmt="html", extra=("--no-diagnose",)).out)
    assert page.ancestor(page.ids["L1-3"], page.ids["finding-1"])


def test_period_text_of_a_sentence_is_cited_at_its_own_line(ws):
    ws.deck(["Results", "1Q11 revenue was JPY23.4 billion (11/4~11/6)"])
    ws.fixture([{"id": "t.rev", "concept": "revenue", "period": "1Q10", "value": "23.4", "unit": "JPY billion",
                 "line": 2, "text": "JPY23.4 billion", "label": "revenue", "period_text": "1Q11"}])
    (finding,) = ws.check(RULE, fmt="json").findings
    assert finding["location"]["line"] == 2


def test_a_finding_not_about_wording_stays_at_the_fixture_line(ws):
    fixture = margin_off_by_a_tenth(ws)
    result = ws.check("pl-gross-margin", fmt="json", extra=("--no-diagnose",))
    (finding,) = result.findings
    assert finding["location"] is None
    (line,) = ws.check("pl-gross-margin", extra=("--no-diagnose",)).finding_lines("pl-gross-margin")
    assert line.startswith(f"{display_path(str(fixture))}:"), line


def test_a_mislabel_cites_the_slipped_label(run):
    """tests/data/example: the subsidiary's revenue 6,464 is labelled operating income on line 10."""
    result = run("check", "--fixtures", EXAMPLE, "--no-cache", "--format", "json", "--rule", "agreement")
    mislabels = [f for f in result.json["findings"] if (f["cause"] or {}).get("kind") == "mislabel"]
    assert mislabels, result.out
    for finding in mislabels:
        assert finding["location"]["line"] == 10
        assert finding["location"]["text"] == "Operating income of the subsidiary"


def test_a_mislabel_is_located_at_the_slipped_label_in_junit_too(run):
    result = run("check", "--fixtures", EXAMPLE, "--no-cache", "--format", "junit", "--rule", "agreement")
    cases = [case for case in ET.fromstring(result.out).iter("testcase") if case.find("failure") is not None]
    located = [case for case in cases if "likely cause" in case.find("failure").text
               and "Operating income of the subsidiary" in case.find("failure").text.splitlines()[0]]
    assert located, result.out
    for case in located:
        assert case.get("line") == "10" and case.get("file").endswith(".txt")
