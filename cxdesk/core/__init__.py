"""Qt-free plumbing: paths, settings, logging, errors and translations."""
