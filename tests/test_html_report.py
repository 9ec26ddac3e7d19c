"""The HTML report (``--format html``): parsed with the standard library's html.parser, never matched as
text. The four decks' run shows every finding with its rule and every recorded figure with a status mark;
links go both ways between figures and checks; nothing is loaded from outside the file; untrusted text
comes out escaped; the same inputs give the same bytes."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser

import pytest
from conftest import FIXTURES, RULES
from test_diagnosis import TABLE, table_facts
from test_hardening_support import hws  # noqa: F401 - the fixture
from test_trust_outputs import hostile

from auditor.cli import main
from auditor.loader import load_dataset
from auditor.reporters import REPORTERS, html_marks
from auditor.reporters.html_page import safe_id
from auditor.ruleset import load_rules

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
STATUS_CLASSES = {"st-passed", "st-failed", "st-waived", "st-unchecked"}


class Page(HTMLParser):
    """Every element (tag, attributes), its text, and the ids; a repeated id fails the test."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict]] = []
        self.texts: list[list[str]] = []
        self.ids: dict[str, int] = {}
        self.parent: list[int | None] = []
        self.stack: list[tuple[str, int]] = []
        self.feed(text)
        self.close()

    def handle_starttag(self, tag, attrs):
        index = len(self.elements)
        attributes = dict(attrs)
        self.elements.append((tag, attributes))
        self.texts.append([])
        self.parent.append(self.stack[-1][1] if self.stack else None)
        if "id" in attributes:
            assert attributes["id"] not in self.ids, f"repeated id {attributes['id']!r}"
            self.ids[attributes["id"]] = index
        if tag not in VOID:
            self.stack.append((tag, index))

    def handle_endtag(self, tag):
        while self.stack and self.stack.pop()[0] != tag:
            pass

    def handle_data(self, data):
        for _tag, index in self.stack:
            self.texts[index].append(data)

    def text(self, index: int) -> str:
        return "".join(self.texts[index])

    def classes(self, index: int) -> set[str]:
        return set(self.elements[index][1].get("class", "").split())

    def inside(self, index: int) -> list[int]:
        """The elements nested in element ``index``."""
        return [i for i in range(index + 1, len(self.elements)) if self.ancestor(index, i)]

    def ancestor(self, above: int, index: int) -> bool:
        parent = self.parent[index]
        while parent is not None:
            if parent == above:
                return True
            parent = self.parent[parent]
        return False

    def hrefs(self, index: int) -> list[str]:
        return [self.elements[i][1]["href"] for i in self.inside(index) if "href" in self.elements[i][1]]


# -- the four decks ---------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def decks(tmp_path_factory):
    """One run over the four decks writing the HTML and the JSON report (the findings to look for)."""
    out = tmp_path_factory.mktemp("html")
    code = main(["check", "--rules", str(RULES), "--fixtures", str(FIXTURES), "--format", "html",
                 "--output", f"html={out / 'report.html'}", "--output", f"json={out / 'report.json'}"])
    assert code == 0
    return Page((out / "report.html").read_text(encoding="utf-8")), json.loads((out / "report.json").read_text())


@pytest.fixture(scope="module")
def fact_ids():
    ruleset = load_rules(str(RULES))
    return sorted(fact.id for fact in load_dataset([str(FIXTURES)], ruleset.vocabulary).facts)


def test_every_finding_of_the_four_decks_has_a_card_with_its_rule(decks):
    page, report = decks
    findings = report["findings"]
    assert findings
    for number, finding in enumerate(findings, 1):
        card = page.ids[f"finding-{number}"]
        text = page.text(card)
        assert finding["rule"] in text and finding["message"] in text, text
        assert finding["status"] in page.classes(card)
        cause = finding["cause"]
        if cause and cause["kind"] != "undetermined":
            assert cause["explanation"] in text
        for fact in finding["facts"]:
            assert f"#f-{fact['id']}" in page.hrefs(card)
    assert f"finding-{len(findings) + 1}" not in page.ids


def test_every_recorded_figure_has_a_status_mark(decks, fact_ids):
    page, _ = decks
    marked = {}
    for index, (tag, attrs) in enumerate(page.elements):
        if tag == "a" and "mark" in page.classes(index):
            assert page.classes(index) & STATUS_CLASSES, attrs
            marked.setdefault(attrs["href"], []).append(index)
    for fact_id in fact_ids:
        assert f"f-{fact_id}" in page.ids, fact_id  # the figure's place in the text
        row = page.ids[f"fig-{fact_id}"]
        badges = [i for i in page.inside(row) if "badge" in page.classes(i)]
        assert len(badges) == 1 and page.classes(badges[0]) & {"passed", "failed", "waived", "unchecked"}
        assert marked.get(f"#fig-{fact_id}") or any(fact_id in page.elements[i][1].get("title", "")
                                                    for group in marked.values() for i in group), fact_id


@pytest.mark.parametrize("fact_id, status", [
    ("d000.rev.gl.operating_income.1q11", "waived"),  # the mislabelled 6,464 (fixtures/waivers.yaml)
    ("d001.cf.financing.1h07", "waived"),  # "used in" financing, waived
    ("d001.sum.revenue.1h07", "passed"),
    ("d000.acq.current_assets.2011-03-31", "unchecked"),  # the acquisition's balance sheet: no rule
])
def test_statuses_of_known_figures(decks, fact_id, status):
    page, _ = decks
    row = page.ids[f"fig-{fact_id}"]
    assert any(status in page.classes(i) for i in page.inside(row) if "badge" in page.classes(i))
    marks = [i for i, (tag, attrs) in enumerate(page.elements) if attrs.get("href") == f"#fig-{fact_id}"
             and "mark" in page.classes(i)]
    assert marks and all(f"st-{status}" in page.classes(i) or "overlap" in page.classes(i) for i in marks)


def test_links_go_both_ways_between_figures_and_checks(decks):
    page, report = decks
    for tag, attrs in page.elements:
        if "href" in attrs:
            assert attrs["href"][1:] in page.ids, attrs["href"]  # every link lands somewhere
    checks = {name: page.ids[name] for name in page.ids if re.fullmatch(r"c-\d+", name)}
    assert len(checks) == report["summary"]["checks"]  # one card or entry per check of the same run
    figures_of = {name: {h[3:] for h in page.hrefs(index) if h.startswith("#f-")} for name, index in checks.items()}
    for name, index in page.ids.items():
        if name.startswith("fig-"):
            for check in (h[1:] for h in page.hrefs(index) if h.startswith("#c-")):
                assert name[4:] in figures_of[check], (name, check)
    for check, figures in figures_of.items():
        for fact_id in figures:
            assert f"#{check}" in page.hrefs(page.ids[f"fig-{fact_id}"]), (check, fact_id)


def test_coverage_numbers_per_document(decks):
    page, report = decks
    table = next(i for i, (tag, _) in enumerate(page.elements) if tag == "table" and "cov" in page.classes(i))
    rows = [i for i in page.inside(table) if page.elements[i][0] == "tr"][1:]
    assert len(rows) == report["summary"]["documents"]
    total_facts = 0
    for row in rows:
        cells = [page.text(i) for i in page.inside(row) if page.elements[i][0] == "td"]
        printed, recorded, checked = (int(cells[n].split()[0]) for n in (2, 3, 4))
        facts, passed, failed, waived, unchecked = map(int, cells[5:10])
        assert checked <= recorded <= printed and recorded > 0
        assert passed + failed + waived + unchecked == facts
        total_facts += facts
    assert total_facts == report["summary"]["facts"]


def test_no_external_resource(decks):
    page, _ = decks
    tags = {tag for tag, _ in page.elements}
    assert not tags & {"script", "link", "img", "iframe", "object", "embed", "base", "form"}
    for tag, attrs in page.elements:
        assert "src" not in attrs and not attrs.get("href", "#").startswith(("http:", "https:", "//")), attrs
        assert attrs.get("href", "#").startswith("#"), attrs
        assert not any(name.startswith("on") for name in attrs), attrs
    style = next(i for i, (tag, _) in enumerate(page.elements) if tag == "style")
    assert "url(" not in page.text(style) and "@import" not in page.text(style)
    policy = [attrs["content"] for tag, attrs in page.elements if attrs.get("http-equiv") == "Content-Security-Policy"]
    assert policy and "default-src 'none'" in policy[0]


# -- small datasets ---------------------------------------------------------------------------------------


def run(ws, *extra):
    return ws.run("check", "--rules", RULES, "--fixtures", ws.fx, "--format", "html", *extra)


def test_a_failing_figure_is_marked_with_its_finding_and_likely_cause(ws):
    ws.deck([line.format(rev="23,632", sentence="") for line in TABLE])  # 23,362 with two digits swapped
    ws.fixture(table_facts("23,632"))
    result = run(ws)
    assert result.code == 1, str(result)
    page = Page(result.out)
    card = page.ids["finding-1"]
    assert "likely cause" in page.text(card) and "transposition" in page.text(card), page.text(card)
    row = page.ids["fig-t.revenue.1q11"]
    assert any("failed" in page.classes(i) for i in page.inside(row))
    mark = next(i for i, (_, attrs) in enumerate(page.elements) if attrs.get("href") == "#fig-t.revenue.1q11")
    assert "st-failed" in page.classes(mark) and page.text(mark) == "23,632"
    # the card stands beside line 3, in the notes of that line's row
    assert page.ancestor(page.ids["L1-3"], card)


def test_the_same_inputs_give_the_same_bytes(ws):
    ws.deck([line.format(rev="23,632", sentence="") for line in TABLE])
    ws.fixture(table_facts("23,632"))
    first, second = run(ws), run(ws)
    assert first.code == second.code == 1
    assert first.out == second.out


def test_output_file_holds_the_report(ws, tmp_path):
    ws.deck([line.format(rev="23,362", sentence="") for line in TABLE])
    ws.fixture(table_facts("23,362"))
    target = tmp_path / "out" / "report.html"
    target.parent.mkdir()
    result = ws.run("check", "--rules", RULES, "--fixtures", ws.fx, "--output", f"html={target}")
    assert result.code == 0, str(result)
    page = Page(target.read_text(encoding="utf-8"))
    assert page.ids["fig-t.revenue.1q11"] and "finding-1" not in page.ids


def test_markup_in_a_fact_text_and_label_comes_out_escaped(ws):
    line = 'Revenues "x" onmouseover="alert(1)" <script>alert(x)</script> 23.4'
    ws.deck(["IIJ results", line], name="deck<marquee>.txt")
    ws.fixture([{"id": "t.revenue", "concept": "revenue", "period": "1Q11", "value": "23.4", "unit": "JPY billion",
                 "line": 2, "text": "<script>alert(x)</script> 23.4", "label": 'Revenues "x" onmouseover="alert(1)"'}],
               document="decks/deck<marquee>.txt")
    result = run(ws)
    assert result.code == 0, str(result)
    page = Page(result.out)
    assert "<script>" not in result.out and "<marquee>" not in result.out
    assert not {tag for tag, _ in page.elements} & {"script", "marquee"}
    assert not any(name.startswith("on") for _, attrs in page.elements for name in attrs)
    mark = next(i for i, (_, attrs) in enumerate(page.elements) if attrs.get("href") == "#fig-t.revenue")
    assert page.text(mark) == "<script>alert(x)</script> 23.4"
    assert any(page.text(i) == 'Revenues "x" onmouseover="alert(1)"' for i in page.inside(page.ids["fig-t.revenue"]))
    assert any(page.text(i) == "deck<marquee>.txt" for i, (tag, _) in enumerate(page.elements) if tag == "h2")


def test_hostile_file_names_neither_crash_nor_forge_markup(hws):  # noqa: F811 - the fixture
    hostile(hws)
    result = hws.check("--format", "html")
    assert result.code == 1, str(result)
    result.out.encode("utf-8")  # strict: a lone surrogate would raise here
    assert not re.search("[\x00-\x08\x0b\x0c\x0e-\x1f]", result.out)
    assert "Traceback" not in result.err
    Page(result.out)


def test_html_is_a_registered_format():
    assert "html" in REPORTERS


# -- marking figures on a line ----------------------------------------------------------------------------


class F:
    def __init__(self, text: str) -> None:
        self.text = text


def test_number_tokens_stand_at_token_boundaries():
    line = "FY2007 1H07 revenue 30.0 (1,879) +0.9 130.0 4Q06 6.1."
    tokens = [line[a:b] for a, b in html_marks.number_tokens(line)]
    assert tokens == ["30.0", "1,879", "+0.9", "130.0", "6.1"]


def test_repeated_texts_take_their_occurrences_in_fixture_order():
    line = "Operating Margin\t6.1%\t6.1%\t+0.0"
    spans, missing = html_marks.place(line, [F("6.1%"), F("6.1%"), F("7.0")])
    assert spans == {0: (17, 21), 1: (22, 26)} and [f.text for f in missing] == ["7.0"]


def test_overlapping_marks_are_cut_into_segments_covered_by_both():
    line = "employees +172 from 4Q06, 1,327 in all"
    facts = [F("+172 from 4Q06"), F("+172"), F("1,327")]
    spans, missing = html_marks.place(line, facts)
    assert not missing and spans[1] == (10, 14)
    pieces = [(line[s.start:s.end], s.facts, s.unrecorded) for s in html_marks.segments(line, spans)]
    assert ("+172", [0, 1], False) in pieces and (" from 4Q06", [0], False) in pieces
    assert ("1,327", [2], False) in pieces
    assert html_marks.coverage(line, spans, checked={2}) == (2, 2, 1)


def test_a_text_inside_a_longer_number_is_not_found():
    assert html_marks.occurrences("Revenues 130.05 and 30.0", "30.0") == [(20, 24)]


def test_unrecorded_numbers_are_segments_of_their_own():
    line = "Revenues 23.4 and 15.8"
    spans, _ = html_marks.place(line, [F("23.4")])
    unrecorded = [line[s.start:s.end] for s in html_marks.segments(line, spans) if s.unrecorded]
    assert unrecorded == ["15.8"]


@pytest.mark.parametrize("name", ['a"b', "a b", "<x>", "deck\x01", "d\udcff"])
def test_ids_are_safe_and_distinct(name):
    made = safe_id("f", name)
    assert re.fullmatch(r"[A-Za-z0-9_.\-]+", made)
    assert made != safe_id("f", name + "x") and made != safe_id("f", "ok")
