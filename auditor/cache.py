"""A cache of loaded fixture files, so that an unchanged file is not parsed and validated again.

Parsing and validating a fixture costs about 50 microseconds a fact; reading its facts back from the cache
costs about 6. One entry per fixture path (``<cache dir>/<hash of the path>.cache``), so the cache grows
with the number of fixture files, not with the number of edits. An entry is used only when its key still
matches: a hash of the cache format, the source of the modules that load facts, the vocabulary, the
fixture's path and its bytes. The entry also records the hash and rounding of the source document the
facts were checked against; a changed document is a miss too.

The directory and its entries are not trusted (auditor.cache.open_cache): a directory that is a symbolic
link, that lies in the working directory but resolves outside it, or that holds files tracked by git (a
pull request could have committed entries that supply facts its files do not hold) is not used. An entry
names the fixture and the hash of the bytes it stands for, both compared; its document path must pass the
loader's checks before the document is read; its facts must cite lines of that document. An entry is read
only from a regular file (no link, FIFO or device), and written through a new temporary file renamed into
place, so no write follows a planted link.

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
import stat
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from fractions import Fraction
from pathlib import Path
from typing import get_args

from auditor.interval import Interval
from auditor.model import Bound, ClaimSpec, Document, Fact, Key, Unrecorded
from auditor.numbers import Printed, unit_named
from auditor.periods import Instant, Span
from auditor.shared import Shared

BOUNDS = (None, *get_args(Bound))
FORMAT = "iij-audit facts cache 6"
MAX_ENTRY_BYTES = 512 * 1024 * 1024  # a planted huge entry is a miss, not a memory error
DEFAULT_DIR = ".iij-audit-cache"
# The modules whose code decides what a loaded fact is: editing any of them invalidates every entry.
_LOADING_MODULES = ("cache", "footnotes", "interval", "loader", "model", "numbers", "periods", "period_words",
                    "printed", "shared", "vintages", "vocabulary", "yamlsafe")


@dataclass
class Entry:
    """What loading one fixture file produced."""

    document: Document
    rounding: str  # the document's rounding the facts were read with
    own_rounding: str  # the fixture's own 'rounding' (it sets the document's when it loads it first)
    facts: list[Fact]
    claims: list[tuple[ClaimSpec, int]]  # (claim, fixture line); resolved against all facts at every load
    unrecorded: list[Unrecorded] = field(default_factory=list)  # the fixture's `unrecorded` entries


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


def interval_row(interval: Interval) -> tuple:
    """A decimal interval as its integers and scale (lo_n, hi_n, exp); a rational one as two fractions."""
    if interval.exp is not None:
        return interval.lo_n, interval.hi_n, interval.exp
    return (*fraction_row(interval.lo), *fraction_row(interval.hi))


def interval_from_row(row: tuple) -> Interval:
    if len(row) == 3:
        lo_n, hi_n, exp = row
        if not (type(lo_n) is int and type(hi_n) is int and type(exp) is int and 0 <= exp and lo_n <= hi_n):
            raise ValueError("a cached interval is two ordered integers and a scale")
        return Interval.decimal(lo_n, hi_n, exp)
    return Interval.checked(_lowest_terms(row[0], row[1]), _lowest_terms(row[2], row[3]))


def fact_row(fact: Fact) -> tuple:
    key, printed, interval = fact.key, fact.printed, fact.interval
    return (
        fact.id,
        (*key[:4], period_row(key.period), key.basis, period_row(key.base_period), *key[7:]),
        (*fraction_row(printed.value), printed.decimals, printed.signed),
        fact.unit.name, fact.exact, interval_row(interval),
        fact.direction, fact.direction_sign, fact.line, fact.text, fact.label, fact.header,
        fact.period_text, fact.compare, fact.fixture_line, fact.value_text, fact.unchecked, fact.cumulative,
        fact.bound,
    )


def unrecorded_row(entry: Unrecorded) -> tuple:
    return entry.first, entry.last, entry.text, entry.reason, entry.fixture_line


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

    def check_row(self, line, header, texts: tuple) -> None:
        """What a fresh load made sure of, a planted entry must not break: the fact cites lines of its
        document (the reports print them) and its names and texts are strings. Plain comparisons: this
        runs once per cached fact."""
        size = len(self.document.lines)
        if type(line) is not int or not 0 < line <= size:
            raise ValueError("a cached fact cites a line outside its document")
        for number in header:
            if type(number) is not int or not 0 < number <= size:
                raise ValueError("a cached fact's header is outside its document")
        for text in texts:
            if type(text) is not str:
                raise ValueError("a cached fact's names and texts are strings")

    def fact(self, row: tuple) -> Fact:
        (fact_id, key, printed, unit, exact, bounds, direction, sign, line, text, label, header,
         period_text, compare, fixture_line, value_text, unchecked, cumulative, bound) = row
        period, number = self.period, self.shared.number
        key = Key(*key[:4], period(key[4]), key[5], period(key[6]), *key[7:])
        unit = unit_named(unit)

        def stored() -> tuple[Printed, Interval]:
            value = _lowest_terms(printed[0], printed[1])
            interval = interval_from_row(bounds)
            return Printed(value, printed[2], printed[3]), interval

        self.check_row(line, header, (fact_id, text, label, value_text))
        if unchecked is not None and type(unchecked) is not str:
            raise ValueError("a cached fact's reason is a string")
        if bound not in BOUNDS:
            raise ValueError("a cached fact's bound is not one a fixture may write")
        # an approximation's row holds its widened interval, not its text's reading: the reading is computed
        shown, interval = self.shared.reading(value_text, sign, exact, self.document.rounding, unit,
                                              None if bound == "approx" else stored)
        if bound == "approx":  # widened beyond its display rounding, as the loader shares it
            reading = (value_text, sign, exact, self.document.rounding, unit.name)
            interval = self.shared.approximations.setdefault(reading, interval_from_row(bounds))
        return Fact(fact_id, key, shown, unit, exact, interval, direction, sign, self.document, number(line),
                    text, label, number(header), period_text, compare, self.fixture, number(fixture_line),
                    value_text, unchecked, cumulative is True, bound)

    def unrecorded(self, row: tuple) -> Unrecorded:
        first, last, text, reason, fixture_line = row
        self.check_row(first, (last,), (reason,) if text is None else (reason, text))
        if type(fixture_line) is not int or first > last:
            raise ValueError("a cached unrecorded entry is malformed")
        return Unrecorded(self.document, first, last, text, reason, self.fixture, fixture_line)


# ----------------------------------------------------------------------------- the cache
class FactCache:
    def __init__(self, directory: str, vocabulary) -> None:
        self.directory = directory
        # marshal's format belongs to the Python version: another interpreter sharing the directory misses
        self.base = digest(FORMAT.encode(), sys.version.encode(), code_digest(), repr(vocabulary).encode())
        self.hits = self.misses = 0
        self.shared = Shared()

    def entry_path(self, fixture: str) -> str:
        return os.path.join(self.directory, digest(os.fsencode(fixture)) + ".cache")

    def key(self, fixture: str, data: bytes) -> str:
        return digest(self.base.encode(), os.fsencode(fixture), data)

    def lookup(self, fixture: str, key: str, document_for, content: str = "") -> Entry | None:
        """The cached entry of this fixture's key (``key(fixture, data)``), its facts bound to
        ``document_for(path, digest, rounding, own_rounding)``: the loader's document, or None when it no
        longer matches the one the entry was loaded against. The entry names the fixture it stands for
        and the hash of its bytes (``content``): both must be this file's."""
        try:
            stored = marshal.loads(read_entry(self.entry_path(fixture)))
            stored_key, stored_fixture, stored_content, header, (claim_rows, unrecorded_rows), rows = stored
            if (stored_key, stored_fixture, stored_content) != (key, fixture, content):
                return self.miss()
            document = document_for(*header)
            if document is None:
                return self.miss()
            reader = FactReader(document, fixture, self.shared)
            facts = [reader.fact(row) for row in rows]
            claims = [(ClaimSpec.model_validate(fields), line) for fields, line in claim_rows]
            unrecorded = [reader.unrecorded(row) for row in unrecorded_rows]
        except Exception:  # noqa: BLE001 - a damaged or foreign entry is a miss, whatever is wrong with it
            return self.miss()
        self.hits += 1
        return Entry(document, header[2], header[3], facts, claims, unrecorded)

    def miss(self) -> None:
        self.misses += 1
        return None

    def store(self, fixture: str, key: str, entry: Entry, content: str = "") -> None:
        document = entry.document
        header = (document.path, document.digest, entry.rounding, entry.own_rounding,
                  (document.kind, document.date, document.standard, document.usd_rate))
        claims = [(claim.model_dump(), line) for claim, line in entry.claims]
        # what depends on the fixture's own lines, not on its facts, travels together: claims and the
        # `unrecorded` entries
        lines = (claims, [unrecorded_row(item) for item in entry.unrecorded])
        blob = marshal.dumps((key, fixture, content, header, lines, [fact_row(fact) for fact in entry.facts]))
        write_entry(self.directory, self.entry_path(fixture), blob)


def write_entry(directory: str, path: str, blob: bytes) -> None:
    """Write ``blob`` as the entry ``path`` of ``directory``, through a new temporary file renamed into place."""
    try:
        prepare(directory)
        handle, temporary = tempfile.mkstemp(dir=directory, suffix=".tmp")  # O_EXCL: no link followed
        with os.fdopen(handle, "wb") as out:
            out.write(blob)
        os.replace(temporary, path)  # replaces a planted link, never writes through it
    except OSError:
        pass  # a read-only or full disk only costs the next run its speed


def prepare(directory: str) -> None:
    """The directory, with a .gitignore that keeps its entries out of commits."""
    os.makedirs(directory, exist_ok=True)
    ignore = os.path.join(directory, ".gitignore")
    try:
        handle = os.open(ignore, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), 0o666)
    except FileExistsError:
        return
    with os.fdopen(handle, "w", encoding="utf-8") as out:
        out.write("# created by iij-audit: the cache is not to be committed\n*\n")


def read_entry(path: str) -> bytes:
    """An entry's bytes, only from a regular file that is not a link (a FIFO or /dev/zero planted as an
    entry would hang the run or fill the memory)."""
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
    handle = os.open(path, flags)
    with os.fdopen(handle, "rb") as stream:
        info = os.fstat(stream.fileno())
        if not stat.S_ISREG(info.st_mode) or info.st_size > MAX_ENTRY_BYTES:
            raise ValueError("not a cache entry")
        return stream.read()


# ----------------------------------------------------------------------------- trusting the directory
def distrust(directory: str) -> str | None:
    """Why the cache directory may not be used, or None. The cache is only as trustworthy as whoever
    wrote it: a directory committed to the repository (or a link to one elsewhere) was written by
    whoever sent the pull request, and its entries could supply facts the files do not hold."""
    absolute, project = os.path.abspath(directory), os.getcwd()
    if os.path.islink(directory.rstrip(os.sep) or directory):
        return "is a symbolic link"
    if absolute.startswith(project.rstrip(os.sep) + os.sep):
        real, real_project = os.path.realpath(absolute), os.path.realpath(project)
        if not real.startswith(real_project.rstrip(os.sep) + os.sep):
            return "resolves outside the project"
    if os.path.isdir(directory) and tracked_by_git(directory):
        return "holds files tracked by git"
    return None


def tracked_by_git(directory: str) -> bool:
    """Whether git tracks anything in ``directory``; False when git or a repository is not there."""
    try:
        listed = subprocess.run(["git", "-C", directory, "ls-files", "-z", "--", "."], capture_output=True,
                                timeout=30, check=False)
    except (OSError, subprocess.SubprocessError):
        return False
    return listed.returncode == 0 and bool(listed.stdout)


def open_cache(directory: str | None, vocabulary) -> FactCache | None:
    """The cache in ``directory``, or None (with a note on stderr) when there is none or it is not to be
    trusted: the run then loads every file afresh."""
    if not directory:
        return None
    reason = distrust(directory)
    if reason:
        print(f"iij-audit: note: cache directory {directory} {reason}; not used", file=sys.stderr)
        return None
    return FactCache(directory, vocabulary)
