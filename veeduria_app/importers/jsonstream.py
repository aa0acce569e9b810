"""Stream the objects of a top-level JSON array (the Socrata API shape) one by one.

Why not json.load: a 100,000-row API download is hundreds of MB as Python objects; decoding
one object at a time with JSONDecoder.raw_decode keeps memory flat without extra packages.
"""
from __future__ import annotations

import json
from typing import Iterator, Optional, TextIO

from .records import ParseProgress

_decoder = json.JSONDecoder()
_WS = " \t\r\n"


class JsonProblem(ValueError):
    """Malformed JSON; str() is Spanish."""


def iter_array(text: TextIO, progress: Optional[ParseProgress] = None, raw=None) -> Iterator[object]:
    """Yield each element of the top-level array read from `text`."""
    buffer = ""
    pos = 0
    eof = False

    def fill() -> bool:
        nonlocal buffer, pos, eof
        chunk = text.read(1 << 16)
        if progress is not None and raw is not None:
            progress.done_bytes = raw.tell()
        if not chunk:
            eof = True
            return False
        buffer = buffer[pos:] + chunk
        pos = 0
        return True

    def skip_ws() -> None:
        nonlocal pos
        while True:
            while pos < len(buffer) and buffer[pos] in _WS:
                pos += 1
            if pos < len(buffer) or not fill():
                return

    skip_ws()
    if pos >= len(buffer) or buffer[pos] != "[":
        raise JsonProblem("se esperaba una lista JSON que empieza con «[»")
    pos += 1
    skip_ws()
    if pos < len(buffer) and buffer[pos] == "]":
        return
    while True:
        skip_ws()
        while True:
            try:
                value, end = _decoder.raw_decode(buffer, pos)
                # A number at the very end of the buffer may be cut; make sure more is not coming.
                if end == len(buffer) and not eof and fill():
                    continue
                break
            except json.JSONDecodeError as exc:
                if eof or not fill():
                    raise JsonProblem(f"JSON mal formado cerca del carácter {exc.pos}") from exc
        pos = end
        yield value
        skip_ws()
        if pos >= len(buffer):
            raise JsonProblem("el JSON termina sin cerrar la lista «]»")
        if buffer[pos] == ",":
            pos += 1
            continue
        if buffer[pos] == "]":
            return
        raise JsonProblem(f"JSON mal formado: se esperaba «,» o «]» y hay «{buffer[pos]}»")
