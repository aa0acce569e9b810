"""Technical log file: tracebacks go here, never to the user's screen."""
from __future__ import annotations

import logging
import logging.handlers
from pathlib import Path

import platformdirs

LOGGER_NAME = "veeduria"


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
        handler: logging.Handler = logging.handlers.RotatingFileHandler(
            path, maxBytes=1_000_000, backupCount=3, encoding="utf-8")
    except OSError:
        handler = logging.NullHandler()
        path = None  # type: ignore[assignment]
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    return path
