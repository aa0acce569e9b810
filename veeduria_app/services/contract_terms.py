"""One translation of a stored contract into domain.progress's `ContractTerms`, for every screen.

Why one: the contract window, the comparison and the informe must agree on a contract's term and
values. They used to build the terms in two places with different rules (SECOP's «días
adicionados», suspensions given in days), and a member saw the term end on 30/09/2026 in one
window and on 28/01/2027 in the next. Works on ORM rows and on the service DTOs alike: both carry
the same field names.
"""
from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any, Iterable, Optional

from veeduria_app.domain import progress as P


def modification(row: Any, fallback: Optional[dt.date]) -> Optional[P.Modification]:
    """A modification act as the progress maths reads it; None without any date to place it."""
    day = row.date or fallback
    if day is None:
        return None
    end = row.end_date
    if row.kind == P.SUSPENSION and end is None and row.days_change:
        end = day + dt.timedelta(days=int(row.days_change))
    return P.Modification(
        kind=row.kind, date=day, value_added=Decimal(row.value_change or 0),
        days_added=int(row.days_change or 0) if row.kind == P.PRORROGA else 0,
        new_end_date=row.new_end_date if row.kind == P.PRORROGA else None,
        end_date=end if row.kind == P.SUSPENSION else None,
        description=(row.act_number or "").strip(),
    )


def contract_terms(contract: Any, modifications: Iterable[Any], payments: Iterable[Any]) -> P.ContractTerms:
    """The contract with its acts and payments; SECOP's reported figures stand in for missing acts."""
    fallback = contract.signed_date or contract.start_date
    mods = [m for m in (modification(r, fallback) for r in modifications) if m]
    if not any(m.kind == P.PRORROGA for m in mods) and (contract.reported_added_days or 0) > 0 and contract.end_date:
        # SECOP's «días adicionados» without the acts: assume they were signed by the initial end.
        mods.append(P.Modification(P.PRORROGA, contract.end_date, days_added=int(contract.reported_added_days),
                                   description="días adicionados según SECOP"))
    pays = [P.Payment(p.date, Decimal(p.amount), is_advance=p.kind == "anticipo", description=p.document or "")
            for p in payments]
    if not pays and contract.reported_paid_value:
        pays.append(P.Payment(None, Decimal(contract.reported_paid_value), description="valor pagado según SECOP"))
    return P.ContractTerms(
        initial_value=Decimal(contract.initial_value or 0), start_date=contract.start_date,
        initial_end_date=contract.end_date, signed_date=contract.signed_date,
        advance_value=Decimal(contract.advance_value) if contract.advance_value is not None else None,
        termination_date=contract.termination_date, liquidation_date=contract.liquidation_date,
        modifications=tuple(mods), payments=tuple(pays), contract_id=contract.id,
        number=contract.number or contract.secop_id or "",
    )
