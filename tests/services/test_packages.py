"""`.veeduria` packages between two real data folders: round trip, merges, conflicts, personal
data, and every malicious package refused with nothing written."""
from __future__ import annotations

import json
import stat
import zipfile

import pytest

from veeduria_app.domain.works import WorkFields
from veeduria_app.services.errors import ValidationError
from veeduria_app.services.jobs import Cancelled, CancelToken

from package_helpers import (counts, dump, export_demo, open_folder, open_practice_folder, read_entries, store_files,
                             write_package)


@pytest.fixture(scope="module")
def demo_package(tmp_path_factory):
    """The training demo exported once."""
    return export_demo(tmp_path_factory.mktemp("origen"))


@pytest.fixture
def target(tmp_path):
    services = open_practice_folder(tmp_path / "destino")  # the demo package is practice data
    yield services
    services.close()


def test_round_trip_between_two_data_folders(demo_package, target):
    source_folder, exported = demo_package
    assert exported.evidence_files == 17 and exported.records > 200
    summary = target.packages.import_package(exported.path)
    assert summary.created == exported.records and summary.evidence_added == 17
    assert (summary.updated, summary.unchanged, len(summary.conflicts), summary.skipped) == (0, 0, 0, ())
    assert counts(target.data_folder.db_path) == counts(source_folder / "veeduria.sqlite3")
    assert store_files(target.data_folder.path) == store_files(source_folder)
    assert all(name.split(".")[0] == sha for name, sha in store_files(target.data_folder.path).items())
    assert target.photos.verify().ok
    work = target.works.list()[0]
    trail = target.audit.list(entity_id=work.id)
    assert [(e.action, e.actor) for e in trail] == [("import_create", target.identity.actor.username)]
    assert work.name in trail[0].summary  # every received record is in this laptop's audit trail


def test_same_package_twice_changes_nothing(demo_package, target):
    _folder, exported = demo_package
    target.packages.import_package(exported.path)
    before = dump(target.data_folder.db_path)
    files = store_files(target.data_folder.path)
    again = target.packages.import_package(exported.path)
    assert (again.created, again.updated, len(again.conflicts), again.evidence_added) == (0, 0, 0, 0)
    assert again.unchanged == exported.records
    assert dump(target.data_folder.db_path) == before  # not even an audit line
    assert store_files(target.data_folder.path) == files


def test_accounts_never_travel(tmp_path):
    source = open_folder(tmp_path / "a")
    source.accounts.create("rosa", "clave-de-rosa", role="coordinador")
    source.works.create(WorkFields(name="Canal Las Gaviotas", type="canal_drenaje", localidad="2"))
    result = source.packages.export(tmp_path / "p.veeduria")
    entries = read_entries(result.path)
    assert not any("user_accounts" in n or "audit" in n or "settings" in n for n in entries)
    assert b"scrypt$" not in b"".join(entries.values())
    target = open_folder(tmp_path / "b")
    target.packages.import_package(result.path)
    assert not target.accounts.login_required() and len(target.works.list()) == 1
    source.close(), target.close()


def test_personal_data_only_when_ticked(tmp_path):
    from veeduria_app.services.profile import MemberFields

    source = open_folder(tmp_path / "a")
    source.profile.add_member(MemberFields(full_name="Luis Díaz", document_number="73123456", phone="3001234567",
                                           email="luis@example.org", consent_given=True))
    plain = read_entries(source.packages.export(tmp_path / "sin.veeduria").path)
    members = json.loads(plain["registros/members.json"])["rows"][0]
    assert members["full_name"] == "Luis Díaz"
    assert not {"document_number", "phone", "email", "address"} & set(members)
    assert b"73123456" not in b"".join(plain.values())
    full = source.packages.export(tmp_path / "con.veeduria", include_personal_data=True)
    assert b"73123456" in read_entries(full.path)["registros/members.json"]
    target = open_folder(tmp_path / "b")
    target.packages.import_package(full.path)
    target.packages.import_package(tmp_path / "sin.veeduria")  # a package without them blanks nothing
    assert target.profile.members()[0].document_number == "73123456"
    source.close(), target.close()


def _edit(services, work_id, **changes):
    current = services.works.get(work_id)
    fields = services.works.fields_from(current)
    for key, value in changes.items():
        setattr(fields, key, value)
    return services.works.update(work_id, fields)


def test_one_sided_edit_wins_and_both_sided_edit_is_a_conflict(tmp_path):
    rosa = open_folder(tmp_path / "rosa")
    created = rosa.works.create(WorkFields(name="Canal Las Gaviotas, tramo 2", type="canal_drenaje", localidad="2"))
    first = rosa.packages.export(tmp_path / "1.veeduria").path
    luis = open_folder(tmp_path / "luis")
    luis.packages.import_package(first)
    _edit(luis, created.id, barrio="Olaya Herrera")  # only Luis changes it
    back = luis.packages.export(tmp_path / "2.veeduria").path
    summary = rosa.packages.import_package(back)
    assert summary.updated == 1 and not summary.conflicts
    assert rosa.works.get(created.id).barrio == "Olaya Herrera"
    assert rosa.works.get(created.id).version > created.version  # an open form notices the change

    _edit(rosa, created.id, address="Calle 1")  # now both change it
    _edit(luis, created.id, address="Carrera 2")
    from_luis = luis.packages.export(tmp_path / "3.veeduria").path
    summary = rosa.packages.import_package(from_luis)
    assert len(summary.conflicts) == 1
    conflict = summary.conflicts[0]
    assert conflict.label == "Canal Las Gaviotas, tramo 2" and conflict.applied == "paquete"  # Luis edited last
    assert conflict.local_values["address"] == "Calle 1" and conflict.incoming_values["address"] == "Carrera 2"
    assert rosa.works.get(created.id).address == "Carrera 2"
    assert rosa.packages.import_package(from_luis).conflicts == ()  # the same package again: no new conflict
    rosa.packages.resolve_conflict(conflict.id, "local")  # a person decides
    assert rosa.works.get(created.id).address == "Calle 1"
    assert rosa.packages.conflicts() == []
    rosa.close(), luis.close()


def test_export_one_work_carries_only_that_work(demo_package, tmp_path):
    source_folder, _ = demo_package
    source = open_folder(source_folder)
    works = source.works.list()
    chosen = max(works, key=lambda w: len(source.photos.list_for_work(w.id)))
    photos = source.photos.list_for_work(chosen.id)
    result = source.packages.export(tmp_path / "una.veeduria", work_id=chosen.id)
    source.close()
    assert result.tables["works"] == 1 and result.evidence_files == len({p.sha256 for p in photos}) > 0
    target = open_practice_folder(tmp_path / "destino")
    summary = target.packages.import_package(result.path)
    assert not summary.skipped
    assert [w.id for w in target.works.list()] == [chosen.id]
    assert {p.sha256 for p in target.photos.list_for_work(chosen.id)} == {p.sha256 for p in photos}
    target.close()


# ------------------------------------------------------------------ refused packages


def _zip_info(name: str) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name)
    info.external_attr = 0o644 << 16
    return info


def _malicious(kind: str, source, tmp_path):
    entries = read_entries(source)
    path = tmp_path / f"{kind}.veeduria"
    if kind == "zip_danado":
        data = source.read_bytes()
        path.write_bytes(data[: len(data) // 2])
        return path, "dañado|incompleto"
    if kind == "hash_distinto":
        entries["registros/works.json"] = entries["registros/works.json"].replace(b"Gaviotas", b"GAVIOTAS")
        return write_package(path, entries, fix_manifest=False), "huella SHA-256"
    if kind == "entrada_no_declarada":
        write_package(path, entries, extra=[(_zip_info("registros/extra.json"), b"{}")])
        return path, "no figura en el manifiesto"
    if kind == "entrada_faltante":
        name = next(n for n in entries if n.startswith("evidencias/"))
        manifest = json.loads(entries["manifest.json"])
        del entries[name]
        return write_package(path, entries, manifest_edit=lambda m: m.update(entries=manifest["entries"])), \
            "falta"
    if kind in ("ruta_padre", "ruta_absoluta", "ruta_windows"):
        evil = {"ruta_padre": "evidencias/../../fuera.txt", "ruta_absoluta": "/tmp/fuera.txt",
                "ruta_windows": "C:/Windows/fuera.txt"}[kind]
        entries[evil] = b"fuera"
        return write_package(path, entries), "fuera de la carpeta"
    if kind == "enlace":
        info = _zip_info("evidencias/enlace")
        info.external_attr = (stat.S_IFLNK | 0o777) << 16
        return write_package(path, entries, extra=[(info, b"/etc/passwd")]), "enlace simbólico"
    if kind == "bomba":
        entries["oc4ids/relleno.json"] = b"0" * (40 * 1024 * 1024)  # compresses to ~40 KB
        return write_package(path, entries), "límite"
    if kind == "esquema_nuevo":
        return write_package(path, entries, manifest_edit=lambda m: m.update(schema_revision="9999_futuro")), \
            "más reciente"
    raise AssertionError(kind)


MALICIOUS = ["zip_danado", "hash_distinto", "entrada_no_declarada", "entrada_faltante", "ruta_padre",
             "ruta_absoluta", "ruta_windows", "enlace", "bomba", "esquema_nuevo"]


@pytest.mark.parametrize("kind", MALICIOUS)
def test_malicious_packages_are_refused_and_nothing_is_written(demo_package, tmp_path, kind):
    _folder, exported = demo_package
    target = open_folder(tmp_path / "destino")
    target.packages._max_expanded = 30 * 1024 * 1024  # the demo package is ~3 MB; the bomb expands to 40 MB
    target.works.create(WorkFields(name="Dato previo", type="parque", localidad="1"))
    before, files = dump(target.data_folder.db_path), store_files(target.data_folder.path)
    path, message = _malicious(kind, exported.path, tmp_path)
    with pytest.raises(ValidationError, match=message):
        target.packages.import_package(path)
    assert dump(target.data_folder.db_path) == before
    assert store_files(target.data_folder.path) == files
    assert not (tmp_path / "fuera.txt").exists()
    target.close()


def test_failure_during_merge_leaves_target_unchanged(demo_package, target):
    _folder, exported = demo_package
    before, files = dump(target.data_folder.db_path), store_files(target.data_folder.path)

    def power_cut():
        raise OSError("corte de luz simulado")
    with pytest.raises(OSError):
        target.packages.import_package(exported.path, _after_merge=power_cut)
    assert dump(target.data_folder.db_path) == before
    assert store_files(target.data_folder.path) == files  # staged evidence removed again
    token = CancelToken()
    token.cancel()
    with pytest.raises(Cancelled):
        target.packages.import_package(exported.path, cancel=token)
    assert dump(target.data_folder.db_path) == before


KILL_SCRIPT = r"""
import sys, time
from pathlib import Path
from veeduria_app.services.container import build_services
from veeduria_app.services.data_folder import DataFolder

services = build_services(DataFolder.open(sys.argv[1]))
marker = Path(sys.argv[3])

def hang():  # every row is written inside the open transaction: now the power goes
    marker.write_text("dentro", encoding="utf-8")
    time.sleep(120)

services.packages.import_package(sys.argv[2], _after_merge=hang)
"""


def test_kill_during_import_leaves_the_database_unchanged(demo_package, tmp_path):
    import os
    import signal
    import sqlite3
    import subprocess
    import sys
    import time

    _folder, exported = demo_package
    target = open_practice_folder(tmp_path / "destino")
    target.works.create(WorkFields(name="Dato previo", type="parque", localidad="1"))
    folder = target.data_folder
    target.close()
    before = dump(folder.db_path)
    marker = tmp_path / "marca.txt"
    child = subprocess.Popen([sys.executable, "-c", KILL_SCRIPT, str(folder.path), str(exported.path), str(marker)],
                             cwd=os.getcwd())
    try:
        deadline = time.monotonic() + 60
        while not marker.exists():
            assert child.poll() is None, "el proceso de importación terminó antes de tiempo"
            assert time.monotonic() < deadline
            time.sleep(0.05)
    finally:
        child.send_signal(signal.SIGKILL)
        child.wait()
    assert sqlite3.connect(folder.db_path).execute("PRAGMA integrity_check").fetchone() == ("ok",)
    assert dump(folder.db_path) == before  # the uncommitted transaction vanished with the process
    again = open_folder(folder.path)  # and the folder still imports normally (stray evidence copies reused)
    summary = again.packages.import_package(exported.path)
    assert summary.created == exported.records and again.photos.verify().ok
    again.close()


def test_export_reports_a_recorded_photo_whose_file_is_gone(demo_package, target, tmp_path):
    import os

    _folder, exported = demo_package
    target.packages.import_package(exported.path)
    victim = next(iter(sorted((target.data_folder.path / "evidencias").glob("??/??/*"))))
    os.chmod(victim, 0o600)
    victim.unlink()
    result = target.packages.export(tmp_path / "incompleto.veeduria")
    assert result.missing_evidence == (victim.name.split(".")[0],) and result.evidence_files == 16
    third = open_practice_folder(tmp_path / "tercero")
    summary = third.packages.import_package(result.path)  # the package is still valid and complete otherwise
    assert summary.evidence_added == 16 and not third.photos.verify().ok
    third.close()


def test_same_contract_recorded_on_both_laptops_is_merged_not_duplicated(tmp_path):
    """Both laptops imported the same SECOP contract (same source key, different ids): the package's
    contract merges into the local one and its payments are re-pointed to it."""
    import datetime as dt
    import uuid
    from decimal import Decimal

    from sqlalchemy import insert

    from veeduria_app.db.base import Base

    contracts, payments = Base.metadata.tables["contracts"], Base.metadata.tables["payments"]
    stamp = dt.datetime(2026, 11, 1, tzinfo=dt.timezone.utc)

    def laptop(name, contract_id, when):
        services = open_folder(tmp_path / name)
        with services.db.transaction() as session:
            session.execute(insert(contracts).values(
                id=contract_id, created_at=when, updated_at=when, version=1, source_key="secop2:CO1.PCCNTR.123",
                secop_id="CO1.PCCNTR.123", object="Canalización Las Gaviotas", initial_value=Decimal("1000000"),
                search_text="", archived=False))
        return services

    rosa_id, luis_id = str(uuid.uuid4()), str(uuid.uuid4())
    rosa = laptop("rosa", rosa_id, stamp)
    luis = laptop("luis", luis_id, stamp + dt.timedelta(days=1))
    with luis.db.transaction() as session:
        session.execute(insert(payments).values(id="pago-1", created_at=stamp, updated_at=stamp, version=1,
                                                contract_id=luis_id, amount=Decimal("500000"), kind="anticipo"))
    summary = rosa.packages.import_package(luis.packages.export(tmp_path / "luis.veeduria").path)
    assert summary.skipped == () and summary.by_table["payments"] == {"created": 1}
    assert "created" not in summary.by_table["contracts"]
    with rosa.db.read() as session:
        assert len(session.execute(contracts.select()).all()) == 1
        assert session.execute(payments.select()).mappings().one()["contract_id"] == rosa_id
    back = luis.packages.import_package(rosa.packages.export(tmp_path / "rosa.veeduria").path)
    assert back.skipped == () and back.created == 0  # and back again: still one contract, one payment
    rosa.close(), luis.close()


def test_import_into_any_backend_and_again(demo_package, services):
    """Runs on SQLite and, in CI, on the PostgreSQL server backend too (the `services` fixture)."""
    source_folder, exported = demo_package
    services.data_folder.mark_training()  # the demo package is practice data
    first = services.packages.import_package(exported.path)
    assert first.created == exported.records and first.evidence_added == 17 and not first.skipped
    again = services.packages.import_package(exported.path)
    assert (again.created, again.updated, len(again.conflicts), again.evidence_added) == (0, 0, 0, 0)
    source = open_folder(source_folder)
    assert [w.id for w in services.works.list()] == [w.id for w in source.works.list()]
    source.close()
    assert services.photos.verify().ok


def test_a_package_cannot_smuggle_accounts_settings_or_audit(tmp_path):
    """A hand-made package with an account, a setting and audit lines: none of them is imported."""
    source = open_folder(tmp_path / "a")
    source.works.create(WorkFields(name="Canal Las Gaviotas", type="canal_drenaje", localidad="2"))
    entries = read_entries(source.packages.export(tmp_path / "limpio.veeduria").path)
    source.close()
    now = "2026-11-26T10:00:00+00:00"
    entries["registros/user_accounts.json"] = json.dumps({"rows": [{
        "id": "intruso", "created_at": now, "updated_at": now, "version": 1, "username": "intruso",
        "display_name": "Intruso", "role": "coordinador", "password_hash": "scrypt$16384$8$1$AAAA$AAAA",
        "active": True, "must_change_password": False, "failed_attempts": 0}]}).encode()
    entries["registros/settings.json"] = json.dumps({"rows": [{"key": "demo_cargada", "value": True,
                                                               "updated_at": now}]}).encode()
    entries["registros/audit_log.json"] = json.dumps({"rows": [{"id": "falsa", "at": now, "actor": "rosa",
                                                                "action": "create", "entity_type": "work",
                                                                "entity_id": "x", "summary": "falsa"}]}).encode()
    package = write_package(tmp_path / "trampa.veeduria", entries)
    target = open_folder(tmp_path / "b")
    summary = target.packages.import_package(package)
    assert summary.created == 1 and not target.accounts.login_required()
    assert target.settings.get("demo_cargada") is None
    assert all(e.summary != "falsa" for e in target.audit.list())
    target.close()
