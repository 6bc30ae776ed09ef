from django.core.management import call_command
from django.core.management.base import BaseCommand

from agency.models import User


class Command(BaseCommand):
    help = "Load the demo agency into an empty database; leave a used one alone."

    def handle(self, *args, **options):
        if User.objects.exists():
            self.stdout.write("The database has users already; demo data not loaded.")
            self.stdout.write(
                "Demo log-ins (if loaded before): director, manager, executive, planner, coordinator / demo"
            )
            return
        call_command("seed_demo", stdout=self.stdout)
