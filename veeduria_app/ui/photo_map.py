"""Map of a work: its site, its radius and where each photo was taken, coloured by its checks.

Drawn with QPainter on the Web Mercator pixel grid. Offline it shows a plain grid with a scale
bar and a north arrow; with internet (and the setting on) it lays OpenStreetMap tiles under
the points, taken from the disk cache or fetched in the background — it never waits for them.

Everything the mouse does has a key (the map is a Tab stop): + and − (also with Ctrl) zoom, the
arrows move the view, Av Pág / Re Pág select the next or previous photo (ringed and brought into
view), Intro or Espacio opens the selected photo as a double click on it does, and Inicio fits
the view as a double click on an empty spot does.
"""
from __future__ import annotations

import math
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Optional

from PySide6.QtCore import QPointF, QRectF, QSizeF, Qt, Signal
from PySide6.QtGui import (
    QBrush, QColor, QFont, QFontMetrics, QKeyEvent, QMouseEvent, QPainter, QPainterPath, QPen, QPixmap, QPolygonF,
    QWheelEvent,
)
from PySide6.QtWidgets import QSizePolicy, QToolTip, QWidget

from veeduria_app.domain import formats
from veeduria_app.domain import map_projection as mp
from veeduria_app.evidence.checks import FLAG_TITLES, LEJOS_DE_OBRA
from veeduria_app.ui.worker_queue import ResultPump

FAR_LIMIT_M = 20_000.0
FIT_MARGIN_PX = 36  # room kept around the fitted points for markers and the first labels
COLOURS = {"ok": QColor(30, 130, 60), "warning": QColor(215, 130, 0), "far": QColor(200, 30, 30)}
PAN_STEP_PX = 64  # one arrow key press; with Mayús a quarter of the map
SELECTION_COLOUR = QColor(20, 70, 160)
SHORT_LABELS = {
    "sin_gps": "sin GPS", "lejos_de_obra": "lejos", "fecha_inconsistente": "fecha", "fecha_futura": "fecha futura",
    "editada": "editada", "reutilizada": "reutilizada",
}


@dataclass(frozen=True)
class MapPoint:
    key: str
    lat: float
    lon: float
    label: str
    codes: tuple[str, ...]
    title: str

    @property
    def category(self) -> str:
        if LEJOS_DE_OBRA in self.codes:
            return "far"
        return "warning" if self.codes else "ok"


def _fetch_tile(tiles, z: int, x: int, y: int, pump: ResultPump) -> None:
    """Worker step: download one tile; the bytes go back through the pump (no Qt signal)."""
    try:
        data = tiles.fetch(z, x, y)
    except Exception:  # noqa: BLE001 - no tile is never an error
        data = None
    pump.put(z, x, y, data)


class PhotoMapWidget(QWidget):
    point_activated = Signal(str)

    def __init__(self, tiles=None, parent: Optional[QWidget] = None) -> None:
        super().__init__(parent)
        self.tiles = tiles
        self.setMinimumSize(240, 150)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMouseTracking(True)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)  # a Tab stop: every mouse action has a key
        self.setAccessibleName(self.tr("Mapa de la obra y de las fotos"))
        self.selected_key: Optional[str] = None  # the photo point chosen with the keyboard
        self.site: Optional[tuple[float, float]] = None
        self.site_label = ""
        self.radius_m = 300.0
        self.points: list[MapPoint] = []
        self.far_points: list[MapPoint] = []
        self.without_gps = 0
        self.zoom: Optional[int] = None
        self.center: Optional[tuple[float, float]] = None
        self._drag_from: Optional[QPointF] = None
        self._pixmaps: dict[tuple[int, int, int], QPixmap] = {}
        self._requested: set[tuple[int, int, int]] = set()
        self._pool = ThreadPoolExecutor(max_workers=2, thread_name_prefix="teselas")  # OSM policy: ≤ 2 connections
        self._tiles_pump = ResultPump(self._tile_arrived, self, interval_ms=150)
        self.tiles_drawn = 0
        self._fit_pending = True
        # where the last paint put things (tests and hit checks read them)
        self.site_marker_rect = QRectF()
        self.site_label_rect = QRectF()
        self.site_label_text = ""
        self.label_rects: dict[str, QRectF] = {}
        self.selection_rect = QRectF()
        self._describe()

    # -- data -----------------------------------------------------------------------------
    def set_data(self, site: Optional[tuple[float, float]], radius_m: float, points: list[MapPoint],
                 *, site_label: str = "", without_gps: int = 0) -> None:
        self.site, self.radius_m, self.site_label = site, float(radius_m or 300), site_label
        self.without_gps = without_gps
        near, far = [], []
        for point in points:
            if site is None or mp.haversine_m(site[0], site[1], point.lat, point.lon) <= FAR_LIMIT_M:
                near.append(point)
            else:
                far.append(point)
        self.points, self.far_points = near, far
        if self.selected_key not in {p.key for p in near}:
            self.selected_key = None
        self._describe()
        self._fit_pending = True  # fit when painted at the real size (the tab may be hidden now)
        self.reset_view()

    def reset_view(self) -> None:
        """«Ajustar»: the largest zoom at which the site's circle and every nearby photo fit the
        widget (width and height each, not the smaller side for both), centred on what is shown
        rather than on the site, so points within 1 km are not shown at a 2 km scale."""
        self.center, self.zoom = self._fit()
        self.update()

    def _fit(self) -> tuple[tuple[float, float], int]:
        if self.site is None and not self.points:
            centre, extent = mp.extent_around(None, self.radius_m, [], FAR_LIMIT_M)
            return centre, mp.fit_zoom(centre[0], extent, min(self.width(), self.height()) - 2 * FIT_MARGIN_PX)
        lat_ref = self.site[0] if self.site is not None else self.points[0].lat
        z = mp.MAX_ZOOM  # measure in world pixels at the deepest zoom, then halve per level
        xs, ys = [], []
        for p in self.points:
            x, y = mp.world_px(p.lat, p.lon, z)
            xs.append(x)
            ys.append(y)
        if self.site is not None:
            x, y = mp.world_px(self.site[0], self.site[1], z)
            r = self.radius_m / mp.metres_per_px(lat_ref, z)
            xs += [x - r, x + r]
            ys += [y - r, y + r]
        span_x, span_y = max(xs) - min(xs), max(ys) - min(ys)
        room_x = max(self.width() - 2 * FIT_MARGIN_PX, 64)
        room_y = max(self.height() - 2 * FIT_MARGIN_PX, 64)
        zoom = mp.MAX_ZOOM
        while zoom > mp.MIN_ZOOM and (span_x / 2 ** (z - zoom) > room_x or span_y / 2 ** (z - zoom) > room_y):
            zoom -= 1
        centre = mp.px_to_latlon((min(xs) + max(xs)) / 2, (min(ys) + max(ys)) / 2, z)
        return centre, zoom

    def zoom_by(self, step: int) -> None:
        if self.zoom is None:
            return
        self.zoom = max(mp.MIN_ZOOM, min(mp.MAX_ZOOM, self.zoom + step))
        self.update()

    def pan_by(self, dx: float, dy: float) -> None:
        """Move the view `dx`, `dy` screen pixels (right and down are positive)."""
        if self.zoom is None or self.center is None:
            return
        cx, cy = mp.world_px(self.center[0], self.center[1], self.zoom)
        self.center = mp.px_to_latlon(cx + dx, cy + dy, self.zoom)
        self.update()

    # -- keyboard selection ---------------------------------------------------------------
    def selected_point(self) -> Optional[MapPoint]:
        return next((p for p in self.points if p.key == self.selected_key), None)

    def select_step(self, step: int) -> None:
        """Select the next (`step` 1) or previous (-1) photo point, wrapping around, and bring
        it into view."""
        if not self.points:
            return
        keys = [p.key for p in self.points]
        if self.selected_key in keys:
            index = (keys.index(self.selected_key) + step) % len(keys)
        else:
            index = 0 if step > 0 else len(keys) - 1
        point = self.points[index]
        self.selected_key = point.key
        self._bring_into_view(point)
        self._describe()
        self.update()
        if self.isVisible() and self.zoom is not None and self.center is not None and not self._fit_pending:
            # what the mouse shows on hover, shown for the keyboard too
            QToolTip.showText(self.mapToGlobal(self.to_screen(point.lat, point.lon).toPoint()), point.title, self)

    def activate_selected(self) -> None:
        """Open the selected photo, exactly as a double click on its point does."""
        point = self.selected_point()
        if point is not None:
            self.point_activated.emit(point.key)

    def _bring_into_view(self, point: MapPoint) -> None:
        if self.zoom is None or self.center is None or self._fit_pending:
            return  # the fit at the real size will frame every nearby point
        pos = self.to_screen(point.lat, point.lon)
        inside = QRectF(self.rect()).adjusted(FIT_MARGIN_PX, FIT_MARGIN_PX, -FIT_MARGIN_PX, -FIT_MARGIN_PX)
        if not inside.contains(pos):
            self.center = (point.lat, point.lon)

    def _describe(self) -> None:
        """What a screen reader says besides the name: the selected photo, then the keys."""
        keys = self.tr("Teclas: + y − acercan y alejan; las flechas mueven el mapa; Av Pág y Re Pág eligen "
                       "la foto siguiente o la anterior; Intro o Espacio abren la foto elegida; Inicio ajusta "
                       "el mapa a la obra y las fotos.")
        point = self.selected_point()
        if point is not None:
            chosen = self.tr("Foto elegida: %1.").replace("%1", point.title.replace("\n", ", "))
            keys = chosen + " " + keys
        if keys != self.accessibleDescription():
            self.setAccessibleDescription(keys)

    # -- geometry -------------------------------------------------------------------------
    def _origin(self) -> tuple[float, float]:
        """World pixel at the widget's top-left corner."""
        cx, cy = mp.world_px(self.center[0], self.center[1], self.zoom)  # type: ignore[index, arg-type]
        return cx - self.width() / 2, cy - self.height() / 2

    def to_screen(self, lat: float, lon: float) -> QPointF:
        ox, oy = self._origin()
        x, y = mp.world_px(lat, lon, self.zoom)  # type: ignore[arg-type]
        return QPointF(x - ox, y - oy)

    def point_at(self, pos: QPointF, tolerance: float = 10.0) -> Optional[MapPoint]:
        best, best_d = None, tolerance
        for point in self.points:
            p = self.to_screen(point.lat, point.lon)
            d = math.hypot(p.x() - pos.x(), p.y() - pos.y())
            if d <= best_d:
                best, best_d = point, d
        return best

    # -- painting -------------------------------------------------------------------------
    def paintEvent(self, _event) -> None:  # noqa: N802 - Qt API
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.fillRect(self.rect(), QColor(244, 241, 234))
        if self.zoom is None or self.center is None or self._fit_pending:
            self._fit_pending = False
            self.reset_view()
        self.tiles_drawn = self._draw_tiles(painter)
        mpp = mp.metres_per_px(self.center[0], self.zoom)  # type: ignore[index, arg-type]
        if not self.tiles_drawn:
            self._draw_grid(painter, mpp)
        self._draw_site(painter, mpp)
        for point in self.points:
            self._draw_point(painter, point)
        self._draw_point_labels(painter)
        self._draw_selection(painter)  # over the labels: the chosen photo is never hidden
        self._draw_scale(painter, mpp)
        self._draw_north(painter)
        self._draw_notes(painter)
        if self.hasFocus():
            painter.setPen(QPen(SELECTION_COLOUR, 2, Qt.PenStyle.DotLine))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRect(QRectF(self.rect()).adjusted(1, 1, -1, -1))
        painter.end()

    def _draw_tiles(self, painter: QPainter) -> int:
        if self.tiles is None:
            return 0
        ox, oy = self._origin()
        drawn = 0
        z = self.zoom
        for tx, ty in mp.tiles_covering(ox, oy, ox + self.width(), oy + self.height(), z):  # type: ignore[arg-type]
            key = (z, tx, ty)
            pixmap = self._pixmaps.get(key)
            if pixmap is None:
                data = self.tiles.cached(z, tx, ty)
                if data:
                    pixmap = QPixmap()
                    if pixmap.loadFromData(data):
                        self._pixmaps[key] = pixmap
                    else:
                        pixmap = None
                if (pixmap is None or self.tiles.needs_fetch(z, tx, ty)) and key not in self._requested \
                        and self.tiles.online_enabled():
                    self._requested.add(key)
                    self._tiles_pump.expect(1)
                    self._pool.submit(_fetch_tile, self.tiles, z, tx, ty, self._tiles_pump)
            if pixmap is not None:
                painter.drawPixmap(QPointF(tx * mp.TILE_SIZE - ox, ty * mp.TILE_SIZE - oy), pixmap)
                drawn += 1
        return drawn

    def _tile_arrived(self, z: int, x: int, y: int, data: Optional[bytes]) -> None:
        if not data:
            return
        pixmap = QPixmap()
        if pixmap.loadFromData(data):
            self._pixmaps[(z, x, y)] = pixmap
            self.update()

    def _draw_grid(self, painter: QPainter, mpp: float) -> None:
        spacing_m = mp.nice_scale_length(self.width() * mpp / 6)
        step = spacing_m / mpp
        if step < 8:
            return
        ox, oy = self._origin()
        painter.setPen(QPen(QColor(210, 205, 195), 1))
        x = -(ox % step)
        while x < self.width():
            painter.drawLine(QPointF(x, 0), QPointF(x, self.height()))
            x += step
        y = -(oy % step)
        while y < self.height():
            painter.drawLine(QPointF(0, y), QPointF(self.width(), y))
            y += step

    def _draw_site(self, painter: QPainter, mpp: float) -> None:
        if self.site is None:
            return
        centre = self.to_screen(*self.site)
        r = self.radius_m / mpp
        painter.setPen(QPen(QColor(20, 70, 160), 2, Qt.PenStyle.DashLine))
        painter.setBrush(QBrush(QColor(20, 70, 160, 28)))
        painter.drawEllipse(centre, r, r)
        painter.setPen(QPen(QColor(0, 0, 0), 2))
        painter.setBrush(QBrush(QColor(255, 255, 255)))
        painter.drawRect(QRectF(centre.x() - 6, centre.y() - 6, 12, 12))
        painter.drawLine(centre + QPointF(-4, 0), centre + QPointF(4, 0))
        painter.drawLine(centre + QPointF(0, -4), centre + QPointF(0, 4))
        self.site_marker_rect = QRectF(centre.x() - 8, centre.y() - 8, 16, 16)
        name = self.site_label or self.tr("Obra")
        bold = QFont(self.font())
        bold.setBold(True)
        metrics = QFontMetrics(bold)
        # the whole name when it fits the map, else elided in the middle (its tooltip-free end too)
        name = metrics.elidedText(name, Qt.TextElideMode.ElideMiddle, max(40, self.width() - 24))
        width = metrics.horizontalAdvance(name)
        left = min(max(6.0, centre.x() - width / 2), self.width() - width - 6.0)  # never cut at an edge
        top = max(metrics.ascent() + 4.0, centre.y() - r - 8)
        self.site_label_text = name
        self.site_label_rect = self._text(painter, QPointF(left, top), name, bold=True)
        radius_text = self.tr("radio %1").replace("%1", formats.distance(self.radius_m))
        width = painter.fontMetrics().horizontalAdvance(radius_text)
        self.radius_label_rect = self._text(
            painter, QPointF(centre.x() - width / 2, min(self.height() - 40.0, centre.y() + r + 16)), radius_text)

    def _draw_point(self, painter: QPainter, point: MapPoint) -> None:
        pos = self.to_screen(point.lat, point.lon)
        colour = COLOURS[point.category]
        painter.setPen(QPen(QColor(255, 255, 255), 2))
        painter.setBrush(QBrush(colour))
        if point.category == "ok":
            painter.drawEllipse(pos, 7, 7)
        else:  # a triangle: flagged photos differ by shape too, not only by colour
            painter.drawPolygon(QPolygonF([pos + QPointF(0, -9), pos + QPointF(8, 6), pos + QPointF(-8, 6)]))

    def _draw_selection(self, painter: QPainter) -> None:
        """A thick ring, white-edged to show on tiles too, around the photo chosen with the keys."""
        point = self.selected_point()
        self.selection_rect = QRectF()
        if point is None:
            return
        pos = self.to_screen(point.lat, point.lon)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.setPen(QPen(QColor(255, 255, 255), 6))
        painter.drawEllipse(pos, 14, 14)
        painter.setPen(QPen(SELECTION_COLOUR, 3))
        painter.drawEllipse(pos, 14, 14)
        self.selection_rect = QRectF(pos.x() - 17, pos.y() - 17, 34, 34)

    @staticmethod
    def point_label(point: MapPoint) -> str:
        label = point.label
        if point.codes:
            label += " " + ", ".join(SHORT_LABELS.get(c, c) for c in point.codes if c != "sin_gps")
        return label

    def _draw_point_labels(self, painter: QPainter) -> None:
        """Each label beside its marker where it hides neither the site marker, the site's
        labels, another marker nor an earlier label: right, left, above or below."""
        metrics = QFontMetrics(self.font())
        blocked = [self.site_marker_rect, self.site_label_rect, getattr(self, "radius_label_rect", QRectF())]
        positions = [self.to_screen(p.lat, p.lon) for p in self.points]
        blocked += [QRectF(pos.x() - 9, pos.y() - 10, 18, 18) for pos in positions]
        inside = QRectF(self.rect())
        self.label_rects = {}
        for point, pos in zip(self.points, positions):
            text = self.point_label(point)
            w, h = metrics.horizontalAdvance(text) + 4, metrics.height() + 2
            candidates = [QPointF(11, -h / 2), QPointF(-11 - w, -h / 2), QPointF(-w / 2, -12 - h), QPointF(-w / 2, 12),
                          QPointF(11, -12 - h), QPointF(11, 10), QPointF(-11 - w, -12 - h), QPointF(-11 - w, 10)]
            rects = [QRectF(pos + c, QSizeF(w, h)) for c in candidates]
            free = [r for r in rects if inside.contains(r) and not any(r.intersects(b) for b in blocked if not b.isNull())]
            rect = free[0] if free else rects[0]
            self._text(painter, QPointF(rect.x() + 2, rect.y() + 1 + metrics.ascent()), text)
            blocked.append(rect)
            self.label_rects[point.key] = rect

    def _text(self, painter: QPainter, at: QPointF, text: str, bold: bool = False) -> QRectF:
        font = QFont(self.font())
        font.setBold(bold)
        painter.setFont(font)
        metrics = painter.fontMetrics()
        rect = QRectF(at.x() - 2, at.y() - metrics.ascent() - 1, metrics.horizontalAdvance(text) + 4, metrics.height() + 2)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QBrush(QColor(255, 255, 255, 210)))
        painter.drawRoundedRect(rect, 3, 3)
        painter.setPen(QPen(QColor(0, 0, 0)))
        painter.drawText(at, text)
        return rect

    def _draw_scale(self, painter: QPainter, mpp: float) -> None:
        length_m = mp.nice_scale_length(self.width() * 0.25 * mpp)
        length_px = length_m / mpp
        x1, y = self.width() - 16, self.height() - 18
        x0 = x1 - length_px
        painter.setPen(QPen(QColor(0, 0, 0), 3))
        painter.drawLine(QPointF(x0, y), QPointF(x1, y))
        painter.drawLine(QPointF(x0, y - 5), QPointF(x0, y + 1))
        painter.drawLine(QPointF(x1, y - 5), QPointF(x1, y + 1))
        self._text(painter, QPointF(x0, y - 8), mp.scale_label(length_m))
        self.scale_text = mp.scale_label(length_m)

    def _draw_north(self, painter: QPainter) -> None:
        cx, top = self.width() - 28, 14
        path = QPainterPath()
        path.moveTo(cx, top)
        path.lineTo(cx + 9, top + 26)
        path.lineTo(cx, top + 20)
        path.lineTo(cx - 9, top + 26)
        path.closeSubpath()
        painter.setPen(QPen(QColor(0, 0, 0), 1.5))
        painter.setBrush(QBrush(QColor(0, 0, 0)))
        painter.drawPath(path)
        self._text(painter, QPointF(cx - 4, top + 42), "N", bold=True)

    def _draw_notes(self, painter: QPainter) -> None:
        lines = []
        if self.site is None:
            lines.append(self.tr("La obra no tiene coordenadas: no se puede medir la distancia."))
        if self.without_gps:
            lines.append(self.tr("%1 foto(s) sin GPS no aparecen en el mapa.").replace("%1", str(self.without_gps)))
        if self.far_points:
            lines.append(self.tr("%1 foto(s) a más de 20 km: %2").replace("%1", str(len(self.far_points)))
                         .replace("%2", ", ".join(p.label for p in self.far_points)))
        if self.tiles_drawn:
            lines.append("© colaboradores de OpenStreetMap")
        y = 18.0
        for line in lines:
            self._text(painter, QPointF(10, y), line)
            y += painter.fontMetrics().height() + 4
        legend = [(COLOURS["ok"], self.tr("sin alertas")), (COLOURS["warning"], self.tr("con alertas")),
                  (COLOURS["far"], self.tr("lejos de la obra"))]
        y = self.height() - 14 - 18 * (len(legend) - 1)
        for colour, text in legend:
            painter.setPen(QPen(QColor(255, 255, 255), 1))
            painter.setBrush(QBrush(colour))
            painter.drawEllipse(QPointF(16, y - 4), 5, 5)
            self._text(painter, QPointF(26, y), text)
            y += 18

    # -- interaction ----------------------------------------------------------------------
    def wheelEvent(self, event: QWheelEvent) -> None:  # noqa: N802
        self.zoom_by(1 if event.angleDelta().y() > 0 else -1)

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        if event.button() == Qt.MouseButton.LeftButton:
            self._drag_from = event.position()

    def mouseMoveEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        if self._drag_from is not None and self.zoom is not None and self.center is not None:
            delta = event.position() - self._drag_from
            self._drag_from = event.position()
            cx, cy = mp.world_px(self.center[0], self.center[1], self.zoom)
            self.center = mp.px_to_latlon(cx - delta.x(), cy - delta.y(), self.zoom)
            self.update()
            return
        point = self.point_at(event.position())
        if point is not None:
            QToolTip.showText(event.globalPosition().toPoint(), point.title, self)
        else:
            QToolTip.hideText()

    def mouseReleaseEvent(self, _event: QMouseEvent) -> None:  # noqa: N802
        self._drag_from = None

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        point = self.point_at(event.position())
        if point is not None:
            self.point_activated.emit(point.key)
        else:
            self.reset_view()

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        key, mods = event.key(), event.modifiers()
        plain = not mods & ~(Qt.KeyboardModifier.KeypadModifier | Qt.KeyboardModifier.ShiftModifier)
        zooming = not mods & ~(Qt.KeyboardModifier.KeypadModifier | Qt.KeyboardModifier.ShiftModifier
                               | Qt.KeyboardModifier.ControlModifier)
        step = max(self.width(), self.height()) / 4 if mods & Qt.KeyboardModifier.ShiftModifier else PAN_STEP_PX
        arrows = {Qt.Key.Key_Left: (-step, 0), Qt.Key.Key_Right: (step, 0),
                  Qt.Key.Key_Up: (0, -step), Qt.Key.Key_Down: (0, step)}
        if zooming and key in (Qt.Key.Key_Plus, Qt.Key.Key_Equal):
            self.zoom_by(1)
        elif zooming and key in (Qt.Key.Key_Minus, Qt.Key.Key_Underscore):
            self.zoom_by(-1)
        elif plain and key in arrows:
            self.pan_by(*arrows[key])
        elif plain and key == Qt.Key.Key_PageDown:
            self.select_step(1)
        elif plain and key == Qt.Key.Key_PageUp:
            self.select_step(-1)
        elif plain and key in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Space):
            if self.selected_point() is None:
                self.select_step(1)  # nothing chosen yet: the first press picks the first photo
            else:
                self.activate_selected()
        elif plain and key == Qt.Key.Key_Home:
            self.reset_view()
        else:
            super().keyPressEvent(event)
            return
        event.accept()

    def focusInEvent(self, event) -> None:  # noqa: N802
        super().focusInEvent(event)
        self.update()  # the focus frame

    def focusOutEvent(self, event) -> None:  # noqa: N802
        super().focusOutEvent(event)
        self.update()

    def resizeEvent(self, event) -> None:  # noqa: N802
        super().resizeEvent(event)
        if self.center is not None:
            self.reset_view()


def flag_tooltip(name: str, codes: tuple[str, ...], distance: Optional[str]) -> str:
    parts = [name]
    if distance:
        parts.append(distance)
    parts += [FLAG_TITLES.get(c, c) for c in codes]
    return "\n".join(parts)
