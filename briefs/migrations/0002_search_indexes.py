from django.db import migrations

from agency.trigram import trigram_index


class Migration(migrations.Migration):
    """Trigram indexes for the global search and the inbox search (PostgreSQL only)."""

    dependencies = [("briefs", "0001_initial")]

    operations = [
        trigram_index("briefs_clientrequest", "title"),
    ]
