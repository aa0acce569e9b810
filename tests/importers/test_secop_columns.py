"""The column-at-a-time parser of Contratos Electrónicos tables gives exactly the records and row
errors of the row parser, on clean and on messy files (CSV in both spellings, XLSX), across chunks."""
from __future__ import annotations

import csv
import datetime as dt
import random
from pathlib import Path

import openpyxl
import pytest

from veeduria_app.importers.detect import open_source, read_all
from veeduria_app.importers.records import ContractRecord, ParseProgress, RowError
from veeduria_app.importers.secop_columns import ContractBatch
from veeduria_app.importers.tabular import read_csv

from shaped import write_api_json, write_excel_resaved_csv, write_messy_csv, write_portal_csv

def _batched(path: Path) -> tuple[str, list]:
    source = open_source(path, batches=True)
    items: list = []
    for item in source.items:
        items.extend(item.items() if isinstance(item, ContractBatch) else [item])
    return source.format, items


def _same_as_row_parser(path: Path) -> list:
    fmt, expected = read_all(path)
    batched_fmt, items = _batched(path)
    assert batched_fmt == fmt == "secop2"
    assert len(items) == len(expected)
    for got, want in zip(items, expected):
        assert got == want
        if isinstance(want, ContractRecord):  # BudgetRecord.row and ContractRecord.row are not compared by ==
            assert got.row == want.row and [b.row for b in got.budget] == [b.row for b in want.budget]
    return items


def test_shaped_files_give_the_same_records(tmp_path):
    for path in (write_portal_csv(tmp_path / "portal.csv"), write_excel_resaved_csv(tmp_path / "excel.csv")):
        items = _same_as_row_parser(path)
        assert len(items) == 3


def test_messy_file_gives_the_same_records_and_errors(tmp_path):
    items = _same_as_row_parser(write_messy_csv(tmp_path / "messy.csv"))
    errors = [i for i in items if isinstance(i, RowError)]
    records = [i for i in items if isinstance(i, ContractRecord)]
    assert len(errors) > 20 and len(records) > 2000  # both paths exercised, not a trivial file
    assert any(r.source_key.startswith("huella:") for r in records)
    assert any(r.contractor_id == "12345678" for r in records)  # Excel's ".0" trimmed
    assert any(r.entity is None for r in records) and any(r.bpin == "2026130010001" for r in records)


def test_excel_resave_of_the_messy_file(tmp_path):
    _same_as_row_parser(write_messy_csv(tmp_path / "messy.csv", delimiter=";", encoding="cp1252", seed=5))


def test_day_first_learnt_from_the_head_applies_to_every_chunk(tmp_path):
    path = tmp_path / "dia_primero.csv"
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["ID Contrato", "Valor del Contrato", "Nombre Entidad", "Fecha de Firma"])
        writer.writerow(["CO1.PCCNTR.0", "100", "X", "25/01/2021"])  # proves day-first
        for i in range(1, 2100):
            writer.writerow([f"CO1.PCCNTR.{i}", str(100 + i), "X", "03/04/2021"])
    items = _same_as_row_parser(path)
    assert items[-1].signed_date == dt.date(2021, 4, 3)


def test_xlsx_with_typed_cells(tmp_path):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["ID Contrato", "Valor del Contrato", "Nombre Entidad", "Nit Entidad", "Fecha de Firma",
                  "Fecha de Inicio del Contrato", "Fecha de Fin del Contrato", "Días adicionados", "Valor Pagado"])
    rnd = random.Random(9)
    for i in range(1300):
        value = rnd.choice([1_000_000 + i, 1_000_000.0 + i, "1.234.567", True, 0, None, "mil"])
        start = dt.datetime(2021, 1, 1) + dt.timedelta(days=i % 400)
        sheet.append([f"CO1.PCCNTR.{i}" if i % 50 else 900 + i, value, rnd.choice(["X", 1, 1.0, True, None]),
                      rnd.choice([890480184, 890480184.0, "890480184", None]), start, start.date(),
                      rnd.choice([start + dt.timedelta(days=30), "no", None]), rnd.choice([1, 1.0, "2", None]),
                      rnd.choice([0, 0.0, False, 5, "5"])])
    path = tmp_path / "contratos.xlsx"
    book.save(path)
    _same_as_row_parser(path)


def test_json_is_parsed_row_by_row(tmp_path):
    source = open_source(write_api_json(tmp_path / "api.json"), batches=True)
    assert all(isinstance(i, ContractRecord) for i in source.items)


def test_csv_rows_in_chunks_keep_numbers_progress_and_close(tmp_path):
    path = tmp_path / "t.csv"
    path.write_text("\n\na,b\n1,2\n3,4\n5,6\n", encoding="utf-8")
    progress = ParseProgress()
    table = read_csv(path, progress)
    assert table.header == ["a", "b"]
    assert table.rows.take(2) == (4, [["1", "2"], ["3", "4"]])
    assert table.rows.take(2) == (6, [["5", "6"]])
    assert table.rows.take(2) == (7, [])
    assert progress.done_bytes == progress.total_bytes
    with pytest.raises(StopIteration):
        next(table.rows)


def test_damaged_csv_in_chunks_is_unreadable(tmp_path):
    from veeduria_app.importers.tabular import UnreadableFile

    path = tmp_path / "t.csv"
    good = "".join(f"{i},{i}\n" for i in range(20))  # beyond the rows read ahead to find the header
    path.write_text("a,b\n" + good + "x" * 500 + ",4\n", encoding="utf-8")
    table = read_csv(path)
    limit = csv.field_size_limit(100)  # a field beyond the limit is what csv calls damaged
    try:
        with pytest.raises(UnreadableFile, match="dañado cerca de la fila 22"):
            table.rows.take(30)
    finally:
        csv.field_size_limit(limit)


def test_every_contract_column_is_parsed_like_the_row_parser(tmp_path):
    """A table with every column the row parser knows (first spelling of each): if
    contract_from_secop2 learns a new column, this comparison shows whether secop_columns did too."""
    from veeduria_app.importers.secop import CONTRACT_COLUMNS

    def cell(field: str, i: int) -> str:
        if "value" in field or field.startswith("src_"):
            return str(1_000 * (i + 1))
        if field.endswith("_date"):
            return f"{(i % 12) + 1:02d}/{(i % 28) + 1:02d}/2021 12:00:00 AM"
        if field.endswith("_days"):
            return str(i % 5)
        return f"{field} {i}"

    path = tmp_path / "todas.csv"
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow([names[0] for names in CONTRACT_COLUMNS.values()])
        for i in range(150):
            writer.writerow([cell(field, i) for field in CONTRACT_COLUMNS])
    records = _same_as_row_parser(path)
    filled = {f for r in records for f, v in vars(r).items() if v not in (None, ())}
    assert {"liquidation_date", "supervisor", "reported_invoiced_value", "budget", "object"} <= filled
