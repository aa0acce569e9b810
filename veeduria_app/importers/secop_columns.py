"""SECOP II *Contratos Electrónicos* tables parsed a column at a time, for large downloads.

Why: a portal download has 100,000 rows and most of its cells either repeat (entity, modality,
status, dates, "No Definido") or are plain (ids, digits-only pesos). Parsing each distinct cell of
a chunk once, and cleaning a column of plain cells with a few C-level string operations, costs a
fraction of parsing row by row. The values are still exactly those of
`secop.contract_from_secop2`: the same functions (`clean_text`, `parse_money`, `parse_date`...)
parse every distinct cell, the plain-cell shortcut only applies when it provably gives the same
text, and any row that needs judgement — no contract id, an unreadable cell, dates out of order,
a negative value — goes through `contract_from_secop2` itself (tests compare both paths).

`contract_batches` yields `ContractBatch` objects; `ContractBatch.items()` gives the very
`ContractRecord`s and `RowError`s the row parser gives, for callers that want records.
"""
from __future__ import annotations

import itertools
from operator import itemgetter
from decimal import Decimal
from typing import Any, Callable, Iterator, Optional, Sequence

from .records import CONTRACT_VALUE_FIELDS, BudgetRecord, ContractRecord, ImportItem, RowError
from .secop import _FUNDING_COLUMNS, CONTRACT_COLUMNS, LAYOUTS, DateStyle, RowMapper, contract_from_secop2
from .values import MAX_PESO_DIGITS, SENTINELS, ValueProblem, clean_id, clean_text, parse_date, parse_int, parse_money

CHUNK = 1000
"""Rows parsed together; the import service writes one chunk per statement."""


_TEXT_FIELDS = ("number", "url", "entity", "contractor", "contractor_id_type", "modality", "contract_type",
                "status", "supervisor", "funding_sources", "city")
_ID_FIELDS = ("secop_id", "process_id", "entity_nit", "contractor_id", "bpin")
_MONEY_FIELDS = ("initial_value", "reported_paid_value", "reported_invoiced_value", "advance_value")
_DATE_FIELDS = ("signed_date", "start_date", "end_date", "liquidation_date")

Budget = tuple[tuple[str, str, str, Any], ...]
"""Funding of one contract: (column, funding source, label, amount) for each non-zero column."""


class _Bad:
    """A cell its parser refused (the row then goes through the row parser for its message)."""

    __slots__ = ()


_BAD = _Bad()


class ContractBatch:
    """Consecutive rows of a Contratos Electrónicos table: the parsed contracts as columns
    (`columns[field][i]`, fields of CONTRACT_VALUE_FIELDS; `keys[i]` their source key, `numbers[i]` their row,
    `budget[i]` their funding) and the rejected rows (`errors`)."""

    __slots__ = ("numbers", "keys", "columns", "budget", "errors")

    def __init__(self, numbers: list[int], keys: list[str], columns: dict[str, list], budget: list[Budget],
                 errors: list[RowError]) -> None:
        self.numbers = numbers
        self.keys = keys
        self.columns = columns
        self.budget = budget
        self.errors = errors

    def __len__(self) -> int:
        """Rows read, rejected ones included."""
        return len(self.keys) + len(self.errors)

    def record(self, i: int) -> ContractRecord:
        """The i-th contract as the row parser gives it."""
        values = {name: column[i] for name, column in self.columns.items()}
        key, number, signed = self.keys[i], self.numbers[i], values["signed_date"]
        budget = tuple(
            BudgetRecord(contract_key=key, source_id=f"secop2:{column}", vigencia=signed.year if signed else None,
                         funding_source=source, amount=amount, description=label, row=number)
            for column, source, label, amount in self.budget[i])
        return ContractRecord(source_key=key, row=number, budget=budget, **values)

    def items(self) -> Iterator[ImportItem]:
        """Contracts and rejected rows in row order."""
        errors = iter(self.errors)
        error = next(errors, None)
        for i, number in enumerate(self.numbers):
            while error is not None and error.row < number:
                yield error
                error = next(errors, None)
            yield self.record(i)
        while error is not None:
            yield error
            error = next(errors, None)


# -- one column ------------------------------------------------------------------------------------

_PLAIN = {str, type(None)}


class _Cells:
    """Parses a kind of cell (`parse`), each distinct cell once per file: the memo is kept from
    chunk to chunk up to LIMIT entries, then started again (memory stays flat). `shortcut(cells)`
    may parse a column of mostly distinct cells at once (or return None): it is tried when the
    previous chunk's column was mostly distinct."""

    LIMIT = 4096

    def __init__(self, parse: Callable[[Any], Any], shortcut: Optional[Callable[[Sequence[Any]], Optional[list]]] = None) -> None:
        self.parse = parse
        self.shortcut = shortcut
        self.distinct = shortcut is not None  # whether the last column seen was mostly distinct
        self.memo: dict = {}
        self.refused: set = set()

    def __call__(self, cells: Sequence[Any], text_only: bool) -> tuple[list, bool]:
        """(value of every cell, whether some cell was refused: its value is _BAD). `text_only`:
        the cells are str or None (a CSV), so no type needs telling apart."""
        if self.distinct and text_only:
            values = self.shortcut(cells)  # type: ignore[misc]
            if values is not None:
                return values, False
        plain = text_only or set(map(type, cells)) <= _PLAIN
        # Excel numbers, dates and booleans are told apart by type: 1, 1.0 and True are one dict key.
        keys = cells if plain else [(type(c), c) for c in cells]
        distinct = set(keys)
        if self.shortcut is not None:
            self.distinct = len(distinct) > len(cells) // 4
            if self.distinct and plain:
                values = self.shortcut(cells)
                if values is not None:
                    return values, False
        memo = self.memo
        new = distinct.difference(memo)
        if new:
            if len(memo) + len(new) > self.LIMIT:
                memo.clear()
                self.refused.clear()
                new = distinct
            parse = self.parse
            for key in new:
                try:
                    memo[key] = parse(key if plain else key[1])
                except ValueProblem:
                    memo[key] = _BAD
                    self.refused.add(key)
        refused = bool(self.refused) and not self.refused.isdisjoint(distinct)
        return list(map(memo.__getitem__, keys)), refused


_PRINTABLE_ASCII = bytes(range(0x20, 0x7F))


def printable(text: str) -> bool:
    """str.isprintable, three times faster on ASCII text (imports check megabytes of it)."""
    if text.isascii():
        return not text.encode("ascii").translate(None, _PRINTABLE_ASCII)
    return text.isprintable()


def _plain_texts(cells: Sequence[Any], ids: bool = False) -> Optional[list]:
    """clean_text (clean_id if `ids`) of every cell when no cell has runs of spaces, line breaks,
    tabs or no-break spaces (nor, for ids, an Excel "123.0"): then it is strip plus the
    sentinels. None when this shortcut does not apply."""
    if None in cells:
        return None
    try:
        joined = "|".join(cells)
    except TypeError:  # not all text
        return None
    if "  " in joined or (ids and ".0" in joined) or not printable(joined):
        return None
    texts = list(map(str.strip, cells))
    if min(map(len, texts)) > 15 or SENTINELS.isdisjoint(map(str.lower, texts)):  # sentinels are short
        return texts
    return [None if t.lower() in SENTINELS else t for t in texts]


def _plain_ids(cells: Sequence[Any]) -> Optional[list]:
    return _plain_texts(cells, True)


def _digit_pesos(cells: Sequence[Any]) -> Optional[list]:
    """parse_money of a column of plain ASCII digits ("7299288", as the API and the portal's own
    CSV write pesos): Decimal with two places, as its fast path gives."""
    if None in cells or not all(cells):
        return None
    try:
        digits = "".join(cells)
    except TypeError:  # not all text
        return None
    if max(map(len, cells)) > MAX_PESO_DIGITS:  # parse_money says what is wrong with a longer one
        return None
    if not (digits.isascii() and digits.isdigit()):
        return None
    return list(map(Decimal, (".00|".join(cells) + ".00").split("|")))


# -- a chunk of rows -------------------------------------------------------------------------------


class _Parser:
    """Column positions of one header, the date style and the cell memos of one file."""

    def __init__(self, header: Sequence[str], style: DateStyle, text_only: bool = False) -> None:
        self.header = list(header)
        self.text_only = text_only
        self.bound = RowMapper(CONTRACT_COLUMNS).bind(self.header)
        self.index = dict(self.bound)
        self.width = max((i for _f, i in self.bound), default=-1) + 1
        self.style = style
        self.texts = {name: _Cells(clean_text, _plain_texts) for name in _TEXT_FIELDS + ("object", "process_description")}
        self.ids = {name: _Cells(clean_id, _plain_ids) for name in _ID_FIELDS}
        self.pesos = _Cells(parse_money, _digit_pesos)
        # One memo per date column: signature, start and end dates are each a few thousand texts
        # in a large file, which one shared memo could not keep.
        self.dates = {name: _Cells(lambda v: parse_date(v, day_first=style.day_first)) for name in _DATE_FIELDS}
        self.days = _Cells(parse_int)

    def row_dict(self, values: Sequence[Any]) -> dict[str, Any]:
        """The canonical dict the row parser reads (RowMapper.row)."""
        size = len(values)
        return {name: values[i] for name, i in self.bound if i < size}

    def parse(self, first: int, rows: list[list]) -> ContractBatch:
        n = len(rows)
        width = self.width
        if min(map(len, rows)) < width:  # short rows: their missing cells are absent (None)
            rows = [r if len(r) >= width else list(r) + [None] * (width - len(r)) for r in rows]
        index = self.index
        text_only = self.text_only
        odd: set[int] = set()  # rows the row parser must judge

        def column(name: str, cells: _Cells) -> list:
            i = index.get(name)
            if i is None:
                return [None] * n
            values, refused = cells(list(map(itemgetter(i), rows)), text_only)
            if refused:
                odd.update(j for j, v in enumerate(values) if v is _BAD)
            return values

        col: dict[str, list] = {}
        for name in _TEXT_FIELDS:
            col[name] = column(name, self.texts[name])
        for name in _ID_FIELDS:
            col[name] = column(name, self.ids[name])
        obj, description = column("object", self.texts["object"]), column("process_description", self.texts["process_description"])
        col["object"] = [a if a is not None else b for a, b in zip(obj, description)]
        for name in _MONEY_FIELDS:
            col[name] = column(name, self.pesos)
        for name in _DATE_FIELDS:
            col[name] = column(name, self.dates[name])
        col["reported_added_days"] = column("reported_added_days", self.days)
        funding = [(name, source, label, column(name, self.pesos)) for name, source, label in _FUNDING_COLUMNS
                   if name in index]
        values = col["initial_value"]
        col["currency"] = [None if v is None else "COP" for v in values]
        if None in col["secop_id"]:
            odd.update(j for j, v in enumerate(col["secop_id"]) if v is None)
        starts, ends = col["start_date"], col["end_date"]
        for j in [j for j, v in enumerate(values) if v is not None and v is not _BAD and v < 0]:
            odd.add(j)
        for j in [j for j, (s, e) in enumerate(zip(starts, ends)) if s is not None and e is not None]:
            if j not in odd and ends[j] < starts[j]:
                odd.add(j)

        budget: list[Budget] = [()] * n
        for name, source, label, amounts in funding:
            for j in [j for j, a in enumerate(amounts) if a]:
                if j not in odd:
                    budget[j] = budget[j] + ((name, source, label, amounts[j]),)
        keys = list(col["secop_id"])
        numbers = list(range(first, first + n))
        errors: list[RowError] = []
        if odd:
            dropped = []
            for j in sorted(odd):
                item = contract_from_secop2(self.row_dict(rows[j]), first + j, self.style)
                if isinstance(item, RowError):
                    errors.append(item)
                    dropped.append(j)
                    continue
                for name in CONTRACT_VALUE_FIELDS:
                    col[name][j] = getattr(item, name)
                keys[j] = item.source_key
                budget[j] = tuple((b.source_id.split(":", 1)[1], b.funding_source, b.description, b.amount)
                                  for b in item.budget)
            if dropped:
                keep = sorted(set(range(n)).difference(dropped))
                col = {name: [values[j] for j in keep] for name, values in col.items()}
                keys = [keys[j] for j in keep]
                budget = [budget[j] for j in keep]
                numbers = [numbers[j] for j in keep]
        return ContractBatch(numbers, keys, {name: col[name] for name in CONTRACT_VALUE_FIELDS}, budget, errors)


def contract_batches(header: Sequence[str], take: Callable[[int], tuple[int, list[list]]],
                     default_day_first: bool, *, text_only: bool = False, size: int = CHUNK) -> Iterator[ContractBatch]:
    """Batches of a Contratos Electrónicos table. `take(n)` returns (number of the first row, up to n
    rows as lists in header order); `text_only`: every cell is a str (a CSV). The date style is
    learnt from the first 500 rows, as `secop.parse_rows` does, before any row is parsed."""
    style = DateStyle(default_day_first)
    parser = _Parser(header, style, text_only)
    first, rows = take(max(size, 500))
    date_columns = [parser.index[name] for name in LAYOUTS["secop2"][3] if name in parser.index]
    for row in rows[:500]:
        for i in date_columns:
            style.learn(row[i] if i < len(row) else None)
        if style.decided:
            break
    while rows:
        yield parser.parse(first, rows)
        first, rows = take(size)


def take_from(rows: Iterator[tuple[int, list]]) -> Callable[[int], tuple[int, list[list]]]:
    """`take` for a plain iterator of (number, row); rows must be numbered consecutively."""

    def take(count: int) -> tuple[int, list[list]]:
        chunk = list(itertools.islice(rows, count))
        return (chunk[0][0] if chunk else 0), [list(r) for _n, r in chunk]

    return take
