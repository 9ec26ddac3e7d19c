"""Configuration in pyproject.toml [tool.iij-audit] or .iij-audit.yaml: every key applies, flags override
it, unknown keys and bad values are input errors at path:line, paths stay inside the project."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from auditor.cli import main

DECK = "Results\n1Q11\t23.4\t18.9\t4.8\n"
FIXTURE = """document: decks/deck.txt
facts:
  - {id: t.rev, concept: revenue, period: 1Q11, value: "23.4", unit: JPY billion, line: 2, label: 1Q11}
  - {id: t.cost, concept: cost_of_revenue, period: 1Q11, value: "18.9", unit: JPY billion, line: 2, label: 1Q11}
  - {id: t.gm, concept: gross_margin, period: 1Q11, value: "4.8", unit: JPY billion, line: 2, label: 1Q11}
"""
EQ = "pl-gross-margin"


class Project:
    def __init__(self, root: Path, capsys) -> None:
        self.root, self._capsys = root, capsys

    def dataset(self, directory: str = "fixtures", deck: str = DECK) -> Path:
        (self.root / directory / "decks").mkdir(parents=True, exist_ok=True)
        (self.root / directory / "decks" / "deck.txt").write_text(deck)
        (self.root / directory / "deck.yaml").write_text(FIXTURE)
        return self.root / directory

    def pyproject(self, body: str) -> Path:
        path = self.root / "pyproject.toml"
        path.write_text('[project]\nname = "figures"\n\n[tool.iij-audit]\n' + body)
        return path

    def yaml(self, body: str) -> Path:
        path = self.root / ".iij-audit.yaml"
        path.write_text(body)
        return path

    def run(self, *argv) -> tuple[int, str, str]:
        self._capsys.readouterr()
        code = main([str(arg) for arg in argv])
        out, err = self._capsys.readouterr()
        return code, out, err


@pytest.fixture
def project(tmp_path, monkeypatch, capsys) -> Project:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("IIJ_AUDIT_CACHE_DIR", raising=False)
    return Project(tmp_path, capsys)


def rules_run(out: str) -> set[str]:
    return {rule["id"] for rule in json.loads(out)["rules"]}


# -- every key applies ------------------------------------------------------------------------------------
def test_pyproject_settings_apply(project):
    project.dataset("data")
    project.pyproject('fixtures = "data"\nformat = "json"\nfail-on = "never"\nenable = ["pl-gross-margin", '
                      '"provenance"]\ncache-dir = "build/cache"\n')
    code, out, err = project.run("check")
    assert code == 0, err  # fail-on never, although the gross margin fails
    assert rules_run(out) == {EQ, "provenance"}
    assert [finding["rule"] for finding in json.loads(out)["findings"]] == [EQ]
    assert (project.root / "build" / "cache").is_dir()


def test_yaml_settings_apply(project):
    project.dataset()
    project.yaml("format: json\ndisable: [pl-gross-margin]\n")
    code, out, err = project.run("check", "--no-cache")
    assert code == 0, err
    assert EQ not in rules_run(out) and "provenance" in rules_run(out)


def test_disable_and_exclude_rule_are_one_option(project):
    project.dataset()
    code, out, _ = project.run("check", "--no-cache", "--format", "json", "--exclude-rule", EQ)
    assert code == 0 and EQ not in rules_run(out)
    project.yaml("disable: [provenance]\n")  # the command line replaces the configured list
    code, out, _ = project.run("check", "--no-cache", "--format", "json", "--exclude-rule", EQ)
    assert code == 0 and {EQ, "provenance"} & rules_run(out) == {"provenance"}


def test_enable_less_disable(project):
    project.dataset()
    project.yaml(f"enable: [{EQ}, provenance]\ndisable: [{EQ}]\n")
    code, out, _ = project.run("check", "--no-cache", "--format", "json")
    assert code == 0 and rules_run(out) == {"provenance"}


def test_rules_and_waivers_keys(project):
    project.dataset()
    (project.root / "audit").mkdir()
    (project.root / "audit" / "only.yaml").write_text(
        (Path(__file__).resolve().parents[1] / "rules" / "vocabulary.yaml").read_text()
        + f"rules:\n  - {{id: {EQ}, title: t, rationale: r, kind: equation, "
          "check: revenue == cost_of_revenue + gross_margin}\n")
    (project.root / "acknowledged.yaml").write_text(
        f"waivers:\n  - {{rule: {EQ}, facts: [t.cost, t.gm, t.rev], reason: the deck prints it so}}\n")
    project.yaml("rules: audit/only.yaml\nwaivers: acknowledged.yaml\nformat: json\n")
    code, out, err = project.run("check", "--no-cache")
    assert code == 0, err
    report = json.loads(out)
    assert rules_run(out) == {EQ}
    assert [finding["status"] for finding in report["findings"]] == ["waived"]
    code, out, _ = project.run("rules")
    assert code == 0 and [line.split()[0] for line in out.splitlines()] == [EQ]


def test_validate_and_baseline_use_the_configured_fixtures(project):
    project.dataset("data")
    project.yaml("fixtures: data\n")
    code, out, err = project.run("validate", "--no-cache")
    assert code == 0, err
    assert "3 facts in 1 file(s); 0 provenance finding(s)" in out
    code, out, err = project.run("baseline", "--no-cache")
    assert code == 0, err
    assert "1 waiver(s) added to data/waivers.yaml" in out


# -- flags override the configuration ---------------------------------------------------------------------
def test_flags_override_the_configuration(project):
    project.dataset()
    project.pyproject('format = "json"\nfail-on = "never"\nenable = ["provenance"]\n')
    code, out, _ = project.run("check", "--no-cache", "--format", "text", "--fail-on", "error", "--rule", EQ)
    assert code == 1
    assert out.startswith(f"fixtures/deck.yaml:3: error {EQ} ")


def test_the_environment_overrides_the_configured_cache_dir(project, monkeypatch):
    project.dataset()
    project.yaml("cache-dir: configured-cache\n")
    monkeypatch.setenv("IIJ_AUDIT_CACHE_DIR", str(project.root / "from-env"))
    project.run("check")
    assert (project.root / "from-env").is_dir() and not (project.root / "configured-cache").exists()


def test_a_pyproject_without_the_table_is_no_configuration(project):
    project.dataset()
    (project.root / "pyproject.toml").write_text('[project]\nname = "figures"\n[tool.other]\nformat = 1\n')
    code, out, err = project.run("check", "--no-cache")
    assert code == 1 and err == ""


def test_an_empty_yaml_configuration_is_no_configuration(project):
    project.dataset()
    project.yaml("# nothing set yet\n")
    assert project.run("check", "--no-cache")[0] == 1


# -- refusals ---------------------------------------------------------------------------------------------
def test_unknown_key_in_pyproject(project):
    project.dataset()
    project.pyproject('format = "json"\n\n"exclude" = ["x"]\n')
    code, out, err = project.run("check")
    assert code == 2 and out == ""
    assert err.startswith("pyproject.toml:7: unknown key 'exclude' in [tool.iij-audit] (known: cache-dir, disable, ")
    assert err.endswith("iij-audit: 1 input error(s); nothing was checked\n")


def test_unknown_key_in_yaml_and_every_error_in_one_run(project):
    project.dataset()
    project.yaml("format: json\nfail_on: never\nformat2: x\n")
    code, out, err = project.run("check")
    assert code == 2
    assert err.splitlines()[:2] == [
        ".iij-audit.yaml:2: unknown key 'fail_on' in .iij-audit.yaml (known: cache-dir, disable, enable, fail-on, "
        "fixtures, format, rules, waivers)",
        ".iij-audit.yaml:3: unknown key 'format2' in .iij-audit.yaml (known: cache-dir, disable, enable, fail-on, "
        "fixtures, format, rules, waivers)"]


@pytest.mark.parametrize("body, line, message", [
    ('fail-on = "sometimes"\n', 5, "fail-on: 'sometimes' is not one of error, warning, never"),
    ('format = "pdf"\n', 5, "format: 'pdf' is not one of "),
    ('enable = "provenance"\n', 5, "enable: must be a list of rule ids"),
    ('disable = [1]\n', 5, "disable: must be a list of rule ids"),
    ('rules = 3\n', 5, "rules: must be a path"),
    ('fixtures = "../elsewhere"\n', 5, "fixtures: '../elsewhere' is outside the project"),
    ('waivers = "/etc/passwd"\n', 5, "waivers: '/etc/passwd' is outside the project"),
    ('\n\ncache-dir = "/tmp"\n', 7, "cache-dir: '/tmp' is outside the project"),
])
def test_bad_values_in_pyproject(project, body, line, message):
    project.dataset()
    project.pyproject(body)
    code, out, err = project.run("check")
    assert code == 2 and out == ""
    assert err.startswith(f"pyproject.toml:{line}: {message}")


def test_a_path_through_a_link_out_of_the_project_is_refused(project, tmp_path_factory):
    outside = tmp_path_factory.mktemp("outside")
    project.dataset()
    (project.root / "out").symlink_to(outside)
    project.yaml("fixtures: out/fixtures\n")
    code, _, err = project.run("check")
    assert code == 2
    assert err.startswith(".iij-audit.yaml:1: fixtures: 'out/fixtures' is outside the project")


def test_an_unknown_configured_rule_is_blamed_on_the_configuration(project):
    project.dataset()
    project.yaml("format: json\ndisable: [agreement, no-such-rule]\n")
    code, out, err = project.run("check", "--no-cache")
    assert code == 2 and out == ""
    assert err.startswith(".iij-audit.yaml:2: disable: unknown rule(s): no-such-rule\n")


def test_an_unknown_rule_on_the_command_line_is_a_usage_error(project):
    project.dataset()
    code, _, err = project.run("check", "--no-cache", "--exclude-rule", "no-such-rule")
    assert code == 2
    assert "no-such-rule" in err and "--exclude-rule" in err


def test_both_configuration_files_is_an_error(project):
    project.dataset()
    project.pyproject('format = "json"\n')
    project.yaml("format: json\n")
    code, out, err = project.run("check")
    assert code == 2 and out == ""
    assert err.startswith(".iij-audit.yaml: the project is configured twice, here and in pyproject.toml "
                          "[tool.iij-audit]; keep one of them\n")


def test_invalid_toml_is_an_input_error(project):
    project.dataset()
    (project.root / "pyproject.toml").write_text('[tool.iij-audit]\nformat = "json\n')
    code, out, err = project.run("check")
    assert code == 2 and out == ""
    assert err.startswith("pyproject.toml:2: invalid TOML: ")


def test_invalid_yaml_configuration_is_an_input_error(project):
    project.dataset()
    project.yaml("format: [json\n")
    code, _, err = project.run("check")
    assert code == 2 and err.startswith(".iij-audit.yaml:")
    project.yaml("- format\n")
    code, _, err = project.run("check")
    assert code == 2 and err.startswith(".iij-audit.yaml:1: the configuration must be a mapping of settings")


def test_a_table_that_is_not_a_table(project):
    (project.root / "pyproject.toml").write_text('[tool]\n"iij-audit" = 3\n')
    code, _, err = project.run("rules")
    assert code == 2 and err.startswith("pyproject.toml: [tool.iij-audit] must be a table of settings")


def test_a_configuration_linked_from_outside_is_refused(project, tmp_path_factory):
    outside = tmp_path_factory.mktemp("outside") / "pyproject.toml"
    outside.write_text('[tool.iij-audit]\nformat = "json"\n')
    (project.root / "pyproject.toml").symlink_to(outside)
    code, out, err = project.run("rules")
    assert code == 2 and out == ""
    assert err.startswith("pyproject.toml: symbolic link pointing outside")


def test_a_hostile_key_cannot_forge_output_lines(project):
    project.yaml('"x\\nfixtures/deck.yaml:1: error forged": 1\n')
    code, _, err = project.run("rules")
    assert code == 2
    assert len(err.splitlines()) == 2  # the error and the count: the key's line break is escaped
    assert not any(line.startswith("fixtures/deck.yaml:1") for line in err.splitlines())


# -- a configuration file named to check ------------------------------------------------------------------
@pytest.mark.parametrize("name", ["pyproject.toml", ".iij-audit.yaml"])
def test_naming_a_configuration_file_reports_everything(project, name):
    project.dataset()
    (project.root / name).write_text("[project]\nname = 'x'\n" if name == "pyproject.toml" else "format: text\n")
    (project.root / "fixtures" / "other.yaml").write_text(FIXTURE.replace("t.", "o.").replace("1Q11", "1Q12")
                                                          .replace("decks/deck.txt", "decks/other.txt"))
    (project.root / "fixtures" / "decks" / "other.txt").write_text(DECK.replace("1Q11", "1Q12"))
    code, out, _ = project.run("check", "--no-cache", name, "--rule", EQ)
    assert code == 1
    assert [line.split(":")[0] for line in out.splitlines() if f"error {EQ}" in line] == [
        "fixtures/deck.yaml", "fixtures/other.yaml"]
    assert os.path.exists(name)
