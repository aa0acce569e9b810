"""Which rows a package carries: everything, or one work and what hangs from it.

Generic over the models' foreign keys, so tables added by any capability follow along:
- "scoped" tables are those with a foreign-key path to `works` (visits, findings, links...);
  a scoped row travels only if every scoped row it points to travels (never another work);
- shared parents a travelling row points to (members, contracts, evidence) travel too, with
  the children that cannot exist without them (a contract's payments, modifications...);
- the veeduría's own registration always travels.
"""
from __future__ import annotations

from typing import Any, Optional

from sqlalchemy import Table, select
from sqlalchemy.orm import Session

from veeduria_app.services.package_format import record_key

WORKS = "works"
ALWAYS = ("veeduria_profile",)


def scoped_tables(tables: list[Table]) -> set[str]:
    """Tables that reach `works` through foreign keys (works included)."""
    names = {t.name for t in tables}
    scoped = {WORKS}
    changed = True
    while changed:
        changed = False
        for table in tables:
            if table.name in scoped:
                continue
            if any(fk.column.table.name in scoped and fk.column.table.name in names for fk in table.foreign_keys):
                scoped.add(table.name)
                changed = True
    return scoped


def select_rows(session: Session, tables: list[Table], work_id: Optional[str]) -> dict[str, dict[str, Any]]:
    """table name → {record key → row mapping}."""
    if not work_id:
        return {t.name: {record_key(t, r): r for r in session.execute(select(t)).mappings()} for t in tables}
    by_name = {t.name: t for t in tables}
    scoped = scoped_tables(tables)
    selected: dict[str, dict[str, Any]] = {t.name: {} for t in tables}
    works = by_name[WORKS]
    for row in session.execute(select(works).where(works.c.id == work_id)).mappings():
        selected[WORKS][record_key(works, row)] = row
    for name in ALWAYS:
        if name in by_name:
            table = by_name[name]
            selected[name] = {record_key(table, r): r for r in session.execute(select(table)).mappings()}
    owners: set[tuple[str, str]] = {(WORKS, k) for k in selected[WORKS]}  # rows whose children follow them
    changed = True
    while changed:
        changed = False
        for table in tables:
            if table.name == WORKS:
                continue
            for fk in table.foreign_keys:
                parent = fk.column.table
                if parent.name not in by_name:
                    continue
                changed |= _down(session, table, fk, parent, selected, scoped, owners)
                changed |= _up(session, table, fk, parent, selected, scoped)
    return selected


def _down(session: Session, table: Table, fk, parent: Table, selected: dict, scoped: set[str],
          owners: set[tuple[str, str]]) -> bool:
    """Children of travelling rows: any link from a scoped parent, only ownership from a shared one."""
    if parent.name in scoped:
        values = {row[fk.column.name] for row in selected[parent.name].values()}
    else:
        if fk.parent.nullable:
            return False
        values = {row[fk.column.name] for key, row in selected[parent.name].items()
                  if (parent.name, key) in owners or parent.name not in scoped}
    values.discard(None)
    if not values:
        return False
    added = False
    ordered = sorted(values, key=str)
    for start in range(0, len(ordered), 400):
        chunk = ordered[start:start + 400]
        for row in session.execute(select(table).where(fk.parent.in_(chunk))).mappings():
            key = record_key(table, row)
            if key in selected[table.name] or not _scoped_refs_ok(table, row, selected, scoped):
                continue
            selected[table.name][key] = row
            owners.add((table.name, key))
            added = True
    return added


def _up(session: Session, table: Table, fk, parent: Table, selected: dict, scoped: set[str]) -> bool:
    """Shared parents a travelling row points to (never another work)."""
    if parent.name in scoped:
        return False
    values = {row[fk.parent.name] for row in selected[table.name].values()}
    values.discard(None)
    have = {row[fk.column.name] for row in selected[parent.name].values()}
    wanted = sorted(values - have, key=str)
    added = False
    for start in range(0, len(wanted), 400):
        chunk = wanted[start:start + 400]
        for row in session.execute(select(parent).where(fk.column.in_(chunk))).mappings():
            key = record_key(parent, row)
            if key not in selected[parent.name]:
                selected[parent.name][key] = row
                added = True
    return added


def _scoped_refs_ok(table: Table, row: Any, selected: dict, scoped: set[str]) -> bool:
    for fk in table.foreign_keys:
        parent = fk.column.table.name
        value = row[fk.parent.name]
        if value is None or parent not in scoped or parent not in selected:
            continue
        if not any(r[fk.column.name] == value for r in selected[parent].values()):
            return False
    return True
