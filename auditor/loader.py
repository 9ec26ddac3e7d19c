"""Load fixture files into a :class:`~auditor.model.Dataset`.

Every problem is collected as an :class:`~auditor.errors.InputError` with the fixture's path and line,
so one run names every bad fact instead of stopping at the first; up to limits.MAX_ERRORS of them, after
which the load stops (a 50 MB flow sequence of bad items costs the time of its first thousand, not of all).
The other bounds of auditor.limits (facts, bytes, deck lines of a run) stop it too.
"""

from __future__ import annotations

import datetime
import functools
import os
from sys import intern  # names repeat in every fact: one shared string each saves memory

from pydantic import BaseModel, TypeAdapter, ValidationError

from auditor.cache import Entry, FactCache, digest, open_cache
from auditor.claim_shapes import dividend_payment_problem, split_problem, split_ratio
from auditor.collector import collector_paused
from auditor.errors import InputError, InputErrors
from auditor.limits import Budget, DatasetTooLarge, ErrorList, ErrorsFull
from auditor.model import (
    CHANGE_MEASURES,
    Claim,
    ClaimSpec,
    Dataset,
    Document,
    DocumentSpec,
    Fact,
    FactSpec,
    Key,
    Unrecorded,
    UnrecordedSpec,
    fold_whitespace,
)
from auditor.numbers import PER_SHARE_UNITS, USD_UNITS, NumberError, unit_named
from auditor.paths import document_problem, is_under, named_problem, scan
from auditor.footnotes import cell, cells
from auditor.linetext import LineIndex, anchor
from auditor.printed import check_value
from auditor.periods import Instant, PeriodError, Span, parse_period, quarter_earlier, year_earlier
from auditor import vintages
from auditor.bounds import WORDS, approximate, printed_on
from auditor.shared import Shared
from auditor.textlines import TextLines
from auditor.vocabulary import Vocabulary
from auditor.yamlsafe import LineDict, decode, line_for, load_yaml, read_bytes

WAIVERS_NAME = "waivers.yaml"
CHUNK = 500  # facts validated by one pydantic call: errors are counted, and the load stopped, in between


def describe_validation_error(error: dict) -> str:
    loc = [str(part) for part in error["loc"]]
    field = ".".join(loc) or "document"
    if error["type"] in ("extra_forbidden", "unexpected_keyword_argument"):  # a model's, a dataclass's
        return f"unknown field {loc[-1]!r}"
    if error["type"] == "missing":
        return f"missing field {loc[-1]!r}"
    if error["type"] == "value_error" and "error" in error.get("ctx", {}):
        return f"{field}: {error['ctx']['error']}"  # our own validators' words, without pydantic's prefix
    return f"{field}: {error['msg']}"


def validate(model: type[BaseModel], data: object, path: str, fallback_line: int | None = None):
    """Validate ``data`` with pydantic; raise InputErrors located at the offending lines."""
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        errors = []
        for error in exc.errors():
            line = line_for(data, error["loc"]) or fallback_line
            errors.append(InputError(path, line, describe_validation_error(error)))
        raise InputErrors(errors) from None


def display_path(path: str) -> str:
    """One spelling per file: relative to the working directory when inside it, else absolute."""
    relative = os.path.relpath(path)
    return relative if not relative.startswith("..") else os.path.abspath(path)


def is_fixture_name(name: str) -> bool:
    return name.endswith((".yaml", ".yml")) and name != WAIVERS_NAME


def fixture_files(paths: list[str], candidates: list[str] = ()) -> dict[str, str]:
    """Each fixture file under ``paths`` (display path) -> its dataset directory: the directory it was
    found under or, for a file named directly, the first of ``paths``' directories and ``candidates`` that
    holds it, else its own directory. Its source document must lie inside that directory."""
    found: dict[str, str] = {}
    errors: list[InputError] = []
    directories = [path for path in paths if os.path.isdir(path)]
    for path in paths:
        problem = named_problem(path, directories=True) if os.path.lexists(path) else "no such file or directory"
        if problem:
            errors.append(InputError(path, None, problem))
        elif os.path.isdir(path):
            files, bad = scan(path, is_fixture_name)
            errors.extend(bad)
            if not files and not bad:
                errors.append(InputError(path, None, "no fixture files (*.yaml) in this directory"))
            for file in sorted(files, key=lambda file: (os.path.islink(file), file)):
                found.setdefault(display_path(file), path)
        else:
            roots = [root for root in [*directories, *candidates] if os.path.isdir(root) and is_under(path, root)]
            found.setdefault(display_path(path), roots[0] if roots else os.path.dirname(path) or ".")
    if errors:
        raise InputErrors(errors)
    return once_each(found)


def once_each(found: dict[str, str]) -> dict[str, str]:
    """One entry per real file: a link to a fixture of the dataset would load its facts twice. The
    first name kept is the file's own (links sort after files in ``found``)."""
    seen: set[str] = set()
    kept = {}
    for path, root in found.items():
        real = os.path.realpath(path)
        if real not in seen:
            seen.add(real)
            kept[path] = root
    return dict(sorted(kept.items()))


def find_fixture_files(paths: list[str]) -> list[str]:
    return list(fixture_files(paths))


def expand_groups(items: list, inherited: dict, key_lines: dict, path: str, errors: list,
                  line: int = 0) -> list[LineDict]:
    """Flatten ``{facts: [...], <defaults>}`` groups; a fact's own fields win over its group's."""
    flat: list[LineDict] = []
    item_lines = getattr(items, "item_lines", [line] * len(items))
    for item, item_line in zip(items, item_lines):
        if not isinstance(item, dict):
            errors.append(InputError(path, item_line, "a fact or group must be a mapping, not "
                                     f"{type(item).__name__ if item is not None else 'null'}"))
            continue
        if "facts" in item:
            defaults = {**inherited, **{k: v for k, v in item.items() if k != "facts"}}
            if "header" in item and "header" in inherited:
                defaults["header"] = combined_headers(inherited["header"], item["header"])
            lines = {**key_lines, **{k: item.line_of(k) for k in item if k != "facts"}}
            children = item["facts"] if isinstance(item["facts"], list) else [item["facts"]]
            flat.extend(expand_groups(children, defaults, lines, path, errors, item.line_of("facts")))
            continue
        merged = LineDict({**inherited, **item})
        if "header" in item and "header" in inherited:
            merged["header"] = combined_headers(inherited["header"], item["header"])
        merged.line = getattr(item, "line", 0)
        merged.key_lines = {**key_lines, **getattr(item, "key_lines", {})}
        flat.append(merged)
    return flat


def quarters_cumulative(spec: FactSpec, document: Document) -> bool:
    """Whether the fact's quarter names are cumulative ("3Q15" = April-December): as its ``quarters``
    says, else as its document's kind (a results release names its cumulative periods by their last quarter)."""
    if spec.quarters is not None:
        return spec.quarters == "cumulative"
    return document.kind == "results_release"


def combined_headers(inherited: object, own: object) -> object:
    """A fact's (or inner group's) ``header`` adds to its group's: a table's column heading and the
    fact's own row heading both stand for it. Values that are not line numbers are left as the fact
    wrote them, for validation to name."""
    lines: list[int] = []
    for value in (inherited, own):
        values = value if isinstance(value, list) else [value]
        # scalars come from the YAML reader as text (auditor.yamlsafe); pydantic reads them as numbers
        if not all(type(line) is int or (isinstance(line, str) and line.isascii() and line.isdigit())
                   for line in values):
            return own
        lines.extend(int(line) for line in values if int(line) not in lines)
    return lines


_FACT_LIST = TypeAdapter(list[FactSpec])
_FACT = TypeAdapter(FactSpec)


def validate_facts(items: list[LineDict], path: str):
    """Per item, its FactSpec or its located errors, lazily: a chunk at a time, so a load that stops at
    MAX_ERRORS never validates (nor holds the errors of) the rest of a huge file."""
    for start in range(0, len(items), CHUNK):
        yield from validate_chunk(items[start:start + CHUNK], path)


def validate_chunk(items: list[LineDict], path: str) -> list:
    """Validate facts in one pydantic call; per item, its FactSpec or its located errors."""
    try:
        return _FACT_LIST.validate_python(items)
    except ValidationError as exc:
        per_item: dict[int, list[InputError]] = {}
        for error in exc.errors():
            index, loc = error["loc"][0], error["loc"][1:]
            item = items[index]
            line = line_for(item, loc) or item.line
            message = describe_validation_error({**error, "loc": loc})
            fact_id = item.get("id") if isinstance(item, dict) else None
            prefix = f"fact {fact_id}: " if isinstance(fact_id, str) else ""
            per_item.setdefault(index, []).append(InputError(path, line, prefix + message))
    results: list = []
    for index, item in enumerate(items):
        if index in per_item:
            results.append(per_item[index])
        else:
            results.append(_FACT.validate_python(item))
    return results


class Loader:
    def __init__(self, vocabulary: Vocabulary, cache: FactCache | None = None,
                 candidates: list[str] = ()) -> None:
        self.vocabulary = vocabulary
        self.candidates = list(candidates)
        self.roots: dict[str, str] = {}  # fixture file -> its dataset directory
        self.cache = cache
        self.dataset = Dataset()
        self.errors: list[InputError] = ErrorList()
        self.ids: dict[str, Fact] = {}
        self.shared = Shared()
        self.budget = Budget()
        # Pure checks and derivations that many facts repeat, computed once per distinct input: what a
        # printed text prints (per text, unit, direction and sign) and a basis with its vintage written in.
        self.value_problems: dict[tuple, str | None] = {}
        self.bases: dict[tuple, tuple] = {}

    def load(self, paths: list[str]) -> Dataset:
        with collector_paused():
            return self.load_files(paths)

    def load_files(self, paths: list[str]) -> Dataset:
        self.roots = fixture_files(paths, self.candidates)
        files = list(self.roots)
        self.dataset.fixture_files = files
        try:
            for path in files:
                self.load_one(path)
                self.budget.count_facts(path, len(self.dataset.facts))
        except ErrorsFull as full:
            raise InputErrors(full.errors) from None
        except DatasetTooLarge as error:
            raise InputErrors([*self.errors, error]) from None
        if self.errors:
            raise InputErrors(self.errors)
        vintages.resolve(self.dataset.facts)
        return self.dataset

    def load_one(self, path: str) -> None:
        try:
            self.load_file(path)
        except DatasetTooLarge:
            raise
        except InputError as error:
            self.errors.append(error)
        except InputErrors as errors:
            self.errors.extend(errors.errors)

    def load_file(self, path: str) -> None:
        data = read_bytes(path)
        self.budget.spend(path, len(data))
        key = self.cache.key(path, data) if self.cache else None
        content = digest(data) if self.cache else None
        if content is not None:
            self.dataset.fixture_digests[path] = content
        entry = self.cache.lookup(path, key, functools.partial(self.cached_document, path), content) \
            if self.cache else None
        if entry is None or not self.adopt(entry):
            errors, first_fact = len(self.errors), len(self.dataset.facts)
            entry = self.load_fresh(path, decode(path, data))
            if self.cache and len(self.errors) == errors:
                entry.facts = self.dataset.facts[first_fact:]
                self.cache.store(path, key, entry, content)
        self.dataset.unrecorded.extend(entry.unrecorded)
        for claim, line in entry.claims:
            try:
                self.add_claim(path, entry.document, claim, line)
            except InputError as error:
                self.errors.append(error)

    def load_fresh(self, path: str, text: str) -> Entry:
        """Parse and validate one fixture; its facts go into the dataset, its claims into the entry."""
        data = load_yaml(path, text=text, value_marks=False)
        if not isinstance(data, dict):
            raise InputError(path, getattr(data, "line", 1), "a fixture file must be a mapping with "
                             "'document' and 'facts'")
        raw_facts, raw_claims = data.get("facts"), data.get("claims")
        spec = validate(DocumentSpec, data, path)
        document = self.document(path, spec, data)
        document_meta(path, spec, data, document)
        defaults = {"entity": self.vocabulary.default_entity, **spec.defaults}
        default_lines = {k: data["defaults"].line_of(k) for k in spec.defaults} if spec.defaults else {}
        items = expand_groups(raw_facts or [], defaults, default_lines, path, self.errors)
        for item, spec_or_errors in zip(items, validate_facts(items, path)):
            if isinstance(spec_or_errors, list):
                self.errors.extend(spec_or_errors)
                continue
            try:
                self.add_fact(path, document, item, spec_or_errors)
            except InputErrors as errors:
                self.errors.extend(errors.errors)
            except InputError as error:
                self.errors.append(error)
        claims = [(claim, raw_claims.item_lines[index]) for index, claim in enumerate(spec.claims)]
        unrecorded = self.unrecorded_entries(path, spec, data, document)
        return Entry(document, document.rounding, spec.rounding, [], claims, unrecorded)

    def unrecorded_entries(self, path: str, spec: DocumentSpec, data: LineDict, document: Document) -> list:
        """The fixture's ``unrecorded`` entries; one that cites no line of the document, or a text that
        is not on its line (at number boundaries, as a fact's text), is an input error."""
        entries = []
        raw = spec.unrecorded
        for item, line in zip(raw, getattr(data.get("unrecorded"), "item_lines", [])):
            try:
                if not isinstance(item, dict):
                    raise InputError(path, line, "unrecorded: an entry is a mapping with 'line' or 'lines' "
                                     "and 'reason'")
                entries.append(unrecorded_entry(path, line, validate(UnrecordedSpec, item, path, line), document))
            except InputError as error:
                self.errors.append(error)
            except InputErrors as errors:
                self.errors.extend(InputError(error.path, error.line, f"unrecorded: {error.message}")
                                   for error in errors.errors)
        return entries

    def document(self, path: str, spec: DocumentSpec, data: LineDict) -> Document:
        doc_path, problem = self.document_path(path, spec.document)
        if problem:
            raise InputError(path, data.line_of("document"), problem)
        document = self.dataset.documents_by_path.get(doc_path)
        if document is not None:
            return document
        if not os.path.isfile(doc_path):
            raise InputError(path, data.line_of("document"), f"source document {spec.document!r} not found "
                             f"(looked for {doc_path})")
        return self.add_document(doc_path, read_bytes(doc_path), spec.rounding)

    def document_path(self, path: str, raw: str) -> tuple[str, str | None]:
        """Where the fixture ``path``'s document ``raw`` is, and why it may not be read (None: it may)."""
        doc_path = os.path.normpath(os.path.join(os.path.dirname(path), raw))
        return doc_path, document_problem(raw, doc_path, self.root_of(path))

    def root_of(self, path: str) -> str:
        return self.roots.get(path) or os.path.dirname(path) or "."

    def add_document(self, doc_path: str, data: bytes, rounding: str) -> Document:
        lines = TextLines(decode(doc_path, data))  # the newline ends the last line; it does not start another
        self.budget.spend(doc_path, len(data), len(lines))
        name = os.path.basename(doc_path)
        document = Document(name=name, path=doc_path, lines=lines, rounding=rounding, digest=digest(data))
        self.dataset.documents[name] = document
        self.dataset.documents_by_path[doc_path] = document
        return document

    def cached_document(self, fixture: str, doc_path: str, doc_digest: str, rounding: str,
                        own_rounding: str, meta: tuple = (None, None, None, None)) -> Document | None:
        """The document a cache entry was loaded against, if it is still the same; else None (a miss).
        The entry's path is checked as a fresh load checks the fixture's: an entry naming a file outside
        the dataset directory is a miss, and that file is not opened."""
        if not isinstance(doc_path, str):
            return None
        as_cited = os.path.relpath(doc_path, os.path.dirname(fixture) or ".")
        if document_problem(as_cited, doc_path, self.root_of(fixture)):
            return None
        document = self.dataset.documents_by_path.get(doc_path)
        if document is None:
            if own_rounding != rounding:  # another fixture had set the rounding; a fresh load would not
                return None
            try:
                data = read_bytes(doc_path)
            except InputError:
                return None
            if digest(data) != doc_digest:
                return None
            document = self.add_document(doc_path, data, own_rounding)
            if not all(value is None or isinstance(value, str) for value in meta):
                return None
            document.kind, document.date, document.standard, document.usd_rate = meta
        if (document.kind, document.date, document.standard, document.usd_rate) != tuple(meta):
            return None  # another fixture declared the document otherwise: the fresh load names the clash
        return document if (document.digest, document.rounding) == (doc_digest, rounding) else None

    def adopt(self, entry: Entry) -> bool:
        """Add a cached file's facts, unless one of their ids is taken (the fresh load names the clash)."""
        if any(fact.id in self.ids for fact in entry.facts):
            return False
        for fact in entry.facts:
            self.ids[fact.id] = fact
        self.dataset.facts.extend(entry.facts)
        return True

    def add_fact(self, path: str, document: Document, item: LineDict, spec: FactSpec) -> None:
        def fail(field: str, message: str) -> InputError:
            return InputError(path, item.line_of(field), f"fact {spec.id}: {message}")

        vocab = self.vocabulary
        if spec.id in self.ids:
            other = self.ids[spec.id]
            raise fail("id", f"duplicate fact id (also at {other.fixture}:{other.fixture_line})")
        concept = vocab.concepts.get(spec.concept)
        if concept is None:
            raise fail("concept", f"unknown concept {spec.concept!r}")
        if spec.entity not in vocab.entities:
            raise fail("entity", f"unknown entity {spec.entity!r}")
        for field in ("segment", "of_segment"):
            value = getattr(spec, field)
            if value is not None and value != "total" and value not in vocab.segments:
                raise fail(field, f"unknown segment {value!r}")
        if spec.of is not None and spec.of not in vocab.concepts:
            raise fail("of", f"unknown concept {spec.of!r}")
        try:
            unit = unit_named(spec.unit)
            self.shared.printed(spec.value)
        except NumberError as error:
            raise fail("unit" if "unit" in str(error) else "value", str(error)) from None
        cumulative = quarters_cumulative(spec, document)
        try:
            period = parse_period(spec.period, cumulative)
        except PeriodError as error:
            raise fail("period", str(error)) from None
        self.check_period_kind(spec, concept.kind, period, fail)
        base_period = self.base_period(spec, period, fail, cumulative)
        sign = 0
        if spec.direction is not None:
            found = vocab.direction_sign(spec.direction)
            if found is None:
                raise fail("direction", f"unknown direction word {spec.direction!r}")
            sign = found
        if spec.line > len(document.lines):
            raise fail("line", f"line {spec.line} is beyond the end of {document.name} "
                       f"({len(document.lines)} lines)")
        headers = tuple([spec.header] if isinstance(spec.header, int) else spec.header or [])
        for header in headers:
            if not 1 <= header <= len(document.lines):
                raise fail("header", f"header line {header} is outside {document.name}")
        self.check_units(spec, unit, fail)
        self.check_printed(spec, unit, sign, concept.nonnegative, fail)
        if spec.bound and not printed_on(spec.bound, document.lines[spec.line - 1]):
            words = ", ".join(repr(word) for word in WORDS[spec.bound])
            raise fail("bound", f"bound {spec.bound!r}: line {spec.line} of {document.name} prints none of {words}; "
                       "a figure printed without one is a value")
        if spec.measure in ("level", "change") and (concept.kind == "per_share") != (unit.name in PER_SHARE_UNITS):
            raise fail("unit", "per-share amounts are printed in 'JPY' (or 'US$'); other amounts in JPY thousand, "
                       f"million or billion (concept {spec.concept!r} is {concept.kind}, unit {unit.name!r})")
        exact = unit.exact_by_default if spec.exact is None else spec.exact
        printed, interval = self.shared.reading(spec.value, sign, exact, document.rounding, unit)
        if spec.bound == "approx":  # widened beyond its display rounding: one interval per approximate reading
            reading = (spec.value, sign, exact, document.rounding, unit.name)
            widened = self.shared.approximations.get(reading)
            if widened is None:
                value = printed.value * (sign or 1) if not printed.signed else printed.value
                widened = self.shared.approximations[reading] = approximate(value, interval, unit.factor)
            interval = widened
        key = self.key(spec, period, base_period, document)
        number = self.shared.number
        fact = Fact(
            id=spec.id, key=key, printed=printed, unit=unit, exact=exact, interval=interval,
            direction=spec.direction, direction_sign=sign, document=document, line=number(spec.line),
            text=spec.text if spec.text is not None else spec.value, label=intern(spec.label),
            header=number(headers), period_text=spec.period_text, compare=spec.compare, fixture=path,
            fixture_line=number(item.line), value_text=spec.value, unchecked=spec.unchecked,
            cumulative=cumulative, bound=spec.bound,
        )
        self.ids[spec.id] = fact
        self.dataset.facts.append(fact)

    @staticmethod
    def check_period_kind(spec: FactSpec, kind: str, period, fail) -> None:
        if kind == "flow" and isinstance(period, Instant):
            raise fail("period", f"concept {spec.concept!r} is a flow; its period must be a span, "
                       f"not the date {period}")
        if kind == "stock" and isinstance(period, Span):
            raise fail("period", f"concept {spec.concept!r} is a stock; its period must be a date "
                       f"(YYYY-MM-DD), not a span")

    @staticmethod
    def base_period(spec: FactSpec, period, fail, cumulative: bool = False):
        if spec.measure not in CHANGE_MEASURES:
            if spec.compare is not None or spec.base_basis is not None:
                raise fail("compare", f"'compare' and 'base_basis' belong to change measures, "
                           f"not to {spec.measure!r}")
            return None
        if spec.compare is None:
            if spec.base_basis is None:
                raise fail("compare", f"a {spec.measure} needs 'compare' (YoY, QoQ or a period) "
                           "or 'base_basis'")
            return period
        if spec.compare in ("YoY", "QoQ"):
            try:
                return year_earlier(period) if spec.compare == "YoY" else quarter_earlier(period)
            except (ValueError, OverflowError):
                raise fail("compare", f"{spec.compare} of {period} is outside the calendar") from None
        try:
            return parse_period(spec.compare, cumulative)
        except PeriodError as error:
            raise fail("compare", str(error)) from None

    def check_printed(self, spec: FactSpec, unit, sign: int, nonnegative: bool, fail) -> None:
        """The value must be a number its text prints (a fact without text prints its value)."""
        if spec.text is None:
            return
        # A share of what cannot be negative prints parentheses as an aside ("(14.0%)" under its amount)
        aside_ok = spec.measure == "share" and nonnegative
        if cells(spec.text) > 1:
            raise fail("text", f"text {spec.text!r} marks {cells(spec.text)} cells in braces; a fact's text "
                       "marks its own cell only")
        key = (spec.value, spec.text, unit.name, spec.direction, sign, aside_ok)
        try:
            problem = self.value_problems[key]
        except KeyError:
            problem = self.value_problems[key] = check_value(
                self.shared.printed(spec.value), fold_whitespace(cell(spec.text)), unit.name, spec.direction,
                sign, self.vocabulary.directions, aside_ok)
        if problem is not None:
            raise fail("value", f"value {spec.value!r} is not what its text {spec.text!r} {problem}")

    @staticmethod
    def check_units(spec: FactSpec, unit, fail) -> None:
        ratio_measures = ("share", "pct_change", "attainment")
        if spec.measure in ratio_measures and unit.name != "%":
            raise fail("unit", f"a {spec.measure} is printed in %, not {unit.name!r}")
        if spec.measure == "point_change" and unit.name != "points":
            raise fail("unit", "a point_change is printed in points")
        if spec.measure in ("level", "change") and unit.name == "points":
            raise fail("unit", "'points' is the unit of a point_change")

    def key(self, spec: FactSpec, period, base_period, document: Document | None = None) -> Key:
        of = of_segment = None
        if spec.measure in ("share", "point_change") or spec.of is not None or spec.of_segment is not None:
            of = spec.of or "revenue"
            of_segment = spec.segment if spec.of_segment is None else spec.of_segment
            of_segment = None if of_segment == "total" else of_segment
        base_basis = None
        if spec.measure in CHANGE_MEASURES:
            base_basis = spec.base_basis or spec.basis
        basis, base_basis = self.qualified_bases(spec, base_basis, document)
        return Key(intern(spec.entity), spec.segment and intern(spec.segment), intern(spec.concept),
                   intern(spec.measure), period, basis, base_period, base_basis, of and intern(of),
                   of_segment and intern(of_segment))

    def qualified_bases(self, spec: FactSpec, base_basis: str | None, document: Document | None) -> tuple:
        """qualified_bases, once per distinct basis, document and qualifiers (interned strings)."""
        key = (spec.basis, base_basis, spec.standard, spec.qualifier, spec.shares, spec.unit in USD_UNITS,
               document and (document.standard, document.date))
        bases = self.bases.get(key)
        if bases is None:
            basis, base = qualified_bases(spec, base_basis, document)
            bases = self.bases[key] = (intern(basis), base and intern(base))
        return bases

    def add_claim(self, path: str, document: Document, spec: ClaimSpec, line: int) -> None:
        facts = []
        for fact_id in [*([spec.total] if spec.total else []), *spec.facts]:
            fact = self.ids.get(fact_id)
            if fact is None:
                raise InputError(path, line, f"claim {spec.id}: unknown fact {fact_id!r}")
            if fact.bound not in (None, "approx") and spec.kind != "trend":
                # a bound is no value to add, compare or read as another concept (auditor.bounds)
                raise InputError(path, line, f"claim {spec.id}: fact {fact_id!r} is printed as a bound "
                                 f"({fact.bound}); only a trend claim may list it")
            facts.append(fact)
        claim_shape_problem(path, line, spec, facts[1:] if spec.total else facts, facts[0] if spec.total else None)
        if spec.concept is not None and spec.concept not in self.vocabulary.concepts:
            raise InputError(path, line, f"claim {spec.id}: unknown concept {spec.concept!r}")
        compare, sign = self.comparison_of(path, line, spec)
        if spec.line > len(document.lines):
            raise InputError(path, line, f"claim {spec.id}: line {spec.line} is beyond the end of "
                             f"{document.name}")
        self.dataset.claims.append(Claim(spec.id, spec.kind, spec.direction, facts, document,
                                         spec.line, spec.text, path, line, spec.complete, compare, sign,
                                         spec.concept, split_ratio(spec.ratio)))

    def comparison_of(self, path: str, line: int, spec: ClaimSpec) -> tuple:
        """A comparison claim's compared period and the sign of its direction word."""
        if spec.kind != "comparison":
            return None, 0
        sign = self.vocabulary.direction_sign(spec.direction or "")
        if spec.compare is None or not sign:
            raise InputError(path, line, f"claim {spec.id}: a comparison claim needs compare (the compared "
                             f"period) and a direction word of the vocabulary, not {spec.direction!r}")
        try:
            return parse_period(spec.compare), sign
        except PeriodError as error:
            raise InputError(path, line, f"claim {spec.id}: compare: {error}") from None


TREND_DIRECTIONS = ("increasing", "decreasing", "non-decreasing", "non-increasing")


def claim_shape_problem(path: str, line: int, spec: ClaimSpec, facts: list[Fact], total: Fact | None) -> None:
    """The fields each kind of claim needs, and only those; a components claim's items are figures in the
    unit dimension of their total and not the total itself."""
    def fail(message: str):
        raise InputError(path, line, f"claim {spec.id}: {message}")

    if (spec.ratio is not None) != (spec.kind == "split"):
        fail("a split claim needs its printed ratio ('1:200'), and only a split claim takes one")
    if spec.kind == "trend":
        if spec.direction not in TREND_DIRECTIONS or len(facts) < 2 or spec.total or spec.complete or spec.compare \
                or spec.concept:
            fail(f"a trend claim needs a direction ({', '.join(TREND_DIRECTIONS)}) and at least two facts, "
                 "and no total, complete, compare or concept")
        return
    if spec.kind == "comparison":
        if spec.total is not None or spec.complete or spec.concept is not None:
            fail("a comparison claim takes no total, complete or concept")
        return
    if spec.kind == "reading":
        if spec.concept is None or spec.total or spec.complete or spec.compare or spec.direction:
            fail("a reading claim needs the concept the document supports, and no total, complete, compare "
                 "or direction")
        for fact in facts:
            if fact.key.concept == spec.concept or fact.key.measure != "level":
                fail(f"fact {fact.id!r} is not a level recorded under another concept than {spec.concept!r}")
        return
    if spec.kind == "dividend_payment":
        dividend_payment_problem(spec, facts, fail)
        return
    if spec.kind == "split":
        split_problem(spec, facts, fail)
        return
    if spec.concept is not None:
        fail(f"a {spec.kind} claim takes no concept")
    if total is None or spec.direction is not None or spec.compare is not None:
        fail("a components claim needs a total and no direction or compare")
    for fact in facts:
        if fact is total or fact.unit.dimension != total.unit.dimension:
            fail(f"item {fact.id!r} is not an item of the total {total.id!r} (the total itself, or "
                 "another kind of unit)")


def unrecorded_entry(path: str, line: int, item: UnrecordedSpec, document: Document) -> Unrecorded:
    """One ``unrecorded`` entry, checked against its document."""
    def fail(message: str) -> InputError:
        return InputError(path, line, f"unrecorded: {message}")

    if (item.line is None) == (item.lines is None):
        raise fail("give either 'line' (with an optional 'text') or 'lines' (\"N-M\")")
    if item.lines is not None:
        if item.text is not None:
            raise fail("'text' goes with one 'line', not with 'lines'")
        first, last = (int(part) for part in item.lines.split("-"))
    else:
        first = last = item.line
    if not 1 <= first <= last:
        raise fail(f"lines {item.lines!r} run backwards or start before line 1")
    if last > len(document.lines):
        raise fail(f"line {last} is beyond the end of {document.name} ({len(document.lines)} lines)")
    if item.text is not None:
        text = fold_whitespace(item.text)
        found = anchor(text)
        if found is None:
            raise fail(f"text {item.text!r} prints no number")
        if not LineIndex(document.folded_line(first), {found[1]}).has(text):
            raise fail(f"text {item.text!r} is not on {document.name} line {first}")
    return Unrecorded(document, first, last, item.text, item.reason, path, line)


def qualified_bases(spec: FactSpec, base_basis: str | None, document: Document | None) -> tuple:
    """The fact's basis and base basis with its standard and vintage written in (auditor.vintages)."""
    if document is None:
        return spec.basis, base_basis
    currency = vintages.USD if spec.unit in USD_UNITS else None
    extra = (spec.standard or document.standard, document.date, spec.qualifier, spec.shares, currency)
    return vintages.qualified(spec.basis, *extra), base_basis and vintages.qualified(base_basis, *extra)


def document_meta(path: str, spec: DocumentSpec, data: LineDict, document: Document) -> None:
    """Set the document's kind, date and standard from its fixture. A document declared with a kind or
    a standard is a new-style record and must say when it was published: its targets and forecasts are
    "as of" that date (auditor.vintages). The four decks recorded before these fields keep working."""
    if spec.date is not None:
        try:
            datetime.date.fromisoformat(spec.date)
        except ValueError:
            raise InputError(path, data.line_of("date"), f"impossible date {spec.date!r}") from None
    elif spec.kind is not None or spec.standard is not None:
        field = "kind" if spec.kind is not None else "standard"
        raise InputError(path, data.line_of(field), f"a document with '{field}' needs its publication 'date' "
                         "(YYYY-MM-DD, as printed on the document)")
    if (spec.usd_rate is None) != (spec.usd_rate_line is None):
        field = "usd_rate" if spec.usd_rate is not None else "usd_rate_line"
        raise InputError(path, data.line_of(field), "'usd_rate' and 'usd_rate_line' go together: the rate as "
                         "printed and the line it is printed on")
    if spec.usd_rate is not None:
        if spec.usd_rate_line > len(document.lines) or spec.usd_rate not in document.folded_line(
                spec.usd_rate_line):
            raise InputError(path, data.line_of("usd_rate"), f"usd_rate {spec.usd_rate!r} is not printed on "
                             f"{document.name} line {spec.usd_rate_line}")
    meta = (spec.kind, spec.date, spec.standard, spec.usd_rate)
    known = (document.kind, document.date, document.standard, document.usd_rate)
    if known != (None, None, None, None) and known != meta:
        raise InputError(path, data.line_of("document"), f"{document.name} is declared with kind, date, "
                         f"standard and usd_rate {known} by another fixture, here {meta}")
    document.kind, document.date, document.standard, document.usd_rate = meta


def load_dataset(paths: list[str], vocabulary: Vocabulary, cache_dir: str | None = None,
                 candidates: list[str] = ()) -> Dataset:
    """The facts of the fixture files under ``paths``; with ``cache_dir``, unchanged files come from the
    cache there (auditor.cache) when it may be trusted. ``candidates``: see :func:`fixture_files`."""
    return Loader(vocabulary, open_cache(cache_dir, vocabulary), candidates).load(paths)
