"""Demo step: the fictional veeduría, its members and a dozen Cartagena works."""
from __future__ import annotations

import datetime as dt
import json
from typing import TYPE_CHECKING

from veeduria_app.domain.works import WorkFields
from veeduria_app.paths import resources_dir
from veeduria_app.services.profile import MemberFields, ProfileFields

if TYPE_CHECKING:
    from veeduria_app.services.container import Services

ORDER = 10


def demo_data() -> dict:
    return json.loads((resources_dir() / "demo" / "foundation.json").read_text(encoding="utf-8"))


def demo_work_ids() -> dict[str, str]:
    """key (obra01…) → fixed id, for later demo steps."""
    works = json.loads((resources_dir() / "demo" / "works.json").read_text(encoding="utf-8"))
    return {w["key"]: w["id"] for w in works}


def run(services: "Services") -> None:
    data = demo_data()
    profile = dict(data["profile"])
    profile["registration_date"] = dt.date.fromisoformat(profile["registration_date"])
    services.profile.save(ProfileFields(**profile))
    for member in data["members"]:
        services.profile.add_member(MemberFields(**member))
    for work in data["works"]:
        fields = {k: v for k, v in work.items() if k not in ("id", "key")}
        services.works.create(WorkFields(**fields), work_id=work["id"])
