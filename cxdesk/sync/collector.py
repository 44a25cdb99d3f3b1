"""Reading a package makes and drops millions of small containers (cells, rows): the cycle
collector, run every 700 of them by default, would take a tenth of the time for nothing (rows
hold no cycles; they go when their count does). Fewer runs while a package is read."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

#: Containers made (less those dropped) between two runs of the youngest generation's collection.
BULK_THRESHOLD = 10_000


@contextmanager
def bulk_allocations(threshold: int = BULK_THRESHOLD) -> Iterator[None]:
    """Run the block with the collector's first threshold raised to `threshold` (never lowered);
    the thresholds as they were afterwards."""
    before = gc.get_threshold()
    gc.set_threshold(max(threshold, before[0]), *before[1:])
    try:
        yield
    finally:
        gc.set_threshold(*before)
