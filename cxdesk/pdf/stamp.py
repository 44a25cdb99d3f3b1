"""The visible signature's text, in the document's language and the documents' font."""

from __future__ import annotations

from datetime import datetime
from functools import cache
from io import BytesIO
from typing import Any

from cxdesk.core.i18n import N_

#: The text of the visible signature, in the document's language.
STAMP_TEXT = N_("Digitally signed by {signer}\non {date}")
FONT_SIZE = 8


def stamp_text(signer: str, lang: str, moment: datetime) -> str:
    """What the visible signature says, in the document's language, the time as there."""
    from babel.dates import format_datetime

    from cxdesk.pdf.layout import document_language

    code, translate = document_language(lang)
    local = moment.astimezone()  # the desk's clock: the coordinator signs where they are
    return translate(STAMP_TEXT).format(
        signer=signer, date=format_datetime(local, format="long", locale=code)
    )


def stamp_style(signer: str, lang: str, moment: datetime) -> Any:
    """pyHanko's stamp saying `stamp_text` in DejaVu Sans (every script the documents print),
    frameless and without pyHanko's logo behind it."""
    from pyhanko.pdf_utils.text import TextBoxStyle
    from pyhanko.stamp import TextStampStyle

    # pyHanko fills the text in with %-formatting: a literal % in a name stays one.
    text = stamp_text(signer, lang, moment).replace("%", "%%")
    return TextStampStyle(
        stamp_text=text,
        border_width=0,
        text_box_style=TextBoxStyle(font=_font_factory(), font_size=FONT_SIZE),
    )


def _font_factory() -> Any:
    from pyhanko.pdf_utils.font.opentype import GlyphAccumulator, GlyphAccumulatorFactory

    from cxdesk.pdf.fonts import fonts_dir

    class Scaled(GlyphAccumulatorFactory):
        """pyHanko 0.38 writes glyph widths in the font's units where PDF wants thousandths
        of an em: with DejaVu (2048 units) every letter would stand twice its width apart.
        Shaping at 1000 units per em makes both agree."""

        def create_font_engine(self, writer: Any, obj_stream: Any = None) -> Any:
            # pyHanko's own opens the font file and never closes it: read it here instead.
            if obj_stream is None and writer.stream_xrefs and self.create_objstream_if_needed:
                obj_stream = writer.prepare_object_stream()
            engine = GlyphAccumulator(
                writer=writer,
                font_handle=BytesIO(_font_bytes()),
                font_size=self.font_size,
                obj_stream=obj_stream,
            )
            upem = engine.units_per_em
            if upem == 1000:
                return engine
            engine.hb_font.scale = (1000, 1000)
            engine.units_per_em = 1000
            plain = engine._get_cid_and_width

            def scaled(glyph_id: int) -> tuple[int, int]:
                if glyph_id not in engine._glyphs:
                    cid, width = plain(glyph_id)
                    engine._glyphs[glyph_id] = (cid, round(width * 1000 / upem))
                return engine._glyphs[glyph_id]

            engine._get_cid_and_width = scaled  # type: ignore[method-assign]
            return engine

    return Scaled(str(fonts_dir() / "DejaVuSans.ttf"), font_size=FONT_SIZE)


@cache
def _font_bytes() -> bytes:
    from cxdesk.pdf.fonts import fonts_dir

    return (fonts_dir() / "DejaVuSans.ttf").read_bytes()
