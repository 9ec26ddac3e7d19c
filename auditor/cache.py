"""A cache of loaded fixture files, so that an unchanged file is not parsed and validated again.

Parsing and validating a fixture costs about 50 microseconds a fact; reading its facts back from the cache
costs about 6. One entry per fixture path (``<cache dir>/<hash of the path>.cache``), so the cache grows
with the number of fixture files, not with the number of edits. An entry is used only when its key still
matches: a hash of the cache format, the source of the modules that load facts, the vocabulary, the
fixture's path and its bytes. The entry also records the hash and rounding of the source document the
facts were checked against; a changed document is a miss too.

What is never cached: a file that had input errors (its errors always come from a fresh load), and what
depends on the other files (duplicate fact ids and claims are resolved at every run). A missing,
unreadable, corrupt or foreign entry is a miss, never an error; a cache that cannot be written is skipped.

Entries hold plain values only (tuples, strings, numbers) written with :mod:`marshal`: reading one builds
data, never calls anything, whoever wrote it.
"""

from __future__ import annotations

import datetime
import hashlib
import marshal
import os
import sys
import tempfile
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path

from auditor.interval import Interval
from auditor.model import ClaimSpec, Document, Fact, Key
from auditor.numbers import Printed, unit_named
from auditor.periods import Instant, Span
from auditor.shared import Shared

FORMAT = "iij-audit facts cache 2"
DEFAULT_DIR = ".iij-audit-cache"
# The modules whose code decides what a loaded fact is: editing any of them invalidates every entry.
_LOADING_MODULES = ("cache", "interval", "loader", "model", "numbers", "periods", "printed", "shared", "vocabulary",
                    "yamlsafe")


@dataclass
class Entry:
    """What loading one fixture file produced."""

    document: Document
    rounding: str  # the document's rounding the facts were read with
    own_rounding: str  # the fixture's own 'rounding' (it sets the document's when it loads it first)
    facts: list[Fact]
    claims: list[tuple[ClaimSpec, int]]  # (claim, fixture line); resolved against all facts at every load


# Stored fractions are in lowest terms already, so they skip Fraction's gcd. Its fast constructor is private
# and changed in Python 3.12; the public one is the fallback.
if hasattr(Fraction, "_from_coprime_ints"):  # pragma: no cover - Python 3.12+
    _lowest_terms = Fraction._from_coprime_ints
else:
    def _lowest_terms(numerator: int, denominator: int) -> Fraction:
        return Fraction(numerator, denominator, _normalize=False)


def digest(*parts: bytes) -> str:
    hasher = hashlib.blake2b(digest_size=20)
    for part in parts:
        hasher.update(len(part).to_bytes(8, "little"))
        hasher.update(part)
    return hasher.hexdigest()


def code_digest() -> bytes:
    package = Path(__file__).parent
    return b"".join((package / f"{name}.py").read_bytes() for name in _LOADING_MODULES)


# ----------------------------------------------------------------------------- facts as plain values
def period_row(period):
    if period is None:
        return None
    return (period.first, period.last) if type(period) is Span else period.date.toordinal()


def fraction_row(value: Fraction) -> tuple[int, int]:
    return value.numerator, value.denominator


def fact_row(fact: Fact) -> tuple:
    key, printed, interval = fact.key, fact.printed, fact.interval
    return (
        fact.id,
        (*key[:4], period_row(key.period), key.basis, period_row(key.base_period), *key[7:]),
        (*fraction_row(printed.value), printed.decimals, printed.signed),
        fact.unit.name, fact.exact, (*fraction_row(interval.lo), *fraction_row(interval.hi)),
        fact.direction, fact.direction_sign, fact.line, fact.text, fact.label, fact.header,
        fact.period_text, fact.compare, fact.fixture_line, fact.value_text,
    )


class FactReader:
    """Facts from rows, sharing equal values (auditor.shared) as the fresh load does."""

    def __init__(self, document: Document, fixture: str, shared: Shared) -> None:
        self.document, self.fixture = document, fixture
        self.shared = shared
        self.periods = shared.periods

    def period(self, row):
        if row is None:
            return None
        period = self.periods.get(row)
        if period is None:
            period = self.periods[row] = Span(*row) if type(row) is tuple else \
                Instant(datetime.date.fromordinal(row))
        return period

    def fact(self, row: tuple) -> Fact:
        (fact_id, key, printed, unit, exact, bounds, direction, sign, line, text, label, header,
         period_text, compare, fixture_line, value_text) = row
        period, number = self.period, self.shared.number
        key = Key(*key[:4], period(key[4]), key[5], period(key[6]), *key[7:])
        unit = unit_named(unit)

        def stored() -> tuple[Printed, Interval]:
            value = _lowest_terms(printed[0], printed[1])
            interval = Interval(_lowest_terms(bounds[0], bounds[1]), _lowest_terms(bounds[2], bounds[3]))
            return Printed(value, printed[2], printed[3]), interval

        shown, interval = self.shared.reading(value_text, sign, exact, self.document.rounding, unit, stored)
        return Fact(fact_id, key, shown, unit, exact, interval, direction, sign, self.document, number(line),
                    text, label, number(header), period_text, compare, self.fixture, number(fixture_line),
                    value_text)


# ----------------------------------------------------------------------------- the cache
class FactCache:
    def __init__(self, directory: str, vocabulary) -> None:
        self.directory = directory
        # marshal's format belongs to the Python version: another interpreter sharing the directory misses
        self.base = digest(FORMAT.encode(), sys.version.encode(), code_digest(), repr(vocabulary).encode())
        self.hits = self.misses = 0
        self.shared = Shared()

    def entry_path(self, fixture: str) -> str:
        return os.path.join(self.directory, digest(fixture.encode()) + ".cache")

    def key(self, fixture: str, data: bytes) -> str:
        return digest(self.base.encode(), fixture.encode(), data)

    def lookup(self, fixture: str, key: str, document_for) -> Entry | None:
        """The cached entry of this fixture's key (``key(fixture, data)``), its facts bound to
        ``document_for(path, digest, rounding, own_rounding)``: the loader's document, or None when it no
        longer matches the one the entry was loaded against."""
        try:
            with open(self.entry_path(fixture), "rb") as handle:
                stored = marshal.loads(handle.read())
            stored_key, header, claim_rows, rows = stored
            if stored_key != key:
                return self.miss()
            document = document_for(*header)
            if document is None:
                return self.miss()
            reader = FactReader(document, fixture, self.shared)
            facts = [reader.fact(row) for row in rows]
            claims = [(ClaimSpec.model_validate(fields), line) for fields, line in claim_rows]
        except Exception:  # noqa: BLE001 - a damaged or foreign entry is a miss, whatever is wrong with it
            return self.miss()
        self.hits += 1
        return Entry(document, header[2], header[3], facts, claims)

    def miss(self) -> None:
        self.misses += 1
        return None

    def store(self, fixture: str, key: str, entry: Entry) -> None:
        document = entry.document
        header = (document.path, document.digest, entry.rounding, entry.own_rounding)
        claims = [(claim.model_dump(), line) for claim, line in entry.claims]
        blob = marshal.dumps((key, header, claims, [fact_row(fact) for fact in entry.facts]))
        try:
            self.prepare()
            handle, temporary = tempfile.mkstemp(dir=self.directory, suffix=".tmp")
            with os.fdopen(handle, "wb") as out:
                out.write(blob)
            os.replace(temporary, self.entry_path(fixture))
        except OSError:
            pass  # a read-only or full disk only costs the next run its speed

    def prepare(self) -> None:
        os.makedirs(self.directory, exist_ok=True)
        ignore = os.path.join(self.directory, ".gitignore")
        if not os.path.exists(ignore):
            with open(ignore, "w", encoding="utf-8") as handle:
                handle.write("# created by iij-audit: the cache is not to be committed\n*\n")
