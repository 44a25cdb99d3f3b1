"""Make the program's icons from resources/icons/cxdesk.svg, for the build only.

    python packaging/make_icons.py [OUT_DIR]        (default: build/icons)

Writes, under OUT_DIR:

- hicolor/<n>x<n>/apps/cxdesk.png for n in 16 … 512 and hicolor/scalable/apps/cxdesk.svg: the
  freedesktop icon theme layout, copied next to the Linux program with the .desktop file;
- cxdesk.ico (16 … 256, for the Windows executable) and cxdesk.icns (16 … 1024, for the macOS
  bundle), both written by Pillow from the PNGs.

The SVG is drawn by Qt's own renderer (QSvgRenderer) on the offscreen platform, so no display
and no Inkscape/rsvg are needed. Its "CX" is set in DejaVu Sans Bold, registered from
resources/fonts first so every machine draws the same letters.
"""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SVG = ROOT / "resources" / "icons" / "cxdesk.svg"
FONT = ROOT / "resources" / "fonts" / "DejaVuSans-Bold.ttf"
PNG_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)
ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)
ICNS_SIZE = 1024  # Pillow makes every smaller icns entry from the largest picture


def render_pngs(out: Path, sizes: tuple[int, ...]) -> dict[int, Path]:
    """Draw the SVG at each size into a PNG; return size → file."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QFontDatabase, QGuiApplication, QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])
    if QFontDatabase.addApplicationFont(str(FONT)) < 0:
        raise SystemExit(f"cannot load {FONT}")
    renderer = QSvgRenderer(str(SVG))
    if not renderer.isValid():
        raise SystemExit(f"{SVG} is not an SVG Qt can draw")
    files: dict[int, Path] = {}
    for size in sizes:
        image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
        image.fill(Qt.GlobalColor.transparent)
        painter = QPainter(image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        renderer.render(painter)
        painter.end()
        target = out / "hicolor" / f"{size}x{size}" / "apps" / "cxdesk.png"
        target.parent.mkdir(parents=True, exist_ok=True)
        if not image.save(str(target), "PNG"):
            raise SystemExit(f"cannot write {target}")
        files[size] = target
    del app
    return files


def write_ico_icns(out: Path, pngs: dict[int, Path]) -> list[Path]:
    """The Windows .ico and the macOS .icns from the PNGs (Pillow); [] without Pillow."""
    try:
        from PIL import Image
    except ImportError:
        print("Pillow is missing: no .ico/.icns (pip install -r packaging/requirements-build.txt)")
        return []
    written = []
    # The .ico holds every size as drawn (small sizes are not downscaled from 256).
    largest = Image.open(pngs[max(ICO_SIZES)])
    others = [Image.open(pngs[s]) for s in ICO_SIZES if s != max(ICO_SIZES)]
    ico = out / "cxdesk.ico"
    largest.save(ico, format="ICO", sizes=[(s, s) for s in ICO_SIZES], append_images=others)
    written.append(ico)
    icns = out / "cxdesk.icns"
    Image.open(pngs[ICNS_SIZE]).save(icns, format="ICNS")
    written.append(icns)
    return written


def main(argv: list[str]) -> int:
    out = Path(argv[1]) if len(argv) > 1 else ROOT / "build" / "icons"
    out.mkdir(parents=True, exist_ok=True)
    pngs = render_pngs(out, tuple(sorted(set(PNG_SIZES) | {ICNS_SIZE})))
    # 1024 is only the icns' source, not a hicolor size.
    big = pngs.pop(ICNS_SIZE)
    scalable = out / "hicolor" / "scalable" / "apps" / "cxdesk.svg"
    scalable.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(SVG, scalable)
    written = write_ico_icns(out, {**pngs, ICNS_SIZE: big})
    shutil.rmtree(big.parent.parent)  # hicolor/1024x1024
    for path in [*pngs.values(), scalable, *written]:
        print(f"  {path.relative_to(out)}  {path.stat().st_size:,} bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
