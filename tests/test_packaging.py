"""The rules ship with the package: a wheel holds rules/ as auditor.default_rules, and an installed tool
checks a repository that has no rules of its own. Also the packaged + local layering by rule id."""

from __future__ import annotations

import os
import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path

import pytest

from auditor.cli import main
from auditor.ruleset import load_rules, packaged_rules_dir
from conftest import RULES

ROOT = Path(__file__).resolve().parents[1]


def run(*argv) -> tuple[int, str, str]:
    from click.testing import CliRunner

    from auditor.cli import cli

    result = CliRunner().invoke(cli, [str(arg) for arg in argv])
    return result.exit_code, result.stdout, result.stderr


def listed(output: str) -> dict[str, str]:
    """``iij-audit rules`` output: rule id -> origin column."""
    return {line.split()[0]: line.split()[3] for line in output.splitlines()}


# -- the project's packaging ------------------------------------------------------------------------------
def test_every_package_directory_is_listed_in_pyproject():
    """Packages are listed by hand (a mapped directory is not found by packages.find): a new subpackage
    left out of the list would be missing from the wheel while the editable install still works."""
    settings = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]
    packages = set(settings["packages"])
    on_disk = {".".join(path.parent.relative_to(ROOT).parts) for path in (ROOT / "auditor").rglob("__init__.py")}
    assert on_disk <= packages
    assert settings["package-dir"] == {"auditor.default_rules": "rules"}
    assert settings["package-data"]["auditor.default_rules"] == ["*.yaml"]


def test_the_checkout_finds_its_rules_as_the_packaged_ones():
    assert os.path.samefile(packaged_rules_dir(), RULES)


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    built = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", str(ROOT), "-w", str(out)],
                           capture_output=True, text=True, timeout=600)
    assert built.returncode == 0, built.stdout + built.stderr
    (path,) = out.glob("iij_audit-*.whl")
    return path


def test_the_wheel_holds_the_rules_and_every_module(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    for rule_file in RULES.glob("*.yaml"):
        assert f"auditor/default_rules/{rule_file.name}" in names
    for module in (ROOT / "auditor").rglob("*.py"):
        assert module.relative_to(ROOT).as_posix() in names
    assert not any(name.startswith(("rules/", "tests/", "fixtures/")) for name in names)


@pytest.fixture(scope="module")
def installed(wheel, tmp_path_factory) -> Path:
    """A scratch virtual environment with the wheel installed; its dependencies are this environment's
    (a .pth line), so nothing is fetched. This checkout's editable finder is not on that path."""
    venv = tmp_path_factory.mktemp("venv")
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True, timeout=300)
    site = next((venv / "lib").glob("python*/site-packages"))
    ours = next(path for path in sys.path if path.endswith("site-packages") and Path(path, "click").is_dir())
    (site / "dependencies.pth").write_text(ours + "\n")
    subprocess.run([sys.executable, "-m", "pip", "--python", str(venv / "bin" / "python"), "install", "--no-deps",
                    "-q", str(wheel)], check=True, capture_output=True, timeout=600)
    return venv


def installed_run(venv: Path, cwd: Path, *argv: str) -> subprocess.CompletedProcess:
    env = {key: value for key, value in os.environ.items() if key not in ("PYTHONPATH", "IIJ_AUDIT_CACHE_DIR")}
    return subprocess.run([str(venv / "bin" / "iij-audit"), *argv], cwd=cwd, capture_output=True, text=True,
                          env=env, timeout=300)


def test_the_installed_tool_lists_the_packaged_rules_from_an_empty_directory(installed, tmp_path):
    result = installed_run(installed, tmp_path, "rules")
    assert result.returncode == 0, result.stderr
    origins = listed(result.stdout)
    assert set(origins) == {rule.id for rule in load_rules(str(RULES)).rules}
    assert set(origins.values()) == {"packaged"}
    explained = installed_run(installed, tmp_path, "explain", "pl-gross-margin")
    defined_at = next(line for line in explained.stdout.splitlines() if "defined at" in line)
    assert f"{installed}" in defined_at and "/auditor/default_rules/pl.yaml:" in defined_at


def test_the_installed_tool_checks_a_repository_with_only_fixtures(installed, tmp_path):
    fixtures = tmp_path / "fixtures"
    (fixtures / "decks").mkdir(parents=True)
    (fixtures / "decks" / "deck.txt").write_text("Results\n1Q11\t23.4\t18.9\t4.8\n")
    (fixtures / "deck.yaml").write_text(
        "document: decks/deck.txt\nfacts:\n"
        '  - {id: t.rev, concept: revenue, period: 1Q11, value: "23.4", unit: JPY billion, line: 2, label: 1Q11}\n'
        '  - {id: t.cost, concept: cost_of_revenue, period: 1Q11, value: "18.9", unit: JPY billion, line: 2, label: 1Q11}\n'
        '  - {id: t.gm, concept: gross_margin, period: 1Q11, value: "4.8", unit: JPY billion, line: 2, label: 1Q11}\n')
    result = installed_run(installed, tmp_path, "check", "--no-cache", "--no-diagnose")
    assert result.returncode == 1, result.stdout + result.stderr
    assert "fixtures/deck.yaml:3: error pl-gross-margin" in result.stdout


# -- packaged + local rules -------------------------------------------------------------------------------
LOCAL_RULES = """concepts:
  widgets: {kind: count}
rules:
  - id: pl-gross-margin
    title: Gross margin, the local way
    rationale: The repository's own reading.
    kind: equation
    check: revenue >= gross_margin
  - id: widgets-nonnegative
    title: Widgets are not negative
    rationale: A count.
    kind: equation
    check: widgets >= 0
"""


@pytest.fixture
def project(tmp_path, monkeypatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_without_local_rules_the_packaged_ones_apply(project):
    code, out, err = run("rules")
    assert code == 0, err
    assert set(listed(out).values()) == {"packaged"}
    assert len(listed(out)) == len(load_rules(str(RULES)).rules)


def test_local_rules_add_and_override_by_id(project):
    (project / "rules").mkdir()
    (project / "rules" / "mine.yaml").write_text(LOCAL_RULES)
    code, out, err = run("rules")
    assert code == 0, err
    origins = listed(out)
    assert origins["pl-gross-margin"] == "overriding" and origins["widgets-nonnegative"] == "local"
    assert origins["provenance"] == "packaged"
    assert len(origins) == len(load_rules(str(RULES)).rules) + 1
    ruleset = load_rules()
    rule = ruleset.by_id("pl-gross-margin")
    assert (rule.title, rule.path, rule.line) == ("Gross margin, the local way", os.path.join("rules", "mine.yaml"), 4)
    assert "widgets" in ruleset.vocabulary.concepts and "revenue" in ruleset.vocabulary.concepts
    # the override keeps the packaged rule's place; new rules follow the packaged ones
    ids = [rule.id for rule in ruleset.rules]
    packaged_ids = [rule.id for rule in load_rules(str(RULES)).rules]
    assert ids == packaged_ids + ["widgets-nonnegative"]


def test_a_copy_of_the_packaged_rules_overrides_them_all(project):
    """A repository that copied rules/ (as the README once said) still loads: restating the packaged
    vocabulary word for word is not a redefinition."""
    import shutil

    shutil.copytree(RULES, project / "rules")
    code, out, err = run("rules")
    assert code == 0, err
    assert set(listed(out).values()) == {"overriding"}


def test_a_local_vocabulary_name_defined_differently_is_an_error(project):
    (project / "rules").mkdir()
    (project / "rules" / "vocabulary.yaml").write_text("concepts:\n  revenue: {kind: stock}\n")
    code, out, err = run("rules")
    assert code == 2
    assert err.startswith(os.path.join("rules", "vocabulary.yaml") + ":2: concept 'revenue' is already defined in ")
    assert "default_rules/vocabulary.yaml:" in err or f"{RULES}/vocabulary.yaml:" in err


def test_a_local_default_entity_other_than_the_packaged_one_is_an_error(project):
    (project / "rules").mkdir()
    (project / "rules" / "vocabulary.yaml").write_text("default_entity: ACME\nentities:\n  ACME: {}\n")
    code, out, err = run("rules")
    assert code == 2
    assert err.startswith(os.path.join("rules", "vocabulary.yaml") + ":1: default_entity is already set in ")


def test_duplicate_ids_inside_the_local_rules_stay_errors(project):
    (project / "rules").mkdir()
    (project / "rules" / "a.yaml").write_text(LOCAL_RULES)
    (project / "rules" / "b.yaml").write_text(LOCAL_RULES.split("rules:\n", 1)[0].replace("widgets", "gadgets")
                                                + "rules:\n" + LOCAL_RULES.split("rules:\n", 1)[1])
    code, out, err = run("rules")
    assert code == 2
    assert f"{os.path.join('rules', 'b.yaml')}:4: duplicate rule id 'pl-gross-margin' (first defined at " in err


def test_rules_named_are_the_whole_ruleset(project):
    """--rules PATH replaces the default: only PATH's rules (and vocabulary)."""
    (project / "own").mkdir()
    (project / "own" / "vocabulary.yaml").write_text((RULES / "vocabulary.yaml").read_text())
    (project / "own" / "mine.yaml").write_text(LOCAL_RULES.replace("concepts:\n  widgets: {kind: count}\n", "")
                                               .split("  - id: widgets")[0])
    code, out, err = run("rules", "--rules", "own")
    assert code == 0, err
    assert listed(out) == {"pl-gross-margin": "local"}


def test_a_local_rules_entry_that_is_not_a_directory_or_file_is_an_error(project):
    (project / "rules").symlink_to("/etc")
    code, out, err = run("rules")
    assert code == 2
    assert err.startswith("rules: symbolic link pointing outside")


def test_main_runs_check_with_packaged_rules_in_a_fixtures_only_project(project, capsys):
    (project / "fixtures" / "decks").mkdir(parents=True)
    (project / "fixtures" / "decks" / "d.txt").write_text("Results\n1Q11\t23.4\n")
    (project / "fixtures" / "d.yaml").write_text(
        'document: decks/d.txt\nfacts:\n  - {id: d.rev, concept: revenue, period: 1Q11, value: "23.4", '
        "unit: JPY billion, line: 2, label: 1Q11}\n")
    assert main(["check", "--no-cache"]) == 0
    out = capsys.readouterr().out
    assert "1 facts from 1 document(s)" in out
