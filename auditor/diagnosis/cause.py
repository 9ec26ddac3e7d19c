"""A finding's likely cause as a typed, immutable value.

The diagnosis (:mod:`auditor.diagnosis.causes`) builds plain dicts; :func:`Cause.from_dict` is the one
boundary where they become :class:`Cause` values, attached to their finding by the pipeline
(:mod:`auditor.pipeline`). Reporters read the fields; :meth:`Cause.to_json` gives the JSON report's
``cause`` object exactly as the diagnosis built it (same keys, same order), so the committed reports keep
their bytes. Keys this class does not know yet (a second fact for a swap, say) are kept in ``extra`` and
written back in their place: the diagnosis can grow without breaking the reports.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from types import MappingProxyType

# The fields a cause may have, as the diagnosis names them; anything else goes to ``extra``.
KNOWN = ("kind", "fact", "suggested", "explanation", "concept", "period", "base", "corrected",
         "alternatives", "implied")

Bounds = tuple  # (lo, hi) as decimal strings in the base unit, None for an open side


@dataclass(frozen=True, slots=True)
class Cause:
    kind: str  # mislabel, sign, scale, transposition, digit, wrong_period, wrong_base, ..., undetermined
    explanation: str
    fact: str | None = None  # the id of the fact likely printed wrong (None when undetermined)
    suggested: str | None = None  # what that fact should print: an exact decimal in its printed unit
    concept: str | None = None  # a mislabel: the concept the value belongs to
    period: str | None = None  # a wrong period: the period(s) the value belongs to
    base: str | None = None  # a wrong base: the base period(s) the change is against
    corrected: Bounds | None = None  # the corrected interval tested, in the base unit
    alternatives: tuple[str, ...] = ()  # undetermined: the rival corrections
    implied: tuple[tuple[str, Bounds | None], ...] | None = None  # per fact: where it would have to lie
    extra: tuple[tuple[str, object], ...] = ()  # keys the diagnosis added that this class does not name
    keys: tuple[str, ...] = field(default=(), repr=False)  # the diagnosis's keys in its order (for to_json)

    @property
    def known(self) -> bool:
        """Whether the diagnosis settled on one cause (an undetermined one names none)."""
        return self.kind != "undetermined"

    @property
    def implied_ranges(self) -> dict[str, Bounds | None]:
        return dict(self.implied or ())

    @classmethod
    def from_dict(cls, raw: dict) -> Cause:
        """The one conversion from the diagnosis's dict: lists become tuples, unknown keys ``extra``."""
        values = {name: frozen(raw[name]) for name in KNOWN if name in raw}
        if "implied" in raw and raw["implied"] is not None:
            values["implied"] = tuple((fact, frozen(bounds)) for fact, bounds in raw["implied"].items())
        if values.get("alternatives") is None:
            values.pop("alternatives", None)
        extra = tuple((name, frozen(value)) for name, value in raw.items() if name not in KNOWN)
        return cls(**values, extra=extra, keys=tuple(raw))

    def to_json(self) -> dict:
        """The JSON report's object: the diagnosis's keys, in its order, lists for tuples."""
        extra = dict(self.extra)
        out = {}
        for name in self.keys or self.present():
            value = extra[name] if name in extra else getattr(self, name)
            if name == "implied" and value is not None:
                value = {fact: thawed(bounds) for fact, bounds in value}
            out[name] = thawed(value)
        return out


    def present(self) -> tuple[str, ...]:
        """For a cause built directly (not from the diagnosis): the four fields every cause has, then the
        optional ones that are set."""
        optional = [name for name in KNOWN[4:] if getattr(self, name) not in (None, ())]
        return (*KNOWN[:4], *optional, *(name for name, _ in self.extra))


def frozen(value):
    """Lists as tuples and dicts as read-only mappings, recursively, so a cause cannot change once built."""
    if isinstance(value, list | tuple):
        return tuple(frozen(item) for item in value)
    if isinstance(value, dict):
        return MappingProxyType({key: frozen(item) for key, item in value.items()})
    return value


def thawed(value):
    if isinstance(value, tuple):
        return [thawed(item) for item in value]
    if isinstance(value, MappingProxyType):
        return {key: thawed(item) for key, item in value.items()}
    return value
