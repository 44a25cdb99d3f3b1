"""A filled PDF form read back (pypdf): each field's name and the text it holds."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from pypdf import PdfReader
from pypdf.errors import PdfReadError

from cxdesk.core.errors import UserError
from cxdesk.core.i18n import _


def _text(value: Any) -> str:
    """A field's value as text: a choice's or a text field's string, a list joined."""
    if value is None:
        return ""
    if isinstance(value, list | tuple):
        return "; ".join(_text(v) for v in value)
    text = str(value)
    # A checkbox or a choice given as a PDF name (/Yes): the name without its slash.
    return text[1:] if text.startswith("/") else text


@contextmanager
def _quiet_pypdf() -> Iterator[None]:
    """pypdf warns of every flaw it reads past on the log: the refusal below says what counts."""
    logger = logging.getLogger("pypdf")
    level = logger.level
    logger.setLevel(logging.ERROR)
    try:
        yield
    finally:
        logger.setLevel(level)


def read_form(path: Path) -> dict[str, str]:
    """Field name → text of a filled AcroForm; refused, naming the file, when the file is not a
    PDF, cannot be read, or holds no form."""
    try:
        with path.open("rb") as handle, _quiet_pypdf():
            if not handle.read(1024).lstrip().startswith(b"%PDF-"):
                raise UserError(
                    _(
                        "{file} is not a PDF: give the closing-report form the visitor filled."
                    ).format(file=path)
                )
            handle.seek(0)
            reader = PdfReader(handle)
            fields = reader.get_fields() or {}
    except OSError as exc:
        raise UserError(
            _("{file} could not be read: {reason}.").format(file=path, reason=exc.strerror or exc)
        ) from exc
    except (PdfReadError, ValueError, KeyError, TypeError) as exc:
        raise UserError(
            _("{file} is a damaged PDF: it could not be read ({reason}).").format(
                file=path, reason=exc
            )
        ) from exc
    if not fields:
        raise UserError(
            _("{file} has no form fields: it is not a filled closing-report form.").format(
                file=path
            )
        )
    values: dict[str, str] = {}
    for name, field in fields.items():
        # A field's short name is what the form named it; a full name may carry parents' names.
        short = str(field.get("/T", name)) if hasattr(field, "get") else str(name)
        values[short] = _text(field.get("/V") if hasattr(field, "get") else None)
    return values
