"""Drafting a document's facts: every figure token of every line, with what its context decides.

One pass over the lines keeps the context a reader keeps: the unit ("Unit: JPY billion"), the table
header, the period of the slide (its "YoY = 1Q11 compared to 1Q10" footer), of the last heading, or of
the document, and the entity or segment a heading line names. A field nothing decides is left out and
the fact's ``todo`` says what the reviewer has to decide.
"""

from __future__ import annotations

import bisect
import re
from collections import Counter
from dataclasses import dataclass, field

from auditor.extract.labels import Namer
from auditor.extract.periods import Printed, basis_of, end_date, find_periods, quarter_of
from auditor.extract.prose import DIVIDEND, FROM_TARGET, inline_period, subject, with_evidence
from auditor.extract.tables import (Header, cells, current_and_base, is_header_line, mask_tags, read_header,
                                    strip_tags)
from auditor.extract.tokens import Token, tokenize

# "Unit: JPY billion", "(Unit: JPY million)", "(JPY millions)" on a line of their own.
_UNIT_LINE = re.compile(r"^\W*Unit\s*:\s*(JPY\s+(?:billion|million|thousand)|JPY|%)"
                        r"|^\s*\(\s*(JPY\s+(?:billion|million|thousand))s?\s*\)\s*$", re.IGNORECASE)
_FOOTER = re.compile(r"^\s*(YoY|QoQ)\s*=\s*(.+?)\s+compared\s+(?:to|with)\s+(.+?)\s*$")
_SLIDE_REACH = 45  # lines above a footer that it still speaks for
_NAME_LINE = re.compile(r"^[\s<(\[\u25c6\u25cf\u2022\-]*(.+?)[\s>)\]]*$")
# A slide title: "<...>", "II-4. ...", "(2) Cost of Revenues", "3. ..." (never a bullet or a sentence).
_TITLE = re.compile(r"^(?:<.*>|[IVX\u2160-\u216f]+[ ]?[-.\u2212][ ]?\d*\.?[ ].*|\([\dA-Za-z/]{1,5}\)[ ].*|\d+\.[ ][A-Z].*"
                    r"|[A-Z][^.:;,]{0,60})$")
_QUARTER_ONLY = re.compile(r"^[\s\-\u2022\u25c6\u25cf]*([1-4])Q[ ]?:")
# A caption over bullets: "Order Backlog:" alone on its line.
_CAPTION = re.compile(r"^[\s\-\u2022\u25c6\u25cf]*([A-Za-z][A-Za-z0-9&/ ()'\-]{1,80}?)\s*[:;]\s*$"
                      r"|^\s*[\u25c6\u25cf\u25a0][ ]*([A-Za-z][A-Za-z&/ ()'\-]{1,60}?)\s*$")
_SECTION = re.compile(r"^(?:<.*>|[IVX\u2160-\u216f]+[ ]?[-.\u2212])")
_COMPARE_WORDS = re.compile(r"(?:compared|compar|vs\.?|to|from|against)[ ]*$", re.IGNORECASE)


@dataclass
class Draft:
    line: int
    text: str
    value: str
    unit: str | None
    label: str | None = None
    header: list[int] = field(default_factory=list)
    entity: str | None = None
    segment: str | None = None
    concept: str | None = None
    measure: str = "level"
    period: str | None = None
    period_text: str | None = None
    basis: str | None = None
    compare: str | None = None
    base_basis: str | None = None
    of: str | None = None
    direction: str | None = None
    exact: bool | None = None
    todo: list[str] = field(default_factory=list)
    printed_period: bool = False  # the period is printed with the figure, not read from its context


@dataclass
class Context:
    unit: str | None = None
    unit_line: int = 0
    footer_line: int = 0  # the last slide footer seen
    heading: Printed | None = None
    names: dict[str, str] = field(default_factory=dict)  # entity / segment named by a heading line
    concept: str | None = None  # the concept a slide title names ("(1) Revenues")
    table_names: dict[str, str] = field(default_factory=dict)  # named by the table header's first cell
    caption: tuple[int, str] | None = None  # (line, label) of a "Order Backlog:" line over bullets
    header: Header | None = None
    last_label: tuple[int, str] | None = None  # (line, label) of the last labelled figure


class Drafter:
    def __init__(self, lines: list[str], namer: Namer) -> None:
        self.lines = lines
        self.namer = namer
        self.slides = self._slide_periods()
        self.document_period = self._document_period()
        self.kinds = {name: spec.kind for name, spec in namer.vocabulary.concepts.items()}

    def run(self) -> list[Draft]:
        drafts: list[Draft] = []
        context = Context()
        for number, line in enumerate(self.lines, 1):
            drafts.extend(self._line(number, line, context))
        return drafts

    # ---------------------------------------------------------------- context
    def _slide_periods(self) -> dict[int, str]:
        """Line -> the period named by the next footer ("YoY = 1Q11 compared to 1Q10") below it."""
        footers = []
        for number, line in enumerate(self.lines, 1):
            if (match := _FOOTER.match(line)) and (printed := find_periods(match[2])):
                footers.append((number, printed[0].period))
        periods, start = {}, 1
        for number, period in footers:
            line = number - 1
            # Up to the slide's numbered title, the footer before it, or the reach of a slide.
            while line >= max(start, number - _SLIDE_REACH):
                periods[line] = period
                if _SECTION.match(self.lines[line - 1].strip()):
                    break
                line -= 1
            start = number + 1
        return periods

    def _document_period(self) -> str | None:
        """The period the document's title names ("1st Half FY2012 Consolidated Financial Results"), else
        the one its slide footers name most."""
        for line in self.lines[:15]:
            if printed := [p for p in find_periods(line) if not p.loose and not p.instant]:
                return printed[0].period
        counts = Counter(self.slides.values())
        return counts.most_common(1)[0][0] if counts else None

    def _line(self, number: int, line: str, context: Context) -> list[Draft]:
        if not line.strip():
            return []
        if match := _UNIT_LINE.match(line):
            words = (match[1] or match[2]).split()
            context.unit = " ".join([words[0].upper()] + [w.lower() for w in words[1:]])  # "JPY Million"
            context.unit_line = number
            context.header = None
            return []
        if _FOOTER.match(line):
            context.heading = context.header = context.concept = context.caption = None
            context.names, context.table_names = {}, {}
            context.footer_line = number
            return []
        tokens = tokenize(mask_tags(line), self.namer.change_words, self.namer.nouns)
        names = self.namer.inside_names(line)
        tokens = [t for t in tokens if not any(a <= t.num_start and t.end <= b for a, b in names)]
        if "\t" in line:
            return self._tabbed(number, line, tokens, context)
        context.header, context.table_names = None, {}
        qualified = [t.unparenthesized() for t in tokens if t.qualified]
        if not qualified:
            self._heading(number, line, context)
            return []
        return self._prose(number, line, qualified, context, None)

    def _heading(self, number: int, line: str, context: Context) -> None:
        """A line without figures: a slide title ("II-4. Network Services (1) Revenues", "<1H07
        (2007/4-9)>") sets the period, names and concept that its slide's sentences speak of; a line that
        is only a name ("Systems construction") sets the name."""
        text = line.strip()
        if len(text) > 80:
            return
        match = _NAME_LINE.match(text)
        named = self.namer.is_name(match[1]) if match else {}
        if named:
            context.names = named
            return
        if caption := _CAPTION.match(line):
            context.caption = (number, caption[1] or caption[2])
            return
        if not _TITLE.match(text):
            return
        context.caption = None
        printed = [p for p in find_periods(text) if not p.loose and not _COMPARE_WORDS.search(text[:p.start])]
        if printed:
            context.heading = printed[0]
        elif _SECTION.match(text):
            context.heading = None  # a new numbered section: the last one's period no longer holds
        context.names = self.namer.is_name(text, whole=False)
        concept = self.namer.concept(text)
        context.concept = concept.name if concept.name and not concept.share else None

    # ---------------------------------------------------------------- tables
    def _tabbed(self, number: int, line: str, tokens: list[Token], context: Context) -> list[Draft]:
        parts = cells(line)
        starts = [cell.start for cell in parts]
        in_cell = {id(t): bisect.bisect_right(starts, t.num_start) - 1 for t in tokens}
        figures = [t for t in tokens if t.qualified or self._in_figure_cell(line, t, parts[in_cell[id(t)]])]
        if is_header_line(line, bool(figures)):
            context.header = read_header(number, line, context.header)
            title = context.header.title
            context.table_names = self.namer.is_name(title, whole=False) if title else {}
            return []
        if not figures:
            return []
        row_label = self._row_label(parts[0])
        header = context.header
        if header is None:  # "Total revenues<TAB>JPY23,362 million<TAB>(up 47.7% YoY)": a sentence in cells
            return self._prose(number, line, [t.unparenthesized() for t in figures], context, row_label)
        drafts = []
        by_cell: dict[int, list[Token]] = {}
        for token in figures:
            by_cell.setdefault(in_cell[id(token)], []).append(token)
        for index, mine in sorted(by_cell.items()):
            cell = parts[index]
            column = header.column(index - 1) if index > 0 else None
            if column is None or _is_prose(cell.text, mine):
                mine = [t.unparenthesized() for t in mine]
                drafts.extend(self._prose(number, line, mine, context, None, cell.start))
                continue
            mine = mine[:1] + [t.unparenthesized() if t.unit == "%" else t for t in mine[1:]]
            for token in mine:
                drafts.append(self._cell_figure(number, line, token, row_label, header, column, context))
        return drafts

    @staticmethod
    def _in_figure_cell(line: str, token: Token, cell) -> bool:
        """A bare number counts only as a whole table cell (or as one of a cell's figures)."""
        rest = strip_tags(line[cell.start:token.start] + line[token.end:cell.start + len(cell.text)])
        return cell.start > 0 and not re.search(r"[0-9A-Za-z]{2,}", re.sub(
            r"\d+(?:[.,]\d+)*%?|\((?:Annual|Interim)\)|JPY", "", rest))

    def _row_label(self, cell) -> tuple[int, int] | None:
        text = strip_tags(cell.text)
        match = re.match(r"^[\s\-\u2022\u25c6\u25cf\u25aa\u25a0\u25b6\u27a4]*(.*?)[\s*\d]*$", cell.text)
        if not match or not re.search(r"[A-Za-z]{2,}", text) or "<" in match[1]:
            return None
        return cell.start + match.start(1), cell.start + match.end(1)

    def _cell_figure(self, number, line, token, row_label, header, column, context) -> Draft:
        draft = Draft(number, token.text(line), token.value, token.unit, header=list(header.lines))
        if token.unit == "JPY" and (dividend := DIVIDEND.match(line, token.end)):
            draft.text = line[token.start:dividend.end()]  # "JPY 3,000 (Annual)": which dividend it is
        if row_label:
            draft.label = line[row_label[0]:row_label[1]]
        self._name(draft, context, None)
        if column.role == "change":
            current, base = current_and_base(header, column.compare)
            draft.measure = {"%": "pct_change", "points": "point_change"}.get(token.unit or "", "change")
            draft.compare = column.compare
            if current is not None:
                self._column_period(draft, current, header)
                draft.basis = current.basis
                if base is not None and base.basis != current.basis:
                    draft.base_basis = base.basis or "actual"
                if draft.compare is None:
                    draft.compare = base.period.period
            else:
                draft.todo.append("decide the period and what this change compares")
        elif column.role == "attainment":
            draft.measure, draft.base_basis, draft.basis = "attainment", "target", "actual"
            target = next((c for c in header.columns if c.basis == "target" and c.period), None)
            if target is not None:
                draft.period = target.period.period
            else:
                draft.todo.append("decide the period of this attainment")
        else:
            self._column_period(draft, column, header)
            draft.basis = column.basis
            if token.unit == "%":
                draft.measure = "share" if column.share or draft.measure == "share" else draft.measure
        self._finish(draft, token, context, line)
        return draft

    def _column_period(self, draft: Draft, column, header: Header) -> None:
        if column.period is None:
            return
        draft.period = column.period.period
        text = self.lines[column.header_line - 1][column.period.start:column.period.end]
        if "(" in text or any(c.isalpha() for c in text.replace("Q", "").replace("H", "").replace("FY", "")):
            draft.period_text = text

    # ---------------------------------------------------------------- sentences
    def _prose(self, number, line, tokens, context, label_span, start: int = 0) -> list[Draft]:
        drafts = []
        previous_end = start
        label = label_period = None
        for index, token in enumerate(tokens):
            following = tokens[index + 1].start if index + 1 < len(tokens) else len(line)
            span, found_period = (label_span, None) if label_span else subject(line, previous_end, token.start)
            if span is not None:
                label_period = found_period  # "1H12 Network services revenue: ... (up 3.0% YoY)": both 1H12
                span = (self.namer.widen(line, span[0], span[1], previous_end), span[1])
                label = (number, line[span[0]:span[1]])
            elif label is None and context.last_label and context.last_label[0] == number - 1:
                label = context.last_label  # a continuation line: "(2Q10: JPY2,246 million, ...)"
            elif label is None and context.caption:
                label = context.caption  # a bullet under "Order Backlog:"
            draft = Draft(number, token.text(line), token.value, token.unit)
            if label:
                draft.label = label[1]
                if label[0] != number:
                    draft.header = [label[0]]
            own, compared = inline_period(line, (previous_end, token.start), (token.end, following))
            own = own or label_period
            basis = basis_of(line[previous_end:token.start])
            if basis and basis != "actual":
                draft.basis = basis
            start, end = with_evidence(line, token, own, compared, following)
            draft.text = line[start:end]
            if target := FROM_TARGET.match(line, token.end):
                draft.basis, draft.base_basis = "target", "previous_target"
                draft.text = line[start:max(end, target.end())]
            self._name(draft, context, token)
            self._prose_measure(draft, token, compared, drafts[-1] if drafts else None,
                                line[previous_end:token.start])
            self._prose_period(draft, number, own, context)
            self._finish(draft, token, context, line)
            drafts.append(draft)
            previous_end = token.end
        if label:
            context.last_label = label
        return drafts

    def _prose_measure(self, draft: Draft, token: Token, compared: Printed | None, before: Draft | None,
                       between: str) -> None:
        if draft.base_basis and compared is None:
            compared = Printed("", 0, 0)  # "down JPY3.7 billion from previous target": the basis is compared
        change = token.direction is not None or token.compare is not None
        if token.unit == "points":
            draft.measure = "point_change"
        elif token.unit == "%":
            draft.measure = "pct_change" if change else ("share" if draft.measure == "share" else "level")
        elif change:
            draft.measure = "change"
        draft.compare = token.compare
        if draft.measure in ("change", "pct_change", "point_change") and draft.compare is None:
            if before is not None and before.compare and re.fullmatch(r"[ ]*[(,][ ]*", between):
                draft.compare = before.compare  # "Down JPY2,196 million YoY (down 37.1%)": the same comparison
            elif compared is not None and compared.period:
                draft.compare = compared.period
            elif draft.base_basis:
                pass
            else:
                draft.todo.append("decide what this change compares (compare: YoY, QoQ or a period)")
        if token.direction:
            draft.direction = token.direction

    def _prose_period(self, draft: Draft, number: int, own: Printed | None, context: Context) -> None:
        if own is not None:
            draft.period = own.period
            draft.printed_period = True
            return
        if context.heading is not None:
            draft.period = context.heading.period
        else:
            draft.period = self.slides.get(number) or self.document_period
        quarter = _QUARTER_ONLY.match(self.lines[number - 1])
        if quarter and draft.period:  # "- 1Q: Recorded ...": a quarter of the context's fiscal year
            draft.period = quarter_of(draft.period, int(quarter[1])) or draft.period
        if draft.period is not None:
            draft.todo.append(f"check the period {draft.period} (read from the context, not the line)")

    # ---------------------------------------------------------------- names, units, periods
    def _name(self, draft: Draft, context: Context, token: Token | None) -> None:
        label = draft.label or ""
        concept = self.namer.concept(label)
        if concept.name:
            draft.concept = concept.name
            if concept.share:
                draft.measure = "share"
                draft.of = self.namer.vocabulary.concepts[concept.name].share_of
        elif token is not None and token.noun:
            draft.concept = self.namer.nouns[token.noun.lower()]
        elif concept.candidates:
            draft.todo.append(f"decide the concept: the label could mean {', '.join(concept.candidates)}")
        entity, segment = self.namer.entity(label), self.namer.segment(label)
        names = {**context.names, **context.table_names}
        draft.entity = entity.name or names.get("entity")
        draft.segment = segment.name or (names.get("segment") if not entity.name else None)
        captioned = self.namer.concept(context.caption[1]) if context.caption else None
        if draft.concept is None and captioned and captioned.name and not concept.candidates and \
                (token is None or not token.noun):
            draft.concept = captioned.name  # "Operating Income :" over "- Loss from 4 new subsidiaries ..."
            draft.todo.append(f"check the concept {captioned.name} (read from the caption on line "
                              f"{context.caption[0]})")
        if draft.concept is None and context.concept and not concept.candidates and (token is None or not token.noun):
            draft.concept = context.concept
            draft.todo.append(f"check the concept {context.concept} (read from the slide title)")
        fallback = self.namer.vocabulary.segment_concept
        if draft.concept is None and segment.name and fallback and not concept.candidates:
            draft.concept = fallback
            draft.todo.append(f"check the concept {fallback} (the label names a line of business only)")

    def _finish(self, draft: Draft, token: Token, context: Context, line: str) -> None:
        kind = self.kinds.get(draft.concept)
        if draft.concept is None:
            draft.todo.append("decide the concept (no vocabulary label in the label)")
        if draft.label is None:
            draft.todo.append("decide the label (no row label or subject found)")
        if token.foreign:
            draft.todo.append("decide the unit: a US$ amount (a convenience translation) is in no unit of "
                              "this project")
        elif draft.unit is None:
            if kind == "count":
                draft.unit = "count"
            elif kind == "per_share":
                draft.unit = "JPY"
            elif context.unit and context.unit != "%":
                draft.unit = context.unit
                if context.unit_line < context.footer_line:
                    draft.todo.append(f"check the unit: read from line {context.unit_line}, an earlier slide")
            else:
                draft.todo.append("decide the unit (none printed and no 'Unit:' line)")
        if kind == "per_share" and draft.unit not in ("JPY", "%"):
            draft.unit = None
            draft.todo.append("decide the unit (a per-share amount in a table of another unit)")
        if draft.measure == "level" and draft.unit == "%" and kind == "flow":
            # "Gross Margin: 17.4%", "Personnel related costs (% of revenue)": a P&L item's % is its share
            draft.measure = "share"
            draft.todo.append("check the measure share (a % of a flow, read as its share of revenue)")
        elif draft.measure == "level" and draft.unit == "%":
            draft.todo.append("decide the measure of this % figure (share, pct_change, ...)")
            draft.measure = None
        if token.currency_missing:
            draft.todo.append(f"check the unit: {draft.unit} read from a scale word printed without JPY")
        if token.approx and draft.unit == "count":
            draft.exact = False
        if draft.direction is None and not token.value.startswith(("(", "+", "-")) and draft.measure == "level":
            draft.direction = self.namer.negative_word(draft.label or "", draft.concept)
        self._period_kind(draft, kind)

    def _period_kind(self, draft: Draft, kind: str | None) -> None:
        if draft.period is None:
            draft.todo.append("decide the period")
            return
        instant = bool(re.match(r"^\d{4}-\d{2}-\d{2}$", draft.period))
        if kind == "stock" and not instant or kind == "count" and not instant and not draft.printed_period:
            draft.period = end_date(draft.period)
        if kind in ("stock", "count") and draft.compare and draft.compare not in ("YoY", "QoQ"):
            draft.compare = end_date(draft.compare)  # a balance compares with the balance at that end
        elif kind in ("flow", "per_share") and instant:
            draft.todo.append(f"decide the period: {draft.period} is a date, {draft.concept} a flow")
            draft.period = None


def _is_prose(text: str, tokens: list[Token]) -> bool:
    """A cell with words of its own besides its figures ("Overview" columns) is read as a sentence."""
    words = re.findall(r"[A-Za-z]{3,}", strip_tags(text))
    return len(words) > 4
