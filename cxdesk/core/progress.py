"""How long work reports how far it has got, and hears whether to go on: one signature for all."""

from __future__ import annotations

from typing import Protocol


class Progress(Protocol):
    """Told as long work goes: `progress(step, done, total)`; returns whether to go on.

    `step` names what is being done now, in words a person can read (a table's name, "Making
    agreements"); `done` is how many items of that step are finished; `total` is how many
    there are in all, or 0 when the total is not known yet (the bar then only shows activity).
    Returning False asks the work to stop: it stops at the next safe point and, where it
    writes, leaves nothing half done (an import raises `ImportCancelled`, changing nothing).
    """

    def __call__(self, step: str, done: int, total: int, /) -> bool: ...
