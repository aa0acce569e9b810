"""Shared-laptop GUI with qtbot: login at start, idle lock, accounts page, audit viewer,
backup/restore and package dialogs (thread pool replaced by SyncPool)."""
from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from veeduria_app.domain.works import WorkFields
from veeduria_app.services import accounts as accounts_module
from veeduria_app.services.container import build_services
from veeduria_app.services.errors import PermissionDenied
from veeduria_app.ui.audit_page import AuditPage
from veeduria_app.ui.backup_dialogs import BackupDialog
from veeduria_app.ui.context import AppContext
from veeduria_app.ui.main_window import MainWindow
from veeduria_app.ui.package_dialogs import ExportDialog, ImportSummaryDialog
from veeduria_app.ui.tasks import SyncPool, TaskRunner
from veeduria_app.ui.users_page import NewAccountDialog, UsersPage


@pytest.fixture(autouse=True)
def _fast(monkeypatch):
    monkeypatch.setattr(accounts_module, "SCRYPT_N", 2 ** 12)
    for name in ("information", "warning"):  # modal boxes would wait for a click forever
        monkeypatch.setattr(QMessageBox, name, staticmethod(lambda *a, **k: QMessageBox.StandardButton.Ok))
    monkeypatch.setattr(QMessageBox, "question", staticmethod(lambda *a, **k: QMessageBox.StandardButton.Yes))


@pytest.fixture
def shared_laptop(data_folder):
    """A folder with accounts, opened again as the app does at start (nobody logged in)."""
    first = build_services(data_folder)
    first.accounts.create("rosa", "clave-de-rosa", role="coordinador", display_name="Rosa Pérez")
    first.accounts.create("luis", "clave-de-luis", role="integrante", display_name="Luis Díaz")
    first.close()
    services = build_services(data_folder)
    yield services
    services.close()


def window_for(qtbot, services) -> MainWindow:
    window = MainWindow(AppContext(services, TaskRunner(SyncPool())))
    qtbot.addWidget(window)
    window.show()
    return window


def login(qtbot, dialog, user, password):
    dialog.username.setText(user)
    dialog.password.setText(password)
    qtbot.mouseClick(dialog.login_button, Qt.MouseButton.LeftButton)


def test_login_at_start_when_the_folder_has_accounts(qtbot, shared_laptop):
    window = window_for(qtbot, shared_laptop)
    dialog = window.session.dialog
    assert dialog is not None and dialog.isVisible()
    assert not window.centralWidget().isVisible()  # nothing readable before logging in
    login(qtbot, dialog, "luis", "equivocada")
    assert "Usuario o clave incorrectos" in dialog.message.text() and dialog.isVisible()
    login(qtbot, dialog, "luis", "clave-de-luis")
    assert not dialog.isVisible() and window.centralWidget().isVisible()
    assert shared_laptop.identity.actor.username == "luis"


def test_idle_lock_after_the_configured_time(qtbot, shared_laptop):
    shared_laptop.accounts.login("luis", "clave-de-luis")
    window = window_for(qtbot, shared_laptop)
    assert window.session.dialog is None
    window.session.watcher.set_timeout_ms(1200)
    for _ in range(6):  # activity keeps the session open well past the timeout (1.8 s > 1.2 s)
        qtbot.wait(300)
        qtbot.keyClick(window.statusBar(), Qt.Key.Key_Shift)
    assert not window.session.locked
    qtbot.waitUntil(lambda: window.session.locked, timeout=5000)
    assert not window.centralWidget().isVisible() and window.session.dialog.isVisible()
    with pytest.raises(PermissionDenied):  # the services refuse too, not only the screen
        shared_laptop.works.create(WorkFields(name="Mientras está bloqueado", type="parque", localidad="1"))
    login(qtbot, window.session.dialog, "rosa", "clave-de-rosa")  # another person may take over
    assert not window.session.locked and window.centralWidget().isVisible()
    assert shared_laptop.identity.actor.username == "rosa"


def test_open_folder_never_locks(qtbot, services):
    window = window_for(qtbot, services)
    window.session.watcher.set_timeout_ms(100)
    qtbot.wait(400)
    assert not window.session.locked and window.session.dialog is None


def test_idle_minutes_come_from_settings(qtbot, shared_laptop):
    shared_laptop.accounts.login("rosa", "clave-de-rosa")
    page = UsersPage(AppContext(shared_laptop, TaskRunner(SyncPool())))
    qtbot.addWidget(page)
    page.idle.setValue(3)
    page.save_idle()
    window = window_for(qtbot, shared_laptop)
    assert window.session.watcher.timer.interval() == 3 * 60_000


def test_users_page_first_coordinator_then_accounts(qtbot, services):
    ctx = AppContext(services, TaskRunner(SyncPool()))
    page = UsersPage(ctx)
    qtbot.addWidget(page)
    assert "abierta" in page.notice.text()
    dialog = NewAccountDialog(ctx, page, first=True)
    qtbot.addWidget(dialog)
    assert [dialog.role.itemData(i) for i in range(dialog.role.count())] == ["coordinador"]
    dialog.username.setText("rosa")
    dialog.display_name.setText("Rosa Pérez")
    dialog.password.setText("clave-de-rosa")
    dialog.repeat.setText("otra-clave")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert "no coinciden" in dialog.message.text() and not services.accounts.login_required()
    dialog.repeat.setText("clave-de-rosa")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert services.accounts.login_required() and services.identity.actor.username == "rosa"
    from veeduria_app.services.profile import MemberFields

    member = services.profile.add_member(MemberFields(full_name="Luis Díaz"))
    second = NewAccountDialog(ctx, page)
    qtbot.addWidget(second)
    second.username.setText("luis")
    second.role.setCurrentIndex(second.role.findData("integrante"))
    second.member.setCurrentIndex(second.member.findData(member.id))
    assert second.display_name.text() == "Luis Díaz"  # taken from the member
    second.password.setText("clave-de-luis")
    second.repeat.setText("clave-de-luis")
    qtbot.mouseClick(second.save_button, Qt.MouseButton.LeftButton)
    assert second.created.member_id == member.id and second.created.display_name == "Luis Díaz"
    page.reload()
    assert [page.table.item(r, 0).text() for r in range(page.table.rowCount())] == ["luis", "rosa"]
    page.table.selectRow(0)
    page.toggle_active()
    assert page.table.item(0, 3).text() == "desactivada"
    services.accounts.set_active("luis", True)
    services.accounts.login("luis", "clave-de-luis")
    page.reload()
    assert not page.add_button.isEnabled() and "Solo una cuenta de coordinación" in page.notice.text()


def test_audit_viewer_filters_by_person_and_shows_old_and_new(qtbot, shared_laptop):
    shared_laptop.accounts.login("luis", "clave-de-luis")
    work = shared_laptop.works.create(WorkFields(name="Canal Las Gaviotas", type="canal_drenaje", localidad="2"))
    fields = shared_laptop.works.fields_from(work)
    fields.barrio = "Olaya Herrera"
    shared_laptop.works.update(work.id, fields)
    shared_laptop.accounts.login("rosa", "clave-de-rosa")
    shared_laptop.works.create(WorkFields(name="Parque de Rosa", type="parque", localidad="1"))
    page = AuditPage(AppContext(shared_laptop, TaskRunner(SyncPool())))
    qtbot.addWidget(page)
    page.person.setCurrentIndex(page.person.findData("luis"))
    page.record.setText(work.id)
    qtbot.mouseClick(page.apply_button, Qt.MouseButton.LeftButton)
    assert [page.model.entry_at(r).action for r in range(page.model.rowCount())] == ["update", "create"]
    page.show_values(0)
    assert [page.values.item(0, c).text() for c in range(3)] == ["barrio", "", "Olaya Herrera"]
    page.use_dates.setChecked(True)
    page.since.setDate(page.since.date().addYears(-1))
    page.until.setDate(page.until.date().addDays(-2))
    page.apply_filter()
    assert page.model.rowCount() == 0  # everything happened today


def test_backup_and_restore_dialog(qtbot, services, tmp_path):
    services.works.create(WorkFields(name="Antes", type="parque", localidad="1"))
    dialog = BackupDialog(AppContext(services, TaskRunner(SyncPool())))
    qtbot.addWidget(dialog)
    usb = tmp_path / "usb"
    usb.mkdir()
    dialog.backup_to_folder(str(usb))
    assert dialog.last_backup.parent == usb
    services.works.create(WorkFields(name="Después", type="parque", localidad="1"))
    dialog.restore(dialog.last_backup, confirm=False)
    assert [w.name for w in services.works.list()] == ["Antes"]
    assert dialog.table.rowCount() >= 1  # the copy of the state before restoring is listed


def test_export_and_import_dialogs(qtbot, services, tmp_path, monkeypatch):
    services.works.create(WorkFields(name="Canal Las Gaviotas", type="canal_drenaje", localidad="2"))
    ctx = AppContext(services, TaskRunner(SyncPool()))
    dialog = ExportDialog(ctx)
    qtbot.addWidget(dialog)
    dialog.out.setText(str(tmp_path / "para-luis"))
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    assert dialog.result_export.path.name == "para-luis.veeduria" and dialog.result_export.path.exists()

    other = build_services(services.data_folder.__class__.open(tmp_path / "luis"))
    shown = []
    monkeypatch.setattr(ImportSummaryDialog, "exec", lambda self: shown.append(self.summary) or 0)
    from veeduria_app.ui.package_dialogs import start_import

    start_import(AppContext(other, TaskRunner(SyncPool())), dialog, dialog.result_export.path)
    assert len(shown) == 1 and shown[0].created == 1 and [w.name for w in other.works.list()] == ["Canal Las Gaviotas"]
    other.close()


def test_import_summary_lets_a_person_decide_a_conflict(qtbot, tmp_path):
    from veeduria_app.services.data_folder import DataFolder

    rosa = build_services(DataFolder.open(tmp_path / "rosa"))
    luis = build_services(DataFolder.open(tmp_path / "luis"))
    work = rosa.works.create(WorkFields(name="Canal Las Gaviotas", type="canal_drenaje", localidad="2"))
    luis.packages.import_package(rosa.packages.export(tmp_path / "1.veeduria").path)
    for services, address in ((rosa, "Calle 1"), (luis, "Carrera 2")):
        fields = services.works.fields_from(services.works.get(work.id))
        fields.address = address
        services.works.update(work.id, fields)
    summary = rosa.packages.import_package(luis.packages.export(tmp_path / "2.veeduria").path)
    dialog = ImportSummaryDialog(AppContext(rosa, TaskRunner(SyncPool())), summary)
    qtbot.addWidget(dialog)
    widget = dialog.conflicts
    assert widget.list.item(0).text() == "Obra: Canal Las Gaviotas"
    assert [widget.detail.item(0, c).text() for c in range(3)] == ["Dirección", "Calle 1", "Carrera 2"]
    assert rosa.works.get(work.id).address == "Carrera 2"  # Luis edited last: applied for now
    qtbot.mouseClick(widget.keep_local, Qt.MouseButton.LeftButton)
    assert rosa.works.get(work.id).address == "Calle 1" and widget.list.count() == 0
    assert rosa.packages.conflicts() == []
    rosa.close(), luis.close()


def test_app_start_asks_login_first_and_backs_up_on_close(qtbot, data_folder, monkeypatch):
    from veeduria_app.app import AppController
    from veeduria_app.ui import welcome

    first = build_services(data_folder)
    first.accounts.create("rosa", "clave-de-rosa", role="coordinador")
    first.close()
    welcomed = []
    monkeypatch.setattr(welcome.WelcomeDialog, "exec", lambda self: welcomed.append(self) or 0)
    controller = AppController(data_folder, pool=SyncPool())
    window = controller.start()
    qtbot.addWidget(window)
    assert not welcomed  # an empty folder with accounts asks for the login, not the welcome
    assert window.session.dialog.isVisible()
    login(qtbot, window.session.dialog, "rosa", "clave-de-rosa")
    window.close()
    kinds = [b.kind for b in controller.services.backups.list()]
    assert "cierre" in kinds
    controller._close_current()


def test_export_from_a_work_detail_offers_that_work(qtbot, services, monkeypatch):
    work = services.works.create(WorkFields(name="Canal Las Gaviotas", type="canal_drenaje", localidad="2"))
    services.works.create(WorkFields(name="Otra obra", type="parque", localidad="1"))
    window = window_for(qtbot, services)
    window.show_work(work.id)
    opened = []
    monkeypatch.setattr(ExportDialog, "exec", lambda self: opened.append(self) or 0)
    window.export_action.trigger()
    assert opened[0].one_work.isChecked() and opened[0].work.currentData() == work.id


def test_conflicting_fields_are_named_in_spanish(qtbot, tmp_path):
    """A finding edited on both laptops: the conflict names «Causa», never the column «cause»."""
    from veeduria_app.services.data_folder import DataFolder
    from veeduria_app.services.findings import FindingFields
    from veeduria_app.services.package_format import FIELD_LABELS

    rosa = build_services(DataFolder.open(tmp_path / "rosa"))
    luis = build_services(DataFolder.open(tmp_path / "luis"))
    work = rosa.works.create(WorkFields(name="Canal Las Gaviotas", type="canal_drenaje", localidad="2"))
    finding = rosa.findings.create(work.id, FindingFields(title="Tubería expuesta", cause="Falta señalización"))
    luis.packages.import_package(rosa.packages.export(tmp_path / "1.veeduria").path)
    for services, cause in ((rosa, "Causa escrita por Rosa."), (luis, "Causa escrita por Luis.")):
        current = services.findings.get(finding.id)
        services.findings.update(finding.id, FindingFields(title=current.title, cause=cause, found_on=current.found_on))
    summary = rosa.packages.import_package(luis.packages.export(tmp_path / "2.veeduria").path)
    dialog = ImportSummaryDialog(AppContext(rosa, TaskRunner(SyncPool())), summary)
    qtbot.addWidget(dialog)
    labels = [dialog.conflicts.detail.item(r, 0).text() for r in range(dialog.conflicts.detail.rowCount())]
    assert "Causa" in labels and "cause" not in labels
    assert all(label in FIELD_LABELS.values() for label in labels), labels
    rosa.close(), luis.close()


def test_import_summary_lists_renumbered_findings(qtbot, tmp_path):
    from PySide6.QtWidgets import QListWidget

    from veeduria_app.services.data_folder import DataFolder
    from veeduria_app.services.packages import ImportSummary

    rosa = build_services(DataFolder.open(tmp_path / "rosa"))
    sentence = "Hallazgo «Escombros en la vía pública» llegó como H-01, pero aquí H-01 ya es «Tubería»: quedó como H-02"
    summary = ImportSummary(created=1, updated=0, unchanged=3, conflicts=(), evidence_added=0, skipped=(),
                            author="Luis", package_created_at="", renumbered=(sentence,))
    dialog = ImportSummaryDialog(AppContext(rosa, TaskRunner(SyncPool())), summary)
    qtbot.addWidget(dialog)
    [listed] = [w for w in dialog.findChildren(QListWidget) if w.accessibleName() == "Hallazgos renumerados"]
    assert listed.item(0).text() == sentence and "1 hallazgo renumerado" in summary.text
    rosa.close()


def _register_through_the_dialog(monkeypatch) -> None:
    """The person fills «Registrar mi veeduría» and saves it."""
    from veeduria_app.ui import welcome

    def fill_and_save(dialog) -> int:
        dialog.form.name.setText("Veeduría Canal Las Gaviotas")
        dialog.form.number.setText("CC-2025-0147")
        dialog.form.save()
        return dialog.result()

    monkeypatch.setattr(welcome.RegisterDialog, "exec", fill_and_save)


@pytest.mark.parametrize("choice", ["Crear la cuenta ahora", "Más tarde (en «Cuentas»)"])
def test_registering_offers_the_coordinator_account_at_once(qtbot, data_folder, monkeypatch, choice):
    """Journey 1: right after registering, Rosa is offered her coordinator account, so the shared
    laptop does not stay open with the members' personal data; «Más tarde» leaves it open."""
    from veeduria_app.app import AppController
    from veeduria_app.ui import welcome

    monkeypatch.setattr(welcome.WelcomeDialog, "exec", lambda self: setattr(self, "choice", welcome.REGISTER) or 1)
    _register_through_the_dialog(monkeypatch)
    offered: list[str] = []

    def answer(box) -> None:
        offered.append(box.text())
        next(b for b in box.buttons() if b.text() == choice).click()

    monkeypatch.setattr(QMessageBox, "exec", answer)

    def create_account(dialog) -> int:
        assert dialog.windowTitle() == "Crear la cuenta de coordinación"
        dialog.username.setText("rosa")
        dialog.display_name.setText("Rosa Julio")
        dialog.password.setText("clave-de-rosa")
        dialog.repeat.setText("clave-de-rosa")
        dialog.save()
        return dialog.result()

    monkeypatch.setattr(NewAccountDialog, "exec", create_account)
    controller = AppController(data_folder, pool=SyncPool())
    window = controller.start()
    qtbot.addWidget(window)
    assert controller.services.profile.get().name == "Veeduría Canal Las Gaviotas"
    assert len(offered) == 1 and "cuenta de coordinación" in offered[0]
    assert controller.services.accounts.login_required() == (choice == "Crear la cuenta ahora")
    window.close()
    controller._close_current()


def test_the_accounts_page_alt_letters_are_its_own(qtbot, shared_laptop):
    """QA: Alt+A opened the Archivo menu instead of «Agregar cuenta…», Alt+D the Datos menu instead
    of «Desactivar» (and «Reactivar» shared R with «Restablecer clave…»)."""
    from mnemonics import clashes, mnemonics

    shared_laptop.accounts.login("rosa", "clave-de-rosa")
    window = window_for(qtbot, shared_laptop)
    window.show_page("users")
    page = window.page("users")
    page.table.selectRow(0)
    assert page.add_button.isVisible() and page.add_button.text().replace("&", "") == "Agregar cuenta…"
    assert clashes(window) == {}
    page.toggle_active()  # the selected account is now inactive: the button offers «Reactivar»
    page.table.selectRow(0)
    assert page.active_button.text().replace("&", "") in ("Reactivar", "Desactivar")
    assert clashes(window) == {}, mnemonics(window)
