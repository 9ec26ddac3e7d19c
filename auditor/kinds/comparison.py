"""comparison: a comparison phrase in prose names a period that exists, is not its own, and fits the figures.

"Compared to 1Q12, SG&A slightly decreased" is a ``comparison`` claim (docs/fact-format.md, "Claims"):
the figures it is about (``facts``: each gives the entity, segment, concept and period the sentence
speaks of), the period it compares with (``compare``, as the sentence prints it) and its direction word.
For each figure the rule checks that

- the compared period differs from the figure's own ("Compared to 2Q12" in a section about 2Q12 compares
  a period with itself);
- the dataset prints the compared period somewhere (a figure for it, or a change against it);
- the figures agree with the direction: a printed change between the two periods, or else the two levels
  (printed, or implied as the ``implied_level`` rule implies them), must allow the difference the word
  states. Without figures for both periods only the periods are checked, and the message says so.

Parameters: none.
"""

from __future__ import annotations

from auditor.kinds.chains import Chains, level_key
from auditor.model import Key, Strict
from auditor.results import Check, show_interval


class Params(Strict):
    pass


def printed_periods(index) -> set:
    return {period for key in index.figures for period in (key.period, key.base_period) if period is not None}


def evaluate(rule, params, index):
    claims = [claim for claim in index.dataset.claims if claim.kind == "comparison"]
    if not claims:
        return
    chains, periods = Chains(index), printed_periods(index)
    for claim in claims:
        for fact in claim.facts:
            yield check_one(rule, index, chains, periods, claim, fact)


def check_one(rule, index, chains, periods, claim, fact) -> Check:
    key = fact.key
    subject = level_key(key, key.period, key.basis)
    words = f"claim {claim.id} ({claim.document.name}:{claim.line} {claim.text!r})"
    about = f"{subject.describe()} compared to {claim.compare.label}"
    if claim.compare == key.period:
        return Check(rule.id, False, [fact], f"{words} compares {key.period.label} with itself: the figure it is "
                     f"about ({fact.shown}) is for {key.period.label}", dimension=fact.unit.dimension, about=about)
    if claim.compare not in periods:
        return Check(rule.id, False, [fact], f"{words} compares with {claim.compare.label}, a period the dataset "
                     "prints nowhere", dimension=fact.unit.dimension, about=about)
    evidence = difference(index, chains, subject, claim.compare)
    if evidence is None:
        return Check(rule.id, True, [fact], f"{words}: the periods differ and {claim.compare.label} is printed; no "
                     "figures give the difference", dimension=fact.unit.dimension, about=about)
    interval, facts, text, dimension = evidence
    holds = interval.hi > 0 if claim.sign > 0 else interval.lo < 0
    facts = list(dict.fromkeys([fact, *facts]))
    if holds:
        return Check(rule.id, True, facts, f"{words}: the figures allow {claim.direction!r}", dimension=dimension,
                     about=about)
    return Check(rule.id, False, facts, f"{words} says {claim.direction!r}, but {text} gives "
                 f"{show_interval(interval, dimension)}", dimension=dimension, about=about, check=text)


def difference(index, chains, subject: Key, compare):
    """(interval, facts, text, dimension) of the move from ``compare`` to the subject's period: a printed
    change between them, or the difference of the two levels; None when neither is known."""
    for measure in ("change", "pct_change"):
        change = index.figures.get(Key(subject.entity, subject.segment, subject.concept, measure, subject.period,
                                       subject.basis, compare, subject.basis))
        if change is not None and change.interval is not None:
            return change.interval, list(change.facts), change.facts[0].shown, change.dimension
    now = chains.resolve(subject, frozenset())
    then = chains.resolve(level_key(subject, compare, subject.basis), frozenset())
    if now is None or then is None:
        return None
    dimension = next((fact.unit.dimension for fact in (*now.facts, *then.facts) if fact.unit.dimension != "ratio"),
                     "money")
    return now.interval - then.interval, [*now.facts, *then.facts], f"{now.text} - {then.text}", dimension
