"""How a cause reads: the cause dict of a finding and its explanation, exact decimals for the reports.

A cause has ``kind``, ``fact``, ``suggested`` (an exact decimal in the fact's printed units) and
``explanation``; label slips add ``concept``/``period``/``base``, a tested correction ``corrected`` (its
[lo, hi] in the base unit), an exchange of two facts ``other_fact`` and ``other_suggested``, an
undetermined cause ``alternatives`` (the rivals).
"""

from __future__ import annotations

import math
from fractions import Fraction

from auditor.diagnosis.hypotheses import LABEL_KINDS, Hypothesis
from auditor.diagnosis.pairs import PAIR_KINDS
from auditor.diagnosis.ranges import Range
from auditor.results import show_interval


def decimal_text(value: Fraction, places: int = 0) -> str:
    """An exact decimal string with at least ``places`` decimals (the values are finite decimals)."""
    sign = "-" if value < 0 else ""
    value = abs(Fraction(value))
    while (value * 10**places).denominator != 1:
        places += 1
        if places > 30:
            raise ValueError(f"{value} is not a finite decimal")
    digits = str(int(value * 10**places)).rjust(places + 1, "0")
    text = digits[:-places] + "." + digits[-places:] if places else digits
    return sign + text


def bounds_text(interval) -> list[str | None]:
    """[lo, hi] as decimal strings in the base unit: exact, or rounded outwards to 9 places; None for an
    unbounded side."""
    scale = 10**9

    def text(value, rounding) -> str | None:
        if value is None:
            return None
        if (value * 10**30).denominator != 1:
            value = Fraction(rounding(value * scale), scale)
        return decimal_text(value)

    return [text(interval.lo, math.floor), text(interval.hi, math.ceil)]


def at_precision(fact, value: Range) -> Fraction:
    """The value at the fact's printed precision nearest the middle of ``value`` (printed units)."""
    step = Fraction(1, 10**fact.printed.decimals)
    middle = value.mid / fact.unit.factor
    return (middle / step + Fraction(1, 2)).__floor__() * step


def show_range(value: Range, dimension: str) -> str:
    """A bounded range as the reports show intervals (rounded for reading only)."""
    return show_interval(value.interval, dimension) if value.bounded else str(value)


def shown(fact) -> str:
    return f"{fact.shown} ({fact.document.name}:{fact.line}, labelled {fact.label!r})"


def describe(group: list[Hypothesis], score: tuple, votes: int = 0, outranked: list[Hypothesis] = ()) -> dict:
    """The cause named by ``group`` (one hypothesis, or one label slip matching several figures);
    ``outranked``: rivals that fit as well but explain the printed value less well (causes.prior)."""
    hyp = group[0]
    fact = hyp.fact
    targets = " or ".join(sorted({h.target for h in group}))
    resolved = score[0]
    suggested = decimal_text(hyp.suggested, fact.printed.decimals)
    unit = "%" if fact.unit.name == "%" else f" {fact.unit.name}"
    also = f"; this resolves {resolved} failing checks at once" if resolved > 1 else ""
    where = f"every check it takes part in then passes{also}"
    if votes:
        where += (f"; the other statements agree with {votes} independent check{'s' if votes > 1 else ''} "
                  "of the figure, this one does not")
    text = {
        "sign": f"{shown(fact)} has its sign or direction word flipped: as {suggested}{unit}, {where}",
        "scale": f"{shown(fact)} is off by a unit slip ({hyp.target}): as {suggested}{unit}, {where}",
        "transposition": f"{shown(fact)} has two adjacent digits transposed: as {suggested}{unit}, {where}",
        "digit": f"{shown(fact)} has one digit mistyped: as {suggested}{unit}, {where}",
    }.get(hyp.kind)

    if hyp.kind in LABEL_KINDS:
        what = {"mislabel": f"the {targets} of {fact.key.entity} for the same period",
                "wrong_period": f"the same figure for {targets}",
                "wrong_base": f"the change against {targets} instead of {fact.key.base_period}"}[hyp.kind]
        own = (f"; its own figure would be {suggested}{unit}" if hyp.corrected is not None
               else "; nothing else fixes its own figure")
        text = f"{shown(fact)} is {what} ({show_range(hyp.match, fact.unit.dimension)}){own}; {where}"
    if hyp.kind in PAIR_KINDS:
        text = exchange_text(hyp, where)
    if outranked:
        text += preferred_text(hyp, outranked)
    cause = {"kind": hyp.kind, "fact": fact.id, "suggested": suggested, "explanation": text}
    if hyp.kind in PAIR_KINDS:
        cause["other_fact"] = hyp.other.id
        cause["other_suggested"] = decimal_text(hyp.fact.value, fact.printed.decimals)
    if hyp.kind in LABEL_KINDS:
        cause[{"mislabel": "concept", "wrong_period": "period", "wrong_base": "base"}[hyp.kind]] = targets
    if hyp.corrected is not None:
        cause["corrected"] = bounds_text(hyp.corrected.interval)
    return cause


def preferred_text(hyp: Hypothesis, outranked: list[Hypothesis]) -> str:
    """Why a cause is named over rivals that fit the checks as well."""
    listed = "; ".join(rival_text(h) for h in outranked[:6]) + (" ..." if len(outranked) > 6 else "")
    if hyp.kind == "transposition":
        reason = "swapped digits keep the printed digits, a mistyped one does not"
    else:
        reason = "it keeps the printed digits of a true figure, which a typo rarely reproduces"
    rivals = f"{len(outranked)} rival{'s' if len(outranked) > 1 else ''}"
    return f"; named before {rivals} that fit as well ({listed}): {reason}"


def points_cause(check) -> dict:
    """The change kind found the printed % to be the change in points of a ratio (no trial needed)."""
    fact = next(f for f in check.facts if f.key == check.about)
    relative = at_precision(fact, Range.of(check.expected))
    suggested = decimal_text(relative, fact.printed.decimals)
    text = (f"{shown(fact)} is the change in points of a ratio written as a percentage: "
            f"{fact.value_text} points; as a relative change it would be {suggested}%")
    return {"kind": "points_as_percent", "fact": fact.id, "suggested": suggested, "explanation": text,
            "corrected": bounds_text(check.expected)}


def exchange_text(hyp, where: str) -> str:
    what = {"label_swap": "two rows of one column exchanged their labels",
            "period_swap": "two period columns of one row exchanged",
            "adjacent_shift": "two neighbouring cells of one line exchanged"}[hyp.kind]
    return (f"{shown(hyp.fact)} and {shown(hyp.other)} look exchanged ({what}): as {hyp.other.value_text} "
            f"and {hyp.fact.value_text}, {where}")


def rival_text(h: Hypothesis) -> str:
    if h.kind in PAIR_KINDS:
        return f"{h.kind} of {h.fact.id} and {h.other.id}"
    return (f"{h.kind} of {h.fact.id} as {decimal_text(h.suggested, h.fact.printed.decimals)}"
            + (f" ({h.target})" if h.target else ""))


def undetermined(reason: str, rivals: list[Hypothesis]) -> dict:
    listed = [rival_text(h) for h in rivals]
    text = reason + (": " + "; ".join(listed[:6]) + (" ..." if len(listed) > 6 else "") if listed else "")
    return {"kind": "undetermined", "fact": None, "suggested": None, "explanation": text,
            "alternatives": listed}
