"""Demo step: the budget behind every demo contract, as the entity's CDP and RP papers tell it.

The SECOP download brought how much came from each source (SGP, recursos propios) but no CDP or
RP: those are completed by hand here, the way a member corrects an imported allocation. Contracts
typed by hand get their allocation typed too, and every adición gets its own CDP and RP — except
the second addition of the Las Gaviotas canal, which has none: the RP total stays below the
contract's current value, a case a veeduría should ask about. Runs after the contracts (20) and
analysis (50) steps, when every demo contract exists.
"""
from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import TYPE_CHECKING

from veeduria_app.services.contracts import BudgetFields

if TYPE_CHECKING:
    from veeduria_app.services.container import Services

ORDER = 55
RUBROS = {
    "sgp": "2.3.2.02.02.009 Infraestructura – SGP propósito general",
    "recursos_propios": "2.3.2.02.02.005 Infraestructura vial y espacio público – ICLD",
    "regalias": "2.3.2.02.02.010 Proyectos de inversión – SGR",
}
UNBACKED_ADDITIONS = {("SIP-LP-009-2025", 2)}
"""(contract number, n.º of its adición) left without CDP/RP on purpose."""


def run(services: "Services") -> None:
    contracts = services.contracts
    today = dt.date.today()
    serial = 1000
    for contract in sorted(contracts.list(), key=lambda c: c.number or c.secop_id or c.id):
        allocations = contracts.budget(contract.id)
        if allocations:
            for b in allocations:
                serial += 1
                contracts.update_budget(b.id, BudgetFields(
                    vigencia=b.vigencia, funding_source=b.funding_source, amount=b.amount, description=b.description,
                    rubro=b.rubro or RUBROS.get(b.funding_source, ""), cdp_number=f"CDP-{serial}",
                    cdp_amount=b.amount, rp_number=f"RP-{serial + 500}", rp_amount=b.amount))
        elif contract.initial_value:
            serial += 1
            year = (contract.signed_date or contract.start_date or today).year
            contracts.add_budget(contract.id, BudgetFields(
                vigencia=year, funding_source="recursos_propios", rubro=RUBROS["recursos_propios"],
                amount=contract.initial_value, cdp_number=f"CDP-{serial}", cdp_amount=contract.initial_value,
                rp_number=f"RP-{serial + 500}", rp_amount=contract.initial_value,
                description="Valor inicial del contrato"))
        additions = [m for m in contract.modifications if m.kind == "adicion" and m.value_change and m.value_change > 0]
        for n, mod in enumerate(additions, start=1):
            if (contract.number, n) in UNBACKED_ADDITIONS:
                continue
            serial += 1
            contracts.add_budget(contract.id, BudgetFields(
                vigencia=(mod.date or today).year, funding_source="sgp", rubro=RUBROS["sgp"],
                amount=Decimal(mod.value_change), cdp_number=f"CDP-{serial}", cdp_amount=Decimal(mod.value_change),
                rp_number=f"RP-{serial + 500}", rp_amount=Decimal(mod.value_change),
                description=f"Adición n.º {n} ({mod.act_number or 'sin número de acto'})"))
