"""Render resources/icons/veeduria.svg into the PNG sizes desktops want and a Windows .ico.

Run after editing the SVG (the outputs are committed, so builds need neither Qt's SVG module
at build time nor this script):  python installers/make_icons.py
"""
from __future__ import annotations

import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PIL import Image  # noqa: E402
from PySide6.QtCore import Qt  # noqa: E402
from PySide6.QtGui import QGuiApplication, QImage, QPainter  # noqa: E402
from PySide6.QtSvg import QSvgRenderer  # noqa: E402

ICONS = Path(__file__).resolve().parents[1] / "resources" / "icons"
SIZES = (16, 24, 32, 48, 64, 128, 256)


def render(size: int) -> Path:
    renderer = QSvgRenderer(str(ICONS / "veeduria.svg"))
    if not renderer.isValid():
        raise SystemExit("veeduria.svg no es un SVG válido")
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer.render(painter)
    painter.end()
    target = ICONS / f"veeduria-{size}.png"
    if not image.save(str(target)):
        raise SystemExit(f"no se pudo escribir {target}")
    return target


def main() -> int:
    QGuiApplication.instance() or QGuiApplication(sys.argv[:1])
    pngs = [render(size) for size in SIZES]
    largest = Image.open(pngs[-1])
    largest.save(ICONS / "veeduria.ico", sizes=[(s, s) for s in SIZES])
    print(f"{len(pngs)} PNG y veeduria.ico en {ICONS}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
