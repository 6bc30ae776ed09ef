"""A date a form shows is a date the browser keeps: every date input's value is ISO 8601
in every language, so saving an edit form never clears a date it showed."""

import re
from datetime import date, timedelta

import pytest
from django.utils import timezone

from accounts.models import Account
from briefs.models import Brief, ClientRequest
from clients.models import Contact

SOON = timezone.localdate() + timedelta(days=40)


def _value(page: str, name: str) -> str:
    match = re.search(rf'<input[^>]*name="{name}"[^>]*>', page)
    assert match, f"no input named {name}"
    found = re.search(r'value="([^"]*)"', match.group(0))
    return found.group(1) if found else ""


CASES = [
    ("request edit", lambda w: ClientRequest.objects.filter(pk=w.request.pk).update(wanted_by=SOON),
     lambda w: f"/requests/{w.request.pk}/edit/", "wanted_by", SOON.isoformat()),
    ("brief edit", lambda w: Brief.objects.filter(pk=w.brief.pk).update(final_delivery=SOON),
     lambda w: f"/briefs/{w.brief.pk}/edit/", "final_delivery", SOON.isoformat()),
    ("account edit", lambda w: Account.objects.filter(pk=w.account.pk).update(start_date=date(2024, 2, 5)),
     lambda w: f"/accounts/{w.account.pk}/edit/", "start_date", "2024-02-05"),
    ("contact edit", lambda w: Contact.objects.filter(pk=w.contact.pk).update(left_on=date(2026, 3, 31)),
     lambda w: f"/contacts/{w.contact.pk}/edit/", "left_on", "2026-03-31"),
]  # fmt: skip


@pytest.mark.parametrize("language", ["en-gb", "de"])
@pytest.mark.parametrize("case", CASES, ids=lambda c: c[0])
def test_an_edit_form_shows_its_dates_in_iso_in_every_language(client, world, case, language):
    _name, store, url, field, expected = case
    store(world)
    world.manager.language = language
    world.manager.save()
    client.force_login(world.manager)
    page = client.get(url(world), HTTP_ACCEPT_LANGUAGE=language).content.decode()
    assert _value(page, field) == expected
