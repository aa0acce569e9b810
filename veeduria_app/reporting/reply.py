"""Where the authority answers a letter (Ley 1755 de 2015, art. 16: the petitioner states where
to receive correspondence), written with only what «Mi veeduría» really records.

Shared by the oficio remisorio and the petition letters (petition, reminder, complaint), so a
letter never points to «la dirección de la veeduría» or to a letterhead that holds none. Each
wording file has three sections with a common prefix (`respuesta` by default):

- `<prefix>`: when there is an address or an e-mail; `{medios}` is «la dirección Calle 30 #
  18-25, barrio Olaya o en el correo electrónico veeduria@ejemplo.org» with only what exists.
- `<prefix>_sin_direccion`: when there is neither; asks that the answer go to the signers.
- `<prefix>_telefono`: added when there is a phone; `{telefono}` is the number.

A section missing from a wording file edited for an older version prints nothing.
"""
from __future__ import annotations

from typing import Mapping

from veeduria_app.reporting.wording import Wording

NBSP = "\u00a0"


def reply_means(address: str, email: str) -> str:
    """«la dirección … o en el correo electrónico …», with only the means recorded; "" if none."""
    means = []
    if address.strip():
        means.append(f"la dirección {address.strip()}")
    if email.strip():
        means.append(f"el correo electrónico {email.strip()}")
    return " o en ".join(means)


def reply_paragraphs(words: Wording, values: Mapping[str, object], *, address: str, email: str, phone: str,
                     prefix: str = "respuesta") -> list[str]:
    """The paragraphs that tell the authority where to answer (see the module docstring)."""
    means = reply_means(address, email)
    filled = {**values, "medios": means, "telefono": phone.strip().replace(" ", NBSP)}

    def section(key: str) -> list[str]:
        return words.paragraphs(key, filled) if key in words.sections else []

    paragraphs = section(prefix if means else f"{prefix}_sin_direccion")
    if phone.strip():
        paragraphs += section(f"{prefix}_telefono")
    return paragraphs


__all__ = ["reply_means", "reply_paragraphs"]
