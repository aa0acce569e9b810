"""Fixed wording of printed documents, read from editable text files in `reports/`.

Each document has one UTF-8 text file (`reports/<document>.txt`). A line `## clave` starts a
section; everything up to the next `## ` line is its text. Blank lines separate paragraphs.
Lines starting with `#` followed by a space are comments for the person editing the file.
Values in braces, such as `{veeduria}`, are filled in when the document is built; an unknown
name is left as written so a typo never breaks a report.

Keeping this out of code lets a veeduría adjust legal references or closing formulas without
a programmer.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Mapping

from veeduria_app.paths import reports_dir

_SECTION = re.compile(r"^##\s+([\w.\-]+)\s*$")
_PLACEHOLDER = re.compile(r"\{(\w+)\}")


@dataclass(frozen=True)
class Wording:
    """The sections of one wording file."""

    name: str
    sections: Mapping[str, str]

    def text(self, key: str, values: Mapping[str, object] | None = None) -> str:
        """The section's text with placeholders filled; KeyError names the file if missing."""
        try:
            raw = self.sections[key]
        except KeyError:
            raise KeyError(f"Falta la sección '## {key}' en reports/{self.name}.txt") from None
        return fill(raw, values or {})

    def paragraphs(self, key: str, values: Mapping[str, object] | None = None) -> list[str]:
        """The section split into paragraphs (blank-line separated), each on one line."""
        blocks = re.split(r"\n\s*\n", self.text(key, values))
        return [" ".join(line.strip() for line in b.splitlines()).strip() for b in blocks if b.strip()]

    def first(self, *keys: str) -> str | None:
        """The first of `keys` this file has: a wording file edited for an older version may lack
        the newer variants (most specific first, the general section last)."""
        return next((key for key in keys if key in self.sections), None)

    def lines(self, key: str, values: Mapping[str, object] | None = None) -> list[str]:
        """The section's non-empty lines (used for lists such as legal references)."""
        return [line.strip() for line in self.text(key, values).splitlines() if line.strip()]


def fill(raw: str, values: Mapping[str, object]) -> str:
    """Fill `{name}` placeholders, leaving unknown ones and stray braces untouched."""
    def replace(match: re.Match[str]) -> str:
        key = match.group(1)
        return str(values[key]) if key in values else match.group(0)

    return _PLACEHOLDER.sub(replace, raw)


def parse_wording(name: str, content: str) -> Wording:
    """Parse the `## clave` format (see module docstring)."""
    sections: dict[str, list[str]] = {}
    current: list[str] | None = None
    for line in content.splitlines():
        match = _SECTION.match(line)
        if match:
            current = sections.setdefault(match.group(1), [])
            continue
        if line.startswith("# ") or line.strip() == "#":
            continue
        if current is not None:
            current.append(line)
    return Wording(name, {k: "\n".join(v).strip() for k, v in sections.items()})


def load_wording(name: str, folder: Path | None = None) -> Wording:
    """Read `reports/<name>.txt` (UTF-8, BOM tolerated, since Notepad may add one)."""
    path = (folder or reports_dir()) / f"{name}.txt"
    try:
        content = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise FileNotFoundError(f"No se encontró el texto fijo {path}; reinstale la aplicación.") from None
    except UnicodeDecodeError:
        raise ValueError(f"El archivo {path} no está guardado en UTF-8; guárdelo de nuevo como UTF-8.") from None
    return parse_wording(name, content)
