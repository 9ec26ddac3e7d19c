"""``iij-audit test-rules``: every rule against its own examples, as ``semgrep --test`` does.

The examples of a rule live in ``EXAMPLES/<rule-id>/`` (docs/writing-rules.md)::

    <rule-id>/failing/example.yaml      the failing example: fixture file(s) with the planted error(s)
    <rule-id>/failing/decks/deck.txt    the deck they cite
    <rule-id>/passing/...               the passing example, laid out the same way

Each example is a dataset of its own, which ``iij-audit check --fixtures`` runs on as it stands. (Fixture
files directly in ``<rule-id>/``, the layout before passing examples, are read as its failing example.)
The failing example declares the findings it must give
with a comment ``# ruleid: RULE-ID`` on the line before the fact each is reported at; it must then give
exactly those findings, of any rule, and no other. Without such a comment it must give at least one finding
of its rule and none of any other rule: only its planted error fails. The passing example must give no
finding at all, and its rule must have checked something in it (a rule that checks nothing passes
anything, which proves nothing).

Waivers are not applied: an example shows what the rule reports, not what a dataset acknowledges.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field

from auditor.pipeline import Options, run_loaded
from auditor.errors import InputError, InputErrors
from auditor.loader import is_fixture_name, load_dataset
from auditor.paths import entry_problem, named_problem, scan
from auditor.reporters.safe import line_safe
from auditor.yamlsafe import read_text

FAILING, PASSING = "failing", "passing"
MARK = re.compile(r"^\s*#\s*ruleid:\s*(?P<rule>\S+)\s*$")


@dataclass
class Result:
    rule_id: str
    problems: list[str] = field(default_factory=list)  # why it failed; empty: ok
    missing: list[str] = field(default_factory=list)  # "failing", "passing": examples it lacks

    def line(self, strict: bool) -> str:
        lacks = [f"no {kind} example" for kind in self.missing]
        if strict and lacks or self.problems:
            return line_safe(f"FAIL {self.rule_id}: {'; '.join(self.problems + (lacks if strict else []))}")
        return line_safe(f"ok   {self.rule_id}" + (f" ({', '.join(lacks)})" if lacks else ""))

    def failed(self, strict: bool) -> bool:
        return bool(self.problems or (strict and self.missing))


@dataclass
class Example:
    rule_id: str
    kind: str  # FAILING or PASSING
    directory: str
    files: list[str]  # what to load: its directory, or the fixture files of the layout before passing/
    dataset: object = None
    marks: set = field(default_factory=set)  # (fixture path, line, rule id) declared by "# ruleid:"


def find_examples(root: str, rule_ids: set[str]) -> tuple[list[Example], list[str]]:
    """The examples under ``root`` and the names of its directories that belong to no rule."""
    problem = named_problem(root, directories=True) if os.path.lexists(root) else "no such directory"
    if problem or not os.path.isdir(root):
        raise InputError(root, None, problem or "not a directory")
    examples, strangers = [], []
    for name in sorted(os.listdir(root)):
        directory = os.path.join(root, name)
        if os.path.islink(directory):  # a link out would have its files read as an example
            problem = entry_problem(directory, root, directories=True)
            if problem:
                raise InputError(directory, None, problem)
        if not os.path.isdir(directory):
            continue
        if name not in rule_ids:
            strangers.append(name)
            continue
        examples += rule_examples(name, directory)
    return examples, strangers


def rule_examples(rule_id: str, directory: str) -> list[Example]:
    found = []
    for kind in (FAILING, PASSING):
        path = os.path.join(directory, kind)
        if os.path.isdir(path):
            found.append(Example(rule_id, kind, path, [path]))
    if not found or found[0].kind != FAILING:
        files, errors = scan(directory, is_fixture_name, recursive=False)  # the layout before passing/
        if errors:
            raise InputErrors(errors)
        if files:
            found.insert(0, Example(rule_id, FAILING, directory, sorted(files)))
    return found


def read_marks(path: str, rule_ids: set[str]) -> set[tuple[str, int, str]]:
    """The ``# ruleid:`` comments of a fixture file, each as the line that follows it."""
    marks, pending = set(), []
    for number, text in enumerate(read_text(path).splitlines(), 1):
        match = MARK.match(text)
        if match:
            if match["rule"] not in rule_ids:
                raise InputError(path, number, f"ruleid names no rule: {match['rule']!r}")
            pending.append(match["rule"])
        elif pending and text.strip() and not text.lstrip().startswith("#"):
            marks |= {(path, number, rule_id) for rule_id in pending}
            pending = []
    if pending:
        raise InputError(path, None, "a ruleid comment at the end of the file marks no fact")
    return marks


def load_examples(examples: list[Example], ruleset) -> None:
    """Load every example; all their input errors are raised together before anything is checked."""
    rule_ids = {rule.id for rule in ruleset.rules}
    errors: list[InputError] = []
    for example in examples:
        try:
            example.dataset = load_dataset(example.files, ruleset.vocabulary, candidates=[example.directory])
            if example.kind == FAILING:
                for path in example.dataset.fixture_files:
                    example.marks |= read_marks(path, rule_ids)
        except InputErrors as failure:
            errors.extend(failure.errors)
        except InputError as error:
            errors.append(error)
    if errors:
        raise InputErrors(errors)


def where(check) -> tuple[str, int]:
    fact = check.primary
    return (fact.fixture, fact.fixture_line) if fact else ("-", 0)


def shown(check) -> str:
    path, line = where(check)
    return f"{check.rule_id} at {path}:{line} ({check.message})"


def failing_problems(example: Example, outcome) -> list[str]:
    findings = outcome.findings
    if example.marks:
        found = {(*where(check), check.rule_id) for check in findings}
        missed = sorted(example.marks - found)
        extra = [check for check in findings if (*where(check), check.rule_id) not in example.marks]
        return ([f"failing example: no finding of {rule_id} at {path}:{line}" for path, line, rule_id in missed]
                + [f"failing example: unexpected finding of {shown(check)}" for check in extra])
    own = [check for check in findings if check.rule_id == example.rule_id]
    others = [check for check in findings if check.rule_id != example.rule_id]
    problems = [] if own else [f"failing example in {example.directory}: no finding of {example.rule_id}"]
    return problems + [f"failing example: unexpected finding of {shown(check)}" for check in others]


def passing_problems(example: Example, outcome) -> list[str]:
    problems = [f"passing example: unexpected finding of {shown(check)}" for check in outcome.findings]
    if outcome.stats[example.rule_id].run == 0:
        problems.append(f"passing example in {example.directory}: {example.rule_id} found nothing to check")
    return problems


def run(ruleset, root: str) -> tuple[list[Result], list[str]]:
    """One result per rule, in the rule set's order, and the example directories of no rule."""
    examples, strangers = find_examples(root, {rule.id for rule in ruleset.rules})
    load_examples(examples, ruleset)
    results = {rule.id: Result(rule.id) for rule in ruleset.rules}
    for example in examples:
        outcome = run_loaded(ruleset, example.dataset, Options(diagnose=False))
        check = failing_problems if example.kind == FAILING else passing_problems
        results[example.rule_id].problems += check(example, outcome)
    for result in results.values():
        kinds = {example.kind for example in examples if example.rule_id == result.rule_id}
        result.missing = [kind for kind in (FAILING, PASSING) if kind not in kinds]
    return list(results.values()), strangers


def summary(results: list[Result], strangers: list[str], strict: bool) -> str:
    failed = sum(result.failed(strict) for result in results)
    lacking = sum(bool(result.missing) for result in results)
    text = f"{len(results)} rule(s): {len(results) - failed} ok, {failed} failed; {lacking} lack an example"
    if strangers:
        text += f"; {len(strangers)} example director(y/ies) of no rule: {', '.join(strangers)}"
    return line_safe(text)
