"""Large SECOP II tables go through the column path (ContractBatch): it must store, count, audit
and attribute exactly what the record-by-record path does, on a first import and on a re-import
of a changed file, roll back on cancel, and keep the ids and search texts the app expects."""
from __future__ import annotations

import csv
import sys
import uuid
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import func, select

from veeduria_app.db.models.contracts import BudgetAllocation, Contract, ImportRecord
from veeduria_app.db.models.foundation import AuditEntry
from veeduria_app.services import imports
from veeduria_app.services.contracts import fold, search_text_for
from veeduria_app.services.jobs import CancelToken, Cancelled

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "importers"))
from shaped import MESSY_HEADER, write_messy_csv  # noqa: E402

VALUES = imports.RECORD_FIELDS + ("source_key", "search_text", "typed_by", "archived", "version")
BUDGET = ("source_id", "vigencia", "rubro", "funding_source", "amount", "cdp_number", "cdp_amount", "rp_number",
          "rp_amount", "description", "typed_by", "archived", "version")


def _snapshot(services) -> dict:
    """Everything an import writes, without ids and clocks: values with their provenance (file
    name), budget lines, the import records and the audit lines."""
    with services.db.read() as session:
        files = {r.id: r.file_name for r in session.scalars(select(ImportRecord))}
        contracts = session.scalars(select(Contract)).all()
        keys = {c.id: c.source_key for c in contracts}
        state = {
            "contracts": [(tuple(getattr(c, f) for f in VALUES), files.get(c.source_import_id)) for c in contracts],
            "budget": [(keys[b.contract_id], tuple(getattr(b, f) for f in BUDGET), files.get(b.source_import_id))
                       for b in session.scalars(select(BudgetAllocation))],
            "imports": [(r.file_name, r.sha256, r.size_bytes, r.format, r.read_count, r.created_count, r.updated_count,
                         r.unchanged_count, r.rejected_count, r.rejected, r.details)
                        for r in session.scalars(select(ImportRecord))],
            "audit": [(a.action, a.entity_type, keys.get(a.entity_id, a.entity_type), a.summary, a.old_values,
                       a.new_values if a.action != "import" else None)
                      for a in session.scalars(select(AuditEntry))],
        }
    return {part: sorted(rows, key=repr) for part, rows in state.items()}


def _changed_copy(source: Path, target: Path) -> Path:
    """The same table with some values changed, some cells emptied and a row added."""
    with open(source, encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    column = {name: i for i, name in enumerate(MESSY_HEADER)}
    for n, row in enumerate(rows[1:], start=1):
        if len(row) < len(MESSY_HEADER):
            continue
        if n % 97 == 0:
            row[column["Valor del Contrato"]] = str(1_000 + n)
        if n % 89 == 0:
            row[column["Estado Contrato"]] = "Terminado"
        if n % 83 == 0:
            row[column["Sistema General de Participaciones"]] = str(5_000 + n)
        if n % 7 == 0:
            row[column["Proveedor Adjudicado"]] = ""  # the file does not say: the stored value stays
    rows.append(list(rows[5]))
    rows[-1][column["ID Contrato"]] = "CO1.PCCNTR.9999999"
    with open(target, "w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(rows)
    return target


def _record_path_services(tmp_path, monkeypatch):
    """A second data folder whose imports parse row by row (the path every other source takes)."""
    from veeduria_app.services.container import build_services
    from veeduria_app.services.data_folder import DataFolder

    original = imports.open_source
    monkeypatch.setattr(imports, "open_source", lambda *args, **kwargs: original(*args, **{**kwargs, "batches": False}))
    return build_services(DataFolder.open(tmp_path / "por_registro"))


def test_column_path_stores_what_the_record_path_stores(services, tmp_path, monkeypatch):
    first = write_messy_csv(tmp_path / "contratos.csv")
    second = _changed_copy(first, tmp_path / "contratos_nuevo.csv")
    bulk = [services.imports.import_file(first), services.imports.import_file(second)]
    bulk_state = _snapshot(services)
    other = _record_path_services(tmp_path, monkeypatch)
    try:
        rows = [other.imports.import_file(first), other.imports.import_file(second)]
        row_state = _snapshot(other)
    finally:
        other.close()
    assert [r.to_json() | {"import_id": None} for r in bulk] == [r.to_json() | {"import_id": None} for r in rows]
    assert bulk[0].created > 2000 and len(bulk[0].rejected) > 20
    assert bulk[1].updated > 30 and bulk[1].created == 1 and bulk[1].unchanged > 2000
    for part in ("contracts", "budget", "imports", "audit"):
        assert bulk_state[part] == row_state[part], part
    summaries = [a[3] for a in bulk_state["audit"] if a[0] == "import_update"]
    assert any("valor del contrato cambió de" in s and "fuente contratos_nuevo.csv" in s for s in summaries)
    assert any(s.startswith("Asignación presupuestal secop2:src_sgp") for s in summaries)


def test_first_import_provenance_and_ids(services, tmp_path):
    result = services.imports.import_file(write_messy_csv(tmp_path / "contratos.csv", rows=1500))
    contract = services.contracts.find("CO1.PCCNTR.2000010")
    assert contract.source.file_name == "contratos.csv" and contract.source.import_id == result.import_id
    with services.db.read() as session:
        funded = session.scalars(select(BudgetAllocation.contract_id).limit(1)).one()
    assert {b.source.file_name for b in services.contracts.budget(funded)} == {"contratos.csv"}
    with services.db.read() as session:
        ids = session.scalars(select(Contract.id)).all() + session.scalars(select(BudgetAllocation.id)).all()
        record = session.get(ImportRecord, result.import_id)
        assert (record.sha256, record.size_bytes) == (result.sha256, (tmp_path / "contratos.csv").stat().st_size)
        texts = session.execute(select(Contract, Contract.search_text)).all()
        assert all(text == search_text_for({f: getattr(c, f) for f in imports.RECORD_FIELDS}) for c, text in texts)
    assert len(set(ids)) == len(ids) and all(uuid.UUID(i).version in (4, 7) for i in ids)


def test_same_contract_twice_in_one_chunk(services, tmp_path):
    path = tmp_path / "repetido.csv"
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["ID Contrato", "Valor del Contrato", "Nombre Entidad", "Sistema General de Participaciones"])
        for i in range(300):
            writer.writerow([f"CO1.PCCNTR.{i}", "1000", "ALCALDÍA", "500"])
        writer.writerow(["CO1.PCCNTR.7", "2000", "ALCALDÍA", "600"])  # a newer line of the same contract
        writer.writerow(["CO1.PCCNTR.8", "1000", "ALCALDÍA", "500"])  # the same line twice
    result = services.imports.import_file(path)
    assert (result.read, result.created, result.updated, result.unchanged) == (302, 300, 1, 1)
    contract = services.contracts.find("CO1.PCCNTR.7")
    assert contract.initial_value == Decimal("2000")
    assert [b.amount for b in services.contracts.budget(contract.id)] == [Decimal("600")]
    again = services.imports.import_file(path)
    assert (again.created, again.updated, again.unchanged) == (0, 2, 300)  # line 8 sets 1000 again, line 301 2000


def test_cancel_after_chunks_were_written_keeps_nothing(services, tmp_path):
    path = write_messy_csv(tmp_path / "contratos.csv", rows=3500)
    token = CancelToken()
    seen = []

    def progress(done, total, message):
        seen.append(message)
        if len(seen) == 4:  # three chunks are written by now
            token.cancel()

    with pytest.raises(Cancelled):
        services.imports.import_file(path, progress=progress, cancel=token)
    with services.db.read() as session:
        counts = [session.scalar(select(func.count()).select_from(m)) for m in (Contract, BudgetAllocation, ImportRecord)]
    assert counts == [0, 0, 0]
    assert "registros leídos" in seen[-1]


def test_ordered_ids_are_sorted_unique_uuid7():
    ids = imports.ordered_ids(9000) + imports.ordered_ids(3)
    assert ids == sorted(ids) and len(set(ids)) == len(ids)
    assert {uuid.UUID(i).version for i in ids} == {7} and all(str(uuid.UUID(i)) == i for i in ids)
    assert imports.ordered_ids(0) == []


def test_fold_all_and_search_texts_match_one_by_one():
    texts = ["PRESTACIÓN  de  Servicios", "Ñandú ~ tilde", "", "a €", "ÀÉÎ\tõ", "x\ny", "  bordes  ", "ﬁ ligadura"]
    assert imports.fold_all(texts) == [fold(t) for t in texts]
    assert imports.fold_all([t for t in texts if "~" not in t]) == [fold(t) for t in texts if "~" not in t]
    columns = {f: [None, None] for f in imports.RECORD_FIELDS}
    columns.update(number=["SA-1", None], secop_id=["CO1.PCCNTR.1", None], entity_nit=["890.480.184-4", None],
                   contractor_id=["CC 1.234", "١٢٣"], object=["OBRA  EN EL POZÓN", "x"], status=["Activo", ""])
    expected = [search_text_for({f: v[i] for f, v in columns.items()}) for i in range(2)]
    assert imports.search_texts(columns) == expected
