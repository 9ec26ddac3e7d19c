"""One run of the audit, as a plain function: load, evaluate, waive, diagnose, derive.

:func:`run` takes :class:`Options` and returns a :class:`Report`; the ``check`` command, ``validate``,
``baseline``, ``test-rules``, the benchmarks and the tests all call it (or :func:`run_loaded`, the same
run over a rule set and dataset already in memory). Reporters only read a report.

The result is immutable. The engine yields checks with their status; this module builds each finding's
final record in one step (status, waiver reason and likely cause, ``dataclasses.replace``), then the
report, once. Nothing is assigned to a check or a report afterwards.
"""

from __future__ import annotations

import dataclasses
import datetime
import os
from dataclasses import dataclass, field, replace
from functools import cached_property
from types import MappingProxyType

from auditor import engine
from auditor.errors import InputError, InputErrors
from auditor.loader import load_dataset
from auditor.model import Dataset
from auditor.paths import entry_problem, named_problem
from auditor.results import Check, Skip
from auditor.ruleset import RuleSet, load_rules
from auditor.waivers import Waiver, load_waivers, waiver_verdicts


@dataclass(frozen=True)
class Options:
    """Everything a run depends on; the defaults are the ``check`` command's."""

    rules: str | None = None  # rule file or directory; None: the packaged rules (plus ./rules)
    paths: tuple[str, ...] = ("fixtures",)  # what to load: fixture files and directories
    fixtures: str = "fixtures"  # the dataset directory: the default waivers file must lie inside it
    focus: frozenset[str] | None = None  # fixture paths whose findings are reported; None: all
    focus_documents: tuple[str, ...] = ()  # decks named: the fixtures citing them join the focus (if any)
    waivers: str | None = None  # waivers file; None: no waivers
    waivers_named: bool = False  # named on the command line (may lie anywhere in the project)
    waivers_need_reasons: bool = True  # False for ``baseline``, which appends waivers without one
    only_rules: tuple[str, ...] = ()  # run only these rules (empty: all)
    excluded_rules: tuple[str, ...] = ()  # then leave these out
    show_waived: bool = True  # the terse text output lists waived findings
    diagnose: bool = True  # likely causes of the findings (when there are any to show)
    diagnose_waived: bool = False  # also when every reported finding is waived (reports that list them)
    derive: bool = False  # the derived figures (the JSON and HTML reports show them)
    diagnosis_budget: int | None = None  # checks the diagnosis may re-evaluate; None: default, 0: no limit
    propagation_budget: int | None = None  # constraint solves of the propagation; None: default, 0: no limit
    today: datetime.date = field(default_factory=datetime.date.today)  # for waiver expiry
    cache_dir: str | None = None  # fixture cache; None: load every file afresh


@dataclass(frozen=True)
class DiagnosisInfo:
    """What the diagnosis did: how many of the findings it was asked to explain got a cause within its
    budget, and the work it spent (checks re-evaluated)."""

    findings: int
    diagnosed: int
    budget: int  # 0: no limit
    spent: int
    propagation_budget: int = 0  # constraint solves the propagation was allowed (0: no limit)
    propagated: bool = True  # False: that budget stopped the propagation before its fixpoint

    @property
    def complete(self) -> bool:
        return self.diagnosed == self.findings

    def as_dict(self) -> dict:
        """What the JSON report says when the budget ran out (``spent`` depends on nothing a reader
        needs, so it stays out); the propagation's budget only when it ran out."""
        entry = {"findings": self.findings, "diagnosed": self.diagnosed, "budget": self.budget}
        if not self.propagated:
            entry["propagation_budget"] = self.propagation_budget
        return entry


@dataclass(frozen=True)
class Report:
    """The result of one run, built once: what every reporter reads."""

    dataset: Dataset
    ruleset: RuleSet
    checks: tuple[Check, ...]  # every check in report order; findings with status, waiver and cause
    skips: tuple[Skip, ...]
    stats: MappingProxyType  # rule id -> engine.RuleStats (with the waived counts)
    stale_waivers: tuple[Waiver, ...] = ()
    focus: frozenset[str] | None = None  # fixture paths whose findings are reported; None: all
    show_waived: bool = True
    derived: tuple = ()  # figures no fact prints but the printed ones force (auditor.diagnosis.Derived)
    diagnosis: DiagnosisInfo | None = None  # None when no diagnosis ran
    notes: tuple[str, ...] = ()  # for stderr: named decks that no fixture cites

    @property
    def findings(self) -> list[Check]:
        return [check for check in self.checks if not check.passed]

    @cached_property
    def coverage(self):
        """What the run covered (auditor.coverage.Coverage), computed when a report or ``--strict`` asks."""
        from auditor.coverage import of_report

        return of_report(self)

    @property
    def reported(self) -> list[Check]:
        """Failed and waived checks, narrowed to the focus files when there is a focus."""
        return [check for check in self.findings if in_focus(check, self.focus)]

    @property
    def failing(self) -> list[Check]:
        return [check for check in self.reported if check.status == "failed"]


class UnknownRules(Exception):
    """``only_rules`` or ``excluded_rules`` names rules the rule set lacks; the caller says where."""

    def __init__(self, option: str, ids: list[str]) -> None:
        super().__init__(f"unknown rule(s): {', '.join(ids)}")
        self.option, self.ids = option, ids


def in_focus(check: Check, focus) -> bool:
    return focus is None or any(fact.fixture in focus for fact in check.facts)


def load(rules_path: str | None, paths, cache_dir: str | None = None, candidates=()):
    """Rules and fixtures; when the rules are bad but the vocabulary is not, fixture errors are reported
    in the same run."""
    try:
        ruleset = load_rules(rules_path)
    except InputErrors as failure:
        if failure.vocabulary is not None:
            try:
                load_dataset(list(paths), failure.vocabulary, candidates=list(candidates))
            except InputErrors as more:
                raise InputErrors(failure.errors + more.errors) from None
        raise
    return ruleset, load_dataset(list(paths), ruleset.vocabulary, cache_dir, list(candidates))


def run(options: Options) -> Report:
    ruleset, dataset = load(options.rules, options.paths, options.cache_dir)
    return run_loaded(ruleset, dataset, options, from_files=True)


def run_loaded(ruleset: RuleSet, dataset: Dataset, options: Options | None = None,
               from_files: bool = False) -> Report:
    """The run over a rule set and dataset in memory: select, waive, evaluate, diagnose, derive.
    ``from_files``: the dataset is the rule and fixture files' as they are on disk, so the explain step
    may come from the cache (``options.cache_dir``)."""
    options = options or Options()  # built per call: its ``today`` is the day of the run
    selected = selected_rules(ruleset, options)
    focus, notes = focus_of(dataset, options)
    waivers = waivers_of(ruleset, dataset, options)
    evaluation = engine.evaluate(ruleset, dataset, selected)
    findings = evaluation.findings
    verdicts, stale = waiver_verdicts(findings, waivers, options.today)
    stale = [waiver for waiver in stale if selected is None or waiver.rule in selected]
    reported = [n for n, check in enumerate(findings) if in_focus(check, focus)]
    causes, derived, info = [None] * len(findings), (), None
    if options.diagnose and wants_diagnosis(options, [verdicts[n] for n in reported]):
        causes, derived, info = cached_explain(evaluation, findings, reported, options, from_files)
    final = iter([replace(check, status=verdict.status, waiver_reason=verdict.reason, cause=cause)
                  for check, verdict, cause in zip(findings, verdicts, causes)])
    checks = tuple(check if check.passed else next(final) for check in evaluation.checks)
    return Report(dataset, ruleset, checks, evaluation.skips, counted(evaluation.stats, verdicts, findings),
                  tuple(stale), focus, options.show_waived, derived, info, notes)


def selected_rules(ruleset: RuleSet, options: Options) -> set[str] | None:
    """The rules to run (None: all): ``only_rules`` less ``excluded_rules``."""
    for option, ids in (("only_rules", options.only_rules), ("excluded_rules", options.excluded_rules)):
        unknown = [rule_id for rule_id in ids if ruleset.by_id(rule_id) is None]
        if unknown:
            raise UnknownRules(option, unknown)
    if not options.only_rules and not options.excluded_rules:
        return None
    return (set(options.only_rules) or {rule.id for rule in ruleset.rules}) - set(options.excluded_rules)


def focus_of(dataset: Dataset, options: Options) -> tuple[frozenset[str] | None, tuple[str, ...]]:
    """The focus with the fixtures citing the named decks, and a note for each deck that none cites (a
    hook run on a deck that nothing records yet passes for a reason the user can see)."""
    if not options.focus_documents:
        return options.focus, ()
    wanted = {os.path.realpath(path): path for path in options.focus_documents}
    items = [*dataset.facts, *dataset.claims]
    cited = {os.path.realpath(item.document.path) for item in items}
    notes = tuple(f"{path}: no fixture cites this file; nothing in it is checked"
                  for real, path in wanted.items() if real not in cited)
    citing = {item.fixture for item in items if os.path.realpath(item.document.path) in wanted}
    return None if options.focus is None else frozenset(options.focus | citing), notes


def waivers_of(ruleset: RuleSet, dataset: Dataset, options: Options) -> list[Waiver]:
    """The waivers, read only from a regular file: the default one inside the fixture directory, one
    named on the command line inside the project."""
    path = options.waivers
    if path is None:
        return []
    problem = named_problem(path) if options.waivers_named else entry_problem(path, options.fixtures)
    if problem:
        raise InputError(path, None, problem)
    return load_waivers(path, {rule.id for rule in ruleset.rules}, {fact.id for fact in dataset.facts},
                        options.waivers_need_reasons)


def wants_diagnosis(options: Options, reported) -> bool:
    """Diagnosis re-evaluates the rules per hypothesis, so it runs only when there is something to
    explain: a failing finding, or a report that lists waived ones too."""
    return any(v.status == "failed" for v in reported) or (options.diagnose_waived and bool(reported))


def cached_explain(evaluation, findings: list[Check], reported: list[int], options: Options, from_files: bool):
    """:func:`explain`, from the explain cache when its inputs are unchanged (auditor.explain_cache)."""
    if not (from_files and options.cache_dir):
        return explain(evaluation, findings, reported, options)
    from auditor.explain_cache import open_explain_cache

    cache = open_explain_cache(evaluation.ruleset, evaluation.dataset, options, reported, findings)
    stored = cache.lookup() if cache is not None else None
    if stored is not None and len(stored[0]) == len(findings):
        causes, derived, info = stored
        return causes, derived, DiagnosisInfo(*info)
    causes, derived, info = explain(evaluation, findings, reported, options)
    if cache is not None:
        cache.store(causes, derived, dataclasses.astuple(info))
    return causes, derived, info


def explain(evaluation, findings: list[Check], reported: list[int], options: Options):
    """Causes for the reported findings (aligned with ``findings``), the derived figures when wanted, and
    what the diagnosis did. One propagation serves the causes and the derived figures (it is most of the cost
    on small data); a report without derived figures propagates only around the findings, so that its cost
    grows with them, not with the dataset."""
    from auditor.diagnosis import DEFAULT_BUDGET, Diagnoser, propagate  # on demand: hooks never load it
    from auditor.diagnosis.cause import Cause
    from auditor.diagnosis.derive import DEFAULT_REVISIONS
    from auditor.diagnosis.local import local_propagation

    budget = DEFAULT_BUDGET if options.diagnosis_budget is None else options.diagnosis_budget
    revisions = DEFAULT_REVISIONS if options.propagation_budget is None else options.propagation_budget
    wanted = [findings[n] for n in reported]
    if options.derive:
        propagation = propagate(evaluation.index, evaluation.ruleset, revisions)
    else:
        propagation = local_propagation(evaluation, wanted, revisions=revisions)
    diagnoser = Diagnoser(evaluation, evaluation.index, propagation, budget)
    raw = diagnoser.diagnose(wanted)  # keyed by the diagnosis's own check identity; converted here, once
    causes = [None] * len(findings)
    for n, check in zip(reported, wanted):
        found = raw.get(id(check))
        causes[n] = None if found is None else Cause.from_dict(found)
    info = DiagnosisInfo(diagnoser.wanted, diagnoser.diagnosed, budget, diagnoser.spent, revisions,
                         not propagation.exhausted)
    derived = tuple(propagation.derived()) if options.derive else ()
    return causes, derived, info


def counted(stats, verdicts, findings) -> MappingProxyType:
    """The engine's counts per rule, with waived findings moved from failed to waived."""
    waived: dict[str, int] = {}
    for check, verdict in zip(findings, verdicts):
        if verdict.status == "waived":
            waived[check.rule_id] = waived.get(check.rule_id, 0) + 1
    return MappingProxyType({rule_id: replace(stat, failed=stat.failed - waived.get(rule_id, 0),
                                              waived=waived.get(rule_id, 0)) if rule_id in waived else stat
                             for rule_id, stat in stats.items()})
