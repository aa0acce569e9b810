"""Practice data never enters real data: a package exported in training mode says so, and a real
data folder refuses it with a Spanish reason and nothing written (GUI and CLI share the service)."""
from __future__ import annotations

import json

import pytest

from veeduria_app.cli import main
from veeduria_app.services.container import build_services
from veeduria_app.services.data_folder import DataFolder
from veeduria_app.services.errors import ValidationError

from package_helpers import counts, open_folder, read_entries, store_files


@pytest.fixture(scope="module")
def practice_package(tmp_path_factory):
    base = tmp_path_factory.mktemp("capacitacion")
    folder = DataFolder.open(base / "practica")
    folder.mark_training()
    services = build_services(folder)
    try:
        services.demo.load()
        work = services.works.list()[0]
        exported = services.packages.export(base / "practica.veeduria", work_id=work.id)
    finally:
        services.close()
    return exported.path


def test_training_package_says_it_is_practice(practice_package):
    manifest = json.loads(read_entries(practice_package)["manifest.json"])
    assert manifest["training"] is True


def test_real_folder_refuses_practice_data_and_writes_nothing(practice_package, tmp_path, capsys):
    real = open_folder(tmp_path / "real")
    try:
        before = counts(real.data_folder.db_path)
        with pytest.raises(ValidationError, match="salió del modo capacitación"):
            real.packages.import_package(practice_package)
        assert counts(real.data_folder.db_path) == before and store_files(real.data_folder.path) == {}
    finally:
        real.close()
    code = main(["--data-dir", str(tmp_path / "real"), "import-package", str(practice_package)])
    err = capsys.readouterr().err
    assert code == 2 and "datos de práctica" in err and "Traceback" not in err


def test_another_training_folder_takes_it(practice_package, tmp_path):
    folder = DataFolder.open(tmp_path / "otra_practica")
    folder.mark_training()
    services = build_services(folder)
    try:
        summary = services.packages.import_package(practice_package)
        assert summary.created > 0 and services.works.list()
    finally:
        services.close()


def test_real_package_still_says_it_is_not_practice(tmp_path):
    real = open_folder(tmp_path / "real")
    try:
        from veeduria_app.domain.works import WorkFields

        real.works.create(WorkFields(name="Parque de Olaya", type="parque", localidad="1"))
        exported = real.packages.export(tmp_path / "real.veeduria")
    finally:
        real.close()
    assert json.loads(read_entries(exported.path)["manifest.json"])["training"] is False


def test_without_accounts_a_package_comes_from_the_veeduria_not_the_login(tmp_path):
    """The receiving laptop read «Paquete de root (sin cuentas)»."""
    from veeduria_app.domain.works import WorkFields
    from veeduria_app.services.profile import ProfileFields

    rosa = open_folder(tmp_path / "rosa")
    try:
        rosa.profile.save(ProfileFields(name="Veeduría Canal Las Gaviotas"))
        rosa.works.create(WorkFields(name="Canal Las Gaviotas", type="canal_drenaje", localidad="2"))
        exported = rosa.packages.export(tmp_path / "rosa.veeduria")
        login = rosa.identity.actor.username
    finally:
        rosa.close()
    author = json.loads(read_entries(exported.path)["manifest.json"])["author"]
    assert author == {"username": login, "display_name": "Veeduría Canal Las Gaviotas"}
    luis = open_folder(tmp_path / "luis")
    try:
        assert luis.packages.import_package(exported.path).author == "Veeduría Canal Las Gaviotas"
    finally:
        luis.close()
