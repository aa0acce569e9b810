"""Builds every service for one data folder: the composition root shared by GUI and CLI."""
from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Optional

from veeduria_app.db import migrate
from veeduria_app.db.engine import Database, sqlite_url
from veeduria_app.services.analysis import AnalysisService
from veeduria_app.services.accounts import AccountService
from veeduria_app.services.audit import AuditService
from veeduria_app.services.backups import BackupService
from veeduria_app.services.contracts import ContractService
from veeduria_app.services.data_folder import ENV_DB_URL, DataFolder
from veeduria_app.services.demo import DemoService
from veeduria_app.services.findings import FindingService
from veeduria_app.services.identity import Identity
from veeduria_app.services.impediments import ImpedimentService
from veeduria_app.services.imports import ImportService
from veeduria_app.services.inspections import InspectionService
from veeduria_app.services.photos import PhotoService
from veeduria_app.services.packages import PackageService
from veeduria_app.services.petitions import PetitionService
from veeduria_app.services.profile import ProfileService
from veeduria_app.services.reports import ReportService
from veeduria_app.services.settings import SettingsService
from veeduria_app.services.server import configured_url, with_shared_evidence
from veeduria_app.services.territory import TerritoryService
from veeduria_app.services.works import WorkService


@dataclass
class Services:
    db: Database
    data_folder: DataFolder
    identity: Identity
    settings: SettingsService
    audit: AuditService
    territory: TerritoryService
    profile: ProfileService
    works: WorkService
    impediments: ImpedimentService = None  # type: ignore[assignment]
    demo: DemoService = None  # type: ignore[assignment]  # set right after construction
    inspections: InspectionService = None  # type: ignore[assignment]
    photos: PhotoService = None  # type: ignore[assignment]
    contracts: ContractService = None  # type: ignore[assignment]
    imports: ImportService = None  # type: ignore[assignment]
    petitions: PetitionService = None  # type: ignore[assignment]  # set right after construction
    analysis: AnalysisService = None  # type: ignore[assignment]
    findings: FindingService = None  # type: ignore[assignment]
    reports: ReportService = None  # type: ignore[assignment]
    accounts: AccountService = None  # type: ignore[assignment]
    backups: BackupService = None  # type: ignore[assignment]
    packages: PackageService = None  # type: ignore[assignment]

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
    identity = identity or Identity()
    settings = SettingsService(db, identity)
    territory = TerritoryService(settings)
    services = Services(
        db=db,
        data_folder=data_folder,
        identity=identity,
        settings=settings,
        audit=AuditService(db),
        territory=territory,
        profile=ProfileService(db, identity),
        works=WorkService(db, identity, territory),
    )
    services.petitions = PetitionService(db, identity, data_folder, services.profile, settings=settings)
    services.demo = DemoService(services)
    services.impediments = ImpedimentService(db, identity)
    services.inspections = InspectionService(db, identity, settings)
    services.photos = PhotoService(db, identity, data_folder, settings)
    services.contracts = ContractService(db, identity)
    services.imports = ImportService(db, identity, settings)
    services.analysis = AnalysisService(db, identity, settings)
    services.findings = FindingService(db, identity, services.analysis)
    services.reports = ReportService(db, identity, data_folder, services)
    services.accounts = AccountService(db, identity)
    services.backups = BackupService(db, identity, data_folder)
    services.packages = PackageService(db, identity, data_folder, settings)
    services.accounts.start_session()
    return services
