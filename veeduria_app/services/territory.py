"""The editable territory lists (localidades, UCGs, barrios), shipped default or user's copy."""
from __future__ import annotations

from typing import TYPE_CHECKING

from veeduria_app.domain.territory import Territory
from veeduria_app.paths import resources_dir

if TYPE_CHECKING:  # kept out of the import: start-up reads the territory before the database layer loads
    from veeduria_app.services.settings import SettingsService

SETTING_KEY = "territorio"


def default_territory() -> Territory:
    return Territory.load(resources_dir() / "territory_cartagena.json")


class TerritoryService:
    def __init__(self, settings: SettingsService) -> None:
        self.settings = settings
        self._cache: Territory | None = None

    def get(self) -> Territory:
        if self._cache is None:
            stored = self.settings.get(SETTING_KEY)
            self._cache = Territory.from_dict(stored) if stored else default_territory()
        return self._cache

    def save(self, territory: Territory) -> None:
        """Replace the lists (coordinators only); works keep the names they already have."""
        from veeduria_app.services.identity import Permission  # not at the top: start-up reads the lists only

        self.settings.set(SETTING_KEY, territory.to_dict(), permission=Permission.ADMIN)
        self._cache = territory
