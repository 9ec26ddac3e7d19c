"""The hooks with the real pre-commit package, in a temporary git repository holding only figures
(fixtures and their decks: no rules, no configuration), as a consumer repository does.

The hooks are built from this project's .pre-commit-hooks.yaml (id, entry, files, ...); only the language
is switched to ``system`` and the entry pointed at this interpreter, so pre-commit does not have to build a
virtual environment from the network. The rules come from the package.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
DECK = "Results\n\tRevenue\tCost\tGross margin\n1Q11\t23.4\t18.9\t4.5\n"
FIXTURE = """document: decks/deck.txt
facts:
  - {id: t.revenue, concept: revenue, period: 1Q11, value: "23.4", unit: JPY billion, line: 3, label: 1Q11}
  - {id: t.cost, concept: cost_of_revenue, period: 1Q11, value: "18.9", unit: JPY billion, line: 3, label: 1Q11}
  - {id: t.margin, concept: gross_margin, period: 1Q11, value: "4.5", unit: JPY billion, line: 3, label: 1Q11}
"""

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is needed")


def hook_config() -> str:
    hooks = []
    for hook in yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text()):
        hook = dict(hook)
        hook["language"] = "system"
        hook["entry"] = hook["entry"].replace("iij-audit", f"{sys.executable} -m auditor", 1)
        hooks.append(hook)
    assert {hook["id"] for hook in hooks} == {"iij-audit", "iij-audit-validate"}
    return yaml.safe_dump({"repos": [{"repo": "local", "hooks": hooks}]})


def git(repo: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess:
    env = {**os.environ, "PRE_COMMIT_HOME": str(repo.parent / "pre-commit-home"),
           "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org",
           "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.org"}
    return subprocess.run(["git", *args], cwd=repo, env=env, capture_output=True, text=True, check=check)


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    repo = tmp_path / "figures"
    (repo / "fixtures" / "decks").mkdir(parents=True)
    (repo / "fixtures" / "decks" / "deck.txt").write_text(DECK)
    (repo / "fixtures" / "deck.yaml").write_text(FIXTURE)
    (repo / ".pre-commit-config.yaml").write_text(hook_config())
    git(repo, "init", "-q")
    subprocess.run([sys.executable, "-m", "pre_commit", "install"], cwd=repo, check=True,
                   capture_output=True, env={**os.environ, "PRE_COMMIT_HOME": str(tmp_path / "pre-commit-home")})
    git(repo, "add", "-A")
    first = git(repo, "commit", "-m", "figures", check=False)
    assert first.returncode == 0, first.stdout + first.stderr
    assert "Passed" in first.stdout + first.stderr  # the hooks ran on the first commit and passed
    return repo


def commit(repo: Path, message: str) -> tuple[int, str]:
    git(repo, "add", "-A")
    result = git(repo, "commit", "-m", message, check=False)
    return result.returncode, result.stdout + result.stderr


def hook_lines(output: str) -> dict[str, str]:
    """Each hook's status line ("iij-audit check....Failed") by the hook's name."""
    found = {}
    for line in output.splitlines():
        for name in ("iij-audit check", "iij-audit validate"):
            if line.startswith(name + "."):
                found[name] = line.rsplit(".", 1)[-1].strip()
    return found


def test_bad_edit_blocks_the_commit_and_prints_the_finding(repo: Path) -> None:
    fixture = repo / "fixtures" / "deck.yaml"
    deck = repo / "fixtures" / "decks" / "deck.txt"
    # The deck and the data agree on a cost that breaks revenue = cost + gross margin.
    deck.write_text(DECK.replace("18.9", "19.9"))
    fixture.write_text(FIXTURE.replace('"18.9"', '"19.9"'))
    git(repo, "add", "-A")
    result = git(repo, "commit", "-m", "bad edit", check=False)
    output = result.stdout + result.stderr
    assert result.returncode != 0
    assert "iij-audit check" in output and "Failed" in output
    assert "pl-gross-margin" in output and "fixtures/deck.yaml" in output
    assert git(repo, "log", "--oneline").stdout.count("\n") == 1  # nothing was committed


def test_good_edit_passes(repo: Path) -> None:
    fixture = repo / "fixtures" / "deck.yaml"
    fixture.write_text(FIXTURE.replace("label: 1Q11}", "label: 1Q11, note: checked}", 1))
    git(repo, "add", "-A")
    result = git(repo, "commit", "-m", "good edit", check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    output = result.stdout + result.stderr
    assert "iij-audit check" in output and "Passed" in output


def test_the_consumer_repository_holds_no_rules(repo: Path) -> None:
    assert not (repo / "rules").exists()
    assert sorted(path.name for path in repo.iterdir() if path.name != ".git") == [
        ".pre-commit-config.yaml", "fixtures"]


def test_a_deck_edit_that_breaks_provenance_blocks_the_commit(repo: Path) -> None:
    """Only the deck changes: the cited line no longer prints the fact's 18.9."""
    deck = repo / "fixtures" / "decks" / "deck.txt"
    deck.write_text(DECK.replace("18.9", "18.8"))
    code, output = commit(repo, "deck edit")
    assert code != 0
    assert hook_lines(output) == {"iij-audit check": "Failed", "iij-audit validate": "Failed"}
    assert "provenance" in output and "fixtures/deck.yaml:" in output and "t.cost" in output
    assert git(repo, "log", "--oneline").stdout.count("\n") == 1


def test_a_wrong_figure_edit_blocks_the_commit(repo: Path) -> None:
    """The fixture's figure no longer matches its deck: provenance (both hooks) and the equation fail."""
    fixture = repo / "fixtures" / "deck.yaml"
    fixture.write_text(FIXTURE.replace('"18.9"', '"19.9"'))
    code, output = commit(repo, "wrong figure")
    assert code != 0
    assert hook_lines(output) == {"iij-audit check": "Failed", "iij-audit validate": "Failed"}
    assert "pl-gross-margin" in output and "fixtures/deck.yaml:" in output


def test_a_deck_edit_that_keeps_provenance_passes(repo: Path) -> None:
    deck = repo / "fixtures" / "decks" / "deck.txt"
    deck.write_text(DECK + "Notes\tunaudited\n")
    code, output = commit(repo, "deck note")
    assert code == 0, output
    assert hook_lines(output) == {"iij-audit check": "Passed", "iij-audit validate": "Passed"}
