"""Command-line conventions: -h, --exclude-rule, -q/--quiet, --color with NO_COLOR/FORCE_COLOR, output as
wide as the terminal with the likely cause, explain in words, report files with the user's umask.

The datasets are the project's rule examples (tests/data/rule_examples): group-split's fails once, with a
likely cause the diagnosis settles on; its passing/ example is clean.
"""

from __future__ import annotations

import os
import re
import stat
from pathlib import Path

import pytest
from click.testing import CliRunner

from auditor import terminal
from auditor.cli import cli
from conftest import RULES

EXAMPLE = Path(__file__).resolve().parent / "data" / "rule_examples" / "group-split"
FAILING, PASSING = EXAMPLE / "failing", EXAMPLE / "passing"
ANSI = re.compile(r"\x1b\[[0-9;]*m")


def check(run, fixtures: Path, *extra):
    return run("check", "--rules", RULES, "--fixtures", fixtures, *extra)


@pytest.fixture
def tty(monkeypatch):
    """Standard output is a terminal of COLUMNS columns, with no colour variables set."""
    monkeypatch.setattr(terminal, "is_terminal", lambda stream=None: True)
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.delenv("FORCE_COLOR", raising=False)
    monkeypatch.setenv("COLUMNS", "80")


@pytest.fixture
def piped(monkeypatch):
    monkeypatch.setattr(terminal, "is_terminal", lambda stream=None: False)
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.delenv("FORCE_COLOR", raising=False)


# -- -h -----------------------------------------------------------------------------------------------


@pytest.mark.parametrize("command", [[], ["check"], ["validate"], ["rules"], ["explain"], ["baseline"],
                                     ["test-rules"]])
def test_h_is_help(command):
    runner = CliRunner()
    short, long = runner.invoke(cli, [*command, "-h"]), runner.invoke(cli, [*command, "--help"])
    assert short.exit_code == long.exit_code == 0
    assert short.output == long.output and "-h, --help" in short.output


def test_check_help_lists_the_new_options():
    output = CliRunner().invoke(cli, ["check", "-h"]).output
    for option in ("--exclude-rule ID", "-q, --quiet", "--color [auto|always|never]"):
        assert option in output, output


# -- --exclude-rule --------------------------------------------------------------------------------


def test_exclude_rule_does_not_run_it(run, piped):
    assert check(run, FAILING).code == 1
    result = check(run, FAILING, "--exclude-rule", "group-split", "--format", "json")
    assert result.code == 0, str(result)
    assert result.findings == []
    assert "group-split" not in {rule["id"] for rule in result.json["rules"]}
    everything = check(run, FAILING, "--format", "json").json["rules"]
    assert len(result.json["rules"]) == len(everything) - 1


def test_exclude_rule_is_repeatable_and_applies_after_rule(run, piped):
    result = check(run, FAILING, "--rule", "group-split", "--rule", "agreement", "--exclude-rule",
                   "group-split", "--exclude-rule", "provenance", "--format", "json")
    assert result.code == 0, str(result)
    assert [rule["id"] for rule in result.json["rules"]] == ["agreement"]


def test_exclude_unknown_rule_is_bad_input(run, piped):
    result = check(run, FAILING, "--exclude-rule", "group-splt")
    assert result.code == 2
    assert "--exclude-rule" in result.err and "group-splt" in result.err and result.out == ""


def test_excluded_rule_has_no_stale_waivers(run, piped, tmp_path):
    """A waiver of a rule left out is not stale: the rule did not run to use it."""
    import shutil

    fixtures = tmp_path / "fx"
    shutil.copytree(FAILING, fixtures)
    (fixtures / "waivers.yaml").write_text("waivers:\n- rule: group-split\n  facts: [x.0.revenue.fy2008, x.1.revenue.fy2008, "
                                           "x.2.revenue.fy2008]\n"
                                           "  reason: the planted error\n")
    assert check(run, fixtures).code == 0
    result = check(run, fixtures, "--exclude-rule", "group-split")
    assert result.code == 0, str(result)
    assert "stale" not in result.out


# -- -q / --quiet ----------------------------------------------------------------------------------


def test_quiet_prints_only_the_findings(run, piped):
    loud, quiet = check(run, FAILING), check(run, FAILING, "-q")
    assert quiet.code == loud.code == 1
    assert quiet.out.splitlines() == loud.out.splitlines()[:-1]  # the summary is the last line
    assert len(quiet.finding_lines("group-split")) == 1 and quiet.err == ""


def test_quiet_prints_nothing_when_clean(run, piped):
    result = check(run, PASSING, "--quiet")
    assert result.code == 0 and result.out == "" and result.err == ""


def test_quiet_on_a_terminal(run, tty):
    assert check(run, PASSING, "-q").out == ""
    out = check(run, FAILING, "-q").out
    assert "group-split" in out and "checks by" not in out


def test_quiet_drops_the_summary_on_stderr_when_the_report_goes_to_a_file(run, piped, tmp_path):
    loud = check(run, FAILING, "--output", f"text={tmp_path / 'a.txt'}")
    quiet = check(run, FAILING, "-q", "--output", f"text={tmp_path / 'b.txt'}")
    assert "checks by" in loud.err and quiet.err == ""
    assert (tmp_path / "b.txt").read_text() == (tmp_path / "a.txt").read_text()  # the file keeps it all


def test_quiet_github_annotations(run, piped, monkeypatch):
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    assert check(run, PASSING, "-q").out == ""
    lines = check(run, FAILING, "-q").out.splitlines()
    assert len(lines) == 1 and lines[0].startswith("::error file=")


def test_validate_quiet(run):
    loud = run("validate", "--rules", RULES, FAILING)
    quiet = run("validate", "--rules", RULES, "-q", FAILING)
    assert loud.code == quiet.code == 0
    assert "provenance finding(s)" in loud.out and quiet.out == ""


# -- --color, NO_COLOR, FORCE_COLOR ------------------------------------------------------------------


def test_terminal_is_coloured_by_default(run, tty):
    assert ANSI.search(check(run, FAILING).out)


def test_color_never_on_a_terminal(run, tty):
    out = check(run, FAILING, "--color", "never").out
    assert not ANSI.search(out) and "group-split" in out


def test_no_color_disables_colour(run, tty, monkeypatch):
    monkeypatch.setenv("NO_COLOR", "1")
    out = check(run, FAILING).out
    assert not ANSI.search(out) and "iij-audit findings" in out  # still the table, only without colour


def test_empty_no_color_is_unset(run, tty, monkeypatch):
    monkeypatch.setenv("NO_COLOR", "")
    assert ANSI.search(check(run, FAILING).out)


def test_color_always_beats_no_color(run, tty, monkeypatch):
    monkeypatch.setenv("NO_COLOR", "1")
    assert ANSI.search(check(run, FAILING, "--color", "always").out)


def test_piped_text_is_plain_unless_forced(run, piped, monkeypatch):
    plain = check(run, FAILING).out
    assert not ANSI.search(plain)
    forced = check(run, FAILING, "--color", "always").out
    assert ANSI.search(forced) and ANSI.sub("", forced) == plain  # the same lines, coloured
    monkeypatch.setenv("FORCE_COLOR", "1")
    assert ANSI.sub("", check(run, FAILING).out) == plain and ANSI.search(check(run, FAILING).out)
    monkeypatch.setenv("NO_COLOR", "1")  # NO_COLOR wins over FORCE_COLOR
    assert check(run, FAILING).out == plain


def test_colour_never_reaches_report_files(run, piped, tmp_path):
    check(run, FAILING, "--color", "always", "--output", f"text={tmp_path / 'a.txt'}")
    assert not ANSI.search((tmp_path / "a.txt").read_text())


def test_unknown_color_is_bad_input(run):
    result = check(run, FAILING, "--color", "sometimes")
    assert result.code == 2 and "--color" in result.err


# -- terminal width and the likely cause on a terminal ----------------------------------------------------


@pytest.mark.parametrize("columns", [80, 100, 200])
def test_table_fits_the_terminal(run, tty, monkeypatch, columns):
    monkeypatch.setenv("COLUMNS", str(columns))
    out = ANSI.sub("", check(run, FAILING).out)
    widths = [len(line) for line in out.splitlines()]
    assert max(widths) == columns, out  # the table spans the terminal, and nothing goes past it


def finding_column(table: str) -> str:
    """The text of the table's first column, without its borders and line breaks (rich folds words)."""
    cells = [line.split("│")[1] for line in table.splitlines() if line.startswith("│")]
    return "".join("".join(cells).split())


def test_terminal_shows_the_likely_cause_as_the_piped_text_does(run, tty, monkeypatch):
    table = ANSI.sub("", check(run, FAILING).out)
    monkeypatch.setattr(terminal, "is_terminal", lambda stream=None: False)
    (line,) = check(run, FAILING).finding_lines("group-split")
    cause = line.split("; likely cause: ")[1].rsplit(" [", 1)[0]
    assert "likelycause:" + "".join(cause.split()) in finding_column(table)


# -- explain in words --------------------------------------------------------------------------------


def parameters(out: str) -> list[str]:
    """The rule's own parameter lines (before its kind's documentation, which has a section too)."""
    lines = out.splitlines()
    lines = lines[:next(n for n, line in enumerate(lines) if re.fullmatch(r"The \w+ kind:", line))]
    if "Parameters:" not in lines:
        return []
    start = lines.index("Parameters:") + 1
    return lines[start:lines.index("", start)]


def test_explain_prints_parameters_in_words(run):
    result = run("explain", "group-split", "--rules", RULES)
    assert result.code == 0 and result.err == ""
    assert parameters(result.out) == [
        "  total: entity IIJ",
        "  parts: entity IIJ-current-business, entity 4-new-subsidiaries",
        "  concepts: revenue, cost_of_revenue, gross_margin, sga_rd, operating_income",
        "  exhaustive: yes",
    ]


def test_explain_expressions_and_numbers(run):
    result = run("explain", "cash-rollforward", "--rules", RULES)
    assert result.code == 0 and result.err == ""  # no serializer warning either
    assert parameters(result.out) == [
        "  stock: cash",
        "  flows: operating_cash_flow + investing_cash_flow + financing_cash_flow",
        "  slack: 100",
    ]


def test_explain_never_prints_python_values(run):
    rule_ids = [line.split()[0] for line in run("rules", "--rules", RULES).out.splitlines()]
    for rule_id in rule_ids:
        out = run("explain", rule_id, "--rules", RULES).out
        shown = "\n".join(parameters(out))
        assert not re.search(r"[{}\[\]]|None|True|False|Fraction", shown), (rule_id, shown)


# -- report files and the umask ----------------------------------------------------------------------


@pytest.mark.parametrize("mask, mode", [(0o022, 0o644), (0o077, 0o600), (0o002, 0o664)])
def test_report_files_follow_the_umask(run, piped, tmp_path, mask, mode):
    old = os.umask(mask)
    try:
        result = check(run, FAILING, "--output", f"json={tmp_path / 'report.json'}")
    finally:
        os.umask(old)
    assert result.code == 1, str(result)
    assert stat.S_IMODE(os.stat(tmp_path / "report.json").st_mode) == mode
