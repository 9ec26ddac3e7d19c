"""Bounds on one run's input, so that memory and time stay bounded whatever a pull request brings.

Per file (auditor.yamlsafe): MAX_BYTES, MAX_LINES, MAX_EVENTS. Per run (here): the facts, the bytes of
fixtures and decks, the lines of decks, and the input errors collected. A load past a bound stops with an
input error (exit 2) rather than running the machine out of memory or printing errors for minutes.
"""

from __future__ import annotations

from auditor.errors import InputError

MAX_ERRORS = 1_000  # input errors collected by one load; far more than anyone reads, few enough to be fast
MAX_FACTS = 500_000  # facts of one dataset: about 1.7 KB each with all rules run (benchmarks/scale.py)
MAX_DATASET_BYTES = 128 * 1024 * 1024  # fixture and deck bytes read by one load
MAX_DECK_LINES = 2_000_000  # deck lines kept by one load (a short line costs about 60 bytes)


class StoppedReading(InputError):
    """The note that ends a load cut short by MAX_ERRORS; the CLI prints it last."""


class ErrorsFull(Exception):
    """An error beyond MAX_ERRORS was added: the load stops; ``errors`` are those collected, then the note."""

    def __init__(self, errors: list[InputError], rejected: InputError) -> None:
        super().__init__(f"more than {MAX_ERRORS} input errors")
        note = StoppedReading(rejected.path, None, f"stopped after {MAX_ERRORS:,} input errors: the rest of "
                              "this file and any after it were not read")
        self.errors = [*errors, note]


class ErrorList(list):
    """A load's errors (fixtures, rules, waivers): adding one beyond MAX_ERRORS raises ErrorsFull instead."""

    def append(self, error: InputError) -> None:
        if len(self) >= MAX_ERRORS:
            raise ErrorsFull(self, error)
        super().append(error)

    def extend(self, errors) -> None:
        for error in errors:
            self.append(error)


class DatasetTooLarge(InputError):
    """A per-run bound was passed: the load stops here (the loader lets it through, never collects it)."""


class Budget:
    """What one load has read so far."""

    def __init__(self) -> None:
        self.bytes = 0
        self.lines = 0

    def spend(self, path: str, size: int, lines: int = 0) -> None:
        self.bytes += size
        self.lines += lines
        if self.bytes > MAX_DATASET_BYTES:
            raise DatasetTooLarge(path, None, f"the fixtures and decks read up to this file hold more than "
                                  f"{MAX_DATASET_BYTES:,} bytes, the limit of one run")
        if self.lines > MAX_DECK_LINES:
            raise DatasetTooLarge(path, None, f"the decks read up to this one hold more than "
                                  f"{MAX_DECK_LINES:,} lines, the limit of one run")

    @staticmethod
    def count_facts(path: str, facts: int) -> None:
        if facts > MAX_FACTS:
            raise DatasetTooLarge(path, None, f"the fixtures up to this file hold more than {MAX_FACTS:,} facts, "
                                  "the limit of one run")
