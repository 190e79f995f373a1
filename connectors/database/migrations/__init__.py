"""Alembic migrations of the decision database (run by ``Database`` on opening)."""
