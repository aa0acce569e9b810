"""Benchmark: the Tablero (dashboard) over many works, each with a contract, acts, payments and visits.

Run: `python tests/benchmarks/bench_analysis.py [WORKS]` (or pytest on this file).
Baseline, measured in the same run on the same database: `WorkService.list()` (one query,
every work turned into a DTO): the least any screen listing the works costs. Measured against
it: `AnalysisService.dashboard()` (facts of every work read, progress and 16 alert rules
evaluated, reviews applied) and `alerts()` for all works. Scaling: time per work at N/4 and N
works; a ratio near 1 means the cost grows linearly. Reported as ratios, never asserted as times.
"""
from __future__ import annotations

import datetime as dt
import random
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path


from veeduria_app.db.models.contracts import Contract, ContractModification, ContractWork, Payment
from veeduria_app.db.models.foundation import Work
from veeduria_app.db.models.inspections import Inspection, InspectionChecklistItem
from veeduria_app.services.container import build_services
from veeduria_app.services.data_folder import DataFolder


def fill(services, works: int, seed: int = 5) -> None:
    rnd = random.Random(seed)
    today = dt.date.today()
    with services.db.transaction() as s:
        for i in range(works):
            w = Work(name=f"Obra {i:05d}", type="via", localidad="Localidad 1 - Histórica y del Caribe Norte",
                     ucg="UCG 1", status="en_ejecucion", radius_m=300, archived=False)
            s.add(w)
            start = today - dt.timedelta(days=rnd.randrange(30, 600))
            c = Contract(number=f"C-{i}", initial_value=Decimal(rnd.randrange(100, 5000)) * 1_000_000,
                         start_date=start, end_date=start + dt.timedelta(days=rnd.randrange(90, 400)),
                         signed_date=start, contract_type="Obra", archived=False, search_text="")
            s.add(c)
            s.flush()
            s.add(ContractWork(contract_id=c.id, work_id=w.id, linked_by="bench"))
            s.add(ContractModification(contract_id=c.id, kind="adicion", date=start + dt.timedelta(days=40),
                                       value_change=c.initial_value * Decimal(rnd.choice(["0.2", "0.6"]))))
            s.add(ContractModification(contract_id=c.id, kind="prorroga", date=start + dt.timedelta(days=60),
                                       days_change=rnd.randrange(10, 200)))
            for k in range(3):
                s.add(Payment(contract_id=c.id, date=start + dt.timedelta(days=20 + 30 * k),
                              amount=c.initial_value / 5, kind="anticipo" if k == 0 else "acta_parcial"))
            for k in range(2):
                v = Inspection(work_id=w.id, visit_date=start + dt.timedelta(days=25 + 20 * k),
                               observed_progress=Decimal(rnd.randrange(0, 100)), status="cerrada")
                s.add(v)
                s.flush()
                s.add(InspectionChecklistItem(inspection_id=v.id, position=0, label="Valla informativa visible",
                                              answer=rnd.choice(["si", "no"])))


def timed(fn) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def measure(works: int) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as tmp:
        services = build_services(DataFolder.open(Path(tmp) / "datos"))
        try:
            fill(services, works)
            base = min(timed(services.works.list) for _ in range(3))
            dash = timed(services.analysis.dashboard)
            alerts = timed(services.analysis.alerts)
        finally:
            services.close()
    return {"baseline": base, "dashboard": dash, "alerts": alerts}


def run(works: int) -> dict[str, float]:
    small, large = measure(max(1, works // 4)), measure(works)
    ratios = {
        "dashboard_vs_list": large["dashboard"] / large["baseline"],
        "alerts_vs_list": large["alerts"] / large["baseline"],
        "per_work_scaling": (large["dashboard"] / works) / (small["dashboard"] / max(1, works // 4)),
    }
    print(f"{works} obras: tablero {ratios['dashboard_vs_list']:.1f}× la lista de obras; alertas "
          f"{ratios['alerts_vs_list']:.1f}×; costo por obra con N frente a N/4: {ratios['per_work_scaling']:.2f}×")
    return ratios


def test_dashboard_scales_linearly():
    ratios = run(400)
    assert ratios["per_work_scaling"] < 3  # grows with the works, not with their square


if __name__ == "__main__":
    run(int(sys.argv[1]) if len(sys.argv) > 1 else 2000)
