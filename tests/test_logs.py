"""The technical log rotates at start, keeping three old files."""
from __future__ import annotations

import logging

from veeduria_app import logs


def test_a_small_log_is_left_alone(tmp_path):
    path = tmp_path / "veeduria.log"
    path.write_text("corto")
    logs.rotate(path, max_bytes=100)
    assert path.read_text() == "corto" and not (tmp_path / "veeduria.log.1").exists()


def test_a_full_log_moves_down_and_the_oldest_is_dropped(tmp_path):
    path = tmp_path / "veeduria.log"
    for number, text in ((1, "uno"), (2, "dos"), (3, "tres")):
        (tmp_path / f"veeduria.log.{number}").write_text(text)
    path.write_text("x" * 200)
    logs.rotate(path, max_bytes=100, keep=3)
    assert not path.exists()
    assert [(tmp_path / f"veeduria.log.{n}").read_text() for n in (1, 2, 3)] == ["x" * 200, "uno", "dos"]
    assert not (tmp_path / "veeduria.log.4").exists()


def test_a_missing_log_is_not_an_error(tmp_path):
    logs.rotate(tmp_path / "veeduria.log")


def test_configure_logging_writes_to_the_file(tmp_path, monkeypatch):
    monkeypatch.setattr(logs, "log_path", lambda: tmp_path / "registro" / "veeduria.log")
    logger = logging.getLogger(logs.LOGGER_NAME)
    saved = logger.handlers[:]
    logger.handlers.clear()
    try:
        assert logs.configure_logging() == tmp_path / "registro" / "veeduria.log"
        logger.error("prueba de registro")
        for handler in logger.handlers:
            handler.flush()
        assert "prueba de registro" in (tmp_path / "registro" / "veeduria.log").read_text(encoding="utf-8")
    finally:
        for handler in logger.handlers:
            handler.close()
        logger.handlers[:] = saved
