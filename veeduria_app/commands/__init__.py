"""CLI command groups, one module each, registered by veeduria_app.cli."""
