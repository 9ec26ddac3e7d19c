"""Run every rule over the indexed figures and collect checks, skips and per-rule counts."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from sys import intern

from auditor.collector import collector_paused
from auditor.index import Index
from auditor.kinds import KINDS
from auditor.model import Dataset
from auditor.results import Check, Skip
from auditor.ruleset import Rule, RuleSet


@dataclass
class RuleStats:
    rule: Rule
    run: int = 0
    passed: int = 0
    failed: int = 0
    waived: int = 0
    skipped: int = 0
    skip_reasons: Counter = field(default_factory=Counter)


@dataclass
class Outcome:
    dataset: Dataset
    ruleset: RuleSet
    checks: list[Check]
    skips: list[Skip]
    stats: dict[str, RuleStats]
    stale_waivers: list = field(default_factory=list)
    focus: set[str] | None = None  # fixture paths whose findings are reported; None = all
    show_waived: bool = True  # whether the terse text output lists waived findings
    causes: dict = field(default_factory=dict)  # id(check) -> likely cause (auditor.diagnosis)
    derived: list = field(default_factory=list)  # figures no fact prints but the printed ones force
    diagnosis: dict | None = None  # when the diagnosis budget ran out: findings, diagnosed, budget
    index: Index | None = None  # the figures the rules ran on, for the diagnosis
    coverage: object = None  # auditor.coverage.Coverage, once a report or --strict asked for it

    @property
    def findings(self) -> list[Check]:
        return [check for check in self.checks if not check.passed]

    @property
    def reported(self) -> list[Check]:
        """Failed and waived checks, narrowed to the focus files when there is a focus."""
        return [check for check in self.findings
                if self.focus is None or any(fact.fixture in self.focus for fact in check.facts)]

    @property
    def failing(self) -> list[Check]:
        return [check for check in self.reported if check.status == "failed"]


def evaluate(ruleset: RuleSet, dataset: Dataset, only: set[str] | None = None) -> Outcome:
    with collector_paused():
        return evaluate_rules(ruleset, dataset, only)


def evaluate_rules(ruleset: RuleSet, dataset: Dataset, only: set[str] | None) -> Outcome:
    index = Index(dataset, ruleset.vocabulary)
    checks: list[Check] = []
    skips: list[Skip] = []
    stats: dict[str, RuleStats] = {}
    for rule in ruleset.rules:
        if only is not None and rule.id not in only:
            continue
        stat = stats[rule.id] = RuleStats(rule)
        kind = KINDS[rule.kind]
        for result in kind.evaluate(rule, rule.params, index):
            if isinstance(result, Skip):
                skips.append(result)
                stat.skipped += 1
                stat.skip_reasons[result.reason] += 1
                continue
            checks.append(result)
            stat.run += 1
            if result.passed:
                stat.passed += 1
                forget_details(result)
            else:
                result.status = "failed"
                stat.failed += 1
    checks.sort(key=Check.sort_key)
    return Outcome(dataset, ruleset, checks, skips, stats, index=index)


def forget_details(check: Check) -> None:
    """Keep of a passed check what reports show of it (rule, facts, subject): its relation text and
    intervals are shown only for findings, and at 100k facts they would be a fifth of the memory."""
    check.status = "passed"
    check.message = intern(check.message)
    check.check = ""
    check.expected = check.reported = None


def count_waived(outcome: Outcome) -> None:
    """Move waived checks from the failed to the waived count of their rule."""
    for check in outcome.checks:
        if check.status == "waived":
            stat = outcome.stats[check.rule_id]
            stat.failed -= 1
            stat.waived += 1
