"""Menu «Datos»: backups and restore, data packages, pending conflicts, the person's session."""
from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu, QMainWindow

if TYPE_CHECKING:  # the dialogs load when first opened: the menu is built at start-up
    from veeduria_app.services.backups import RestoreResult


def install_data_menu(window: QMainWindow) -> None:
    """Add the menu to the main window (which has `ctx` and, once built, `session`)."""
    ctx = window.ctx  # type: ignore[attr-defined]
    bar = window.menuBar()
    actions = bar.actions()
    help_action = actions[-1] if actions else None  # keep «Ayuda» last, as every program does
    menu = QMenu(window.tr("&Datos"), bar)
    if help_action is not None:
        bar.insertMenu(help_action, menu)
    else:
        bar.addMenu(menu)

    def add(text: str, slot) -> QAction:
        action = QAction(window)  # not QAction(text, window): that overload builds PySide's QIcon type (start-up)
        action.setText(window.tr(text))
        action.triggered.connect(slot)
        menu.addAction(action)
        return action

    def after_restore(_result: "RestoreResult") -> None:
        ctx.notify("all")
        session = getattr(window, "session", None)
        if session is not None and ctx.services.accounts.login_required():
            session.lock()  # the restored database has its own accounts: log in again

    def backups() -> None:
        from veeduria_app.ui.backup_dialogs import BackupDialog

        BackupDialog(ctx, window, after_restore=after_restore).exec()

    def export() -> None:
        from veeduria_app.ui.package_dialogs import ExportDialog

        ExportDialog(ctx, window, work_id=_open_work(window)).exec()

    def import_package() -> None:
        from veeduria_app.ui.package_dialogs import start_import

        start_import(ctx, window)

    def conflicts() -> None:
        from veeduria_app.ui.package_dialogs import ConflictsDialog

        ConflictsDialog(ctx, window).exec()

    def change_password() -> None:
        from veeduria_app.ui.login_dialog import ChangePasswordDialog

        ChangePasswordDialog(ctx.services, window).exec()

    window.data_menu = menu  # type: ignore[attr-defined]
    window.backups_action = add("&Copias de seguridad y restauración…", backups)  # type: ignore[attr-defined]
    menu.addSeparator()
    window.export_action = add("&Exportar paquete .veeduria…", export)  # type: ignore[attr-defined]
    window.import_action = add("&Importar paquete .veeduria…", import_package)  # type: ignore[attr-defined]
    window.conflicts_action = add("Conflictos por &decidir…", conflicts)  # type: ignore[attr-defined]
    menu.addSeparator()
    window.password_action = add("Cambiar &mi clave…", change_password)  # type: ignore[attr-defined]

    def lock() -> None:
        if not ctx.services.accounts.login_required():
            from PySide6.QtWidgets import QMessageBox

            QMessageBox.information(window, window.tr("Bloquear"), window.tr(
                "Esta carpeta de datos no tiene cuentas: créelas en «Cuentas» para que Veeduría pida usuario y clave."))
            return
        window.session.lock()  # type: ignore[attr-defined]

    window.lock_action = add("&Bloquear o cambiar de persona", lock)  # type: ignore[attr-defined]


def _open_work(window: QMainWindow) -> str | None:
    """The work whose detail is on screen: the export dialog offers it as «solo una obra»."""
    detail = getattr(window, "detail", None)
    if detail is not None and window.stack.currentWidget() is detail:  # type: ignore[attr-defined]
        return getattr(detail, "work_id", None)
    return None
