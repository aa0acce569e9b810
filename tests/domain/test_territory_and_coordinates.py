"""Territory lists, coordinate warnings and pasted map links."""
from __future__ import annotations

import pytest

from veeduria_app.domain.coordinates import parse_coordinates
from veeduria_app.domain.territory import coordinate_warning
from veeduria_app.services.territory import default_territory


def test_three_localidades_with_fifteen_urban_ucgs():
    territory = default_territory()
    assert len(territory.localidades) == 3
    urban = [u for l in territory.localidades for u in l.ucgs if u.startswith("UCG")]
    assert sorted(urban, key=lambda u: int(u.split()[1])) == [f"UCG {n}" for n in range(1, 16)]


@pytest.mark.parametrize("text", ["2", "Localidad 2", "de la virgen y turistica", "LOCALIDAD 2 - DE LA VIRGEN Y TURÍSTICA"])
def test_localidad_resolves_by_number_or_name(text):
    assert default_territory().resolve_localidad(text) == "Localidad 2 - De la Virgen y Turística"


def test_unknown_localidad():
    assert default_territory().resolve_localidad("Localidad 4") is None


def test_coordinate_warnings():
    assert coordinate_warning(10.42, -75.55) is None
    assert "signo menos" in coordinate_warning(10.42, 75.55)
    assert "intercambiadas" in coordinate_warning(-75.55, 10.42)
    assert "fuera de Cartagena" in coordinate_warning(4.6, -74.08)  # Bogotá
    assert coordinate_warning(None, None) is None


@pytest.mark.parametrize("text, expected", [
    ("10.4236, -75.5253", (10.4236, -75.5253)),
    ("https://www.google.com/maps/@10.3965,-75.4995,17z", (10.3965, -75.4995)),
    ("https://maps.google.com/?q=10.3965,-75.4995", (10.3965, -75.4995)),
    ("geo:10.3965,-75.4995?z=17", (10.3965, -75.4995)),
    ("https://www.openstreetmap.org/#map=17/10.39650/-75.49950", (10.3965, -75.4995)),
    ("hola", None),
    ("", None),
])
def test_parse_pasted_coordinates(text, expected):
    assert parse_coordinates(text) == expected
