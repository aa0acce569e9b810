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


def irreversible_question(parent: QWidget | None, title: str, text: str, action: str):  # noqa: ANN201 - QMessageBox
    """A question before a step that cannot be undone: the buttons say what they do, and Enter
    (the default) cancels, so a key pressed out of habit never closes an acta."""
    from PySide6.QtWidgets import QMessageBox

    box = QMessageBox(QMessageBox.Icon.Warning, title, text, QMessageBox.StandardButton.NoButton, parent)
    go = box.addButton(action, QMessageBox.ButtonRole.AcceptRole)
    cancel = box.addButton(tr("Cancelar"), QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(cancel)
    box.setEscapeButton(cancel)
    box.setProperty("irreversible_action", go)
    return box


def ask_irreversible(parent: QWidget | None, title: str, text: str, action: str) -> bool:
    """True only when the person chose `action` (see irreversible_question)."""
    box = irreversible_question(parent, title, text, action)
    box.exec()
    return box.clickedButton() is box.property("irreversible_action")


def confirm_discard(parent: QWidget | None, where: list[str]) -> bool:
    """Before leaving forms with typed data nobody saved: True only if the person chooses to
    discard it (Enter keeps editing). `where` names the forms, e.g. «el acta de la visita»."""
    return ask_irreversible(
        parent, tr("Datos sin guardar"),
        tr("Hay datos escritos sin guardar en {0}. Si continúa, se perderán.").format(" y ".join(where)),
        tr("Descartar lo escrito"))
