"""Visits through the service: checklist template, validation, close, amendments, audit."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from veeduria_app.domain.inspections import (
    DEFAULT_CHECKLIST, Attendee, ChecklistAnswer, InspectionFields, Observation, Quantity,
)
from veeduria_app.domain.works import WorkFields
from veeduria_app.services.errors import NotFoundError, PermissionDenied, ValidationError
from veeduria_app.services.identity import Actor

VISIT = dt.date(2026, 11, 21)


@pytest.fixture
def work(services):
    return services.works.create(WorkFields(
        name="Canalización del canal Las Gaviotas, tramo 2", type="canal_drenaje", localidad="2",
        barrio="Las Gaviotas", lat="10.3965", lon="-75.4995", radius_m="300"))


def full_fields(**overrides) -> InspectionFields:
    values = dict(
        visit_date=VISIT, start_time="8:30", end_time="10:15", weather="Soleado", observed_progress="35",
        reported_progress="60,5 %", reported_progress_source="Interventoría", notes="Sin valla en la entrada.",
        attendees=[Attendee("integrante", "Rosa Julio"), Attendee("integrante", "Luis Pérez"),
                   Attendee("recibio", "Ing. Carlos Díaz", "Residente de obra", "Consorcio Gaviotas")],
        observations=[Observation("Vecina de la manzana 12", "Cuando llueve se inunda la calle.", "Vecina")],
        quantities=[Quantity("Excavación mecánica", "120,5", "m3")],
    )
    values.update(overrides)
    return InspectionFields(**values)


def test_create_uses_the_default_checklist_and_cleans_values(services, work):
    visit = services.inspections.create(work.id, full_fields())
    assert [item.label for item in visit.checklist] == list(DEFAULT_CHECKLIST)
    assert visit.start_time == "08:30" and visit.end_time == "10:15"
    assert visit.observed_progress == Decimal("35.00") and visit.reported_progress == Decimal("60.50")
    assert visit.reported_progress_source == "interventoria"
    assert [a.name for a in visit.attendees] == ["Rosa Julio", "Luis Pérez", "Ing. Carlos Díaz"]
    assert visit.quantities[0].quantity == Decimal("120.5")
    assert visit.status == "abierta" and not visit.is_closed
    assert services.inspections.get(visit.id) == visit
    entry = services.audit.list(entity_id=visit.id)[0]
    assert entry.action == "create" and entry.new_values["observed_progress"] == "35.00"


def test_checklist_template_is_editable_and_used_by_new_visits(services, work):
    services.inspections.set_checklist_template(["Valla informativa", "  ", "Andenes", "andenes", "Iluminación"])
    assert services.inspections.checklist_template() == ["Valla informativa", "Andenes", "Iluminación"]
    visit = services.inspections.create(work.id, InspectionFields(visit_date=VISIT))
    assert [c.label for c in visit.checklist] == ["Valla informativa", "Andenes", "Iluminación"]
    with pytest.raises(ValidationError, match="al menos una pregunta"):
        services.inspections.set_checklist_template(["", " "])


@pytest.mark.parametrize("overrides, text", [
    ({"observed_progress": "135"}, "entre 0 y 100"),
    ({"observed_progress": "mucho"}, "no es un número"),
    ({"start_time": "25:00"}, "no es una hora válida"),
    ({"start_time": "10:00", "end_time": "09:00"}, "anterior a la de inicio"),
    ({"reported_progress_source": "el vecino"}, "no es una fuente válida"),
    ({"checklist": [ChecklistAnswer("Valla", "quizás")]}, "no válida"),
    ({"quantities": [Quantity("Excavación", "-3")]}, "negativa"),
])
def test_bad_input_is_refused_and_nothing_is_written(services, work, overrides, text):
    with pytest.raises(ValidationError, match=text):
        services.inspections.create(work.id, full_fields(**overrides))
    assert services.inspections.list(work.id) == []


def test_unknown_work_and_read_only_role(services, work):
    with pytest.raises(NotFoundError):
        services.inspections.create("no-existe", full_fields())
    services.identity.set(Actor("consulta1", "Consulta", "consulta"))
    with pytest.raises(PermissionDenied):
        services.inspections.create(work.id, full_fields())


def test_update_while_open_is_audited_with_changed_fields(services, work):
    visit = services.inspections.create(work.id, full_fields())
    fields = visit.fields()
    fields.observed_progress = Decimal("40")
    fields.checklist = [ChecklistAnswer(c.label, "no" if "Valla" in c.label else "si") for c in visit.checklist]
    updated = services.inspections.update(visit.id, fields, expected_version=visit.version)
    assert updated.observed_progress == Decimal("40.00")
    assert updated.checklist[0].answer == "no"
    entry = services.audit.list(entity_id=visit.id)[0]
    assert entry.action == "update"
    assert entry.old_values["observed_progress"] == "35.00" and entry.new_values["observed_progress"] == "40.00"
    assert "checklist" in entry.new_values and "attendees" not in entry.new_values


def test_closed_act_refuses_edits_and_accepts_audited_amendments(services, work):
    visit = services.inspections.create(work.id, full_fields())
    closed = services.inspections.close(visit.id)
    assert closed.is_closed and closed.closed_at is not None
    with pytest.raises(ValidationError, match="está cerrada"):
        services.inspections.update(visit.id, closed.fields())
    with pytest.raises(ValidationError, match="ya estaba cerrada"):
        services.inspections.close(visit.id)
    with pytest.raises(ValidationError, match="motivo"):
        services.inspections.amend(visit.id, "observed_progress", "38", "  ")

    amended = services.inspections.amend(visit.id, "observed_progress", "38", "Se midió de nuevo el tramo 2")
    amended = services.inspections.amend(visit.id, "checklist", ChecklistAnswer(DEFAULT_CHECKLIST[0], "no", "No hay valla"),
                                         "Faltaba responder")
    amended = services.inspections.amend(visit.id, "observation", Observation("Tendero", "Trabajan solo de día"),
                                         "Se omitió en el acta")
    assert amended.observed_progress == Decimal("38.00")
    assert amended.checklist[0].answer == "no" and amended.checklist[0].comment == "No hay valla"
    assert [o.speaker for o in amended.observations] == ["Vecina de la manzana 12", "Tendero"]
    assert [a.field for a in amended.amendments] == ["observed_progress", "checklist", "observation"]
    first = amended.amendments[0]
    assert (first.old_value, first.new_value, first.reason) == ("35.00", "38.00", "Se midió de nuevo el tramo 2")
    actions = [e.action for e in services.audit.list(entity_id=visit.id)]
    assert actions.count("amend") == 3 and "close" in actions
    with pytest.raises(ValidationError, match="no se puede enmendar"):
        services.inspections.amend(visit.id, "visit_date", "2026-11-22", "cambio")


def test_amendment_on_open_act_is_refused(services, work):
    visit = services.inspections.create(work.id, full_fields())
    with pytest.raises(ValidationError, match="aún está abierta"):
        services.inspections.amend(visit.id, "notes", "x", "motivo")


def test_list_is_newest_first_and_latest_progress(services, work):
    services.inspections.create(work.id, full_fields(visit_date=dt.date(2026, 10, 1), observed_progress="20"))
    services.inspections.create(work.id, full_fields(visit_date=dt.date(2026, 11, 21), observed_progress="35"))
    services.inspections.create(work.id, full_fields(visit_date=dt.date(2026, 11, 25), observed_progress=None))
    assert [v.visit_date.day for v in services.inspections.list(work.id)] == [25, 21, 1]
    assert services.inspections.latest_observed_progress(work.id) == (dt.date(2026, 11, 21), Decimal("35.00"))


def test_stale_edit_is_refused_even_when_only_lists_changed(services, work):
    from veeduria_app.services.errors import ConflictError

    visit = services.inspections.create(work.id, full_fields())
    fields = visit.fields()
    fields.checklist = [ChecklistAnswer(c.label, "si") for c in visit.checklist]
    first = services.inspections.update(visit.id, fields, expected_version=visit.version)
    assert first.version > visit.version
    with pytest.raises(ConflictError, match="Otra persona"):
        services.inspections.update(visit.id, visit.fields(), expected_version=visit.version)
    assert services.inspections.get(visit.id).checklist[0].answer == "si"
