"""Menu «Datos»: backups and restore, data packages, pending conflicts, the person's session."""
from __future__ import annotations

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu, QMainWindow, QMessageBox

from veeduria_app.services.backups import RestoreResult
from veeduria_app.ui.backup_dialogs import BackupDialog
from veeduria_app.ui.login_dialog import ChangePasswordDialog
from veeduria_app.ui.package_dialogs import ConflictsDialog, ExportDialog, start_import


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
        action = QAction(window.tr(text), window)
        action.triggered.connect(slot)
        menu.addAction(action)
        return action

    def after_restore(_result: RestoreResult) -> None:
        ctx.notify("all")
        session = getattr(window, "session", None)
        if session is not None and ctx.services.accounts.login_required():
            session.lock()  # the restored database has its own accounts: log in again

    window.backups_action = add("&Copias de seguridad y restauración…",  # type: ignore[attr-defined]
                                lambda: BackupDialog(ctx, window, after_restore=after_restore).exec())
    menu.addSeparator()
    window.export_action = add("&Exportar paquete .veeduria…",  # type: ignore[attr-defined]
                               lambda: ExportDialog(ctx, window, work_id=_open_work(window)).exec())
    window.import_action = add("&Importar paquete .veeduria…",  # type: ignore[attr-defined]
                               lambda: start_import(ctx, window))
    window.conflicts_action = add("Conflictos por &decidir…",  # type: ignore[attr-defined]
                                  lambda: ConflictsDialog(ctx, window).exec())
    menu.addSeparator()
    window.password_action = add("Cambiar &mi clave…",  # type: ignore[attr-defined]
                                 lambda: ChangePasswordDialog(ctx.services, window).exec())
    def lock() -> None:
        if not ctx.services.accounts.login_required():
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
