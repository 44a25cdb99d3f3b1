"""The embedded Unicode font (DejaVu Sans) every desk PDF uses, registered with reportlab once."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from reportlab import rl_config
from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from cxdesk.core import paths

#: Family name to use in styles; <b> in paragraphs maps to the bold face.
REGULAR = "DejaVuSans"
BOLD = "DejaVuSans-Bold"

_FILES = {REGULAR: "DejaVuSans.ttf", BOLD: "DejaVuSans-Bold.ttf"}


def fonts_dir() -> Path:
    return paths.resources_dir() / "fonts"


@lru_cache(maxsize=1)
def register_fonts() -> str:
    """Register the faces (once: parsing a TTF is slow); return the regular face's name.

    DejaVu Sans covers Latin with every EU diacritic (ș ț ł ő …), Greek, Cyrillic and the
    narrow no-break space babel puts in French amounts. TrueType fonts are always embedded
    (as subsets), so no standard Type 1 font, which a reader would substitute, reaches the PDF.
    """
    # Binary streams instead of ASCII85 text: smaller, and reportlab encodes ASCII85 in pure
    # Python, a cost paid for every document. Only this package uses reportlab (the layer rule).
    rl_config.useA85 = 0
    folder = fonts_dir()
    for name, filename in _FILES.items():
        pdfmetrics.registerFont(TTFont(name, str(folder / filename)))
    # The documents use no italics; map <i> to upright faces so it can never pull in Helvetica.
    for bold, italic, face in ((0, 0, REGULAR), (1, 0, BOLD), (0, 1, REGULAR), (1, 1, BOLD)):
        addMapping(REGULAR, bold, italic, face)
        addMapping(BOLD, bold, italic, face)
    return REGULAR
