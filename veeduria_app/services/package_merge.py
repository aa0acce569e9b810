"""Merging a package's records into this laptop's database, inside the caller's transaction.

Records are matched by primary key (UUIDs). For each record the last content both laptops
shared is known from this laptop's `package_sync_state` and from the sender's (carried in the
package): a side whose content equals it did not change. One side changed → that side wins
(unless the incoming copy is older, a stale re-send). Both changed → a conflict: the newer
edit is applied and both versions are kept for a person to decide. No shared history → the
newer edit wins. A package row whose unique values (a SECOP contract's source key, a photo in
a visit) match a local record with another id is that same record: it merges into it, and
the package's rows pointing to it are re-pointed. Rows that would still break a foreign key or
a uniqueness rule are skipped and listed, never half-written. Records without `updated_at` (evidence) are immutable: added once.

Some records carry a number people quote, unique within a parent but not enforced by the database
(a finding's H-04 within its work, see `PER_PARENT_NUMBERS`). Two laptops can give the same number
to two different records. A *new* incoming record whose number another record of the same parent
already holds gets the next free number (its id, links and photos are unchanged); the renumbering
is this laptop's own edit (fresh `updated_at`, base left at the received content), so it travels
back with the next package and both laptops end up with the same codes. A known record (same id)
keeps its local number when the incoming one is held by another record. Records already known are
merged before new ones, so a renumbering received back frees the number before it is checked.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Callable, Optional

from sqlalchemy import Table, and_, bindparam, insert, select, tuple_, update
from sqlalchemy.orm import Session

from veeduria_app.db.base import new_id, utcnow
from veeduria_app.db.models.accounts import PackageConflict, PackageSyncState
from veeduria_app.db.models.foundation import AuditEntry
from veeduria_app.services.audit import changed_fields, json_safe, record_audit
from veeduria_app.services.identity import Actor
from veeduria_app.services.package_format import (
    PackageRefused, decode_value, encode_row, fingerprint, personal_fields, record_key, record_label,
)

CREATED, UPDATED, UNCHANGED, CONFLICT, SKIPPED = "created", "updated", "unchanged", "conflict", "skipped"
RENUMBERED = "renumbered"

PER_PARENT_NUMBERS: dict[str, tuple[str, str, str]] = {"findings": ("work_id", "number", "H-{:02d}")}
"""table → (parent column, number column, how people write the code): numbers unique per parent."""


@dataclass(frozen=True)
class ConflictDTO:
    id: str
    table: str
    record_key: str
    label: str
    applied: str
    reason: str
    local_values: dict
    incoming_values: dict
    status: str = "pendiente"

    def to_json(self) -> dict:
        return {"id": self.id, "table": self.table, "record": self.record_key, "label": self.label,
                "applied": self.applied, "reason": self.reason, "status": self.status,
                "local": self.local_values, "incoming": self.incoming_values}


@dataclass
class MergeTally:
    counts: dict[str, int] = field(default_factory=lambda: {CREATED: 0, UPDATED: 0, UNCHANGED: 0, SKIPPED: 0})
    conflicts: list[ConflictDTO] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    renumbered: list[str] = field(default_factory=list)
    by_table: dict[str, dict[str, int]] = field(default_factory=dict)

    def add(self, table: str, outcome: str) -> None:
        if outcome != CONFLICT:
            self.counts[outcome] += 1
        self.by_table.setdefault(table, {}).setdefault(outcome, 0)
        self.by_table[table][outcome] += 1

    def note_renumbered(self, table: str, message: str) -> None:
        """A received record got another number (counted per table under «renumbered»)."""
        self.renumbered.append(message)
        self.by_table.setdefault(table, {}).setdefault(RENUMBERED, 0)
        self.by_table[table][RENUMBERED] += 1


@dataclass
class PackageInfo:
    author: str
    created_at: str
    file_name: str
    include_personal_data: bool


class Merger:
    """One import's merge; call `merge_table` for each table in foreign-key order."""

    def __init__(self, session: Session, actor: Actor, info: PackageInfo, tally: MergeTally,
                 check_cancel: Callable[[], None] = lambda: None) -> None:
        self.session = session
        self.actor = actor
        self.info = info
        self.tally = tally
        self.check_cancel = check_cancel
        self._existing: dict[tuple[str, str], set] = {}
        self.id_map: dict[str, dict] = {}
        self._inserted_keys: set[str] = set()
        self._numbers: Optional[_ParentNumbers] = None

    # -- public ---------------------------------------------------------------------------
    def merge_table(self, table: Table, payload: dict, tick: Callable[[], None]) -> None:
        rows = payload.get("rows", [])
        sender_bases: dict = payload.get("sync", {}) or {}
        drop = () if self.info.include_personal_data else personal_fields(table.name)
        incoming = [self._remap_links(table, *self._decode(table, raw, drop)) for raw in rows]
        keys = [record_key(table, enc) for enc, _dec in incoming]
        local_rows = self._load_local(table, [dec for _enc, dec in incoming])
        self._numbers = None
        if table.name in PER_PARENT_NUMBERS:
            self._numbers = _ParentNumbers(self.session, table, *PER_PARENT_NUMBERS[table.name])
            order = sorted(range(len(keys)), key=lambda i: keys[i] not in local_rows)  # known first, stable
            incoming, keys = [incoming[i] for i in order], [keys[i] for i in order]
        bases = self._load_bases(table.name, keys)
        uniques = self._unique_sets(table)
        self._inserts: list[dict] = []
        self._audits: list[dict] = []
        self._new_bases: dict[str, str] = {}
        self._changed_bases: dict[str, str] = {}
        self._batch = not any(fk.column.table is table for fk in table.foreign_keys)  # self-links go row by row
        self._inserted_keys: set[str] = set()
        for (enc, dec), key in zip(incoming, keys):
            self.check_cancel()
            local, base, used_key = local_rows.get(key), bases.get(key), key
            if local is None:
                match = self._natural_match(table, key, dec, uniques)
                if match is not None:  # the same thing recorded on both laptops (e.g. one SECOP contract)
                    enc, dec, local, base = self._adopt(table, match, enc, dec)
                    used_key = match
            outcome = self._merge_row(table, used_key, enc, dec, local, base, sender_bases.get(key), uniques)
            self.tally.add(table.name, outcome)
            tick()
        self._flush_table(table)

    # -- the same record under two ids ----------------------------------------------------
    def _natural_match(self, table: Table, key: str, dec: dict, uniques: list) -> Optional[str]:
        """The local record that already holds this row's unique values, if any (single-column keys)."""
        if len(table.primary_key.columns) != 1:
            return None
        for names, mapping in uniques:
            values = tuple(dec.get(n) for n in names)
            if all(v is not None for v in values):
                other = mapping.get(values)
                if other is not None and other != key and other not in self._inserted_keys:
                    return other
        return None

    def _adopt(self, table: Table, local_key: str, enc: dict, dec: dict) -> tuple[dict, dict, Optional[dict], Optional[str]]:
        """Merge the incoming row into the local one; later rows pointing to it are re-pointed."""
        pk = next(iter(table.primary_key.columns))
        self.id_map.setdefault(table.name, {})[dec[pk.name]] = local_key
        dec, enc = dict(dec), dict(enc)
        dec[pk.name] = enc[pk.name] = local_key
        row = self.session.execute(select(table).where(pk == local_key)).mappings().first()
        return enc, dec, dict(row) if row is not None else None, self._load_bases(table.name, [local_key]).get(local_key)

    def _remap_links(self, table: Table, enc: dict, dec: dict) -> tuple[dict, dict]:
        for fk in table.foreign_keys:
            mapping = self.id_map.get(fk.column.table.name)
            value = dec.get(fk.parent.name)
            if mapping and value in mapping:
                dec[fk.parent.name] = enc[fk.parent.name] = mapping[value]
        return enc, dec

    def _flush_table(self, table: Table) -> None:
        """Write the table's new rows and sync states in a few statements (executemany)."""
        if self._inserts:
            self.session.execute(insert(table), self._inserts)
        now = utcnow()
        if self._audits:
            self.session.execute(insert(AuditEntry.__table__), self._audits)
        if self._new_bases:
            self.session.execute(insert(PackageSyncState.__table__), [
                {"table_name": table.name, "record_key": k, "base_hash": v, "synced_at": now}
                for k, v in self._new_bases.items()])
        if self._changed_bases:
            state = PackageSyncState.__table__
            self.session.execute(
                update(state).where(state.c.table_name == bindparam("t"), state.c.record_key == bindparam("k"))
                .values(base_hash=bindparam("h"), synced_at=bindparam("s")),
                [{"t": table.name, "k": k, "h": v, "s": now} for k, v in self._changed_bases.items()])

    # -- one row --------------------------------------------------------------------------
    def _merge_row(self, table: Table, key: str, enc: dict, dec: dict, local: Optional[dict],
                   local_base: Optional[str], sender_base: Optional[str], uniques: list) -> str:
        inc_fp = fingerprint(table, enc)
        if local is None:
            problem = self._insert_problem(table, key, dec, uniques)
            if problem:
                self.tally.skipped.append(problem)
                return SKIPPED
            values = dict(dec)
            renumbered = self._numbers.claim_new(key, values) if self._numbers is not None else None
            if "version" in table.c:
                values.setdefault("version", 1)
            if self._batch:
                self._inserts.append(values)
            else:
                self.session.execute(insert(table).values(**values))
            self._remember_inserted(table, dec, uniques, key)
            self._inserted_keys.add(key)
            self._set_base(table.name, key, inc_fp, local_base)
            self._audit("import_create", table.name, key, None, None,
                        f"Registro recibido en paquete de {self.info.author}: {record_label(enc) or key}")
            if renumbered is not None:
                self._note_renumbered(table, key, enc, *renumbered)
            return CREATED
        if "updated_at" not in table.c:  # immutable records (evidence): present means done
            return UNCHANGED
        local_enc = encode_row(table, local)
        local_fp = fingerprint(table, local_enc)
        if local_fp == inc_fp:
            if self._personal_differs(table, local_enc, enc) and self._incoming_newer(dec, local):
                outcome = self._apply(table, key, enc, dec, local, local_enc)
                self._set_base(table.name, key, inc_fp, local_base)
                return outcome
            self._set_base(table.name, key, inc_fp, local_base)
            return UNCHANGED
        known = {b for b in (local_base, sender_base) if b}
        local_changed = local_fp not in known if known else None
        inc_changed = inc_fp not in known if known else None
        newer = self._incoming_newer(dec, local)
        if local_changed is None:  # no shared history: plain newer-wins
            outcome = self._apply(table, key, enc, dec, local, local_enc) if newer else UNCHANGED
        elif inc_changed and not local_changed:
            outcome = self._apply(table, key, enc, dec, local, local_enc) if newer else UNCHANGED
        elif local_changed and not inc_changed:
            outcome = UNCHANGED
        else:
            problem = self._update_problem(table, key, dec, uniques) if newer else None
            applied = "paquete" if newer and not problem else "local"
            if applied == "paquete":
                self._apply(table, key, enc, dec, local, local_enc)
            self._record_conflict(table, key, local_enc, enc, applied)
            outcome = CONFLICT
        self._set_base(table.name, key, inc_fp, local_base)
        return outcome

    def _apply(self, table: Table, key: str, enc: dict, dec: dict, local: dict, local_enc: dict) -> str:
        problem = self._update_problem(table, key, dec, self._unique_sets(table))
        if problem:
            self.tally.skipped.append(problem)
            return SKIPPED
        values = {k: v for k, v in dec.items() if k not in {c.name for c in table.primary_key.columns}}
        kept = self._numbers.claim_known(key, values, local) if self._numbers is not None else None
        if "version" in table.c:
            values["version"] = int(local.get("version") or 0) + 1  # an editor's open form must notice
        self.session.execute(update(table).where(self._pk_clause(table, dec)).values(**values))
        if kept is not None:
            enc = {**enc, self._numbers.number: kept[0]}
            self._note_kept(table, key, enc, *kept)
        before, after = changed_fields({k: local_enc.get(k) for k in enc}, enc)
        before.pop("version", None), after.pop("version", None)
        self._audit("import_update", table.name, key, before, after,
                    f"Registro actualizado desde paquete de {self.info.author}: {record_label(enc) or key}")
        return UPDATED

    # -- numbers people quote (H-04) --------------------------------------------------------
    def _note_renumbered(self, table: Table, key: str, enc: dict, old: int, new: int, holder: str) -> None:
        self._note_number(table, key, enc, old, new, holder, "quedó como")

    def _note_kept(self, table: Table, key: str, enc: dict, local_number: int, incoming: int, holder: str) -> None:
        self._note_number(table, key, enc, incoming, local_number, holder, "conserva")

    def _note_number(self, table: Table, key: str, enc: dict, arrived: int, result: int, holder: str,
                     verb: str) -> None:
        """Tell (summary) and audit that a received record's number was taken here by `holder`."""
        code = self._numbers.code
        message = (f"«{record_label(enc) or key}» llegó como {code(arrived)}, pero aquí {code(arrived)} ya es "
                   f"«{holder}»: {verb} {code(result)}.")
        self.tally.note_renumbered(table.name, message)
        self._audit("import_renumber", table.name, key, {self._numbers.number: arrived},
                    {self._numbers.number: result}, f"Recibido de {self.info.author}: {message}")

    # -- conflicts and sync state ---------------------------------------------------------
    def _record_conflict(self, table: Table, key: str, local_enc: dict, enc: dict, applied: str) -> None:
        existing = self.session.scalars(select(PackageConflict).where(
            PackageConflict.table_name == table.name, PackageConflict.record_key == key,
            PackageConflict.status == "pendiente")).all()
        for old in existing:
            if old.incoming_values == enc and old.local_values == local_enc:
                self.tally.conflicts.append(_conflict_dto(old))
                return
        reason = ("Los dos equipos cambiaron este registro desde la última vez que lo compartieron; se aplicó "
                  + ("la versión del paquete, que es la más reciente." if applied == "paquete"
                     else "la versión de este equipo, que es la más reciente."))
        conflict = PackageConflict(
            id=new_id(), table_name=table.name, record_key=key, label=record_label(enc) or record_label(local_enc),
            local_values=local_enc, incoming_values=enc, applied=applied, reason=reason,
            package_author=self.info.author[:200], package_created_at=self.info.created_at[:40],
            package_file=self.info.file_name[:300], status="pendiente", resolution="", resolved_by="")
        self.session.add(conflict)
        self.session.flush()
        record_audit(self.session, self.actor, "import_conflict", table.name, key, None,
                     {"aplicada": applied}, f"Conflicto al importar {conflict.label or key}: lo decide una persona")
        self.tally.conflicts.append(_conflict_dto(conflict))

    def _audit(self, action: str, entity_type: str, entity_id: str, old: Optional[dict], new: Optional[dict],
               summary: str) -> None:
        """One audit line per imported record, written in bulk with the table (same transaction)."""
        self._audits.append({
            "id": new_id(), "at": utcnow(), "actor": self.actor.username, "actor_name": self.actor.display_name,
            "action": action, "entity_type": entity_type, "entity_id": str(entity_id), "summary": summary,
            "old_values": json_safe(old) if old is not None else None,
            "new_values": json_safe(new) if new is not None else None})

    def _set_base(self, table_name: str, key: str, fp: str, current: Optional[str]) -> None:
        if current == fp:
            return
        (self._new_bases if current is None else self._changed_bases)[key] = fp

    def _load_bases(self, table_name: str, keys: list[str]) -> dict[str, str]:
        bases: dict[str, str] = {}
        for start in range(0, len(keys), 500):
            chunk = keys[start:start + 500]
            for state in self.session.scalars(select(PackageSyncState).where(
                    PackageSyncState.table_name == table_name, PackageSyncState.record_key.in_(chunk))):
                bases[state.record_key] = state.base_hash
        return bases

    # -- integrity pre-checks (no half-written rows, no driver errors) --------------------
    def _insert_problem(self, table: Table, key: str, dec: dict, uniques: list) -> Optional[str]:
        for column in table.columns:
            if not column.nullable and dec.get(column.name) is None and column.default is None \
                    and column.server_default is None and not column.primary_key:
                return f"{table.name} {key}: falta el dato obligatorio «{column.name}»."
        return self._fk_problem(table, key, dec) or self._unique_problem(table, key, dec, uniques)

    def _update_problem(self, table: Table, key: str, dec: dict, uniques: list) -> Optional[str]:
        return self._fk_problem(table, key, dec) or self._unique_problem(table, key, dec, uniques)

    def _fk_problem(self, table: Table, key: str, dec: dict) -> Optional[str]:
        for fk in table.foreign_keys:
            value = dec.get(fk.parent.name)
            if value is None:
                continue
            target = fk.column
            existing = self._existing_values(target.table, target.name)
            if value not in existing:
                return (f"{table.name} {key}: se omitió porque se refiere a un registro de «{target.table.name}» "
                        f"({value}) que no está en este equipo ni en el paquete.")
        return None

    def _existing_values(self, table: Table, column: str) -> set:
        cache_key = (table.name, column)
        if cache_key not in self._existing:
            self._existing[cache_key] = set(self.session.scalars(select(table.c[column])).all())
        return self._existing[cache_key]

    def _unique_sets(self, table: Table) -> list[tuple[tuple[str, ...], dict]]:
        cache_key = (table.name, "__unique__")
        if cache_key in self._existing:
            return self._existing[cache_key]  # type: ignore[return-value]
        column_sets: list[tuple[str, ...]] = []
        for constraint in table.constraints:
            if constraint.__class__.__name__ == "UniqueConstraint":
                column_sets.append(tuple(c.name for c in constraint.columns))
        for column in table.columns:
            if column.unique and not column.primary_key:
                column_sets.append((column.name,))
        for index in table.indexes:
            if index.unique:
                column_sets.append(tuple(c.name for c in index.columns))
        result = []
        pk = list(table.primary_key.columns)
        for names in dict.fromkeys(column_sets):
            cols = [table.c[n] for n in names]
            mapping = {}
            for row in self.session.execute(select(*cols, *pk)).all():
                values = tuple(row[:len(cols)])
                if all(v is not None for v in values):
                    mapping[values] = "|".join(str(v) for v in row[len(cols):])
            result.append((names, mapping))
        self._existing[cache_key] = result  # type: ignore[assignment]
        return result

    def _unique_problem(self, table: Table, key: str, dec: dict, uniques: list) -> Optional[str]:
        for names, mapping in uniques:
            values = tuple(dec.get(n) for n in names)
            if all(v is not None for v in values) and mapping.get(values, key) != key:
                return (f"{table.name} {key}: se omitió porque este equipo ya tiene otro registro con el mismo "
                        f"{', '.join(names)} ({', '.join(str(v) for v in values)}).")
        return None

    def _remember_inserted(self, table: Table, dec: dict, uniques: list, key: str) -> None:
        for (tname, column), values in list(self._existing.items()):
            if tname == table.name and column != "__unique__" and column in dec:
                values.add(dec[column])
        for names, mapping in uniques:
            values = tuple(dec.get(n) for n in names)
            if all(v is not None for v in values):
                mapping[values] = key

    # -- helpers --------------------------------------------------------------------------
    def _decode(self, table: Table, raw: dict, drop: tuple[str, ...]) -> tuple[dict, dict]:
        enc: dict = {}
        dec: dict = {}
        for name, value in raw.items():
            if name not in table.c or name in drop:
                continue
            try:
                dec[name] = decode_value(table.c[name], value)
            except (ValueError, TypeError) as error:
                raise PackageRefused(f"El paquete tiene un dato no válido en «{table.name}», campo «{name}»: {error}.") \
                    from None
            enc[name] = value
        for column in table.primary_key.columns:
            if dec.get(column.name) in (None, ""):
                raise PackageRefused(f"El paquete tiene un registro de «{table.name}» sin identificador.")
        return enc, dec

    def _load_local(self, table: Table, decoded: list[dict]) -> dict[str, dict]:
        pk = list(table.primary_key.columns)
        result: dict[str, dict] = {}
        for start in range(0, len(decoded), 400):
            chunk = decoded[start:start + 400]
            if len(pk) == 1:
                clause = pk[0].in_([d[pk[0].name] for d in chunk])
            else:
                clause = tuple_(*pk).in_([tuple(d[c.name] for c in pk) for d in chunk])
            for row in self.session.execute(select(table).where(clause)).mappings():
                result[record_key(table, row)] = dict(row)
        return result

    @staticmethod
    def _pk_clause(table: Table, dec: dict):
        return and_(*[c == dec[c.name] for c in table.primary_key.columns])

    @staticmethod
    def _incoming_newer(dec: dict, local: dict) -> bool:
        incoming, mine = dec.get("updated_at"), local.get("updated_at")
        if incoming is None or mine is None:
            return False
        if mine.tzinfo is None:
            mine = mine.replace(tzinfo=dt.timezone.utc)
        return incoming > mine

    @staticmethod
    def _personal_differs(table: Table, local_enc: dict, enc: dict) -> bool:
        return any(name in enc and enc[name] != local_enc.get(name) for name in personal_fields(table.name))


class _ParentNumbers:
    """Which record holds each number within its parent, kept current as the import writes rows."""

    def __init__(self, session: Session, table: Table, parent: str, number: str, code: str) -> None:
        self.parent, self.number, self._code = parent, number, code
        label = next((table.c[n] for n in ("title", "name") if n in table.c), None)
        pk = next(iter(table.primary_key.columns))
        self.holder: dict[tuple, str] = {}
        self.labels: dict[str, str] = {}
        columns = [pk, table.c[parent], table.c[number]] + ([label] if label is not None else [])
        for row in session.execute(select(*columns)).all():
            if row[2] is not None:
                self.holder.setdefault((row[1], row[2]), row[0])
            self.labels[row[0]] = row[3] if label is not None else ""
        self._label_column = label.name if label is not None else None

    def code(self, value: int) -> str:
        return self._code.format(value)

    def _holder_label(self, holder: str) -> str:
        return self.labels.get(holder) or holder

    def _next_free(self, parent: object) -> int:
        return max((n for (p, n) in self.holder if p == parent), default=0) + 1

    def _take(self, key: str, values: dict) -> None:
        self.holder[(values.get(self.parent), values.get(self.number))] = key
        if self._label_column:
            self.labels[key] = values.get(self._label_column) or ""

    def claim_new(self, key: str, values: dict) -> Optional[tuple[int, int, str]]:
        """A new record: keep its number if free, else the next free one (values edited in place)."""
        parent, wanted = values.get(self.parent), values.get(self.number)
        holder = self.holder.get((parent, wanted)) if wanted is not None else None
        if holder is None or holder == key:
            if wanted is not None:
                self._take(key, values)
            return None
        values[self.number] = self._next_free(parent)
        values["updated_at"] = utcnow()  # this laptop's edit: the next package carries it back
        self._take(key, values)
        return wanted, values[self.number], self._holder_label(holder)

    def claim_known(self, key: str, values: dict, local: dict) -> Optional[tuple[int, int, str]]:
        """A known record being updated: its local number stays if the incoming one is someone else's."""
        parent, wanted, mine = values.get(self.parent), values.get(self.number), local.get(self.number)
        holder = self.holder.get((parent, wanted)) if wanted is not None else None
        if holder is not None and holder != key:
            values[self.number] = mine
            return mine, wanted, self._holder_label(holder)
        old = (local.get(self.parent), mine)
        if self.holder.get(old) == key:
            del self.holder[old]
        if wanted is not None:
            self._take(key, values)
        return None


def _conflict_dto(conflict: PackageConflict) -> ConflictDTO:
    return ConflictDTO(id=conflict.id, table=conflict.table_name, record_key=conflict.record_key,
                       label=conflict.label, applied=conflict.applied, reason=conflict.reason,
                       local_values=conflict.local_values or {}, incoming_values=conflict.incoming_values or {},
                       status=conflict.status)
