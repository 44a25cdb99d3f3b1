"""Write a file all at once: kept for its users; the writer itself is cxdesk.core.outputs."""

from __future__ import annotations

from cxdesk.core.outputs import atomic_output, atomic_path

__all__ = ["atomic_output", "atomic_path"]
