import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError

from agency.models import User
from tests.factories import UserFactory

Role = User.Role


def test_reporting_tree_covers_every_level_in_one_query(db, django_assert_num_queries):
    director = UserFactory(role=Role.DIRECTOR)
    manager = UserFactory(role=Role.MANAGER, reports_to=director)
    executive = UserFactory(reports_to=manager)
    coordinator = UserFactory(role=Role.COORDINATOR, reports_to=executive)
    UserFactory(role=Role.MANAGER)  # in no one's tree

    with django_assert_num_queries(1):
        tree = set(director.team_including_self())

    assert tree == {director, manager, executive, coordinator}
    assert set(executive.team_including_self()) == {executive, coordinator}


def test_reporting_line_cycle_is_refused_with_a_clear_error(db):
    manager = UserFactory(role=Role.MANAGER)
    executive = UserFactory(reports_to=manager)
    coordinator = UserFactory(role=Role.COORDINATOR, reports_to=executive)

    manager.reports_to = coordinator
    with pytest.raises(ValidationError) as error:
        manager.full_clean()

    assert "circle" in error.value.message_dict["reports_to"][0]


def test_user_cannot_report_to_themselves(db):
    user = UserFactory()
    user.reports_to = user
    with pytest.raises(ValidationError):
        user.full_clean()
    with pytest.raises(IntegrityError):
        user.save()


def test_admin_refuses_a_reporting_cycle(client, db):
    admin = UserFactory(role=Role.DIRECTOR, is_staff=True, is_superuser=True)
    boss = UserFactory(role=Role.MANAGER)
    report = UserFactory(reports_to=boss)
    client.force_login(admin)
    page = client.get(f"/admin/agency/user/{boss.pk}/change/")
    form = page.context["adminform"].form
    data = {k: v for k, v in form.initial.items() if v is not None and k != "password"}
    data.update(
        {
            "reports_to": report.pk,
            "date_joined_0": "2026-01-01",
            "date_joined_1": "10:00:00",
            "user_permissions": [],
            "groups": [],
        }
    )
    response = client.post(f"/admin/agency/user/{boss.pk}/change/", data)
    assert response.status_code == 200
    assert "circle" in response.content.decode()
    boss.refresh_from_db()
    assert boss.reports_to is None


def test_history_of_a_record_without_history_is_empty(db):
    from agency.history import history_of
    from clients.models import Client

    client = Client.objects.bulk_create([Client(name="Imported", name_key="imported")])[0]
    assert history_of(client) == []


def test_history_query_count_does_not_grow_with_its_length(world, django_assert_max_num_queries):
    from agency.history import history_of

    request = world.request
    for owner in [world.coordinator, world.executive] * 6:
        request.owner = owner
        request.save()

    with django_assert_max_num_queries(3):
        entries = history_of(request)

    assert len(entries) == 13
    assert entries[0].changes[0].old == str(world.coordinator)
    assert entries[0].changes[0].new == str(world.executive)
