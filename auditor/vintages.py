"""Accounting standards and vintages: what a figure's basis says beyond actual / target / forecast.

A figure's :class:`~auditor.model.Key` holds one *basis* string, and every rule pairs figures of equal
bases (a share with the levels of its basis, a change with the figures of its basis and base basis). The
standard and the vintage are therefore written into that string, so that no rule can let two of them meet:

- the **standard** of the document (or of the fact, for a comparative printed under another standard):
  ``actual, IFRS``. A document that declares none adds nothing, and its figures meet only figures of
  other undeclared documents: no standard is assumed for them;
- a **qualifier**, ``adjusted`` or ``normalized`` (income excluding equity-security gains, "considering
  normalized cost"): a measure of its own, checked with the figures of the same qualifier only;
- the **share basis** of a per-share figure, the date of the stock split it is on (``shares of
  2019-10-01``): per-share figures before and after a split are two figures;
- the **currency** of a US$ convenience translation (``in US$``): checked against the yen figure of the
  same basis by the translation rule only;
- the **vintage** of a target or forecast of a dated document: ``target as of 2019-11-06``. The target
  a document states is the one in force on its date; ``revised_target`` is that same target (the
  revision is the document's), so it is written ``target as of`` the date too.

``previous_target`` and ``original_target`` (also ``initial_target``) of a dated document name an earlier
vintage: after the load, :func:`resolve` replaces them by the latest vintage of the same figure before
the document's date (the previous one) or the earliest (the original) that the dataset holds, so that
"down JPY1.0 billion from the previous target" is checked against the earlier document's target. When
the dataset holds no earlier vintage, the basis stays ``previous_target as of <date>``: the statements
of that document about the previous target still meet each other, and nothing else.

An actual compared with ``target`` ("Actual against target", ``basis: actual, base_basis: target``) in a
document that states no target of that figure itself (the results release after the year ended) is
compared with the target in force on its date: the latest earlier vintage. A target's own change keeps
its document's vintage, so "down JPY1.0 billion from the previous target" never compares a vintage
with itself.
"""

from __future__ import annotations

import functools

from collections import defaultdict
from typing import NamedTuple

CURRENT = {"target": "target", "revised_target": "target", "forecast": "forecast"}
EARLIER = {"previous_target": "previous", "original_target": "original", "initial_target": "original"}


USD = "in US$"  # a convenience translation: the figure of the same basis without it, at the document's rate
SHARES = "shares of "  # the per-share basis: "shares of 2019-10-01" (after the split effective then)


class Basis(NamedTuple):
    name: str  # actual, target, forecast, previous_target, original_target, ...
    vintage: str | None  # ISO date
    standard: str | None
    qualifier: str | None = None  # adjusted | normalized: a measure of its own, never the plain one
    shares: str | None = None  # ISO date of the share split a per-share figure is on
    currency: str | None = None  # USD for a US$ convenience translation


def qualified(name: str, standard: str | None, date: str | None, qualifier: str | None = None,
              shares: str | None = None, currency: str | None = None) -> str:
    """The basis string of a fact of ``name`` in a document of ``standard`` and ``date``."""
    vintage = None
    if date is not None and (name in CURRENT or name in EARLIER):
        name, vintage = CURRENT.get(name, name), date
    return text(Basis(name, vintage, standard, qualifier, shares, currency))


def text(basis: Basis) -> str:
    out = basis.name
    if basis.vintage:
        out += f" as of {basis.vintage}"
    for part in (basis.standard, basis.qualifier, basis.shares and SHARES + basis.shares, basis.currency):
        if part:
            out += f", {part}"
    return out


@functools.lru_cache(maxsize=1024)  # a dataset has a handful of bases, each read back for every fact
def parse(basis: str) -> Basis:
    name, *parts = basis.split(", ")
    name, _, vintage = name.partition(" as of ")
    standard = qualifier = shares = currency = None
    for part in parts:
        if part == USD:
            currency = part
        elif part.startswith(SHARES):
            shares = part[len(SHARES):]
        elif part in QUALIFIERS:
            qualifier = part
        else:
            standard = part
    return Basis(name, vintage or None, standard, qualifier, shares, currency)


QUALIFIERS = ("adjusted", "normalized")


def _figure(key, basis_field: str) -> tuple:
    """What a vintage is a vintage of: the figure without its basis (the period that the basis is of)."""
    period = key.period if basis_field == "basis" else key.base_period
    return key.entity, key.segment, key.concept, period


def target_vintages(facts) -> dict[tuple, list[str]]:
    """(entity, segment, concept, period, standard) -> the dates of the targets the dataset states for it,
    levels only (a change or share states no target by itself)."""
    found: dict[tuple, set[str]] = defaultdict(set)
    for fact in facts:
        if fact.key.measure != "level":
            continue
        basis = parse(fact.key.basis)
        if basis.name == "target" and basis.vintage:
            found[(*_figure(fact.key, "basis"), basis.standard, basis.qualifier)].add(basis.vintage)
    return {figure: sorted(dates) for figure, dates in found.items()}


def resolved(basis_text: str, figure: tuple, vintages: dict[tuple, list[str]]) -> str:
    basis = parse(basis_text)
    which = EARLIER.get(basis.name)
    if which is None or basis.vintage is None:
        return basis_text
    earlier = [date for date in vintages.get((*figure, basis.standard, basis.qualifier), ())
               if date < basis.vintage]
    if not earlier:
        return basis_text
    chosen = earlier[-1] if which == "previous" else earlier[0]
    return text(basis._replace(name="target", vintage=chosen))


def in_force(basis_text: str, figure: tuple, vintages: dict[tuple, list[str]]) -> str:
    """The target in force on a document's date that the document itself does not state: the latest
    earlier vintage. Used for what an actual is compared with ("Actual against target" in the results
    release after the year, which prints no target of its own)."""
    basis = parse(basis_text)
    if basis.name != "target" or basis.vintage is None:
        return basis_text
    dates = vintages.get((*figure, basis.standard, basis.qualifier), ())
    earlier = [date for date in dates if date < basis.vintage]
    if basis.vintage in dates or not earlier:
        return basis_text
    return text(basis._replace(vintage=earlier[-1]))


def resolve(facts) -> None:
    """Point every previous/original target of a dated document at the vintage it names, and the target
    an actual is compared with at the one in force (see the module docstring and :func:`in_force`). Runs
    on every load, cached facts included: the answer depends on the other files."""
    vintages = target_vintages(facts)
    if not vintages:
        return
    for fact in facts:
        key = fact.key
        basis = resolved(key.basis, _figure(key, "basis"), vintages)
        base_basis = key.base_basis and resolved(key.base_basis, _figure(key, "base_basis"), vintages)
        if base_basis and parse(basis).name == "actual":  # a target change keeps its own vintage
            base_basis = in_force(base_basis, _figure(key, "base_basis"), vintages)
        if (basis, base_basis) != (key.basis, key.base_basis):
            fact.key = key._replace(basis=basis, base_basis=base_basis)
