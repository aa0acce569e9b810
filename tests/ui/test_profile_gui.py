"""Registering the veeduría from the GUI: no made-up registration date, NIT formatted."""
from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QDialog

from veeduria_app.ui.context import AppContext
from veeduria_app.ui.profile_page import ProfileForm
from veeduria_app.ui.tasks import SyncPool, TaskRunner


def test_new_profile_saves_no_date_until_one_is_chosen(qtbot, services):
    form = ProfileForm(AppContext(services, TaskRunner(SyncPool())))
    qtbot.addWidget(form)
    assert form.date.text() == "Sin fecha"
    form.name.setText("Veeduría Las Gaviotas")
    form.nit.setText("8904801844")
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    saved = services.profile.get()
    assert saved.registration_date is None and saved.nit == "890.480.184-4"
    form.date.setDate(QDate(2025, 3, 14))
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    assert services.profile.get().registration_date == dt.date(2025, 3, 14)


def test_page_shows_what_the_first_start_registration_saved(qtbot, services):
    """The welcome's «Registrar mi veeduría» dialog saves over the open «Mi veeduría» page: the
    page must show it at once (an empty page reads as lost data), but never overwrite what the
    person is typing in it."""
    from veeduria_app.ui.profile_page import ProfilePage
    from veeduria_app.ui.welcome import RegisterDialog

    ctx = AppContext(services, TaskRunner(SyncPool()))
    page = ProfilePage(ctx)
    qtbot.addWidget(page)
    assert page.form.name.text() == ""
    dialog = RegisterDialog(ctx, page)
    qtbot.addWidget(dialog)
    dialog.form.name.setText("Veeduría Canal Las Gaviotas")
    dialog.form.number.setText("CC-2025-0147")
    dialog.form.nit.setText("8904801844")
    qtbot.mouseClick(dialog.form.save_button, Qt.MouseButton.LeftButton)
    assert dialog.result() == dialog.DialogCode.Accepted
    assert (page.form.name.text(), page.form.number.text(), page.form.nit.text()) == \
        ("Veeduría Canal Las Gaviotas", "CC-2025-0147", "890.480.184-4")

    page.form.duration.setText("Hasta terminar la obra")  # typing, not saved yet
    ctx.notify("profile")  # e.g. a member was added from the same page
    assert page.form.duration.text() == "Hasta terminar la obra"
    assert page.form.name.text() == "Veeduría Canal Las Gaviotas"


def test_members_are_corrected_retired_and_can_withdraw_consent(qtbot, services, monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    from veeduria_app.services.profile import MemberFields
    from veeduria_app.ui.profile_page import MemberDialog, ProfilePage

    luis = services.profile.add_member(MemberFields(full_name="Luis Barrios", role="Integrante (JAC juvenil)",
                                                    document_number="1047123456", consent_given=True))
    ctx = AppContext(services, TaskRunner(SyncPool()))
    page = ProfilePage(ctx)
    qtbot.addWidget(page)
    assert not page.edit_button.isEnabled()  # nothing chosen yet
    page.members.selectRow(0)
    assert page.edit_button.isEnabled() and page.consent_button.isEnabled()

    dialog = MemberDialog(ctx, page, page.selected_member())
    qtbot.addWidget(dialog)
    assert dialog.document.text() == "1047123456" and dialog.consent.isChecked()
    dialog.phone.setText("3001234567")
    dialog.save()
    assert dialog.result() == QDialog.DialogCode.Accepted
    stored = services.profile.get_member(luis.id)
    assert stored.phone == "3001234567" and stored.consent_date == luis.consent_date

    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    page.members.selectRow(0)
    page.consent_button.click()
    stored = services.profile.get_member(luis.id)
    assert (stored.document_number, stored.phone, stored.consent_given) == ("", "", False)
    assert page.members.item(0, 3).text() == "No"

    page.members.selectRow(0)
    page.retire_button.click()
    assert page.members.rowCount() == 0
    page.show_retired.setChecked(True)
    assert page.members.item(0, 0).text() == "Luis Barrios (retirado)"
    page.members.selectRow(0)
    assert page.retire_button.text() == "Reincorporar"
    page.retire_button.click()
    assert services.profile.get_member(luis.id).active


def test_the_form_edits_the_contact_and_keeps_what_it_does_not_show(qtbot, services):
    """«Mi veeduría» had no field for the address where the authorities answer; saving the form
    also reset the city recorded from the command line."""
    from veeduria_app.services.profile import ProfileFields

    services.profile.save(ProfileFields(name="Veeduría Canal Las Gaviotas", city="Turbaco",
                                        renewal_date=dt.date(2027, 1, 31)))
    form = ProfileForm(AppContext(services, TaskRunner(SyncPool())))
    qtbot.addWidget(form)
    assert [w.accessibleName() for w in (form.address, form.email, form.phone)] == \
        ["Dirección de correspondencia", "Correo electrónico", "Teléfono"]
    form.address.setText("Calle 31 # 70-15, Olaya Herrera")
    form.email.setText("veeduria.gaviotas")
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    assert "correo electrónico" in form.message.text() and services.profile.get().address == ""
    form.email.setText("veeduria.gaviotas@example.org")
    form.phone.setText("300 123 4567")
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    saved = services.profile.get()
    assert (saved.address, saved.email, saved.phone) == ("Calle 31 # 70-15, Olaya Herrera",
                                                        "veeduria.gaviotas@example.org", "300 123 4567")
    assert (saved.city, saved.renewal_date) == ("Turbaco", dt.date(2027, 1, 31))
    other = ProfileForm(AppContext(services, TaskRunner(SyncPool())))
    qtbot.addWidget(other)
    assert (other.address.text(), other.email.text(), other.phone.text()) == \
        ("Calle 31 # 70-15, Olaya Herrera", "veeduria.gaviotas@example.org", "300 123 4567")
