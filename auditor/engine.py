"""Run every rule over the indexed figures and collect checks, skips and per-rule counts.

:func:`evaluate` is the evaluation step alone (the diagnosis re-runs it per hypothesis); a whole run,
with waivers, focus and causes, is :func:`auditor.pipeline.run`. Everything it returns is immutable."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field, replace
from sys import intern
from types import MappingProxyType

from auditor.collector import collector_paused
from auditor.index import Index
from auditor.kinds import KINDS
from auditor.model import Dataset
from auditor.results import Check, Skip
from auditor.ruleset import Rule, RuleSet


@dataclass(frozen=True)
class RuleStats:
    rule: Rule
    run: int = 0
    passed: int = 0
    failed: int = 0
    waived: int = 0
    skipped: int = 0
    skip_reasons: MappingProxyType = field(default_factory=lambda: MappingProxyType({}))


@dataclass(frozen=True)
class Evaluation:
    """The checks and skips of one evaluation, in report order, with the counts per rule that ran."""

    dataset: Dataset
    ruleset: RuleSet
    checks: tuple[Check, ...]
    skips: tuple[Skip, ...]
    stats: MappingProxyType  # rule id -> RuleStats, in rule order
    index: Index  # the figures the rules ran on, for the diagnosis

    @property
    def findings(self) -> list[Check]:
        return [check for check in self.checks if not check.passed]


def evaluate(ruleset: RuleSet, dataset: Dataset, only: set[str] | None = None) -> Evaluation:
    with collector_paused():
        return evaluate_rules(ruleset, dataset, only)


def evaluate_rules(ruleset: RuleSet, dataset: Dataset, only: set[str] | None) -> Evaluation:
    index = Index(dataset, ruleset.vocabulary)
    checks: list[Check] = []
    skips: list[Skip] = []
    stats: dict[str, RuleStats] = {}
    for rule in ruleset.rules:
        if only is not None and rule.id not in only:
            continue
        run = passed = 0
        reasons: Counter = Counter()
        for result in KINDS[rule.kind].evaluate(rule, rule.params, index):
            if isinstance(result, Skip):
                skips.append(result)
                reasons[result.reason] += 1
                continue
            run += 1
            passed += result.passed
            checks.append(passed_record(result) if result.passed else failed_record(result))
        stats[rule.id] = RuleStats(rule, run, passed, run - passed, 0, reasons.total(),
                                   MappingProxyType(dict(reasons)))
    checks.sort(key=Check.sort_key)
    return Evaluation(dataset, ruleset, tuple(checks), tuple(skips), MappingProxyType(stats), index)


def passed_record(check: Check) -> Check:
    """What reports show of a passed check (rule, facts, subject): its relation text and intervals are
    shown only for findings, and at 100k facts they would be a fifth of the memory. A new record, built
    directly rather than with ``dataclasses.replace``, which costs several times more per check."""
    return Check(check.rule_id, True, check.facts, intern(check.message), None, None, check.dimension, "",
                 "passed", None, check.about, check.undecidable)


def failed_record(check: Check) -> Check:
    """A finding keeps everything its kind gave it (where its wording stands, why it is only a warning)."""
    return replace(check, passed=False, status="failed")
