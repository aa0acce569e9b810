"""Spreadsheets whose column names are not on the first row: an official bill of quantities
opens with a title block («PRESUPUESTO DE OBRA…», the entity, the work) above its header."""
from __future__ import annotations

import csv
from decimal import Decimal

import openpyxl
import pytest

from veeduria_app.importers.tabular import read_csv, read_table

TITLE_BLOCK = [
    ["PRESUPUESTO DE OBRA - CANALIZACIÓN DEL CANAL LAS GAVIOTAS, TRAMO 2"],
    [],
    ["Entidad:", "Distrito de Cartagena de Indias"],
]
HEADER = ["ÍTEM", "DESCRIPCIÓN", "UND", "CANTIDAD", "VR. UNITARIO", "VR. TOTAL"]
ITEMS = [
    ["1", "PRELIMINARES", None, None, None, None],
    ["1.1", "Localización y replanteo", "m2", 1250, 4500, 5625000],
    ["1.2", "Concreto MR-45", "m3", 640, 980000, 627200000],
    ["1.3", "Excavación mecánica", "m3", "mucho", 35000, 1],
]


def _xlsx(path, rows):
    book = openpyxl.Workbook()
    for row in rows:
        book.active.append(row)
    book.save(path)
    return path


def _csv(path, rows):
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, delimiter=";")
        for row in rows:
            writer.writerow(["" if c is None else c for c in row] + [""] * (6 - len(row)))
    return path


@pytest.mark.parametrize("write", [_xlsx, _csv], ids=["xlsx", "csv"])
def test_title_block_is_skipped_and_rows_keep_their_numbers(tmp_path, write):
    path = write(tmp_path / ("presupuesto.xlsx" if write is _xlsx else "presupuesto.csv"), TITLE_BLOCK + [HEADER] + ITEMS)
    table = read_table(path)
    assert table.header == HEADER
    numbered = list(table.rows)
    assert [n for n, _row in numbered] == [5, 6, 7, 8]  # as the person sees them in Excel
    assert str(numbered[1][1][1]) == "Localización y replanteo"


def test_chunked_reading_after_the_header_search_loses_no_row(tmp_path):
    rows = [["ID Contrato", "Referencia del Contrato", "Valor del Contrato"]]
    rows += [[f"CO1.PCCNTR.{i}", f"CD-{i}", str(1000 + i)] for i in range(40)]
    path = tmp_path / "contratos.csv"
    with open(path, "w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows([["Contratos 2026 - descarga del portal"], *rows])
    table = read_csv(path)
    assert table.header == rows[0]
    first, chunk = table.rows.take(7)
    rest = []
    while True:
        _n, more = table.rows.take(7)
        if not more:
            break
        rest += more
    assert first == 3 and chunk + rest == rows[1:]


def test_two_column_table_keeps_its_first_row(tmp_path):
    path = tmp_path / "fechas.csv"
    path.write_text("Fecha,Avance\n2026-01-31,10\n2026-02-28,25\n", encoding="utf-8")
    table = read_csv(path)
    assert table.header == ["Fecha", "Avance"] and [n for n, _r in table.rows] == [2, 3]


def test_official_bill_of_quantities_imports_with_its_title_block(services, tmp_path):
    from veeduria_app.services.contracts import ContractFields

    contract = services.contracts.create(ContractFields(number="LP-003-2026", object="Canalización",
                                                        entity="Distrito de Cartagena", initial_value=Decimal(700_000_000)))
    path = _xlsx(tmp_path / "presupuesto.xlsx", TITLE_BLOCK + [HEADER] + ITEMS)
    result = services.imports.import_file(path, contract_id=contract.id)
    assert result.format == "boq" and result.created == 2  # the two priced items; the chapter heads them
    [bad] = result.rejected
    assert bad.row == 8 and "mucho" in bad.reason
    items = {i.code: i for i in services.contracts.boq(contract.id)}
    assert items["1.2"].quantity == Decimal("640") and items["1.2"].unit_price == Decimal("980000")
