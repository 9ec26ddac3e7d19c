"""Waivers: acknowledged findings, keyed by rule id and the ids of the facts involved (not lines).

```yaml
waivers:
  - rule: agreement
    facts: [d000.rev.iijg.opinc.1q11, d000.iijg.opinc.1q11]
    reason: The deck labels IIJ-Global's revenue "operating income" (6,464 = revenue; 436 is the operating income).
    expires: 2027-06-30     # optional: after this date the finding fails again
```

A waiver matches a finding of its rule whose set of facts is exactly its ``facts``. A waived finding stays
in every report with status "waived" and its reason. A waiver that matches nothing is stale and fails the
gate, so the file never hides more than it should.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from pydantic import Field

from auditor.errors import InputError, InputErrors
from auditor.limits import ErrorList
from auditor.loader import validate
from auditor.model import Strict
from auditor.yamlsafe import load_yaml


class WaiverSpec(Strict):
    rule: str
    facts: list[str] = Field(min_length=1)
    reason: str | None = None
    expires: datetime.date | None = None


class WaiverFile(Strict):
    waivers: list[dict] | None = None


@dataclass(frozen=True)
class Waiver:
    rule: str
    facts: frozenset[str]
    reason: str
    expires: datetime.date | None
    path: str
    line: int

    @property
    def key(self) -> tuple[str, frozenset[str]]:
        return (self.rule, self.facts)


def load_waivers(path: str, rule_ids: set[str], fact_ids: set[str], require_reasons: bool = True) -> list[Waiver]:
    data = load_yaml(path)
    if not isinstance(data, dict):
        raise InputErrors([InputError(path, getattr(data, "line", 1), "a waivers file must be a mapping "
                                      "with a 'waivers' list")])
    spec = validate(WaiverFile, data, path)
    waivers, errors, seen = [], ErrorList(), {}  # ErrorList: a huge file stops at MAX_ERRORS
    for index, raw in enumerate(spec.waivers or []):
        line = data["waivers"].item_lines[index]
        try:
            item: WaiverSpec = validate(WaiverSpec, raw, path, line)
        except InputErrors as exc:
            errors.extend(exc.errors)
            continue
        problems = waiver_problems(item, rule_ids, fact_ids, require_reasons)
        errors.extend(InputError(path, line, problem) for problem in problems)
        waiver = Waiver(item.rule, frozenset(item.facts), (item.reason or "").strip(), item.expires, path, line)
        if waiver.key in seen:
            errors.append(InputError(path, line, f"duplicate waiver (same rule and facts as line {seen[waiver.key]})"))
        seen[waiver.key] = line
        waivers.append(waiver)
    if errors:
        raise InputErrors(errors)
    return waivers


def waiver_problems(item: WaiverSpec, rule_ids: set[str], fact_ids: set[str], require_reasons: bool) -> list[str]:
    problems = []
    if item.rule not in rule_ids:
        problems.append(f"waiver names unknown rule {item.rule!r}")
    unknown = [fact for fact in item.facts if fact not in fact_ids]
    if unknown:
        problems.append(f"waiver names unknown fact(s): {', '.join(unknown)}")
    if require_reasons and not (item.reason or "").strip():
        problems.append(f"waiver for {item.rule} has no reason: state the evidence that the source is wrong")
    return problems


@dataclass(frozen=True)
class WaiverVerdict:
    """What the waivers say of one finding: its status and the reason to show (None: no waiver)."""

    status: str  # failed | waived
    reason: str | None = None


UNWAIVED = WaiverVerdict("failed")


def waiver_verdicts(findings, waivers: list[Waiver], today: datetime.date
                    ) -> tuple[list[WaiverVerdict], list[Waiver]]:
    """For each finding (in order) what its waiver says, and the waivers that matched none (stale).

    A waiver matches a finding of its rule with exactly its set of facts. An expired one still matches (it
    is not stale) but no longer waives: the finding fails, with the expiry and the old reason as a note."""
    by_key = {waiver.key: waiver for waiver in waivers}
    used: set[tuple] = set()
    verdicts = []
    for check in findings:
        waiver = by_key.get((check.rule_id, frozenset(check.fact_ids)))
        if waiver is None:
            verdicts.append(UNWAIVED)
            continue
        used.add(waiver.key)
        if waiver.expires is not None and waiver.expires < today:
            verdicts.append(WaiverVerdict("failed", f"waiver expired on {waiver.expires.isoformat()}: "
                                                    f"{waiver.reason}"))
        else:
            verdicts.append(WaiverVerdict("waived", waiver.reason))
    return verdicts, [waiver for waiver in waivers if waiver.key not in used]
