"""GUI of the foundation with qtbot: create a work through the form, filter, training banner, reset."""
from __future__ import annotations

from PySide6.QtCore import Qt

from veeduria_app.app import AppController
from veeduria_app.ui.context import AppContext
from veeduria_app.ui.main_window import MainWindow
from veeduria_app.ui.tasks import SyncPool, TaskRunner
from veeduria_app.ui.work_form import NewWorkDialog
from veeduria_app.ui.works_page import WorksPage


def make_window(qtbot, services) -> MainWindow:
    ctx = AppContext(services, TaskRunner(SyncPool()))
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    return window


def test_create_work_through_the_form(qtbot, services):
    ctx = AppContext(services, TaskRunner(SyncPool()))
    dialog = NewWorkDialog(ctx)
    qtbot.addWidget(dialog)
    form = dialog.form
    qtbot.keyClicks(form.name, "Pavimentacion calle 54, Olaya Herrera")  # QTest types ASCII only
    form.type.setCurrentIndex(form.type.findData("via"))
    form.localidad.setCurrentIndex(form.localidad.findData("Localidad 2 - De la Virgen y Turística"))
    form.ucg.setCurrentIndex(form.ucg.findData("UCG 5"))
    form.barrio.setEditText("Olaya Herrera")
    qtbot.keyClicks(form.paste, "https://www.google.com/maps/@10.4088,-75.4927,17z")
    qtbot.mouseClick(form.paste_button, Qt.MouseButton.LeftButton)
    assert form.lat.text() == "10.408800"
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    assert dialog.result_work is not None
    stored = services.works.get(dialog.result_work.id)
    assert (stored.name, stored.type, stored.ucg, stored.lat) == (
        "Pavimentacion calle 54, Olaya Herrera", "via", "UCG 5", 10.4088)


def test_form_shows_validation_message_and_saves_nothing(qtbot, services):
    ctx = AppContext(services, TaskRunner(SyncPool()))
    dialog = NewWorkDialog(ctx)
    qtbot.addWidget(dialog)
    dialog.form.name.setText("Obra sin localidad")
    qtbot.mouseClick(dialog.form.save_button, Qt.MouseButton.LeftButton)
    assert "localidad es obligatoria" in dialog.form.message.text()
    assert services.works.count() == 0


def test_list_filters_as_the_user_types(qtbot, demo_services):
    ctx = AppContext(demo_services, TaskRunner(SyncPool()))
    page = WorksPage(ctx)
    qtbot.addWidget(page)
    total = page.model.rowCount()
    assert total >= 12
    qtbot.keyClicks(page.search, "gaviotas")
    assert page.model.rowCount() == 1
    assert "Gaviotas" in page.model.work_at(0).name
    page.search.clear()
    page.localidad.setCurrentIndex(page.localidad.findData("Localidad 3 - Industrial y de la Bahía"))
    shown = [page.model.work_at(r) for r in range(page.model.rowCount())]
    assert shown and all(w.localidad.startswith("Localidad 3") for w in shown)
    page.status.setCurrentIndex(page.status.findData("terminada"))
    assert all(page.model.work_at(r).status == "terminada" for r in range(page.model.rowCount()))


def test_training_banner_and_reset(qtbot, demo_services, monkeypatch):
    window = make_window(qtbot, demo_services)
    window.show()
    assert window.banner.isVisible()
    assert "MODO CAPACITACIÓN" in window.banner.text()
    demo_services.works.create(__import__("veeduria_app.domain.works", fromlist=["WorkFields"]).WorkFields(
        name="Práctica", localidad="1"))
    asked: list[str] = []
    monkeypatch.setattr("veeduria_app.ui.main_window.ask_irreversible",
                        lambda _parent, title, _text, action: asked.append(action) or False)
    window.reset_demo()  # Cancelar (also what Enter chooses): nothing is erased
    assert asked == ["Borrar lo practicado y restablecer"]
    assert "Práctica" in [w.name for w in demo_services.works.list()]
    monkeypatch.setattr("veeduria_app.ui.main_window.ask_irreversible", lambda *a: True)
    window.reset_demo()
    assert "Práctica" not in [w.name for w in demo_services.works.list()]
    page = window.page("works")
    assert page.model.total == demo_services.works.count()


def test_real_folder_has_no_banner_and_opening_a_work_shows_its_card(qtbot, services):
    from veeduria_app.domain.works import WorkFields

    work = services.works.create(WorkFields(name="Canal Calicanto", localidad="2"))
    window = make_window(qtbot, services)
    window.show()
    assert not window.banner.isVisible()
    window.ctx.open_work.emit(work.id)
    assert window.detail is not None
    assert window.detail.form.name.text() == "Canal Calicanto"


def test_training_mode_never_touches_the_real_folder(qtbot, data_folder):
    from veeduria_app.services.container import build_services

    controller = AppController(data_folder, pool=SyncPool(), ask_welcome=False)
    window = controller.open_training()
    qtbot.addWidget(window)
    assert window.banner.isVisible()
    assert controller.services.data_folder.path != data_folder.path
    assert controller.services.works.count() >= 12
    controller._close_current()
    real = build_services(data_folder)
    try:
        assert real.works.count() == 0
        assert not data_folder.is_training
    finally:
        real.close()


def test_every_control_of_the_work_form_has_an_accessible_name(qtbot, services):
    from PySide6.QtWidgets import QComboBox, QLineEdit, QPlainTextEdit, QSpinBox

    ctx = AppContext(services, TaskRunner(SyncPool()))
    dialog = NewWorkDialog(ctx)
    qtbot.addWidget(dialog)
    controls = [c for kind in (QLineEdit, QComboBox, QPlainTextEdit, QSpinBox) for c in dialog.form.findChildren(kind)]
    unnamed = [c for c in controls if not c.accessibleName() and not isinstance(c.parent(), (QComboBox, QSpinBox))]
    assert len(controls) >= 15
    assert unnamed == []


def test_tab_leaves_the_works_list_instead_of_walking_its_cells(qtbot, demo_services):
    """Keyboard only: Tab must leave the list for its buttons; inside the list the arrows move.
    With Qt's default, Tab walked cell by cell (8 columns × every work) and never got out.
    Offscreen there is no focus to follow, so this checks what Tab asks of the view: Qt's
    focusNextPrevChild, which moves the current cell only when tab key navigation is on."""
    from veeduria_app.ui.dashboard_page import DashboardPage

    ctx = AppContext(demo_services, TaskRunner(SyncPool()))
    page = WorksPage(ctx)
    qtbot.addWidget(page)
    page.show()
    qtbot.waitExposed(page)
    page.table.setCurrentIndex(page.table.model().index(1, 0))  # the view shows table_model(page.model)
    page.table.focusNextPrevChild(True)  # what a Tab press inside the list does
    assert (page.table.currentIndex().row(), page.table.currentIndex().column()) == (1, 0)
    dashboard = DashboardPage(ctx)
    qtbot.addWidget(dashboard)
    assert not dashboard.table.tabKeyNavigation() and not dashboard.alerts.tabKeyNavigation()


def _mnemonics(root) -> list[str]:
    """The Alt+letter of every visible label, button and check box under `root`, and the menus."""
    import re

    from PySide6.QtWidgets import QAbstractButton, QLabel

    letters = []
    for widget in root.findChildren(QAbstractButton) + root.findChildren(QLabel):
        if widget.isVisibleTo(root):
            found = re.search(r"&([^&\s])", widget.text())
            if found:
                letters.append(found.group(1).lower())
    for action in root.menuBar().actions():
        found = re.search(r"&([^&\s])", action.text())
        if found:
            letters.append(found.group(1).lower())
    return letters


def test_alt_letters_that_matter_are_not_shared(qtbot, services):
    """Alt+V leaves a work's card, Alt+A opens the Archivo menu: no other visible control takes
    them (a shared letter goes to the other control first)."""
    from veeduria_app.domain.works import WorkFields

    work = services.works.create(WorkFields(name="Canal Calicanto", localidad="2"))
    window = make_window(qtbot, services)
    window.show()
    assert _mnemonics(window).count("a") == 1  # the works list (Incluir archivadas) and the menu
    window.ctx.open_work.emit(work.id)
    letters = _mnemonics(window)
    assert letters.count("v") == 1 and letters.count("a") == 1, letters
    window.show_page("dashboard")
    assert _mnemonics(window).count("a") == 1


def test_no_two_visible_controls_of_a_window_share_an_alt_letter(qtbot, demo_services):
    """Keyboard-only users (QA at 1366×768): Alt+A opened Archivo instead of «Abrir» or «Agregar
    integrante…», Alt+C Capacitación instead of «Crear la cuenta de coordinación…» or «Cerrar
    acta…», Alt+D Datos instead of «Desvincular»/«Desactivar»/«Descripción», Alt+G only moved
    between «Guardar obra» and «Grupos de población», Alt+P, Alt+V and Alt+N were shared too.
    The generic checker (tests/ui/mnemonics.py) walks every page, every tab of a work's card,
    with a visit's acta open, and the dialogs that were reported."""
    from mnemonics import clashes, clashes_on_every_tab

    from veeduria_app.ui.contract_acts import ModificationDialog, PaymentDialog
    from veeduria_app.ui.contract_detail import ContractDetailDialog
    from veeduria_app.ui.contract_form import ContractFormDialog
    from veeduria_app.ui.petition_dialogs import PetitionFormDialog
    from veeduria_app.ui.profile_page import MemberDialog
    from veeduria_app.ui.users_page import NewAccountDialog
    from veeduria_app.ui.pages import PAGES
    from veeduria_app.ui.welcome import RegisterDialog

    window = make_window(qtbot, demo_services)
    window.resize(1366, 768)
    window.show()
    found = {}
    for spec in PAGES:
        window.show_page(spec.key)
        found[f"página {spec.key}"] = clashes(window)
    work = next(w for w in demo_services.works.list() if demo_services.inspections.list(w.id))
    window.ctx.open_work.emit(work.id)
    detail = window.detail
    for index in range(detail.tabs.count()):
        detail.tabs.setCurrentIndex(index)
        found[f"obra, pestaña {detail.tabs.tabText(index)}"] = clashes(window)
    visits = detail.show_tab("visits")
    visits.form.load(demo_services.inspections.list(work.id)[0])  # an acta with its buttons
    for index in range(visits.details.count()):  # the acta, its photos (Agregar fotos / carpeta), the map
        visits.details.setCurrentIndex(index)
        found[f"obra, visita, {visits.details.tabText(index)}"] = clashes(window)
    ctx = window.ctx
    contract = demo_services.contracts.list()[0]
    dialogs = (("Registrar obra", NewWorkDialog(ctx)), ("Registrar mi veeduría", RegisterDialog(ctx)),
               ("contrato", ContractDetailDialog(ctx, contract.id)), ("Nuevo contrato", ContractFormDialog(ctx)),
               ("Registrar modificación", ModificationDialog(ctx, contract.id)),
               ("Registrar pago", PaymentDialog(ctx, contract.id)), ("integrante", MemberDialog(ctx)),
               ("cuenta de coordinación", NewAccountDialog(ctx, first=True)), ("Nueva cuenta", NewAccountDialog(ctx)),
               ("petición", PetitionFormDialog(ctx)))
    for name, dialog in dialogs:
        qtbot.addWidget(dialog)
        dialog.show()
        found[name] = clashes_on_every_tab(dialog)
    assert {screen: letters for screen, letters in found.items() if letters} == {}
    assert len(found) >= len(PAGES) + 17  # the walk did reach the screens


def test_a_practice_work_left_open_goes_back_to_the_list_when_the_demo_is_reset(qtbot, demo_services, monkeypatch):
    """The reset deletes the work on screen: its card must not stay, reloading a work that is gone."""
    from veeduria_app.domain.works import WorkFields
    from veeduria_app.ui import messages

    window = make_window(qtbot, demo_services)
    window.show()
    errors: list = []
    monkeypatch.setattr(messages, "show_error", lambda *a, **k: errors.append(a))
    monkeypatch.setattr("veeduria_app.ui.main_window.show_error", lambda *a, **k: errors.append(a))
    practice = demo_services.works.create(WorkFields(name="Práctica abierta", localidad="1"))
    window.ctx.open_work.emit(practice.id)
    assert window.detail is not None and window.stack.currentWidget() is window.detail
    monkeypatch.setattr("veeduria_app.ui.main_window.ask_irreversible", lambda *a: True)
    window.reset_demo()
    assert window.detail is None
    assert window.stack.currentWidget() is window._frames["works"]
    assert "Práctica abierta" not in [w.name for w in window.page("works").model.works]
    assert errors == []
