"""Veeduría: citizen oversight of public works (Ley 850 de 2003)."""
from __future__ import annotations

__version__ = "0.1.0"  # the one source of the version (pyproject.toml reads it); no metadata lookup at start-up
