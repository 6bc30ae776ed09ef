"""The calendar feed: the right events only, stable UIDs, a secret that can be revoked."""

from datetime import timedelta

from django.utils import timezone
from icalendar import Calendar

from agency.services import user_new_calendar_token
from briefs.models import Brief
from tests.factories import BriefFactory, DeliverableFactory


def _events(client, token):
    response = client.get(f"/calendar/{token}.ics")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    calendar = Calendar.from_ical(response.content)
    return {str(e["UID"]): e for e in calendar.walk("VEVENT")}


def test_the_feed_has_the_dates_of_my_accounts_only(client, world, brief):
    soon = timezone.localdate() + timedelta(days=3)
    Brief.objects.filter(pk=brief.pk).update(
        brief_due=soon, first_presentation=soon + timedelta(days=7), final_delivery=soon + timedelta(days=20)
    )  # fmt: skip
    item = DeliverableFactory(brief=brief, due_on=soon + timedelta(days=10))
    BriefFactory(account=world.other_account, owner=world.other_executive, final_delivery=soon)
    BriefFactory(account=world.account, owner=world.executive, final_delivery=soon,
                 status=Brief.Status.CANCELLED, cancel_reason="Budget cut")  # fmt: skip
    token = user_new_calendar_token(user=world.executive)

    events = _events(client, token)  # no log-in: a calendar app subscribes

    host = "127.0.0.1:8000"
    assert set(events) == {
        f"brief-{brief.pk}-brief_due@{host}",
        f"brief-{brief.pk}-first_presentation@{host}",
        f"brief-{brief.pk}-final_delivery@{host}",
        f"deliverable-{item.pk}@{host}",
    }
    assert events[f"deliverable-{item.pk}@{host}"].decoded("DTSTART") == item.due_on
    assert brief.title in str(events[f"brief-{brief.pk}-brief_due@{host}"]["SUMMARY"])


def test_a_moved_date_keeps_its_event_uid(client, world, brief):
    day = timezone.localdate() + timedelta(days=5)
    Brief.objects.filter(pk=brief.pk).update(final_delivery=day)
    token = user_new_calendar_token(user=world.executive)
    before = _events(client, token)
    # As the edit service saves it: the change's time is part of the feed's fingerprint.
    Brief.objects.filter(pk=brief.pk).update(
        final_delivery=day + timedelta(days=2), updated_at=timezone.now()
    )
    after = _events(client, token)
    assert set(before) == set(after)
    uid = next(iter(after))
    assert after[uid].decoded("DTSTART") == day + timedelta(days=2)


def test_a_new_link_revokes_the_old_one_and_a_wrong_token_is_404(client, world):
    old = user_new_calendar_token(user=world.executive)
    new = user_new_calendar_token(user=world.executive)
    assert client.get(f"/calendar/{old}.ics").status_code == 404
    assert client.get(f"/calendar/{new}.ics").status_code == 200
    assert client.get("/calendar/not-a-token.ics").status_code == 404
    assert client.get("/calendar/.ics").status_code == 404


def test_a_user_who_left_loses_the_feed(client, world):
    token = user_new_calendar_token(user=world.executive)
    world.executive.is_active = False
    world.executive.save()
    assert client.get(f"/calendar/{token}.ics").status_code == 404


def test_the_profile_page_shows_the_link_and_makes_a_new_one(client, world):
    client.force_login(world.executive)
    assert "calendar-feed" not in client.get("/profile/").content.decode()
    client.post("/profile/calendar/")
    world.executive.refresh_from_db()
    first = world.executive.calendar_token
    assert first in client.get("/profile/").content.decode()
    client.post("/profile/calendar/")
    world.executive.refresh_from_db()
    assert world.executive.calendar_token not in (None, first)


def test_a_new_deliverable_shows_in_a_feed_fetched_before(client, world, brief):
    token = user_new_calendar_token(user=world.executive)
    assert _events(client, token) == {}
    item = DeliverableFactory(brief=brief, due_on=timezone.localdate() + timedelta(days=4))
    assert set(_events(client, token)) == {f"deliverable-{item.pk}@127.0.0.1:8000"}
