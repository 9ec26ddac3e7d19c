"""Derived figures by constraint propagation, and contradictions.

Every relation of the rule set is a constraint between figures (see :mod:`auditor.diagnosis.build`).
Printed figures start at their display intervals (repeats intersected), unprinted ones at "any value"
(or ">= 0" for concepts the vocabulary calls nonnegative). Propagation then narrows every variable:

1. *revise*: solve each constraint for each of its variables given the others and intersect (a worklist
   runs this to a fixpoint; an update must close an open side or shrink the width (or move a bound of a
   half-open range) by more than 1%, and beyond closing its sides a variable is updated at most
   ``MAX_UPDATES`` times, so the rounds are bounded). A budget of ``revisions`` constraint solves bounds
   the whole run: when it is spent, propagation stops (``exhausted``) and the report says so; every range
   is still sound, some derived figures are only wider or missing;
2. *pair elimination*: where two constraints link the same two variables affinely (``u = k v + d``) once
   their other variables are bounded, the pair is solved together. This is how IIJ-Global's quarterly
   revenue follows from its cost and gross-margin ratio: revenue = cost + margin and margin = ratio x
   revenue give revenue = cost / (1 - ratio);
3. *generations*: figures derived at new places (2Q11 operating income from 2Q12's and "up JPY355 million
   YoY") anchor new constraints there, and propagation runs again.

An intersection that comes out empty is a contradiction: the constraint is set aside and the
contradiction is reported with the smallest set of printed facts found to produce it (greedy deletion:
drop chunks of facts, then single facts, and keep a drop when the rest still contradicts). Minimising is
done on demand (:meth:`Propagation.contradictions`), as it propagates again for every trial.
"""

from __future__ import annotations

from collections import defaultdict, deque
from dataclasses import dataclass, field
from fractions import Fraction

from auditor.diagnosis.build import ConstraintSet, build
from auditor.diagnosis.constraints import is_empty
from auditor.diagnosis.ranges import EVERYTHING, NONNEGATIVE, Range
from auditor.interval import Interval
from auditor.model import Key

MAX_UPDATES = 12
TIGHT = 10  # a derived range is tight when its width is at most |midpoint| / TIGHT
MAX_PAIR_ROUNDS = 4
NARROWING = Fraction(1, 100)  # an update must shrink a width by more than this share
GENERATIONS = 3
RATIO_MEASURES = ("share", "pct_change", "attainment", "point_change")
# The id of a contradiction between repeats of one printed figure found while seeding. It is no rule's
# (the pattern of rule ids has no parentheses), so it never passes for a finding of the agreement rule.
REPEATS = "(repeats)"
# Constraint solves one propagation may make (its revision budget); the decks' full propagation makes
# about 25,000. When it is spent, propagation stops where it is: every range is still sound (a superset of
# the values the printed figures allow), only some derived figures stay wider or underived.
DEFAULT_REVISIONS = 400_000


@dataclass
class Step:
    key: Key
    rule_id: str
    constraint: object  # the relation that narrowed ``key``: its formula is written only when shown
    inputs: tuple[Key, ...]
    result: Range

    @property
    def formula(self) -> str:
        return self.constraint.formula()


@dataclass(frozen=True)
class Source:
    """What one step of a chain was derived from: a printed figure (its facts) or a derived one (its range
    at that point)."""

    key: Key
    value: Range | None
    facts: tuple[str, ...] | None  # the printing facts' ids; None for a derived figure


@dataclass(frozen=True)
class Link:
    """One step of a chain: ``key`` was narrowed to ``result`` by ``rule_id``'s ``relation`` from ``sources``."""

    key: Key
    result: Range
    rule_id: str
    relation: str
    sources: tuple[Source, ...]


@dataclass
class Derived:
    """A figure no fact prints, with the interval the printed figures force on it and how."""

    key: Key
    interval: Interval
    dimension: str
    facts: tuple[str, ...]  # the printed facts it rests on
    derivation: list[str]  # the steps, from printed figures to this one
    rules: tuple[str, ...]  # the rules the steps use
    links: tuple[Link, ...] = ()  # the same steps as data (the JSON report's ``chain``)

    def describe(self) -> str:
        return self.key.describe()


@dataclass
class Contradiction:
    """Printed facts whose relations leave some figure no possible value."""

    rule_id: str
    key: Key | None
    formula: str
    facts: tuple[str, ...]  # minimal set (after minimise); before that, everything it rested on

    def describe(self) -> str:
        where = f" at {self.key.describe()}" if self.key is not None else ""
        return f"{self.rule_id}{where}: no value satisfies {self.formula} given {', '.join(self.facts)}"


@dataclass
class Propagation:
    index: object
    ruleset: object
    constraints: ConstraintSet | None = None
    known: frozenset[str] | None = None  # ids of facts to use; None: all
    generations: int = GENERATIONS
    revisions: int = DEFAULT_REVISIONS  # constraint solves allowed (0: no limit); see ``exhausted``
    values: dict[Key, Range] = field(default_factory=dict)
    support: dict[Key, frozenset[str]] = field(default_factory=dict)
    steps: dict[Key, Step] = field(default_factory=dict)
    printed: set[Key] = field(default_factory=set)
    conflicts: set[Key] = field(default_factory=set)
    raw_contradictions: list[Contradiction] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.updates: dict[Key, int] = defaultdict(int)
        self.solves = 0  # constraint solves made, against ``revisions``
        self.exhausted = False  # the budget stopped the propagation before its fixpoint
        self.broken: set[int] = set()
        self.active: set[int] = set()  # constraints revised at least once (the only ones pairs can use)
        self._nonnegative = {name for name, spec in self.index.vocabulary.concepts.items() if spec.nonnegative}
        build_more = self.constraints is None
        if build_more:
            self.constraints = build(self.index, self.ruleset)
        self._seed()
        self.run(build_more)

    # -- setup -----------------------------------------------------------------------------------
    def _seed(self) -> None:
        for key, figure in self.index.figures.items():
            facts = [f for f in figure.facts if self.known is None or f.id in self.known]
            if not facts:
                continue
            value = Range.of(facts[0].interval)
            for fact in facts[1:]:
                value = value.intersect(fact.interval) if value is not None else None
            if value is None:
                self.conflicts.add(key)
                pair = first_disjoint(facts)
                self.raw_contradictions.append(Contradiction(REPEATS, key, "repeated statements agree",
                                                             tuple(sorted(f.id for f in pair))))
                continue
            self.values[key] = value
            self.support[key] = frozenset(f.id for f in facts)
            self.printed.add(key)

    def env(self, key: Key) -> Range:
        value = self.values.get(key)
        if value is not None:
            return value
        if key.measure == "level" and key.concept in self._nonnegative:
            return NONNEGATIVE
        return EVERYTHING

    # -- propagation -----------------------------------------------------------------------------
    def run(self, build_more: bool) -> None:
        queue = [c for c in self.constraints.items if any(k in self.values for k in c.keys)]
        for generation in range(self.generations):
            self._fixpoint(queue)
            for _ in range(MAX_PAIR_ROUNDS):
                changed = {} if self.exhausted else self._pairs()
                if not changed:
                    break
                self._fixpoint([c for key in changed for c in self.constraints.by_key[key]])
            if not build_more or self.exhausted or generation == self.generations - 1:
                break
            before = len(self.constraints.items)
            anchors = {key for key, value in self.values.items() if tight(value)} | set(self.printed)
            build(self.index, self.ruleset, anchors, into=self.constraints)
            queue = self.constraints.items[before:]
            if not queue:
                break

    def _fixpoint(self, initial) -> None:
        queue, queued = deque(), set()
        for constraint in initial:
            if id(constraint) not in queued:
                queue.append(constraint)
                queued.add(id(constraint))
        while queue:
            constraint = queue.popleft()
            queued.discard(id(constraint))
            self.active.add(id(constraint))
            if not constraint.propagate or id(constraint) in self.broken:
                continue
            if self.revisions and self.solves + len(constraint.keys) > self.revisions:
                self.exhausted = True  # stop here: what is narrowed so far stays sound
                return
            self.solves += len(constraint.keys)
            for key in constraint.keys:
                if self._revise(constraint, key, constraint.solve(key, self.env)):
                    for other in self.constraints.by_key[key]:
                        if id(other) not in queued:
                            queue.append(other)
                            queued.add(id(other))

    def _revise(self, constraint, key: Key, new, used=None) -> bool:
        if id(constraint) in self.broken:
            return False
        used = [k for k in constraint.keys if k != key] if used is None else used
        if is_empty(new):
            self._contradict(constraint, key, used)
            return False
        if new.is_everything:
            return False
        old = self.env(key)
        narrowed = old.intersect(new.tidy())
        if narrowed is None:
            self._contradict(constraint, key, used)
            return False
        closes = (old.lo is None) != (narrowed.lo is None) or (old.hi is None) != (narrowed.hi is None)
        if not narrowed.narrows(old, NARROWING) or (self.updates[key] >= MAX_UPDATES and not closes):
            return False
        self.updates[key] += 1
        self.values[key] = narrowed
        self.support[key] = self.support.get(key, frozenset()).union(
            *(self.support.get(k, frozenset()) for k in used))
        self.steps[key] = Step(key, constraint.rule_id, constraint, tuple(used), narrowed)
        return True

    def _contradict(self, constraint, key, used) -> None:
        self.broken.add(id(constraint))
        facts = self.support.get(key, frozenset()).union(*(self.support.get(k, frozenset()) for k in used))
        self.raw_contradictions.append(Contradiction(constraint.rule_id, key, constraint.formula(),
                                                     tuple(sorted(facts))))

    def _pairs(self) -> dict[Key, None]:
        """Solve pairs of variables linked by two constraints (see the module docstring)."""
        links: dict[tuple[Key, Key], list] = defaultdict(list)
        for constraint in self.constraints.items:
            if not constraint.propagate or id(constraint) in self.broken or id(constraint) not in self.active:
                continue
            keys = list(dict.fromkeys(constraint.keys))
            loose = [k for k in keys if not self.env(k).bounded]
            if not loose or len(loose) > 2:
                continue
            pairs = [tuple(loose)] if len(loose) == 2 else [(loose[0], k) for k in keys if k != loose[0]]
            for u, v in pairs:
                for k, d in constraint.links(u, v, self.env):
                    links[(u, v)].append((k, d, constraint))
                for k, d in constraint.links(v, u, self.env):
                    links[(v, u)].append((k, d, constraint))
        changed: dict[Key, None] = {}
        inverses = {pair: [item for item in map(inverse, found) if item] for pair, found in links.items()}
        for (u, v), found in links.items():
            found = found + inverses.get((v, u), [])
            for i, (k1, d1, c1) in enumerate(found):
                for k2, d2, c2 in found[i + 1:]:
                    if c1 is c2:
                        continue
                    denominator = k1 - k2
                    if not denominator.excludes_zero():
                        continue
                    value = (d2 - d1) / denominator
                    used = [k for k in (*c1.keys, *c2.keys) if k not in (u, v)]
                    pair = PairConstraint(c1.rule_id + "+" + c2.rule_id, c1, c2)
                    if self._revise(pair, v, value, used):
                        changed[v] = None
                    if id(pair) in self.broken:
                        self.broken.update({id(c1), id(c2)})
        return changed

    # -- results ---------------------------------------------------------------------------------
    def dimension(self, key: Key) -> str:
        if key.measure in RATIO_MEASURES:
            return "ratio"
        for figure in self.index.figures.values():
            if figure.key.concept == key.concept and figure.key.measure == "level":
                return figure.dimension
        kind = self.index.vocabulary.concepts[key.concept].kind
        return "count" if kind == "count" else "money"

    def derived(self, include_printed: bool = False) -> list[Derived]:
        found = []
        for key, value in self.values.items():
            printed = key in self.index.figures  # conflicting repeats are printed too
            if not tight(value) or (printed and not include_printed) or (printed and key not in self.steps):
                continue
            chain, rules = self.chain(key)
            found.append(Derived(key, value.interval, self.dimension(key), tuple(sorted(self.support[key])),
                                 chain, tuple(sorted(rules)), tuple(self.links(key))))
        found.sort(key=lambda d: d.key.describe())
        return found

    def derivation(self, key: Key) -> list[Key]:
        """The derived keys whose steps gave ``key``, inputs first (each once): what :meth:`chain` and
        :meth:`links` show, as text and as data."""
        order: list[Key] = []
        seen: set[Key] = set()

        def visit(current: Key) -> None:
            if current in seen or current not in self.steps:
                return
            seen.add(current)
            for item in self.steps[current].inputs:
                visit(item)
            order.append(current)

        visit(key)
        return order

    def chain(self, key: Key) -> tuple[list[str], set[str]]:
        """The steps that derived ``key``, inputs first (each step once)."""
        lines: list[str] = []
        rules: set[str] = set()
        for current in self.derivation(key):
            step = self.steps[current]
            rules.update(step.rule_id.split("+"))
            inputs = ", ".join(describe_input(self, item) for item in step.inputs)
            lines.append(f"{current.describe()} in {step.result} by {step.rule_id}: {step.formula} "
                         f"(from {inputs})")
        return lines, rules

    def links(self, key: Key) -> list[Link]:
        """The steps of :meth:`chain` as data, inputs first (each step once)."""
        found = []
        for current in self.derivation(key):
            step = self.steps[current]
            found.append(Link(current, step.result, step.rule_id, step.formula,
                              tuple(self.source(item) for item in step.inputs)))
        return found

    def source(self, key: Key) -> Source:
        if key in self.printed and key not in self.steps:
            return Source(key, None, tuple(sorted(self.support.get(key, ()))))
        return Source(key, self.values.get(key), None)

    def contradictions(self) -> list[Contradiction]:
        """Contradictions with minimal fact sets (computed on first call), one per distinct set. A raw
        contradiction whose facts include a set already found is taken to be that one again."""
        if not hasattr(self, "_minimal"):
            found: dict[tuple, Contradiction] = {}
            for item in sorted(self.raw_contradictions, key=lambda c: (len(c.facts), c.facts)):
                if item.rule_id != REPEATS and any(set(f) <= set(item.facts) for f in found):
                    continue
                facts = item.facts if item.rule_id == REPEATS else minimise(self, item.facts)
                found.setdefault(tuple(facts), Contradiction(item.rule_id, item.key, item.formula,
                                                             tuple(facts)))
            self._minimal = list(found.values())
        return self._minimal


@dataclass(eq=False)
class PairConstraint:
    """Two constraints solved together for one variable (only used to label steps)."""

    rule_id: str
    first: object
    second: object

    @property
    def keys(self):
        return tuple(dict.fromkeys((*self.first.keys, *self.second.keys)))

    def formula(self) -> str:
        return f"{self.first.formula()} and {self.second.formula()}"


def tight(value: Range) -> bool:
    """Bounded and narrow enough to be worth reporting or building on (width <= |mid| / TIGHT)."""
    return value.bounded and value.width * TIGHT <= abs(value.mid)


def inverse(link):
    """``u = k v + d`` as ``v = (1/k) u - d/k``; None when k may be zero."""
    k, d, constraint = link
    if not k.excludes_zero():
        return None
    factor = k.reciprocal()
    return factor, -(d * factor), constraint


def describe_input(prop: Propagation, key: Key) -> str:
    value = prop.values.get(key)
    if key in prop.printed and key not in prop.steps:
        ids = sorted(prop.support.get(key, ()))
        return f"{key.describe()} printed ({', '.join(ids[:3])}{', ...' if len(ids) > 3 else ''})"
    return f"{key.describe()} {value if value is not None else 'unknown'}"


def first_disjoint(facts):
    for i, first in enumerate(facts):
        for second in facts[i + 1:]:
            if not first.interval.meets(second.interval):
                return [first, second]
    return facts


def minimise(prop: Propagation, facts) -> tuple[str, ...]:
    """Greedy deletion: drop chunks of facts, then single facts, keeping a drop whenever propagation
    from the remaining facts alone still meets a contradiction (other than repeats that disagree).

    Trials first use only the constraints among figures that depend on these facts in the full run (or
    that nothing determined); a contradiction found that way is genuine. When that does not reproduce it,
    trials use every constraint."""
    current = sorted(facts)
    original = frozenset(facts)
    near = ConstraintSet()
    for constraint in prop.constraints.items:
        if all(key not in prop.values or prop.support.get(key, frozenset()) & original for key in constraint.keys):
            near.add(constraint)

    def contradicts(ids, constraints) -> bool:
        trial = Propagation(prop.index, prop.ruleset, constraints=constraints, known=frozenset(ids),
                            generations=1)
        return any(c.rule_id != REPEATS for c in trial.raw_contradictions)

    constraints = near if contradicts(current, near) else prop.constraints
    if not current or (constraints is prop.constraints and not contradicts(current, constraints)):
        return tuple(current)
    size = max(1, len(current) // 2)
    while size >= 1:
        start = 0
        while start < len(current):
            rest = current[:start] + current[start + size:]
            if rest and contradicts(rest, constraints):
                current = rest
            else:
                start += size
        size //= 2 if size > 1 else 2
    return tuple(current)


def propagate(index, ruleset, revisions: int = DEFAULT_REVISIONS) -> Propagation:
    return Propagation(index, ruleset, revisions=revisions)


def derive(index, ruleset) -> list[Derived]:
    """Figures no fact prints but the printed ones force, with their derivation."""
    return propagate(index, ruleset).derived()


__all__ = ["Contradiction", "Derived", "Link", "Propagation", "Source", "Step", "derive", "propagate"]
