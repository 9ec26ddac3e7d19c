"""provenance: every figure is printed where its fact says.

For each fact: its printed ``text`` stands on its cited ``line`` of the source document; its ``label``
and ``period_text`` stand on that line or on one of its ``header`` lines. Whitespace runs count as one
space; ``text`` must match case for case, labels and period texts ignore case. A footnote marker
``[^5]`` glued to a word stands for the digit the document prints there ("FY2019[^5]" is printed
"FY20195"; auditor.footnotes). For each claim: its ``text`` stands on its line. A fact that fails this
was edited away from its source.

Parameters: none.
"""

from __future__ import annotations

from auditor.footnotes import printed
from auditor.model import Strict, fold_whitespace
from auditor.results import Check



class Params(Strict):
    pass


def evaluate(rule, params, index):
    for fact in index.dataset.facts:
        yield check_fact(rule, fact)
    for claim in index.dataset.claims:
        line = claim.document.folded_line(claim.line)
        passed = fold_whitespace(claim.text) in line
        message = "claim text found on its line" if passed else (
            f"claim {claim.id}: text {claim.text!r} is not on {claim.document.name} line {claim.line}")
        yield Check(rule.id, passed, claim.facts, message, dimension="count", about=claim.id)


def check_fact(rule, fact) -> Check:
    document = fact.document
    own = document.folded_line(fact.line)
    context = [own] + [document.folded_line(h) for h in fact.header]
    problems = []
    if fold_whitespace(printed(fact.text)) not in own:
        problems.append(f"text {fact.text!r} is not on line {fact.line}")
    for field, value in (("label", fact.label), ("period text", fact.period_text)):
        if value and not any(fold_whitespace(printed(value)).lower() in line.lower() for line in context):
            where = f"line {fact.line}" + (f" or header line(s) {', '.join(map(str, fact.header))}"
                                           if fact.header else "")
            problems.append(f"{field} {value!r} is not on {where}")
    if problems:
        message = f"fact {fact.id} does not match {fact.document.name}: " + "; ".join(problems)
        return Check(rule.id, False, [fact], message, about=fact.key)
    return Check(rule.id, True, [fact], "printed text and label found", about=fact.key)
