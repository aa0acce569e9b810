"""Streaming readers for delimited text and XLSX, with encoding and delimiter sniffing.

Why: members open SECOP downloads in Excel and save them again, so the same table arrives as
UTF-8 with commas, UTF-8 with a BOM, or Windows-1252 with semicolons. Rows are yielded one
at a time so a 100,000-row file never sits in memory.
"""
from __future__ import annotations

import codecs
import csv
import io
import itertools
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator, Optional, Sequence

from .records import ParseProgress

csv.field_size_limit(16 * 1024 * 1024)


class UnreadableFile(Exception):
    """The file cannot be read as the format asked; str() is one Spanish line."""


def sniff_encoding(path: Path) -> str:
    """'utf-8-sig', 'utf-8', 'cp1252' or 'latin-1' after checking the whole file.

    The whole file is validated (cheap, in 1 MiB chunks) because an Excel re-save may keep
    its first thousand rows ASCII and put the first "ñ" far down.
    """
    with open(path, "rb") as handle:
        head = handle.read(4)
        if head.startswith(codecs.BOM_UTF8):
            return "utf-8-sig"
        if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            return "utf-16"
        handle.seek(0)
        decoder = codecs.getincrementaldecoder("utf-8")()
        try:
            while chunk := handle.read(1 << 20):
                decoder.decode(chunk)
            decoder.decode(b"", final=True)
            return "utf-8"
        except UnicodeDecodeError:
            pass
        handle.seek(0)
        decoder = codecs.getincrementaldecoder("cp1252")()
        try:
            while chunk := handle.read(1 << 20):
                decoder.decode(chunk)
            return "cp1252"
        except UnicodeDecodeError:
            return "latin-1"


def sniff_delimiter(sample: str) -> str:
    """',', ';' or tab: the one most frequent outside quotes in the first line."""
    counts = {",": 0, ";": 0, "\t": 0, "|": 0}
    quoted = False
    for ch in sample:
        if ch == '"':
            quoted = not quoted
        elif ch in "\r\n" and not quoted:
            break
        elif not quoted and ch in counts:
            counts[ch] += 1
    best = max(counts, key=lambda k: counts[k])
    return best if counts[best] else ","


@dataclass
class Table:
    """Header plus a row iterator; `row_number` of each row follows spreadsheet numbering."""

    header: list[str]
    rows: Iterator[tuple[int, list]]
    kind: str  # "csv" | "xlsx"
    delimiter: str = ","
    encoding: str = "utf-8"


HEADER_SCAN_ROWS = 15
"""Official spreadsheets often open with a title block (the budget's name, the entity, the work)
above the real column names; the header is looked for among this many first rows."""


def _filled(row: list) -> int:
    return sum(1 for c in row if c is not None and str(c).strip())


def _find_header(rows: Iterator[tuple[int, list]]) -> Optional[tuple[tuple[int, list], list[tuple[int, list]]]]:
    """(header row, the rows read after it) or None for an empty table.

    The header is the first row with at least three filled cells and at least 60 % of the widest
    of the first rows: a title line («PRESUPUESTO DE OBRA…») or a label/value pair («Obra:»,
    «Canalización…») above it is skipped. A table of one or two columns keeps its first row.
    """
    seen: list[tuple[int, list]] = []
    for number, row in rows:
        seen.append((number, row))
        if len([r for r in seen if _filled(r[1])]) >= HEADER_SCAN_ROWS:
            break
    filled = [(i, _filled(row)) for i, (_n, row) in enumerate(seen) if _filled(row)]
    if not filled:
        return None
    widest = max(count for _i, count in filled)
    chosen = next((i for i, count in filled if count >= 3 and count >= 0.6 * widest), filled[0][0])
    return seen[chosen], seen[chosen + 1:]


class CsvRows:
    """Numbered rows of a CSV reader, one at a time (an iterator of `(number, row)`) or a chunk at
    a time (`take`), closing the file at the end. Numbers count records from 1, header included."""

    def __init__(self, reader, text: io.TextIOWrapper, raw, progress: Optional[ParseProgress], size: int) -> None:
        self._reader = reader
        self._text = text
        self._raw = raw
        self._progress = progress
        self._size = size
        self.number = 0  # number of the last row read from the file
        self._done = False
        self._back: list[tuple[int, list]] = []  # rows read ahead (looking for the header), in order

    def push_back(self, rows: list[tuple[int, list]]) -> None:
        """Hand these rows out again, first, before reading on."""
        self._back[:0] = rows

    def __iter__(self) -> "CsvRows":
        return self

    def __next__(self) -> tuple[int, list]:
        if self._back:
            return self._back.pop(0)
        if self._done:
            raise StopIteration
        try:
            row = next(self._reader)
        except StopIteration:
            self._finish()
            raise
        except csv.Error as exc:
            raise self._damaged(exc) from exc
        self.number += 1
        if self._progress is not None and self.number % 512 == 0:
            self._progress.done_bytes = self._raw.tell()
        return self.number, row

    def take(self, count: int) -> tuple[int, list[list]]:
        """Up to `count` rows in one call: (number of the first, rows); no rows at the end."""
        back: list[list] = []
        first = self.number + 1
        if self._back:
            first = self._back[0][0]
            back = [row for _n, row in self._back[:count]]
            del self._back[:count]
            count -= len(back)
            if not count:
                return first, back
        if self._done:
            return first, back
        try:
            rows = list(itertools.islice(self._reader, count))
        except csv.Error as exc:
            raise self._damaged(exc) from exc
        self.number += len(rows)
        if back:
            rows = back + rows
            count += len(back)
        if len(rows) < count:
            self._finish()
        elif self._progress is not None:
            self._progress.done_bytes = self._raw.tell()
        return first, rows

    def _damaged(self, exc: Exception) -> UnreadableFile:
        line = self._reader.line_num
        self.close()
        return UnreadableFile(f"el archivo CSV está dañado cerca de la fila {line}: {exc}")

    def _finish(self) -> None:
        self._done = True
        if self._progress is not None:
            self._progress.done_bytes = self._size
        self.close()

    def close(self) -> None:
        self._text.close()


def read_csv(path: Path, progress: Optional[ParseProgress] = None) -> Table:
    """Open a delimited text file and return its header and a lazy row iterator (`CsvRows`)."""
    encoding = sniff_encoding(path)
    raw = open(path, "rb")
    size = os.fstat(raw.fileno()).st_size
    if progress is not None:
        progress.total_bytes = size
    text = io.TextIOWrapper(raw, encoding=encoding, newline="")
    sample = text.read(64 * 1024)
    text.seek(0)
    delimiter = sniff_delimiter(sample)
    reader = csv.reader(text, delimiter=delimiter)
    rows = CsvRows(reader, text, raw, progress, size)
    found = _find_header(rows)
    if found is None:
        text.close()
        raise UnreadableFile("el archivo está vacío: no tiene encabezados ni filas")
    first, after = found
    rows.push_back(after)
    header = [h.strip() for h in first[1]]
    return Table(header=header, rows=rows, kind="csv", delimiter=delimiter, encoding=encoding)


def read_xlsx(path: Path, progress: Optional[ParseProgress] = None, sheet: Optional[str] = None) -> Table:
    """Open the first (or named) sheet of an XLSX in read-only streaming mode."""
    try:
        import openpyxl
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # zipfile.BadZipFile, KeyError, InvalidFileException...
        raise UnreadableFile(f"no se pudo abrir el libro de Excel: {exc.__class__.__name__}") from exc
    ws = book[sheet] if sheet else book.worksheets[0]
    total = ws.max_row or 0
    if progress is not None:
        progress.total_bytes = total

    def numbered() -> Iterator[tuple[int, list]]:
        try:
            for index, row in enumerate(ws.iter_rows(values_only=True), start=1):
                if progress is not None:
                    progress.done_bytes = index
                yield index, list(row)
        finally:
            book.close()

    source = numbered()
    found = _find_header(source)
    if found is None:
        book.close()
        raise UnreadableFile("la hoja de cálculo está vacía")
    first, after = found
    rows = itertools.chain(after, source)
    header = ["" if h is None else str(h).strip() for h in first[1]]
    while header and not header[-1]:
        header.pop()
    return Table(header=header, rows=rows, kind="xlsx")


def read_table(path: Path, progress: Optional[ParseProgress] = None) -> Table:
    """CSV/TXT or XLSX by content (an XLSX is a zip: it starts with `PK`)."""
    with open(path, "rb") as handle:
        magic = handle.read(4)
    if magic.startswith(b"PK"):
        return read_xlsx(path, progress)
    return read_csv(path, progress)


def column_index(header: Sequence[str], aliases: dict[str, tuple[str, ...]]) -> dict[str, int]:
    """Map canonical field -> column position, matching normalised names against aliases."""
    from .values import norm_key

    positions: dict[str, int] = {}
    normalised = [norm_key(h) for h in header]
    for fieldname, names in aliases.items():
        wanted = [norm_key(n) for n in names]
        for want in wanted:
            if want in normalised:
                positions[fieldname] = normalised.index(want)
                break
    return positions
