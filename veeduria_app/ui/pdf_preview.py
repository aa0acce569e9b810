"""PDF preview and printing without QtPdf (not shipped in this PySide6 build).

Pages are rendered with pypdfium2 (the PDFium engine of Chromium) into images: in a worker
thread for the preview, at the printer's resolution for printing. The file shown is always the
archived, issued PDF, so what is previewed and printed is exactly what was registered.
"""
from __future__ import annotations

from pathlib import Path
from typing import Callable, Optional

import pypdfium2 as pdfium
from PIL import Image
from PySide6.QtCore import QCoreApplication, QRect, Qt
from PySide6.QtGui import QImage, QPageLayout, QPageSize, QPainter, QPixmap
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import QLabel, QScrollArea, QVBoxLayout, QWidget

from veeduria_app.services.jobs import CancelToken, check, report

PREVIEW_DPI = 80
MAX_PRINT_DPI = 300


def tr(text: str) -> str:
    return QCoreApplication.translate("pdf_preview", text)


def render_pages(path: Path, dpi: int, progress: Optional[Callable[[int, int, str], None]] = None,
                 cancel: Optional[CancelToken] = None) -> list[Image.Image]:
    """Every page as a PIL image at `dpi` (runs in a worker thread; no Qt objects here)."""
    document = pdfium.PdfDocument(str(path))
    try:
        pages = []
        total = len(document)
        for index in range(total):
            check(cancel)
            page = document[index]
            pages.append(page.render(scale=dpi / 72).to_pil().convert("RGB"))
            page.close()
            report(progress, index + 1, total, tr("Preparando la vista previa, página {0} de {1}…")
                   .format(index + 1, total))
        return pages
    finally:
        document.close()


def to_qimage(image: Image.Image) -> QImage:
    """A deep copy, so the QImage does not depend on the PIL buffer's lifetime."""
    data = image.tobytes("raw", "RGB")
    return QImage(data, image.width, image.height, image.width * 3, QImage.Format.Format_RGB888).copy()


class PdfPreview(QScrollArea):
    """The pages one below the other, each labelled for screen readers."""

    def __init__(self, parent: Optional[QWidget] = None) -> None:
        super().__init__(parent)
        self.setWidgetResizable(True)
        self.setAccessibleName(tr("Vista previa del documento"))
        self._inner = QWidget()
        self._layout = QVBoxLayout(self._inner)
        self._layout.setAlignment(Qt.AlignmentFlag.AlignTop)
        self.setWidget(self._inner)
        self.page_labels: list[QLabel] = []
        self._images: list[QImage] = []
        self.placeholder = QLabel(tr("Seleccione un documento emitido y pulse «Vista previa»."))
        self.placeholder.setWordWrap(True)
        self._layout.addWidget(self.placeholder)

    def clear(self) -> None:
        for label in self.page_labels:
            self._layout.removeWidget(label)
            label.deleteLater()
        self.page_labels = []
        self._images: list[QImage] = []
        self.placeholder.show()

    def show_pages(self, images: list[Image.Image], title: str = "") -> None:
        self.clear()
        self.placeholder.hide()
        self._images = [to_qimage(image) for image in images]
        for number in range(1, len(images) + 1):
            label = QLabel()
            label.setAccessibleName(tr("{0}, página {1} de {2}").format(title, number, len(images)))
            label.setStyleSheet("border: 1px solid #888; background: white;")
            self._layout.addWidget(label, 0, Qt.AlignmentFlag.AlignHCenter)
            self.page_labels.append(label)
        self._fit()

    def resizeEvent(self, event) -> None:  # noqa: N802, ANN001 - Qt override
        super().resizeEvent(event)
        self._fit()

    def _fit(self) -> None:
        """Each page as wide as the view (never wider than rendered), proportions kept."""
        width = max(200, self.viewport().width() - 24)
        for label, image in zip(self.page_labels, getattr(self, "_images", [])):
            pixmap = QPixmap.fromImage(image)
            if pixmap.width() > width:
                pixmap = pixmap.scaledToWidth(width, Qt.TransformationMode.SmoothTransformation)
            label.setPixmap(pixmap)
            label.setFixedSize(pixmap.size())
        self._layout.activate()  # lay the pages out now, not on a later event
        self._inner.resize(self._inner.sizeHint().expandedTo(self.viewport().size()))


def letter_printer(title: str) -> QPrinter:
    """A printer set for our documents: carta (letter) paper, which they are drawn on, and the
    whole sheet, since each page carries its own margins (Qt's default would be A4 here)."""
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setDocName(title)
    printer.setPageSize(QPageSize(QPageSize.PageSizeId.Letter))
    printer.setPageOrientation(QPageLayout.Orientation.Portrait)
    printer.setFullPage(True)
    return printer


def ask_printer(parent: QWidget, title: str) -> Optional[QPrinter]:
    """The print dialog (GUI thread), starting on letter paper; None if the person cancelled."""
    printer = letter_printer(title)
    dialog = QPrintDialog(printer, parent)
    dialog.setWindowTitle(tr("Imprimir {0}").format(title))
    if dialog.exec() != QPrintDialog.DialogCode.Accepted:
        return None
    return printer


def print_to(printer: QPrinter, path: Path, progress: Optional[Callable[[int, int, str], None]] = None,
             cancel: Optional[CancelToken] = None) -> int:
    """Render each page at the printer's resolution (at most 300 dpi) and paint it centred.

    Safe in a worker thread (Qt allows QPainter on a QPrinter outside the GUI thread), so a
    long document never freezes the window. Returns the number of pages sent.
    """
    dpi = min(printer.resolution(), MAX_PRINT_DPI)
    document = pdfium.PdfDocument(str(path))
    painter = QPainter()
    if not painter.begin(printer):
        document.close()
        raise OSError(tr("No se pudo iniciar la impresión."))
    total = len(document)
    try:
        for index in range(total):
            if cancel is not None and cancel.cancelled:
                printer.abort()
                check(cancel)
            if index:
                printer.newPage()
            page = document[index]
            image = to_qimage(page.render(scale=dpi / 72).to_pil().convert("RGB"))
            page.close()
            area = painter.viewport()
            size = image.size()
            size.scale(area.size(), Qt.AspectRatioMode.KeepAspectRatio)
            target = QRect(area.x() + (area.width() - size.width()) // 2,
                           area.y() + (area.height() - size.height()) // 2, size.width(), size.height())
            painter.drawImage(target, image)
            report(progress, index + 1, total, tr("Enviando la página {0} de {1} a la impresora…")
                   .format(index + 1, total))
    finally:
        painter.end()
        document.close()
    return total
