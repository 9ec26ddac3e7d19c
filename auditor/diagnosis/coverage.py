"""How many more checks run once derived figures stand in for the figures the decks do not print.

Each derived figure becomes a synthetic fact (id ``derived:<figure>``, document ``(derived)``) and the
relational rules run again over the printed facts plus the synthetic ones. A check *newly runs* when the
printed-only run skipped its place for missing figures and the augmented run checks it: the same rule, and
the check's printed facts include the skip's. Checks made only of derived figures count in ``more`` but
not in ``newly``. Kinds that read printed text (``READS_TEXT``: provenance, period labels, direction
words, trends) are left out: a derived figure prints nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from auditor import engine
from auditor.kinds import reads_text
from auditor.model import Dataset, Document, Fact
from auditor.numbers import BASE_UNIT, UNITS, Printed, format_fraction

PREFIX = "derived:"


@dataclass
class Coverage:
    newly: int  # checks skipped for missing figures without derived figures, run with them
    more: int  # checks run with derived figures minus checks run without
    failed: list = field(default_factory=list)  # checks that use a derived figure and fail
    checks: list = field(default_factory=list)  # every check that uses a derived figure


def synthetic_facts(derived) -> list[Fact]:
    document = Document("(derived)", "", [], "half")
    facts = []
    for item in derived:
        unit = UNITS["%" if item.dimension == "ratio" else BASE_UNIT.get(item.dimension, "JPY million")]
        middle = item.interval.mid / unit.factor
        text = format_fraction(middle, 2)
        facts.append(Fact(id=PREFIX + item.key.describe(), key=item.key, printed=Printed(middle, 2, True),
                          unit=unit, exact=False, interval=item.interval, direction=None, direction_sign=0,
                          document=document, line=0, text=text, label="derived", header=(),
                          period_text=None, compare=None, fixture="(derived)", fixture_line=0,
                          value_text=text))
    return facts


def coverage(ruleset, dataset, derived) -> Coverage:
    only = {rule.id for rule in ruleset.rules if not reads_text(rule.kind)}
    before = engine.evaluate(ruleset, dataset, only)
    augmented = Dataset(list(dataset.facts) + synthetic_facts(derived), dataset.claims, dataset.documents,
                        dataset.fixture_files)
    after = engine.evaluate(ruleset, augmented, only)
    using = [c for c in after.checks if any(f.id.startswith(PREFIX) for f in c.facts)]
    runs: dict[str, list[set]] = {}
    for check in using:
        runs.setdefault(check.rule_id, []).append({f.id for f in check.facts if not f.id.startswith(PREFIX)})
    newly = 0
    for skip in before.skips:
        if skip.reason.startswith("missing"):
            printed = {f.id for f in skip.facts}
            newly += any(printed <= ids for ids in runs.get(skip.rule_id, []))
    return Coverage(newly, len(after.checks) - len(before.checks), [c for c in using if not c.passed], using)
