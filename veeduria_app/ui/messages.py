"""Showing errors to a person: Spanish text, never a traceback."""
from __future__ import annotations

import logging

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QWidget

from veeduria_app.logs import log_path
from veeduria_app.services.errors import ConflictError, ServiceError


def tr(text: str) -> str:
    return QCoreApplication.translate("messages", text)


def show_error(parent: QWidget | None, error: BaseException, title: str | None = None) -> None:
    from PySide6.QtWidgets import QMessageBox  # imported on the first error, not by the start-up path

    if isinstance(error, ConflictError):
        detail = "\n".join(f"{k}: suya «{error.mine.get(k)}» / guardada «{v}»"
                           for k, v in error.theirs.items() if error.mine.get(k) != v)
        box = QMessageBox(QMessageBox.Icon.Warning, title or tr("Conflicto de edición"), str(error),
                          QMessageBox.StandardButton.Ok, parent)
        if detail:
            box.setDetailedText(detail)
        box.exec()
        return
    if isinstance(error, ServiceError):
        QMessageBox.warning(parent, title or tr("No se pudo completar"), str(error))
        return
    logging.getLogger("veeduria.ui").error("Error inesperado", exc_info=error)
    QMessageBox.critical(
        parent, title or tr("Error inesperado"),
        tr("Ocurrió un error inesperado y no se guardó la operación en curso.\n"
           "Los detalles técnicos quedaron en: ") + str(log_path()))
