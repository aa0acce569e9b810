"""`python -m veeduria_app` opens the desktop application."""
import sys

from veeduria_app.app import main

sys.exit(main())
