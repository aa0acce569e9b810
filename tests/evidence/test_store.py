"""The content-addressed photo store: layout, dedup, atomic writes, verification."""
from __future__ import annotations

import hashlib
import os
import stat
from pathlib import Path

import pytest

from veeduria_app.evidence.store import PhotoStore
from veeduria_app.evidence.synthetic import make_photo
from veeduria_app.evidence.thumbnails import ThumbnailCache


def _make_writable(path: Path) -> None:
    os.chmod(path, stat.S_IRUSR | stat.S_IWUSR)


def test_bytes_are_stored_unchanged_under_their_hash(tmp_path: Path) -> None:
    store = PhotoStore(tmp_path / "evidencias")
    data = make_photo(200, 150, seed=1)
    sha = hashlib.sha256(data).hexdigest()
    stored = store.put(data, "jpg")
    assert stored.sha256 == sha and not stored.already_present
    assert stored.path == tmp_path / "evidencias" / sha[:2] / sha[2:4] / f"{sha}.jpg"
    assert stored.path.read_bytes() == data
    if os.name == "posix":
        assert not (stored.path.stat().st_mode & stat.S_IWUSR)  # read-only, against accidental edits


def test_same_bytes_are_stored_once_and_never_rewritten(tmp_path: Path) -> None:
    store = PhotoStore(tmp_path)
    data = make_photo(200, 150, seed=2)
    first = store.put(data, "jpg")
    mtime = first.path.stat().st_mtime_ns
    second = store.put(data, "jpg")
    assert second.already_present and second.path == first.path
    assert first.path.stat().st_mtime_ns == mtime
    assert len(list(store.iter_files())) == 1


def test_crash_during_rename_leaves_nothing_under_the_final_name(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    store = PhotoStore(tmp_path)
    data = make_photo(200, 150, seed=3)

    def power_cut(src: str, dst: str) -> None:
        raise OSError("corte de energía")

    monkeypatch.setattr(os, "replace", power_cut)
    with pytest.raises(OSError):
        store.put(data, "jpg")
    monkeypatch.undo()
    sha = hashlib.sha256(data).hexdigest()
    assert not store.contains(sha, "jpg")
    assert list(tmp_path.rglob("*.part")) == []  # temporary file cleaned up
    assert store.put(data, "jpg").path.read_bytes() == data  # and a retry works


def test_leftover_temporary_files_are_not_evidence(tmp_path: Path) -> None:
    store = PhotoStore(tmp_path)
    store.put(make_photo(100, 80, seed=4), "jpg")
    folder = next(tmp_path.glob("??/??"))
    (folder / ".tmp-abc.part").write_bytes(b"half a photo")
    assert len(list(store.iter_files())) == 1
    assert store.verify().ok
    assert store.clean_partial_writes() == 1


def test_verify_reports_an_altered_byte_and_a_missing_file(tmp_path: Path) -> None:
    store = PhotoStore(tmp_path)
    a = store.put(make_photo(200, 150, seed=5), "jpg")
    b = store.put(make_photo(200, 150, seed=6), "jpg")
    c = store.put(make_photo(200, 150, seed=7), "jpg")
    expected = [(a.sha256, "jpg"), (b.sha256, "jpg"), (c.sha256, "jpg")]
    result = store.verify(expected)
    assert result.ok and result.checked == 3

    _make_writable(a.path)
    raw = bytearray(a.path.read_bytes())
    raw[len(raw) // 2] ^= 0x01
    a.path.write_bytes(bytes(raw))
    _make_writable(b.path)
    b.path.unlink()
    seen: list[tuple[int, int]] = []
    result = store.verify(expected, progress=lambda done, total, msg: seen.append((done, total)))
    kinds = {(p.sha256, p.kind) for p in result.problems}
    assert kinds == {(a.sha256, "alterado"), (b.sha256, "faltante")}
    assert not result.ok and result.checked == 2
    assert seen[-1] == (2, 2)
    assert all("SHA-256" in p.message or "Falta" in p.message for p in result.problems)


def test_thumbnail_cache_rebuilds_from_the_original(tmp_path: Path) -> None:
    store = PhotoStore(tmp_path / "ev")
    cache = ThumbnailCache(tmp_path / "th", size=128)
    stored = store.put(make_photo(800, 600, seed=8), "jpg")
    path = cache.get(stored.sha256, stored.path)
    assert path is not None and path.is_file() and path.parent.parent == tmp_path / "th"
    from PIL import Image

    assert max(Image.open(path).size) == 128
    path.unlink()
    assert cache.get(stored.sha256) is None  # no original given: nothing to rebuild from
    assert cache.get(stored.sha256, stored.path) == path and path.is_file()


def test_recent_temporary_files_are_spared(tmp_path: Path) -> None:
    store = PhotoStore(tmp_path)
    store.put(make_photo(100, 80, seed=9), "jpg")
    folder = next(tmp_path.glob("??/??"))
    old, fresh = folder / ".tmp-old.part", folder / ".tmp-new.part"
    old.write_bytes(b"x")
    fresh.write_bytes(b"y")
    os.utime(old, (1_000_000, 1_000_000))
    assert store.clean_partial_writes(older_than_s=3600) == 1
    assert fresh.exists() and not old.exists()
