"""Hardening: files and YAML. Every bad input exits 2 with ``path:line[:column]: message`` and no traceback."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time

import pytest

from test_hardening_support import (  # noqa: F401 - hws is a fixture
    FIXTURE,
    PROJECT,
    RULES,
    assert_input_error,
    hws,
    insert_after,
    line_of,
    replace_line,
)

import auditor.yamlsafe as yamlsafe


def test_baseline_workspace_is_clean(hws):
    """The unmodified workspace loads and passes: every failure below is due to its one defect."""
    result = hws.check()
    assert "Traceback" not in result.text, str(result)
    assert result.code == 0, str(result)
    assert "2 facts from 1 document(s)" in result.out


# -- paths ----------------------------------------------------------------------------------------


def test_missing_fixtures_directory(hws):
    missing = hws.root / "no-such-dir"
    result = hws.run("check", "--rules", RULES, "--fixtures", missing)
    assert_input_error(result, missing, None, "no such file or directory")


def test_missing_fixture_file_named_on_the_command_line(hws):
    missing = hws.fx / "missing.yaml"
    result = hws.check(missing)
    assert_input_error(result, missing, None, "no such file or directory")


def test_missing_rules_directory(hws):
    missing = hws.root / "no-rules"
    result = hws.run("check", "--rules", missing, "--fixtures", hws.fx)
    assert_input_error(result, missing, None, "no such file or directory")


@pytest.mark.parametrize("content", ["nothing", "waivers only"])
def test_empty_fixtures_directory(hws, content):
    empty = hws.root / "empty"
    empty.mkdir()
    if content == "waivers only":
        (empty / "waivers.yaml").write_text("waivers: []\n", encoding="utf-8")
    result = hws.run("check", "--rules", RULES, "--fixtures", empty)
    assert_input_error(result, empty, None, "no fixture files")


def test_empty_rules_directory(hws):
    empty = hws.root / "empty-rules"
    empty.mkdir()
    result = hws.run("check", "--rules", empty, "--fixtures", hws.fx)
    assert_input_error(result, empty, None, "no rule files")


@pytest.mark.parametrize("which", ["fixture", "waivers", "rule file"])
def test_unreadable_file(hws, which):
    if which == "fixture":
        target = hws.fx / "deck.yaml"
    elif which == "waivers":
        target = hws.waivers("waivers: []\n")
    else:
        target = hws.rules("rules: []\n")
    target.chmod(0)
    try:
        readable = os.access(target, os.R_OK)
        if readable:
            pytest.skip("running as root: chmod 000 leaves the file readable (see the x.yaml directory tests)")
        result = hws.check()
    finally:
        target.chmod(0o644)
    assert_input_error(result, target, None, "cannot read file", "Permission denied")


def test_directory_named_like_a_waivers_file(hws):
    """The root-proof 'unreadable file': a directory called x.yaml where a YAML file is expected."""
    directory = hws.fx / "x.yaml"
    directory.mkdir()
    result = hws.check("--waivers", directory)
    line = assert_input_error(result, directory, None)
    assert "not a regular file" in line or "Is a directory" in line, line


def test_directory_named_like_a_fixture_file(hws):
    directory = hws.root / "x.yaml"
    directory.mkdir()
    result = hws.run("check", "--rules", RULES, "--fixtures", directory)
    assert_input_error(result, directory, None, "no fixture files")


@pytest.mark.parametrize("which", ["fixture", "deck", "rule file", "waivers"])
def test_non_utf8_file_reports_the_line(hws, which):
    if which == "fixture":
        path = hws.fixture(FIXTURE.encode().replace(b"Total Costs", b"Total \xff Costs"))
        line = line_of(FIXTURE, "label: Total Costs")
    elif which == "deck":
        path = hws.decks / "deck.txt"
        path.write_bytes(b"line one\nline two\nline \xfe three\n")
        line = 3
    elif which == "rule file":
        path = hws.rules("rules: []\n")
        path.write_bytes(b"# comment\nrules: []\n# caf\xe9\n")
        line = 3
    else:
        path = hws.waivers("x")
        path.write_bytes(b"waivers:\n\n  # \x80\n")
        line = 3
    result = hws.check()
    assert_input_error(result, path, line, "not valid UTF-8")


@pytest.mark.parametrize("text, words", [
    ("- document: decks/deck.txt\n- facts: []\n", ("must be a mapping",)),
    ("just a bare string\n", ("must be a mapping",)),
    ('"23.4"\n', ("must be a mapping",)),
    ("", ("empty YAML document",)),
    ("# only a comment\n", ("empty YAML document",)),
])
def test_fixture_that_is_not_a_mapping(hws, text, words):
    path = hws.fixture(text)
    assert_input_error(hws.check(), path, 1, *words)


def test_rule_file_and_waivers_file_that_are_not_mappings(hws):
    rule_file = hws.rules("- a list\n")
    assert_input_error(hws.check(), rule_file, 1, "a rule file must be a mapping")
    hws.rules_dir = RULES
    waivers = hws.waivers("just text\n")
    assert_input_error(hws.check(), waivers, 1, "a waivers file must be a mapping")


@pytest.mark.parametrize("needle, new, line, column, words", [
    ("label: Total Revenues", "label: Total: Revenues", 10, 17, ("invalid YAML", "mapping values")),
    ("concept: revenue", "\tconcept: revenue", 5, 5, ("invalid YAML", "tab")),
    ('value: "23.4"', "value: [23.4", 8, 9, ("invalid YAML", "did not find expected")),
])
def test_invalid_yaml_reports_parser_position(hws, needle, new, line, column, words):
    path = hws.fixture(replace_line(FIXTURE, needle, new))
    assert_input_error(hws.check(), path, line, *words, column=column)


def test_duplicate_key_in_a_fact(hws):
    text = insert_after(FIXTURE, 'value: "23.4"', '    value: "23.5"')
    path = hws.fixture(text)
    assert_input_error(hws.check(), path, line_of(text, 'value: "23.5"'), "duplicate key 'value'", column=5)


def test_duplicate_top_level_key(hws):
    text = FIXTURE + "document: decks/other.txt\n"
    path = hws.fixture(text)
    assert_input_error(hws.check(), path, line_of(text, "decks/other.txt"), "duplicate key 'document'", column=1)


def test_duplicate_key_in_a_rule_file(hws):
    path = hws.rules("rules: []\nrules: []\n")
    assert_input_error(hws.check(), path, 2, "duplicate key 'rules'", column=1)


@pytest.mark.parametrize("tagged, tag", [
    ("!!python/object/apply:os.system ['touch {canary}']", "python/object/apply:os.system"),
    ("!!python/name:os.system", "python/name:os.system"),
    ("!!binary aGVsbG8=", "tag:yaml.org,2002:binary"),
    ("!tag Total Revenues", "'!tag'"),
    ("!!set {a: null}", "tag:yaml.org,2002:set"),
])
def test_yaml_tags_are_refused(hws, tagged, tag):
    canary = hws.root / "canary"
    text = replace_line(FIXTURE, "label: Total Revenues", "label: " + tagged.replace("{canary}", str(canary)))
    path = hws.fixture(text)
    assert_input_error(hws.check(), path, 10, "YAML tag", tag, "is not allowed", column=12)
    assert not canary.exists(), "a YAML tag ran a command"


def test_anchor_and_alias_are_refused(hws):
    text = FIXTURE.replace("label: Total Revenues", "label: &lbl Total Revenues")
    text = text.replace("label: Total Costs", "label: *lbl")
    path = hws.fixture(text)
    assert_input_error(hws.check(), path, line_of(text, "&lbl"), "anchors and aliases are not allowed")


def test_anchor_without_alias_is_refused(hws):
    text = FIXTURE.replace("label: Total Revenues", "label: &lbl Total Revenues")
    path = hws.fixture(text)
    assert_input_error(hws.check(), path, line_of(text, "&lbl"), "anchors and aliases are not allowed")


def billion_laughs(levels: int = 9) -> str:
    text = 'lol0: &lol0 "lol"\n'
    for level in range(1, levels + 1):
        refs = ", ".join([f"*lol{level - 1}"] * 10)
        text += f"lol{level}: &lol{level} [{refs}]\n"
    return text


@pytest.mark.parametrize("where", ["fixture", "rule file", "waivers"])
def test_billion_laughs_fails_fast(hws, where):
    bomb = billion_laughs()  # 10**9 "lol"s if expanded
    if where == "fixture":
        path = hws.fixture("document: decks/deck.txt\nfacts: []\n" + bomb)
        first_alias_line = 4
    elif where == "rule file":
        path = hws.rules("rules: []\n" + bomb)
        first_alias_line = 3
    else:
        path = hws.waivers("waivers: []\n" + bomb)
        first_alias_line = 3
    start = time.perf_counter()
    result = hws.check()
    elapsed = time.perf_counter() - start
    assert elapsed < 5, f"billion laughs took {elapsed:.1f} s"
    # the first node met twice is the anchored "lol", reached again through lol1's first alias
    line = assert_input_error(result, path, None, "anchors and aliases are not allowed")
    assert line.startswith(f"{path}:{first_alias_line - 1}:") or line.startswith(f"{path}:{first_alias_line}:"), line


def test_deeply_nested_document(hws):
    """1,000 levels: refused at the line, whichever limit (ours at 50, or the parser's own) comes first.
    The message is the parser's or ours, so only the location and exit code are asserted here."""
    text = "document: decks/deck.txt\nfacts: " + "[" * 1000 + "]" * 1000 + "\n"
    path = hws.fixture(text)
    start = time.perf_counter()
    result = hws.check()
    assert time.perf_counter() - start < 5
    assert_input_error(result, path, 2)


@pytest.mark.parametrize("depth", [51, 60, 200])
def test_nesting_beyond_our_limit_is_refused_with_our_message(hws, depth):
    """Depths that every libyaml release parses: our own limit refuses them, at the line."""
    text = "document: decks/deck.txt\nfacts: " + "[" * depth + "]" * depth + "\n"
    path = hws.fixture(text)
    assert_input_error(hws.check(), path, 2, "nesting deeper than 50 levels")


def test_nesting_at_our_limit_is_not_refused_for_depth(hws):
    text = "document: decks/deck.txt\nfacts: " + "[" * 49 + "]" * 49 + "\n"
    hws.fixture(text)
    result = hws.check()
    assert "nesting deeper" not in result.err


def test_deeply_nested_block_document(hws):
    text = "document: decks/deck.txt\nfacts:\n" + "".join("  " * depth + "- \n" for depth in range(1, 200))
    path = hws.fixture(text)
    assert_input_error(hws.check(), path, None, "nesting deeper than 50 levels")


CHILD = """\
import sys
from auditor.cli import main
sys.exit(main(sys.argv[1:]))
"""


STACK = 2 * 1024 * 1024


def child_limits() -> None:
    """In the child: a fixed 2 MiB stack, so that a stack overflow happens whatever the caller's ulimit
    and early (libyaml composes deep nesting slowly: under the usual 8 MiB the crash comes after ~25,000
    levels and 2 s), and no core dump (writing one takes seconds)."""
    try:
        import resource

        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
        _, hard = resource.getrlimit(resource.RLIMIT_STACK)
        soft = STACK if hard == resource.RLIM_INFINITY else min(hard, STACK)
        resource.setrlimit(resource.RLIMIT_STACK, (soft, hard))
    except (ImportError, ValueError, OSError):
        pass


def run_child(argv, timeout: float):
    """The CLI in a subprocess (for crashes that kill or block the interpreter)."""
    return subprocess.run([sys.executable, "-c", CHILD, *map(str, argv)], capture_output=True, text=True,
                          timeout=timeout, cwd=PROJECT, preexec_fn=child_limits if os.name == "posix" else None)


DEEP = 100_000


@pytest.mark.parametrize("facts", [
    pytest.param("[" * DEEP + "]" * DEEP, id="nested flow lists"),
    pytest.param("[a'b, " + "[" * DEEP + "]" * DEEP + ", c'd]", id="behind an apostrophe pair"),
    pytest.param("[a#b, " + "[" * DEEP + "]" * DEEP + "]", id="behind a non-comment hash"),
    pytest.param("\n" + "- " * DEEP + "x", id="block sequence on one line"),
])
def test_very_deeply_nested_document_does_not_crash_the_interpreter(hws, facts):
    """100,000 levels in a 200 kB file (far below the 64 MiB limit). The C composer recurses once per
    level and overflowed the C stack (SIGSEGV); the loader now builds from parse events and refuses the
    nesting at 50 levels. Run in a child process so that a crash would not take pytest down."""
    path = hws.fixture("document: decks/deck.txt\nfacts: " + facts + "\n")
    child = run_child(["check", "--rules", RULES, "--fixtures", hws.fx], timeout=60)
    assert child.returncode == 2, f"exit {child.returncode} (-11 = SIGSEGV)\n{child.stderr[-2000:]}"
    assert "Traceback" not in child.stderr
    # the parser's own depth limit (PyYAML >= 6.0.4) or ours refuses it first; either way at the file
    assert re.search(rf"^{re.escape(str(path))}:\d+(:\d+)?: ", child.stderr, re.M), child.stderr


def sparse(path, size: int) -> None:
    """A file of ``size`` bytes without writing them (a hole): the size check must refuse it unread."""
    with open(path, "wb") as handle:
        handle.truncate(size)


@pytest.mark.parametrize("which", ["fixture", "deck", "rule file", "waivers"])
def test_file_over_the_size_limit(hws, which):
    size = yamlsafe.MAX_BYTES + 1
    if which == "fixture":
        path = hws.fx / "big.yaml"
    elif which == "deck":
        path = hws.decks / "deck.txt"
    elif which == "rule file":
        path = hws.rules("rules: []\n", name="big.yaml")
    else:
        path = hws.fx / "waivers.yaml"
    sparse(path, size)
    start = time.perf_counter()
    result = hws.check()
    assert time.perf_counter() - start < 5
    assert_input_error(result, path, None, f"file is {size} bytes", f"limit of {yamlsafe.MAX_BYTES}")


def test_size_limit_with_a_small_limit(hws, monkeypatch):
    """The limit is read when a file is read, so patching the constant exercises it on a small file."""
    limit = max(path.stat().st_size for path in RULES.glob("*.yaml")) + 1  # the rules still load
    monkeypatch.setattr(yamlsafe, "MAX_BYTES", limit)
    path = hws.fixture(FIXTURE + "# padding\n" * (limit // 10 + 1))
    result = hws.check()
    assert_input_error(result, path, None, f"file is {path.stat().st_size} bytes", f"limit of {limit}")


@pytest.mark.parametrize("char", ["\x00", "\x1b"])
def test_control_character_reports_the_line(hws, char):
    text = FIXTURE.replace("label: Total Costs", f"label: Total{char} Costs")
    path = hws.fixture(text)
    assert_input_error(hws.check(), path, line_of(text, "label: Total" + char), "invalid YAML")


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs mkfifo")
def test_waivers_path_that_is_a_fifo_does_not_hang(hws):
    fifo = hws.fx / "waivers.yaml"
    os.mkfifo(fifo)
    try:
        child = run_child(["check", "--rules", RULES, "--fixtures", hws.fx], timeout=3)
    except subprocess.TimeoutExpired:
        pytest.fail("iij-audit check hung for 3 s on a FIFO named waivers.yaml")
    assert child.returncode == 2, child.stderr
    assert f"{fifo}: not a regular file" in child.stderr, child.stderr


def test_every_bad_fixture_file_is_reported_in_one_run(hws):
    first = hws.fixture(FIXTURE.replace("concept: revenue", "concept: revenu"))
    second = hws.fixture("- not a mapping\n", name="second.yaml")
    third = hws.fixture("document: decks/deck.txt\nfacts: [\n", name="third.yaml")
    result = hws.check()
    assert_input_error(result, first, 5, "unknown concept 'revenu'")
    assert_input_error(result, second, 1, "must be a mapping")
    assert_input_error(result, third, None, "invalid YAML")
    assert "3 input error(s)" in result.err


def test_rule_and_fixture_errors_are_reported_in_one_run(hws):
    fixture = hws.fixture(FIXTURE.replace("concept: revenue", "concept: revenu"))
    rule_file = hws.rules("rules:\n  - id: hardening-bad\n    title: t\n    rationale: r\n    kind: equation\n"
                          "    check: revenue == cost_of_revenue +\n")
    result = hws.check()
    assert_input_error(result, rule_file, None, "syntax error")
    assert_input_error(result, fixture, 5, "unknown concept 'revenu'")
