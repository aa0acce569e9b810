"""Contract milestones imported from OCDS/OC4IDS: stored once, matched by source id on
re-import, changes updated and audited, provenance kept, shown in the contract DTO/JSON."""
from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal

from sqlalchemy import func, select

from veeduria_app.db.models.contracts import ContractMilestone
from veeduria_app.db.models.foundation import AuditEntry

OCID = "ocds-k50g02-CO1.BDOS.8100"


def _milestone_count(services) -> int:
    with services.db.read() as session:
        return session.scalar(select(func.count()).select_from(ContractMilestone))


def _release(status: str = "scheduled", date_met: str | None = None, date: str = "2026-03-01T00:00:00Z") -> dict:
    delivery = {"id": "1", "title": "Entrega del primer tramo", "type": "delivery", "status": status,
                "dueDate": "2026-06-30T00:00:00Z", "description": "Tramo K0+000 a K0+500",
                "value": {"amount": 250000000, "currency": "COP"}}
    if date_met:
        delivery["dateMet"] = date_met
        delivery["dateModified"] = date_met
    return {
        "ocid": OCID, "id": f"{OCID}-{date}", "date": date, "tag": ["contract"],
        "buyer": {"name": "DISTRITO DE CARTAGENA"},
        "contracts": [{
            "id": "CO1.PCCNTR.8100", "title": "Pavimentación calle 30", "status": "active",
            "value": {"amount": 900000000, "currency": "COP"},
            "milestones": [delivery,
                           {"id": "2", "title": "Informe de interventoría", "type": "reporting",
                            "status": "scheduled", "dueDate": "2026-04-15T00:00:00Z"}],
            # the same id "1" in the implementation list is another milestone
            "implementation": {"milestones": [{"id": "1", "title": "Acta de inicio", "status": "met",
                                               "dueDate": "2026-03-02T00:00:00Z",
                                               "dateMet": "2026-03-03T00:00:00Z"}]},
        }],
    }


def _write(path, release) -> str:
    path.write_text(json.dumps(release, ensure_ascii=False), encoding="utf-8")
    return path


def test_release_milestones_stored_once_updated_and_audited(services, tmp_path):
    first = services.imports.import_file(_write(tmp_path / "release.json", _release()))
    assert (first.format, first.created) == ("ocds", 1)
    contract = services.contracts.find("CO1.PCCNTR.8100")
    got = [(m.source_id, m.section, m.title, m.status_label, m.due_date) for m in contract.milestones]
    assert got == [
        ("implementation/milestones/1", "ejecucion", "Acta de inicio", "Cumplido", dt.date(2026, 3, 2)),
        ("milestones/2", "contrato", "Informe de interventoría", "Programado", dt.date(2026, 4, 15)),
        ("milestones/1", "contrato", "Entrega del primer tramo", "Programado", dt.date(2026, 6, 30)),
    ]
    delivery = contract.milestones[2]
    assert delivery.value == Decimal("250000000") and delivery.currency == "COP" and delivery.type_label == "Entrega"
    assert delivery.source.file_name == "release.json" and delivery.source.typed_by is None

    again = services.imports.import_file(tmp_path / "release.json")
    assert (again.created, again.updated, again.unchanged) == (0, 0, 1)
    assert _milestone_count(services) == 3

    newer = services.imports.import_file(_write(tmp_path / "release_nueva.json",
                                                _release("met", "2026-07-02T00:00:00Z", "2026-07-05T00:00:00Z")))
    assert (newer.created, newer.updated, newer.unchanged) == (0, 1, 0)
    assert _milestone_count(services) == 3
    delivery = services.contracts.find("CO1.PCCNTR.8100").milestones[2]
    assert (delivery.status, delivery.date_met, delivery.date_modified) == ("met", dt.date(2026, 7, 2), dt.date(2026, 7, 2))
    assert delivery.source.file_name == "release_nueva.json"
    with services.db.read() as session:
        entry = session.scalars(select(AuditEntry).where(AuditEntry.action == "import_update",
                                                         AuditEntry.entity_type == "contract_milestones")).one()
        assert entry.entity_id == delivery.id
        assert entry.old_values["status"] == "scheduled" and entry.new_values["status"] == "met"
        assert "cambió de scheduled a met" in entry.summary and "fuente release_nueva.json" in entry.summary
        assert "fecha" not in entry.old_values  # only what changed

    # A later file that no longer lists a milestone does not erase it (None never erases).
    release = _release("met", "2026-07-02T00:00:00Z", "2026-07-05T00:00:00Z")
    release["contracts"][0]["milestones"] = release["contracts"][0]["milestones"][:1]
    shorter = services.imports.import_file(_write(tmp_path / "release_corta.json", release))
    assert (shorter.updated, shorter.unchanged) == (0, 1)
    assert _milestone_count(services) == 3


def test_contract_json_lists_milestones(services, tmp_path):
    services.imports.import_file(_write(tmp_path / "release.json", _release()))
    data = services.contracts.find("CO1.PCCNTR.8100").to_json()
    delivery = next(m for m in data["milestones"] if m["source_id"] == "milestones/1")
    assert delivery == {
        "id": delivery["id"], "source_id": "milestones/1", "section": "contrato", "title": "Entrega del primer tramo",
        "type": "delivery", "type_label": "Entrega", "status": "scheduled", "status_label": "Programado",
        "due_date": "2026-06-30", "date_met": None, "date_modified": None, "description": "Tramo K0+000 a K0+500",
        "value": 250000000, "currency": "COP", "source": "archivo release.json",
    }
    assert json.dumps(data)  # serialisable as is


def test_real_samples_milestones(services, samples_dir):
    folder = samples_dir / "ocds"
    for name in ("mexico_cdmx_release-package_utf8.json", "mexico_cdmx_release-package_ISO-8859-1.json",
                 "oc4ids_example_project_package.json", "colombia_secop1_release_ocds-k50g02-19-12-8875567.json"):
        services.imports.import_file(folder / name)
    assert _milestone_count(services) == 12 + 12 + 1
    mexico = services.contracts.find("OCDS-87SD3T-AD-SF-DRM-063-2015/1")
    assert len(mexico.milestones) == 12 and {m.status_label for m in mexico.milestones} == {"Cumplido en parte"}
    assert mexico.milestones[0].due_date == dt.date(2016, 3, 10)
    assert mexico.milestones[0].source.file_name == "mexico_cdmx_release-package_utf8.json"
    construction = services.contracts.find("ocds-a1b1c1-c9b14c18-adc8-11e6-9901-0019b9f3037b")
    [m] = construction.milestones
    assert (m.title, m.status, m.value, m.currency, m.date_met) == (
        "Construction payment", "met", Decimal("1950000"), "GBP", dt.date(2017, 8, 7))
    with_milestones = {c.source_key: len(c.milestones) for c in services.contracts.list() if c.milestones}
    assert with_milestones == {"OCDS-87SD3T-AD-SF-DRM-063-2015/1": 12, "OCDS-87SD3T-SEFIN-DRM-AD-024-2016/1": 12,
                               construction.source_key: 1}  # Guaitarilla's «Apertura» is a tender milestone
    again = services.imports.import_file(folder / "mexico_cdmx_release-package_utf8.json")
    assert (again.created, again.updated, again.unchanged) == (0, 0, 1)
    assert _milestone_count(services) == 25
