"""Works registry through the service: validation, audit, archive/restore, filters, conflicts."""
from __future__ import annotations

import pytest

from veeduria_app.domain.works import WorkFields
from veeduria_app.services.errors import ConflictError, NotFoundError, PermissionDenied, ValidationError
from veeduria_app.services.identity import Actor
from veeduria_app.services.works import WorkFilter

L2 = "Localidad 2 - De la Virgen y Turística"


def canal(**overrides) -> WorkFields:
    data = dict(name="Canalización del canal Las Gaviotas, tramo 2", type="canal/drenaje", localidad="2",
                ucg="UCG 6", barrio="Las Gaviotas", lat="10,3965", lon="-75.4995", entity="Secretaría de Infraestructura")
    data.update(overrides)
    return WorkFields(**data)


def test_create_normalises_and_audits(services):
    work = services.works.create(canal())
    assert work.type == "canal_drenaje"
    assert work.localidad == L2
    assert (work.lat, work.lon) == (10.3965, -75.4995)
    assert work.warnings == ()
    stored = services.works.get(work.id)
    assert stored.name == "Canalización del canal Las Gaviotas, tramo 2"
    entries = services.audit.list(entity_id=work.id)
    assert [e.action for e in entries] == ["create"]
    assert entries[0].new_values["name"] == work.name
    assert entries[0].actor == services.identity.actor.username


@pytest.mark.parametrize("overrides, field, text", [
    ({"name": "  "}, "name", "obligatorio"),
    ({"lat": "abc"}, "lat", "no es un número"),
    ({"localidad": "Localidad 9"}, "localidad", "no existe"),
    ({"localidad": ""}, "localidad", "obligatoria"),
    ({"type": "aeropuerto"}, "type", "no es válido"),
    ({"lat": "95", "lon": "-75"}, "lat", "fuera del rango"),
    ({"lon": ""}, "lat", "juntas"),
    ({"ucg": "UCG 14"}, "ucg", "no pertenece"),
    ({"bpin": "20A3"}, "bpin", "dígitos"),
])
def test_bad_input_is_refused_in_spanish_and_writes_nothing(services, overrides, field, text):
    with pytest.raises(ValidationError) as caught:
        services.works.create(canal(**overrides))
    assert caught.value.field == field
    assert text in str(caught.value)
    assert services.works.count() == 0
    assert services.audit.list() == []


def test_coordinates_outside_cartagena_warn_but_save(services):
    work = services.works.create(canal(lat="10.3965", lon="75.4995"))
    assert services.works.get(work.id).lon == 75.4995
    assert len(work.warnings) == 1 and "signo menos" in work.warnings[0]


def test_update_records_only_changed_fields(services):
    work = services.works.create(canal())
    fields = services.works.fields_from(work)
    fields.status = "suspendida"
    updated = services.works.update(work.id, fields, expected_version=work.version)
    assert updated.status == "suspendida" and updated.version == work.version + 1
    entry = services.audit.list(entity_id=work.id)[0]
    assert entry.action == "update"
    assert entry.old_values == {"status": "en_ejecucion"} or entry.old_values == {"status": "planeada"}
    assert entry.new_values == {"status": "suspendida"}


def test_stale_version_is_a_conflict_not_an_overwrite(services):
    work = services.works.create(canal())
    first = services.works.fields_from(work)
    first.barrio = "La Candelaria"
    services.works.update(work.id, first, expected_version=work.version)
    second = services.works.fields_from(work)
    second.address = "Otra dirección"
    with pytest.raises(ConflictError) as caught:
        services.works.update(work.id, second, expected_version=work.version)
    assert caught.value.theirs["barrio"] == "La Candelaria"
    assert services.works.get(work.id).address == work.address


def test_a_save_retried_after_its_answer_was_lost_is_not_a_conflict(services):
    """The server committed but the answer never came back: the form saves again with the version
    it had. What is stored is already what it sends, so nothing is reconciled and nothing re-audited."""
    work = services.works.create(canal())
    fields = services.works.fields_from(work)
    fields.barrio = "La Candelaria"
    saved = services.works.update(work.id, fields, expected_version=work.version)
    retried = services.works.update(work.id, fields, expected_version=work.version)
    assert retried.version == saved.version == work.version + 1 and retried.barrio == "La Candelaria"
    assert [e.action for e in services.audit.list(entity_id=work.id)] == ["update", "create"]


def test_archive_hides_and_restore_brings_back(services):
    work = services.works.create(canal())
    services.works.archive(work.id)
    assert services.works.list() == []
    assert [w.id for w in services.works.list(WorkFilter(include_archived=True))] == [work.id]
    services.works.restore(work.id)
    assert [w.id for w in services.works.list()] == [work.id]
    actions = [e.action for e in services.audit.list(entity_id=work.id)]
    assert actions == ["restore", "archive", "create"]


def test_filters_by_territory_type_status_and_text(demo_services):
    works = demo_services.works
    everything = works.list()
    assert len(everything) >= 12
    assert {w.localidad for w in everything} == set(demo_services.territory.get().localidad_names)
    by_loc = works.list(WorkFilter(localidad=L2))
    assert by_loc and all(w.localidad == L2 for w in by_loc)
    schools = works.list(WorkFilter(type="colegio"))
    assert schools and all(w.type == "colegio" for w in schools)
    found = works.list(WorkFilter(text="gaviotas"))
    assert [w.name for w in found] == ["Canalización del canal Las Gaviotas, tramo 2"]


def test_find_by_prefix_and_missing(services):
    work = services.works.create(canal())
    assert services.works.find(work.id[:8]).id == work.id
    with pytest.raises(NotFoundError):
        services.works.find("no-existe")


def test_role_rules_are_enforced_in_the_service(services):
    work = services.works.create(canal())
    services.identity.set(Actor("lectora", "Lectora", "consulta"))
    with pytest.raises(PermissionDenied):
        services.works.create(canal(name="Otra"))
    services.identity.set(Actor("luis", "Luis", "integrante"))
    services.works.create(canal(name="Otra obra"))
    with pytest.raises(PermissionDenied):
        services.works.archive(work.id)


@pytest.mark.parametrize("typed,stored", [("6", "UCG 6"), ("ucg6", "UCG 6"), ("Unidad Comunera de Gobierno 6", "UCG 6"),
                                          ("area rural (corregimientos)", "Área rural (corregimientos)")])
def test_ucg_is_stored_as_the_lists_write_it(services, typed, stored):
    work = services.works.create(WorkFields(name="Canal", localidad="2", ucg=typed))
    assert work.ucg == stored
