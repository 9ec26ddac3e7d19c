"""Hardening: waivers (bad, stale) and report writes (never over an input, never into nowhere)."""

from __future__ import annotations

import json
import os

import pytest

from test_hardening_support import (  # noqa: F401 - hws is a fixture
    assert_input_error,
    assert_no_crash,
    hws,
)

# -- waivers -------------------------------------------------------------------------------------


@pytest.mark.parametrize("waiver, words", [
    ("- rule: agreement\n    facts: [h.revenue]\n", ("waiver for agreement has no reason",)),
    ("- rule: agreement\n    facts: [h.revenue]\n    reason: '   '\n", ("has no reason",)),
    ("- rule: agreement\n    facts: [h.revenue]\n    reason:\n", ("has no reason",)),
    ("- rule: no-such-rule\n    facts: [h.revenue]\n    reason: r\n", ("unknown rule 'no-such-rule'",)),
    ("- rule: agreement\n    facts: [h.nope, h.revenue]\n    reason: r\n", ("unknown fact(s): h.nope",)),
    ("- rule: agreement\n    facts: [h.revenue]\n    reason: r\n    owner: me\n", ("unknown field 'owner'",)),
    ("- rule: agreement\n    facts: []\n    reason: r\n", ("facts:", "at least 1 item")),
    ("- rule: agreement\n    facts: h.revenue\n    reason: r\n", ("facts:", "valid list")),
    ("- rule: agreement\n    facts: [h.revenue]\n    reason: r\n    expires: 2027-02-30\n", ("expires:",)),
    ("- facts: [h.revenue]\n    reason: r\n", ("missing field 'rule'",)),
], ids=["no reason", "blank reason", "null reason", "unknown rule", "unknown fact", "unknown field",
        "no facts", "facts not a list", "impossible expiry", "no rule"])
def test_bad_waiver(hws, waiver, words):
    path = hws.waivers("# acknowledged errors\nwaivers:\n  " + waiver)
    assert_input_error(hws.check(), path, 3, *words)


def test_duplicate_waiver(hws):
    one = "  - rule: agreement\n    facts: [h.revenue]\n    reason: r\n"
    path = hws.waivers("waivers:\n" + one + one)
    assert_input_error(hws.check(), path, 5, "duplicate waiver", "line 2")


def test_bad_waiver_given_with_the_option(hws):
    path = hws.root / "elsewhere.yaml"
    path.write_text("waivers:\n  - rule: agreement\n    facts: [h.revenue]\n", encoding="utf-8")
    assert_input_error(hws.check("--waivers", path), path, 2, "has no reason")


def test_missing_waivers_file_given_with_the_option(hws):
    path = hws.root / "missing.yaml"
    assert_input_error(hws.check("--waivers", path), path, None, "cannot read file")


def test_every_bad_waiver_is_reported(hws):
    path = hws.waivers("waivers:\n"
                       "  - {rule: agreement, facts: [h.revenue]}\n"
                       "  - {rule: nope, facts: [h.cost], reason: r}\n"
                       "  - {rule: agreement, facts: [h.zzz], reason: r}\n")
    result = hws.check()
    assert_input_error(result, path, 2, "no reason")
    assert_input_error(result, path, 3, "unknown rule 'nope'")
    assert_input_error(result, path, 4, "unknown fact(s): h.zzz")


def test_stale_waiver_fails_the_gate(hws):
    path = hws.waivers("waivers:\n  - rule: agreement\n    facts: [h.revenue, h.cost]\n    reason: r\n")
    result = hws.check()
    assert_no_crash(result)
    assert result.code == 1, str(result)
    assert f"{path}:2:" in result.out and "stale" in result.out, str(result)
    assert "1 stale waiver(s)" in result.out
    report = hws.check("--format", "json")
    assert report.code == 1
    assert json.loads(report.out)["summary"]["stale_waivers"] == 1


def test_stale_waiver_fails_the_gate_even_with_fail_on_never(hws):
    hws.waivers("waivers:\n  - rule: agreement\n    facts: [h.revenue]\n    reason: r\n")
    result = hws.check("--fail-on", "never")
    assert_no_crash(result)
    assert result.code == 1, str(result)
    assert "stale" in result.out


# -- writes --------------------------------------------------------------------------------------


def input_file(hws, which: str):
    if which == "fixture":
        return hws.fx / "deck.yaml"
    if which == "deck":
        return hws.decks / "deck.txt"
    if which == "waivers":
        return hws.waivers("waivers: []\n")
    if which == "rule file":
        return hws.rules("rules: []\n")
    if which == "symlink to the fixture":
        link = hws.root / "link.json"
        link.symlink_to(hws.fx / "deck.yaml")
        return link
    raise AssertionError(which)


@pytest.mark.parametrize("fmt", ["json", "markdown", "text"])
@pytest.mark.parametrize("which", ["fixture", "deck", "waivers", "rule file", "symlink to the fixture"])
def test_refuses_to_overwrite_an_input_file(hws, which, fmt):
    target = input_file(hws, which)
    real = target.resolve()
    before = real.read_bytes()
    mtime = real.stat().st_mtime_ns
    result = hws.check("--output", f"{fmt}={target}")
    assert_input_error(result, target, None, "refusing to overwrite an input file")
    assert real.read_bytes() == before, "the input file was changed"
    assert real.stat().st_mtime_ns == mtime
    assert not list(real.parent.glob(".iij-audit-*")), "a temporary file was left behind"


def test_refuses_to_overwrite_an_input_file_given_as_a_relative_path(hws, monkeypatch):
    monkeypatch.chdir(hws.fx)
    before = (hws.fx / "deck.yaml").read_bytes()
    result = hws.run("check", "--rules", hws.rules_dir, "--fixtures", ".", "--output", "json=./deck.yaml")
    assert_input_error(result, "./deck.yaml", None, "refusing to overwrite an input file")
    assert (hws.fx / "deck.yaml").read_bytes() == before


def test_output_into_a_missing_directory(hws):
    target = hws.root / "no" / "such" / "dir" / "audit.json"
    result = hws.check("--output", f"json={target}")
    assert_input_error(result, target, None, "does not exist")
    assert not target.parent.exists()


def test_output_onto_a_directory(hws):
    target = hws.root / "a-directory"
    target.mkdir()
    result = hws.check("--output", f"json={target}")
    assert_input_error(result, target, None, "cannot write")
    assert target.is_dir()
    assert not list(hws.root.glob(".iij-audit-*")), "a temporary file was left behind"


def test_output_with_an_unknown_format(hws):
    result = hws.check("--output", "yaml=out.yaml")
    assert_no_crash(result)
    assert result.code == 2, str(result)
    assert "unknown format 'yaml'" in result.err


def test_good_output_is_written(hws):
    target = hws.root / "audit.json"
    result = hws.check("--output", f"json={target}")
    assert_no_crash(result)
    assert result.code == 0, str(result)
    assert json.loads(target.read_text(encoding="utf-8"))["summary"]["facts"] == 2
    assert not [name for name in os.listdir(hws.root) if name.startswith(".iij-audit-")]
