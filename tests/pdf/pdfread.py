"""Read rendered PDFs back with pypdf: their text, their fonts; render into memory."""

from __future__ import annotations

import io
import re
from collections.abc import Callable, Iterator
from typing import Any, BinaryIO

from pypdf import PdfReader
from pypdf.generic import DictionaryObject


def to_bytes(write: Callable[[BinaryIO], None]) -> bytes:
    """Run a render function on an in-memory file and return the PDF."""
    buffer = io.BytesIO()
    write(buffer)
    return buffer.getvalue()


def page_texts(data: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(data)).pages]


def text(data: bytes) -> str:
    """All the text, wrapped lines and runs of ordinary spaces folded into one space.

    The narrow no-break space of French amounts comes back as it is; reportlab draws U+00A0
    with the space glyph, so it comes back as an ordinary space.
    """
    return re.sub(r"[ \n]+", " ", "\n".join(page_texts(data)))


def _fonts_of(resources: Any) -> Iterator[DictionaryObject]:
    resources = resources.get_object() if resources is not None else None
    if not resources:
        return
    for font in (resources.get("/Font") or {}).values():
        yield font.get_object()
    for xobject in (resources.get("/XObject") or {}).values():
        xobject = xobject.get_object()
        if xobject.get("/Subtype") == "/Form":
            yield from _fonts_of(xobject.get("/Resources"))


def fonts(data: bytes) -> list[DictionaryObject]:
    """Every font the pages (and any form drawn on them) use."""
    found: list[DictionaryObject] = []
    for page in PdfReader(io.BytesIO(data)).pages:
        found += list(_fonts_of(page.get("/Resources")))
    return found
