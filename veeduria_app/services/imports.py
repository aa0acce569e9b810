"""One import service for the GUI and the CLI: SECOP, OCDS/OC4IDS and bills of quantities.

Rules (issue 3):
- One transaction per file: an unreadable file, an unknown format or a cancel writes nothing.
- Records are matched by their source ids, so re-importing the same or a newer file never
  duplicates: changed values are updated and audited ("valor del contrato cambió de … a …,
  fuente …"); identical records count as `unchanged` whatever file or format brought them.
  A value the file does not carry (None) never erases a stored one.
- Bad rows are listed with their row number and reason; the rest is imported.
- Every stored row keeps `source_import_id`: the import record holds file name, SHA-256,
  format, who and when. Creations are audited once per import (the import record lists them
  through `source_import_id`); every update of an existing record is audited one by one.

Speed (issue 3: a 100,000-row SECOP II download): a Contratos Electrónicos table arrives in
chunks parsed a column at a time (`importers/secop_columns.ContractBatch`). New contracts and
their budget lines are inserted a column at a time with one statement per table and chunk;
stored ones are compared as plain driver rows and only those that differ go through the
record path (`add_contract`), which decides and audits. Both paths store, count, audit and
attribute the same (tests/services/test_imports_bulk.py). The SHA-256 is computed on another
thread while the rows are parsed.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import os
import re
import threading
import time
import unicodedata
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any, Mapping, Optional

from sqlalchemy import Numeric, or_, select
from sqlalchemy.orm import Session

from veeduria_app.db.base import new_id, utcnow
from veeduria_app.db.engine import Database
from veeduria_app.db.models.contracts import (
    BoqItem, BudgetAllocation, Contract, ContractMilestone, ContractModification, ContractWork, ImportRecord,
    Payment, ProgressReport, SchedulePoint,
)
from veeduria_app.db.models.foundation import Work
from veeduria_app.domain import formats
from veeduria_app.domain.spanish import count_noun
from veeduria_app.importers import boq, secop
from veeduria_app.importers.detect import FORMATS, open_source
from veeduria_app.importers.secop_columns import ContractBatch, printable
from veeduria_app.importers.records import (
    CONTRACT_VALUE_FIELDS,
    BoqItemRecord, BudgetRecord, ContractRecord, ModificationRecord, PaymentRecord, ProgressRecord, ProjectRecord,
    RowError, SchedulePointRecord,
)
from veeduria_app.importers.tabular import UnreadableFile, read_table
from veeduria_app.services.audit import json_safe, record_audit
from veeduria_app.services.contracts import FIELD_LABELS, MODIFICATION_LABELS, fold, search_text_for
from veeduria_app.services.errors import NotFoundError, ValidationError
from veeduria_app.services.identity import Identity, Permission
from veeduria_app.services.jobs import CancelToken, ProgressCallback, check, report

BATCH = 1000
MAX_STORED_REJECTIONS = 1000
LINK_ALL_MAX = 10
"""A file imported for a work links all its contracts when it holds this many or fewer (the
work's own contract, a project's few); from a bigger download (a whole entity's year) only those
with the work's BPIN: linking five thousand unrelated contracts to a work by one click is a trap."""
RECORD_FIELDS = CONTRACT_VALUE_FIELDS  # the record fields copied to the Contract row

_BUDGET_SOURCE_IDS = {column: f"secop2:{column}" for column, _source, _label in secop._FUNDING_COLUMNS}
"""source_id of the budget line a SECOP II funding column gives (as contract_from_secop2 names it)."""

FORMAT_LABELS = {
    "secop2": "SECOP II – Contratos Electrónicos", "secop2-adiciones": "SECOP II – Adiciones",
    "secop2-ejecucion": "SECOP II – Ejecución Contratos", "secop2-procesos": "SECOP II – Procesos",
    "secop1": "SECOP I", "ocds": "OCDS (Open Contracting)", "oc4ids": "OC4IDS (infraestructura)",
    "boq": "Presupuesto de obra", "boq-programacion": "Programación de obra (curva S)",
}


def counts_phrase(read: Optional[int], created: int, updated: int, unchanged: int, rejected: int) -> str:
    """«1 leído, 2 nuevos, 1 actualizado, 0 sin cambios, 1 rechazado» (`read` None: left out)."""
    parts = [count_noun(read, "leído")] if read is not None else []
    parts += [count_noun(created, "nuevo"), count_noun(updated, "actualizado"), f"{unchanged} sin cambios",
              count_noun(rejected, "rechazado")]
    return ", ".join(parts)


@dataclass(frozen=True)
class ImportResult:
    """What an import did; `to_json` is the CLI's `--json` object."""

    import_id: str
    format: str
    file_name: str
    sha256: str
    read: int
    created: int
    updated: int
    unchanged: int
    rejected: tuple[RowError, ...]
    details: dict = field(default_factory=dict)
    linked: int = 0  # contracts linked to the chosen work
    not_linked: int = 0  # contracts of a big file left for the person to choose

    @property
    def format_label(self) -> str:
        return FORMAT_LABELS.get(self.format, self.format)

    def summary(self) -> str:
        text = (f"{self.file_name} ({self.format_label}): "
                f"{counts_phrase(self.read, self.created, self.updated, self.unchanged, len(self.rejected))}.")
        return f"{text} {self.link_summary()}".rstrip()

    def link_summary(self) -> str:
        """What happened with the chosen work, in Spanish ('' when no work was chosen)."""
        if not self.not_linked:
            return f"{count_noun(self.linked, 'vinculado')} a la obra." if self.linked else ""
        return (f"El archivo trae {count_noun(self.linked + self.not_linked, 'contrato')}: se vincularon a la obra "
                f"{self.linked} (los de su mismo BPIN). Vincule los demás que correspondan con «Vincular "
                f"sugerido» en la obra, o desde la página Contratos (abra el contrato › Vincular).")

    def to_json(self) -> dict:
        return {
            "format": self.format, "read": self.read, "created": self.created, "updated": self.updated,
            "unchanged": self.unchanged, "rejected": [{"row": e.row, "reason": e.reason} for e in self.rejected],
            "import_id": self.import_id, "file": self.file_name, "sha256": self.sha256,
            "details": json_safe(self.details), "linked": self.linked, "not_linked": self.not_linked,
        }


@dataclass(frozen=True)
class ImportRecordDTO:
    id: str
    file_name: str
    sha256: str
    format: str
    imported_at: dt.datetime
    imported_by: str
    read: int
    created: int
    updated: int
    unchanged: int
    rejected: int


def file_sha256(path: Path) -> tuple[str, int]:
    """(hex SHA-256, size in bytes), reading the file through one 1 MiB buffer."""
    digest = hashlib.sha256()
    size = 0
    buffer = bytearray(1 << 20)
    view = memoryview(buffer)
    with open(path, "rb") as handle:
        while count := handle.readinto(buffer):
            digest.update(view[:count])
            size += count
    return digest.hexdigest(), size


class _Digest(threading.Thread):
    """file_sha256 on a thread of its own: reading and hashing release the GIL, so the digest of
    a large file costs the import no time while its rows are parsed."""

    def __init__(self, path: Path) -> None:
        super().__init__(name="sha256", daemon=True)
        self.path = path
        self._value: Optional[tuple[str, int]] = None
        self._error: Optional[OSError] = None
        self.start()

    def run(self) -> None:
        try:
            self._value = file_sha256(self.path)
        except OSError as error:
            self._error = error

    def result(self) -> tuple[str, int]:
        """(hex digest, size in bytes); raises the OSError the reading met."""
        self.join()
        if self._error is not None:
            raise self._error
        assert self._value is not None
        return self._value


def insert_rows(connection: Any, table: Any, rows: list[dict]) -> None:
    """One executemany of plain rows through the dialect's own bind processors.

    Why not `session.execute(insert(...), rows)`: for a 100,000-row file SQLAlchemy's per-row
    parameter bookkeeping costs more than parsing the file. The values still go through each
    column type's bind processor for the connected dialect (dates, Numeric, UTC datetimes), and
    the placeholders follow the driver's paramstyle, so PostgreSQL works through the same code.
    """
    if not rows:
        return
    dialect = connection.dialect
    columns = list(rows[0].keys())
    processors = [table.c[name].type.dialect_impl(dialect).bind_processor(dialect) for name in columns]
    quote = dialect.identifier_preparer.quote
    style = dialect.paramstyle
    if style in ("named", "pyformat"):
        marks = [(f":{c}" if style == "named" else f"%({c})s") for c in columns]
    elif style == "numeric":
        marks = [f":{i}" for i in range(1, len(columns) + 1)]
    else:
        marks = ["?" if style == "qmark" else "%s"] * len(columns)
    sql = (f"INSERT INTO {quote(table.name)} ({', '.join(quote(c) for c in columns)}) "
           f"VALUES ({', '.join(marks)})")
    # Dates, stamps and flags repeat a lot in a file: each distinct value is processed once.
    convert = [(i, p, {}) for i, p in enumerate(processors) if p is not None]
    params: list = []
    for row in rows:
        values = [row[c] for c in columns]
        for i, process, memo in convert:
            value = values[i]
            if value is not None:
                done = memo.get(value)
                if done is None:
                    done = memo[value] = process(value)
                values[i] = done
        params.append(dict(zip(columns, values)) if style in ("named", "pyformat") else tuple(values))
    connection.exec_driver_sql(sql, params)


_VARIANT = bytes((b & 0x3F) | 0x80 for b in range(256))
_COUNTER = [f"{i:03x}" for i in range(4096)]
_ids_lock = threading.Lock()
_last_ms = 0


def ordered_ids(count: int) -> list[str]:
    """`count` new record ids, in increasing order: UUIDv7 strings (milliseconds, a counter, 62
    random bits), unique across laptops like db.base.new_id()'s UUID4.

    Why ordered: a thousand rows written at once then land at the end of the primary-key and
    contract-id indexes instead of on a thousand random pages."""
    global _last_ms
    if count <= 0:
        return []
    with _ids_lock:
        ms = max(int(time.time() * 1000), _last_ms + 1)
        _last_ms = ms + (count - 1) // 4096
    variant = bytearray(os.urandom(2 * count))
    variant[0::2] = variant[0::2].translate(_VARIANT)  # RFC 9562 variant bits
    fours = variant.hex("-", 2).split("-")
    twelves = os.urandom(6 * count).hex("-", 6).split("-")
    heads: list[str] = []
    for block in range(0, count, 4096):
        stamp = ms + block // 4096
        head = f"{stamp >> 16:08x}-{stamp & 0xFFFF:04x}-7"
        heads.extend(map(head.__add__, _COUNTER[:min(4096, count - block)]))
    return list(map("-".join, zip(heads, fours, twelves)))


def fast_id() -> str:
    """One new record id for a bulk row (see ordered_ids)."""
    return ordered_ids(1)[0]


def _positional(dialect: Any, count: int) -> str:
    """`count` positional placeholders in the driver's own style (qmark for SQLite, %s for psycopg)."""
    mark = "?" if dialect.paramstyle == "qmark" else "%s"
    return ", ".join([mark] * count)


class Binder:
    """Python values -> what the driver receives, a column at a time, through each column type's
    bind processor for the connected dialect (dates, Numeric, UTC datetimes, booleans), as an ORM
    flush would send them. Each distinct date or flag is processed once per import (the memo of
    a column is bounded, so memory stays flat)."""

    LIMIT = 4096

    def __init__(self, dialect: Any) -> None:
        self.dialect = dialect
        self._processors: dict[Any, Any] = {}
        self._memos: dict[Any, dict] = {}

    def columns(self, table: Any, columns: Mapping[str, Any], count: int) -> dict[str, list]:
        """Bound columns; a value that is not a list is the same for all `count` rows."""
        out: dict[str, list] = {}
        for name, values in columns.items():
            column = table.c[name]
            process = self._processors.get(column, False)
            if process is False:
                process = self._processors[column] = column.type.dialect_impl(self.dialect).bind_processor(self.dialect)
            if not isinstance(values, list):
                values = [values if process is None or values is None else process(values)] * count
            elif process is not None:
                if isinstance(column.type, Numeric):
                    values = list(map(process, values))  # C-level to_float; pesos rarely repeat
                else:
                    memo = self._memos.setdefault(column, {})
                    new = set(values).difference(memo)
                    if len(memo) + len(new) > self.LIMIT:
                        memo.clear()
                        new = set(values)
                    for value in new:
                        memo[value] = None if value is None else process(value)
                    values = list(map(memo.__getitem__, values))
            out[name] = values
        return out


def _rows_in(connection: Any, select_where_in: str, values: list) -> list[tuple]:
    """Rows of `SELECT ... WHERE column IN` (the statement up to IN) for `values`, 500 at a time
    (old SQLite builds accept 999 parameters), as the driver's own tuples: a re-import reads
    100,000 stored contracts, and wrapping each in a Row costs more than reading it."""
    rows: list[tuple] = []
    for start in range(0, len(values), 500):
        part = tuple(values[start:start + 500])
        result = connection.exec_driver_sql(f"{select_where_in} ({_positional(connection.dialect, len(part))})", part)
        try:
            rows.extend(result.cursor.fetchall())
        finally:
            result.close()
    return rows


def insert_columns(connection: Any, table: Any, columns: Mapping[str, list]) -> None:
    """One executemany of rows given as driver-ready columns (see Binder)."""
    names = list(columns)
    if not names or not columns[names[0]]:
        return
    quote = connection.dialect.identifier_preparer.quote
    sql = (f"INSERT INTO {quote(table.name)} ({', '.join(quote(c) for c in names)}) "
           f"VALUES ({_positional(connection.dialect, len(names))})")
    connection.exec_driver_sql(sql, list(zip(*columns.values())))


def fold_all(texts: list[str]) -> list[str]:
    """contracts.fold of every text, in a few C-level passes over them all at once (the search
    text of a thousand imported contracts): NFKD, ASCII, lower case, spaces collapsed. Texts are
    joined by "~"; if one holds a "~" itself they are folded one by one."""
    joined = "~".join(texts)
    if not joined.isascii():
        joined = unicodedata.normalize("NFKD", joined).encode("ascii", "ignore").decode("ascii")
    joined = joined.lower()
    if "  " in joined or not printable(joined):
        joined = " ".join(joined.split())
    parts = joined.split("~")
    if len(parts) != len(texts):
        return [fold(t) for t in texts]
    return list(map(str.strip, parts))


def _digits(values: list) -> list:
    r"""re.sub(r"\D", "", v) of every id (NIT, document), as search_text_for writes them."""
    return [v if v is None or v.isdecimal() else re.sub(r"\D", "", v) for v in values]


def search_texts(columns: Mapping[str, list]) -> list[str]:
    """contracts.search_text_for of every contract given as columns of typed values."""
    parts = [columns[k] for k in ("number", "secop_id", "process_id", "entity", "entity_nit", "contractor",
                                  "contractor_id", "object", "bpin", "status")]
    parts += [_digits(columns["entity_nit"]), _digits(columns["contractor_id"])]
    return fold_all([" | ".join(filter(None, row)) for row in zip(*parts)])


def _display(name: str, value: Any) -> str:
    if value is None:
        return "(vacío)"
    if isinstance(value, Decimal) and name in ("initial_value", "reported_paid_value", "reported_invoiced_value",
                                               "value_change", "amount", "cdp_amount", "rp_amount", "unit_price",
                                               "total", "value"):
        return formats.money(value)
    if isinstance(value, dt.date):
        return formats.short_date(value)
    return str(value)


# What a new imported row stores for a field its file does not carry. A stored row keeps its value
# instead: `_update_row` skips every None, so a re-import never overwrites a hand correction with
# a default the file did not state.
NEW_ROW_DEFAULTS: dict[str, dict[str, Any]] = {"budget_allocations": {"funding_source": "otro"}}


def _new_row_values(model: Any, values: dict[str, Any]) -> dict[str, Any]:
    defaults = NEW_ROW_DEFAULTS.get(model.__tablename__)
    if not defaults:
        return values
    return {**values, **{k: v for k, v in defaults.items() if values.get(k) is None}}


def _same(a: Any, b: Any) -> bool:
    if isinstance(a, Decimal) or isinstance(b, Decimal):
        try:
            return a is not None and b is not None and Decimal(a) == Decimal(b)
        except Exception:  # pragma: no cover - defensive
            return False
    return a == b


class _Counts:
    def __init__(self) -> None:
        self.read = self.created = self.updated = self.unchanged = 0
        self.rejected: list[RowError] = []


class _Run:
    """State of one import inside its transaction."""

    def __init__(self, service: "ImportService", session: Session, record: ImportRecord, file_name: str,
                 work_id: Optional[str], contract_id: Optional[str]) -> None:
        self.service = service
        self.session = session
        self.record = record
        self.file_name = file_name
        self.work_id = work_id
        self.contract_id = contract_id
        self.counts = _Counts()
        self.pending: dict[str, ContractRecord] = {}
        self.linked: set[str] = set()
        self.offered: dict[str, None] = {}  # insertion-ordered set
        self.boq_position = 0
        self.projects: list[dict] = []
        self.now = utcnow()
        self.actor = service.identity.actor
        # Whether contracts were stored before this import, whether one has no SECOP id (a contract
        # at process stage, matched by its process id), whether this import stored some: saves
        # looking up every chunk of a first import.
        self.contracts_at_start = session.scalar(select(Contract.id).limit(1)) is not None
        self.staged_contracts = self.contracts_at_start and session.scalar(
            select(Contract.id).where(Contract.secop_id.is_(None)).limit(1)) is not None
        self.contracts_written = False
        self.binder = Binder(session.connection().dialect)

    # -- contracts (batched) ---------------------------------------------------------------------
    def add_contract(self, rec: ContractRecord) -> None:
        if rec.source_key in self.pending:
            self.flush()
        self.pending[rec.source_key] = rec
        if len(self.pending) >= BATCH:
            self.flush()

    def flush(self) -> None:
        if not self.pending:
            return
        records = list(self.pending.values())
        self.pending = {}
        keys = [r.source_key for r in records]
        existing = self._existing(keys)
        # A contract may first have been imported at process stage (keyed by its process id).
        stage = [r.process_id for r in records if r.secop_id and r.source_key not in existing and r.process_id]
        if stage:
            for c in self.session.scalars(select(Contract).where(Contract.source_key.in_(stage), Contract.secop_id.is_(None))):
                for r in records:
                    if r.process_id == c.source_key and r.source_key not in existing:
                        c.source_key = r.source_key
                        existing[r.source_key] = c
                        break
            self.session.flush()
            existing = self._existing(keys)
        inserts: list[dict] = []
        children: list[tuple[str, ContractRecord, bool]] = []
        for rec in records:
            contract = existing.get(rec.source_key)
            if contract is None:
                values = {name: getattr(rec, name) for name in RECORD_FIELDS}
                cid = fast_id()
                inserts.append(dict(values, id=cid, source_key=rec.source_key, search_text=search_text_for(values),
                                    source_import_id=self.record.id, typed_by=None, archived=False,
                                    created_at=self.now, updated_at=self.now, version=1))
                children.append((cid, rec, True))
            else:
                changed = self.update_contract(contract, rec)
                children.append((contract.id, rec, changed))
        if inserts:
            insert_rows(self.session.connection(), Contract.__table__, inserts)
            self._wrote_contracts([i["secop_id"] for i in inserts])
        new_ids = {i["id"] for i in inserts}
        child_changed = self.sync_children_batch([(cid, rec, cid in new_ids) for cid, rec, _c in children])
        for cid, rec, changed in children:
            if cid in new_ids:
                self.counts.created += 1
            elif changed or child_changed.get(cid):
                self.counts.updated += 1
            else:
                self.counts.unchanged += 1
            if self.work_id:
                self.offer(cid)

    # -- contracts by the thousand (ContractBatch) -------------------------------------------------
    def add_batch(self, batch: ContractBatch) -> None:
        """A chunk of a Contratos Electrónicos table, written by columns. New contracts and their
        budget are inserted with one statement per table; stored contracts whose values (those
        the file carries) and budget are the same count as unchanged after one comparison of
        plain rows; the rest — a changed contract, or one first imported at process stage —
        goes through add_contract, so updates are audited exactly as for any other source."""
        self.flush()  # records read before it are written first
        self.counts.read += len(batch)
        self.counts.rejected.extend(batch.errors)
        keys, start, size = batch.keys, 0, len(batch.keys)
        while start < size:  # a contract twice in the chunk: the second sees the first (as add_contract)
            end = size
            if len(set(keys[start:])) < size - start:
                seen: set[str] = set()
                end = start
                while end < size and keys[end] not in seen:
                    seen.add(keys[end])
                    end += 1
            self._write_batch(batch, start, end)
            start = end

    def _write_batch(self, batch: ContractBatch, start: int, end: int) -> None:
        connection = self.session.connection()
        table = Contract.__table__
        whole = start == 0 and end == len(batch.keys)
        keys = batch.keys if whole else batch.keys[start:end]
        typed = {name: (batch.columns[name] if whole else batch.columns[name][start:end]) for name in RECORD_FIELDS}
        bound = self.binder.columns(table, typed, len(keys))
        # Stored values are read for the fields the file gives; on a first import only a contract
        # repeated in the file can be stored, and every field is read.
        carried = ([name for name in RECORD_FIELDS if bound[name].count(None) < len(keys)]
                   if self.contracts_at_start else list(RECORD_FIELDS))
        stored = self._stored_rows(connection, keys, carried)
        staged: set[str] = set()
        if self.staged_contracts:
            ids, processes = typed["secop_id"], typed["process_id"]
            wanted = [p for k, i, p in zip(keys, ids, processes) if i and p and k not in stored]
            staged = self._staged(connection, wanted)
        new: list[int] = []
        known: list[int] = []
        slow: list[int] = []
        for i, key in enumerate(keys):
            if key in stored:
                known.append(i)
            elif typed["secop_id"][i] and typed["process_id"][i] in staged:
                slow.append(i)
            else:
                new.append(i)
        if known:
            same = self._unchanged(connection, batch, start, bound, stored, known, carried)
            unchanged = set(same)
            slow.extend(i for i in known if i not in unchanged)
            self.counts.unchanged += len(same)
            if self.work_id:
                for i in same:
                    self.offer(stored[keys[i]][0])
        if new:
            self._insert_new(connection, batch, start, typed, bound, new)
        for i in sorted(slow):
            self.add_contract(batch.record(start + i))
        self.flush()

    def _stored_rows(self, connection: Any, keys: list[str], fields: list[str]) -> dict[str, Any]:
        """source_key -> (id, source_key, *fields) as the driver returns them, for the chunk's
        contracts already stored."""
        if not self.contracts_written and not self.contracts_at_start:
            return {}
        quote = connection.dialect.identifier_preparer.quote
        columns = ", ".join(quote(c) for c in ["id", "source_key"] + fields)
        return {row[1]: row for row in _rows_in(connection, f"SELECT {columns} FROM contracts WHERE source_key IN", keys)}

    def _staged(self, connection: Any, process_ids: list[str]) -> set[str]:
        """The process ids among `process_ids` that key a contract imported at process stage."""
        sql = "SELECT source_key FROM contracts WHERE secop_id IS NULL AND source_key IN"
        return {row[0] for row in _rows_in(connection, sql, process_ids)}

    def _unchanged(self, connection: Any, batch: ContractBatch, start: int, bound: dict[str, list],
                   stored: dict[str, Any], known: list[int], fields: list[str]) -> list[int]:
        """Stored contracts (positions in the chunk) whose values and budget equal the file's.

        Compared as the driver sees them (bound values against stored ones); a value the file
        does not carry (None) is not compared, as in update_contract. Anything that differs is
        left to update_contract, which compares typed values and decides."""
        keys = batch.keys
        rows = list(zip(*(bound[name] for name in fields)))
        same = []
        for i in known:
            old, new = stored[keys[start + i]][2:], rows[i]
            if old == new or all(b is None or a == b for a, b in zip(old, new)):
                same.append(i)
        budget = batch.budget
        with_budget = [i for i in same if budget[start + i]]
        if not with_budget:
            return same
        ids = [stored[keys[start + i]][0] for i in with_budget]
        names = ("vigencia", "funding_source", "amount", "description")
        quote = connection.dialect.identifier_preparer.quote
        sql = f"SELECT contract_id, source_id, {', '.join(quote(c) for c in names)} FROM budget_allocations WHERE contract_id IN"
        found = {(row[0], row[1]): row[2:] for row in _rows_in(connection, sql, ids)}
        # The file's budget lines as the driver would receive them.
        lines = [(cid, i, item) for cid, i in zip(ids, with_budget) for item in budget[start + i]]
        signed = batch.columns["signed_date"]
        wanted = self.binder.columns(BudgetAllocation.__table__, {
            "vigencia": [None if signed[start + i] is None else signed[start + i].year for _c, i, _b in lines],
            "funding_source": [b[1] for _c, _i, b in lines], "amount": [b[3] for _c, _i, b in lines],
            "description": [b[2] for _c, _i, b in lines]}, len(lines))
        differ = set()
        for (cid, i, item), new in zip(lines, zip(*(wanted[n] for n in names))):
            old = found.get((cid, _BUDGET_SOURCE_IDS.get(item[0]) or f"secop2:{item[0]}"))
            if old is None or not (old == new or all(b is None or a == b for a, b in zip(old, new))):
                differ.add(i)
        return [i for i in same if i not in differ] if differ else same

    def _insert_new(self, connection: Any, batch: ContractBatch, start: int, typed: dict[str, list],
                    bound: dict[str, list], new: list[int]) -> None:
        """Insert the chunk's new contracts (`new`: positions from `start`) and their budget lines."""
        if len(new) == len(typed["secop_id"]):
            def pick(values: list) -> list:
                return values
        else:
            def pick(values: list) -> list:
                return [values[i] for i in new]
        count = len(new)
        ids = ordered_ids(count)
        columns = self.binder.columns(Contract.__table__, {
            "created_at": self.now, "updated_at": self.now, "version": 1, "source_import_id": self.record.id,
            "archived": False}, count)
        columns["id"] = ids
        columns["source_key"] = [batch.keys[start + i] for i in new]
        columns.update((name, pick(bound[name])) for name in RECORD_FIELDS)
        columns["search_text"] = search_texts({name: pick(typed[name]) for name in RECORD_FIELDS})
        insert_columns(connection, Contract.__table__, columns)
        self._wrote_contracts(columns["secop_id"])
        self.counts.created += count
        signed = batch.columns["signed_date"]
        lines = [(cid, start + i, item) for cid, i in zip(ids, new) for item in batch.budget[start + i]]
        if lines:
            table = BudgetAllocation.__table__
            children = self.binder.columns(table, {
                "vigencia": [None if signed[i] is None else signed[i].year for _c, i, _b in lines],
                "funding_source": [b[1] for _c, _i, b in lines], "amount": [b[3] for _c, _i, b in lines],
                "description": [b[2] for _c, _i, b in lines],
                "created_at": self.now, "updated_at": self.now, "version": 1,
                "source_import_id": self.record.id}, len(lines))
            children["id"] = ordered_ids(len(lines))
            children["contract_id"] = [c for c, _i, _b in lines]
            children["source_id"] = [_BUDGET_SOURCE_IDS.get(b[0]) or f"secop2:{b[0]}" for _c, _i, b in lines]
            insert_columns(connection, table, children)
        if self.work_id:
            for cid in ids:
                self.offer(cid)

    def _wrote_contracts(self, secop_ids: list) -> None:
        """Note that this import stored contracts (later chunks must look for them), and whether one
        has no SECOP id (then later rows may match it by process id, as at process stage)."""
        self.contracts_written = True
        if None in secop_ids:
            self.staged_contracts = True

    def _existing(self, keys: list[str]) -> dict[str, Any]:
        """Stored values of the batch's contracts as plain rows (no ORM objects: a re-import of
        100,000 unchanged contracts only compares values)."""
        columns = [Contract.id, Contract.source_key] + [getattr(Contract, name) for name in RECORD_FIELDS]
        return {row.source_key: row for row in self.session.execute(select(*columns).where(Contract.source_key.in_(keys)))}

    def update_contract(self, stored: Any, rec: ContractRecord) -> bool:
        old: dict[str, Any] = {}
        new: dict[str, Any] = {}
        for name in RECORD_FIELDS:
            value = getattr(rec, name)
            if value is None:
                continue
            current = getattr(stored, name)
            if not _same(current, value):
                old[name], new[name] = current, value
        if not new:
            return False
        contract = self.session.get(Contract, stored.id)
        for name, value in new.items():
            setattr(contract, name, value)
        contract.source_import_id = self.record.id
        contract.search_text = search_text_for({n: getattr(contract, n) for n in RECORD_FIELDS})
        phrase = "; ".join(f"{FIELD_LABELS.get(k, k)} cambió de {_display(k, old[k])} a {_display(k, new[k])}"
                           for k in new)
        record_audit(self.session, self.actor, "import_update", "contract", contract.id, old, new,
                     f"Contrato {contract.number or contract.secop_id or contract.source_key}: {phrase}, "
                     f"fuente {self.file_name}")
        return True

    def sync_children(self, contract_id: str, rec: ContractRecord) -> bool:
        """Children of one contract (single-record path, used outside batches)."""
        return self.sync_children_batch([(contract_id, rec, False)]).get(contract_id, False)

    def _child_values(self, rec: ContractRecord) -> list[tuple[type, str, dict, str]]:
        out: list[tuple[type, str, dict, str]] = []
        for mod in rec.modifications:
            out.append((ContractModification,
                        mod.source_id or f"huella:{mod.kind}:{mod.date}:{mod.value_change}:{mod.days_change}",
                        {"kind": mod.kind, "date": mod.date, "value_change": mod.value_change,
                         "days_change": mod.days_change, "act_number": mod.act_number, "reason": mod.reason},
                        MODIFICATION_LABELS.get(mod.kind, "modificación")))
        for pay in rec.payments:
            out.append((Payment, pay.source_id or f"huella:{pay.date}:{pay.amount}",
                        {"date": pay.date, "amount": pay.amount, "kind": pay.kind, "document": pay.document}, "pago"))
        for budget in rec.budget:
            out.append((BudgetAllocation, budget.source_id or "presupuesto", {
                "vigencia": budget.vigencia, "rubro": budget.rubro, "funding_source": budget.funding_source,
                "amount": budget.amount, "cdp_number": budget.cdp_number, "cdp_amount": budget.cdp_amount,
                "rp_number": budget.rp_number, "rp_amount": budget.rp_amount, "description": budget.description,
            }, "asignación presupuestal"))
        for ms in rec.milestones:
            out.append((ContractMilestone, ms.source_id, {
                "section": ms.section, "title": ms.title, "milestone_type": ms.milestone_type, "status": ms.status,
                "due_date": ms.due_date, "date_met": ms.date_met, "date_modified": ms.date_modified,
                "description": ms.description, "value": ms.value, "currency": ms.currency,
            }, "hito"))
        return out

    def sync_children_batch(self, items: list[tuple[str, ContractRecord, bool]]) -> dict[str, bool]:
        """Modifications, payments, budget and milestones of a batch of contracts, with one SELECT per
        table for the contracts that already existed and bulk INSERTs for the new rows.
        Returns contract id -> whether any child was created or changed."""
        changed: dict[str, bool] = {}
        wanted = [(cid, is_new, self._child_values(rec)) for cid, rec, is_new in items]
        old_ids = [cid for cid, is_new, values in wanted if values and not is_new]
        existing: dict[tuple[type, str, str], Any] = {}
        if old_ids:
            present = {value[0] for _cid, is_new, values in wanted if not is_new for value in values}
            for model in (m for m in (ContractModification, Payment, BudgetAllocation, ContractMilestone) if m in present):
                for start in range(0, len(old_ids), 500):
                    chunk = old_ids[start:start + 500]
                    for row in self.session.execute(select(model.__table__).where(model.contract_id.in_(chunk))):
                        existing[(model, row.contract_id, row.source_id)] = row
        inserts: dict[type, list[dict]] = {}
        for cid, _is_new, values in wanted:
            for model, source_id, fields, label in values:
                row = existing.get((model, cid, source_id))
                if row is None:
                    inserts.setdefault(model, []).append(dict(
                        _new_row_values(model, fields), id=fast_id(), contract_id=cid, source_id=source_id, source_import_id=self.record.id,
                        typed_by=None, created_at=self.now, updated_at=self.now, version=1))
                    existing[(model, cid, source_id)] = True  # a repeated id in the same file is one row
                    changed[cid] = True
                elif row is not True and self._update_row(row, fields, f"{label} {source_id}", model):
                    changed[cid] = True
        for model, rows in inserts.items():
            insert_rows(self.session.connection(), model.__table__, rows)
        return changed

    def _update_row(self, row: Any, values: dict[str, Any], label: str, model: Optional[type] = None) -> bool:
        """Compare stored values (an ORM object, or a plain row of `model`) and update on change."""
        old, new = {}, {}
        for name, value in values.items():
            if value is not None and not _same(getattr(row, name), value):
                old[name], new[name] = getattr(row, name), value
        if not new:
            return False
        if model is not None:
            row = self.session.get(model, row.id)
        for name, value in new.items():
            setattr(row, name, value)
        row.source_import_id = self.record.id
        phrase = "; ".join(f"{k} cambió de {_display(k, old[k])} a {_display(k, new[k])}" for k in new)
        record_audit(self.session, self.actor, "import_update", row.__tablename__, row.id, old, new,
                     f"{label[:1].upper()}{label[1:]}: {phrase}, fuente {self.file_name}")
        return True

    # -- children ----------------------------------------------------------------------------------
    def upsert_child(self, model: type, contract_id: str, source_id: str, values: dict[str, Any], label: str) -> str:
        """Create or update one child row matched by (contract, source id); returns what happened."""
        row = self.session.scalars(select(model).where(model.contract_id == contract_id,
                                                       model.source_id == source_id)).first()
        if row is None:
            self.session.add(model(id=new_id(), contract_id=contract_id, source_id=source_id,
                                   source_import_id=self.record.id, **_new_row_values(model, values)))
            return "created"
        return "updated" if self._update_row(row, values, f"{label} {source_id}") else "unchanged"

    def upsert_modification(self, contract_id: str, mod: ModificationRecord) -> str:
        source_id = mod.source_id or f"huella:{mod.kind}:{mod.date}:{mod.value_change}:{mod.days_change}"
        return self.upsert_child(ContractModification, contract_id, source_id, {
            "kind": mod.kind, "date": mod.date, "value_change": mod.value_change, "days_change": mod.days_change,
            "act_number": mod.act_number, "reason": mod.reason,
        }, MODIFICATION_LABELS.get(mod.kind, "modificación"))

    def upsert_payment(self, contract_id: str, pay: PaymentRecord) -> str:
        source_id = pay.source_id or f"huella:{pay.date}:{pay.amount}"
        return self.upsert_child(Payment, contract_id, source_id, {
            "date": pay.date, "amount": pay.amount, "kind": pay.kind, "document": pay.document,
        }, "pago")

    def find_contract(self, key: str) -> Optional[str]:
        return self.session.scalar(select(Contract.id).where(
            or_(Contract.source_key == key, Contract.secop_id == key)).limit(1))

    def standalone(self, rec: ModificationRecord | ProgressRecord) -> None:
        contract_id = self.find_contract(rec.contract_key)
        if contract_id is None:
            self.counts.rejected.append(RowError(rec.row, (
                f"el contrato {rec.contract_key} no está registrado; importe primero el archivo de Contratos "
                "Electrónicos o regístrelo a mano")))
            return
        if isinstance(rec, ModificationRecord):
            outcome = self.upsert_modification(contract_id, rec)
        else:
            outcome = self.upsert_child(ProgressReport, contract_id, rec.source_id, {
                "date": rec.date, "kind": rec.kind, "planned_percent": rec.planned_percent,
                "actual_percent": rec.actual_percent, "description": rec.description,
            }, "reporte de avance")
        self.count(outcome)
        if self.work_id:
            self.offer(contract_id)

    def boq_item(self, rec: BoqItemRecord) -> None:
        self.boq_position += 1
        outcome = self.upsert_keyed(BoqItem, BoqItem.code == rec.code, {
            "code": rec.code, "description": rec.description, "unit": rec.unit, "quantity": rec.quantity,
            "unit_price": rec.unit_price, "total": rec.total, "chapter": rec.chapter, "position": self.boq_position,
        }, f"ítem {rec.code} del presupuesto")
        self.count(outcome)

    def schedule_point(self, rec: SchedulePointRecord) -> None:
        outcome = self.upsert_keyed(SchedulePoint, SchedulePoint.date == rec.date,
                                    {"date": rec.date, "planned_percent": rec.planned_percent},
                                    f"punto de la programación del {formats.short_date(rec.date)}")
        self.count(outcome)

    def upsert_keyed(self, model: type, where: Any, values: dict[str, Any], label: str) -> str:
        """Children of the target contract matched by a natural key (bill code, schedule date)."""
        row = self.session.scalars(select(model).where(model.contract_id == self.contract_id, where)).first()
        if row is None:
            self.session.add(model(id=new_id(), contract_id=self.contract_id, source_import_id=self.record.id, **values))
            return "created"
        old, new = {}, {}
        for name, value in values.items():
            if value is not None and not _same(getattr(row, name), value):
                old[name], new[name] = getattr(row, name), value
                setattr(row, name, value)
        if not new:
            return "unchanged"
        row.source_import_id = self.record.id
        if set(new) - {"position"}:
            phrase = "; ".join(f"{k} cambió de {_display(k, old[k])} a {_display(k, new[k])}" for k in new if k != "position")
            record_audit(self.session, self.actor, "import_update", model.__tablename__, row.id, old, new,
                         f"{label.capitalize()}: {phrase}, fuente {self.file_name}")
            return "updated"
        return "unchanged"

    def count(self, outcome: str) -> None:
        if outcome == "created":
            self.counts.created += 1
        elif outcome == "updated":
            self.counts.updated += 1
        else:
            self.counts.unchanged += 1

    def offer(self, contract_id: str) -> None:
        """A contract of the file, to link to the chosen work at the end (see LINK_ALL_MAX)."""
        self.offered.setdefault(contract_id, None)

    def link_offered(self) -> tuple[int, int]:
        """Link the file's contracts to the chosen work: all of a small file, only those with the
        work's BPIN from a big one. Returns (linked, left for the person to choose)."""
        if not self.work_id or not self.offered:
            return 0, 0
        ids = list(self.offered)
        if len(ids) > LINK_ALL_MAX:
            bpin = (self.session.scalar(select(Work.bpin).where(Work.id == self.work_id)) or "").strip()
            same: set[str] = set()
            if bpin:
                for start in range(0, len(ids), 500):
                    same.update(self.session.scalars(select(Contract.id).where(
                        Contract.id.in_(ids[start:start + 500]), Contract.bpin == bpin)))
            ids = [cid for cid in ids if cid in same]
        for cid in ids:
            self.link(cid)
        return len(ids), len(self.offered) - len(ids)

    def link(self, contract_id: str) -> None:
        if contract_id in self.linked:
            return
        self.linked.add(contract_id)
        exists = self.session.scalar(select(ContractWork.id).where(ContractWork.contract_id == contract_id,
                                                                   ContractWork.work_id == self.work_id))
        if not exists:
            self.session.add(ContractWork(contract_id=contract_id, work_id=self.work_id, linked_by=self.actor.username))
            record_audit(self.session, self.actor, "link", "contract", contract_id, None, {"work_id": self.work_id},
                         f"Contrato vinculado a la obra al importar {self.file_name}")


@dataclass(frozen=True)
class TableLayoutDTO:
    """The header of a spreadsheet, for the bill-of-quantities column-mapping dialog."""

    header: tuple[str, ...]
    signature: str
    guessed: dict
    remembered: Optional[dict]
    detected_format: Optional[str]

    @property
    def mapping(self) -> dict:
        """What to propose: the user's remembered mapping for this layout, else the guess."""
        return dict(self.remembered or self.guessed)


MAPPING_KEY = "contracts.boq_mapping."
"""Settings key prefix + layout signature -> {field: column header}."""


class ImportService:
    """Imports files into contracts, modifications, payments, budget, bill and schedule."""

    def __init__(self, db: Database, identity: Identity, settings: Any = None) -> None:
        self.db = db
        self.identity = identity
        self.settings = settings

    def table_layout(self, path: Path | str) -> TableLayoutDTO:
        """Header, guessed and remembered BoQ mapping of a CSV/XLSX (nothing is imported)."""
        path = Path(path)
        try:
            table = read_table(path)
        except UnreadableFile as problem:
            raise ValidationError(f"No se pudo leer el archivo: {problem}.") from None
        except OSError as problem:
            raise ValidationError(f"No se pudo abrir «{path.name}»: {problem.strerror or problem}.") from None
        header = tuple(h for h in table.header)
        close = getattr(table.rows, "close", None)
        if close:
            close()
        signature = boq.layout_signature(header)
        remembered = self.settings.get(MAPPING_KEY + signature) if self.settings is not None else None
        if boq.is_schedule(header):
            detected: Optional[str] = "boq-programacion"
        elif boq.is_boq(header):
            detected = "boq"
        else:
            detected = secop.detect_layout(header)
        return TableLayoutDTO(header, signature, boq.guess_mapping(header), remembered, detected)

    def remember_mapping(self, signature: str, mapping: Mapping[str, str]) -> None:
        """Keep the user's column mapping for this header layout (next files open mapped)."""
        if self.settings is not None:
            self.settings.set(MAPPING_KEY + signature, {k: v for k, v in mapping.items() if v})

    def import_file(self, path: Path | str, fmt: str = "auto", *, work_id: Optional[str] = None,
                    contract_id: Optional[str] = None, boq_mapping: Optional[Mapping[str, str]] = None,
                    progress: Optional[ProgressCallback] = None, cancel: Optional[CancelToken] = None) -> ImportResult:
        """Import one file in one transaction; see the module docstring for the rules."""
        self.identity.require(Permission.WRITE)
        path = Path(path)
        if fmt not in FORMATS:
            raise ValidationError(f"Formato «{fmt}» desconocido. Use uno de: {', '.join(FORMATS)}.", field="format")
        report(progress, 0, 0, "Leyendo el archivo…")
        if not path.is_file():
            raise ValidationError(f"No se pudo leer el archivo: no existe «{path}».", field="file")
        if boq_mapping is None and fmt == "boq" and self.settings is not None:
            try:  # a layout the user already mapped once imports without asking again
                boq_mapping = self.table_layout(path).remembered
            except ValidationError:
                boq_mapping = None
        try:
            source = open_source(path, fmt, boq_mapping, batches=True)
        except UnreadableFile as problem:
            raise ValidationError(f"No se pudo leer el archivo: {problem}.") from None
        except OSError as problem:
            raise ValidationError(f"No se pudo abrir «{path.name}»: {problem.strerror or problem}.") from None
        digest = _Digest(path)  # SHA-256 on another core while the rows are parsed
        with self.db.transaction(bulk=True) as session:
            if work_id and session.get(Work, work_id) is None:
                raise NotFoundError(f"No existe la obra «{work_id}».")
            target = self._target_contract(session, source.format, contract_id, work_id)
            record = ImportRecord(id=new_id(), file_name=path.name, sha256="", size_bytes=0, format=source.format,
                                  imported_at=utcnow(), imported_by=self.identity.actor.username, work_id=work_id,
                                  contract_id=target, details={k: v for k, v in source.details.items()})
            session.add(record)
            session.flush()
            run = _Run(self, session, record, path.name, work_id, target)
            try:
                done = 0
                for item in source.items:
                    if isinstance(item, ContractBatch):
                        done += len(item)
                        check(cancel)
                        report(progress, int(source.fraction() * 1000), 1000, f"{done:,} registros leídos".replace(",", "."))
                    else:
                        done += 1
                        if done % 256 == 0:
                            check(cancel)
                            report(progress, int(source.fraction() * 1000), 1000, f"{done:,} registros leídos".replace(",", "."))
                    self._dispatch(run, item)
                run.flush()
            except UnreadableFile as problem:
                raise ValidationError(f"No se pudo leer el archivo: {problem}.") from None
            check(cancel)
            try:
                sha, size = digest.result()
            except OSError as problem:
                raise ValidationError(f"No se pudo abrir «{path.name}»: {problem.strerror or problem}.") from None
            record.sha256, record.size_bytes = sha, size
            counts = run.counts
            if target and source.format in ("boq", "boq-programacion") and run.work_id:
                run.link(target)
            linked, not_linked = run.link_offered()
            record.read_count = counts.read
            record.created_count, record.updated_count = counts.created, counts.updated
            record.unchanged_count, record.rejected_count = counts.unchanged, len(counts.rejected)
            record.rejected = [{"row": e.row, "reason": e.reason} for e in counts.rejected[:MAX_STORED_REJECTIONS]]
            details = dict(record.details or {})
            if run.projects:
                details["projects"] = run.projects
            record.details = details
            record_audit(session, self.identity.actor, "import", "import_record", record.id, None, {
                "file": path.name, "sha256": sha, "format": source.format, "read": counts.read,
                "created": counts.created, "updated": counts.updated, "unchanged": counts.unchanged,
                "rejected": len(counts.rejected)},
                f"Importación de {path.name} ({FORMAT_LABELS.get(source.format, source.format)}): "
                f"{counts_phrase(None, counts.created, counts.updated, counts.unchanged, len(counts.rejected))}")
            report(progress, 1000, 1000, "Guardando…")
            return ImportResult(record.id, source.format, path.name, sha, counts.read, counts.created, counts.updated,
                                counts.unchanged, tuple(counts.rejected), details, linked, not_linked)

    def _dispatch(self, run: _Run, item: Any) -> None:
        counts = run.counts
        if isinstance(item, RowError):
            counts.read += 1
            counts.rejected.append(item)
        elif isinstance(item, ContractRecord):
            counts.read += 1
            run.add_contract(item)
        elif isinstance(item, ContractBatch):
            run.add_batch(item)
        elif isinstance(item, ProjectRecord):
            run.flush()
            run.projects.append(json_safe({
                "id": item.source_key, "title": item.title, "status": item.status, "budget": item.budget_amount,
                "currency": item.currency, "completion_end_date": item.completion_end_date,
                "completion_final_value": item.completion_final_value, "contracts": list(item.contract_keys)}))
        else:
            run.flush()
            counts.read += 1
            if isinstance(item, (ModificationRecord, ProgressRecord)):
                run.standalone(item)
            elif isinstance(item, BoqItemRecord):
                run.boq_item(item)
            elif isinstance(item, SchedulePointRecord):
                run.schedule_point(item)
            elif isinstance(item, (PaymentRecord, BudgetRecord)):  # pragma: no cover - no parser yields them alone
                cid = run.find_contract(item.contract_key)
                if cid is None:
                    counts.rejected.append(RowError(item.row, f"el contrato {item.contract_key} no está registrado"))
                elif isinstance(item, PaymentRecord):
                    run.count(run.upsert_payment(cid, item))

    def _target_contract(self, session: Session, fmt: str, contract_id: Optional[str], work_id: Optional[str]) -> Optional[str]:
        """The contract a bill of quantities or a schedule belongs to."""
        if fmt not in ("boq", "boq-programacion"):
            if contract_id and session.get(Contract, contract_id) is None:
                raise NotFoundError(f"No existe el contrato «{contract_id}».")
            return contract_id
        if contract_id:
            if session.get(Contract, contract_id) is None:
                raise NotFoundError(f"No existe el contrato «{contract_id}».")
            return contract_id
        if work_id:
            ids = list(session.scalars(select(ContractWork.contract_id).where(ContractWork.work_id == work_id)))
            if len(ids) == 1:
                return ids[0]
            if len(ids) > 1:
                raise ValidationError("La obra tiene varios contratos: indique a cuál pertenece el presupuesto "
                                      "(opción --contract).", field="contract")
        raise ValidationError("Un presupuesto o una programación de obra pertenece a un contrato: indique el "
                              "contrato (--contract) o una obra con un solo contrato (--work).", field="contract")

    def history(self, limit: int = 50) -> list[ImportRecordDTO]:
        with self.db.read() as session:
            rows = session.scalars(select(ImportRecord).order_by(ImportRecord.imported_at.desc()).limit(limit))
            return [ImportRecordDTO(r.id, r.file_name, r.sha256, r.format, r.imported_at, r.imported_by, r.read_count,
                                    r.created_count, r.updated_count, r.unchanged_count, r.rejected_count) for r in rows]
