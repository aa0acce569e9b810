"""The vector QR drawn on every page reads back as the matrix of its payload."""
from __future__ import annotations

import io

import pypdfium2 as pdfium
from reportlab.pdfgen.canvas import Canvas

from veeduria_app.reporting.qr import QUIET_ZONE, draw_qr, qr_matrix


def test_drawn_qr_modules_match_the_payload_matrix() -> None:
    payload = "VEEDURIA|INF-2026-0001|v1|evidencias:0123456789abcdef"
    size = 300.0
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=(size, size))
    draw_qr(canvas, payload, 0, 0, size)
    canvas.save()
    image = pdfium.PdfDocument(buffer.getvalue())[0].render(scale=2).to_pil().convert("L")
    matrix = qr_matrix(payload)
    count = len(matrix) + 2 * QUIET_ZONE
    module_px = image.width / count
    for row_index, row in enumerate(matrix):
        for col_index, dark in enumerate(row):
            x = int((col_index + QUIET_ZONE + 0.5) * module_px)
            y = int((row_index + QUIET_ZONE + 0.5) * module_px)
            assert (image.getpixel((x, y)) < 128) == dark, (row_index, col_index)
    # Finder pattern in the top-left corner: the code is not mirrored or flipped.
    assert all(matrix[0][:7]) and all(matrix[6][:7]) and not matrix[1][1]
