"""Every model module, imported so Base.metadata knows all tables (one module per capability)."""
from veeduria_app.db.models import foundation  # noqa: F401
from veeduria_app.db.models import inspections  # noqa: F401
from veeduria_app.db.models import petitions  # noqa: F401
from veeduria_app.db.models import contracts  # noqa: F401
from veeduria_app.db.models import analysis  # noqa: F401
from veeduria_app.db.models import accounts  # noqa: F401
from veeduria_app.db.models import reports  # noqa: F401
