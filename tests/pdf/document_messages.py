"""The messages the documents use: every document rendered in English, each lookup recorded.

Run `python -m tests.pdf.document_messages` for the list, one JSON string a line: what the
translators of the document-only languages need; the catalog tests check every one is there.
"""

from __future__ import annotations

import gettext
import json
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any


@contextmanager
def recording() -> Iterator[set[str]]:
    """Every gettext/ngettext id looked up meanwhile (English has no catalog: NullTranslations)."""
    seen: set[str] = set()
    plain_get, plain_nget = gettext.NullTranslations.gettext, gettext.NullTranslations.ngettext

    def get(self: gettext.NullTranslations, message: str) -> str:
        seen.add(message)
        return plain_get(self, message)

    def nget(self: gettext.NullTranslations, singular: str, plural: str, n: int) -> str:
        seen.add(singular)
        return plain_nget(self, singular, plural, n)

    gettext.NullTranslations.gettext = get  # type: ignore[method-assign]
    gettext.NullTranslations.ngettext = nget  # type: ignore[method-assign]
    try:
        yield seen
    finally:
        gettext.NullTranslations.gettext = plain_get  # type: ignore[method-assign]
        gettext.NullTranslations.ngettext = plain_nget  # type: ignore[method-assign]


def document_messages(folder: Path) -> set[str]:
    """Render each kind of document for exchanges of every status of a small demo desk."""
    from cxdesk.core import i18n
    from cxdesk.services import agreements, papers
    from cxdesk.services.demo import make_demo
    from cxdesk.services.workspace import open_workspace

    i18n.set_language("en")
    db = open_workspace(str(folder / "demo.sqlite3"))
    try:
        make_demo(db, "small", 1)
        keys = _samples(db)
        with recording() as seen:
            for n, key in enumerate(keys):
                agreements.write_document(db, key, folder / f"a{n}.pdf", "en")
                agreements.write_document(db, key, folder / f"c{n}.pdf", "en", commitment=True)
                try:
                    papers.report_form(db, key, folder / f"r{n}.pdf", "en")
                    papers.certificate(db, key, folder / f"z{n}.pdf", "en")
                except Exception:  # noqa: BLE001 - a paper not made for this status: skip it
                    pass
    finally:
        db.close()
    return seen


def _samples(db: Any) -> list[str]:
    from cxdesk.services.records import list_records

    by_status: dict[str, list[str]] = {}
    for line in list_records(db, "exchanges"):
        by_status.setdefault(str(line["status"]), []).append(str(line["reference"]))
    return [ref for refs in by_status.values() for ref in refs[:4]]


def main() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        for message in sorted(document_messages(Path(tmp))):
            print(json.dumps(message, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
