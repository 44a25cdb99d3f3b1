"""DejaVu Sans, whole, as the font a PDF form's fields are typed in (any script a visitor uses).

A page's text embeds only the glyphs it draws; a field must take whatever the visitor types,
in Cyrillic or Greek as well, so its font carries every glyph: a Type 0 font (two bytes a
glyph, Identity-H) over the whole TrueType file, with the widths and the Unicode map a reader
and pypdf need to draw and read what is typed.
"""

from __future__ import annotations

from functools import lru_cache

from pypdf import PdfWriter
from pypdf.generic import (
    ArrayObject,
    DictionaryObject,
    FloatObject,
    IndirectObject,
    NameObject,
    NumberObject,
    StreamObject,
    TextStringObject,
)
from reportlab.pdfbase.ttfonts import TTFontFile

from cxdesk.pdf.fonts import fonts_dir

#: The file and the name fields refer to it by in their default appearance (/DA).
FILE = "DejaVuSans.ttf"
RESOURCE = "/DejaVu"
_BASE = "/DejaVuSans"
_PER_GROUP = 100  # a CMap's bfchar block holds at most 100 entries


@lru_cache(maxsize=1)
def _glyphs() -> tuple[dict[int, str], dict[int, int], TTFontFile]:
    """Each glyph's character (the first that maps to it) and width, in 1/1000 em."""
    ttf = TTFontFile(str(fonts_dir() / FILE))
    chars: dict[int, str] = {}
    widths: dict[int, int] = {}
    for code in sorted(ttf.charToGlyph):
        glyph = ttf.charToGlyph[code]
        if glyph in chars or code > 0xFFFF or 0xD800 <= code <= 0xDFFF:
            continue
        chars[glyph] = chr(code)
        widths[glyph] = round(ttf.charWidths.get(code, ttf.defaultWidth))
    return chars, widths, ttf


def _widths(widths: dict[int, int]) -> ArrayObject:
    """The /W array: runs of consecutive glyphs, each `first [w1 w2 …]`."""
    out = ArrayObject()
    run: list[int] = []
    first = previous = -2
    for glyph in sorted(widths):
        if glyph != previous + 1 and run:
            out += [NumberObject(first), ArrayObject(NumberObject(w) for w in run)]
            run = []
        if not run:
            first = glyph
        run.append(widths[glyph])
        previous = glyph
    if run:
        out += [NumberObject(first), ArrayObject(NumberObject(w) for w in run)]
    return out


def _to_unicode(chars: dict[int, str]) -> bytes:
    entries = [
        f"<{glyph:04X}> <{char.encode('utf-16-be').hex().upper()}>"
        for glyph, char in sorted(chars.items())
    ]
    blocks = []
    for start in range(0, len(entries), _PER_GROUP):
        group = entries[start : start + _PER_GROUP]
        blocks.append(f"{len(group)} beginbfchar\n" + "\n".join(group) + "\nendbfchar")
    return (
        "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n"
        "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
        "/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n"
        "1 begincodespacerange <0000> <FFFF> endcodespacerange\n"
        + "\n".join(blocks)
        + "\nendcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n"
    ).encode("ascii")


def _stream(writer: PdfWriter, data: bytes, **entries: int) -> IndirectObject:
    stream = StreamObject()
    stream.set_data(data)
    for key, value in entries.items():
        stream[NameObject(f"/{key}")] = NumberObject(value)
    return writer._add_object(stream.flate_encode())


def add_form_font(writer: PdfWriter) -> IndirectObject:
    """Add the whole font to `writer`; return the Type 0 font to name in the form's /DR."""
    chars, widths, ttf = _glyphs()
    data = (fonts_dir() / FILE).read_bytes()
    descriptor = DictionaryObject(
        {
            NameObject("/Type"): NameObject("/FontDescriptor"),
            NameObject("/FontName"): NameObject(_BASE),
            NameObject("/Flags"): NumberObject(ttf.flags),
            NameObject("/FontBBox"): ArrayObject(FloatObject(round(v)) for v in ttf.bbox),
            NameObject("/ItalicAngle"): NumberObject(int(ttf.italicAngle)),
            NameObject("/Ascent"): NumberObject(round(ttf.ascent)),
            NameObject("/Descent"): NumberObject(round(ttf.descent)),
            NameObject("/CapHeight"): NumberObject(round(ttf.capHeight)),
            NameObject("/StemV"): NumberObject(ttf.stemV),
            NameObject("/FontFile2"): _stream(writer, data, Length1=len(data)),
        }
    )
    cid_font = DictionaryObject(
        {
            NameObject("/Type"): NameObject("/Font"),
            NameObject("/Subtype"): NameObject("/CIDFontType2"),
            NameObject("/BaseFont"): NameObject(_BASE),
            NameObject("/CIDSystemInfo"): DictionaryObject(
                {
                    NameObject("/Registry"): TextStringObject("Adobe"),
                    NameObject("/Ordering"): TextStringObject("Identity"),
                    NameObject("/Supplement"): NumberObject(0),
                }
            ),
            NameObject("/FontDescriptor"): writer._add_object(descriptor),
            NameObject("/DW"): NumberObject(round(ttf.defaultWidth)),
            NameObject("/W"): _widths(widths),
            NameObject("/CIDToGIDMap"): NameObject("/Identity"),
        }
    )
    font = DictionaryObject(
        {
            NameObject("/Type"): NameObject("/Font"),
            NameObject("/Subtype"): NameObject("/Type0"),
            NameObject("/BaseFont"): NameObject(_BASE),
            NameObject("/Encoding"): NameObject("/Identity-H"),
            NameObject("/DescendantFonts"): ArrayObject([writer._add_object(cid_font)]),
            NameObject("/ToUnicode"): _stream(writer, _to_unicode(chars)),
        }
    )
    return writer._add_object(font)
