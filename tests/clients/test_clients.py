from datetime import timedelta

import pytest
from django.utils import timezone

from accounts.models import Interaction
from agency.edits import version_of
from clients.models import Client, Contact, company_name_key
from tests.factories import AccountFactory, ClientFactory, ContactFactory, MembershipFactory


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("ACME GmbH", "Acme"),
        ("Acme Ltd.", "acme"),
        ("  Nordlicht  Brauerei GmbH & Co. KG", "nordlicht-brauerei"),
        ("Müller AG", "Muller"),
        ("Brightside Insurance, Inc.", "brightside insurance"),
    ],
)
def test_company_names_match_without_case_spacing_punctuation_and_legal_form(a, b):
    assert company_name_key(a) == company_name_key(b)


def test_different_companies_do_not_match():
    assert company_name_key("Acme") != company_name_key("Acme Foods")


def _client_form(**overrides):
    data = {"name": "Nordlicht Brauerei GmbH", "status": "active", "website": ""}
    data.update(overrides)
    return data


def test_creating_a_client_that_exists_asks_for_confirmation_first(client, world):
    client.force_login(world.manager)
    response = client.post("/clients/new/", _client_form(industry="Beer"))

    assert response.status_code == 200
    warning = response.content.decode().split('data-testid="duplicates"')[1].split("</div>")[0]
    assert f'href="/clients/{world.account.client_id}/"' in warning  # the existing record
    assert 'value="Beer"' in response.content.decode()  # what was typed stays
    assert Client.objects.filter(name="Nordlicht Brauerei GmbH").count() == 0

    response = client.post("/clients/new/", _client_form(confirm_duplicate="on"))
    assert response.status_code == 302
    assert Client.objects.filter(name="Nordlicht Brauerei GmbH").count() == 1


def test_manager_creates_a_client_and_sees_it_before_it_has_accounts(client, world):
    client.force_login(world.manager)
    response = client.post("/clients/new/", _client_form(name="Grünhof Bio eG"))
    created = Client.objects.get(name="Grünhof Bio eG")
    assert response.url == f"/clients/{created.pk}/"
    assert client.get(response.url).status_code == 200
    assert created.history.first().history_user == world.manager


def test_editing_a_client_is_kept_in_its_history(client, world):
    client.force_login(world.manager)
    target = world.account.client
    client.post(
        f"/clients/{target.pk}/edit/",
        _client_form(name=target.name, industry="Craft beer", version=version_of(target)),
    )
    page = client.get(f"/clients/{target.pk}/").content.decode()
    assert "Craft beer" in page
    assert target.history.count() == 2


def test_invalid_website_is_refused_and_the_rest_kept(client, world):
    client.force_login(world.manager)
    response = client.post(
        "/clients/new/", _client_form(name="Fjord", website="not a url", notes="Met at fair")
    )
    assert response.status_code == 200
    assert "Enter a valid URL" in response.content.decode()
    assert "Met at fair" in response.content.decode()


def test_contact_with_an_existing_email_asks_for_confirmation(client, world):
    client.force_login(world.executive)
    url = f"/clients/{world.account.client_id}/contacts/new/"
    data = {"name": "Anna M.", "email": world.contact.email.upper()}
    response = client.post(url, data)
    assert "This may already exist" in response.content.decode()
    assert Contact.objects.filter(name="Anna M.").count() == 0

    client.post(url, {**data, "confirm_duplicate": "on"})
    assert Contact.objects.filter(name="Anna M.").count() == 1


def test_contact_leaving_date_cannot_be_in_the_future(client, world):
    client.force_login(world.executive)
    response = client.post(
        f"/contacts/{world.contact.pk}/edit/", {"name": "Anna Müller", "left_on": "2999-01-01"}
    )
    assert "can't be in the future" in response.context["form"].errors["left_on"][0]


def test_client_list_shows_only_visible_clients_and_exports_them(client, world):
    ClientFactory(name="Invisible Corp")
    client.force_login(world.executive)
    page = client.get("/clients/").content.decode()
    assert "Nordlicht Brauerei" in page
    assert "Alpenwerk" not in page
    assert "Invisible Corp" not in page

    export = client.get("/clients/?format=csv&q=nordlicht")
    body = b"".join(export.streaming_content).decode()
    assert export["Content-Type"].startswith("text/csv")
    assert body.splitlines()[0].startswith("Name,Legal name")
    assert "Nordlicht Brauerei" in body and "Alpenwerk" not in body


def test_director_sees_every_client(client, world):
    ClientFactory(name="Invisible Corp")
    client.force_login(world.director)
    page = client.get("/clients/?sort=name").content.decode()
    assert "Invisible Corp" in page and "Alpenwerk" in page


def test_client_page_shows_only_the_accounts_the_user_can_see(client, world):
    hidden = AccountFactory(client=world.account.client, name="Secret Pitch")
    MembershipFactory(account=hidden, user=world.other_executive)
    client.force_login(world.executive)
    page = client.get(f"/clients/{world.account.client_id}/").content.decode()
    assert world.account.name in page
    assert "Secret Pitch" not in page


def test_logging_an_interaction_with_people_on_both_sides(client, world):
    client.force_login(world.planner)
    response = client.post(
        f"/accounts/{world.account.pk}/interactions/new/",
        {
            "kind": "meeting",
            "occurred_at": "2026-11-20T10:00",
            "sentiment": "negative",
            "summary": "Third round of layouts rejected.",
            "contacts": [world.contact.pk],
            "staff": [world.planner.pk, world.executive.pk],
        },
    )
    assert response.status_code == 302
    interaction = Interaction.objects.get(summary="Third round of layouts rejected.")
    assert interaction.logged_by == world.planner
    assert set(interaction.staff.all()) == {world.planner, world.executive}
    assert list(interaction.contacts.all()) == [world.contact]


def test_interaction_in_the_future_is_refused(client, world):
    client.force_login(world.planner)
    response = client.post(
        f"/accounts/{world.account.pk}/interactions/new/",
        {
            "kind": "call",
            "occurred_at": (timezone.localtime() + timedelta(days=2)).strftime("%Y-%m-%dT%H:%M"),
            "sentiment": "neutral",
            "summary": "Soon",
        },
    )
    assert response.status_code == 200
    assert "have happened" in response.content.decode()


def test_interaction_contacts_are_limited_to_the_accounts_client(client, world):
    stranger = ContactFactory(client=world.other_account.client)
    client.force_login(world.planner)
    response = client.post(
        f"/accounts/{world.account.pk}/interactions/new/",
        {
            "kind": "call",
            "occurred_at": "2026-11-20T10:00",
            "sentiment": "neutral",
            "summary": "x",
            "contacts": [stranger.pk],
        },
    )
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()


def test_two_people_editing_a_client_at_once_do_not_overwrite_each_other(client, world):
    from django.test import Client as Browser

    target = world.account.client
    first, second = Browser(), Browser()
    first.force_login(world.manager)
    second.force_login(world.director)
    url = f"/clients/{target.pk}/edit/"
    version = first.get(url).context["form"].initial["version"]
    assert second.get(url).context["form"].initial["version"] == version

    saved = first.post(url, _client_form(name=target.name, industry="Beer", version=version))
    assert saved.status_code == 302
    stale = second.post(url, _client_form(name=target.name, industry="Wine", version=version))

    assert stale.status_code == 200
    assert "Someone else changed this" in stale.content.decode()
    assert 'value="Wine"' in stale.content.decode()  # the second person's typing is kept
    target.refresh_from_db()
    assert target.industry == "Beer"

    # Saving again after seeing the warning is a deliberate choice, and goes through.
    newer = stale.context["form"].data["version"]
    again = second.post(url, _client_form(name=target.name, industry="Wine", version=newer))
    assert again.status_code == 302
    target.refresh_from_db()
    assert target.industry == "Wine"


def test_contact_edit_page_shows_its_history(client, world):
    client.force_login(world.executive)
    client.post(
        f"/contacts/{world.contact.pk}/edit/",
        {"name": "Anna Müller-Lang", "version": version_of(world.contact)},
    )
    page = client.get(f"/contacts/{world.contact.pk}/edit/").content.decode()
    assert 'data-testid="history"' in page
    assert "Anna Müller-Lang" in page


def test_twins_on_accounts_the_user_cannot_see_are_counted_not_named(client, world):
    ContactFactory(client=world.other_account.client, email="jonas@alpenwerk.example")
    client.force_login(world.executive)
    url = f"/clients/{world.account.client_id}/contacts/new/"
    response = client.post(url, {"name": "Jonas", "email": "jonas@alpenwerk.example"})
    warning = response.content.decode().split('data-testid="duplicates"')[1].split("</div>")[0]
    assert "Alpenwerk" not in warning
    assert "One more on an account you are not on" in warning


def test_editing_a_client_with_a_confirmed_twin_does_not_ask_again(client, world):
    twin = ClientFactory(name="Nordlicht Brauerei GmbH")
    client.force_login(world.director)
    response = client.post(
        f"/clients/{twin.pk}/edit/",
        _client_form(name=twin.name, industry="Beer", version=version_of(twin)),
    )
    assert response.status_code == 302
