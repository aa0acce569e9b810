"""The one folder that holds a veeduría's data: database, evidence, thumbnails, backups.

A training folder is a separate folder marked as such, so practice never mixes with real data.
"""
from __future__ import annotations

import os
from pathlib import Path

import platformdirs

APP_NAME = "Veeduria"
TRAINING_MARKER = "MODO_CAPACITACION.txt"
ENV_DATA_DIR = "VEEDURIA_DATA_DIR"
ENV_DB_URL = "VEEDURIA_DB_URL"
SERVER_CONFIG_NAME = "servidor.json"  # the saved choice of a central server (services/server.py)


def default_data_dir() -> Path:
    """The user's data folder (never inside the install folder)."""
    env = os.environ.get(ENV_DATA_DIR)
    if env:
        return Path(env).expanduser()
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False, roaming=False))


class DataFolder:
    """A value: two folders are equal when their paths are. A plain class, not a dataclass: the
    first window needs it, and defining a dataclass (and importing the module) costs it ~1 %."""

    __slots__ = ("path",)

    def __init__(self, path: Path) -> None:
        object.__setattr__(self, "path", path)

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError(f"DataFolder es inmutable: no se puede cambiar «{name}»")

    def __eq__(self, other: object) -> bool:
        return type(other) is type(self) and other._key() == self._key()  # type: ignore[attr-defined]

    def __hash__(self) -> int:
        return hash(self._key())

    def __repr__(self) -> str:
        return f"{type(self).__name__}({', '.join(map(repr, self._key()))})"

    def _key(self) -> tuple:
        return (self.path,)

    @classmethod
    def open(cls, path: Path | str | None = None) -> "DataFolder":
        folder = cls(Path(path).expanduser().resolve() if path else default_data_dir().resolve())
        folder.path.mkdir(parents=True, exist_ok=True)
        return folder

    @property
    def db_path(self) -> Path:
        return self.path / "veeduria.sqlite3"

    @property
    def evidence_dir(self) -> Path:
        return self.path / "evidencias"

    @property
    def thumbnails_dir(self) -> Path:
        return self.path / "miniaturas"

    @property
    def backups_dir(self) -> Path:
        return self.path / "copias-de-seguridad"

    @property
    def reports_dir(self) -> Path:
        return self.path / "informes"

    @property
    def tiles_dir(self) -> Path:
        return self.path / "mapas"

    @property
    def is_training(self) -> bool:
        return (self.path / TRAINING_MARKER).exists()

    def training_folder(self) -> "DataFolder":
        """The sandbox that belongs to this folder: a sibling, never inside the real one."""
        if self.is_training:
            return self
        return DataFolder(self.path.with_name(self.path.name + "-capacitacion"))

    def mark_training(self) -> None:
        self.path.mkdir(parents=True, exist_ok=True)
        (self.path / TRAINING_MARKER).write_text(
            "Esta carpeta es de CAPACITACIÓN: sus datos son ficticios y se pueden restablecer.\n",
            encoding="utf-8",
        )
