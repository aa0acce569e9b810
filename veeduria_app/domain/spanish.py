"""Small Spanish agreements for printed wording: greeting by the addressee's title, counted nouns.

Formal letters must not print «Respetado(a)» or «hallazgo(s)» when the right form is known.
"""
from __future__ import annotations

import unicodedata
from typing import Optional

# Titles (and their usual abbreviations) that tell the addressee's gender; anything else
# (e.g. «Ing.», «Arq.», «Economista», an empty title) is treated as unknown. Accents are kept when
# matching («Secretaría», an office, is not «secretaria», a person); unaccented typing is listed.
_FEMININE = {"doctora", "dra", "ingeniera", "señora", "senora", "sra", "señorita", "senorita", "srta",
             "arquitecta", "abogada", "licenciada", "contadora", "profesora", "alcaldesa", "directora", "secretaria",
             "presidenta", "personera", "contralora", "magistrada", "concejala", "diputada", "tecnóloga",
             "tecnologa", "técnica", "administradora"}
_MASCULINE = {"doctor", "dr", "ingeniero", "señor", "senor", "sr", "arquitecto", "abogado", "licenciado",
              "contador", "profesor", "alcalde", "director", "secretario", "presidente", "personero", "contralor",
              "magistrado", "concejal", "diputado", "tecnólogo", "tecnologo", "técnico", "administrador"}


def _key(word: str) -> str:
    return unicodedata.normalize("NFC", word).lower().strip().rstrip(".")


def title_gender(title: Optional[str]) -> Optional[str]:
    """"f", "m" or None from the first word of a title such as «Ingeniera» or «Dr.»."""
    words = (title or "").split()
    if not words:
        return None
    key = _key(words[0])
    if key in _FEMININE:
        return "f"
    if key in _MASCULINE:
        return "m"
    return None


def respected(title: Optional[str]) -> str:
    """«Respetada» / «Respetado» for a known title; «Respetado(a)» only when nothing is known."""
    return {"f": "Respetada", "m": "Respetado"}.get(title_gender(title) or "", "Respetado(a)")


def count_noun(count: int, singular: str, plural: Optional[str] = None, *, none: Optional[str] = None) -> str:
    """«1 hallazgo», «2 hallazgos», «1.500 contratos» (never «hallazgo(s)» nor «1 contratos» in
    what a person reads); `none` for zero if given. Counts are grouped the es-CO way (no babel
    here: the works list, on the start-up path, uses it)."""
    if count == 0 and none:
        return none
    if count == 1:
        return f"1 {singular}"
    number = f"{count:,}".replace(",", ".")
    return f"{number} {plural or singular + ('s' if singular[-1:] in 'aeiouáéíóú' else 'es')}"


_NAME_PARTICLES = {"de", "del", "la", "las", "los", "y", "san", "santa", "da", "di", "van", "von"}


def greeting_surname(full_name: Optional[str]) -> str:
    """The surname a formal Colombian letter greets by: the first one («Carlos Alberto Gómez Ruiz»
    → «Gómez»). Only where the name's shape says which it is — two words, or four without
    particles; for three words («Laura Julio Marrugo»: one given name or two?) or compound
    surnames («de la Hoz») it returns "" and the letter greets by title alone."""
    words = (full_name or "").split()
    if any(_key(w) in _NAME_PARTICLES for w in words):
        return ""
    if len(words) == 2:
        return words[1]
    if len(words) == 4:
        return words[2]
    return ""


def treatment(title: Optional[str], full_name: Optional[str]) -> str:
    """How the greeting names the addressee: «ingeniero Gómez», «doctora» (title alone when the
    surname is uncertain), or the surname alone when there is no title."""
    return " ".join(x for x in ((title or "").strip().lower(), greeting_surname(full_name)) if x)

