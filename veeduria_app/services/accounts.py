"""Accounts and roles on a shared laptop: who may act, proven by a password.

A data folder without accounts is open (the local user acts as coordinator, as in the
training demo). Creating the first account, which must be a coordinator, turns login on:
from then on nobody acts without logging in, and until they do they are a read-only
`consulta`. Passwords are stored with scrypt (memory-hard) and a per-user salt; repeated
failures lock the account for a growing while, so guessing is slow even on an old laptop.
"""
from __future__ import annotations

import base64
import datetime as dt
import functools
import getpass
import hashlib
import hmac
import os
import re
from dataclasses import dataclass
from typing import Callable, Optional

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from veeduria_app.db.base import utcnow
from veeduria_app.db.engine import Database
from veeduria_app.db.models.accounts import UserAccount
from veeduria_app.db.models.foundation import Member
from veeduria_app.services.audit import changed_fields, record_audit
from veeduria_app.services.errors import NotFoundError, PermissionDenied, ServiceError, ValidationError
from veeduria_app.services.identity import ROLE_LABELS, ROLE_PERMISSIONS, Actor, Identity, Permission

ENV_PASSWORD = "VEEDURIA_PASSWORD"
ENV_NEW_PASSWORD = "VEEDURIA_NEW_PASSWORD"
IDLE_MINUTES_SETTING = "accounts.idle_minutes"
DEFAULT_IDLE_MINUTES = 10

ROLES = tuple(ROLE_PERMISSIONS)
MIN_PASSWORD_LENGTH = 8
FREE_ATTEMPTS = 3
"""Failures allowed before the account starts waiting."""
FIRST_WAIT_SECONDS = 15
MAX_WAIT_SECONDS = 15 * 60

SCRYPT_N = 2 ** 15
SCRYPT_R = 8
SCRYPT_P = 1
_USERNAME_RE = re.compile(r"^[a-z0-9][a-z0-9._-]{1,39}$")

NOT_LOGGED_IN = Actor(username="sin-sesion", display_name="Persona sin iniciar sesión", role="consulta")
LOGIN_HINT_CLI = ("Esta carpeta de datos tiene cuentas: para cambiar información indique --user USUARIO "
                  f"(la clave se toma de {ENV_PASSWORD} o se pregunta).")
LOGIN_HINT_GUI = "Inicie sesión con su usuario y clave."


class AuthenticationError(ServiceError):
    """Wrong user or password, or an account waiting after repeated failures."""


# -------------------------------------------------------------------- password hashing


def hash_password(password: str, *, n: Optional[int] = None) -> str:
    """scrypt with a fresh 16-byte salt; parameters travel in the string so they can grow later."""
    n = n or SCRYPT_N
    salt = os.urandom(16)
    digest = _scrypt(password, salt, n, SCRYPT_R, SCRYPT_P)
    return "$".join(["scrypt", str(n), str(SCRYPT_R), str(SCRYPT_P),
                     base64.b64encode(salt).decode("ascii"), base64.b64encode(digest).decode("ascii")])


def verify_password(password: str, stored: str) -> bool:
    try:
        scheme, n, r, p, salt, digest = stored.split("$")
        if scheme != "scrypt":
            return False
        expected = base64.b64decode(digest)
        actual = _scrypt(password, base64.b64decode(salt), int(n), int(r), int(p))
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(expected, actual)


def _scrypt(password: str, salt: bytes, n: int, r: int, p: int) -> bytes:
    return hashlib.scrypt(password.encode("utf-8"), salt=salt, n=n, r=r, p=p, dklen=32,
                          maxmem=256 * r * n + 1024 * 1024)


def wait_after(failures: int) -> int:
    """Seconds an account waits after `failures` consecutive failures (0 for the first few)."""
    if failures < FREE_ATTEMPTS:
        return 0
    return min(FIRST_WAIT_SECONDS * 2 ** (failures - FREE_ATTEMPTS), MAX_WAIT_SECONDS)


# -------------------------------------------------------------------- DTOs


@dataclass(frozen=True)
class AccountDTO:
    id: str
    username: str
    display_name: str
    role: str
    active: bool
    must_change_password: bool
    locked_until: Optional[dt.datetime]
    last_login_at: Optional[dt.datetime]
    member_id: Optional[str]
    created_at: dt.datetime

    @property
    def role_label(self) -> str:
        return ROLE_LABELS.get(self.role, self.role)

    def to_json(self) -> dict:
        return {
            "id": self.id, "username": self.username, "display_name": self.display_name, "role": self.role,
            "role_label": self.role_label, "active": self.active, "must_change_password": self.must_change_password,
            "locked_until": self.locked_until.isoformat() if self.locked_until else None,
            "last_login_at": self.last_login_at.isoformat() if self.last_login_at else None,
            "member_id": self.member_id, "created_at": self.created_at.isoformat(),
        }


def _dto(account: UserAccount) -> AccountDTO:
    return AccountDTO(
        id=account.id, username=account.username, display_name=account.display_name, role=account.role,
        active=account.active, must_change_password=account.must_change_password,
        locked_until=account.locked_until, last_login_at=account.last_login_at, member_id=account.member_id,
        created_at=account.created_at,
    )


def _public(account: UserAccount) -> dict:
    """What the audit keeps of an account: never the password hash."""
    return {"username": account.username, "display_name": account.display_name, "role": account.role,
            "active": account.active, "member_id": account.member_id}


def _actor(account: UserAccount) -> Actor:
    return Actor(username=account.username, display_name=account.display_name, role=account.role)


# -------------------------------------------------------------------- service


class AccountService:
    def __init__(self, db: Database, identity: Identity, *, clock: Callable[[], dt.datetime] = utcnow) -> None:
        self.db = db
        self.identity = identity
        self.clock = clock

    # -- state ----------------------------------------------------------------------------
    def login_required(self) -> bool:
        """True once the first account exists: the folder is no longer open."""
        with self.db.read() as session:
            return bool(session.scalar(select(func.count()).select_from(UserAccount)))

    def start_session(self, hint: str = LOGIN_HINT_GUI) -> None:
        """Called when services are built: with accounts, nobody acts until they log in."""
        if self.login_required() and not self.identity.authenticated:
            self.identity.set(NOT_LOGGED_IN, authenticated=False)
            self.identity.hint = hint

    # -- login ----------------------------------------------------------------------------
    def login(self, username: str, password: str) -> Actor:
        """Check the password; on success the identity becomes this person. Failures slow down."""
        name = (username or "").strip().lower()
        now = self.clock()
        failure: Optional[str] = None
        with self.db.transaction() as session:
            account = session.scalars(select(UserAccount).where(UserAccount.username == name)).first()
            if account is None or not account.active:
                verify_password(password, _dummy_hash())  # same cost: no hint that the user exists
                failure = "Usuario o clave incorrectos."
            elif account.locked_until is not None and account.locked_until > now:
                seconds = int((account.locked_until - now).total_seconds()) + 1
                failure = (f"Demasiados intentos fallidos para «{account.username}»: espere {seconds} segundos "
                           "antes de intentar de nuevo.")
            elif not verify_password(password, account.password_hash):
                account.failed_attempts += 1
                wait = wait_after(account.failed_attempts)
                account.locked_until = now + dt.timedelta(seconds=wait) if wait else None
                record_audit(session, NOT_LOGGED_IN, "login_failed", "user_account", account.id, None,
                             {"intentos_fallidos": account.failed_attempts, "espera_segundos": wait},
                             f"Intento de ingreso fallido de {account.username}")
                failure = "Usuario o clave incorrectos."
                if wait:
                    failure += f" Por seguridad, espere {wait} segundos antes de intentar de nuevo."
            else:
                account.failed_attempts = 0
                account.locked_until = None
                account.last_login_at = now
                record_audit(session, _actor(account), "login", "user_account", account.id, None, None,
                             f"Ingreso de {account.display_name}")
                actor = _actor(account)
        if failure is not None:
            raise AuthenticationError(failure)
        self.identity.set(actor, authenticated=True)
        self.identity.hint = ""
        return actor

    def lock(self) -> None:
        """Idle lock: the person must log in again before anything else is done."""
        if self.login_required():
            self.identity.set(NOT_LOGGED_IN, authenticated=False)
            self.identity.hint = LOGIN_HINT_GUI

    def current(self) -> Optional[AccountDTO]:
        if not self.identity.authenticated:
            return None
        with self.db.read() as session:
            account = session.scalars(select(UserAccount).where(
                UserAccount.username == self.identity.actor.username)).first()
            return _dto(account) if account else None

    def cli_login(self, username: Optional[str], *, read_password: Callable[[str], str] = getpass.getpass) -> None:
        """The CLI's login: `--user NAME` with VEEDURIA_PASSWORD or a prompt.

        Without `--user`, a folder with accounts is read-only (role consulta): listing and
        printing need no password, any change does. An open folder ignores `--user`.
        """
        if not self.login_required():
            return
        self.start_session(LOGIN_HINT_CLI)
        if not username:
            return
        password = os.environ.get(ENV_PASSWORD)
        if password is None:
            try:
                password = read_password(f"Clave de {username}: ")
            except (EOFError, KeyboardInterrupt):
                raise AuthenticationError(
                    f"No se recibió la clave de «{username}»: use la variable {ENV_PASSWORD} o escríbala "
                    "cuando se le pida.") from None
        self.login(username, password)

    # -- accounts -------------------------------------------------------------------------
    def list(self) -> list[AccountDTO]:
        if self.login_required():
            self.identity.require(Permission.MANAGE_ACCOUNTS)
        with self.db.read() as session:
            rows = session.scalars(select(UserAccount).order_by(UserAccount.username)).all()
            return [_dto(a) for a in rows]

    def create(self, username: str, password: str, *, role: str, display_name: str = "",
               member_id: Optional[str] = None) -> AccountDTO:
        """Add an account. The first one must be a coordinator, and turns login on."""
        first = not self.login_required()
        if first:
            if role != "coordinador":
                raise ValidationError("La primera cuenta debe ser de un(a) coordinador(a): con ella se "
                                      "administran las demás.", field="role")
        self.identity.require(Permission.MANAGE_ACCOUNTS)
        name = self._clean_username(username)
        self._check_role(role)
        self._check_password(password, name)
        with self.db.transaction() as session:
            if session.scalars(select(UserAccount).where(UserAccount.username == name)).first() is not None:
                raise ValidationError(f"Ya existe una cuenta con el usuario «{name}».", field="username")
            if member_id and session.get(Member, member_id) is None:
                raise NotFoundError(f"No existe un integrante con identificador «{member_id}».")
            account = UserAccount(username=name, display_name=(display_name or "").strip()[:200] or name, role=role,
                                  password_hash=hash_password(password), active=True, must_change_password=False,
                                  failed_attempts=0, member_id=member_id or None)
            session.add(account)
            session.flush()
            actor = _actor(account) if first else self.identity.actor
            record_audit(session, actor, "create", "user_account", account.id, None, _public(account),
                         f"Cuenta creada: {account.username} ({ROLE_LABELS[role]})"
                         + (" — desde ahora se pide usuario y clave" if first else ""))
            result = _dto(account)
        if first:  # whoever created the first account is that coordinator from now on
            self.identity.set(Actor(result.username, result.display_name, result.role), authenticated=True)
            self.identity.hint = ""
        return result

    def reset_password(self, username: str, new_password: str) -> AccountDTO:
        """A coordinator sets a temporary password; the person must change it at next login."""
        self.identity.require(Permission.MANAGE_ACCOUNTS)
        with self.db.transaction() as session:
            account = self._load(session, username)
            self._check_password(new_password, account.username)
            account.password_hash = hash_password(new_password)
            account.must_change_password = account.username != self.identity.actor.username
            account.failed_attempts = 0
            account.locked_until = None
            record_audit(session, self.identity.actor, "reset_password", "user_account", account.id, None,
                         {"must_change_password": account.must_change_password},
                         f"Clave restablecida para {account.username}")
            session.flush()
            return _dto(account)

    def change_own_password(self, old_password: str, new_password: str) -> None:
        if not self.identity.authenticated:
            raise PermissionDenied("Inicie sesión para cambiar su clave.")
        with self.db.transaction() as session:
            account = self._load(session, self.identity.actor.username)
            if not verify_password(old_password, account.password_hash):
                raise AuthenticationError("La clave actual no es correcta.")
            self._check_password(new_password, account.username)
            if new_password == old_password:
                raise ValidationError("La clave nueva debe ser distinta de la actual.", field="password")
            account.password_hash = hash_password(new_password)
            account.must_change_password = False
            record_audit(session, self.identity.actor, "change_password", "user_account", account.id, None, None,
                         f"{account.username} cambió su clave")

    def set_active(self, username: str, active: bool) -> AccountDTO:
        """Deactivate (never delete: the audit trail keeps naming the person) or reactivate."""
        self.identity.require(Permission.MANAGE_ACCOUNTS)
        with self.db.transaction() as session:
            account = self._load(session, username)
            if not active:
                if account.username == self.identity.actor.username:
                    raise ValidationError("No puede desactivar su propia cuenta.")
                self._keep_a_coordinator(session, account)
            old = _public(account)
            account.active = active
            before, after = changed_fields(old, _public(account))
            if after:
                record_audit(session, self.identity.actor, "deactivate" if not active else "reactivate",
                             "user_account", account.id, before, after,
                             f"Cuenta {'desactivada' if not active else 'reactivada'}: {account.username}")
            session.flush()
            return _dto(account)

    def set_role(self, username: str, role: str) -> AccountDTO:
        self.identity.require(Permission.MANAGE_ACCOUNTS)
        self._check_role(role)
        with self.db.transaction() as session:
            account = self._load(session, username)
            if role != "coordinador":
                self._keep_a_coordinator(session, account)
            old = _public(account)
            account.role = role
            before, after = changed_fields(old, _public(account))
            if after:
                record_audit(session, self.identity.actor, "update", "user_account", account.id, before, after,
                             f"Rol de {account.username}: {ROLE_LABELS[role]}")
            session.flush()
            return _dto(account)

    # -- internals ------------------------------------------------------------------------
    @staticmethod
    def _clean_username(username: str) -> str:
        name = (username or "").strip().lower()
        if not _USERNAME_RE.match(name):
            raise ValidationError(
                f"El usuario «{username}» no es válido: use de 2 a 40 letras sin tildes, números, punto, guion "
                "o guion bajo, empezando por letra o número (por ejemplo «rosa.perez»).", field="username")
        return name

    @staticmethod
    def _check_role(role: str) -> None:
        if role not in ROLES:
            raise ValidationError(f"El rol «{role}» no existe. Opciones: {', '.join(ROLES)}.", field="role")

    @staticmethod
    def _check_password(password: str, username: str) -> None:
        if len(password or "") < MIN_PASSWORD_LENGTH:
            raise ValidationError(f"La clave debe tener al menos {MIN_PASSWORD_LENGTH} caracteres.", field="password")
        if password.strip().lower() == username.lower():
            raise ValidationError("La clave no puede ser igual al usuario.", field="password")

    @staticmethod
    def _load(session: Session, username: str) -> UserAccount:
        name = (username or "").strip().lower()
        account = session.scalars(select(UserAccount).where(UserAccount.username == name)).first()
        if account is None:
            raise NotFoundError(f"No existe la cuenta «{username}».")
        return account

    @staticmethod
    def _keep_a_coordinator(session: Session, account: UserAccount) -> None:
        if account.role != "coordinador" or not account.active:
            return
        others = session.scalar(select(func.count()).select_from(UserAccount).where(
            UserAccount.role == "coordinador", UserAccount.active.is_(True), UserAccount.id != account.id)) or 0
        if not others:
            raise ValidationError(f"«{account.username}» es la única cuenta de coordinación activa: cree otra "
                                  "antes, o nadie podría administrar las cuentas.")


@functools.lru_cache(maxsize=1)
def _dummy_hash() -> str:
    return hash_password("una clave que nadie tiene")
