from django.db import migrations

from agency.trigram import trigram_index


class Migration(migrations.Migration):
    """Trigram indexes for the global search and the list searches (PostgreSQL only)."""

    dependencies = [("accounts", "0001_initial")]

    operations = [
        trigram_index("accounts_account", "name"),
        trigram_index("accounts_account", "code"),
    ]
