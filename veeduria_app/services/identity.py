"""Who is acting, and what their role allows. Rules are enforced here, not only in the UI.

A data folder without accounts is open: the local user acts as coordinator (as in the
training demo). Once accounts exist, the accounts service sets the logged-in actor.
"""
from __future__ import annotations

import getpass
from dataclasses import dataclass
from enum import Enum

from veeduria_app.services.errors import PermissionDenied


class Permission(str, Enum):
    READ = "read"
    WRITE = "write"  # works, visits, photos, findings, contracts, petitions
    ARCHIVE = "archive"  # archive/restore or remove records
    MANAGE_ACCOUNTS = "manage_accounts"
    ADMIN = "admin"  # settings, backups, restore, package import


ROLE_PERMISSIONS: dict[str, frozenset[Permission]] = {
    "coordinador": frozenset(Permission),
    "integrante": frozenset({Permission.READ, Permission.WRITE}),
    "consulta": frozenset({Permission.READ}),
}

ROLE_LABELS = {"coordinador": "Coordinador(a)", "integrante": "Integrante", "consulta": "Consulta"}

PERMISSION_LABELS = {
    Permission.READ: "consultar la información",
    Permission.WRITE: "registrar o modificar información",
    Permission.ARCHIVE: "archivar o eliminar registros",
    Permission.MANAGE_ACCOUNTS: "administrar cuentas",
    Permission.ADMIN: "administrar la carpeta de datos",
}


@dataclass(frozen=True)
class Actor:
    username: str
    display_name: str
    role: str = "coordinador"


def local_actor() -> Actor:
    try:
        name = getpass.getuser()
    except Exception:  # pragma: no cover - exotic platforms
        name = "usuario"
    return Actor(username=name, display_name=f"{name} (sin cuentas)", role="coordinador")


SYSTEM_ACTOR = Actor(username="sistema", display_name="Veeduría (proceso automático)", role="coordinador")


class Identity:
    """Mutable holder of the current actor, shared by every service of one container."""

    def __init__(self, actor: Actor | None = None) -> None:
        self.actor: Actor = actor or local_actor()
        self.authenticated: bool = False
        self.hint: str = ""  # how to get more rights (e.g. log in), appended to refusals

    def set(self, actor: Actor, *, authenticated: bool = True) -> None:
        self.actor = actor
        self.authenticated = authenticated

    def can(self, permission: Permission) -> bool:
        return permission in ROLE_PERMISSIONS.get(self.actor.role, frozenset())

    def require(self, permission: Permission) -> None:
        if not self.can(permission):
            raise PermissionDenied(
                f"{self.actor.display_name} ({ROLE_LABELS.get(self.actor.role, self.actor.role)}) "
                f"no tiene permiso para {PERMISSION_LABELS[permission]}." + (f" {self.hint}" if self.hint else "")
            )
