"""Spanish agreements used by printed letters."""
from __future__ import annotations

import pytest

from veeduria_app.domain.spanish import count_noun, respected, title_gender


@pytest.mark.parametrize("title,expected", [
    ("Ingeniera", "Respetada"), ("ingeniero", "Respetado"), ("Dra.", "Respetada"), ("Señor", "Respetado"),
    ("SEÑORA", "Respetada"), ("doctora Pérez", "Respetada"), ("Ing.", "Respetado(a)"), ("", "Respetado(a)"),
    (None, "Respetado(a)"), ("Economista", "Respetado(a)"),
    ("Secretaría de Infraestructura", "Respetado(a)"), ("secretaria", "Respetada"),
])
def test_greeting_agrees_with_a_known_title_only(title, expected):
    assert respected(title) == expected
    assert (title_gender(title) is None) == (expected == "Respetado(a)")


def test_counted_nouns_never_use_parenthesised_plurals():
    assert count_noun(1, "hallazgo") == "1 hallazgo"
    assert count_noun(2, "hallazgo") == "2 hallazgos"
    assert count_noun(0, "hallazgo") == "0 hallazgos"
    assert count_noun(0, "hallazgo", none="ningún hallazgo") == "ningún hallazgo"
    assert count_noun(3, "acción", "acciones") == "3 acciones"
    assert count_noun(2, "folio") == "2 folios" and count_noun(2, "visita") == "2 visitas"


@pytest.mark.parametrize("title,name,expected", [
    ("Ingeniero", "Carlos Alberto Gómez Ruiz", "ingeniero Gómez"),  # first surname, not the last word
    ("Doctora", "María José Ñañez Peña", "doctora Ñañez"),
    ("Ingeniera", "Laura Marrugo", "ingeniera Marrugo"),
    ("Ingeniera", "Laura Julio Marrugo", "ingeniera"),  # one given name and two surnames, or two and one?
    ("Doctor", "Juan Carlos de la Hoz Pérez", "doctor"),  # compound surname: not guessed
    ("", "Carlos Alberto Gómez Ruiz", "Gómez"),
    ("", "Laura Julio Marrugo", ""),
])
def test_letters_greet_by_the_first_surname_only_when_it_is_clear(title, name, expected):
    from veeduria_app.domain.spanish import treatment

    assert treatment(title, name) == expected


def test_count_noun_groups_thousands_the_es_co_way():
    assert count_noun(1500, "contrato") == "1.500 contratos"
    assert count_noun(1, "obra") == "1 obra" and count_noun(2, "obra") == "2 obras"
    assert count_noun(1, "ya estaba", "ya estaban") == "1 ya estaba"
