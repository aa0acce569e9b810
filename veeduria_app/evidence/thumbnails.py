"""Thumbnail cache, kept apart from the evidence so it can be deleted and rebuilt at will."""
from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Optional

from veeduria_app.evidence.decoding import THUMBNAIL_SIZE, thumbnail_from_file


class ThumbnailCache:
    """`thumbnails/ab/<sha256>_<size>.jpg`, written atomically, rebuilt from the original on a miss."""

    def __init__(self, root: Path, size: int = THUMBNAIL_SIZE) -> None:
        self.root = Path(root)
        self.size = size

    def path_for(self, sha256: str) -> Path:
        return self.root / sha256[:2] / f"{sha256}_{self.size}.jpg"

    def put(self, sha256: str, jpeg: bytes) -> Path:
        target = self.path_for(sha256)
        if target.is_file():
            return target
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, temp_name = tempfile.mkstemp(prefix=".tmp-", suffix=".part", dir=target.parent)
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(jpeg)
            os.replace(temp_name, target)
        except BaseException:
            if os.path.exists(temp_name):
                os.unlink(temp_name)
            raise
        return target

    def get(self, sha256: str, original: Optional[Path] = None) -> Optional[Path]:
        """Path of the cached thumbnail, rebuilding it from the original when it is missing."""
        target = self.path_for(sha256)
        if target.is_file():
            return target
        if original is None or not Path(original).is_file():
            return None
        jpeg = thumbnail_from_file(Path(original), self.size)
        if jpeg is None:
            return None
        return self.put(sha256, jpeg)
