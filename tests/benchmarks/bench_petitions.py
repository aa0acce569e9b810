"""Benchmark: the petitions dashboard with many petitions, some lapsed years ago.

Run: `python tests/benchmarks/bench_petitions.py` (or `pytest tests/benchmarks/bench_petitions.py`).
Baselines, measured in the same run:
- dashboard: loading the same petition rows with a plain ORM query (no terms derived); the
  dashboard (`PetitionService.list`, which derives due date, days left and status for every
  petition against the Colombian calendar) should stay within a small multiple of it;
- counting: walking the calendar day by day over (filing, today]; the arithmetic count used by
  `business_days_in` should be much faster for terms that lapsed years ago.
Only ratios are reported; nothing asserts an absolute time.
"""
from __future__ import annotations

import datetime as dt
import sys
import tempfile
import time
from pathlib import Path

from sqlalchemy import select

from veeduria_app.db.models.petitions import Petition
from veeduria_app.domain.business_days import business_days_in, is_business_day
from veeduria_app.services.container import build_services
from veeduria_app.services.data_folder import DataFolder
from veeduria_app.services.petitions import PetitionDraft

PETITIONS = 300
TODAY = dt.date(2026, 11, 26)


def _best(fn, repeat: int = 5) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def _walk(start: dt.date, end: dt.date) -> int:
    count, day = 0, start
    while day < end:
        day += dt.timedelta(days=1)
        count += is_business_day(day)
    return count


def run() -> dict[str, float]:
    with tempfile.TemporaryDirectory() as folder:
        services = build_services(DataFolder.open(Path(folder) / "datos"))
        service = services.petitions
        service.today = lambda: TODAY
        first = dt.date(2020, 1, 2)
        for i in range(PETITIONS):
            p = service.create(PetitionDraft(kind=("general", "documentos", "consulta")[i % 3],
                                             subject=f"Petición {i}", to_entity="Alcaldía Mayor de Cartagena",
                                             requests=("Información del contrato.",)))
            if i % 5:
                service.file(p.id, first + dt.timedelta(days=(i * 7) % 2500), f"R-{i}")

        def plain() -> None:
            with services.db.read() as session:
                list(session.scalars(select(Petition)))

        plain_time = _best(plain)
        dashboard_time = _best(service.list)
        services.close()

    spans = [(first + dt.timedelta(days=k * 11), TODAY) for k in range(200)]
    walk_time = _best(lambda: [_walk(a, b) for a, b in spans], repeat=3)
    arithmetic_time = _best(lambda: [business_days_in(a, b) for a, b in spans], repeat=3)
    assert [business_days_in(a, b) for a, b in spans] == [_walk(a, b) for a, b in spans]
    return {"dashboard_vs_plain_query": dashboard_time / plain_time,
            "arithmetic_vs_walk": arithmetic_time / walk_time}


def test_petitions_benchmark() -> None:
    ratios = run()
    print(ratios)
    assert ratios["arithmetic_vs_walk"] < 1.0


if __name__ == "__main__":
    for name, value in run().items():
        print(f"{name}: {value:.3f}", file=sys.stdout)
