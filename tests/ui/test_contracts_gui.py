"""Contracts GUI with qtbot: lazy list and search, import dialog through the TaskRunner,
BoQ column mapping remembered per layout, manual entry with NIT check, detail timeline,
link/unlink, and the work's "Contratos" tab."""
from __future__ import annotations

import csv
import datetime as dt
import sys
from decimal import Decimal
from pathlib import Path

from PySide6.QtCore import Qt

from veeduria_app.domain.works import WorkFields
from veeduria_app.services.contracts import ContractFields
from veeduria_app.ui.context import AppContext
from veeduria_app.ui.contract_detail import ContractDetailDialog
from veeduria_app.ui.contract_form import ContractFormDialog
from veeduria_app.ui.contracts_page import ContractsPage
from veeduria_app.ui.contracts_tab import ContractsTab
from veeduria_app.ui.import_dialog import BoqMappingDialog, ImportDialog
from veeduria_app.ui.tasks import SyncPool, TaskRunner

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "importers"))
from shaped import write_entity_year_csv, write_portal_csv  # noqa: E402


def _ctx(services) -> AppContext:
    return AppContext(services, TaskRunner(SyncPool()))


def _work(services, name="Vía Olaya Herrera sector 11 de Noviembre", bpin="2026130010001") -> str:
    return services.works.create(WorkFields(name=name, type="via", localidad="1", bpin=bpin)).id


def test_list_loads_lazily_and_searches_without_accents(qtbot, services, tmp_path):
    path = tmp_path / "muchos.csv"
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["ID Contrato", "Referencia del Contrato", "Nombre Entidad", "Proveedor Adjudicado",
                         "Descripción del Proceso", "Valor del Contrato", "Fecha de Firma"])
        for i in range(1500):
            writer.writerow([f"CO1.PCCNTR.{i}", f"CD-{i}-2026", "DISTRITO DE CARTAGENA", f"PROVEEDOR {i}",
                             "CONSTRUCCIÓN DEL CDI EL POZÓN" if i == 777 else "Prestación de servicios",
                             str(1_000_000 + i), "2026-01-05T00:00:00.000"])
    services.imports.import_file(path)
    page = ContractsPage(_ctx(services))
    qtbot.addWidget(page)
    assert page.model.total == 1500
    assert page.model.rowCount() == 200  # only the first page is loaded
    page.model.fetchMore()
    assert page.model.rowCount() == 400
    qtbot.keyClicks(page.search, "pozon")
    qtbot.waitUntil(lambda: page.model.total == 1, timeout=2000)
    row = page.model.contract_at(0)
    assert row.number == "CD-777-2026"
    assert page.model.data(page.model.index(0, 6)) == "$ 1.000.777"
    assert page.count_label.text() == "1 contrato"


def test_import_dialog_runs_and_lists_rejected_rows(qtbot, services, tmp_path):
    path = write_portal_csv(tmp_path / "portal.csv")
    with open(path, "a", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerow(["X", "1", "", "", "", "CO1.PCCNTR.9", "R", "Activo", "obj", "Obra", "", "",
                                     "", "", "", "", "", "mil pesos", "", "", "", "", "", "", "", ""])
    dialog = ImportDialog(_ctx(services))
    qtbot.addWidget(dialog)
    dialog.path.setText(str(path))
    qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    assert dialog.result is not None and dialog.result.created == 3
    assert "3 nuevos" in dialog.summary.text() and "1 rechazado." in dialog.summary.text()
    assert dialog.results.rowCount() == 1 and dialog.results.item(0, 0).text() == "5"
    assert "mil pesos" in dialog.results.item(0, 1).text()


def test_boq_mapping_is_asked_once_and_remembered(qtbot, services, tmp_path, monkeypatch):
    contract = services.contracts.create(ContractFields(number="LP-9-2026", entity="Distrito", object="Vía",
                                                        initial_value=Decimal(1000000)))
    path = tmp_path / "presupuesto_raro.csv"
    path.write_text("COD;QUE SE HACE;MEDIDA;CUANTO;PRECIO\nA-1;Excavación;m3;10;5000\nA-2;Relleno;m3;4;2500\n",
                    encoding="utf-8")
    asked = []

    def fake_exec(self):
        asked.append(self.layout_info.signature)
        for key, column in (("code", "COD"), ("description", "QUE SE HACE"), ("unit", "MEDIDA"),
                            ("quantity", "CUANTO"), ("unit_price", "PRECIO")):
            self.combos[key].setCurrentIndex(self.combos[key].findData(column))
        return 1

    monkeypatch.setattr(BoqMappingDialog, "exec", fake_exec)
    dialog = ImportDialog(_ctx(services), contract_id=contract.id)
    qtbot.addWidget(dialog)
    dialog.path.setText(str(path))
    dialog.format.setCurrentIndex(dialog.format.findData("boq"))
    qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    assert dialog.result.created == 2 and len(asked) == 1
    items = services.contracts.boq(contract.id)
    assert [(i.code, i.total) for i in items] == [("A-1", Decimal("50000.00")), ("A-2", Decimal("10000.00"))]
    qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)  # same layout: not asked again
    assert len(asked) == 1 and dialog.result.unchanged == 2


def test_cancelled_boq_mapping_says_nothing_was_imported(qtbot, services, tmp_path, monkeypatch):
    contract = services.contracts.create(ContractFields(number="LP-9-2026", entity="Distrito", object="Vía",
                                                        initial_value=Decimal(1000000)))
    path = tmp_path / "presupuesto_raro.csv"
    path.write_text("COD;QUE SE HACE;MEDIDA;CUANTO;PRECIO\nA-1;Excavación;m3;10;5000\n", encoding="utf-8")
    monkeypatch.setattr(BoqMappingDialog, "exec", lambda self: 0)
    dialog = ImportDialog(_ctx(services), contract_id=contract.id)
    qtbot.addWidget(dialog)
    dialog.path.setText(str(path))
    dialog.format.setCurrentIndex(dialog.format.findData("boq"))
    qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    assert "No se importó nada" in dialog.summary.text() and dialog.result is None
    assert services.contracts.boq(contract.id) == [] and services.imports.history() == []


def test_mapping_dialog_requires_the_essential_columns(qtbot, services, tmp_path):
    path = tmp_path / "x.csv"
    path.write_text("A;B;C\n1;2;3\n", encoding="utf-8")
    dialog = BoqMappingDialog(services.imports.table_layout(path))
    qtbot.addWidget(dialog)
    dialog.combos["code"].setCurrentIndex(dialog.combos["code"].findData("A"))
    dialog.ok_button.click()
    assert "Descripción" in dialog.message.text() and dialog.result() == 0


def test_manual_entry_validates_nit_then_saves(qtbot, services):
    dialog = ContractFormDialog(_ctx(services))
    qtbot.addWidget(dialog)
    dialog.number.setText("SAMC-010-2026")
    dialog.entity.setText("Distrito de Cartagena")
    dialog.entity_nit.setText("890.480.184-5")
    dialog.object.setPlainText("Mejoramiento del parque")
    dialog.initial_value.setText("$ 350.000.000")
    dialog.start_date.set_value(dt.date(2026, 3, 2))
    dialog.end_date.set_value(dt.date(2026, 9, 1))
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert "dígito de verificación" in dialog.message.text()
    assert services.contracts.count() == 0
    dialog.entity_nit.setText("890.480.184-4")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.result_contract is not None
    saved = services.contracts.get(dialog.result_contract.id)
    assert (saved.entity_nit, saved.initial_value, saved.end_date) == ("890480184", Decimal("350000000"), dt.date(2026, 9, 1))
    assert saved.source.typed_by


def test_detail_timeline_and_link_unlink(qtbot, services):
    work_id = _work(services)
    contract = services.contracts.create(ContractFields(number="LP-1-2026", entity="Distrito", object="Vía",
                                                        initial_value=Decimal(100_000_000), signed_date=dt.date(2026, 1, 10),
                                                        start_date=dt.date(2026, 1, 15), end_date=dt.date(2026, 6, 15)))
    services.contracts.add_modification(contract.id, "adicion", dt.date(2026, 3, 1), value_change=Decimal(60_000_000),
                                        reason="Mayores cantidades")
    services.contracts.add_modification(contract.id, "prorroga", dt.date(2026, 5, 1), days_change=30)
    services.contracts.add_payment(contract.id, dt.date(2026, 1, 20), Decimal(30_000_000), "anticipo")
    dialog = ContractDetailDialog(_ctx(services), contract.id)
    qtbot.addWidget(dialog)
    events = [dialog.timeline.item(r, 1).text() for r in range(dialog.timeline.rowCount())]
    assert events == ["Firma", "Inicio", "Anticipo", "Adición", "Prórroga", "Terminación prevista (firmada)",
                      "Terminación actual (con prórrogas y suspensiones)"]
    assert dialog.timeline.item(3, 2).text() == "$ 60.000.000"
    assert dialog.timeline.item(6, 0).text() == "15/07/2026"
    dialog.work_choice.setCurrentIndex(dialog.work_choice.findData(work_id))
    dialog.link_button.click()
    assert services.contracts.get(contract.id).work_ids == (work_id,)
    dialog.works_list.setCurrentRow(0)
    dialog.unlink_button.click()
    assert services.contracts.get(contract.id).work_ids == ()


def test_work_tab_suggests_by_bpin_and_links(qtbot, services, tmp_path):
    work_id = _work(services)
    services.imports.import_file(write_portal_csv(tmp_path / "portal.csv"))
    ctx = _ctx(services)
    tab = ContractsTab(ctx, work_id)
    qtbot.addWidget(tab)
    assert tab.table.rowCount() == 0
    texts = [tab.suggestions.item(i).text() for i in range(tab.suggestions.count())]
    assert any("SA-MC-001-2026" in t and "BPIN" in t for t in texts)
    index = next(i for i, t in enumerate(texts) if "SA-MC-001-2026" in t)
    tab.suggestions.setCurrentRow(index)
    tab.buttons["link"].click()
    assert tab.table.rowCount() == 1
    assert tab.table.item(0, 2).text() == "$ 1.234.567.890"
    assert tab.summary.text().startswith("1 contrato · ")


def test_typing_a_modification_and_a_payment(qtbot, services):
    from veeduria_app.ui.contract_acts import ModificationDialog, PaymentDialog

    contract = services.contracts.create(ContractFields(number="LP-2-2026", entity="Distrito", object="Parque",
                                                        initial_value=Decimal(200_000_000)))
    ctx = _ctx(services)
    mod = ModificationDialog(ctx, contract.id)
    qtbot.addWidget(mod)
    mod.kind.setCurrentIndex(mod.kind.findData("prorroga"))
    mod.new_end.set_value(dt.date(2026, 11, 1))  # typed while the act was a prórroga...
    mod.kind.setCurrentIndex(mod.kind.findData("adicion"))  # ...then it is an adición: no term fields
    assert not (mod.days.isEnabled() or mod.new_end.isEnabled() or mod.end.isEnabled())
    qtbot.mouseClick(mod.save_button, Qt.MouseButton.LeftButton)
    assert "fecha" in mod.message.text()
    mod.date.set_value(dt.date(2026, 4, 1))
    qtbot.mouseClick(mod.save_button, Qt.MouseButton.LeftButton)
    assert "necesita el valor" in mod.message.text()
    mod.value.setText("$ 50.000.000")
    qtbot.mouseClick(mod.save_button, Qt.MouseButton.LeftButton)
    pay = PaymentDialog(ctx, contract.id)
    qtbot.addWidget(pay)
    pay.kind.setCurrentIndex(pay.kind.findData("anticipo"))
    pay.date.set_value(dt.date(2026, 2, 1))
    pay.amount.setText("60.000.000")
    qtbot.mouseClick(pay.save_button, Qt.MouseButton.LeftButton)
    stored = services.contracts.get(contract.id)
    assert stored.current_value == Decimal(250_000_000) and stored.paid_value == Decimal(60_000_000)
    assert stored.payments[0].kind == "anticipo" and stored.modifications[0].source.typed_by
    assert stored.modifications[0].new_end_date is None  # the disabled date was not saved
    mod = ModificationDialog(ctx, contract.id)
    qtbot.addWidget(mod)
    mod.kind.setCurrentIndex(mod.kind.findData("suspension"))
    assert mod.end.isEnabled() and mod.days.isEnabled() and not mod.new_end.isEnabled()


def test_an_erased_date_is_saved_as_no_date_and_a_required_one_is_asked_for(qtbot, services):
    """QA: «Nueva fecha de terminación» emptied with Ctrl+A, Supr was saved with the old date (and
    printed in an informe). Emptied, it is no date; the act's own date is required and asked for."""
    from veeduria_app.ui.contract_acts import ModificationDialog

    contract = services.contracts.create(ContractFields(number="LP-3-2026", entity="Distrito", object="Vía",
                                                        initial_value=Decimal(100_000_000)))
    mod = ModificationDialog(_ctx(services), contract.id)
    qtbot.addWidget(mod)
    mod.show()
    mod.activateWindow()
    qtbot.waitActive(mod)
    mod.kind.setCurrentIndex(mod.kind.findData("prorroga"))
    mod.date.set_value(dt.date(2026, 4, 1))
    mod.days.setValue(30)
    for field in (mod.new_end, mod.date):
        field.set_value(dt.date(2026, 12, 31))
        field.setFocus()
        qtbot.waitUntil(field.hasFocus)
        qtbot.keyClick(field, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
        qtbot.keyClick(field, Qt.Key.Key_Delete)
        mod.act.setFocus()  # the focus leaves: the date must not come back
        qtbot.waitUntil(mod.act.hasFocus)
        assert field.value() is None and field.text().strip() == ""
    qtbot.mouseClick(mod.save_button, Qt.MouseButton.LeftButton)
    assert mod.message.text() == "Escriba la fecha del acto de modificación."
    assert not services.contracts.get(contract.id).modifications
    mod.date.set_value(dt.date(2026, 4, 1))
    qtbot.mouseClick(mod.save_button, Qt.MouseButton.LeftButton)
    stored = services.contracts.get(contract.id).modifications
    assert len(stored) == 1 and stored[0].days_change == 30 and stored[0].new_end_date is None


def test_big_file_imported_from_a_work_tab_and_unlinking_several(qtbot, services, tmp_path, monkeypatch):
    """From a work's Contratos tab: a whole entity's file links only the work's BPIN and says
    so; several wrongly linked contracts are unlinked in one go, after one question."""
    from PySide6.QtWidgets import QMessageBox

    work_id = _work(services)
    ctx = _ctx(services)
    tab = ContractsTab(ctx, work_id)
    qtbot.addWidget(tab)
    dialog = ImportDialog(ctx, work_id=work_id, parent=tab)
    qtbot.addWidget(dialog)
    dialog.path.setText(str(write_entity_year_csv(tmp_path / "entidad.csv")))
    qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    assert "El archivo trae 15 contratos: se vincularon a la obra 10" in dialog.summary.text()
    assert tab.table.rowCount() == 10  # the tab heard the import

    asked: list[str] = []
    monkeypatch.setattr(QMessageBox, "question", lambda _p, _t, text, *a, **k: asked.append(text)
                        or QMessageBox.StandardButton.Yes)
    tab.table.selectAll()
    tab.buttons["unlink"].click()
    assert asked and "10 contratos seleccionados" in asked[0]
    assert tab.table.rowCount() == 0 and services.contracts.for_work(work_id) == []
    assert len(services.contracts.list()) == 15  # unlinked, never deleted
