"""Journey 1: an executive logs a client request, and nothing typed is lost."""

import uuid
from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from accounts.models import Account
from agency.models import Notification
from briefs.models import ClientRequest
from tests.factories import ContactFactory, MembershipFactory


def _form(world, **overrides):
    data = {
        "intake_token": str(uuid.uuid4()),
        "account": world.account.pk,
        "title": "Social cut-downs of the spring TVC",
        "contact": world.contact.pk,
        "channel": "call",
        "details": "Six formats, 6s and 15s.",
        "wanted_by": (timezone.localdate() + timedelta(days=10)).isoformat(),
        "budget_hint": "8000",
        "priority": "normal",
    }
    data.update(overrides)
    return data


def test_executive_logs_a_request_and_lands_on_its_page(client, world):
    client.force_login(world.executive)
    response = client.post("/requests/new/", _form(world))

    request = ClientRequest.objects.get(title="Social cut-downs of the spring TVC")
    assert response.url == f"/requests/{request.pk}/"
    assert request.logged_by == world.executive
    assert request.owner == world.executive
    assert request.status == ClientRequest.Status.NEW
    assert request.history.count() == 1


def test_intake_offers_only_visible_active_accounts(client, world):
    paused = world.account.__class__.objects.create(
        client=world.account.client, name="Paused", code="PAUSE", status=Account.Status.ON_HOLD
    )
    MembershipFactory(account=paused, user=world.executive)
    client.force_login(world.executive)
    form = client.get("/requests/new/").context["form"]
    assert list(form.fields["account"].queryset) == [world.account]


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"wanted_by": "2020-01-01"}, "wanted_by", "in the past"),
        ({"budget_hint": "-5"}, "budget_hint", "can't be negative"),
        ({"title": "x" * 201}, "title", "Keep the title to 200 characters"),
        ({"title": ""}, "title", "This field is required"),
        ({"account": "999999"}, "account", "Choose one of your active accounts"),
        ({"wanted_by": "31.02.2027"}, "wanted_by", "Enter a valid date"),
        ({"budget_hint": "lots"}, "budget_hint", "Enter a number"),
    ],
)
def test_bad_intake_input_gets_a_message_and_keeps_what_was_typed(
    client, world, overrides, field, message
):
    client.force_login(world.executive)
    data = _form(world, **overrides)
    response = client.post("/requests/new/", data)

    assert response.status_code == 200
    form = response.context["form"]
    assert message in " ".join(form.errors[field])
    html = response.content.decode()
    assert "Six formats, 6s and 15s." in html  # what was typed is still there
    assert ClientRequest.objects.filter(title=data["title"]).count() == 0


def test_account_of_another_team_is_refused_as_a_choice(client, world):
    client.force_login(world.executive)
    response = client.post("/requests/new/", _form(world, account=world.other_account.pk))
    assert "Choose one of your active accounts" in response.content.decode()


def test_contact_of_another_client_is_refused(client, world):
    second = MembershipFactory(user=world.executive).account  # another client's account
    colleague = ContactFactory(client=second.client)
    stranger = ContactFactory(client=world.other_account.client)
    client.force_login(world.executive)

    response = client.post("/requests/new/", _form(world, contact=colleague.pk))
    assert "works for another client" in " ".join(response.context["form"].errors["contact"])
    response = client.post("/requests/new/", _form(world, contact=stranger.pk))
    assert "Choose a contact at this" in " ".join(response.context["form"].errors["contact"])


def test_contact_whose_client_has_several_of_my_accounts_is_accepted(client, world):
    MembershipFactory(user=world.executive, account__client=world.account.client)
    client.force_login(world.executive)
    response = client.post("/requests/new/", _form(world))
    assert response.status_code == 302


def test_intake_offers_only_accounts_the_user_works_on(client, world):
    client.force_login(world.director)  # sees every account, works on none
    response = client.post("/requests/new/", _form(world))
    assert "Choose one of your active accounts" in response.content.decode()


def test_contact_choices_follow_the_account(client, world):
    ContactFactory(client=world.other_account.client, name="Jonas Weber")
    client.force_login(world.executive)
    options = client.get(f"/requests/contacts/?account={world.account.pk}").content.decode()
    assert "Anna Müller" in options
    assert "Jonas Weber" not in options
    # An account the user can't see yields no contacts at all.
    hidden = client.get(f"/requests/contacts/?account={world.other_account.pk}").content.decode()
    assert "Jonas Weber" not in hidden


def test_double_submit_logs_one_request(client, world):
    client.force_login(world.executive)
    data = _form(world)
    first = client.post("/requests/new/", data)
    second = client.post("/requests/new/", data)
    assert ClientRequest.objects.filter(title=data["title"]).count() == 1
    assert first.url == second.url


def test_high_priority_request_notifies_the_accounts_manager(
    client, world, django_capture_on_commit_callbacks
):
    client.force_login(world.executive)
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/requests/new/", _form(world, priority="high"))
    notification = Notification.objects.get(recipient=world.manager)
    assert notification.kind == "request.high_priority"
    assert "Social cut-downs" in notification.message
    assert mail.outbox[0].to == [world.manager.email]
    assert not Notification.objects.filter(recipient=world.executive).exists()


def test_intake_form_never_lists_contacts_of_an_account_the_user_cannot_see(client, world):
    ContactFactory(client=world.other_account.client, name="Jonas Weber")
    client.force_login(world.executive)
    page = client.get(f"/requests/new/?account={world.other_account.pk}").content.decode()
    assert "Jonas Weber" not in page
    page = client.post("/requests/new/", _form(world, account=world.other_account.pk))
    assert "Jonas Weber" not in page.content.decode()
    assert (
        "Anna Müller" in client.get(f"/requests/new/?account={world.account.pk}").content.decode()
    )
