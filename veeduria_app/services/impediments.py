"""Ley 850 art. 19: each member declares, per watched work, that no impediment applies.

Contractors, interventores, suppliers or workers of the work (or in the prior year), their
close relatives and related officials may not watch it; the declaration is recorded so the
report can show who declared what and when.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Optional

from sqlalchemy import select

from veeduria_app.db.engine import Database
from veeduria_app.db.models.foundation import ImpedimentDeclaration, Member, Work
from veeduria_app.services.audit import record_audit
from veeduria_app.services.errors import NotFoundError
from veeduria_app.services.identity import Identity, Permission

DECLARATION_TEXT = (
    "Declaro que no soy contratista, interventor, proveedor ni trabajador de esta obra (ni lo fui el año "
    "anterior), que no tengo parentesco hasta el cuarto grado de consanguinidad o segundo de afinidad con "
    "ellos ni con los servidores públicos que la tienen a cargo, y que no soy autoridad local de elección "
    "popular (Ley 850 de 2003, art. 19)."
)


@dataclass(frozen=True)
class DeclarationDTO:
    member_id: str
    member_name: str
    declared_on: Optional[dt.date]
    has_impediment: Optional[bool]  # None: not declared yet
    notes: str

    @property
    def status_label(self) -> str:
        if self.has_impediment is None:
            return "Sin declarar"
        return "Tiene impedimento" if self.has_impediment else "Sin impedimento"


class ImpedimentService:
    def __init__(self, db: Database, identity: Identity) -> None:
        self.db = db
        self.identity = identity

    def for_work(self, work_id: str) -> list[DeclarationDTO]:
        """Every active member with their latest declaration for the work."""
        with self.db.read() as session:
            members = session.scalars(select(Member).where(Member.active.is_(True)).order_by(Member.full_name)).all()
            latest: dict[str, ImpedimentDeclaration] = {}
            for row in session.scalars(select(ImpedimentDeclaration).where(ImpedimentDeclaration.work_id == work_id)
                                       .order_by(ImpedimentDeclaration.created_at)):
                latest[row.member_id] = row
            return [
                DeclarationDTO(m.id, m.full_name, latest[m.id].declared_on if m.id in latest else None,
                               latest[m.id].has_impediment if m.id in latest else None,
                               latest[m.id].notes if m.id in latest else "")
                for m in members
            ]

    def declare(self, member_id: str, work_id: str, *, has_impediment: bool = False, notes: str = "",
                on: Optional[dt.date] = None) -> DeclarationDTO:
        """Record a new declaration (earlier ones stay in the history)."""
        self.identity.require(Permission.WRITE)
        with self.db.transaction() as session:
            member = session.get(Member, member_id)
            work = session.get(Work, work_id)
            if member is None:
                raise NotFoundError(f"No existe el integrante «{member_id}».")
            if work is None:
                raise NotFoundError(f"No existe la obra «{work_id}».")
            row = ImpedimentDeclaration(member_id=member_id, work_id=work_id, declared_on=on or dt.date.today(),
                                        has_impediment=has_impediment, notes=notes.strip())
            session.add(row)
            session.flush()
            verdict = "declara tener impedimento" if has_impediment else "declara no tener impedimento"
            record_audit(session, self.identity.actor, "create", "impediment", row.id, None,
                         {"member_id": member_id, "work_id": work_id, "has_impediment": has_impediment,
                          "notes": row.notes}, f"{member.full_name} {verdict} para «{work.name}»")
            return DeclarationDTO(member.id, member.full_name, row.declared_on, has_impediment, row.notes)
