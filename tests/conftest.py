import os
from dataclasses import dataclass

import pytest
from django.conf import settings
from django.core.cache import cache

from agency.celery import app as celery_app
from agency.models import User

from .factories import (
    AccountFactory,
    BriefFactory,
    ClientFactory,
    ContactFactory,
    CreativeTeamFactory,
    InteractionFactory,
    MembershipFactory,
    RequestFactory,
    UserFactory,
)

# Real workers and a private Redis for the tests marked `worker`.
pytest_plugins = ["tests.workers"]

# Playwright's sync API runs an event loop in the test thread; Django would take the
# test's own database calls for calls from async code.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

Role = User.Role


@pytest.fixture(scope="session", autouse=True)
def _runs_on_real_services():
    engine = settings.DATABASES["default"]["ENGINE"]
    assert engine.endswith("postgresql"), "The suite runs on PostgreSQL: use `make test`."
    assert settings.CELERY_BROKER_URL.startswith("redis://"), "The suite needs Redis: `make test`."


@pytest.fixture(autouse=True)
def _celery_in_process(request):
    """Tasks run in-process unless a test runs a real worker (marked `worker`)."""
    eager = request.node.get_closest_marker("worker") is None
    celery_app.conf.task_always_eager = eager
    yield
    celery_app.conf.task_always_eager = True


@pytest.fixture(autouse=True)
def _test_settings(settings):
    settings.LANGUAGE_CODE = "en-gb"
    # Hashing the test users' passwords properly would take most of the suite's time.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    cache.clear()  # filter choices and sessions kept from another test's users


@dataclass
class World:
    """An agency of two teams. Team A runs `account`; team B runs `other_account`."""

    director: User
    manager: User
    executive: User
    planner: User
    coordinator: User
    other_manager: User
    other_executive: User
    account: object
    other_account: object
    contact: object
    interaction: object
    request: object
    brief: object

    def user(self, role):
        return getattr(self, role)


@pytest.fixture
def world(db):
    director = UserFactory(username="d", role=Role.DIRECTOR)
    manager = UserFactory(username="m", role=Role.MANAGER, reports_to=director)
    executive = UserFactory(username="e", role=Role.EXECUTIVE, reports_to=manager)
    planner = UserFactory(username="p", role=Role.PLANNER, reports_to=manager)
    coordinator = UserFactory(username="c", role=Role.COORDINATOR, reports_to=executive)
    other_manager = UserFactory(username="m2", role=Role.MANAGER, reports_to=director)
    other_executive = UserFactory(username="e2", role=Role.EXECUTIVE, reports_to=other_manager)
    account = AccountFactory(client=ClientFactory(name="Nordlicht Brauerei"))
    for user in (manager, executive, planner, coordinator):
        MembershipFactory(account=account, user=user)
    other_account = AccountFactory(client=ClientFactory(name="Alpenwerk"))
    for user in (other_manager, other_executive):
        MembershipFactory(account=other_account, user=user)
    contact = ContactFactory(client=account.client, name="Anna Müller")
    return World(
        director=director,
        manager=manager,
        executive=executive,
        planner=planner,
        coordinator=coordinator,
        other_manager=other_manager,
        other_executive=other_executive,
        account=account,
        other_account=other_account,
        contact=contact,
        interaction=InteractionFactory(account=account, logged_by=executive),
        request=RequestFactory(
            account=account, contact=contact, logged_by=executive, owner=executive
        ),
        # A draft brief: the executive owns it, the planner plans it.
        brief=BriefFactory(
            account=account,
            owner=executive,
            planner=planner,
            creative_team=CreativeTeamFactory(name="Team Nord", email="nord@creative.example"),
        ),
    )


@pytest.fixture
def login(client):
    def as_user(user):
        client.force_login(user)
        return client

    return as_user


@pytest.fixture
def brief(world):
    return world.brief
