"""A cache of the explain step (waived findings' causes, likely causes, derived figures), beside the facts cache.

Pre-commit hooks and CI re-run the same inputs; the explain step (auditor.pipeline.explain) is most of a
diagnosed run's time. Its result is kept in the facts cache's directory, under the same rules
(auditor.cache: the directory must pass ``distrust``; entries are read only from regular files, written
through a renamed temporary file, as :mod:`marshal` data). One entry per run shape (fixture paths, rule
files, derived figures or not), so the directory does not grow with the edits.

The key hashes everything the step depends on: the cache format and Python version, the source of every
module of the package (a changed diagnosis is a miss), the vocabulary, the rule files' paths and bytes,
the fixture files' paths and the hashes of the bytes the loader read (not read again), the cited
documents' hashes, the waivers file's bytes, the options that reach the step (budgets, derived figures,
rule selection, focus) and which findings are to be explained. An entry whose key differs, or that does
not decode into the whitelisted types below, is a miss and is rebuilt.

Decoding builds only the types listed in ``_TYPES`` from plain values: whoever wrote an entry, reading it
calls nothing else.
"""

from __future__ import annotations

import dataclasses
import datetime
import marshal
import os
import sys
from fractions import Fraction
from pathlib import Path
from types import MappingProxyType

from auditor.cache import distrust, digest, interval_from_row, interval_row, read_entry, write_entry
from auditor.diagnosis.cause import Cause
from auditor.diagnosis.derive import Derived, Link, Source
from auditor.diagnosis.ranges import Range
from auditor.interval import Interval
from auditor.model import Key
from auditor.periods import Instant, Span

FORMAT = "iij-audit explain cache 1"
# tag -> dataclass or named tuple rebuilt from its fields in order; nothing else is ever constructed
_TYPES = {"C": Cause, "D": Derived, "k": Link, "s": Source, "R": Range, "K": Key, "S": Span}
_TAGS = {cls: tag for tag, cls in _TYPES.items()}


def _package_digest() -> bytes:
    """The source of every module of the package: any code change may change the step's result."""
    package = Path(__file__).parent
    return b"".join(path.relative_to(package).as_posix().encode() + b"\0" + path.read_bytes()
                    for path in sorted(package.rglob("*.py")))


# ----------------------------------------------------------------------------- values as plain data
def encode(value):
    """``value`` as plain values marshal writes (TypeError for a type the cache does not know)."""
    if value is None or type(value) in (bool, int, str):
        return value
    cls = type(value)
    if cls is Fraction:
        return ("F", value.numerator, value.denominator)
    if cls is Interval:
        return ("V", interval_row(value))
    if cls is Instant:
        return ("I", value.date.toordinal())
    if cls in _TAGS:
        fields = [getattr(value, f.name) for f in dataclasses.fields(cls)] if dataclasses.is_dataclass(cls) \
            else list(value)
        return (_TAGS[cls], tuple(encode(item) for item in fields))
    if cls is tuple:
        return ("T", tuple(encode(item) for item in value))
    if cls is list:
        return ("L", tuple(encode(item) for item in value))
    if cls is MappingProxyType:  # a cause's nested objects (auditor.diagnosis.cause.frozen)
        return ("M", tuple((encode(name), encode(item)) for name, item in value.items()))
    raise TypeError(f"not cacheable: {cls.__name__}")


def decode(row):
    """The value ``encode`` wrote (ValueError, TypeError or KeyError on anything else)."""
    if row is None or type(row) in (bool, int, str):
        return row
    if type(row) is not tuple or not row or type(row[0]) is not str:
        raise ValueError("not a cached value")
    tag = row[0]
    if tag == "F":
        return Fraction(row[1], row[2])
    if tag == "V":
        return interval_from_row(row[1])
    if tag == "I":
        return Instant(datetime.date.fromordinal(row[1]))
    if tag == "M":
        return MappingProxyType({decode(name): decode(item) for name, item in row[1]})
    items = [decode(item) for item in row[1]]
    if tag == "T":
        return tuple(items)
    if tag == "L":
        return items
    return _TYPES[tag](*items)


# ----------------------------------------------------------------------------- the cache
class ExplainCache:
    """The explain step's cached result for one run's inputs, in a trusted cache directory."""

    def __init__(self, directory: str, key: str, name: str) -> None:
        self.directory, self.key = directory, key
        self.path = os.path.join(directory, f"explain-{name}.cache")

    def lookup(self):
        """(causes, derived, info fields) of this key, or None (missing, foreign or damaged entry)."""
        try:
            stored_key, causes, derived, info = marshal.loads(read_entry(self.path))
            if stored_key != self.key:
                return None
            found = decode(causes), decode(derived), decode(info)
            return found if well_formed(*found) else None
        except Exception:  # noqa: BLE001 - a damaged or foreign entry is a miss, whatever is wrong with it
            return None

    def store(self, causes, derived, info: tuple) -> None:
        try:
            blob = marshal.dumps((self.key, encode(list(causes)), encode(tuple(derived)), encode(info)))
        except (TypeError, ValueError):
            return  # a value the cache cannot write: the next run recomputes it
        write_entry(self.directory, self.path, blob)


def strings(values) -> bool:
    return type(values) in (tuple, list) and all(type(value) is str for value in values)


def well_formed(causes, derived, info) -> bool:
    """What the reporters read, a planted entry must not break: causes with string texts, derived figures
    with a key, an interval and string steps, the diagnosis info's four counts, budget and flag."""
    if type(causes) is not list or type(derived) is not tuple or type(info) is not tuple or len(info) != 6:
        return False
    if not all(type(count) is int for count in info[:5]) or type(info[5]) is not bool:
        return False
    for cause in causes:
        texts = () if cause is None else (cause.kind, cause.explanation)
        if not (cause is None or type(cause) is Cause and strings(texts) and strings(cause.keys)):
            return False
    return all(type(figure) is Derived and type(figure.key) is Key and type(figure.interval) is Interval
               and strings(figure.facts) and strings(figure.derivation) and strings(figure.rules)
               for figure in derived)


def open_explain_cache(ruleset, dataset, options, reported: list[int], findings) -> ExplainCache | None:
    """The explain cache of this run, or None: no cache directory, one not to be trusted (the facts cache
    said why on stderr), or an input that cannot be read again."""
    directory = options.cache_dir
    if not directory or distrust(directory):
        return None
    # the fixtures as they were loaded (their hashes), not read again: the rule files are small and keep none
    if any(path not in dataset.fixture_digests for path in dataset.fixture_files):
        return None
    try:
        files = [(path, Path(path).read_bytes()) for path in ruleset.files]
        waivers = Path(options.waivers).read_bytes() if options.waivers else b""
    except OSError:
        return None
    files += [(path, dataset.fixture_digests[path].encode()) for path in dataset.fixture_files]
    documents = sorted((path, document.digest) for path, document in dataset.documents_by_path.items())
    wanted = [(n, findings[n].rule_id, tuple(fact.id for fact in findings[n].facts)) for n in reported]
    settings = (options.derive, options.diagnosis_budget, options.propagation_budget, options.only_rules,
                options.excluded_rules, options.waivers, len(findings), wanted)
    parts = [FORMAT.encode(), sys.version.encode(), _package_digest(), repr(ruleset.vocabulary).encode(),
             repr(documents).encode(), repr(settings).encode(), waivers]
    for path, data in files:
        parts += [os.fsencode(path), data]
    name = digest(repr((ruleset.files, dataset.fixture_files, options.derive)).encode())
    return ExplainCache(directory, digest(*parts), name)
