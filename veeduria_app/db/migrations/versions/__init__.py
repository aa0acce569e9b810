"""Migration revisions, one linear chain."""
