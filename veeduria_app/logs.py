"""Technical log file: tracebacks go here, never to the user's screen.

The file is rotated when the program starts rather than while it writes, so start-up does not
import logging.handlers (sockets, pickle…) for a log that rarely grows past its limit.
"""
from __future__ import annotations

import logging
from pathlib import Path

import platformdirs

LOGGER_NAME = "veeduria"
MAX_BYTES = 1_000_000
KEEP = 3  # veeduria.log.1 … .3


def log_path() -> Path:
    return Path(platformdirs.user_log_dir("Veeduria", appauthor=False)) / "veeduria.log"


def configure_logging() -> Path | None:
    """Send the `veeduria` logger to a rotating file; keep stderr clean of tracebacks."""
    logger = logging.getLogger(LOGGER_NAME)
    logger.propagate = False
    if logger.handlers:
        return None
    path = log_path()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        rotate(path)
        handler: logging.Handler = logging.FileHandler(path, encoding="utf-8", delay=True)
    except OSError:
        handler = logging.NullHandler()
        path = None  # type: ignore[assignment]
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    return path


def rotate(path: Path, max_bytes: int = MAX_BYTES, keep: int = KEEP) -> None:
    """Shift veeduria.log → .1 → .2 … once it has passed `max_bytes`; the oldest is dropped."""
    try:
        if path.stat().st_size < max_bytes:
            return
    except FileNotFoundError:
        return
    for number in range(keep - 1, 0, -1):
        older = path.with_name(f"{path.name}.{number}")
        if older.exists():
            older.replace(path.with_name(f"{path.name}.{number + 1}"))
    path.replace(path.with_name(f"{path.name}.1"))
