"""The fact model: what a fixture file says (pydantic specs) and the runtime :class:`Fact`.

See docs/fact-format.md for the user's description of every field.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction
import re
from typing import Annotated, Literal, NamedTuple

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field
from pydantic.dataclasses import dataclass as pydantic_dataclass

from auditor.interval import Interval
from auditor.numbers import Printed, Unit
from auditor.periods import Period

Measure = Literal["level", "share", "change", "pct_change", "point_change", "attainment"]
Basis = Literal["actual", "target", "revised_target", "previous_target", "original_target", "initial_target",
                "forecast"]
CHANGE_MEASURES = ("change", "pct_change", "point_change", "attainment")
FACT_ID = r"^[A-Za-z0-9][A-Za-z0-9_.\-]*$"
DocumentKind = Literal["deck", "results_release", "target_notice", "dividend_notice"]
Standard = Literal["US GAAP", "IFRS", "J-GAAP"]
# A figure printed as a bound of its magnitude ("over 52,000 contracts", "under 5%"): auditor.bounds
Bound = Literal["over", "at_least", "under", "at_most", "approx"]
ISO_DATE = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"


def _ascii_number(value: object) -> object:
    # pydantic's int coercion of text takes "1_2", "+12" and "12.0"; a line number is written 0-9.
    # Text without digits is left to pydantic's own refusal. Every fact has a line (and most a header):
    # the digits 0-9 alone, as the YAML reader hands them over, are read here at once.
    if type(value) is str:
        if value.isascii() and value.isdigit():
            return int(value)
        if any(c.isdigit() for c in value) and not re.fullmatch(r"[0-9]+", value.strip()):
            raise ValueError(f"a line number is written with the digits 0-9, not {value[:40]!r}")
    return value


LineNumber = Annotated[int, BeforeValidator(_ascii_number), Field(ge=1)]


def _one_line(value: str) -> str:
    # A reason is printed in reports on one line beside what it explains: a line break in it could
    # forge a report line, and an empty one says nothing.
    if not value:
        raise ValueError("a reason is a non-empty line of text")
    if any(char in value for char in "\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"):
        raise ValueError("a reason is one line of text (no line breaks)")
    return value


# Why something is deliberately left out of the checks: a fact's `unchecked`, an `unrecorded` entry's
# and a rule's `idle_reason` (docs/coverage.md).
Reason = Annotated[str, Field(max_length=500), AfterValidator(_one_line)]
LineSpan = Annotated[str, Field(pattern=r"^[0-9]+-[0-9]+$", max_length=20)]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


# A fact as its fixture writes it: a pydantic dataclass with slots rather than a model, since the load
# validates one per fact and a model instance (its __dict__ and field set) cost a third of that validation.
@pydantic_dataclass(slots=True, kw_only=True, config=ConfigDict(extra="forbid", str_strip_whitespace=True))
class FactSpec:
    id: str = Field(pattern=FACT_ID, max_length=200)
    entity: str
    segment: str | None = None
    concept: str
    measure: Measure = "level"
    period: str
    basis: Basis = "actual"
    compare: str | None = None
    base_basis: Basis | None = None
    of: str | None = None
    of_segment: str | None = None
    value: str = Field(max_length=40)
    unit: str
    exact: bool | None = None
    bound: Bound | None = None  # printed as a bound, not a value (auditor.bounds)
    direction: str | None = None
    line: LineNumber
    text: str | None = Field(default=None, max_length=500)
    label: str = Field(max_length=500)
    header: LineNumber | list[LineNumber] | None = None
    period_text: str | None = Field(default=None, max_length=500)
    # How the fact's quarter names read, in period, compare and period_text alike: a results release's
    # table of the quarters alone says three_months; unset, the document's kind decides (auditor.periods)
    quarters: Literal["cumulative", "three_months"] | None = None
    standard: Standard | None = None  # a comparative printed under another standard than its document's
    qualifier: Literal["adjusted", "normalized"] | None = None  # an adjusted measure is its own figure
    shares: str | None = Field(default=None, pattern=ISO_DATE)  # per-share figures: the split they are on
    note: str | None = None
    todo: str | None = None  # what a reviewer still has to decide (written by `iij-audit extract`); ignored
    unchecked: Reason | None = None  # recorded deliberately though no value check can use it: why


class ClaimSpec(Strict):
    """A statement about several figures (docs/fact-format.md, "Claims"). ``trend``: ``direction`` over
    ``facts`` in series order. ``components``: ``facts`` are the listed items of the figure ``total``;
    ``complete`` says the document presents them as the whole list (no "etc.", no "such as").
    ``comparison``: the figures ``facts`` are about moved in ``direction`` (a direction word) against the
    period ``compare`` the sentence prints ("Compared to 2Q12, SG&A slightly increased"). ``reading``: ``facts``,
    recorded under the concept their printed label names, are what the document's other figures support as
    ``concept`` (IIJ-Global's revenue printed as "operating income"). ``dividend_payment``: ``facts`` are a
    dividend payment and the dividend per share it pays ("Payments for FY2011 year-end dividends"). ``split``:
    the stock split of ``ratio`` ("1:200") that ``facts``, per-share figures on its share basis, are
    restated for."""

    id: str = Field(pattern=FACT_ID, max_length=200)
    kind: Literal["trend", "components", "comparison", "reading", "dividend_payment", "split"]
    direction: str | None = Field(default=None, max_length=100)  # checked per kind by the loader
    facts: list[str] = Field(min_length=1)
    total: str | None = Field(default=None, max_length=200)
    complete: bool = False
    compare: str | None = Field(default=None, max_length=100)
    concept: str | None = Field(default=None, max_length=100)  # reading: the concept the document supports
    ratio: str | None = Field(default=None, pattern=r"^[1-9][0-9]{0,8}:[1-9][0-9]{0,8}$")  # split: old:new shares
    line: LineNumber
    text: str
    note: str | None = None


class UnrecordedSpec(Strict):
    """Number tokens of the document deliberately not recorded: one text on a line, a whole line, or
    the lines ``N-M``; auditor.loader checks that they stand in the document."""

    line: LineNumber | None = None
    lines: LineSpan | None = None
    text: str | None = Field(default=None, min_length=1, max_length=500)
    reason: Reason


class DocumentSpec(Strict):
    document: str
    title: str | None = None
    rounding: Literal["half", "truncate"] = "half"
    # What the document is, when it was published and under which accounting standard it reports
    # (docs/fact-format.md, "Documents"); auditor.loader.document_meta checks them together.
    kind: DocumentKind | None = None
    date: str | None = Field(default=None, pattern=ISO_DATE)
    standard: Standard | None = None
    # yen per US$ of the document's convenience translations, as printed ("US$1 = JPY108.83"), and its line
    usd_rate: str | None = Field(default=None, pattern=r"^[0-9]{1,4}(\.[0-9]{1,4})?$")
    usd_rate_line: int | None = Field(default=None, ge=1)
    defaults: dict[str, object] = Field(default_factory=dict)
    # Items are checked one by one (auditor.loader.expand_groups and validate_facts): a list[dict] here
    # would copy every fact once more for nothing.
    facts: list = Field(default_factory=list)
    claims: list[ClaimSpec] = Field(default_factory=list)
    unrecorded: list = Field(default_factory=list)  # UnrecordedSpec items, each checked on its own


class Key(NamedTuple):
    """What a figure is about. Two facts with the same key state the same figure.

    ``basis`` (and ``base_basis``) also carry the figure's accounting standard and, for targets and
    forecasts, its vintage ("target as of 2019-11-06, IFRS"; auditor.vintages), so that figures of two
    standards or two vintages never meet in any rule.

    A named tuple rather than a dataclass: every index lookup hashes and compares keys, and a tuple does
    both in C."""

    entity: str
    segment: str | None
    concept: str
    measure: str
    period: Period
    basis: str
    base_period: Period | None = None
    base_basis: str | None = None
    of: str | None = None
    of_segment: str | None = None

    def describe(self) -> str:
        parts = [self.entity]
        if self.segment:
            parts.append(self.segment)
        parts.append(self.concept)
        if self.measure != "level":
            parts.append(self.measure)
        text = " ".join(parts) + f" {self.period.label}"
        if self.basis != "actual":
            text += f" ({self.basis})"
        if self.base_period is not None:
            text += f" vs {self.base_period.label}"
            if self.base_basis and self.base_basis != self.basis:
                text += f" ({self.base_basis})"
        if self.of:
            text += f" of {self.of}" + (f" {self.of_segment}" if self.of_segment else "")
        return text


def fold_whitespace(text: str) -> str:
    """Runs of whitespace (tabs between table columns, say) as one space, trimmed."""
    return " ".join(text.split())


@dataclass(slots=True)
class Document:
    name: str  # the document's file name, as cited in reports
    path: str  # path of the document text
    lines: list[str]
    rounding: str
    digest: str = ""  # hash of the document's bytes (the cache's check that it is unchanged)
    kind: str | None = None  # DocumentKind; None for the decks recorded before kinds existed
    date: str | None = None  # ISO date of publication: the "as of" of its targets and forecasts
    standard: str | None = None  # accounting standard; None = not declared (never assumed)
    usd_rate: str | None = None  # yen per US$ of its convenience translations, as printed
    folded: dict[int, str] = field(default_factory=dict)  # line number -> whitespace-folded text

    def folded_line(self, number: int) -> str:
        """The line with whitespace runs folded to one space (cached: headers serve many facts)."""
        text = self.folded.get(number)
        if text is None:
            text = self.folded[number] = fold_whitespace(self.lines[number - 1])
        return text



@dataclass(slots=True, eq=False)
class Fact:
    id: str
    key: Key
    printed: Printed
    unit: Unit
    exact: bool
    interval: Interval  # in the base unit of the unit's dimension
    direction: str | None
    direction_sign: int  # +1, -1 or 0 when no direction word
    document: Document
    line: int
    text: str
    label: str
    header: tuple[int, ...]
    period_text: str | None
    compare: str | None
    fixture: str  # path of the fixture file
    fixture_line: int  # line of the fact in the fixture file
    value_text: str = ""
    unchecked: str | None = None  # why no value check can use it, when recorded deliberately so
    cumulative: bool = False  # its quarter names run from the start of their fiscal year (FactSpec.quarters)
    # "over", "under", ...: the printed figure is a bound of the value's magnitude, and ``interval`` is the
    # printed figure's, not the value's (auditor.bounds gives the values it admits)
    bound: str | None = None

    @property
    def shown(self) -> str:
        """The printed value with its unit, signed by its direction word when printed unsigned."""
        text = self.value_text
        if self.direction_sign < 0 and not self.printed.signed:
            text = "-" + text
        if self.bound:  # "over -50 count", "approx 600 count": what the text says of the figure (auditor.bounds)
            text = self.bound.replace("_", " ") + " " + text
        return f"{text}%" if self.unit.name == "%" else f"{text} {self.unit.name}"

    # A fact is also the figure of a key that it alone prints (auditor.index): these answer as a Figure does.
    @property
    def facts(self) -> list[Fact]:
        return [self]

    @property
    def readings(self) -> list[Fact]:
        return [self]

    @property
    def dimension(self) -> str:
        return self.unit.dimension

    @property
    def value(self):
        """The exact printed value with the direction word's sign applied, in printed units."""
        return self.printed.value * (self.direction_sign or 1) if not self.printed.signed else self.printed.value


@dataclass(slots=True)
class Claim:
    id: str
    kind: str
    direction: str | None
    facts: list[Fact]
    document: Document
    line: int
    text: str
    fixture: str
    fixture_line: int
    complete: bool = False  # components: the list is presented as the whole
    compare: object = None  # comparison: the compared Period
    sign: int = 0  # comparison: the sign of the printed direction word
    concept: str | None = None  # reading: the concept the document supports for the facts
    ratio: Fraction | None = None  # split: new shares per old share ("1:200" is 200)

    # A components claim keeps its total first among its facts, so that whatever replaces a claim's facts
    # (the diagnosis's trial corrections) replaces the total too.
    @property
    def total(self) -> Fact | None:
        return self.facts[0] if self.kind == "components" else None

    @property
    def items(self) -> list[Fact]:
        return self.facts[1:] if self.kind == "components" else self.facts


@dataclass(frozen=True, slots=True)
class Unrecorded:
    """Number tokens of a document deliberately not recorded (a fixture's ``unrecorded`` entry): those
    of ``text`` on line ``first``, or every token of the lines ``first``..``last`` when text is None."""

    document: Document
    first: int
    last: int
    text: str | None
    reason: str
    fixture: str
    fixture_line: int


@dataclass
class Dataset:
    facts: list[Fact] = field(default_factory=list)
    claims: list[Claim] = field(default_factory=list)
    documents: dict[str, Document] = field(default_factory=dict)  # by name
    documents_by_path: dict[str, Document] = field(default_factory=dict)
    fixture_files: list[str] = field(default_factory=list)
    # fixture path -> hash of the bytes loaded, when a cache is in use (the explain cache's key reads it)
    fixture_digests: dict[str, str] = field(default_factory=dict)
    unrecorded: list[Unrecorded] = field(default_factory=list)
