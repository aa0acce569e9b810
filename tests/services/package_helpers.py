"""Helpers for package tests: second data folders, table dumps, zips rebuilt with a tampered part."""
from __future__ import annotations

import hashlib
import json
import sqlite3
import zipfile
from pathlib import Path
from typing import Callable, Optional

from veeduria_app.services.container import build_services
from veeduria_app.services.data_folder import DataFolder
from veeduria_app.services.package_format import exportable_tables


def open_folder(path: Path):
    return build_services(DataFolder.open(path))


def open_practice_folder(path: Path):
    """A training folder: the only kind that takes the demo's packages (practice data never
    enters real data)."""
    folder = DataFolder.open(path)
    folder.mark_training()
    return build_services(folder)


def dump(db_path: Path, tables: Optional[list[str]] = None) -> dict[str, list]:
    """Every row of every table (or the listed ones), sorted: equal dumps mean equal databases."""
    conn = sqlite3.connect(db_path)
    try:
        names = tables or [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")]
        return {n: sorted(map(repr, conn.execute(f'SELECT * FROM "{n}"').fetchall())) for n in names}
    finally:
        conn.close()


def counts(db_path: Path) -> dict[str, int]:
    conn = sqlite3.connect(db_path)
    try:
        return {t.name: conn.execute(f'SELECT count(*) FROM "{t.name}"').fetchone()[0] for t in exportable_tables()}
    finally:
        conn.close()


def store_files(folder: Path) -> dict[str, str]:
    """name → SHA-256 of the bytes, for every evidence file on disk."""
    root = folder / "evidencias"
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(root.glob("??/??/*")) if p.is_file()}


def read_entries(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as archive:
        return {info.filename: archive.read(info) for info in archive.infolist()}


def write_package(path: Path, entries: dict[str, bytes], *, fix_manifest: bool = True,
                  manifest_edit: Optional[Callable[[dict], None]] = None,
                  extra: Optional[list[tuple[zipfile.ZipInfo, bytes]]] = None) -> Path:
    """Rebuild a package; by default the manifest is re-hashed to match the (tampered) entries."""
    manifest = json.loads(entries["manifest.json"])
    if fix_manifest:
        manifest["entries"] = {n: {"sha256": hashlib.sha256(d).hexdigest(), "size": len(d)}
                               for n, d in entries.items() if n != "manifest.json"}
    if manifest_edit:
        manifest_edit(manifest)
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries.items():
            if name != "manifest.json":
                archive.writestr(name, data)
        for info, data in extra or []:
            archive.writestr(info, data)
        archive.writestr("manifest.json", json.dumps(manifest))
    return path


def export_demo(base: Path, name: str = "todo.veeduria"):
    """The training demo (works, contracts, visits, 17 real photos...) loaded in `base`/datos and
    exported whole: (that data folder, the ExportResult)."""
    source = open_folder(base / "datos")
    try:
        source.demo.load()
        return base / "datos", source.packages.export(base / name)
    finally:
        source.close()

