"""Get suits_bench ready for `make loadtest` (loadtest/run.sh calls this).

    manage.py loadtest_prepare --password PASSWORD --ids loadtest/results/ids.json

Loads the scale data set if it is not there yet (the bench's loading), gives the
bench's manager a password the load client logs in with, and writes the user name
and a sample of the accounts, clients and requests that manager can see, for the
locustfile to visit.
"""

import json
import random
from pathlib import Path

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from accounts.models import Account
from agency.models import User
from briefs.models import ClientRequest
from clients.models import Client

from .bench import SCALE
from .bench import Command as Bench


class Command(BaseCommand):
    help = "Load the scale data set if needed, set the load-test manager's password, write ids."

    def add_arguments(self, parser):
        parser.add_argument("--password", required=True, help="the manager's new password")
        parser.add_argument("--ids", required=True, type=Path, help="JSON file to write")
        parser.add_argument("--sample", type=int, default=50, help="ids of each kind")

    def handle(self, *args, password, ids, sample, **options):
        if connection.vendor != "postgresql":
            raise CommandError("Run the load test on PostgreSQL: make loadtest.")
        call_command("migrate", verbosity=0)
        if Account.objects.count() < SCALE["accounts"]:
            Bench(stdout=self.stdout, stderr=self.stderr).load()
        # The manager the bench measures: their own and their reporting tree's accounts.
        manager = User.objects.filter(role=User.Role.EXECUTIVE).first().reports_to
        manager.set_password(password)
        manager.save(update_fields=["password"])
        rng = random.Random(7)

        def pick(queryset):
            pks = sorted(set(queryset.values_list("pk", flat=True)))
            if not pks:
                raise CommandError(f"{manager.username} sees no {queryset.model.__name__}.")
            return sorted(rng.sample(pks, min(sample, len(pks))))

        ids.parent.mkdir(parents=True, exist_ok=True)
        ids.write_text(
            json.dumps(
                {
                    "username": manager.username,
                    "accounts": pick(Account.objects.visible_to(manager)),
                    "clients": pick(Client.objects.visible_to(manager)),
                    "requests": pick(ClientRequest.objects.visible_to(manager)),
                },
                indent=1,
            )
        )
        self.stdout.write(f"Load-test user {manager.username}; ids in {ids}.")
