"""Content-addressed store of original evidence files.

Each file lives at `evidence/ab/cd/<sha256>.<ext>`: the name *is* the proof of its content, the
same bytes are stored once, and a stored file is never rewritten. Writing goes to a temporary
file in the destination folder, is flushed to disk (fsync) and then renamed atomically, so a
crash or power cut leaves either the complete file or nothing under the final name.
"""
from __future__ import annotations

import hashlib
import os
import re
import stat
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable, Iterator, Optional, Protocol

ProgressCallback = Callable[[int, int, str], None]
"""Same shape as services.jobs.ProgressCallback (evidence/ must not import services/)."""


class CancelLike(Protocol):
    def raise_if_cancelled(self) -> None: ...

_HASH_RE = re.compile(r"^[0-9a-f]{64}$")
_CHUNK = 1024 * 1024


@dataclass(frozen=True)
class StoredFile:
    sha256: str
    path: Path
    size: int
    already_present: bool
    """True when identical bytes were already in the store (nothing was written)."""


@dataclass(frozen=True)
class StoreProblem:
    sha256: str
    path: str
    kind: str
    """`alterado` (content no longer matches its hash) or `faltante` (file missing)."""
    message: str


@dataclass(frozen=True)
class VerifyResult:
    checked: int
    problems: tuple[StoreProblem, ...]

    @property
    def ok(self) -> bool:
        return not self.problems


def sha256_file(path: Path) -> str:
    """Hash a file in 1 MB chunks so memory stays flat for any size."""
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(_CHUNK), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _fsync_dir(folder: Path) -> None:
    """Make the rename itself durable (POSIX); Windows has no directory handles to sync."""
    if os.name != "posix":
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


class PhotoStore:
    """The evidence folder of one data folder."""

    def __init__(self, root: Path) -> None:
        self.root = Path(root)

    def path_for(self, sha256: str, extension: str) -> Path:
        if not _HASH_RE.match(sha256):
            raise ValueError(f"hash SHA-256 inválido: {sha256!r}")
        ext = extension.lstrip(".").lower()
        return self.root / sha256[:2] / sha256[2:4] / f"{sha256}.{ext}"

    def contains(self, sha256: str, extension: str) -> bool:
        return self.path_for(sha256, extension).is_file()

    def put(self, data: bytes, extension: str, sha256: Optional[str] = None) -> StoredFile:
        """Store bytes once under their hash; an existing file with that name is left untouched.

        `sha256`, when given, must be the hash the caller just computed from these same bytes
        (the import hashes while validating); it saves hashing every photo twice.
        """
        digest = sha256 if sha256 is not None else hashlib.sha256(data).hexdigest()
        target = self.path_for(digest, extension)
        if target.is_file():
            return StoredFile(digest, target, len(data), True)
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, temp_name = tempfile.mkstemp(prefix=".tmp-", suffix=".part", dir=target.parent)
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
                handle.flush()
                os.fsync(handle.fileno())
            if os.name == "posix":  # read-only on POSIX; on Windows it would block demo resets and restores
                os.chmod(temp_name, stat.S_IRUSR | stat.S_IRGRP | stat.S_IROTH)
            if target.exists():  # another process stored the same bytes meanwhile
                os.chmod(temp_name, stat.S_IWUSR | stat.S_IRUSR)
                os.unlink(temp_name)
                return StoredFile(digest, target, len(data), True)
            os.replace(temp_name, target)
            _fsync_dir(target.parent)
        except BaseException:
            if os.path.exists(temp_name):
                os.chmod(temp_name, stat.S_IWUSR | stat.S_IRUSR)
                os.unlink(temp_name)
            raise
        return StoredFile(digest, target, len(data), False)

    def iter_files(self) -> Iterator[tuple[str, Path]]:
        """Every stored file as (sha256 from its name, path), skipping temporary leftovers."""
        if not self.root.is_dir():
            return
        for path in sorted(self.root.glob("??/??/*")):
            stem = path.name.split(".", 1)[0]
            if path.is_file() and _HASH_RE.match(stem):
                yield stem, path

    def clean_partial_writes(self, older_than_s: float = 0.0) -> int:
        """Remove temporary files left by a crash mid-write (they were never part of the store).

        `older_than_s` spares files another process may be writing right now.
        """
        removed = 0
        if not self.root.is_dir():
            return 0
        now = time.time()
        for path in self.root.glob("??/??/.tmp-*.part"):
            try:
                if now - path.stat().st_mtime < older_than_s:
                    continue
                os.chmod(path, stat.S_IWUSR | stat.S_IRUSR)
                path.unlink()
            except OSError:
                continue
            removed += 1
        return removed

    def verify(
        self,
        expected: Iterable[tuple[str, str]] = (),
        progress: Optional[ProgressCallback] = None,
        cancel: Optional[CancelLike] = None,
    ) -> VerifyResult:
        """Re-hash every stored file and every expected (sha256, extension); report problems.

        `expected` comes from the database: a recorded photo whose file is gone is `faltante`.
        """
        on_disk = {sha: path for sha, path in self.iter_files()}
        wanted = {sha: ext for sha, ext in expected}
        problems: list[StoreProblem] = []
        missing = [
            (sha, ext) for sha, ext in wanted.items() if not self.path_for(sha, ext).is_file()
        ]
        for sha, ext in missing:
            problems.append(
                StoreProblem(sha, str(self.path_for(sha, ext)), "faltante",
                             f"Falta el archivo de la foto {sha[:12]}… en la carpeta de evidencias.")
            )
        total = len(on_disk)
        for done, (sha, path) in enumerate(sorted(on_disk.items()), start=1):
            if cancel is not None:
                cancel.raise_if_cancelled()
            if progress is not None:
                progress(done - 1, total, f"Verificando {path.name}")
            try:
                actual = sha256_file(path)
            except OSError as exc:
                problems.append(StoreProblem(sha, str(path), "ilegible", f"No se pudo leer {path.name}: {exc.strerror}."))
                continue
            if actual != sha:
                problems.append(
                    StoreProblem(sha, str(path), "alterado",
                                 f"El archivo {path.name} fue modificado: su contenido ya no coincide con su huella SHA-256.")
                )
        if progress is not None:
            progress(total, total, "Verificación terminada")
        return VerifyResult(checked=total, problems=tuple(problems))
