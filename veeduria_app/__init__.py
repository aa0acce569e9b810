"""Veeduría: citizen oversight of public works (Ley 850 de 2003)."""
from __future__ import annotations

try:
    from importlib.metadata import PackageNotFoundError, version as _version

    __version__ = _version("veeduria")
except Exception:  # pragma: no cover - running from a source tree without install
    __version__ = "0.1.0"
