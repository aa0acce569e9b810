"""Test data for the analysis tests: works, contracts and visits written straight to SQLite.

Rows are written through the ORM of the contracts and inspections capabilities, the same tables
their services fill, so the analysis is tested on exactly what it reads in the application.
"""
from __future__ import annotations

import datetime as dt
from decimal import Decimal as D

from veeduria_app.db.models.contracts import Contract, ContractModification, ContractWork, Payment
from veeduria_app.db.models.inspections import Inspection, InspectionChecklistItem
from veeduria_app.domain.works import WorkFields

d = dt.date


def make_work(services, name="Canal Las Gaviotas", status="en_ejecucion", localidad="1", **kw):
    return services.works.create(WorkFields(name=name, type="canal_drenaje", localidad=localidad,
                                            status=status, lat=10.4, lon=-75.5, **kw)).id


def add_contract(services, work_id, *, value="100000000", start=d(2026, 1, 1), end=d(2026, 4, 11),
                 mods=(), payments=(), advance=None, liquidation=None, number="SA-001-2026"):
    with services.db.transaction() as s:
        c = Contract(number=number, initial_value=D(value), start_date=start, end_date=end, signed_date=start,
                     contract_type="Obra", object="Obra civil", advance_value=advance, liquidation_date=liquidation,
                     archived=False, search_text="")
        s.add(c)
        s.flush()
        s.add(ContractWork(contract_id=c.id, work_id=work_id, linked_by="test"))
        for kind, day, value_change, days in mods:
            s.add(ContractModification(contract_id=c.id, kind=kind, date=day,
                                       value_change=D(value_change) if value_change else None, days_change=days))
        for day, amount, kind in payments:
            s.add(Payment(contract_id=c.id, date=day, amount=D(amount), kind=kind))
        return c.id


def add_visit(services, work_id, day, observed=None, *, closed=True, sign=None, reported=None, source=""):
    with services.db.transaction() as s:
        v = Inspection(work_id=work_id, visit_date=day, observed_progress=D(observed) if observed else None,
                       reported_progress=D(reported) if reported else None, reported_progress_source=source,
                       status="cerrada" if closed else "abierta",
                       closed_at=dt.datetime.combine(day, dt.time(17), dt.timezone.utc) if closed else None,
                       closed_by="rosa" if closed else "")
        s.add(v)
        s.flush()
        if sign is not None:
            s.add(InspectionChecklistItem(inspection_id=v.id, position=1, label="¿Hay valla informativa?",
                                          answer="si" if sign else "no"))
        return v.id
