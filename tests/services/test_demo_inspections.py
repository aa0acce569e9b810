"""The training demo's visits: real imports with every kind of flag a trainer wants to show."""
from __future__ import annotations

from collections import Counter

from veeduria_app.services.demo_steps.foundation import demo_work_ids


def test_demo_visits_show_clean_and_suspicious_photos(demo_services):
    services = demo_services
    ids = demo_work_ids()
    flags: Counter[str] = Counter()
    total = 0
    for work_id in ids.values():
        for visit in services.inspections.list(work_id):
            for photo in services.photos.list(visit.id):
                total += 1
                flags.update(photo.flags)
                assert photo.file_path.is_file() and photo.caption
    assert total >= 15
    assert flags["sin_gps"] >= 2 and flags["lejos_de_obra"] >= 1 and flags["editada"] == 1
    assert flags["fecha_inconsistente"] >= 1 and flags["reutilizada"] == 2
    gaviotas = services.inspections.list(ids["obra01"])
    assert [v.is_closed for v in gaviotas] == [True, True]
    assert gaviotas[0].observed_progress == 35 and gaviotas[0].checklist[0].answer == "no"
    assert len(gaviotas[1].amendments) == 1
    assert services.photos.verify().ok
