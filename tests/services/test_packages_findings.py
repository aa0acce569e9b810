"""Finding codes (H-04) stay unique per work when two laptops exchange packages."""
from __future__ import annotations

import pytest

from veeduria_app.domain.findings import FindingFields

from package_helpers import dump, export_demo, open_practice_folder


@pytest.fixture(scope="module")
def demo_package(tmp_path_factory):
    return export_demo(tmp_path_factory.mktemp("origen"), "demo.veeduria")[1].path


def _codes(services, work_id):
    return {f.id: (f.code, f.title) for f in services.findings.list(work_id, include_archived=True)}


def test_two_laptops_give_the_same_code_to_different_findings(demo_package, tmp_path):
    rosa, luis = open_practice_folder(tmp_path / "rosa"), open_practice_folder(tmp_path / "luis")
    rosa.packages.import_package(demo_package)
    luis.packages.import_package(demo_package)
    work = next(w for w in rosa.works.list() if rosa.findings.list(w.id) and rosa.photos.list_for_work(w.id))
    last = max(f.number for f in rosa.findings.list(work.id, include_archived=True))
    photo = rosa.photos.list_for_work(work.id)[0]

    escombros = luis.findings.create(work.id, FindingFields(title="Escombros en la vía pública"),
                                     links=(("foto", photo.id, photo.original_name), ("documento", "Acta 7", "Acta 7")))
    from_luis = luis.packages.export(tmp_path / "luis.veeduria").path
    tuberia = rosa.findings.create(work.id, FindingFields(title="Tubería expuesta sin señalizar"))
    assert escombros.number == tuberia.number == last + 1

    summary = rosa.packages.import_package(from_luis)
    codes = _codes(rosa, work.id)
    assert len({code for code, _title in codes.values()}) == len(codes)  # no two rows with the same code
    assert codes[tuberia.id][0] == tuberia.code  # the finding this laptop already had keeps its code
    moved = rosa.findings.get(escombros.id)
    assert moved.number == last + 2
    assert {(l.kind, l.target) for l in moved.links} == {("foto", photo.id), ("documento", "Acta 7")}
    assert {l.id for l in moved.links} == {l.id for l in escombros.links}
    assert summary.by_table["findings"] == {"unchanged": last, "created": 1, "renumbered": 1}
    trail = [e for e in rosa.audit.list(entity_id=escombros.id) if e.action == "import_renumber"]
    assert len(trail) == 1 and trail[0].old_values == {"number": last + 1} \
        and trail[0].new_values == {"number": last + 2}
    assert tuberia.code in trail[0].summary and moved.code in trail[0].summary and "Tubería" in trail[0].summary

    before = dump(rosa.data_folder.db_path)  # the same package again changes nothing
    again = rosa.packages.import_package(from_luis)
    assert (again.created, again.updated, len(again.conflicts), again.skipped) == (0, 0, 0, ())
    assert "renumbered" not in again.by_table["findings"]
    assert dump(rosa.data_folder.db_path) == before

    back = luis.packages.import_package(rosa.packages.export(tmp_path / "rosa.veeduria").path)
    assert back.conflicts == () and back.skipped == ()
    assert _codes(luis, work.id) == _codes(rosa, work.id)  # both laptops now quote the same codes
    assert luis.findings.get(escombros.id).links == moved.links

    once_more = rosa.packages.import_package(luis.packages.export(tmp_path / "luis2.veeduria").path)
    assert (once_more.created, once_more.updated, len(once_more.conflicts)) == (0, 0, 0)
    assert _codes(rosa, work.id) == _codes(luis, work.id)
    rosa.close(), luis.close()


def _finding_rosa_moved(demo_package, tmp_path):
    """Luis and Rosa each give a work's next code to a new finding; Luis's «Escombros» reaches Rosa
    first and is renumbered there. Returns (rosa, luis, work, escombros, tuberia)."""
    rosa, luis = open_practice_folder(tmp_path / "rosa"), open_practice_folder(tmp_path / "luis")
    rosa.packages.import_package(demo_package)
    luis.packages.import_package(demo_package)
    work = next(w for w in rosa.works.list() if rosa.findings.list(w.id))
    escombros = luis.findings.create(work.id, FindingFields(title="Escombros en la vía pública"))
    first = luis.packages.export(tmp_path / "1.veeduria").path
    tuberia = rosa.findings.create(work.id, FindingFields(title="Tubería expuesta sin señalizar"))
    rosa.packages.import_package(first)
    return rosa, luis, work, escombros, tuberia


def test_a_known_finding_keeps_its_number_when_the_incoming_one_is_taken(demo_package, tmp_path):
    """Luis renumbers nothing but edits a finding Rosa already moved: Rosa keeps a unique code."""
    rosa, luis, work, escombros, tuberia = _finding_rosa_moved(demo_package, tmp_path)
    moved = rosa.findings.get(escombros.id).number
    fields = escombros.fields()
    fields.cause = "Falta de control del contratista"
    luis.findings.update(escombros.id, fields)  # Luis has not received the new number yet
    summary = rosa.packages.import_package(luis.packages.export(tmp_path / "2.veeduria").path)
    after = rosa.findings.get(escombros.id)
    assert after.number == moved and rosa.findings.get(tuberia.id).number == tuberia.number
    codes = [code for code, _t in _codes(rosa, work.id).values()]
    assert len(set(codes)) == len(codes)
    assert len(summary.conflicts) == 1 and summary.by_table["findings"].get("renumbered") == 1
    rosa.close(), luis.close()


def test_renumbering_on_any_backend(services, tmp_path):
    """Runs on SQLite and, with VEEDURIA_TEST_PG_URL, on the PostgreSQL server backend too."""
    from package_helpers import open_folder as real_folder
    from veeduria_app.domain.works import WorkFields

    luis = real_folder(tmp_path / "luis")
    work = luis.works.create(WorkFields(name="Canal Las Gaviotas", type="canal_drenaje", localidad="2"))
    services.packages.import_package(luis.packages.export(tmp_path / "1.veeduria").path)
    escombros = luis.findings.create(work.id, FindingFields(title="Escombros en la vía pública"),
                                     links=(("documento", "Acta 7", "Acta 7"),))
    tuberia = services.findings.create(work.id, FindingFields(title="Tubería expuesta sin señalizar"))
    package = luis.packages.export(tmp_path / "2.veeduria").path
    summary = services.packages.import_package(package)
    assert summary.by_table["findings"] == {"created": 1, "renumbered": 1}
    assert "1 hallazgo renumerado" in summary.text and len(summary.renumbered) == 1
    assert "H-02" in summary.renumbered[0] and summary.to_json()["renumbered"] == list(summary.renumbered)
    assert [(f.code, f.title) for f in services.findings.list(work.id)] == [
        ("H-01", "Tubería expuesta sin señalizar"), ("H-02", "Escombros en la vía pública")]
    assert services.findings.get(escombros.id).links == escombros.links and tuberia.number == 1
    again = services.packages.import_package(package)
    assert (again.created, again.updated, len(again.conflicts)) == (0, 0, 0)
    assert [f.code for f in services.findings.list(work.id)] == ["H-01", "H-02"]
    luis.close()


def test_choosing_the_received_version_of_a_conflict_keeps_the_code_unique(demo_package, tmp_path):
    """Both laptops edit a finding whose number Rosa already moved; Rosa edited last, so her version
    stays until she chooses Luis's: his text arrives, his old number (held by another finding) does not."""
    rosa, luis, work, escombros, tuberia = _finding_rosa_moved(demo_package, tmp_path)
    moved = rosa.findings.get(escombros.id).number
    assert moved != escombros.number == tuberia.number
    theirs = escombros.fields()
    theirs.cause = "Falta de control del contratista"
    luis.findings.update(escombros.id, theirs)
    ours = rosa.findings.get(escombros.id).fields()
    ours.cause = "Sin cerramiento de obra"
    rosa.findings.update(escombros.id, ours)
    summary = rosa.packages.import_package(luis.packages.export(tmp_path / "2.veeduria").path)
    (conflict,) = summary.conflicts
    assert conflict.applied == "local" and conflict.incoming_values["number"] == tuberia.number

    rosa.packages.resolve_conflict(conflict.id, "paquete")
    after = rosa.findings.get(escombros.id)
    assert after.cause == "Falta de control del contratista"  # the received version, as chosen
    assert after.number == moved and rosa.findings.get(tuberia.id).number == tuberia.number
    codes = [code for code, _t in _codes(rosa, work.id).values()]
    assert len(set(codes)) == len(codes)
    trail = [e for e in rosa.audit.list(entity_id=escombros.id) if e.action == "resolve_conflict"]
    assert len(trail) == 1 and after.code in trail[0].summary and tuberia.title in trail[0].summary
    rosa.close(), luis.close()
