"""A pause of Python's cyclic garbage collector around the hot paths (loading, evaluating).

A run builds many long-lived objects (facts, intervals, checks) and almost no cyclic garbage, so the
collections the allocations trigger only cost time: a quarter of the load time at 100k facts.
"""

from __future__ import annotations

import contextlib
import gc


@contextlib.contextmanager
def collector_paused():
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
