"""Shared helpers: build a tiny dataset (deck text + fixture YAML, optionally rules and waivers) in
``tmp_path`` and run the CLI on it.

Layout of a workspace::

    tmp_path/fx/decks/deck.txt      the "deck" (source text)
    tmp_path/fx/deck.yaml           fixture citing it (document: decks/deck.txt)
    tmp_path/fx/waivers.yaml        optional
    tmp_path/rules/*.yaml           optional custom rules (kept outside fx so they are not read as fixtures)

Most tests run the project's real rules (``RULES``) restricted with ``--rule RULE-ID``.
"""

from __future__ import annotations

import json
import re
import shutil
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path

import pytest
import yaml

from auditor.cli import main

PROJECT = Path(__file__).resolve().parents[1]
RULES = PROJECT / "rules"
FIXTURES = PROJECT / "fixtures"


@dataclass
class Result:
    code: int
    out: str
    err: str

    @property
    def json(self) -> dict:
        return json.loads(self.out)

    @property
    def findings(self) -> list[dict]:
        return self.json["findings"]

    def finding_lines(self, rule_id: str) -> list[str]:
        """Text-report lines of findings of ``rule_id`` (``path:line: severity rule message [...]``)."""
        pattern = re.compile(rf": (error|warning)( \(waived\))? {re.escape(rule_id)} ")
        return [line for line in self.out.splitlines() if pattern.search(line)]

    def __str__(self) -> str:  # shown by pytest when an assertion fails
        return f"exit {self.code}\n--- stdout\n{self.out}\n--- stderr\n{self.err}"


def dump_yaml(data) -> str:
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=1000)


def fraction(text: str) -> Fraction:
    return Fraction(text)


class Workspace:
    """A small dataset on disk plus a runner for ``auditor.cli.main``."""

    def __init__(self, root: Path, capsys) -> None:
        self.root = root
        self.fx = root / "fx"
        self.decks = self.fx / "decks"
        self.rules_dir = root / "rules"
        self.decks.mkdir(parents=True)
        self._capsys = capsys

    # -- writing input -------------------------------------------------------------------------
    def deck(self, lines: list[str] | str, name: str = "deck.txt") -> str:
        """Write a deck; ``lines`` are 1-based line 1, 2, ...; returns the path relative to fx."""
        text = lines if isinstance(lines, str) else "\n".join(lines) + "\n"
        (self.decks / name).write_text(text, encoding="utf-8")
        return f"decks/{name}"

    def fixture(self, facts: list[dict], name: str = "deck.yaml", document: str = "decks/deck.txt",
                claims: list[dict] | None = None, rounding: str | None = None,
                defaults: dict | None = None) -> Path:
        data: dict = {"document": document, "title": f"test fixture {name}"}
        if rounding:
            data["rounding"] = rounding
        if defaults:
            data["defaults"] = defaults
        data["facts"] = facts
        if claims:
            data["claims"] = claims
        path = self.fx / name
        path.write_text(dump_yaml(data), encoding="utf-8")
        return path

    def waivers(self, waivers: list[dict] | str, name: str = "waivers.yaml") -> Path:
        path = self.fx / name
        text = waivers if isinstance(waivers, str) else dump_yaml({"waivers": waivers})
        path.write_text(text, encoding="utf-8")
        return path

    def rules(self, text: str, name: str = "rules.yaml", with_vocabulary: bool = True) -> Path:
        """Write a custom rule file into a rule directory that also holds the real vocabulary."""
        self.rules_dir.mkdir(exist_ok=True)
        if with_vocabulary:
            for vocab in RULES.glob("vocabulary*.yaml"):
                shutil.copy(vocab, self.rules_dir / vocab.name)
        (self.rules_dir / name).write_text(text, encoding="utf-8")
        return self.rules_dir

    # -- running -------------------------------------------------------------------------------
    def run(self, *argv) -> Result:
        self._capsys.readouterr()
        code = main([str(arg) for arg in argv])
        out, err = self._capsys.readouterr()
        return Result(code, out, err)

    def check(self, *rule_ids: str, fmt: str = "text", rules: Path | str = RULES, extra: tuple = ()) -> Result:
        argv = ["check", "--rules", rules, "--fixtures", self.fx, "--format", fmt]
        for rule_id in rule_ids:
            argv += ["--rule", rule_id]
        return self.run(*argv, *extra)


@pytest.fixture(autouse=True, scope="session")
def shared_cache(tmp_path_factory):
    """One fact cache for the whole session, outside the project: tests that load the same files twice
    take the cached path, and a test that edits a file checks that the edit is seen."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("IIJ_AUDIT_CACHE_DIR", str(tmp_path_factory.mktemp("cache")))
        yield


@pytest.fixture(autouse=True)
def plain_text_output(monkeypatch):
    """The text reporter switches to GitHub annotations under GitHub Actions; tests want the plain one."""
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)


@pytest.fixture
def ws(tmp_path, capsys) -> Workspace:
    return Workspace(tmp_path, capsys)


@pytest.fixture
def run(capsys):
    """``run(argv) -> Result`` around ``auditor.cli.main``."""

    def _run(*argv) -> Result:
        capsys.readouterr()
        code = main([str(arg) for arg in argv])
        out, err = capsys.readouterr()
        return Result(code, out, err)

    return _run


# A standard 1Q11 P&L table in JPY billion: used by several modules.
PL_DECK = [
    "IIJ 1Q FY2011 consolidated results",                          # 1
    "Unit: JPY billion",                                           # 2
    "\t1Q11 (11/4~11/6)\t1Q10 (10/4~10/6)\tYoY",                   # 3
    "Total Revenues\t23.4\t15.8\t47.7%",                           # 4
    "Total Costs\t<i>80.7%</i> 18.9\t<i>80.9%</i> 12.8\t47.5%",    # 5
    "Gross Margin\t<i>19.3%</i> 4.5\t<i>19.1%</i> 3.0\t48.8%",     # 6
]


def pl_level(concept: str, period: str, value: str, line: int, label: str, **extra) -> dict:
    fact = {"id": f"t.pl.{concept}.{period.lower()}", "concept": concept, "period": period, "value": value,
            "unit": "JPY billion", "line": line, "label": label, "header": 3}
    fact.update(extra)
    return fact


def assert_one_finding(result: Result, rule_id: str, *needles: str) -> str:
    """Exactly one text finding of ``rule_id``, containing every needle; returns its line."""
    lines = result.finding_lines(rule_id)
    assert len(lines) == 1, str(result)
    for needle in needles:
        assert needle in lines[0], f"{needle!r} not in {lines[0]!r}"
    return lines[0]


def assert_clean(result: Result, rule_id: str, checks: int | None = None) -> None:
    """Exit 0, no finding, and (when given) the rule ran ``checks`` checks (from the JSON report)."""
    assert result.code == 0, str(result)
    data = result.json
    assert data["findings"] == [], str(result)
    stats = {rule["id"]: rule for rule in data["rules"]}
    assert stats[rule_id]["failed"] == 0
    if checks is not None:
        assert stats[rule_id]["checks"] == checks, str(result)
    else:
        assert stats[rule_id]["checks"] >= 1, str(result)
