"""Applying a platform package's rows to the database: statements, values, records and rows."""
