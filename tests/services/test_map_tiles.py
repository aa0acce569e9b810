"""OSM tile cache: identifies the app, keeps tiles on disk, and never fails when offline."""
from __future__ import annotations

import http.server
import io
import threading
import time

import pytest
from PIL import Image

from veeduria_app.services import map_tiles
from veeduria_app.services.map_tiles import TileCache


def _png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (256, 256), (200, 220, 200)).save(out, "PNG")
    return out.getvalue()


@pytest.fixture
def tile_server():
    """A local HTTP server standing in for tile.openstreetmap.org; records each request."""
    requests: list[tuple[str, str]] = []
    body = _png()

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 - http.server API
            requests.append((self.path, self.headers.get("User-Agent", "")))
            self.send_response(200)
            self.send_header("Content-Type", "image/png")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = http.server.HTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}/{{z}}/{{x}}/{{y}}.png", requests
    server.shutdown()


def test_fetch_identifies_the_app_and_keeps_the_tile_for_offline_use(tmp_path, tile_server, monkeypatch):
    url, requests = tile_server
    monkeypatch.setattr(map_tiles, "TILE_URL", url)
    cache = TileCache(tmp_path / "mapas")
    assert cache.cached(16, 18700, 30600) is None and cache.needs_fetch(16, 18700, 30600)
    data = cache.fetch(16, 18700, 30600)
    assert data is not None and data.startswith(b"\x89PNG")
    assert requests == [("/16/18700/30600.png", map_tiles.USER_AGENT)]
    assert "Veeduria/" in map_tiles.USER_AGENT
    assert cache.cached(16, 18700, 30600) == data and not cache.needs_fetch(16, 18700, 30600)
    assert (tmp_path / "mapas" / "16" / "18700" / "30600.png").is_file()


def test_offline_returns_none_quickly_and_backs_off(tmp_path, monkeypatch):
    monkeypatch.setattr(map_tiles, "TILE_URL", "http://127.0.0.1:9/{z}/{x}/{y}.png")  # nothing listens there
    cache = TileCache(tmp_path, timeout_s=2)
    start = time.perf_counter()
    assert cache.fetch(10, 1, 1) is None
    assert cache.fetch(10, 1, 2) is None  # backing off: no second attempt at all
    assert time.perf_counter() - start < 2.5
    assert list(tmp_path.rglob("*.png")) == []


def test_setting_off_or_env_offline_never_touches_the_network(tmp_path, tile_server, monkeypatch):
    url, requests = tile_server
    monkeypatch.setattr(map_tiles, "TILE_URL", url)
    assert TileCache(tmp_path, online=lambda: False).fetch(3, 1, 1) is None
    monkeypatch.setenv("VEEDURIA_OFFLINE", "1")
    assert TileCache(tmp_path).fetch(3, 1, 1) is None
    assert requests == []


def test_photo_service_follows_the_online_setting(services):
    assert services.photos.map_tiles.online_enabled() is True
    services.settings.set(map_tiles.ONLINE_SETTING, False)
    assert services.photos.map_tiles.online_enabled() is False
