"""Entry point of the parsing layer: open a file, recognise its format, stream its records.

`open_source(path, fmt)` never touches the database. It raises `UnreadableFile` (Spanish
message) when the file cannot be read or its format is not recognised, before anything is
yielded, so the import service can refuse the file without writing.
"""
from __future__ import annotations

import io
import itertools
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator, Mapping, Optional

from . import boq, ocds, secop, secop_columns
from .jsonstream import JsonProblem, iter_array
from .records import ImportItem, ParseProgress, RowError
from .tabular import CsvRows, UnreadableFile, read_table, sniff_encoding
from .values import ValueProblem

FORMATS = ("auto", "secop2", "secop1", "ocds", "oc4ids", "boq")
"""What the user may ask for (`--format`). Detected formats are finer: secop2 may turn out
to be `secop2-adiciones`, `secop2-ejecucion` or `secop2-procesos`; boq may be `boq-programacion`."""


@dataclass
class ParsedSource:
    """A recognised file: its detected format and a one-pass iterator of records (and of
    `secop_columns.ContractBatch`es when opened with `batches=True`)."""

    format: str
    items: Iterator[ImportItem]
    progress: ParseProgress
    header: list[str] = field(default_factory=list)
    details: dict = field(default_factory=dict)

    def fraction(self) -> float:
        total = self.progress.total_bytes
        return min(1.0, self.progress.done_bytes / total) if total else 0.0


def _family(fmt: str) -> str:
    return fmt.split("-")[0]


def _check_family(asked: str, found: str, path: Path) -> None:
    if asked != "auto" and _family(found) != asked:
        raise UnreadableFile(f"{path.name}: se pidió el formato «{asked}» pero el archivo parece «{found}»")


def _looks_binary(head: bytes) -> bool:
    """A NUL byte, or more control characters than any CSV saved by a portal or Excel has."""
    if b"\x00" in head[:1024]:
        return True
    controls = sum(1 for byte in head if (byte < 0x20 and byte not in (9, 10, 13)) or byte == 0x7F)
    return controls > max(8, len(head) // 50)


def open_source(path: Path | str, fmt: str = "auto", boq_mapping: Optional[Mapping[str, str]] = None, *,
                batches: bool = False) -> ParsedSource:
    """Recognise and open `path`; see module docstring.

    With `batches`, a Contratos Electrónicos table (CSV or XLSX) yields `ContractBatch`es of about
    a thousand rows parsed column by column (`secop_columns`) instead of one record per row; their
    `items()` are the same records. The import service asks for them; other callers get records."""
    path = Path(path)
    if fmt not in FORMATS:
        raise UnreadableFile(f"formato desconocido «{fmt}»; use uno de: {', '.join(FORMATS)}")
    if not path.is_file():
        raise UnreadableFile(f"no existe el archivo {path}")
    if path.stat().st_size == 0:
        raise UnreadableFile(f"{path.name}: el archivo está vacío")
    with open(path, "rb") as handle:
        head = handle.read(4096)
    stripped = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if stripped[:1] in (b"{", b"["):
        return _open_json(path, fmt, stripped[:1])
    if head.startswith(b"%PDF") or (_looks_binary(head) and not head.startswith(b"PK")):
        raise UnreadableFile(f"{path.name}: no es una tabla CSV/Excel ni un JSON (parece un archivo binario)")
    return _open_table(path, fmt, boq_mapping, batches)


def _open_table(path: Path, fmt: str, boq_mapping: Optional[Mapping[str, str]], batches: bool = False) -> ParsedSource:
    progress = ParseProgress()
    try:
        table = read_table(path, progress)
    except UnicodeDecodeError as exc:  # pragma: no cover - sniffing prevents it
        raise UnreadableFile(f"{path.name}: codificación de texto no reconocida") from exc
    header = table.header
    if fmt in ("auto", "boq") and (boq_mapping or fmt == "boq" or boq.is_boq(header) or boq.is_schedule(header)):
        if boq.is_schedule(header) and not boq_mapping:
            found = "boq-programacion"
            items = boq.parse_schedule(header, table.rows, default_day_first=True)
        else:
            found = "boq"
            items = boq.parse_boq(header, table.rows, boq_mapping)
        try:
            first = list(itertools.islice(items, 1))  # raises now on missing columns
        except ValueProblem as problem:
            table.rows.close()  # release the file (Windows keeps open files locked)
            raise UnreadableFile(f"{path.name}: {problem}") from problem
        return ParsedSource(found, itertools.chain(first, items), progress, header,
                            {"delimiter": table.delimiter, "encoding": table.encoding, "layout": boq.layout_signature(header)})
    layout = secop.detect_layout(header)
    if layout is None:
        table.rows.close()
        raise UnreadableFile(
            f"{path.name}: formato no reconocido; las columnas ({', '.join(h for h in header[:6] if h)}…) "
            "no corresponden a SECOP II, SECOP I ni a un presupuesto de obra")
    if fmt != "auto" and _family(layout) != fmt:
        table.rows.close()
    _check_family(fmt, layout, path)
    day_first = table.delimiter == ";" or table.kind == "xlsx"
    details = {"delimiter": table.delimiter, "encoding": table.encoding}
    if batches and layout == "secop2":
        if isinstance(table.rows, CsvRows):
            batched = secop_columns.contract_batches(header, table.rows.take, day_first, text_only=True)
        else:
            batched = secop_columns.contract_batches(header, secop_columns.take_from(table.rows), day_first)
        return ParsedSource(layout, batched, progress, header, details)
    mapper = secop.RowMapper(secop.LAYOUTS[layout][0])
    rows = ((n, mapper.row(header, values)) for n, values in table.rows)
    return ParsedSource(layout, secop.parse_rows(layout, rows, day_first), progress, header, details)


def _open_json(path: Path, fmt: str, first: bytes) -> ParsedSource:
    encoding = sniff_encoding(path)
    progress = ParseProgress(total_bytes=path.stat().st_size)
    if first == b"[":
        raw = open(path, "rb")
        text = io.TextIOWrapper(raw, encoding=encoding)
        stream = iter_array(text, progress, raw)
        try:
            head = list(itertools.islice(stream, 1))
        except JsonProblem as problem:
            text.close()
            raise UnreadableFile(f"{path.name}: {problem}") from problem
        if not head:
            text.close()
            raise UnreadableFile(f"{path.name}: la lista JSON está vacía")
        if not isinstance(head[0], dict):
            text.close()
            raise UnreadableFile(f"{path.name}: la lista JSON no contiene objetos")
        keys = list(head[0].keys())
        layout = secop.detect_layout(keys)
        if layout is None:
            kind = ocds.document_kind(head[0])
            if kind is None:
                text.close()
                raise UnreadableFile(f"{path.name}: formato JSON no reconocido (campos {', '.join(keys[:5])}…)")
            # A bare list of OCDS releases: treat it as a release package.
            doc = {"releases": head + list(stream)}
            text.close()
            _check_family(fmt, "ocds", path)
            return ParsedSource("ocds", ocds.parse_ocds(doc, "ocds-release-package"), progress, details={"kind": "release-list"})
        _check_family(fmt, layout, path)
        mapper = secop.RowMapper(secop.LAYOUTS[layout][0])

        def rows() -> Iterator[tuple[int, dict]]:
            try:
                for number, obj in enumerate(itertools.chain(head, stream), start=1):
                    if isinstance(obj, dict):
                        yield number, mapper.obj(obj)
                    else:
                        yield number, {"__bad__": True}
                progress.done_bytes = progress.total_bytes
            except JsonProblem as problem:
                raise UnreadableFile(f"{path.name}: {problem}") from problem
            finally:
                text.close()

        def checked() -> Iterator[ImportItem]:
            for item in secop.parse_rows(layout, rows(), False):
                yield item

        return ParsedSource(layout, checked(), progress, keys, {"encoding": encoding})
    try:
        with open(path, "r", encoding=encoding) as handle:
            doc = json.load(handle)
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise UnreadableFile(f"{path.name}: JSON mal formado ({exc.__class__.__name__})") from exc
    progress.done_bytes = progress.total_bytes
    kind = ocds.document_kind(doc)
    if kind is None:
        raise UnreadableFile(f"{path.name}: formato JSON no reconocido (no es OCDS, OC4IDS ni SECOP)")
    if kind == "oc4ids":
        _check_family(fmt, "oc4ids", path)
        return ParsedSource("oc4ids", ocds.parse_oc4ids(doc), progress, details={"kind": kind, "encoding": encoding})
    _check_family(fmt, "ocds", path)
    return ParsedSource("ocds", ocds.parse_ocds(doc, kind), progress, details={"kind": kind, "encoding": encoding})


def read_all(path: Path | str, fmt: str = "auto") -> tuple[str, list[ImportItem]]:
    """Convenience for tests and small files: format and every record."""
    source = open_source(path, fmt)
    return source.format, list(source.items)


__all__ = ["open_source", "read_all", "ParsedSource", "UnreadableFile", "FORMATS", "RowError"]
