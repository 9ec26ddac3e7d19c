"""What a run covered and what it did not (``iij-audit coverage``, the reports' coverage sections).

Pure: from the loaded dataset, the rules and the run's checks and per-rule counts it builds an immutable
:class:`Coverage`, which every output renders (docs/coverage.md):

- per document, the number tokens printed on its lines (auditor.printed.tokens), those that state no
  figure by class (auditor.nonfigures), the figure tokens a fact records (its document, line and text
  span), the facts in at least one value check, the facts in none (with their ``unchecked`` reason) and
  the figure tokens no fact records (with the reason of the fixture's ``unrecorded`` entry);
- per rule, the checks run and skipped (with the reasons) and, for a rule that ran none, its
  ``idle_reason``.

A value check is a check of a rule whose kind relates values; provenance and period labels only read
printed text (a kind module says so with ``STATES_VALUES = False``).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from auditor.coverage_tokens import DocumentTokens, per_document
from auditor.kinds import states_values

NO_REASON = "no reason"


@dataclass(frozen=True)
class Unchecked:
    """A recorded fact that takes part in no value check."""

    fact_id: str
    line: int  # its line in the document
    text: str
    reason: str | None
    fixture: str
    fixture_line: int


@dataclass(frozen=True)
class Unrecorded:
    """A figure token of the document that no fact records."""

    line: int
    text: str  # the token's digits as printed
    reason: str | None  # the fixture's `unrecorded` reason; None: no entry covers it
    fixture: str | None  # where that entry is
    fixture_line: int | None


@dataclass(frozen=True)
class DocumentCoverage:
    name: str
    path: str
    tokens: int  # number tokens printed on its lines
    not_figures: tuple[tuple[str, str, int], ...]  # (class, reason, count) of the tokens that state no figure
    figures: int  # tokens that state a figure
    recorded: int  # figure tokens a fact records
    facts: int  # facts citing the document
    checked: int  # of those, facts in at least one value check
    unchecked: tuple[Unchecked, ...]
    unrecorded: tuple[Unrecorded, ...]

    @property
    def recorded_share(self) -> float | None:
        return self.recorded / self.figures if self.figures else None

    @property
    def checked_share(self) -> float | None:
        return self.checked / self.facts if self.facts else None


@dataclass(frozen=True)
class RuleCoverage:
    id: str
    kind: str
    value: bool  # its checks are value checks
    checks: int
    skipped: int
    skip_reasons: tuple[tuple[str, int], ...]  # most frequent first
    idle_reason: str | None
    path: str
    line: int

    @property
    def idle(self) -> bool:
        return self.checks == 0


@dataclass(frozen=True)
class Problem:
    """What ``--strict`` refuses: something out of the checks without a reason, or a fixture's reason
    that is no longer true. (A rule's idle_reason that does not apply, because the rule ran, is not
    one: packaged rules carry reasons about the project's decks, and other data may well exercise them.)"""

    path: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}"


@dataclass(frozen=True)
class Coverage:
    documents: tuple[DocumentCoverage, ...]
    rules: tuple[RuleCoverage, ...]
    problems: tuple[Problem, ...]

    def total(self, field: str) -> int:
        return sum(getattr(document, field) for document in self.documents)


def is_value_kind(kind: str) -> bool:
    return states_values(kind)


def compute(dataset, rules, checks, stats, documents: set[str] | None = None) -> Coverage:
    """The coverage of a run. ``rules``: the ruleset's rules; ``checks``: every check run; ``stats``:
    rule id -> auditor.engine.RuleStats of the rules that ran; ``documents``: the document names to
    report (None: all)."""
    kinds = {rule.id: rule.kind for rule in rules}
    in_value_check = {id(fact) for check in checks if is_value_kind(kinds[check.rule_id]) for fact in check.facts}
    names = sorted(name for name in dataset.documents if documents is None or name in documents)
    tokens = per_document(dataset, names)
    covered = [document_coverage(item, in_value_check) for item in tokens]
    ruled = tuple(rule_coverage(rule, stats[rule.id]) for rule in rules if rule.id in stats)
    stale = [Problem(fact.fixture, fact.fixture_line, f"fact {fact.id} has an 'unchecked' reason but takes part "
                     "in a value check")
             for item in tokens for fact in item.facts if fact.unchecked and id(fact) in in_value_check]
    stale += [Problem(entry.fixture, entry.fixture_line, "this 'unrecorded' entry covers no number token that "
                      "no fact records") for item in tokens for entry in item.idle_entries]
    return Coverage(tuple(covered), ruled, strict_problems(covered, ruled, stale))


def of_report(report) -> Coverage:
    """The coverage of a run (auditor.pipeline.Report; ``Report.coverage`` computes it once, so that every
    report of the run shows the same one). With a focus, the documents its fixtures cite."""
    focus = report.focus
    documents = None if focus is None else {fact.document.name for fact in report.dataset.facts
                                             if fact.fixture in focus}
    return compute(report.dataset, report.ruleset.rules, report.checks, report.stats, documents)


def document_coverage(tokens: DocumentTokens, in_value_check: set[int]) -> DocumentCoverage:
    facts = tokens.facts
    unchecked = tuple(Unchecked(fact.id, fact.line, fact.text, fact.unchecked, fact.fixture, fact.fixture_line)
                      for fact in facts if id(fact) not in in_value_check)
    unrecorded = tuple(Unrecorded(line, digits, entry.reason if entry else None, entry and entry.fixture,
                                  entry and entry.fixture_line) for line, digits, entry in tokens.unrecorded)
    return DocumentCoverage(tokens.document.name, tokens.document.path, tokens.count, tokens.not_figures(),
                            tokens.figures, tokens.recorded, len(facts), len(facts) - len(unchecked),
                            unchecked, unrecorded)


def rule_coverage(rule, stat) -> RuleCoverage:
    reasons = tuple(sorted(Counter(stat.skip_reasons).items(), key=lambda item: (-item[1], item[0])))
    return RuleCoverage(rule.id, rule.kind, is_value_kind(rule.kind), stat.run, stat.skipped, reasons,
                        rule.idle_reason, rule.path, rule.line)


def strict_problems(documents, rules, stale: list[Problem]) -> tuple[Problem, ...]:
    problems = list(stale)
    for rule in rules:
        if rule.idle and not rule.idle_reason:
            problems.append(Problem(rule.path, rule.line, f"rule {rule.id} found nothing to check and has no "
                                    "idle_reason saying why"))
    for document in documents:
        for fact in document.unchecked:
            if not fact.reason:
                problems.append(Problem(fact.fixture, fact.fixture_line, f"fact {fact.fact_id} takes part in no "
                                        "value check and has no 'unchecked' reason"))
        for token in document.unrecorded:
            if not token.reason:
                problems.append(Problem(document.path, token.line, f"number {token.text!r} is recorded by no fact "
                                        "and has no 'unrecorded' reason"))
    return tuple(sorted(problems, key=lambda problem: (problem.path, problem.line)))  # stable: tokens in line order
