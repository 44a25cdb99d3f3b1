"""The cycle collector runs less while a package is read, and as before afterwards."""

from __future__ import annotations

import gc

import pytest

from cxdesk.sync.collector import bulk_allocations


def test_the_thresholds_are_raised_inside_and_put_back_even_on_an_error() -> None:
    before = gc.get_threshold()
    with pytest.raises(RuntimeError), bulk_allocations(before[0] + 5000):
        assert gc.get_threshold() == (before[0] + 5000, *before[1:])
        raise RuntimeError
    assert gc.get_threshold() == before
    with bulk_allocations(1):  # never lowered
        assert gc.get_threshold() == before
    assert gc.get_threshold() == before
