"""UCG arguments resolve like localidad ones: a bare number or «ucg 1» is «UCG 1»; a rural area's
name is the list's own spelling; anything else is None (the caller refuses it)."""
from __future__ import annotations

import pytest

from veeduria_app.domain.territory import Localidad, Territory
from veeduria_app.services.territory import default_territory


@pytest.mark.parametrize("text", ["1", "01", "ucg 1", "UCG 1", "Ucg1", " ucg  1 ", "Unidad Comunera de Gobierno 1"])
def test_ucg_resolves_by_number_or_name(text):
    assert default_territory().resolve_ucg(text) == "UCG 1"


def test_two_digit_ucgs_are_not_confused_with_one_digit_ones():
    territory = default_territory()
    assert territory.resolve_ucg("15") == "UCG 15"
    assert territory.resolve_ucg("ucg 10") == "UCG 10"


@pytest.mark.parametrize("text, expected", [
    ("Área rural (corregimientos)", "Área rural (corregimientos)"),
    ("area rural (corregimientos)", "Área rural (corregimientos)"),
    ("ÁREA RURAL (CORREGIMIENTOS E ISLAS)", "Área rural (corregimientos e islas)"),
])
def test_rural_areas_keep_the_lists_name(text, expected):
    assert default_territory().resolve_ucg(text) == expected


@pytest.mark.parametrize("text", ["", "   ", "0", "16", "UCG 99", "área rural", "Chambacú"])
def test_unknown_ucg(text):
    assert default_territory().resolve_ucg(text) is None


def test_within_a_localidad_only_its_ucgs():
    territory = default_territory()
    assert territory.resolve_ucg("4", "2") == "UCG 4"
    assert territory.resolve_ucg("4", "Localidad 1") is None
    assert territory.resolve_ucg("área rural (corregimientos e islas)", "1") == "Área rural (corregimientos e islas)"
    assert territory.resolve_ucg("1", "Localidad 9") is None


def test_pure_on_an_edited_list():
    territory = Territory("Cartagena de Indias", (Localidad("Localidad 1 - Norte", ("UCG 1", "Área rural")),
                                                  Localidad("Localidad 2 - Sur", ("UCG 2", "Área rural"))))
    assert territory.ucg_names == ["UCG 1", "Área rural", "UCG 2"]
    assert territory.resolve_ucg("2") == "UCG 2"
    assert territory.resolve_ucg("AREA RURAL") == "Área rural"
    assert territory.resolve_ucg("3") is None
