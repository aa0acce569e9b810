"""Qt enum values as plain Python values, for the code that runs before the first frame.

PySide6 builds the Python enums of a Qt class all at once, the first time any of them is
touched: for the `Qt` namespace that is 93 enums (Qt.Key alone has 471 members), about a fifth
of the work of a bare window's cold start. The start-up path (main window, works list) passes
these plain values instead, which Qt takes as they are; tests/ui/test_first_frame.py checks
that they equal Qt's and that the first frame leaves the namespace unbuilt.
"""
from __future__ import annotations

DISPLAY_ROLE = 0  # Qt.ItemDataRole.DisplayRole
TOOLTIP_ROLE = 3  # Qt.ItemDataRole.ToolTipRole
USER_ROLE = 256  # Qt.ItemDataRole.UserRole
ALIGN_CENTER = "AlignCenter"  # Qt.AlignmentFlag.AlignCenter, for setProperty("alignment", …)
