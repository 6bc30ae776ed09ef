"""Trigram indexes for `icontains` search on PostgreSQL, as migration operations.

Django writes `name__icontains=q` as `UPPER("name"::text) LIKE UPPER('%q%')` on
PostgreSQL; a GIN index over that same expression with `gin_trgm_ops` answers it without
reading the table. SQLite, the embedded default, has neither, so the operations do
nothing there and the same queries scan.
"""

from django.db import migrations


def trigram_index(table: str, column: str) -> migrations.RunPython:
    name = f"{table}_{column}_trgm"

    def create(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        schema_editor.execute(
            f'CREATE INDEX IF NOT EXISTS "{name}" ON "{table}" '
            f'USING gin ((UPPER("{column}"::text)) gin_trgm_ops)'
        )

    def drop(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(f'DROP INDEX IF EXISTS "{name}"')

    return migrations.RunPython(create, drop, elidable=False)
