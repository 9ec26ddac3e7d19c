"""share_equation: an identity between the printed shares of concepts of one denominator.

The names of ``check`` stand for the concepts' shares ("% of Revenues", margin ratios) of the same
denominator (``of``, ``of_segment``) at each place (entity, segment, period, basis), as fractions: ``1`` is
100%. ``cost_of_revenue + gross_margin == 1`` checks that a table's cost % and gross margin % make 100%
within their rounding, which the rounded levels alone often cannot show; ``gross_margin - sga_rd ==
operating_income`` the same identity as the levels'. Places where only some of the shares are printed are
skipped (missing figures), as in ``equation``, whose expressions and readings of repeats this kind shares.

Parameters:
  check: the expression (one comparison at the top: ==, <=, >=, <, >).
  segments: ``any`` (default) or ``total`` (only entity totals, no segment).
"""

from __future__ import annotations

from auditor.kinds.equation import Params, evaluate_places, prepare, references  # noqa: F401 (the kind's API)


def share_places(index) -> dict:
    """Printed shares by (entity, segment, period, basis, of, of_segment), then concept."""
    groups: dict[tuple, dict] = {}
    for figure in index.of_measure("share"):
        key = figure.key
        groups.setdefault((key.entity, key.segment, key.period, key.basis, key.of, key.of_segment),
                          {})[key.concept] = figure
    return groups


def evaluate(rule, params, index):
    yield from evaluate_places(rule, params, share_places(index))
