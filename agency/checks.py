"""System checks for what Suits needs of its database."""

import sqlite3

from django.core.checks import Error, register
from django.db import connections


@register("database")
def sqlite_speaks_returning(app_configs=None, databases=None, **kwargs):
    """Notifications are written with INSERT … ON CONFLICT DO NOTHING RETURNING
    (`NotificationQuerySet.create_once`), which SQLite speaks from 3.35 on."""
    errors = []
    for alias in databases or []:
        connection = connections[alias]
        if connection.vendor != "sqlite":
            continue
        if sqlite3.sqlite_version_info < (3, 35):
            errors.append(
                Error(
                    f"SQLite {sqlite3.sqlite_version} is too old: Suits needs 3.35 or newer.",
                    hint="Use a newer Python build, or PostgreSQL.",
                    id="agency.E001",
                )
            )
    return errors
