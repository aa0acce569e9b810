"""OpenStreetMap tiles for the work map, kept on disk for offline use.

Follows the OSM tile usage policy: an identifying User-Agent, at most two connections, tiles
cached locally (reused for 30 days before asking again), no bulk downloading — only what the
map on screen needs. Any network problem just means "no tile": the map then draws its plain
grid. After a failure the cache stays quiet for a while instead of retrying every tile.
"""
from __future__ import annotations

import os
import tempfile
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Callable, Optional

from veeduria_app import __version__

TILE_URL = "https://tile.openstreetmap.org/{z}/{x}/{y}.png"
USER_AGENT = f"Veeduria/{__version__} (aplicacion de escritorio para veedurias ciudadanas, Cartagena, Colombia)"
ATTRIBUTION = "© colaboradores de OpenStreetMap"
ONLINE_SETTING = "map.online_tiles"
REFRESH_AFTER_S = 30 * 24 * 3600
BACKOFF_S = 300
_MAX_CONNECTIONS = 2


class TileCache:
    def __init__(self, folder: Path, online: Callable[[], bool] = lambda: True, *, timeout_s: float = 6.0) -> None:
        self.folder = Path(folder)
        self._online = online
        self.timeout_s = timeout_s
        self._failed_at: float = 0.0
        self._slots = threading.BoundedSemaphore(_MAX_CONNECTIONS)
        self._lock = threading.Lock()
        self._in_flight: set[tuple[int, int, int]] = set()

    def path(self, z: int, x: int, y: int) -> Path:
        return self.folder / str(z) / str(x) / f"{y}.png"

    def cached(self, z: int, x: int, y: int) -> Optional[bytes]:
        """The tile from disk, or None; never touches the network."""
        try:
            return self.path(z, x, y).read_bytes()
        except OSError:
            return None

    def online_enabled(self) -> bool:
        if os.environ.get("VEEDURIA_OFFLINE"):
            return False
        try:
            return bool(self._online())
        except Exception:  # noqa: BLE001 - a settings problem must not break the map
            return False

    def needs_fetch(self, z: int, x: int, y: int) -> bool:
        path = self.path(z, x, y)
        try:
            return time.time() - path.stat().st_mtime > REFRESH_AFTER_S
        except OSError:
            return True

    def fetch(self, z: int, x: int, y: int) -> Optional[bytes]:
        """Download one tile (call from a worker thread). Returns None when offline or refused."""
        if not self.online_enabled() or time.time() - self._failed_at < BACKOFF_S:
            return None
        key = (z, x, y)
        with self._lock:
            if key in self._in_flight:
                return None
            self._in_flight.add(key)
        try:
            with self._slots:
                request = urllib.request.Request(TILE_URL.format(z=z, x=x, y=y), headers={"User-Agent": USER_AGENT})
                with urllib.request.urlopen(request, timeout=self.timeout_s) as response:  # noqa: S310 - fixed https URL
                    data = response.read(2_000_000)
            if not data.startswith(b"\x89PNG"):
                return None
            self._save(z, x, y, data)
            return data
        except (urllib.error.URLError, OSError, ValueError):
            self._failed_at = time.time()
            return None
        finally:
            with self._lock:
                self._in_flight.discard(key)

    def _save(self, z: int, x: int, y: int, data: bytes) -> None:
        target = self.path(z, x, y)
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, temp = tempfile.mkstemp(prefix=".tmp-", dir=target.parent)
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(temp, target)
