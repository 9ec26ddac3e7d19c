"""Trust: outputs cannot be forged, odd bytes never raise, memory and error streams are bounded.

A "hostile" workspace cites a deck whose file name holds a control character, a newline and a GitHub
workflow command, from a fixture whose file name holds a byte that is not UTF-8; one fact fails
provenance (its label is not on its line), so that every reporter has a finding to print.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
import xml.etree.ElementTree as ET

import pytest
import yaml

from auditor import limits, yamlsafe
from auditor.loader import display_path
from auditor.reporters.github import escape_data, escape_property
from auditor.reporters.safe import line_safe, one_line, utf8_strings, xml_chars
from test_hardening_support import (  # noqa: F401 - hws is a fixture
    DECK_TEXT,
    FIXTURE,
    PROJECT,
    assert_input_error,
    assert_no_crash,
    hws,
    line_of,
)

FORGED = "::error file=README.md,line=1::forged"
DECK_NAME = f"deck\x01\n{FORGED}.txt"
FIXTURE_NAME = b"d\xff.yaml"  # not UTF-8: Python holds it as "d\udcff.yaml"
FORMATS = ["text", "github", "json", "sarif", "junit", "markdown"]


def hostile(hws):
    hws.deck(DECK_TEXT, name=DECK_NAME)
    os.unlink(hws.fx / "deck.yaml")
    text = FIXTURE.replace("document: decks/deck.txt", "document: " + json.dumps("decks/" + DECK_NAME))
    text = text.replace("label: Total Costs", "label: Nope [/x]")  # [/x]: rich markup, if read as such
    path = os.path.join(os.fsencode(hws.fx), FIXTURE_NAME)
    with open(path, "w", encoding="utf-8") as handle:
        handle.write(text)
    return os.fsdecode(path)


def no_command_lines(text: str, annotations: int = 0) -> None:
    """Only our own annotations start a line with ``::``, and there are exactly ``annotations`` of them."""
    commands = [line for line in text.splitlines() if line.lstrip().startswith("::")]
    assert len(commands) == annotations, text
    for line in commands:
        assert line.startswith(("::error file=", "::warning file=")), line
        assert not line.startswith("::error file=README.md"), line


# -- the rendering helpers ------------------------------------------------------------------------


def test_escapes_are_the_toolkits():
    # actions/toolkit command.ts: escapeData replaces % CR LF; escapeProperty also : and ,
    assert escape_data("100% a\r\nb: c, d") == "100%25 a%0D%0Ab: c, d"
    assert escape_property("100% a\r\nb: c, d") == "100%25 a%0D%0Ab%3A c%2C d"


@pytest.mark.parametrize("raw, shown", [
    ("a\nb", "a\\nb"), ("a\rb", "a\\rb"), ("a\x00b", "a\\x00b"), ("a\x1bb", "a\\x1bb"), ("a\x7fb", "a\\x7fb"),
    ("a\x85b", "a\\x85b"), ("a\u2028b", "a\\u2028b"), ("a\u2029b", "a\\u2029b"), ("a\u202eb", "a\\u202eb"),
    ("a\udcffb", "a\\xffb"), ("a\ud800b", "a\\ud800b"), ("a\uffffb", "a\\uffffb"),
    ("a\tb", "a\tb"), ("Ａ１ é 円", "Ａ１ é 円"),
])
def test_one_line(raw, shown):
    assert one_line(raw) == shown


def test_line_safe_keeps_lines_from_starting_a_command():
    assert line_safe("::error x") == "./::error x"
    assert line_safe(" \t::error x").startswith("./")
    assert line_safe("a\n::error x") == "a\\n::error x"
    assert line_safe("fx/deck.yaml:3: message") == "fx/deck.yaml:3: message"


def test_xml_and_utf8_helpers():
    assert xml_chars("a\x01\tb\n\r\udcff\ufffe\x85") == "a\\x01\tb\n\r\\xff\\ufffe\x85"
    assert utf8_strings({"k\udcff": ["v\udcfe", 1, None, "a\x01"]}) == {"k\\xff": ["v\\xfe", 1, None, "a\x01"]}


# -- GitHub annotations and line-oriented output ----------------------------------------------------


@pytest.mark.parametrize("argv", [(), ("--format", "github")], ids=["text in GitHub Actions", "github"])
def test_github_annotations_cannot_be_forged(hws, monkeypatch, argv):
    fixture = hostile(hws)
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    result = hws.check(*argv)
    assert_no_crash(result)
    assert result.code == 1, str(result)
    no_command_lines(result.out, annotations=1)
    annotation = next(line for line in result.out.splitlines() if line.startswith("::"))
    _, properties, message = annotation.split("::", 2)
    command, _, properties = properties.partition(" ")
    assert command == "error"
    assert [item.partition("=")[0] for item in properties.split(",")] == ["file", "line", "title"]
    assert properties.startswith(f"file={one_line(escape_property(display_path(fixture)))},line=12,"
                                 "title=provenance%3A ")
    assert "d\\xff.yaml" in properties
    assert "deck\\x01%0A::error file=README.md,line=1::forged.txt" in message
    assert "nothing was checked" not in result.err


def test_stale_waiver_annotation_escapes_the_path(hws, monkeypatch):
    path = hws.root / "w,1\n::error file=README.md::x.yaml"
    path.write_text("waivers:\n  - {rule: agreement, facts: [h.revenue], reason: r}\n", encoding="utf-8")
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    result = hws.check("--waivers", path)
    assert result.code == 1, str(result)
    no_command_lines(result.out, annotations=1)
    assert "w%2C1%0A%3A%3Aerror file=README.md%3A%3Ax.yaml,line=2,title=stale-waiver::" in result.out


def test_input_error_holding_a_newline_stays_on_its_line(hws, monkeypatch):
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    path = hws.waivers(f"waivers:\n  - rule: {json.dumps('agreement' + chr(10) + FORGED)}\n"
                       "    facts: [h.revenue]\n")
    result = hws.check()
    assert_input_error(result, path, 2, "has no reason", "\\n::error file=README.md")
    no_command_lines(result.err)


def test_document_name_holding_a_newline_stays_on_its_line(hws, monkeypatch):
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    text = FIXTURE.replace("document: decks/deck.txt", "document: " + json.dumps(f"decks/x\n{FORGED}.txt"))
    path = hws.fixture(text)
    result = hws.check()
    assert_input_error(result, path, 1, "\\n::error file=README.md")
    no_command_lines(result.err)


def test_text_output_is_one_line_per_finding(hws):
    hostile(hws)
    result = hws.check()
    assert result.code == 1, str(result)
    lines = result.out.splitlines()
    assert len(lines) == 2, result.out  # the finding and the summary
    assert lines[0].startswith(one_line(display_path(str(hws.fx))) + "/d\\xff.yaml:12: error provenance ")
    assert "deck\\x01\\n::error file=README.md,line=1::forged.txt" in lines[0]
    no_command_lines(result.out)


def test_rich_table_prints_markup_as_text(hws, monkeypatch):
    hostile(hws)
    monkeypatch.setattr(sys.stdout, "isatty", lambda: True)
    result = hws.check()
    assert_no_crash(result)
    assert result.code == 1, str(result)
    assert "iij-audit findings" in result.out and "[/x]" in result.out
    assert "\x01" not in result.out and "\udcff" not in result.out


# -- structured reports ----------------------------------------------------------------------------


def test_junit_is_well_formed_xml(hws):
    hostile(hws)
    result = hws.check("--format", "junit")
    assert result.code == 1, str(result)
    failures = ET.fromstring(result.out).findall(".//failure")
    assert len(failures) == 1
    assert "deck\\x01\n::error file=README.md" in failures[0].get("message")  # an attribute keeps its LF
    lines = failures[0].text.splitlines()  # where to edit, the message, the facts, then the sources
    assert lines[-1] == "deck\\x01\\n::error file=README.md,line=1::forged.txt:5: 18.9"
    assert not any(line.lstrip().startswith("::") for line in lines)
    no_command_lines(result.out)


@pytest.mark.parametrize("fmt", ["json", "sarif"])
def test_json_reports_parse_and_keep_exact_texts(hws, fmt):
    hostile(hws)
    result = hws.check("--format", fmt)
    assert result.code == 1, str(result)
    report = json.loads(result.out)
    if fmt == "json":
        fact = report["findings"][0]["facts"][0]
        assert fact["document"] == DECK_NAME  # JSON escapes control characters itself: the name stays exact
        assert fact["path"].endswith("d\\xff.yaml")
    else:
        uri = report["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
        assert uri.endswith("d\\xff.yaml")


def test_markdown_keeps_names_on_their_line(hws):
    hostile(hws)
    result = hws.check("--format", "markdown")
    assert result.code == 1, str(result)
    rows = [line for line in result.out.splitlines() if "forged.txt:5" in line and line.startswith("|")]
    assert len(rows) == 1 and rows[0].startswith("| `h.cost` | deck\\x01 ::error"), result.out
    listed = [line for line in result.out.splitlines() if "forged.txt:5" in line and not line.startswith("|")]
    assert len(listed) == 1 and listed[0].startswith("- "), result.out  # the coverage list, on one line too
    no_command_lines(result.out)


@pytest.mark.parametrize("fmt", FORMATS)
def test_every_format_can_be_written_as_strict_utf8(hws, fmt):
    hostile(hws)
    result = hws.check("--format", fmt)
    assert_no_crash(result)
    assert result.code == 1, str(result)
    (result.out + result.err).encode("utf-8")  # strict: a lone surrogate would raise here


@pytest.mark.parametrize("fmt", ["json", "markdown", "sarif", "junit"])
def test_report_files_are_written(hws, fmt):
    hostile(hws)
    target = hws.root / f"report.{fmt}"
    result = hws.check("--output", f"{fmt}={target}")
    assert result.code == 1, str(result)
    target.read_text(encoding="utf-8")


def run_process(hws, *argv, entry=("-c", "import sys; from auditor.cli import main; sys.exit(main(sys.argv[1:]))")):
    env = {**os.environ, "PYTHONIOENCODING": "utf-8", "GITHUB_ACTIONS": "false"}
    env.pop("PYTHONUTF8", None)
    done = subprocess.run([sys.executable, *entry, *argv], cwd=hws.root, env=env, capture_output=True,
                          timeout=120)
    return done.returncode, done.stdout.decode("utf-8"), done.stderr.decode("utf-8")


@pytest.mark.parametrize("fmt", ["text", "github", "json"])
def test_strict_utf8_streams_in_a_subprocess(hws, fmt):
    hostile(hws)
    code, out, err = run_process(hws, "check", "--rules", hws.rules_dir, "--fixtures", "fx", "--format", fmt)
    assert "Traceback" not in err and code == 1, (code, out, err)
    shown = json.loads(out)["findings"][0]["facts"][0]["path"] if fmt == "json" else out
    assert "fx/d\\xff.yaml" in shown


def test_input_error_on_a_non_utf8_name_in_a_subprocess(hws):
    path = os.path.join(os.fsencode(hws.fx), b"bad\xfe.yaml")
    with open(path, "w", encoding="utf-8") as handle:
        handle.write("document: [\n")
    for entry in (("-c", "import sys; from auditor.cli import main; sys.exit(main(sys.argv[1:]))"),
                  ("-m", "auditor")):
        code, out, err = run_process(hws, "check", "--rules", hws.rules_dir, "--fixtures", "fx", entry=entry)
        assert "Traceback" not in err and code == 2, (code, out, err)
        assert "fx/bad\\xfe.yaml:" in err


# -- YAML line breaks that editors do not see -------------------------------------------------------


@pytest.mark.parametrize("char, name", [("\u2028", "U+2028 LINE SEPARATOR"), ("\x85", "U+0085 NEXT LINE"),
                                        ("\u2029", "U+2029 PARAGRAPH SEPARATOR"),
                                        ("\r", "U+000D CARRIAGE RETURN without a line feed")])
def test_hidden_line_break_in_a_fixture(hws, char, name):
    needle = "label: Total Costs"
    text = FIXTURE.replace(needle, f"{needle}  # note{char}    concept: revenue")
    path = hws.fixture(text)
    result = hws.check()
    # the editor's line and column of the character; the "fact" after it on the comment line never loads
    assert_input_error(result, path, line_of(text, needle), name, "is not allowed", column=len("    " + needle) + 9)


def test_hidden_line_breaks_are_counted(hws):
    path = hws.fixture(FIXTURE + "# a\u2028b\u2028c\n")
    assert_input_error(hws.check(), path, FIXTURE.count("\n") + 1, "U+2028", "; 1 more in this file", column=4)


def test_hidden_line_break_in_a_rule_file_and_a_waivers_file(hws):
    rule = hws.rules("rules: []  # \u2028\n")
    assert_input_error(hws.check(), rule, 1, "U+2028 LINE SEPARATOR", column=14)
    waivers = hws.waivers("waivers: []\n# \x85\n")
    hws.rules_dir = PROJECT / "rules"
    assert_input_error(hws.check(), waivers, 2, "U+0085 NEXT LINE", column=3)


def test_crlf_and_escaped_separators_still_load(hws):
    """No false alarm: CRLF line ends, and a separator written as an escape, are what editors see."""
    text = FIXTURE.replace("label: Total Revenues", 'label: "Total\\u2028Revenues"').replace("\n", "\r\n")
    hws.fixture(text)
    result = hws.check("--format", "json")
    assert result.code == 0, str(result)
    assert json.loads(result.out)["summary"]["facts"] == 2


# -- memory bounds ------------------------------------------------------------------------------------


@pytest.mark.parametrize("failure, cause", [
    (MemoryError, "out of memory"),
    (SystemError("error return without exception set"),  # CPython's word for some failed allocations
     "the interpreter failed, as when memory runs out (SystemError: error return without exception set)"),
])
def test_running_out_of_memory_is_exit_2(hws, monkeypatch, failure, cause):
    def exhausted(*args, **kwargs):
        raise failure

    monkeypatch.setattr("auditor.loader.load_yaml", exhausted)
    result = hws.check("--no-cache")
    assert "Traceback" not in result.text, str(result)
    assert result.code == 2
    assert result.err.splitlines() == [f"iij-audit: {cause}: the inputs are too large for this machine; "
                                       "nothing was checked"]


RULE_FILES = sorted((PROJECT / "rules").glob("*.yaml"))


def test_yaml_event_limit(hws, monkeypatch):
    """The limit is read at each parse: patched just above the project's rule files, a fixture past it."""
    limit = max(sum(1 for _ in yaml.parse(path.read_text(encoding="utf-8"), Loader=yaml.SafeLoader))
                for path in RULE_FILES)
    monkeypatch.setattr(yamlsafe, "MAX_EVENTS", limit)
    text = FIXTURE + "claims: [" + ", ".join(["{}"] * limit) + "]\n"
    path = hws.fixture(text)
    assert_input_error(hws.check("--no-cache"), path, line_of(text, "claims:"),
                       f"more than {limit:,} YAML parse events", "split it")


def test_line_limit(hws, monkeypatch):
    limit = max(path.read_bytes().count(b"\n") for path in RULE_FILES)
    monkeypatch.setattr(yamlsafe, "MAX_LINES", limit)
    path = hws.fixture(FIXTURE + "#\n" * limit)
    lines = FIXTURE.count("\n") + limit
    assert_input_error(hws.check("--no-cache"), path, None, f"file has {lines:,} lines", f"limit of {limit:,}")


def test_fact_limit(hws, monkeypatch):
    monkeypatch.setattr(limits, "MAX_FACTS", 1)
    path = hws.fixture()
    assert_input_error(hws.check(), path, None, "more than 1 facts", "the limit of one run")


def test_dataset_byte_limit(hws, monkeypatch):
    monkeypatch.setattr(limits, "MAX_DATASET_BYTES", len(FIXTURE) + 10)  # the fixture, not its deck too
    assert_input_error(hws.check(), hws.decks / "deck.txt", None, f"more than {len(FIXTURE) + 10:,} bytes")


def test_deck_line_limit(hws, monkeypatch):
    monkeypatch.setattr(limits, "MAX_DECK_LINES", 5)
    assert_input_error(hws.check(), hws.decks / "deck.txt", None, "more than 5 lines")


def test_default_limits_hold_the_project_and_bound_memory():
    assert yamlsafe.MAX_BYTES <= 32 * 1024 * 1024 and yamlsafe.MAX_EVENTS <= 500_000
    assert limits.MAX_FACTS <= 500_000 and limits.MAX_DATASET_BYTES <= 128 * 1024 * 1024
    biggest = max(os.path.getsize(path) for path in (PROJECT / "fixtures").glob("*.yaml"))
    assert biggest * 20 < yamlsafe.MAX_BYTES


# -- capped error streams ----------------------------------------------------------------------------


def test_a_flow_sequence_of_bad_items_ends_fast(hws):
    path = hws.fixture("document: decks/deck.txt\nfacts: [" + ",".join(["1"] * 100_000) + "]\n")
    start = time.perf_counter()
    result = hws.check()
    assert time.perf_counter() - start < 60  # a guard against the old minutes of printing, not a timing
    lines = assert_input_error(result, path, 2, "must be a mapping", f"({limits.MAX_ERRORS:,} times)")
    assert lines.endswith("(1,000 times)")
    err = result.err.splitlines()
    assert len(err) == 3, result.err
    assert err[1].endswith(f"stopped after {limits.MAX_ERRORS:,} input errors: the rest of this file and any "
                           "after it were not read")
    assert err[2] == "iij-audit: 1,000+ input error(s); nothing was checked"


def test_many_distinct_errors_print_a_hundred_lines_and_a_count(hws):
    text = "document: decks/deck.txt\nfacts:\n" + "".join(f"  - {{id: x{i}}}\n" for i in range(30))
    path = hws.fixture(text)
    result = hws.check()
    assert_input_error(result, path, 3, "fact x0: missing field 'concept'")
    err = result.err.splitlines()
    total = int(err[-1].split()[1])
    assert total > 100 and len(err) == 102, result.err
    assert err[-2] == f"... and {total - 100} more input error(s)"


def test_rule_and_waiver_errors_are_capped(hws, monkeypatch):
    monkeypatch.setattr(limits, "MAX_ERRORS", 10)
    rule = hws.rules("rules: [" + ", ".join(["{}"] * 50) + "]\n")
    result = hws.check()
    assert_input_error(result, rule, None, "stopped after 10 input errors")
    assert result.err.splitlines()[-1] == "iij-audit: 10+ input error(s); nothing was checked"
    hws.rules_dir = PROJECT / "rules"
    waivers = hws.waivers("waivers: [" + ", ".join(["{}"] * 50) + "]\n")
    result = hws.check()
    assert_input_error(result, waivers, None, "stopped after 10 input errors")
