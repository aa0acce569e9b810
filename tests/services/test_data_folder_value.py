"""DataFolder is a value (a plain class since the first window needs it): equal and hashed by
its paths, unchangeable, and a shared-evidence folder differs from the plain one."""
from __future__ import annotations

from pathlib import Path

import pytest

from veeduria_app.services.data_folder import DataFolder
from veeduria_app.services.server import SharedEvidenceFolder


def test_equal_by_path_and_hashable(tmp_path):
    a, b = DataFolder(tmp_path / "datos"), DataFolder(tmp_path / "datos")
    assert a == b and hash(a) == hash(b) and len({a, b}) == 1
    assert a != DataFolder(tmp_path / "otros")
    assert a.db_path == tmp_path / "datos" / "veeduria.sqlite3"


def test_cannot_be_changed(tmp_path):
    folder = DataFolder(tmp_path)
    with pytest.raises(AttributeError):
        folder.path = Path("/otra")  # type: ignore[misc]
    with pytest.raises(AttributeError):
        folder.extra = 1  # type: ignore[attr-defined]
    assert folder.path == tmp_path


def test_shared_evidence_folder_is_a_different_value(tmp_path):
    shared = SharedEvidenceFolder(tmp_path / "datos", tmp_path / "red")
    assert shared.evidence_dir == tmp_path / "red" and shared.thumbnails_dir == tmp_path / "datos" / "miniaturas"
    assert shared == SharedEvidenceFolder(tmp_path / "datos", tmp_path / "red")
    assert shared != DataFolder(tmp_path / "datos") and DataFolder(tmp_path / "datos") != shared
    assert shared != SharedEvidenceFolder(tmp_path / "datos", tmp_path / "otra-red")
    assert "red" in repr(shared)
