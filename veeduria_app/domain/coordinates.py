"""Read coordinates the way members have them: typed, or pasted from a phone's map link."""
from __future__ import annotations

import re
from typing import Optional

_NUMBER = r"[-+]?\d{1,3}(?:[.,]\d+)?"
_PATTERNS = [
    re.compile(rf"@({_NUMBER}),\s*({_NUMBER})"),  # google.com/maps/@10.42,-75.55,17z
    re.compile(rf"[?&](?:q|query|ll|center)=(?:loc:)?({_NUMBER})(?:,|%2C)\s*({_NUMBER})", re.I),
    re.compile(rf"geo:({_NUMBER}),({_NUMBER})", re.I),
    re.compile(rf"[#?&]map=\d+/({_NUMBER})/({_NUMBER})"),  # openstreetmap.org/#map=17/10.42/-75.55
    re.compile(rf"^\s*\(?\s*({_NUMBER})\s*[,;\s]\s*({_NUMBER})\s*\)?\s*$"),
]


def _to_float(text: str) -> float:
    return float(text.replace(",", "."))


def parse_coordinates(text: str) -> Optional[tuple[float, float]]:
    """(lat, lon) from "10.4236, -75.5253", a Google/OSM/geo: link; None if not understood."""
    if not text:
        return None
    cleaned = text.strip()
    for pattern in _PATTERNS:
        match = pattern.search(cleaned)
        if match:
            lat, lon = _to_float(match.group(1)), _to_float(match.group(2))
            if -90 <= lat <= 90 and -180 <= lon <= 180:
                return lat, lon
    return None
