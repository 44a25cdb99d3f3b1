"""Use cases that combine the database, sync, PDF and the scheme, and say what changed."""
