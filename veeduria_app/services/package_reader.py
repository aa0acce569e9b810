"""Reading a `.veeduria` package safely: every check happens before anything is written.

Refused: a damaged zip, a manifest missing or not ours, entries missing from the manifest or
manifest entries missing from the zip, names that would escape the target folder (`../`,
absolute paths, drive letters, links), more expanded bytes than the limit (zip bombs), hashes
that do not match, and schemas newer than this app knows.
"""
from __future__ import annotations

import hashlib
import json
import stat
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Optional

from veeduria_app.services.package_format import (
    ALLOWED_PREFIXES, EVIDENCE_NAME_RE, FORMAT, FORMAT_VERSION, MANIFEST, MAX_ENTRIES, MAX_JSON_ENTRY_BYTES,
    RECORDS_PREFIX, SHA_RE, PackageRefused, unsafe_name,
)

_CHUNK = 1024 * 1024


@dataclass(frozen=True)
class EvidenceEntry:
    name: str
    sha256: str
    extension: str
    size: int


@dataclass
class PackageContents:
    """A verified package: its manifest, its tables' rows (still JSON) and its evidence entries."""

    path: Path
    manifest: dict
    tables: dict[str, dict] = field(default_factory=dict)
    evidence: list[EvidenceEntry] = field(default_factory=list)

    @property
    def author(self) -> str:
        author = self.manifest.get("author") or {}
        return str(author.get("display_name") or author.get("username") or "")

    @property
    def include_personal_data(self) -> bool:
        return bool(self.manifest.get("include_personal_data"))


def _human_size(size: int) -> str:
    return f"{size / 1024 ** 2:,.1f} MB".replace(",", "X").replace(".", ",").replace("X", ".")


def open_zip(path: Path) -> zipfile.ZipFile:
    try:
        return zipfile.ZipFile(path)
    except FileNotFoundError:
        raise PackageRefused(f"No existe el archivo «{path}».") from None
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError):
        raise PackageRefused(f"«{path.name}» no es un paquete de Veeduría válido: el archivo zip está dañado "
                             "o incompleto.") from None


def read_package(
    path: Path,
    *,
    known_revisions: set[str],
    max_expanded_bytes: int,
    progress: Optional[Callable[[int, int, str], None]] = None,
    check_cancel: Optional[Callable[[], None]] = None,
) -> PackageContents:
    """Verify the whole package (hashing every entry) and load its records; writes nothing."""
    path = Path(path)
    with open_zip(path) as archive:
        try:
            return _read(archive, path, known_revisions, max_expanded_bytes, progress, check_cancel)
        except (zipfile.BadZipFile, EOFError, OSError, ValueError) as error:
            raise PackageRefused(f"«{path.name}» está dañado: no se pudo leer su contenido ({error}).") from None


def _read(archive: zipfile.ZipFile, path: Path, known_revisions: set[str], limit: int,
          progress: Optional[Callable[[int, int, str], None]], check_cancel: Optional[Callable[[], None]]
          ) -> PackageContents:
    infos = archive.infolist()
    if len(infos) > MAX_ENTRIES:
        raise PackageRefused(f"El paquete tiene {len(infos)} entradas, más de las {MAX_ENTRIES} permitidas.")
    seen: set[str] = set()
    declared = 0
    for info in infos:
        name = info.filename
        if unsafe_name(name):
            raise PackageRefused(f"El paquete es inseguro y se rechazó: la entrada «{name}» intenta escribir fuera de "
                                 "la carpeta de destino.")
        if stat.S_ISLNK(info.external_attr >> 16):
            raise PackageRefused(f"El paquete es inseguro y se rechazó: la entrada «{name}» es un enlace simbólico.")
        if name in seen:
            raise PackageRefused(f"El paquete está dañado: la entrada «{name}» aparece dos veces.")
        seen.add(name)
        declared += info.file_size
    if declared > limit:
        raise PackageRefused(f"El paquete se expandiría a {_human_size(declared)}, más que el límite de "
                             f"{_human_size(limit)}; se rechazó para proteger el disco.")
    if MANIFEST not in seen:
        raise PackageRefused(f"«{path.name}» no es un paquete de Veeduría: no tiene manifiesto ({MANIFEST}).")
    manifest = _load_json(archive, archive.getinfo(MANIFEST), 16 * 1024 ** 2, "el manifiesto")
    entries = _check_manifest(manifest, known_revisions)
    zipped = seen - {MANIFEST}
    for name in sorted(set(entries) - zipped):
        raise PackageRefused(f"El paquete está incompleto: falta «{name}», que el manifiesto anuncia.")
    for name in sorted(zipped - set(entries)):
        raise PackageRefused(f"El paquete no es válido: contiene «{name}», que no figura en el manifiesto.")

    contents = PackageContents(path=path, manifest=manifest)
    total = len(entries)
    expanded = 0
    for done, name in enumerate(sorted(entries), start=1):
        if check_cancel:
            check_cancel()
        expected = entries[name]
        info = archive.getinfo(name)
        keep = name.startswith(RECORDS_PREFIX)  # evidence and the OC4IDS view are only hashed here
        data, digest, size = _hash_entry(archive, info, expected["size"], limit - expanded, keep)
        expanded += size
        if size != expected["size"] or digest != expected["sha256"]:
            raise PackageRefused(f"El paquete fue alterado o está dañado: la huella SHA-256 de «{name}» no coincide "
                                 "con la del manifiesto.")
        match = EVIDENCE_NAME_RE.match(name)
        if name.startswith(RECORDS_PREFIX):
            table = name[len(RECORDS_PREFIX):].removesuffix(".json")
            contents.tables[table] = _parse_records(data, name)
        elif match:
            if match.group(1) != digest:
                raise PackageRefused(f"La evidencia «{name}» no corresponde a su huella SHA-256.")
            contents.evidence.append(EvidenceEntry(name, digest, match.group(2), size))
        if progress:
            progress(done, total, f"Verificando {name}")
    return contents


def _check_manifest(manifest: Any, known_revisions: set[str]) -> dict[str, dict]:
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise PackageRefused("El archivo no es un paquete de Veeduría: su manifiesto no tiene el formato esperado.")
    version = manifest.get("format_version")
    if not isinstance(version, int) or version > FORMAT_VERSION:
        raise PackageRefused("El paquete fue creado con una versión más reciente de Veeduría (formato "
                             f"{version}); actualice la aplicación antes de importarlo.")
    revision = manifest.get("schema_revision")
    if revision not in known_revisions:
        app = manifest.get("app_version") or "desconocida"
        raise PackageRefused(f"El paquete fue creado con una versión más reciente de Veeduría ({app}, esquema "
                             f"«{revision}»); actualice la aplicación antes de importarlo.")
    entries = manifest.get("entries")
    if not isinstance(entries, dict):
        raise PackageRefused("El manifiesto del paquete no lista sus entradas.")
    for name, meta in entries.items():
        if unsafe_name(name) or not name.startswith(ALLOWED_PREFIXES):
            raise PackageRefused(f"El paquete es inseguro y se rechazó: el manifiesto nombra «{name}».")
        if (not isinstance(meta, dict) or not isinstance(meta.get("sha256"), str) or not SHA_RE.match(meta["sha256"])
                or not isinstance(meta.get("size"), int) or meta["size"] < 0):
            raise PackageRefused(f"El manifiesto del paquete está dañado en la entrada «{name}».")
    return entries


def _hash_entry(archive: zipfile.ZipFile, info: zipfile.ZipInfo, expected_size: int, budget: int,
                keep: bool) -> tuple[bytes, str, int]:
    """Stream an entry, hashing it; stop as soon as it grows past what was declared or allowed."""
    digest = hashlib.sha256()
    kept = bytearray()
    size = 0
    cap = min(expected_size, budget, MAX_JSON_ENTRY_BYTES if keep else budget)
    with archive.open(info) as handle:
        for chunk in iter(lambda: handle.read(_CHUNK), b""):
            size += len(chunk)
            if size > cap:
                if size > budget:
                    raise PackageRefused("El paquete se expande más allá del límite permitido; se rechazó para "
                                         "proteger el disco.")
                raise PackageRefused(f"El paquete fue alterado o está dañado: «{info.filename}» es más grande de lo "
                                     "que dice el manifiesto.")
            digest.update(chunk)
            if keep:
                kept.extend(chunk)
    return bytes(kept), digest.hexdigest(), size


def _load_json(archive: zipfile.ZipFile, info: zipfile.ZipInfo, cap: int, what: str) -> Any:
    if info.file_size > cap:
        raise PackageRefused(f"El paquete no es válido: {what} es demasiado grande.")
    with archive.open(info) as handle:
        data = handle.read(cap + 1)
    if len(data) > cap:
        raise PackageRefused(f"El paquete no es válido: {what} es demasiado grande.")
    try:
        return json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise PackageRefused(f"El paquete está dañado: {what} no es JSON legible.") from None


def _parse_records(data: bytes, name: str) -> dict:
    try:
        parsed = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise PackageRefused(f"El paquete está dañado: «{name}» no es JSON legible.") from None
    if (not isinstance(parsed, dict) or not isinstance(parsed.get("rows"), list)
            or not all(isinstance(r, dict) for r in parsed["rows"])
            or not isinstance(parsed.get("sync", {}), dict)):
        raise PackageRefused(f"El paquete está dañado: «{name}» no tiene la forma de una tabla de registros.")
    return parsed
