"""Likely causes of failing checks: which printed figure (or pair of figures) was printed wrong, and how.

For every failing check, each of its facts is a suspect and gets the hypotheses of
:mod:`auditor.diagnosis.hypotheses` (one figure) and :mod:`auditor.diagnosis.pairs` (two figures of one
table exchanged). A hypothesis is tested in two stages:

1. a cheap filter: the corrected value must lie in the implied range (:mod:`auditor.diagnosis.implied`)
   of every check the suspect takes part in, and agree with what the derived-figure network implies for
   the suspect's figure without it (:meth:`Diagnoser.network`; an exchange skips the network, which rests
   on its partner's wrong value, and the checks reading both facts);
2. the trial: the value rules re-evaluated with the facts replaced (and, for label slips, the value
   restated where it belongs), only where they read the changed figures (:mod:`auditor.diagnosis.trials`;
   provenance and period labels are left out: the hypothesis is that the deck itself printed the figure
   wrong). It is *accepted* for the failing check when every check involving the changed facts passes, no
   new check fails and the failing check is gone.

An accepted hypothesis scores the number of failing checks it resolves at once, then fewer checks lost
(a correction that keeps the figure checked does better than one that only moves it out of its checks),
then its fit (a value overlapping the implied range does better than one that only touches its edge).
The check's cause is named only when exactly one accepted hypothesis (facts, kind, suggested value) has
the best score; otherwise, if the rivals correct the statements of one figure and the constraints on it
outvote all but one of them, that one (:meth:`Diagnoser.majority`); otherwise, if exactly one rival's
error kind keeps more of the printed text (:meth:`Diagnoser.prior`), that one, with the rivals in its
explanation; otherwise it is ``undetermined`` and the rivals are listed. A label slip whose value matches
several concepts, columns or bases is one cause; its ``concept``/``period``/``base`` lists them. A check
the change kind marked ``points_as_percent`` gets that cause without a trial.

The work has a budget, counted in checks re-evaluated (a trial costs the baseline checks of the places it
re-evaluates, :meth:`auditor.diagnosis.trials.Places.cost`), never in seconds: the same inputs give the
same causes. Findings are diagnosed in the order given (report order) while the next one's untested
hypotheses fit in what is left; that one and every later finding get no cause (:attr:`Diagnoser.diagnosed`
says how many did). A finding diagnosed within the budget gets the cause it gets without one.
"""

from __future__ import annotations

from dataclasses import replace

from auditor import engine, kinds
from auditor.diagnosis.constraints import is_empty
from auditor.diagnosis.derive import Propagation, tight
from auditor.diagnosis.hypotheses import LABEL_KINDS, Hypothesis, label_slips, value_slips
from auditor.diagnosis.implied import implied
from auditor.diagnosis.pairs import PAIR_KINDS, Exchange, Table, exchanges
from auditor.diagnosis.ranges import EVERYTHING, Range
from auditor.diagnosis.trials import Places, full_trial
from auditor.diagnosis.wording import (at_precision, bounds_text, decimal_text, describe,  # noqa: F401
                                       points_cause, undetermined)
from auditor.index import Index

# Checks re-evaluated at most by default. The four decks spend 16,835 in their trials since issue 15's
# rules and two-fact hypotheses (1,236 before those; a full re-evaluation per trial spent 14,094); trials
# run at several thousand checks a second, so this bounds them to seconds and leaves the decks room to grow.
DEFAULT_BUDGET = 60_000
FIELDS = ("entity", "segment", "concept", "measure", "period", "basis", "base_period", "base_basis", "of",
          "of_segment")


class Knowledge:
    """Every figure known, printed or derived, for label-slip matching."""

    def __init__(self, index, propagation: Propagation) -> None:
        self.index = index
        self.prop = propagation
        keys = list(index.figures) + [k for k in propagation.values if k not in index.figures]
        self.groups: dict[str, dict[tuple, list]] = {}
        for field, blank in (("concept", ("concept",)), ("period", ("period", "base_period"))):
            group: dict[tuple, list] = {}
            for key in keys:
                group.setdefault(signature(key, blank), []).append(key)
            self.groups[field] = group
        self.periods: dict[str, set] = {}  # per document, the periods its figures are for or compare with
        for fact in index.dataset.facts:
            found = self.periods.setdefault(fact.document.name, set())
            found.update(p for p in (fact.key.period, fact.key.base_period) if p is not None)

    def keys_like(self, key, field: str) -> list:
        blank = ("concept",) if field == "concept" else ("period", "base_period")
        return [k for k in self.groups[field].get(signature(key, blank), []) if k != key]

    def usable(self, key, fact_id: str) -> Range | None:
        """The figure's range, unless it rests on the suspect itself."""
        return self.usable_without(key, {fact_id})

    def usable_without(self, key, ids: set) -> Range | None:
        """The figure's range, unless it rests on one of the facts ``ids``."""
        value = self.prop.values.get(key)
        if value is not None and not ids & set(self.prop.support.get(key, ())):
            return value
        figure = self.index.figures.get(key)
        if figure is not None and figure.interval is not None and all(f.id not in ids for f in figure.facts):
            return Range.of(figure.interval)
        return None

    def printable(self, key, fact) -> bool:
        """Whether the suspect's document prints figures for ``key``'s period (a column it could have
        taken the value from)."""
        return key.period in self.periods.get(fact.document.name, ())

    def dimension(self, key) -> str:
        figure = self.index.figures.get(key)
        return figure.dimension if figure is not None else self.prop.dimension(key)


def signature(key, blank) -> tuple:
    return tuple(None if name in blank else getattr(key, name) for name in FIELDS)


class Diagnoser:
    def __init__(self, outcome, index=None, propagation: Propagation | None = None,
                 budget: int | None = None, incremental: bool = True) -> None:
        self.outcome = outcome
        self.incremental = incremental  # False: every trial re-evaluates the whole dataset (for tests)
        self.budget = budget or None  # checks re-evaluated at most; None (or 0): no limit
        self.spent = 0
        self.diagnosed = 0  # findings of the last diagnose() call that got a cause
        self.wanted = 0  # findings that last call was asked to diagnose
        self.ruleset = outcome.ruleset
        self.dataset = outcome.dataset
        self.index = index if index is not None else Index(outcome.dataset, outcome.ruleset.vocabulary)
        self.prop = propagation if propagation is not None else Propagation(self.index, self.ruleset)
        self.knowledge = Knowledge(self.index, self.prop)
        self.only = {r.id for r in self.ruleset.rules if kinds.states_values(r.kind)}
        if self.only <= set(outcome.stats):  # the run's own checks cover every value rule: reuse them
            self.checks = [c for c in outcome.checks if c.rule_id in self.only]
            skips = [s for s in outcome.skips if s.rule_id in self.only]
        else:  # a run restricted to some rules: a baseline of its own over every value rule
            baseline = engine.evaluate(self.ruleset, self.dataset, self.only)
            self.checks, skips = baseline.checks, baseline.skips
        self.places = Places(self.dataset, self.index, self.checks, skips, self.prop.constraints)
        # An undecidable check (a divisor may be zero) is no failure to explain or to count as resolved.
        self.failing = [c for c in self.checks if not c.passed and not c.undecidable]
        self.position = {(c.rule_id, c.fact_ids, c.message): n for n, c in enumerate(self.failing)}
        # The baseline's failing checks as (rule, fact ids), in order and per rule: every verdict compares with them.
        self.before_list = [(c.rule_id, set(c.fact_ids)) for c in self.failing]
        self.before: dict[str, list[set]] = {}
        for rule, ids in self.before_list:
            self.before.setdefault(rule, []).append(ids)
        self.by_fact: dict[str, list] = {}
        for check in self.checks:
            for fact in dict.fromkeys(check.facts):
                self.by_fact.setdefault(fact.id, []).append(check)
        self._implied: dict[int, dict] = {}
        self._hypotheses: dict[str, list] = {}
        self._verdicts: dict[tuple, tuple | None] = {}
        self._network: dict[str, Range] = {}
        self._pairs: dict[tuple, Exchange] = {}  # one object per pair, whichever fact is the suspect
        self.table = Table(self.dataset.facts)

    # -- implied values --------------------------------------------------------------------------
    def implied(self, check) -> dict:
        if id(check) not in self._implied:
            self._implied[id(check)] = implied(check, self.index, self.ruleset, self.prop.constraints)
        return self._implied[id(check)]

    def network(self, fact) -> Range:
        """What the derived-figure network implies for the fact's figure without the fact: each
        constraint on it solved with the other figures' printed or derived ranges (those not resting on
        the fact). EVERYTHING when nothing bounds it or when the constraints disagree (a contradiction
        elsewhere in the data is no evidence about this fact)."""
        if fact.id in self._network:
            return self._network[fact.id]
        constraints = self.prop.constraints
        key = constraints.canonical(fact.key)

        def env(other):
            return self.knowledge.usable(other, fact.id) or EVERYTHING

        value = EVERYTHING
        for constraint in constraints.by_key.get(key, []):
            if not constraint.propagate:
                continue
            found = constraint.solve(key, env)
            if not is_empty(found):
                value = value.intersect(found) if value is not None else None
        self._network[fact.id] = value if value is not None else EVERYTHING
        return self._network[fact.id]

    def slot(self, fact) -> Range | None:
        """What the fact's own checks imply for it: the intersection over them (None when empty)."""
        value = EVERYTHING
        for check in self.by_fact.get(fact.id, []):
            found = self.implied(check).get(fact.id)
            if found is not None:
                value = value.intersect(found)
                if value is None:
                    return None
        return value

    # -- hypotheses ------------------------------------------------------------------------------
    def hypotheses(self, fact) -> list[Hypothesis]:
        if fact.id not in self._hypotheses:
            found = [h for h in value_slips(fact) if self.plausible(h)]
            slot = self.slot(fact)
            if slot is not None:
                slot = slot.intersect(self.network(fact)) or slot
            for hyp in label_slips(fact, self.knowledge):
                if slot is not None and slot.bounded:
                    hyp.corrected = replace(fact, interval=slot.interval)
                    hyp.suggested = at_precision(fact, slot)
                found.append(hyp)
            found += [self._pairs.setdefault(h.identity, h) for h in exchanges(fact, self.table)
                      if self.exchange_plausible(h)]
            self._hypotheses[fact.id] = found
        return self._hypotheses[fact.id]

    def fit(self, hyp: Hypothesis) -> int:
        """1 when the corrected value overlaps what the suspect's checks imply over more than a point
        (a value that only touches an implied range at its edge fits less well), else 0."""
        slot = self.slot(hyp.fact)
        if hyp.corrected is None or slot is None:
            return 0
        common = slot.intersect(hyp.corrected.interval)
        if common is None:
            return 0
        return int(common.width is None or common.width > 0 or hyp.corrected.interval.width == 0
                   or slot.width == 0)

    def plausible(self, hyp: Hypothesis) -> bool:
        interval = hyp.corrected.interval
        if not self.network(hyp.fact).meets(interval):
            return False
        for check in self.by_fact.get(hyp.fact.id, []):
            found = self.implied(check).get(hyp.fact.id)
            if found is not None and not found.meets(interval):
                return False
        return True

    def exchange_plausible(self, hyp: Exchange) -> bool:
        """Each fact of the pair, with the other's value, fits the checks it takes part in without the
        other (a check reading both, such as a total over the rows, is left to the trial: an exchange
        keeps it as it is). The network is no filter here: it rests on the partner's wrong value."""
        for fact, corrected, other in ((hyp.fact, hyp.corrected, hyp.other), (hyp.other, hyp.other_corrected, hyp.fact)):
            for check in self.by_fact.get(fact.id, []):
                if other in check.facts:
                    continue
                found = self.implied(check).get(fact.id)
                if found is not None and not found.meets(corrected.interval):
                    return False
        return True

    def verdict(self, hyp: Hypothesis) -> tuple[frozenset, int, int] | None:
        """None when rejected; else the failing checks (indexes into ``self.failing``) it resolves, minus
        the number of checks the suspect's own slot no longer takes part in, and :meth:`fit`."""
        if hyp.identity in self._verdicts:
            return self._verdicts[hyp.identity]
        changes, added = hyp.changes, hyp.added
        if self.incremental:
            checks = self.places.trial(self.ruleset, self.only, changes, added)
        else:
            checks = full_trial(self.ruleset, self.only, self.dataset, changes, added)
        ghosts = {ghost.id for ghost in added}
        ids = set(changes) | ghosts
        involving = [check for check in checks if ids & set(check.fact_ids)]
        lost = sum(len(self.by_fact.get(fact_id, [])) - sum(1 for c in involving if fact_id in c.fact_ids)
                   for fact_id in changes)
        failing: dict[str, list[set]] = {}  # per rule, like self.before, so only same-rule pairs are compared
        for c in checks:
            if not c.passed and not c.undecidable:
                failing.setdefault(c.rule_id, []).append({hyp.fact.id if i in ghosts else i for i in c.fact_ids})
        result = None
        new = any(not any(after <= old for old in self.before.get(rule, ())) for rule, found in failing.items()
                  for after in found)
        if not new and all(check.passed for check in involving):
            resolved = frozenset(n for n, (rule, old) in enumerate(self.before_list)
                                 if not any(after <= old for after in failing.get(rule, ())))
            result = (resolved, -max(0, lost), self.fit(hyp))
        self._verdicts[hyp.identity] = result
        return result

    # -- causes ----------------------------------------------------------------------------------
    def cause(self, check) -> dict:
        position = self.position.get((check.rule_id, check.fact_ids, check.message))
        if position is None:
            return undetermined("the check is not among the outcome's failing checks", [])
        accepted: dict[tuple, tuple[tuple, Hypothesis]] = {}
        for fact in dict.fromkeys(check.facts):
            for hyp in self.hypotheses(fact):
                verdict = self.verdict(hyp)
                if verdict is not None and position in verdict[0]:
                    accepted.setdefault(hyp.identity, ((len(verdict[0]), *verdict[1:]), hyp))
        if not accepted:
            return undetermined("no single printed figure, corrected, makes every check it takes part in "
                                "pass", [])
        best = max(score for score, _ in accepted.values())
        top: dict[tuple, list[Hypothesis]] = {}
        for score, hyp in accepted.values():
            if score == best:  # a label slip is one cause whichever concept, column or base the value came from
                same = hyp.identity if hyp.kind in PAIR_KINDS else hyp.identity[:3]
                top.setdefault(same, []).append(hyp)
        if len(top) == 1:
            (group,) = top.values()
            return describe(group, best)
        rivals = [group[0] for group in top.values()]
        winner = self.majority(rivals)
        if winner is not None:
            return describe([winner], best, votes=self.votes(winner, rivals))
        likeliest = max(self.prior(h) for h in rivals)
        first = [key for key, group in top.items() if self.prior(group[0]) == likeliest]
        if len(first) == 1:  # the evidence ties; one error kind explains the printed value better
            return describe(top[first[0]], best, outranked=[h for h in rivals if self.prior(h) < likeliest])
        what = "single-figure corrections" if all(h.kind not in PAIR_KINDS for h in rivals) else "corrections"
        return undetermined(f"{len(top)} {what} fit equally well", rivals)

    def prior(self, hyp: Hypothesis) -> int:
        """How much of the printed text the error kind keeps, for rivals the checks cannot tell apart: the
        fewer values a kind could have printed by accident, the less likely it fits the checks by chance.

        2: the printed digits are a true figure's: a sign or direction word flipped, a unit slip, a label
        slip whose precise value matches another figure, an exchange of two precise, checked figures (each
        printed value is what the other's checks ask for); 1: the digits rearranged (two adjacent ones
        swapped: one candidate per digit pair); 0: a digit changed (nine candidates per digit), and a
        match that proves nothing: a coarse value ("0.3", a third of its size wide) meets other figures by
        chance, and an exchange with a partner in no value check only moves a value printed nearby."""
        if hyp.kind in PAIR_KINDS:
            both = (hyp.fact, hyp.other)
            return 2 if all(self.by_fact.get(f.id) and precise(f) for f in both) else 0
        if hyp.kind in LABEL_KINDS:
            return 2 if precise(hyp.fact) else 0
        return {"sign": 2, "scale": 2, "transposition": 1}.get(hyp.kind, 0)

    def votes(self, hyp: Hypothesis, rivals: list[Hypothesis]) -> int:
        """Independent checks for ``hyp`` among rival corrections of the statements of one figure: the
        constraints on the figure that, solved with figures resting on none of its statements, admit
        ``hyp``'s value and no rival's."""
        key = self.prop.constraints.canonical(hyp.fact.key)
        statements = {f.id for f in self.index.figures[key].facts} if key in self.index.figures else set()

        def env(other):
            return self.knowledge.usable_without(other, statements) or EVERYTHING

        count = 0
        for constraint in self.prop.constraints.by_key.get(key, []):
            if not constraint.propagate:
                continue
            found = constraint.solve(key, env)
            if is_empty(found) or not found.bounded:
                continue
            if found.meets(hyp.corrected.interval) and not any(found.meets(r.corrected.interval)
                                                                for r in rivals if r is not hyp):
                count += 1
        return count

    def majority(self, rivals: list[Hypothesis]) -> Hypothesis | None:
        """A statement contradicted by a majority of independent checks: when the rivals correct statements
        of one figure, the one more constraints vote for than for any other (None: no such one)."""
        if any(h.kind in PAIR_KINDS or h.corrected is None or h.ghost is not None for h in rivals):
            return None
        if len({h.fact.key for h in rivals}) != 1 or len({h.fact.id for h in rivals}) != len(rivals):
            return None
        counted = sorted(((self.votes(h, rivals), n) for n, h in enumerate(rivals)), reverse=True)
        if counted[0][0] == 0 or counted[0][0] == counted[1][0]:
            return None
        return rivals[counted[0][1]]

    def cost(self, check) -> int:
        """Checks that diagnosing ``check`` re-evaluates: one trial per hypothesis not yet tested (the
        verdicts are shared between findings), each re-running the baseline's checks."""
        if check.rule_id not in self.only or (check.rule_id, check.fact_ids, check.message) not in self.position:
            return 0  # answered without a trial (see diagnose and cause)
        pending = {hyp.identity: hyp for fact in dict.fromkeys(check.facts) for hyp in self.hypotheses(fact)
                   if hyp.identity not in self._verdicts}
        return sum(self.places.cost(hyp.keys) for hyp in pending.values())

    def diagnose(self, checks=None) -> dict[int, dict]:
        """``{id(check): cause}`` for the failing checks given (default: the outcome's), in their order,
        while the budget lasts; a finding it cannot pay for, and every later one, is left out."""
        wanted = [c for c in (self.outcome.checks if checks is None else checks)
                  if not c.passed and not c.undecidable]
        self.wanted, self.diagnosed = len(wanted), 0
        result = {}
        for check in wanted:
            cost = self.cost(check)
            if self.budget is not None and self.spent + cost > self.budget:
                break  # stop at the first that does not fit: the causes go to a prefix of the findings
            self.spent += cost
            self.diagnosed += 1
            if check.rule_id not in self.only:
                result[id(check)] = undetermined(f"{check.rule_id} states no relation between values", [])
                continue
            cause = points_cause(check) if check.warning == "points_as_percent" else self.cause(check)
            cause["implied"] = {fact_id: None if value is None else bounds_text(value)
                                for fact_id, value in self.implied(check).items()}
            result[id(check)] = cause
        return result


def precise(fact) -> bool:
    """Whether the printed value is narrow enough (a tenth of its size) for a match to be telling."""
    return tight(Range.of(fact.interval))


def diagnose(outcome, index=None, propagation: Propagation | None = None, checks=None,
             budget: int | None = None) -> dict[int, dict]:
    """``{id(check): cause}`` for every failing check of ``outcome`` (or of ``checks``), or for those the
    budget (checks re-evaluated; None: no limit) pays for, a prefix of them."""
    return Diagnoser(outcome, index, propagation, budget).diagnose(checks)
