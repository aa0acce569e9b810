"""Files shaped like the real ones: portal CSV, API JSON, Excel re-saves, Adiciones,
Ejecución, SECOP I, bill of quantities (CSV and XLSX), schedule, bad rows, unreadable files."""
from __future__ import annotations

import csv
import datetime as dt
import json
from decimal import Decimal

import openpyxl
import pytest

from veeduria_app.importers.detect import open_source, read_all
from veeduria_app.importers.records import (
    BoqItemRecord, ContractRecord, ModificationRecord, ProgressRecord, RowError, SchedulePointRecord,
)
from veeduria_app.importers.tabular import UnreadableFile

from shaped import write_api_json, write_excel_resaved_csv, write_portal_csv

COMPARED = ("source_key", "secop_id", "process_id", "number", "url", "entity", "entity_nit", "contractor",
            "contractor_id", "object", "modality", "contract_type", "initial_value", "signed_date", "start_date",
            "end_date", "status", "bpin", "reported_paid_value", "reported_added_days", "budget")


def _view(items):
    return [tuple(getattr(c, f) for f in COMPARED) for c in items if isinstance(c, ContractRecord)]


def test_portal_csv(tmp_path):
    fmt, items = read_all(write_portal_csv(tmp_path / "portal.csv"))
    assert fmt == "secop2"
    first = items[0]
    assert first.secop_id == "CO1.PCCNTR.5001" and first.number == "SA-MC-001-2026"
    assert first.initial_value == Decimal("1234567890") and first.reported_paid_value == Decimal("456789000")
    assert first.start_date == dt.date(2026, 2, 16) and first.end_date == dt.date(2026, 8, 15)
    assert first.contractor == "CONSTRUCCIONES ÑAPANGA S.A.S." and first.bpin == "2026130010001"
    assert first.supervisor == "ING. MARÍA PÉREZ" and items[1].supervisor is None
    assert items[2].bpin is None  # "No Definido"
    assert [(b.funding_source, b.amount) for b in first.budget] == [("sgp", Decimal("800000000"))]


def test_portal_api_and_excel_resave_give_identical_records(tmp_path):
    portal = _view(read_all(write_portal_csv(tmp_path / "portal.csv"))[1])
    api = _view(read_all(write_api_json(tmp_path / "api.json"))[1])
    source = open_source(write_excel_resaved_csv(tmp_path / "excel.csv"))
    assert source.details["delimiter"] == ";" and source.details["encoding"] == "cp1252"
    excel = _view(list(source.items))
    assert len(portal) == 3
    assert portal == api == excel


def test_api_json_is_streamed_and_progress_reaches_the_end(tmp_path):
    source = open_source(write_api_json(tmp_path / "api.json"), "secop2")
    assert source.format == "secop2"
    items = list(source.items)
    assert len(items) == 3 and source.fraction() == 1.0


def test_bad_rows_are_listed_and_the_rest_parsed(tmp_path):
    path = write_portal_csv(tmp_path / "portal.csv")
    with open(path, "a", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["X", "1", "", "", "", "CO1.PCCNTR.9", "R", "Activo", "obj", "Obra", "", "01/02/2026", "", "",
                         "", "", "", "mil pesos", "", "", "", "", "", "", "", ""])
        writer.writerow(["X", "1", "", "", "", "CO1.PCCNTR.10", "R", "Activo", "obj", "Obra", "", "01/02/2026",
                         "03/01/2026", "02/01/2026", "", "", "", "100", "", "", "", "", "", "", "", ""])
    items = read_all(path)[1]
    errors = [i for i in items if isinstance(i, RowError)]
    assert [e.row for e in errors] == [5, 6]
    assert "Valor del Contrato" in errors[0].reason and "mil pesos" in errors[0].reason
    assert "anterior a la de inicio" in errors[1].reason
    assert sum(isinstance(i, ContractRecord) for i in items) == 3


def test_adiciones_csv(tmp_path):
    path = tmp_path / "adiciones.csv"
    path.write_text(
        "Identificador,ID Contrato,Tipo,Descripción,Fecha Registro\n"
        "9001,CO1.PCCNTR.5002,ADICION EN EL VALOR,\"Mayores cantidades, obra adicional\",03/15/2026 12:00:00 AM\n"
        "9002,CO1.PCCNTR.5002,EXTENSION,Prórroga de 30 días,04/20/2026 12:00:00 AM\n"
        "9003,CO1.PCCNTR.5002,MODIFICACION GENERAL,Cambio de supervisor,04/21/2026 12:00:00 AM\n"
        "9004,,EXTENSION,sin contrato,04/21/2026\n", encoding="utf-8")
    fmt, items = read_all(path)
    assert fmt == "secop2-adiciones"
    mods = [i for i in items if isinstance(i, ModificationRecord)]
    assert [(m.source_id, m.kind, m.date) for m in mods] == [
        ("9001", "adicion", dt.date(2026, 3, 15)), ("9002", "prorroga", dt.date(2026, 4, 20)),
        ("9003", "otrosi", dt.date(2026, 4, 21))]
    assert mods[0].reason == "Mayores cantidades, obra adicional"
    assert items[-1] == RowError(5, "falta el «ID Contrato» de la modificación")
    with pytest.raises(UnreadableFile, match="se pidió el formato «ocds»"):
        open_source(path, "ocds")


def test_ejecucion_api_json(tmp_path):
    rows = [
        {"identificadorcontrato": "CO1.PCCNTR.5001", "tipoejecucion": "Porcentaje", "nombreplan": "Plan 1",
         "fechadeentregaesperada": "2026-05-31T00:00:00.000", "porcentajedeavanceesperado": "40",
         "fechadeentregareal": "2026-05-31T00:00:00.000", "porcentaje_de_avance_real": "25",
         "estado_del_contrato": "En ejecución", "fechacreacion": "2026-06-01T10:00:00.000"},
        {"identificadorcontrato": "CO1.PCCNTR.5001", "nombreplan": "Plan 1", "porcentajedeavanceesperado": "140",
         "fechacreacion": "2026-06-02T10:00:00.000"},
    ]
    path = tmp_path / "ejecucion.json"
    path.write_text(json.dumps(rows), encoding="utf-8")
    fmt, items = read_all(path, "secop2")
    assert fmt == "secop2-ejecucion"
    progress, error = items
    assert isinstance(progress, ProgressRecord)
    assert (progress.date, progress.planned_percent, progress.actual_percent) == (dt.date(2026, 5, 31), Decimal(40), Decimal(25))
    assert error == RowError(2, "el porcentaje de avance esperado (140) no está entre 0 y 100")


def test_secop1_api_rows(tmp_path):
    rows = [{
        "uid": "19-12-9000000-1", "numero_de_constancia": "19-12-9000000", "numero_de_contrato": "SAMC-044-2019",
        "nombre_entidad": "CARTAGENA - ALCALDÍA DISTRITO", "nit_de_la_entidad": "890480184",
        "nom_razon_social_contratista": "OBRAS DEL SUR SAS", "identificacion_del_contratista": "900111222",
        "objeto_del_contrato_a_la": "PAVIMENTACIÓN CALLE 30", "tipo_de_contrato": "Obra",
        "cuantia_contrato": "300000000", "valor_total_de_adiciones": "150000000", "tiempo_adiciones_en_dias": "45",
        "fecha_de_firma_del_contrato": "2019-05-02T00:00:00.000", "fecha_ini_ejec_contrato": "2019-05-10T00:00:00.000",
        "fecha_fin_ejec_contrato": "2019-11-10T00:00:00.000", "estado_del_proceso": "Celebrado",
        "ruta_proceso_en_secop_i": {"url": "https://www.contratos.gov.co/consultas/detalleProceso.do?numConstancia=19-12-9000000"},
    }]
    path = tmp_path / "secop1.json"
    path.write_text(json.dumps(rows, ensure_ascii=False), encoding="utf-8")
    fmt, [contract] = read_all(path, "secop1")
    assert fmt == "secop1"
    assert contract.source_key == "secop1:19-12-9000000/SAMC-044-2019"
    [mod] = contract.modifications
    assert (mod.kind, mod.value_change, mod.days_change) == ("adicion", Decimal("150000000"), 45)


BOQ_ROWS = [
    ["Ítem", "Descripción", "Und", "Cant.", "Vr. Unitario", "Vr. Total"],
    ["1", "PRELIMINARES", None, None, None, None],
    ["1.1", "Localización y replanteo", "m2", 1200, 4500, 5400000],
    ["1.2", "Demolición de pavimento existente", "m3", "85,5", "$ 120.000", None],
    ["2", "PAVIMENTOS", None, None, None, None],
    ["2.1", "Concreto hidráulico MR-45 e=0,20 m", "m3", 640, 980000, 627200000],
    ["2.2", "Bordillo prefabricado", "ml", "diez", 35000, None],
    [None, "COSTO DIRECTO", None, None, None, 642860000],
]


def _boq_checks(items):
    boq = [i for i in items if isinstance(i, BoqItemRecord)]
    assert [b.code for b in boq] == ["1.1", "1.2", "2.1"]
    assert boq[1].quantity == Decimal("85.5") and boq[1].total == Decimal("10260000.00")
    assert boq[2].chapter == "2 PAVIMENTOS" and boq[2].unit == "m3"
    [error] = [i for i in items if isinstance(i, RowError)]
    assert error.row == 7 and "Cantidad" in error.reason


def test_boq_xlsx(tmp_path):
    book = openpyxl.Workbook()
    for row in BOQ_ROWS:
        book.active.append(row)
    book.save(tmp_path / "presupuesto.xlsx")
    fmt, items = read_all(tmp_path / "presupuesto.xlsx")
    assert fmt == "boq"
    _boq_checks(items)


def test_boq_csv_with_semicolons(tmp_path):
    path = tmp_path / "presupuesto.csv"
    with open(path, "w", encoding="cp1252", newline="") as handle:
        csv.writer(handle, delimiter=";").writerows([["" if c is None else c for c in r] for r in BOQ_ROWS])
    fmt, items = read_all(path, "boq")
    assert fmt == "boq"
    _boq_checks(items)


def test_boq_with_user_mapping(tmp_path):
    path = tmp_path / "raro.csv"
    path.write_text("COD;QUE SE HACE;MEDIDA;CUANTO;PRECIO\nA-1;Excavación;m3;10;5000\n", encoding="utf-8")
    with pytest.raises(UnreadableFile, match="formato no reconocido"):
        open_source(path)
    mapping = {"code": "COD", "description": "QUE SE HACE", "unit": "MEDIDA", "quantity": "CUANTO", "unit_price": "PRECIO"}
    source = open_source(path, "boq", mapping)
    [item] = list(source.items)
    assert (item.code, item.total) == ("A-1", Decimal("50000.00"))
    assert source.details["layout"]


def test_schedule_csv(tmp_path):
    path = tmp_path / "programacion.csv"
    path.write_text("Fecha;% programado acumulado\n28/02/2026;10\n31/03/2026;35,5\n30/04/2026;70\n31/05/2026;100\n",
                    encoding="utf-8")
    fmt, items = read_all(path)
    assert fmt == "boq-programacion"
    assert [(p.date, p.planned_percent) for p in items if isinstance(p, SchedulePointRecord)][1] == (
        dt.date(2026, 3, 31), Decimal("35.5"))


@pytest.mark.parametrize("content, message", [
    (b"", "vacío"),
    (b"%PDF-1.4 \x00\x01binary", "no es una tabla"),
    (b"{\"foo\": 1}", "formato JSON no reconocido"),
    (b"[{\"id\": 1,", "JSON mal formado"),
    (b"a,b,c\n1,2,3\n", "formato no reconocido"),
    (b"PK\x03\x04 not really a zip", "no se pudo abrir el libro de Excel"),
])
def test_unreadable_files_raise_one_spanish_line(tmp_path, content, message):
    path = tmp_path / "malo.dat"
    path.write_bytes(content)
    with pytest.raises(UnreadableFile, match=message) as info:
        source = open_source(path)
        list(source.items)
    assert "\n" not in str(info.value)


def test_missing_file(tmp_path):
    with pytest.raises(UnreadableFile, match="no existe"):
        open_source(tmp_path / "nada.csv")


def test_refused_table_releases_the_file(tmp_path):
    import gc
    import os

    path = tmp_path / "desconocido.csv"
    path.write_text("a,b,c\n1,2,3\n", encoding="utf-8")
    with pytest.raises(UnreadableFile):
        open_source(path)
    gc.disable()  # the file must be closed by the reader itself, not by the garbage collector
    try:
        fd_dir = "/proc/self/fd"
        if os.path.isdir(fd_dir):
            targets = {os.path.realpath(os.path.join(fd_dir, f)) for f in os.listdir(fd_dir)}
            assert str(path.resolve()) not in targets
    finally:
        gc.enable()


def test_random_bytes_are_refused_as_binary_not_listed_as_columns(tmp_path):
    """Garbage renamed .csv must get a plain Spanish reason, not its bytes echoed as column names."""
    import random

    from veeduria_app.importers.detect import open_source

    rng = random.Random(850)
    for index in range(5):
        path = tmp_path / f"basura{index}.csv"
        path.write_bytes(bytes(rng.randrange(1, 256) for _ in range(5000)))  # no NUL byte to give it away
        with pytest.raises(UnreadableFile) as caught:
            open_source(path)
        assert "parece un archivo binario" in str(caught.value)
