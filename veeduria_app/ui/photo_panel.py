"""Photos of one visit: grid with thumbnails and flags, details with caption, import by dialog,
drag and drop or whole folder (through the TaskRunner, with progress and Cancel)."""
from __future__ import annotations

import html
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any, Callable, Optional

from PySide6.QtCore import QSize, Qt, QUrl, Signal
from PySide6.QtGui import (
    QColor, QDesktopServices, QDragEnterEvent, QDropEvent, QFont, QFontMetrics, QIcon, QImage, QPixmap,
    QTextDocument,
)
from PySide6.QtWidgets import (
    QAbstractItemView, QCheckBox, QDialog, QDialogButtonBox, QFileDialog, QFormLayout, QHBoxLayout, QHeaderView,
    QLabel, QLineEdit, QListWidget, QListWidgetItem, QMessageBox, QPushButton, QScrollArea, QSizePolicy, QSplitter,
    QStyle, QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget,
)

from veeduria_app.domain import formats
from veeduria_app.evidence.checks import FLAG_TITLES
from veeduria_app.evidence.formats import SUPPORTED_SUFFIXES
from veeduria_app.services.errors import ServiceError
from veeduria_app.services.photos import IMPORTED, ImportReport, PhotoDTO
from veeduria_app.ui.compact import fit_to_screen
from veeduria_app.ui.context import AppContext
from veeduria_app.ui.messages import show_error
from veeduria_app.ui.worker_queue import ResultPump

THUMB = 150
CELL_WIDTH = THUMB + 40
CELL_TEXT_MARGIN = 24  # what the item delegate keeps around a caption inside a cell
CAPTION_LINES = 4  # name, time taken, distance, one line of flags ("+2" when there are more)
FILE_FILTER = "Fotos (*.jpg *.jpeg *.JPG *.JPEG *.png *.PNG *.heic *.HEIC *.heif *.HEIF);;Todos los archivos (*)"


def taken_text(iso: Optional[str]) -> str:
    """`20/11/2026 09:29 (-05:00)` from the stored ISO camera time."""
    if not iso:
        return "sin fecha"
    import datetime as dt

    try:
        value = dt.datetime.fromisoformat(iso)
    except ValueError:
        return iso
    text = formats.short_datetime(value)
    if value.tzinfo is not None:
        text += f" ({iso[-6:]})"
    return text


def grouped_hash(sha256: str, size: int = 16) -> str:
    """The 64 hex digits in groups of 16 separated by spaces, so a narrow pane can wrap it
    between groups instead of growing a horizontal scrollbar (as GPG prints fingerprints)."""
    return " ".join(sha256[i:i + size] for i in range(0, len(sha256), size))


def caption_lines(photo: PhotoDTO, metrics: QFontMetrics, width: int, tr: Callable[[str], str] = str) -> list[str]:
    """At most CAPTION_LINES short lines, each elided to `width` pixels, for a grid cell: the
    full list of flags lives in the tooltip and the details pane."""
    lines = [photo.original_name, taken_text(photo.taken_at)]
    if photo.distance_m is not None:
        lines.append(tr("a %1 de la obra").replace("%1", formats.distance(photo.distance_m)))
    if photo.flags:
        first = "⚠ " + tr(FLAG_TITLES.get(photo.flags[0], photo.flags[0]))
        more = f" +{len(photo.flags) - 1}" if len(photo.flags) > 1 else ""
        lines.append(metrics.elidedText(first, Qt.TextElideMode.ElideRight, width - metrics.horizontalAdvance(more))
                     + more)
    mode = [Qt.TextElideMode.ElideMiddle] + [Qt.TextElideMode.ElideRight] * (len(lines) - 1)
    return [metrics.elidedText(line, m, width) for line, m in zip(lines[:CAPTION_LINES], mode)]


def widest_word(label: QLabel) -> int:
    """Pixels of the longest unbreakable run of the label's (rich) text: a wrapping label can
    get no narrower without cutting it (a camera's file name such as IMG_20261121_092949.jpg)."""
    doc = QTextDocument()
    doc.setHtml(label.text())
    plain = doc.toPlainText()
    bold = QFont(label.font())
    bold.setBold(True)
    mono = QFont(label.font())
    mono.setFamily("monospace")
    mono.setStyleHint(QFont.StyleHint.Monospace)
    # bold and monospace runs are measured in the widest of the three faces: a little more room, never less
    metrics = [QFontMetrics(f) for f in (label.font(), bold, mono)]
    return max((m.horizontalAdvance(word) for word in plain.split() for m in metrics), default=0)


def grid_cell_size(metrics: QFontMetrics) -> QSize:
    """The icon plus CAPTION_LINES lines of the grid's font (about 22 characters wide), with the
    delegate's margins: cells grow with the text scale, so a caption never spills over the next
    row and stays readable at 150 %."""
    width = max(CELL_WIDTH, metrics.horizontalAdvance("a 12.345 km de la obra") + CELL_TEXT_MARGIN)
    return QSize(width, THUMB + 14 + CAPTION_LINES * metrics.lineSpacing())


class FitPixmapLabel(QLabel):
    """Preview that scales its picture to the width it is given instead of demanding it, so the
    details pane never needs a horizontal scrollbar."""

    def __init__(self, parent: Optional[QWidget] = None) -> None:
        super().__init__(parent)
        self._source: Optional[QPixmap] = None
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
        self.setMinimumSize(1, 120)
        self.setFixedHeight(240)

    def set_source(self, pixmap: Optional[QPixmap]) -> None:
        self._source = pixmap if pixmap is not None and not pixmap.isNull() else None
        self._rescale()

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt API
        super().resizeEvent(event)
        self._rescale()

    def _rescale(self) -> None:
        if self._source is None:
            self.clear()
            return
        self.setPixmap(self._source.scaled(max(1, self.width()), self.height(), Qt.AspectRatioMode.KeepAspectRatio,
                                           Qt.TransformationMode.SmoothTransformation))


class InlineExecutor:
    """Runs jobs at once on the calling thread (tests; same `submit` as ThreadPoolExecutor)."""

    def submit(self, fn: Callable[..., Any], *args: Any) -> None:
        fn(*args)


def load_thumbnail(services, photo_id: str, sha256: str, pump: ResultPump) -> None:
    """Worker step: find or rebuild the thumbnail and read its bytes; they go back through the
    pump and are decoded on the GUI thread (`thumbnail_image`), so no Qt code runs in a worker
    (Qt's image plugins once crashed a worker importing a folder of photos)."""
    data: Optional[bytes] = None
    try:
        path = services.photos.thumbnail_path(sha256)
        if path is not None:
            data = path.read_bytes()
    except Exception:  # noqa: BLE001 - a missing thumbnail just leaves the placeholder
        data = None
    pump.put(photo_id, data)


def thumbnail_image(data: Optional[bytes]) -> Optional[QImage]:
    """A thumbnail's bytes as an image (GUI thread; a 320 px JPEG decodes in about a ms)."""
    if not data:
        return None
    image = QImage.fromData(data)
    return None if image.isNull() else image


def show_thumbnail(widget: QListWidget, photo_id: str, data: Optional[bytes],
                   key: Callable[[Any], Any] = lambda stored: stored) -> Optional[QListWidgetItem]:
    """Put the thumbnail `load_thumbnail` read on the item of `widget` whose UserRole data (through
    `key`) is that photo's id; returns the item, or None if the photo or the image is gone."""
    image = thumbnail_image(data)
    if image is None:
        return None
    for row in range(widget.count()):
        item = widget.item(row)
        if key(item.data(Qt.ItemDataRole.UserRole)) == photo_id:
            item.setIcon(QIcon(QPixmap.fromImage(image)))
            return item
    return None


class PhotoPanel(QWidget):
    """Grid + details of the photos of one visit."""

    changed = Signal()

    def __init__(self, ctx: AppContext, parent: Optional[QWidget] = None, *, pool: Optional[Any] = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.inspection_id: Optional[str] = None
        self.closed = False
        self.photos: dict[str, PhotoDTO] = {}
        self.pool = pool or ThreadPoolExecutor(max_workers=2, thread_name_prefix="miniaturas")
        self._thumbs = ResultPump(self._thumbnail_ready, self)
        self.last_report: Optional[ImportReport] = None
        self.setAcceptDrops(True)
        self._build()

    def _build(self) -> None:
        self.add_files = QPushButton(self.tr("Ag&regar fotos…"))
        self.add_files.setAccessibleName(self.tr("Agregar fotos desde archivos"))
        self.add_files.clicked.connect(self._pick_files)
        self.add_folder = QPushButton(self.tr("Agregar carp&eta…"))
        self.add_folder.setAccessibleName(self.tr("Agregar todas las fotos de una carpeta"))
        self.add_folder.clicked.connect(self._pick_folder)
        self.hint = QLabel(self.tr("También puede arrastrar fotos o una carpeta hasta aquí."))
        self.hint.setWordWrap(True)
        self.grid = QListWidget()
        self.grid.setViewMode(QListWidget.ViewMode.IconMode)
        self.grid.setIconSize(QSize(THUMB, THUMB))
        self.grid.setGridSize(grid_cell_size(self.grid.fontMetrics()))
        self.grid.setResizeMode(QListWidget.ResizeMode.Adjust)
        self.grid.setMovement(QListWidget.Movement.Static)
        self.grid.setWordWrap(False)  # captions are elided line by line (caption_lines), never wrapped
        self.grid.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.grid.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.grid.setAccessibleName(self.tr("Fotos de la visita"))
        self.grid.currentItemChanged.connect(lambda *_: self._show_selected())
        self.preview = FitPixmapLabel()
        self.preview.setAccessibleName(self.tr("Vista previa de la foto"))
        self.info = QLabel()
        self.info.setWordWrap(True)
        self.info.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.info.setAccessibleName(self.tr("Datos de la foto"))
        self.info.setMinimumWidth(1)
        self.hash = QLabel()  # its own label: monospace, in groups that wrap, selectable to copy
        self.hash.setWordWrap(True)
        self.hash.setMinimumWidth(1)
        self.hash.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.hash.setAccessibleName(self.tr("Huella SHA-256 del archivo original"))
        self.flags = QLabel()
        self.flags.setWordWrap(True)
        self.flags.setAccessibleName(self.tr("Alertas de la foto y su explicación"))
        self.flags.setMinimumWidth(1)
        self.caption = QLineEdit()
        self.caption.setPlaceholderText(self.tr("Qué muestra la foto"))
        self.caption.setAccessibleName(self.tr("Pie de foto"))
        self.include = QCheckBox(self.tr("Incluir en los informes"))
        self.include.setAccessibleName(self.tr("Incluir esta foto en los informes"))
        self.save_caption = QPushButton(self.tr("&Guardar pie de foto"))
        self.save_caption.setAccessibleName(self.tr("Guardar pie de foto y elección para informes"))
        self.save_caption.clicked.connect(self._save_caption)
        self.open_original = QPushButton(self.tr("Abrir original"))
        self.open_original.setAccessibleName(self.tr("Abrir el archivo original de la foto"))
        self.open_original.clicked.connect(self._open_original)
        self.remove = QPushButton(self.tr("Quitar de la visita"))
        self.remove.setAccessibleName(self.tr("Quitar la foto de esta visita"))
        self.remove.clicked.connect(self._remove)

        top = QHBoxLayout()
        top.addWidget(self.add_files)
        top.addWidget(self.add_folder)
        top.addWidget(self.hint, 1)
        details = QWidget()
        form = QVBoxLayout(details)
        form.addWidget(self.preview)
        form.addWidget(self.info)
        form.addWidget(self.hash)
        form.addWidget(self.flags)
        caption_form = QFormLayout()
        caption_form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapAllRows)  # the caption gets the pane's width
        caption_form.addRow(self.tr("&Pie de foto:"), self.caption)
        form.addLayout(caption_form)
        form.addWidget(self.include)
        # one button a row: side by side they made the pane wider than it is at 1366×768 at 150 %
        for button in (self.save_caption, self.open_original, self.remove):
            row = QHBoxLayout()
            row.addWidget(button)
            row.addStretch(1)
            form.addLayout(row)
        form.addStretch(1)
        self.details = details
        # Small screens (1366×768 at 150 %): details scroll down, not sideways: every text wraps
        # to the pane's width and nothing in it is wider than two short buttons.
        self.details_scroll = details_scroll = QScrollArea()
        details_scroll.setWidgetResizable(True)
        details_scroll.setWidget(details)
        split = QSplitter()
        split.addWidget(self.grid)
        split.addWidget(details_scroll)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addWidget(split, 1)
        self._show_selected()

    def _fit_details_width(self) -> None:
        """The pane keeps the width its controls and the longest word of its texts need (the
        splitter gives the grid less instead), so nothing in it is cut at the right edge."""
        margins = self.details.layout().contentsMargins()
        words = max(widest_word(label) for label in (self.info, self.hash, self.flags))
        self.details.setMinimumWidth(words + margins.left() + margins.right())
        needed = max(self.details.minimumWidth(), self.details.layout().minimumSize().width())
        scroll = self.details_scroll
        bar = scroll.style().pixelMetric(QStyle.PixelMetric.PM_ScrollBarExtent, None, scroll)
        scroll.setMinimumWidth(needed + bar + 2 * scroll.frameWidth())

    # -- loading --------------------------------------------------------------------------
    def set_inspection(self, inspection_id: Optional[str], closed: bool) -> None:
        self.inspection_id = inspection_id
        self.closed = closed
        for button in (self.add_files, self.add_folder):
            button.setEnabled(inspection_id is not None and not closed)
        self.hint.setText(self.tr("Acta cerrada: ya no se le pueden agregar fotos.") if closed else
                          self.tr("Guarde primero la visita para agregarle fotos.") if inspection_id is None else
                          self.tr("También puede arrastrar fotos o una carpeta (p. ej. la copia del DCIM) hasta aquí."))
        self.refresh()

    def refresh(self) -> None:
        current = self.grid.currentItem().data(Qt.ItemDataRole.UserRole) if self.grid.currentItem() else None
        self.grid.clear()
        self.photos = {}
        if self.inspection_id is None:
            self._show_selected()
            return
        try:
            photos = self.ctx.services.photos.list(self.inspection_id)
        except ServiceError as error:
            show_error(self, error)
            return
        self.grid.setGridSize(grid_cell_size(self.grid.fontMetrics()))  # follows the current text scale
        placeholder = QPixmap(THUMB, THUMB)
        placeholder.fill(QColor(225, 225, 225))
        for photo in photos:
            self.photos[photo.id] = photo
            item = QListWidgetItem(QIcon(placeholder), self._item_text(photo))
            item.setData(Qt.ItemDataRole.UserRole, photo.id)
            item.setToolTip(photo.original_name + "\n\n" + (
                "\n\n".join(f"{f.title}: {f.explanation}" for f in photo.flag_details) or self.tr("Sin alertas")))
            if photo.flags:
                item.setForeground(QColor(170, 60, 0))
            self.grid.addItem(item)
            if photo.id == current:
                self.grid.setCurrentItem(item)
            self._thumbs.expect(1)
            self.pool.submit(load_thumbnail, self.ctx.services, photo.id, photo.sha256, self._thumbs)
        if self.grid.currentItem() is None and self.grid.count():
            self.grid.setCurrentRow(0)  # show the first photo's data and flags straight away
        self._show_selected()

    def _item_text(self, photo: PhotoDTO) -> str:
        width = self.grid.gridSize().width() - CELL_TEXT_MARGIN
        return "\n".join(caption_lines(photo, self.grid.fontMetrics(), width, self.tr))

    def _thumbnail_ready(self, photo_id: str, data: Optional[bytes]) -> None:
        item = show_thumbnail(self.grid, photo_id, data)
        if item is not None and item is self.grid.currentItem():
            self._show_selected()

    def selected(self) -> Optional[PhotoDTO]:
        item = self.grid.currentItem()
        return self.photos.get(item.data(Qt.ItemDataRole.UserRole)) if item else None

    def select(self, photo_id: str) -> None:
        for row in range(self.grid.count()):
            if self.grid.item(row).data(Qt.ItemDataRole.UserRole) == photo_id:
                self.grid.setCurrentRow(row)

    def _show_selected(self) -> None:
        photo = self.selected()
        for widget in (self.caption, self.include, self.save_caption, self.open_original):
            widget.setEnabled(photo is not None)
        self.remove.setEnabled(photo is not None and not self.closed)
        if photo is None:
            self.preview.set_source(None)
            self.hash.clear()
            self.info.setText(self.tr("Seleccione una foto para ver sus datos y alertas."))
            self.flags.clear()
            self.caption.clear()
            self._fit_details_width()
            return
        icon = self.grid.currentItem().icon()
        self.preview.set_source(icon.pixmap(QSize(320, 320)))
        coords = (f"{photo.lat:.6f}, {photo.lon:.6f}" if photo.lat is not None else self.tr("sin GPS"))
        rows = [
            (self.tr("Archivo"), photo.original_name),
            (self.tr("Tomada"), taken_text(photo.taken_at)),
            (self.tr("Coordenadas"), coords + (f" · {photo.alt:.0f} m s. n. m." if photo.alt is not None else "")),
            (self.tr("Distancia a la obra"), formats.distance(photo.distance_m)),
            (self.tr("Cámara"), photo.camera or "—"),
            (self.tr("Tamaño"), f"{photo.width or '?'} × {photo.height or '?'} px · {formats.number(photo.size_bytes / 1024)} KB"),
        ]
        self.info.setText("<br>".join(f"<b>{k}:</b> {html.escape(v)}" for k, v in rows))
        self.hash.setText(f"<b>{self.tr('SHA-256')}:</b><br><span style='font-family: monospace'>"
                          f"{grouped_hash(photo.sha256)}</span>")
        self.hash.setToolTip(photo.sha256)
        if photo.flag_details:
            self.flags.setText("<br><br>".join(f"<b>⚠ {html.escape(f.title)}</b><br>{html.escape(f.explanation)}"
                                               for f in photo.flag_details))
        else:
            self.flags.setText(self.tr("<b>Sin alertas:</b> la foto tiene ubicación y fecha coherentes con la visita."))
        self.caption.setText(photo.caption)
        self.caption.setCursorPosition(0)  # a caption longer than the field shows its beginning
        self.include.setChecked(photo.include_in_report)
        self._fit_details_width()

    # -- actions --------------------------------------------------------------------------
    def _save_caption(self) -> None:
        photo = self.selected()
        if photo is None:
            return
        try:
            self.ctx.services.photos.update_photo(photo.id, caption=self.caption.text(),
                                                  include_in_report=self.include.isChecked())
        except ServiceError as error:
            show_error(self, error)
            return
        self.refresh()
        self.ctx.notify("inspections")

    def _open_original(self) -> None:
        photo = self.selected()
        if photo is not None:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(photo.file_path)))

    def _remove(self) -> None:
        photo = self.selected()
        if photo is None:
            return
        answer = QMessageBox.question(self, self.tr("Quitar foto"), self.tr(
            "La foto se quitará de esta visita; el archivo original se conserva en la carpeta de evidencias. ¿Continuar?"))
        if answer != QMessageBox.StandardButton.Yes:
            return
        try:
            self.ctx.services.photos.remove_photo(photo.id)
        except ServiceError as error:
            show_error(self, error)
            return
        self.refresh()
        self.changed.emit()
        self.ctx.notify("inspections")

    def _pick_files(self) -> None:
        files, _ = QFileDialog.getOpenFileNames(self, self.tr("Agregar fotos a la visita"), "", self.tr(FILE_FILTER))
        if files:
            self.import_paths([Path(f) for f in files])

    def _pick_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, self.tr("Carpeta con las fotos (p. ej. DCIM)"))
        if folder:
            self.import_paths([Path(folder)])

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:  # noqa: N802 - Qt API
        if self.inspection_id and not self.closed and event.mimeData().hasUrls():
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:  # noqa: N802 - Qt API
        paths = [Path(url.toLocalFile()) for url in event.mimeData().urls() if url.isLocalFile()]
        paths = [p for p in paths if p.is_dir() or p.suffix.lower() in SUPPORTED_SUFFIXES]
        if paths:
            event.acceptProposedAction()
            self.import_paths(paths)

    def import_paths(self, paths: list[Path]) -> None:
        """Run the import in the background with progress and Cancel, then show the results."""
        if self.inspection_id is None:
            return
        inspection_id = self.inspection_id
        photos = self.ctx.services.photos

        def job(progress, cancel):
            return photos.import_paths(inspection_id, paths, progress=progress, cancel=cancel)

        def done(report: ImportReport) -> None:
            self.last_report = report
            self.refresh()
            self.changed.emit()
            self.ctx.notify("inspections")
            ImportResultsDialog(report, self).open()

        self.task = self.ctx.tasks.run(job, title=self.tr("Importando fotos…"), parent=self, on_done=done,
                                       on_error=lambda error: show_error(self, error))


class ImportResultsDialog(QDialog):
    """One row per file: status, reason or flags, distance, date."""

    def __init__(self, report: ImportReport, parent: Optional[QWidget] = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Resultado de la importación"))
        fit_to_screen(self, 900, 420)
        summary = QLabel(report.summary)
        summary.setWordWrap(True)
        summary.setAccessibleName(self.tr("Resumen de la importación"))
        self.table = QTableWidget(len(report.results), 5)
        self.table.setTabKeyNavigation(False)  # Tab leaves the list (arrows move inside it)
        self.table.setAccessibleName(self.tr("Resultado por archivo"))
        self.table.setHorizontalHeaderLabels([self.tr("Archivo"), self.tr("Estado"), self.tr("Motivo o alertas"),
                                              self.tr("Distancia"), self.tr("Tomada")])
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        for row, result in enumerate(report.results):
            detail = result.reason or ", ".join(self.tr(FLAG_TITLES.get(c, c)) for c in result.flags) or self.tr("Sin alertas")
            values = [Path(result.file).name, self.tr(result.status_label), detail,
                      formats.distance(result.distance_m),
                      taken_text(result.taken_at) if result.status != "rejected" else "—"]
            for col, value in enumerate(values):
                item = QTableWidgetItem(value)
                if col == 2 and (result.flags or result.status not in (IMPORTED, "duplicate")):
                    item.setForeground(QColor(170, 40, 0))
                if col == 0:
                    item.setToolTip(result.file)
                if col == 2:
                    item.setToolTip("\n\n".join(f"{f.title}: {f.explanation}" for f in result.flag_details) or detail)
                self.table.setItem(row, col, item)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText(self.tr("Cerrar"))
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(summary)
        layout.addWidget(self.table, 1)
        layout.addWidget(buttons)
