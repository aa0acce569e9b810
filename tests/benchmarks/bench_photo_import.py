"""Benchmark: importing 200 photos of 12 megapixels into one visit.

Run: `python tests/benchmarks/bench_photo_import.py [N]` (or `pytest tests/benchmarks/bench_photo_import.py -s`).
Baseline, measured in the same run on the same files: read each file, SHA-256 it and decode it
with Pillow `draft()` to thumbnail size (one after another, and also on two threads, since the
import itself decodes on a small worker pool). The import does all of that plus EXIF reading,
checks, the atomic store write with fsync, the thumbnail cache and one DB transaction per file.
Target (issue 4): import ≤ 1.5 × the baseline on two cores. Memory: importing N/4 and N photos
must peak at about the same memory (bounded whatever the batch size), both for Python-level
allocations (tracemalloc) and for the whole process (peak RSS of a fresh process, which includes
Pillow's and SQLite's C memory). Only ratios are reported; nothing asserts an absolute time.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import io
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
import tracemalloc
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from PIL import Image, ImageDraw

from veeduria_app.domain.inspections import InspectionFields
from veeduria_app.domain.works import WorkFields
from veeduria_app.evidence.synthetic import build_exif
from veeduria_app.services.container import build_services
from veeduria_app.services.data_folder import DataFolder

PHOTOS = 200
SIZE = (4000, 3000)  # 12 MP
SITE = (10.3965, -75.4995)


def make_files(folder: Path, count: int) -> list[Path]:
    """12 MP JPEGs with camera-like noise (real photos do not compress like flat colours)."""
    base = Image.effect_noise(SIZE, 40).convert("RGB")
    tint = Image.new("RGB", SIZE, (120, 140, 110))
    base = Image.blend(base, tint, 0.5)
    rng = random.Random(4)
    paths = []
    for i in range(count):
        image = base.copy()
        draw = ImageDraw.Draw(image)
        for _ in range(5):
            x, y = rng.randint(0, SIZE[0] - 400), rng.randint(0, SIZE[1] - 400)
            draw.rectangle((x, y, x + rng.randint(50, 400), y + rng.randint(50, 400)),
                           fill=(rng.randint(0, 255), rng.randint(0, 255), rng.randint(0, 255)))
        exif = build_exif(lat=SITE[0] + rng.uniform(-0.001, 0.001), lon=SITE[1] + rng.uniform(-0.001, 0.001),
                          alt=3.0, taken_at=dt.datetime(2026, 11, 21, 9, 0) + dt.timedelta(seconds=30 * i),
                          orientation=(1, 6, 3, 8)[i % 4])
        path = folder / f"IMG_{i:04d}.jpg"
        image.save(path, "JPEG", quality=90, exif=exif)
        paths.append(path)
    return paths


def baseline_one(path: Path) -> str:
    data = path.read_bytes()
    digest = hashlib.sha256(data).hexdigest()
    image = Image.open(io.BytesIO(data))
    image.draft("RGB", (320, 320))
    image.load()
    return digest


def timed(fn) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def import_into_fresh_folder(root: Path, name: str, paths: list[Path]) -> tuple[float, int, int]:
    """(seconds, tracemalloc peak bytes, imported count) for one import in a new data folder."""
    services = build_services(DataFolder.open(root / name))
    try:
        work = services.works.create(WorkFields(name="Obra de prueba", type="via", localidad="2",
                                                lat=str(SITE[0]), lon=str(SITE[1])))
        visit = services.inspections.create(work.id, InspectionFields(visit_date=dt.date(2026, 11, 21)))
        tracemalloc.start()
        start = time.perf_counter()
        report = services.photos.import_paths(visit.id, paths)
        seconds = time.perf_counter() - start
        _current, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        return seconds, peak, report.count("imported")
    finally:
        services.close()


def peak_rss_of_import(folder: Path, count: int) -> float:
    """Peak resident memory (MB) of a fresh process importing the first `count` files —
    includes Pillow's and SQLite's C allocations, which tracemalloc does not see."""
    out = subprocess.run([sys.executable, __file__, "--rss", str(folder), str(count)], check=True,
                         capture_output=True, text=True, env={**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])})
    return float(out.stdout.strip().splitlines()[-1])


def _rss_child(folder: str, count: int) -> None:
    paths = sorted(Path(folder).glob("IMG_*.jpg"))[:count]
    with tempfile.TemporaryDirectory(prefix="bench-rss-") as tmp:
        import_into_fresh_folder(Path(tmp), "datos", paths)
    print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)  # KiB on Linux


def run(count: int = PHOTOS) -> dict[str, float]:
    with tempfile.TemporaryDirectory(prefix="bench-fotos-") as tmp:
        root = Path(tmp)
        files_dir = root / "fotos"
        files_dir.mkdir()
        paths = make_files(files_dir, count)
        mean_mb = sum(p.stat().st_size for p in paths) / len(paths) / 1e6
        for p in paths[:10]:  # warm the OS cache like the baseline will find it
            p.read_bytes()
        baseline_seq = timed(lambda: [baseline_one(p) for p in paths])
        with ThreadPoolExecutor(max_workers=2) as pool:
            baseline_par = timed(lambda: list(pool.map(baseline_one, paths)))
        import_time, peak_full, imported = import_into_fresh_folder(root, "datos", paths)
        assert imported == count
        _t, peak_quarter, _n = import_into_fresh_folder(root, "datos2", paths[: max(1, count // 4)])
        rss_quarter = peak_rss_of_import(files_dir, max(1, count // 4))
        rss_full = peak_rss_of_import(files_dir, count)
        return {
            "photos": float(count),
            "mean_file_mb": mean_mb,
            "baseline_sequential_s": baseline_seq,
            "baseline_2_threads_s": baseline_par,
            "import_s": import_time,
            "import_vs_baseline_sequential": import_time / baseline_seq,
            "import_vs_baseline_2_threads": import_time / baseline_par,
            "memory_peak_full_mb": peak_full / 1e6,
            "memory_peak_quarter_mb": peak_quarter / 1e6,
            "memory_full_vs_quarter": peak_full / peak_quarter,
            "rss_peak_quarter_mb": rss_quarter,
            "rss_peak_full_mb": rss_full,
            "rss_full_vs_quarter": rss_full / rss_quarter,
        }


def test_photo_import_benchmark() -> None:
    ratios = run(int(os.environ.get("BENCH_PHOTOS", PHOTOS)))
    for name, value in ratios.items():
        print(f"{name}: {value:.3f}")
    assert ratios["memory_full_vs_quarter"] < 1.5  # memory does not grow with the batch
    assert ratios["rss_full_vs_quarter"] < 1.5


if __name__ == "__main__" and len(sys.argv) == 4 and sys.argv[1] == "--rss":
    _rss_child(sys.argv[2], int(sys.argv[3]))
elif __name__ == "__main__":
    for name, value in run(int(sys.argv[1]) if len(sys.argv) > 1 else PHOTOS).items():
        print(f"{name}: {value:.3f}")
