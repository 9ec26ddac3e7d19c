"""Diagnosis of failing checks: implied values, derived figures and likely causes.

Public API:

- :func:`diagnose` ``(outcome, index) -> {id(check): cause}``: for each failing check, the single printed
  figure that was likely printed wrong and how (:mod:`auditor.diagnosis.causes`). A cause is a dict with
  ``kind`` (``mislabel``, ``sign``, ``scale``, ``transposition``, ``digit``, ``wrong_period``,
  ``wrong_base``, ``label_swap``, ``period_swap``, ``adjacent_shift``, ``points_as_percent`` or
  ``undetermined``), ``fact`` (its id; an exchange also ``other_fact`` and ``other_suggested``), ``suggested`` (an exact decimal string in the
  fact's printed units, signed: what the slot should read), ``explanation``, and ``concept`` /
  ``period`` / ``base`` for the label slips, ``corrected`` ([lo, hi] in the base unit) when a corrected
  interval was tested, ``alternatives`` when undetermined, and ``implied``: for each fact of the check,
  the [lo, hi] (base unit; None for an open side or no interval) it would have to lie in for the check to
  pass given the others. With a ``budget`` (checks re-evaluated, ``DEFAULT_BUDGET`` on the command line)
  only a prefix of the checks gets a cause; :class:`Diagnoser` counts them (``diagnosed`` of ``wanted``).
  The pipeline (:func:`auditor.pipeline.run`) turns each dict into a frozen
  :class:`auditor.diagnosis.cause.Cause` and attaches it to its finding (``check.cause``): reporters never
  see the dicts;
- :func:`derive` ``(index, ruleset) -> [Derived]``: figures no fact prints but the printed ones force,
  with their derivation (:mod:`auditor.diagnosis.derive`); :func:`propagate` gives the whole propagation
  (narrowed intervals of every figure, contradictions with minimal fact sets);
- :func:`implied` ``(check, index, ruleset) -> {fact id: Range | None}``: the range each fact of a check
  would have to lie in for the check to pass, given the others (:mod:`auditor.diagnosis.implied`);
- :func:`coverage` ``(ruleset, dataset, derived) -> Coverage``: how many more checks run with derived
  figures (:mod:`auditor.diagnosis.coverage`).

All arithmetic is exact (:class:`fractions.Fraction`, :class:`auditor.interval.Interval` and the
possibly unbounded :class:`auditor.diagnosis.ranges.Range`).
"""

from auditor.diagnosis.causes import DEFAULT_BUDGET, Diagnoser, decimal_text, diagnose
from auditor.diagnosis.coverage import Coverage, coverage
from auditor.diagnosis.derive import Contradiction, Derived, Propagation, derive, propagate
from auditor.diagnosis.implied import implied
from auditor.diagnosis.ranges import Range

__all__ = ["DEFAULT_BUDGET", "Contradiction", "Coverage", "Derived", "Diagnoser", "Propagation", "Range",
           "coverage", "decimal_text", "derive", "diagnose", "implied", "propagate"]
