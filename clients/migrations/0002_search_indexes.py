from django.db import migrations

from agency.trigram import trigram_index


class Migration(migrations.Migration):
    """Trigram indexes for the global search and the list searches (PostgreSQL only)."""

    dependencies = [("clients", "0001_initial")]

    operations = [
        trigram_index("clients_client", "name"),
        trigram_index("clients_client", "legal_name"),
        trigram_index("clients_contact", "name"),
        trigram_index("clients_contact", "email"),
    ]
