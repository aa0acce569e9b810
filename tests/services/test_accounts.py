"""Accounts through the services: login turns on with the first coordinator, roles are enforced
in the services, wrong passwords are refused, repeated failures slow down, the audit names people."""
from __future__ import annotations

import datetime as dt
import sqlite3

import pytest

from veeduria_app.domain.works import WorkFields
from veeduria_app.services import accounts as accounts_module
from veeduria_app.services.accounts import AuthenticationError, hash_password, verify_password, wait_after
from veeduria_app.services.container import build_services
from veeduria_app.services.errors import PermissionDenied, ValidationError


@pytest.fixture(autouse=True)
def _cheaper_scrypt(monkeypatch):
    """Same algorithm, smaller cost: keeps the suite fast (the real cost is checked once below)."""
    monkeypatch.setattr(accounts_module, "SCRYPT_N", 2 ** 12)


def work(name="Parque de Olaya") -> WorkFields:
    return WorkFields(name=name, type="parque", localidad="2")


@pytest.fixture
def with_accounts(services):
    services.accounts.create("rosa", "clave-de-rosa", role="coordinador", display_name="Rosa Pérez")
    services.accounts.create("luis", "clave-de-luis", role="integrante", display_name="Luis Díaz")
    services.accounts.create("ana", "clave-de-ana", role="consulta", display_name="Ana Ruiz")
    return services


def reopen(data_folder):
    return build_services(data_folder)


def test_real_cost_and_per_user_salt():
    first, second = hash_password("misma-clave", n=accounts_module.SCRYPT_N), hash_password("misma-clave")
    assert first != second and first.startswith("scrypt$")
    assert verify_password("misma-clave", first) and not verify_password("otra-clave", first)
    assert int(hash_password("x" * 8, n=2 ** 15).split("$")[1]) == 2 ** 15


def test_open_folder_until_first_coordinator(services, data_folder):
    assert not services.accounts.login_required()
    services.works.create(work())  # open folder: the local user acts as coordinator
    with pytest.raises(ValidationError, match="primera cuenta"):
        services.accounts.create("luis", "clave-de-luis", role="integrante")
    services.accounts.create("rosa", "clave-de-rosa", role="coordinador")
    assert services.accounts.login_required()
    again = reopen(data_folder)
    try:
        assert again.identity.actor.role == "consulta" and not again.identity.authenticated
        assert len(again.works.list()) == 1  # reading needs no login
        with pytest.raises(PermissionDenied, match="Inicie sesión"):
            again.works.create(work("Otra"))
        again.accounts.login("rosa", "clave-de-rosa")
        again.works.create(work("Otra"))
    finally:
        again.close()
    stored = sqlite3.connect(data_folder.db_path).execute("SELECT password_hash FROM user_accounts").fetchone()[0]
    assert "clave-de-rosa" not in stored and stored.startswith("scrypt$")


def test_roles_are_enforced_in_the_services(with_accounts, data_folder):
    services = reopen(data_folder)
    try:
        services.accounts.login("luis", "clave-de-luis")
        created = services.works.create(work())
        with pytest.raises(PermissionDenied, match="archivar"):
            services.works.archive(created.id)
        with pytest.raises(PermissionDenied, match="administrar cuentas"):
            services.accounts.create("pepe", "clave-de-pepe", role="consulta")
        with pytest.raises(PermissionDenied):
            services.backups.backup()
        services.accounts.login("ana", "clave-de-ana")
        with pytest.raises(PermissionDenied, match="registrar o modificar"):
            services.works.create(work("Consulta no escribe"))
        assert [w.name for w in services.works.list()] == ["Parque de Olaya"]
        services.accounts.login("rosa", "clave-de-rosa")
        services.works.archive(created.id)
    finally:
        services.close()


def test_audit_names_the_person(with_accounts, data_folder):
    services = reopen(data_folder)
    try:
        services.accounts.login("luis", "clave-de-luis")
        created = services.works.create(work())
        entries = services.audit.list(entity_id=created.id)
        assert [(e.actor, e.actor_name, e.action) for e in entries] == [("luis", "Luis Díaz", "create")]
    finally:
        services.close()


def test_wrong_password_and_unknown_user_get_the_same_message(with_accounts):
    with pytest.raises(AuthenticationError, match="Usuario o clave incorrectos"):
        with_accounts.accounts.login("rosa", "no-es-la-clave")
    with pytest.raises(AuthenticationError, match="Usuario o clave incorrectos"):
        with_accounts.accounts.login("nadie", "no-es-la-clave")
    failed = with_accounts.audit.list(entity_type="user_account")
    assert any(e.action == "login_failed" for e in failed)


def test_repeated_failures_slow_down(with_accounts):
    now = [dt.datetime(2026, 11, 26, 15, 0, tzinfo=dt.timezone.utc)]
    service = with_accounts.accounts
    service.clock = lambda: now[0]
    for _ in range(2):
        with pytest.raises(AuthenticationError) as error:
            service.login("luis", "equivocada")
        assert "espere" not in str(error.value)
    with pytest.raises(AuthenticationError, match="espere 15 segundos"):
        service.login("luis", "equivocada")
    with pytest.raises(AuthenticationError, match="Demasiados intentos"):
        service.login("luis", "clave-de-luis")  # even the right password waits
    now[0] += dt.timedelta(seconds=16)
    with pytest.raises(AuthenticationError, match="espere 30 segundos"):
        service.login("luis", "equivocada")
    now[0] += dt.timedelta(seconds=31)
    assert service.login("luis", "clave-de-luis").username == "luis"
    assert service.current().locked_until is None  # success clears the wait
    assert [wait_after(n) for n in (1, 2, 3, 4, 5, 20)] == [0, 0, 15, 30, 60, 900]


def test_coordinator_resets_password_and_deactivates(with_accounts, data_folder):
    services = reopen(data_folder)
    try:
        services.accounts.login("luis", "clave-de-luis")
        with pytest.raises(PermissionDenied):
            services.accounts.reset_password("ana", "nueva-clave-ana")
        services.accounts.login("rosa", "clave-de-rosa")
        reset = services.accounts.reset_password("luis", "temporal-123")
        assert reset.must_change_password
        with pytest.raises(ValidationError, match="al menos 8"):
            services.accounts.reset_password("luis", "corta")
        services.accounts.login("luis", "temporal-123")
        services.accounts.change_own_password("temporal-123", "propia-de-luis")
        assert services.accounts.current().must_change_password is False
        services.accounts.login("rosa", "clave-de-rosa")
        services.accounts.set_active("ana", False)
        with pytest.raises(AuthenticationError):
            services.accounts.login("ana", "clave-de-ana")
        with pytest.raises(ValidationError, match="su propia cuenta"):
            services.accounts.set_active("rosa", False)
        with pytest.raises(ValidationError, match="única cuenta de coordinación"):
            services.accounts.set_role("rosa", "integrante")
        audit = " ".join(e.summary for e in services.audit.list(entity_type="user_account"))
        assert "Clave restablecida para luis" in audit and "desactivada: ana" in audit
        assert "temporal-123" not in str([e.new_values for e in services.audit.list()])
    finally:
        services.close()


def test_cli_login_reads_the_environment(with_accounts, data_folder, monkeypatch):
    services = reopen(data_folder)
    try:
        monkeypatch.setenv("VEEDURIA_PASSWORD", "clave-de-luis")
        services.cli_login("luis")
        assert services.identity.actor.username == "luis" and services.identity.authenticated
        monkeypatch.delenv("VEEDURIA_PASSWORD")
        with pytest.raises(AuthenticationError, match="Usuario o clave"):
            services.accounts.cli_login("rosa", read_password=lambda prompt: "equivocada")

        def no_terminal(prompt):
            raise EOFError
        with pytest.raises(AuthenticationError, match="No se recibió la clave"):
            services.accounts.cli_login("rosa", read_password=no_terminal)
    finally:
        services.close()
