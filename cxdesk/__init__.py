"""cxdesk: the desk of ClusterXchange coordinators."""

from __future__ import annotations

from functools import cache


@cache
def _version() -> str:
    # Read from the installed metadata only when asked (--version, About, iCalendar): reading it
    # costs a start some 35 ms.
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("cxdesk")
    except PackageNotFoundError:  # running from a source tree that was not installed
        return "0.0.0+source"


def __getattr__(name: str) -> str:
    if name == "__version__":
        return _version()
    raise AttributeError(f"module 'cxdesk' has no attribute {name!r}")
