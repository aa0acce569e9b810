"""Reading generated PDFs back for assertions (pypdf), shared by reporting and service tests."""
from __future__ import annotations

import io
from dataclasses import dataclass

from pypdf import PdfReader

LETTER_POINTS = (612.0, 792.0)


@dataclass(frozen=True)
class PlacedImage:
    page: int
    width_px: int
    height_px: int


def reader(pdf: bytes) -> PdfReader:
    return PdfReader(io.BytesIO(pdf))


def page_texts(pdf: bytes) -> list[str]:
    return [page.extract_text() or "" for page in reader(pdf).pages]


def all_text(pdf: bytes) -> str:
    """Text of every page with line breaks turned into spaces (wrapped phrases match)."""
    return " ".join(" ".join(t.split()) for t in page_texts(pdf))


def page_sizes(pdf: bytes) -> list[tuple[float, float]]:
    return [(float(p.mediabox.width), float(p.mediabox.height)) for p in reader(pdf).pages]


def images(pdf: bytes) -> list[PlacedImage]:
    """Raster images drawn on the pages (the QR is vector, so it does not count)."""
    out = []
    for number, page in enumerate(reader(pdf).pages, start=1):
        resources = page.get("/Resources") or {}
        xobjects = resources.get("/XObject") or {}
        for ref in xobjects.values():
            obj = ref.get_object()
            if obj.get("/Subtype") == "/Image":
                out.append(PlacedImage(number, int(obj["/Width"]), int(obj["/Height"])))
    return out


def embedded_font_names(pdf: bytes) -> set[str]:
    """Base names of fonts whose program is embedded in the file."""
    names = set()
    for page in reader(pdf).pages:
        fonts = (page.get("/Resources") or {}).get("/Font") or {}
        for ref in fonts.values():
            font = ref.get_object()
            descendants = font.get("/DescendantFonts")
            targets = [d.get_object() for d in descendants] if descendants else [font]
            for target in targets:
                descriptor = target.get("/FontDescriptor")
                if descriptor is not None:
                    descriptor = descriptor.get_object()
                    if any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3")):
                        names.add(str(font.get("/BaseFont")))
    return names
