"""Builds every service for one data folder: the composition root shared by GUI and CLI.

The services the first screen needs (works, settings, territory, profile, accounts) are built
at once; every other one is built the first time something asks for it, so the window opens
without importing reporting, analysis, imports or photo code it does not yet show.
"""
from __future__ import annotations

import os
from functools import cached_property
from typing import TYPE_CHECKING, Optional

from veeduria_app.db import migrate
from veeduria_app.db.engine import Database, sqlite_url
from veeduria_app.services.accounts import AccountService
from veeduria_app.services.audit import AuditService
from veeduria_app.services.data_folder import ENV_DB_URL, DataFolder
from veeduria_app.services.demo import DemoService
from veeduria_app.services.identity import Identity
from veeduria_app.services.profile import ProfileService
from veeduria_app.services.server import configured_url, with_shared_evidence
from veeduria_app.services.settings import SettingsService
from veeduria_app.services.territory import TerritoryService
from veeduria_app.services.works import WorkService

if TYPE_CHECKING:
    from veeduria_app.services.analysis import AnalysisService
    from veeduria_app.services.backups import BackupService
    from veeduria_app.services.contracts import ContractService
    from veeduria_app.services.findings import FindingService
    from veeduria_app.services.impediments import ImpedimentService
    from veeduria_app.services.imports import ImportService
    from veeduria_app.services.inspections import InspectionService
    from veeduria_app.services.packages import PackageService
    from veeduria_app.services.petitions import PetitionService
    from veeduria_app.services.photos import PhotoService
    from veeduria_app.services.reports import ReportService


class Services:
    """One data folder's services, sharing one database, identity and settings."""

    def __init__(self, db: Database, data_folder: DataFolder, identity: Identity) -> None:
        self.db = db
        self.data_folder = data_folder
        self.identity = identity
        self.settings = SettingsService(db, identity)
        self.audit = AuditService(db)
        self.territory = TerritoryService(self.settings)
        self.profile = ProfileService(db, identity)
        self.works = WorkService(db, identity, self.territory)
        self.accounts = AccountService(db, identity)
        self.demo = DemoService(self)

    # -- built on first use ---------------------------------------------------------------
    @cached_property
    def impediments(self) -> "ImpedimentService":
        from veeduria_app.services.impediments import ImpedimentService

        return ImpedimentService(self.db, self.identity)

    @cached_property
    def petitions(self) -> "PetitionService":
        from veeduria_app.services.petitions import PetitionService

        return PetitionService(self.db, self.identity, self.data_folder, self.profile, settings=self.settings)

    @cached_property
    def inspections(self) -> "InspectionService":
        from veeduria_app.services.inspections import InspectionService

        return InspectionService(self.db, self.identity, self.settings)

    @cached_property
    def photos(self) -> "PhotoService":
        from veeduria_app.services.photos import PhotoService

        return PhotoService(self.db, self.identity, self.data_folder, self.settings)

    @cached_property
    def contracts(self) -> "ContractService":
        from veeduria_app.services.contracts import ContractService

        return ContractService(self.db, self.identity)

    @cached_property
    def imports(self) -> "ImportService":
        from veeduria_app.services.imports import ImportService

        return ImportService(self.db, self.identity, self.settings)

    @cached_property
    def analysis(self) -> "AnalysisService":
        from veeduria_app.services.analysis import AnalysisService

        return AnalysisService(self.db, self.identity, self.settings)

    @cached_property
    def findings(self) -> "FindingService":
        from veeduria_app.services.findings import FindingService

        return FindingService(self.db, self.identity, self.analysis)

    @cached_property
    def reports(self) -> "ReportService":
        from veeduria_app.services.reports import ReportService

        return ReportService(self.db, self.identity, self.data_folder, self)

    @cached_property
    def backups(self) -> "BackupService":
        from veeduria_app.services.backups import BackupService

        return BackupService(self.db, self.identity, self.data_folder)

    @cached_property
    def packages(self) -> "PackageService":
        from veeduria_app.services.packages import PackageService

        return PackageService(self.db, self.identity, self.data_folder, self.settings, profile=self.profile)

    # -- hooks used by the CLI and the GUI --------------------------------------------------
    def cli_login(self, user: Optional[str]) -> None:
        self.accounts.cli_login(user)

    def on_app_close(self) -> None:
        self.backups.on_app_close()

    def close(self) -> None:
        self.db.dispose()


def resolve_db_url(data_folder: DataFolder, db_url: Optional[str]) -> str:
    return db_url or os.environ.get(ENV_DB_URL) or configured_url(data_folder) or sqlite_url(data_folder.db_path)


def build_services(
    data_folder: DataFolder,
    db_url: Optional[str] = None,
    *,
    identity: Optional[Identity] = None,
    run_migrations: bool = True,
) -> Services:
    """Open the database (migrating it first, with a copy aside) and wire the services."""
    data_folder = with_shared_evidence(data_folder)  # a network's shared evidence folder, if configured
    db = Database(resolve_db_url(data_folder, db_url))
    if run_migrations:
        migrate.upgrade(db, backup_dir=data_folder.backups_dir)
    services = Services(db, data_folder, identity or Identity())
    services.accounts.start_session()
    return services
