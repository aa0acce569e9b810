"""Training demo: fill a data folder with realistic fictional data, or reset it.

The demo never goes into a folder that holds real data: a folder counts as real as soon as it
has any record and was not filled by the demo.
"""
from __future__ import annotations

import shutil
from typing import TYPE_CHECKING

from sqlalchemy import delete, func, select

from veeduria_app.db.base import Base
from veeduria_app.db.models.foundation import AuditEntry, Setting, VeeduriaProfile, Work
from veeduria_app.services.errors import ValidationError
from veeduria_app.services.identity import SYSTEM_ACTOR

if TYPE_CHECKING:
    from veeduria_app.services.container import Services

DEMO_FLAG = "demo_cargada"


class DemoService:
    def __init__(self, services: "Services") -> None:
        self.services = services

    def is_demo(self) -> bool:
        return bool(self.services.settings.get(DEMO_FLAG, False))

    def holds_real_data(self) -> bool:
        if self.is_demo():
            return False
        with self.services.db.read() as session:
            works = session.scalar(select(func.count()).select_from(Work)) or 0
            profiles = session.scalar(select(func.count()).select_from(VeeduriaProfile)) or 0
        return bool(works or profiles)

    def is_empty(self) -> bool:
        with self.services.db.read() as session:
            works = session.scalar(select(func.count()).select_from(Work)) or 0
            profiles = session.scalar(select(func.count()).select_from(VeeduriaProfile)) or 0
        return not (works or profiles)

    def load(self, *, reset: bool = False) -> int:
        """Fill the folder with the demo (reset first if asked); returns the number of works."""
        if self.holds_real_data():
            raise ValidationError(
                "Esta carpeta de datos tiene información real; la demostración solo se carga en una carpeta "
                "vacía o de capacitación (use --data-dir con otra carpeta).")
        if not self.is_empty():
            if not reset:
                return self.services.works.count()  # already there: loading again changes nothing
            self.wipe()
        from veeduria_app.services.demo_steps import load_steps

        previous = self.services.identity.actor
        self.services.identity.set(SYSTEM_ACTOR, authenticated=False)
        self.services.data_folder.mark_training()
        try:
            self.services.settings.set(DEMO_FLAG, True)
            for step in load_steps():
                step.run(self.services)
        except BaseException:
            self.wipe()  # never leave half a demo behind
            raise
        finally:
            self.services.identity.set(previous, authenticated=False)
        return self.services.works.count()

    def wipe(self) -> None:
        """Delete every record and stored file of a demo folder (never of a real one)."""
        if self.holds_real_data():
            raise ValidationError("No se puede restablecer una carpeta con datos reales.")
        folder = self.services.data_folder
        with self.services.db.transaction() as session:
            for table in reversed(Base.metadata.sorted_tables):
                session.execute(delete(table))
        for directory in (folder.evidence_dir, folder.thumbnails_dir, folder.reports_dir):
            if directory.exists():
                shutil.rmtree(directory)
        _ = (AuditEntry, Setting)  # both tables are cleared with the rest
