"""provenance: every figure is printed where its fact says.

For each fact: its printed ``text`` stands on its cited ``line`` of the source document; its ``label``
and ``period_text`` stand on that line or on one of its ``header`` lines. Whitespace runs count as one
space; ``text`` must match case for case, labels and period texts ignore case. A number of the text
never matches inside a longer number of the line ("3.3" is not in "33.3%", "1,953" not in "11,953");
letters next to it are fine ("JPY23.4"). When the text is not on its line but on one up to 5 lines
away, the finding says which. A footnote marker ``[^5]`` glued to a word stands for the digit the
document prints there ("FY2019[^5]" is printed "FY20195"; auditor.footnotes). For each claim: its
``text`` stands on its line. A fact that fails this
was edited away from its source.

Parameters: none.
"""

from __future__ import annotations

from auditor.linetext import TextIndex, present
from auditor.footnotes import printed, printed_text
from auditor.model import Strict, fold_whitespace
from auditor.results import Check

NEARBY = 5  # how far from its cited line a missing text is looked for, to say where it is
STATES_VALUES = False  # it reads where a figure is printed, not what it is
RECORD_CHECK = True



class Params(Strict):
    pass


def evaluate(rule, params, index):
    dataset = index.dataset
    texts = TextIndex()
    items = [(fact.document, fact.line, fold_whitespace(printed_text(fact.text))) for fact in dataset.facts]
    items += [(claim.document, claim.line, fold_whitespace(printed(claim.text))) for claim in dataset.claims]
    texts.ask(items)
    missing = [item for item in items if not texts.has(*item)]
    texts.ask([(document, number, text) for document, line, text in missing
               for number in nearby(document, line)])
    labels = LabelIndex(dataset.facts)
    for fact in dataset.facts:
        yield check_fact(rule, fact, texts, labels)
    for claim in dataset.claims:
        text = fold_whitespace(printed(claim.text))
        passed = texts.has(claim.document, claim.line, text)
        message = "claim text found on its line" if passed else (
            f"claim {claim.id}: text {claim.text!r} is not on {claim.document.name} line {claim.line}"
            + elsewhere(texts, claim.document, claim.line, text))
        yield Check(rule.id, passed, claim.facts, message, dimension="count", about=claim.id)


def nearby(document, line: int) -> list[int]:
    """The lines around ``line``, nearest first (the earlier of two equally near)."""
    around = []
    for distance in range(1, NEARBY + 1):
        around += [n for n in (line - distance, line + distance) if 1 <= n <= len(document.lines)]
    return around


def elsewhere(texts: TextIndex, document, line: int, text: str) -> str:
    for number in nearby(document, line):
        if texts.has(document, number, text):
            return f" (it is on line {number})"
    return ""


class LabelIndex:
    """Which labels and period texts stand on which lines, each line searched once for all of its own."""

    def __init__(self, facts) -> None:
        wanted: dict[tuple[str, int], tuple[object, set[str]]] = {}
        for fact in facts:
            for value in (fact.label, fact.period_text):
                if value:
                    for number in (fact.line, *fact.header):
                        entry = wanted.setdefault((fact.document.path, number), (fact.document, set()))
                        entry[1].add(lowered(value))
        # each line lowered once here, not kept: a long line would be held twice for the whole run
        self.found = {key: present(document.folded_line(key[1]).lower(), needles)
                      for key, (document, needles) in wanted.items()}

    def has(self, document, number: int, label: str) -> bool:
        return label in self.found[document.path, number]


def lowered(value: str) -> str:
    """A label or period text as the line prints it: footnote markers as their digits, folded, lowered."""
    return fold_whitespace(printed(value)).lower()


def check_fact(rule, fact, texts: TextIndex, labels: LabelIndex) -> Check:
    document = fact.document
    lines = (fact.line, *fact.header)
    problems = []
    text = fold_whitespace(printed_text(fact.text))
    if not texts.has(document, fact.line, text):
        problems.append(f"text {fact.text!r} is not on line {fact.line}"
                        + elsewhere(texts, document, fact.line, text))
    for field, value in (("label", fact.label), ("period text", fact.period_text)):
        if value and not any(labels.has(document, n, lowered(value)) for n in lines):
            where = f"line {fact.line}" + (f" or header line(s) {', '.join(map(str, fact.header))}"
                                           if fact.header else "")
            problems.append(f"{field} {value!r} is not on {where}")
    if problems:
        message = f"fact {fact.id} does not match {fact.document.name}: " + "; ".join(problems)
        return Check(rule.id, False, [fact], message, about=fact.key)
    return Check(rule.id, True, [fact], "printed text and label found", about=fact.key)
