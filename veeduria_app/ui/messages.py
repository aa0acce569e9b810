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


def ask(parent: QWidget | None, title: str, text: str, action: str, *, other: str | None = None,
        default_action: bool = False, icon: str = "Warning") -> bool:
    """A question whose buttons say what they do; True only when the person chose `action`.
    Escape always means `other` («Cancelar» unless given); Enter means `other` too unless
    `default_action`, so a key pressed out of habit never takes an irreversible step."""
    from PySide6.QtWidgets import QMessageBox

    box = QMessageBox(getattr(QMessageBox.Icon, icon), title, text, QMessageBox.StandardButton.NoButton, parent)
    go = box.addButton(action, QMessageBox.ButtonRole.AcceptRole)
    stay = box.addButton(other or tr("Cancelar"), QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(go if default_action else stay)
    box.setEscapeButton(stay)
    box.exec()
    return box.clickedButton() is go


def ask_irreversible(parent: QWidget | None, title: str, text: str, action: str) -> bool:
    """Before a step that cannot be undone (closing an acta, discarding typed data): Enter cancels."""
    return ask(parent, title, text, action)


def confirm_discard(parent: QWidget | None, where: list[str]) -> bool:
    """Before leaving forms with typed data nobody saved: True only if the person chooses to
    discard it (Enter keeps editing). `where` names the forms, e.g. «el acta de la visita»."""
    return ask_irreversible(
        parent, tr("Datos sin guardar"),
        tr("Hay datos escritos sin guardar en {0}. Si continúa, se perderán.").format(" y ".join(where)),
        tr("Descartar lo escrito"))
