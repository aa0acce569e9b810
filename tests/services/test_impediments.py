"""Ley 850 art. 19 declarations per member and work: service, CLI and GUI tab."""
from __future__ import annotations

import json

import pytest
from PySide6.QtCore import Qt

from veeduria_app.cli import main
from veeduria_app.domain.works import WorkFields
from veeduria_app.services.errors import NotFoundError, PermissionDenied
from veeduria_app.services.identity import Actor
from veeduria_app.services.profile import MemberFields


@pytest.fixture
def setup(services):
    rosa = services.profile.add_member(MemberFields(full_name="Rosa Martínez"))
    luis = services.profile.add_member(MemberFields(full_name="Luis Cassiani"))
    work = services.works.create(WorkFields(name="Canal Las Gaviotas", localidad="2"))
    return services, rosa, luis, work


def test_declarations_latest_wins_and_are_audited(setup):
    services, rosa, luis, work = setup
    assert [d.status_label for d in services.impediments.for_work(work.id)] == ["Sin declarar", "Sin declarar"]
    services.impediments.declare(rosa.id, work.id)
    services.impediments.declare(luis.id, work.id, has_impediment=True, notes="Su hermano es el interventor")
    services.impediments.declare(luis.id, work.id, has_impediment=False, notes="El hermano dejó el cargo en 2024")
    by_name = {d.member_name: d for d in services.impediments.for_work(work.id)}
    assert by_name["Rosa Martínez"].has_impediment is False
    assert by_name["Luis Cassiani"].has_impediment is False
    assert by_name["Luis Cassiani"].notes == "El hermano dejó el cargo en 2024"
    summaries = [e.summary for e in services.audit.list(entity_type="impediment")]
    assert len(summaries) == 3 and "declara tener impedimento" in summaries[1]


def test_unknown_records_and_roles(setup):
    services, rosa, _luis, work = setup
    with pytest.raises(NotFoundError):
        services.impediments.declare("nadie", work.id)
    services.identity.set(Actor("ana", "Ana", "consulta"))
    with pytest.raises(PermissionDenied):
        services.impediments.declare(rosa.id, work.id)


def test_cli_declare_and_list(setup, capsys):
    services, rosa, _luis, work = setup
    where = ["--data-dir", str(services.data_folder.path)]
    if not services.db.is_sqlite:  # the same server database the fixture uses
        where += ["--db-url", services.db.url]
    assert main([*where, "members", "declare", "--member", rosa.id, "--work", work.id]) == 0
    capsys.readouterr()
    assert main([*where, "members", "impediments", "--work", work.id, "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert {r["member"]: r["has_impediment"] for r in rows} == {"Luis Cassiani": None, "Rosa Martínez": False}


def test_gui_tab_records_the_selected_member(qtbot, setup):
    from veeduria_app.ui.context import AppContext
    from veeduria_app.ui.impediments_tab import ImpedimentsTab
    from veeduria_app.ui.tasks import SyncPool, TaskRunner

    services, _rosa, _luis, work = setup
    tab = ImpedimentsTab(AppContext(services, TaskRunner(SyncPool())), work.id)
    qtbot.addWidget(tab)
    tab.table.selectRow(1)  # Rosa (sorted by name)
    qtbot.mouseClick(tab.no_button, Qt.MouseButton.LeftButton)
    assert tab.table.item(1, 1).text() == "Sin impedimento"
    assert tab.table.item(0, 1).text() == "Sin declarar"
