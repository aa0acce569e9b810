"""Benchmark: `.veeduria` export and import of 2,000 works with 20,000 child records.

Run: `python tests/benchmarks/bench_packages.py` (or `pytest tests/benchmarks/bench_packages.py -s`).
Baseline, measured in the same run: reading every exported row with SQLAlchemy Core and writing
it as JSON into a zip (the unavoidable work of any export). Reported as ratios to it: the export
(plus hashing, manifest, OC4IDS view), the first import into an empty folder (verification,
merge decisions, integrity pre-checks, audit lines, one transaction) and a re-import of the same
package (every record compared, nothing written). Timings are ratios, never absolute limits.
"""
from __future__ import annotations

import datetime as dt
import json
import sys
import tempfile
import time
import uuid
import zipfile
from pathlib import Path

from sqlalchemy import insert, select

from veeduria_app.db.base import Base
from veeduria_app.services.container import build_services
from veeduria_app.services.data_folder import DataFolder
from veeduria_app.services.package_format import encode_row, exportable_tables

WORKS = 2000
CHILDREN_PER_WORK = 10


def fill(services) -> None:
    """Rows written directly (the services would audit each one and dominate set-up time)."""
    works, declarations, members = Base.metadata.tables["works"], Base.metadata.tables["impediment_declarations"], \
        Base.metadata.tables["members"]
    now = dt.datetime.now(dt.timezone.utc)
    member_ids = [str(uuid.uuid4()) for _ in range(CHILDREN_PER_WORK)]
    with services.db.transaction() as session:
        session.execute(insert(members), [dict(id=m, created_at=now, updated_at=now, version=1, full_name=f"Integrante {i}",
                                                document_type="CC", document_number=str(70000000 + i), role="integrante",
                                                phone="", email="", address="", consent_given=True, active=True)
                                           for i, m in enumerate(member_ids)])
        rows, children = [], []
        for i in range(WORKS):
            work_id = str(uuid.uuid4())
            rows.append(dict(id=work_id, created_at=now, updated_at=now, version=1, name=f"Obra {i}", type="via",
                             entity="Alcaldía", description="x" * 200, bpin="", plan_programme="", population_served=None,
                             population_groups="", localidad="Localidad 2 - De la Virgen y Turística", ucg="UCG 5",
                             barrio="Olaya", address=f"Calle {i}", lat=10.4, lon=-75.5, status="en_ejecucion",
                             radius_m=300, archived=False, created_by="bench"))
            children.extend(dict(id=str(uuid.uuid4()), created_at=now, updated_at=now, version=1, member_id=m,
                                 work_id=work_id, declared_on=dt.date(2026, 1, 1), has_impediment=False, notes="")
                            for m in member_ids)
        session.execute(insert(works), rows)
        session.execute(insert(declarations), children)


def baseline(services, out: Path) -> float:
    start = time.perf_counter()
    with services.db.read() as session, zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for table in exportable_tables():
            rows = [encode_row(table, r) for r in session.execute(select(table)).mappings()]
            if rows:
                archive.writestr(f"{table.name}.json", json.dumps({"rows": rows}, ensure_ascii=False, indent=1))
    return time.perf_counter() - start


def timed(fn) -> tuple[float, object]:
    start = time.perf_counter()
    result = fn()
    return time.perf_counter() - start, result


def run() -> dict[str, float]:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        source = build_services(DataFolder.open(root / "a"))
        fill(source)
        base = min(baseline(source, root / f"b{i}.zip") for i in range(2))
        export_time, result = timed(lambda: source.packages.export(root / "p.veeduria"))
        target = build_services(DataFolder.open(root / "b"))
        first_time, first = timed(lambda: target.packages.import_package(result.path))
        again_time, again = timed(lambda: target.packages.import_package(result.path))
        assert first.created == result.records and again.created == again.updated == 0
        source.close(), target.close()
    ratios = {"export": export_time / base, "first_import": first_time / base, "reimport": again_time / base}
    print(f"records: {result.records}; baseline {base:.2f} s")
    for name, ratio in ratios.items():
        print(f"{name}: {ratio:.1f}× baseline")
    return ratios


def test_package_ratios():
    ratios = run()
    assert all(r > 0 for r in ratios.values())


if __name__ == "__main__":
    run()
    sys.exit(0)
