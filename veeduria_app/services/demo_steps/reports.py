"""Demo step: one issued informe de veeduría and its oficio remisorio for the Gaviotas canal.

Training starts with a document in the «Informes» history, so a trainer can show the preview,
print it (marked MODO CAPACITACIÓN), and verify it, then alter a copy and verify again.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from veeduria_app.services.demo_steps.foundation import demo_work_ids
from veeduria_app.services.reports import Recipient

if TYPE_CHECKING:
    from veeduria_app.services.container import Services

ORDER = 95  # after works, contracts, visits, photos, analysis and findings


def run(services: "Services") -> None:
    work_id = demo_work_ids()["obra01"]
    informe = services.reports.issue_informe(work_id)
    services.reports.issue_oficio(
        informe.id,
        Recipient(title="Ingeniera", name="Laura Patricia Julio Marrugo",
                  position="Secretaria de Infraestructura", entity="Alcaldía Mayor de Cartagena de Indias",
                  address="Plaza de la Aduana, Centro"),
        copies=("Personería Distrital de Cartagena", "Contraloría Distrital de Cartagena"))
