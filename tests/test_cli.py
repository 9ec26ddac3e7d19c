"""The command line: exit codes, report formats and files, rules/explain, waivers and changed-file focus."""

import json
import os
import shutil

import pytest
from click.testing import CliRunner

from auditor.cli import cli
from conftest import PL_DECK, RULES, pl_level

EQ = "pl-gross-margin"
FACT_IDS = ["t.pl.cost_of_revenue.1q11", "t.pl.gross_margin.1q11", "t.pl.revenue.1q11"]


def write_pl(ws, margin="4.5", name="deck.yaml", deck="deck.txt", prefix="t", period="1Q11"):
    lines = list(PL_DECK)
    lines[5] = f"Gross Margin\t<i>19.3%</i> {margin}\t<i>19.1%</i> 3.0\t48.8%"
    ws.deck(lines, name=deck)
    facts = [pl_level("revenue", period, "23.4", 4, "Total Revenues"),
             pl_level("cost_of_revenue", period, "18.9", 5, "Total Costs"),
             pl_level("gross_margin", period, margin, 6, "Gross Margin")]
    for fact in facts:
        fact["id"] = fact["id"].replace("t.", f"{prefix}.", 1)
    return ws.fixture(facts, name=name, document=f"decks/{deck}")


# ---------------------------------------------------------------------------------------------- exit codes
def test_exit_0_without_findings(ws):
    write_pl(ws)
    result = ws.check(EQ)
    assert result.code == 0, str(result)
    assert "3 facts from 1 document(s); 1 checks by 1 rules: 1 passed, 0 failed, 0 waived" in result.out
    assert result.err == ""


def test_exit_1_with_a_failing_finding(ws):
    write_pl(ws, margin="4.8")
    result = ws.check(EQ)
    assert result.code == 1
    (line,) = result.finding_lines(EQ)
    assert line.startswith(f"{ws.fx / 'deck.yaml'}:")
    assert ": error pl-gross-margin revenue == cost_of_revenue + gross_margin fails" in line
    assert "0 passed, 1 failed" in result.out


def test_exit_0_with_fail_on_never(ws):
    write_pl(ws, margin="4.8")
    result = ws.check(EQ, extra=("--fail-on", "never"))
    assert result.code == 0
    assert len(result.finding_lines(EQ)) == 1


def test_all_rules_run_without_rule_option(ws):
    write_pl(ws)
    result = ws.run("check", "--rules", RULES, "--fixtures", ws.fx, "--format", "json")
    assert result.code == 0, str(result)
    ids = {rule["id"] for rule in result.json["rules"]}
    assert {"provenance", EQ, "agreement", "period-label", "share-of-revenue"} <= ids


@pytest.mark.parametrize("value, message", [
    ("1,2,3", "cannot read '1,2,3' as a printed number"),
    ("12..5", "cannot read '12..5' as a printed number"),
])
def test_exit_2_on_unreadable_value_with_path_and_line(ws, value, message):
    ws.deck(PL_DECK)
    path = ws.fixture([pl_level("revenue", "1Q11", "23.4", 4, "Total Revenues"),
                       pl_level("gross_margin", "1Q11", value, 6, "Gross Margin")])
    result = ws.check(EQ)
    assert result.code == 2
    value_line = next(n for n, text in enumerate(path.read_text().splitlines(), 1) if value in text)
    assert f"{path}:{value_line}: fact t.pl.gross_margin.1q11: {message}" in result.err
    assert "nothing was checked" in result.err
    assert result.out == ""


@pytest.mark.parametrize("field, bad, message", [
    ("period", "5Q11", "cannot read period '5Q11'"),
    ("concept", "revenues", "unknown concept 'revenues'"),
    ("unit", "USD", "unknown unit 'USD'"),
    ("line", 99, "line 99 is beyond the end of deck.txt"),
])
def test_exit_2_on_invalid_fact(ws, field, bad, message):
    ws.deck(PL_DECK)
    fact = pl_level("revenue", "1Q11", "23.4", 4, "Total Revenues")
    fact[field] = bad
    path = ws.fixture([fact])
    result = ws.check(EQ)
    assert result.code == 2, str(result)
    assert f"{path}:" in result.err and message in result.err


def test_exit_2_on_invalid_yaml(ws):
    ws.deck(PL_DECK)
    path = ws.fx / "deck.yaml"
    path.write_text("document: decks/deck.txt\nfacts:\n  - {id: a, value: \"1\"\n")
    result = ws.check(EQ)
    assert result.code == 2
    assert f"{path}:" in result.err and "invalid YAML" in result.err


def test_exit_2_on_unknown_rule(ws):
    write_pl(ws)
    result = ws.check("no-such-rule")
    assert result.code == 2
    assert "unknown rule(s): no-such-rule" in result.err


def test_strict_makes_an_idle_rule_without_a_reason_a_problem(ws):
    # issue 15: an idle rule is a coverage problem (exit 1, path:line on stderr), no longer an input error
    write_pl(ws)
    result = ws.check(EQ, "pl-net-income-bridge", extra=("--strict",))
    assert result.code == 1
    assert f"{RULES / 'pl.yaml'}:" in result.err
    assert "rule pl-net-income-bridge found nothing to check and has no idle_reason saying why" in result.err


def test_strict_accepts_an_idle_rule_with_its_reason(ws):
    write_pl(ws)
    result = ws.check(EQ, "usd-translation", extra=("--strict",))
    assert "usd-translation" not in result.err, str(result)


# ------------------------------------------------------------------------------------------------- JSON
def test_json_schema(ws):
    write_pl(ws, margin="4.8")
    result = ws.check(EQ, fmt="json")
    assert result.code == 1
    data = result.json
    assert data["schema_version"] == 1
    assert {"facts", "documents", "rules", "checks", "passed", "failed", "waived", "skipped",
            "rules_without_checks", "stale_waivers"} <= set(data["summary"])
    assert data["summary"]["facts"] == 3 and data["summary"]["failed"] == 1
    assert data["rules"] == [{"id": EQ, "title": "Revenue equals cost of revenue plus gross margin",
                              "kind": "equation", "severity": "error", "checks": 1, "passed": 0, "failed": 1,
                              "waived": 0, "skipped": 0}]
    (finding,) = data["findings"]
    assert {"rule", "title", "severity", "status", "message", "facts", "expected", "reported", "gap"} <= set(finding)
    assert (finding["rule"], finding["severity"], finding["status"]) == (EQ, "error", "failed")
    assert finding["title"] == "Revenue equals cost of revenue plus gross margin"
    assert "off by 150 JPY million" in finding["message"]
    for fact in finding["facts"]:
        assert {"id", "document", "path", "line", "text", "value"} <= set(fact)
    first = finding["facts"][0]
    assert (first["id"], first["document"], first["line"], first["text"], first["value"]) == (
        "t.pl.revenue.1q11", "deck.txt", 4, "23.4", "23.4")
    assert first["path"] == str(ws.fx / "deck.yaml")
    assert (finding["expected"], finding["reported"], finding["gap"]) == (["23600", "23800"], ["23350", "23450"], "150")
    assert all(isinstance(x, str) for x in finding["expected"] + finding["reported"] + [finding["gap"]])


def test_json_report_is_deterministic(ws):
    write_pl(ws, margin="4.8")
    assert ws.check(fmt="json").out == ws.check(fmt="json").out


# ------------------------------------------------------------------------------------------------ outputs
def test_output_files(ws, tmp_path):
    write_pl(ws, margin="4.8")
    out_json, out_md = tmp_path / "report.json", tmp_path / "report.md"
    result = ws.check(EQ, extra=("--output", f"json={out_json}", "--output", f"markdown={out_md}"))
    assert result.code == 1
    assert len(result.finding_lines(EQ)) == 1  # the text report still goes to stdout
    data = json.loads(out_json.read_text())
    assert data["findings"][0]["rule"] == EQ and data["findings"][0]["gap"] == "150"
    markdown = out_md.read_text()
    assert markdown.startswith("# iij-audit report")
    assert f"FAILED error `{EQ}`" in markdown
    assert "**Expected** [23,600, 23,800] JPY million; **reported** [23,350, 23,450] JPY million; **gap** 150." in markdown
    assert "| `t.pl.gross_margin.1q11` | deck.txt:6 | 4.8 | Gross Margin |" in markdown
    assert not [name for name in os.listdir(tmp_path) if name.startswith(".iij-audit-")]  # no temporary left


def test_output_in_the_stdout_format_moves_summary_to_stderr(ws, tmp_path):
    write_pl(ws)
    out = tmp_path / "r.json"
    result = ws.check(EQ, fmt="json", extra=("--output", f"json={out}"))
    assert result.code == 0
    assert result.out == ""
    assert "1 passed, 0 failed" in result.err
    assert json.loads(out.read_text())["summary"]["passed"] == 1


@pytest.mark.parametrize("target", ["fixture", "deck", "rule"])
def test_refuses_to_write_over_an_input_file(ws, target):
    fixture = write_pl(ws, margin="4.8")
    rules = ws.root / "rules-copy"
    shutil.copytree(RULES, rules)  # never risk the project's own rule files
    path = {"fixture": fixture, "deck": ws.decks / "deck.txt", "rule": rules / "pl.yaml"}[target]
    before = path.read_bytes()
    result = ws.check(EQ, rules=rules, extra=("--output", f"json={path}"))
    assert result.code == 2
    assert f"{path}: refusing to overwrite an input file" in result.err
    assert path.read_bytes() == before


def test_refuses_to_write_over_the_waivers_file(ws):
    write_pl(ws, margin="4.8")
    waivers = ws.waivers([{"rule": EQ, "facts": FACT_IDS, "reason": "the deck adds wrongly"}])
    before = waivers.read_bytes()
    result = ws.check(EQ, extra=("--output", f"markdown={waivers}"))
    assert result.code == 2
    assert "refusing to overwrite an input file" in result.err
    assert waivers.read_bytes() == before


def test_unknown_output_format(ws, tmp_path):
    write_pl(ws)
    result = ws.check(EQ, extra=("--output", f"pdf={tmp_path / 'x.pdf'}"))
    assert result.code == 2
    assert "unknown format 'pdf'" in result.err


# ----------------------------------------------------------------------------------------- rules / explain
def test_rules_lists_rule_ids():
    result = CliRunner().invoke(cli, ["rules", "--rules", str(RULES)])
    assert result.exit_code == 0, result.output
    listed = [line.split()[0] for line in result.output.splitlines()]
    for rule_id in ("provenance", EQ, "pl-operating-income", "lines-of-business", "sga-components",
                    "change-relative", "balance-change", "agreement", "direction-words", "trend-claims",
                    "period-aggregation", "period-label", "share-of-revenue", "cash-rollforward"):
        assert rule_id in listed
    eq_line = next(line for line in result.output.splitlines() if line.startswith(EQ + " "))
    assert "equation" in eq_line and "error" in eq_line and "Revenue equals cost of revenue plus gross margin" in eq_line


def test_explain_prints_rationale_and_kind_documentation():
    result = CliRunner().invoke(cli, ["explain", EQ, "--rules", str(RULES)])
    assert result.exit_code == 0, result.output
    out = result.output
    assert out.startswith(f"{EQ}: Revenue equals cost of revenue plus gross margin")
    assert "kind: equation" in out
    assert "Why: Gross margin is by definition revenue less the cost of revenue." in out
    assert "check: revenue == cost_of_revenue + gross_margin" in out
    assert "equation: an identity between concepts of the same entity, segment, period and basis." in out
    assert f"defined at {RULES / 'pl.yaml'}:" in out


def test_explain_via_main(run):
    result = run("explain", "sga-components", "--rules", RULES)
    assert result.code == 0
    assert "Why: Sales and marketing and general and administrative expenses" in result.out
    assert "exhaustive: no" in result.out
    assert "part_whole: listed parts sum to their total." in result.out


def test_explain_unknown_rule_exits_2(run):
    result = CliRunner().invoke(cli, ["explain", "nope", "--rules", str(RULES)])
    assert result.exit_code == 2
    assert "no rule 'nope'" in result.output
    via_main = run("explain", "nope", "--rules", RULES)
    assert via_main.code == 2
    assert "no rule 'nope'; `iij-audit rules` lists them" in via_main.err


def test_check_via_cli_runner(ws):
    write_pl(ws, margin="4.8")
    result = CliRunner().invoke(cli, ["check", "--rules", str(RULES), "--fixtures", str(ws.fx), "--rule", EQ,
                                      "--format", "json"])
    assert result.exit_code == 1, result.output  # click's runner sees the gate's exit code too
    (finding,) = json.loads(result.stdout)["findings"]
    assert finding["rule"] == EQ and finding["gap"] == "150"


def test_version(run):
    result = run("--version")
    assert result.code == 0
    assert "0.1.0" in result.out


# ------------------------------------------------------------------------------------------------ waivers
def test_waiver_with_exact_rule_and_facts_waives(ws):
    write_pl(ws, margin="4.8")
    ws.waivers([{"rule": EQ, "facts": FACT_IDS, "reason": "the deck adds 18.9 and 4.8 to 23.4"}])
    result = ws.check(EQ, fmt="json")
    assert result.code == 0, str(result)
    (finding,) = result.findings
    assert finding["status"] == "waived"
    assert finding["waiver_reason"] == "the deck adds 18.9 and 4.8 to 23.4"
    assert result.json["summary"]["waived"] == 1 and result.json["summary"]["failed"] == 0

    text = ws.check(EQ, extra=("--show-waived",))
    assert text.code == 0
    assert ": error (waived) pl-gross-margin" in text.out
    assert "0 failed, 1 waived" in text.out


def test_no_waivers_flag_ignores_them(ws):
    write_pl(ws, margin="4.8")
    ws.waivers([{"rule": EQ, "facts": FACT_IDS, "reason": "known"}])
    result = ws.check(EQ, extra=("--no-waivers",))
    assert result.code == 1
    assert len(result.finding_lines(EQ)) == 1


def test_waiver_naming_a_subset_of_facts_does_not_match(ws):
    write_pl(ws, margin="4.8")
    ws.waivers([{"rule": EQ, "facts": FACT_IDS[:2], "reason": "only two of the three facts"}])
    result = ws.check(EQ)
    assert result.code == 1
    assert len(result.finding_lines(EQ)) == 1
    assert "stale-waiver waiver for pl-gross-margin" in result.out


def test_stale_waiver_fails_the_gate(ws):
    write_pl(ws)  # the figures are right: the waiver matches nothing
    path = ws.waivers([{"rule": EQ, "facts": FACT_IDS, "reason": "was wrong once"}])
    result = ws.check(EQ)
    assert result.code == 1
    assert f"{path}:2: error stale-waiver waiver for pl-gross-margin on {', '.join(FACT_IDS)} " \
           "matches no failing finding; remove it" in result.out
    data = ws.check(EQ, fmt="json").json
    assert data["summary"]["stale_waivers"] == 1
    assert data["stale_waivers"] == [{"rule": EQ, "facts": FACT_IDS, "path": str(path), "line": 2}]


def test_waiver_without_reason_is_an_input_error(ws):
    write_pl(ws, margin="4.8")
    path = ws.waivers("waivers:\n  - rule: pl-gross-margin\n    facts: [" + ", ".join(FACT_IDS) + "]\n")
    result = ws.check(EQ)
    assert result.code == 2
    assert f"{path}:2: waiver for pl-gross-margin has no reason" in result.err


def test_waiver_with_blank_reason_is_an_input_error(ws):
    write_pl(ws, margin="4.8")
    path = ws.waivers([{"rule": EQ, "facts": FACT_IDS, "reason": "   "}])
    result = ws.check(EQ)
    assert result.code == 2
    assert f"{path}:2: waiver for pl-gross-margin has no reason" in result.err


def test_waiver_naming_unknown_fact_or_rule_is_an_input_error(ws):
    write_pl(ws, margin="4.8")
    path = ws.waivers([{"rule": "nope", "facts": ["t.unknown"], "reason": "x"}])
    result = ws.check(EQ)
    assert result.code == 2
    assert f"{path}:2: waiver names unknown rule 'nope'" in result.err
    assert f"{path}:2: waiver names unknown fact(s): t.unknown" in result.err


def test_expired_waiver_fails_again(ws):
    write_pl(ws, margin="4.8")
    ws.waivers([{"rule": EQ, "facts": FACT_IDS, "reason": "temporary", "expires": "2000-01-01"}])
    result = ws.check(EQ, fmt="json")
    assert result.code == 1
    (finding,) = result.findings
    assert finding["status"] == "failed"
    assert finding["waiver_reason"] == "waiver expired on 2000-01-01: temporary"
    assert result.json["summary"]["stale_waivers"] == 0


def test_waiver_of_a_rule_not_run_is_not_stale(ws):
    write_pl(ws, margin="4.8")
    ws.waivers([{"rule": EQ, "facts": FACT_IDS, "reason": "known"}])
    result = ws.check("share-of-revenue")
    assert result.code == 0, str(result)
    assert "stale" not in result.out


# -------------------------------------------------------------------------------------------------- focus
def test_focus_on_a_fixture_file_and_all(ws):
    a = write_pl(ws, margin="4.8", name="a.yaml", deck="a.txt", prefix="a")
    b = write_pl(ws, margin="4.9", name="b.yaml", deck="b.txt", prefix="b", period="2Q11")
    argv = ("check", "--rules", RULES, "--fixtures", ws.fx, "--rule", EQ, "--format", "json")

    focused = ws.run(*argv[:1], a, *argv[1:])
    assert focused.code == 1
    assert {fact["path"] for f in focused.findings for fact in f["facts"]} == {str(a)}
    assert [f["facts"][0]["id"] for f in focused.findings] == ["a.pl.revenue.1q11"]
    assert focused.json["summary"]["failed"] == 2  # both were checked: the whole dataset is loaded

    everything = ws.run(*argv[:1], a, "--all", *argv[1:])
    assert everything.code == 1
    assert sorted(f["facts"][0]["path"] for f in everything.findings) == sorted([str(a), str(b)])


def test_focus_on_a_clean_file_exits_0(ws):
    a = write_pl(ws, name="a.yaml", deck="a.txt", prefix="a")
    write_pl(ws, margin="4.9", name="b.yaml", deck="b.txt", prefix="b", period="2Q11")
    result = ws.run("check", a, "--rules", RULES, "--fixtures", ws.fx, "--rule", EQ)
    assert result.code == 0, str(result)
    assert result.finding_lines(EQ) == []
    result_all = ws.run("check", a, "--all", "--rules", RULES, "--fixtures", ws.fx, "--rule", EQ)
    assert result_all.code == 1
    (line,) = result_all.finding_lines(EQ)
    assert line.startswith(f"{ws.fx / 'b.yaml'}:") and "b.txt:6 '4.9'" in line


def test_focus_keeps_findings_that_cross_into_the_file(ws):
    # an agreement finding involving a.yaml and b.yaml is reported when checking either file
    ws.deck(["Revenues JPY23.4 billion"], name="a.txt")
    ws.deck(["Revenues JPY25.0 billion"], name="b.txt")
    common = {"concept": "revenue", "period": "1Q11", "unit": "JPY billion", "line": 1, "label": "Revenues"}
    ws.fixture([{"id": "a.rev", "value": "23.4", "text": "JPY23.4 billion", **common}], name="a.yaml",
               document="decks/a.txt")
    b = ws.fixture([{"id": "b.rev", "value": "25.0", "text": "JPY25.0 billion", **common}], name="b.yaml",
                   document="decks/b.txt")
    result = ws.run("check", b, "--rules", RULES, "--fixtures", ws.fx, "--rule", "agreement", "--format", "json")
    assert result.code == 1
    (finding,) = result.findings
    assert {fact["id"] for fact in finding["facts"]} == {"a.rev", "b.rev"}


def test_missing_path_is_an_input_error(ws):
    write_pl(ws)
    result = ws.run("check", ws.fx / "nope.yaml", "--rules", RULES, "--fixtures", ws.fx)
    assert result.code == 2
    assert f"{ws.fx / 'nope.yaml'}: no such file or directory" in result.err


def test_naming_a_deck_focuses_on_the_fixtures_citing_it(ws):
    """A deck edit reaches the hook: naming the deck reports the findings of the fixtures that cite it."""
    write_pl(ws, margin="4.8", name="a.yaml", deck="a.txt", prefix="a")
    write_pl(ws, name="b.yaml", deck="b.txt", prefix="b", period="1Q12")
    result = ws.run("check", ws.decks / "a.txt", "--rules", RULES, "--fixtures", ws.fx, "--rule", EQ)
    assert result.code == 1, str(result)
    (line,) = result.finding_lines(EQ)
    assert line.startswith(f"{ws.fx / 'a.yaml'}:4: error {EQ}")
    result = ws.run("check", ws.decks / "b.txt", "--rules", RULES, "--fixtures", ws.fx, "--rule", EQ)
    assert result.code == 0, str(result)
    assert result.finding_lines(EQ) == []


def test_naming_a_file_no_fixture_cites_says_so(ws):
    write_pl(ws)
    (ws.decks / "new.txt").write_text("a deck nothing records yet\n", encoding="utf-8")
    result = ws.run("check", ws.decks / "new.txt", "--rules", RULES, "--fixtures", ws.fx, "--rule", EQ)
    assert result.code == 0, str(result)
    assert f"{ws.decks / 'new.txt'}: no fixture cites this file; nothing in it is checked" in result.err


def test_focus_file_named_by_absolute_path(ws, monkeypatch):
    a = write_pl(ws, margin="4.8", name="a.yaml", deck="a.txt", prefix="a")
    write_pl(ws, name="b.yaml", deck="b.txt", prefix="b", period="2Q11")
    monkeypatch.chdir(ws.root)
    result = ws.run("check", a.resolve(), "--rules", RULES, "--fixtures", "fx", "--rule", EQ)
    assert "duplicate fact id" not in result.err
    assert result.code == 1, str(result)
    assert len(result.finding_lines(EQ)) == 1


def test_empty_waivers_list_is_accepted(ws):
    write_pl(ws)
    ws.waivers("# nothing acknowledged\nwaivers: []\n")
    result = ws.check(EQ)
    assert result.code == 0, str(result)
    assert "0 failed, 0 waived" in result.out


def test_baseline_without_findings_leaves_a_usable_waivers_file(ws):
    write_pl(ws)
    made = ws.run("baseline", "--rules", RULES, "--fixtures", ws.fx)
    assert made.code == 0
    assert "0 waiver(s) added" in made.out
    result = ws.check(EQ)
    assert result.code == 0, str(result)
    assert "1 passed, 0 failed" in result.out


def test_baseline_adds_waivers_that_need_a_reason(ws):
    write_pl(ws, margin="4.8")
    made = ws.run("baseline", "--rules", RULES, "--fixtures", ws.fx)
    assert made.code == 0
    assert "waiver(s) added" in made.out
    text = (ws.fx / "waivers.yaml").read_text()
    assert f"rule: {EQ}" in text and f"facts: [{', '.join(FACT_IDS)}]" in text
    result = ws.check(EQ)
    assert result.code == 2
    assert f"{ws.fx / 'waivers.yaml'}:" in result.err and "has no reason" in result.err
