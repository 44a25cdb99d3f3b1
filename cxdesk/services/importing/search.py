"""Which search indexes an import fills once at the end instead of row by row."""

from __future__ import annotations

from cxdesk.db.sync.apply import SyncSession
from cxdesk.sync.manifest import Manifest

#: What a row costs the names' full-text index by trigger, in rows of its rebuild.
SEARCH_ROW_COST = 12


def suspend_search(sync: SyncSession, manifest: Manifest) -> None:
    """Many new names: rebuild the search index once at the end, not row by row (a row
    costs the index about a dozen times what the rebuild costs per row already there)."""
    bulky = [
        resource
        for resource in ("organisations", "people")
        if many_rows(sync, manifest, resource, SEARCH_ROW_COST)
    ]
    sync.suspend_search(bulky)
    # The exchanges' words and sort keys: filled for every exchange at the end, only into an
    # empty desk's (a desk's first package, where a platform-size package goes). Emptied and
    # filled again, a search table would hold the same words in other pages: the same package
    # applied twice must change nothing.
    if manifest.resource("exchanges") is not None and sync.row_count("exchanges") == 0:
        sync.suspend_exchange_search()


def many_rows(sync: SyncSession, manifest: Manifest, resource: str, row_cost: int) -> bool:
    """The package's rows of `resource` cost more row by row (`row_cost` times a row of the
    rebuild) than one rebuild of the table with them."""
    described = manifest.resource(resource)
    if described is None:
        return False
    expected = described.bytes // 150  # a package row is some 150–300 bytes
    return expected * row_cost > sync.row_count(resource) + expected
