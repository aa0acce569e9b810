"""The kinds of work and their statuses, with their Spanish names.

Apart from the validation rules (domain/works.py, which re-exports them) because the first
screen needs only these names, and every module loaded before it is drawn delays the start.
"""
from __future__ import annotations

WORK_TYPES: dict[str, str] = {
    "via": "Vía",
    "canal_drenaje": "Canal / drenaje pluvial",
    "colegio": "Colegio / institución educativa",
    "parque": "Parque / espacio público",
    "centro_salud": "Centro de salud",
    "acueducto_alcantarillado": "Acueducto / alcantarillado",
    "vivienda": "Vivienda",
    "otro": "Otro",
}

WORK_STATUSES: dict[str, str] = {
    "planeada": "Planeada",
    "en_ejecucion": "En ejecución",
    "suspendida": "Suspendida",
    "terminada": "Terminada",
    "liquidada": "Liquidada",
}
