"""A user's brief dates and deliverable deadlines as an iCalendar feed (RFC 5545).

Each event's UID is made from the record and the date's name, never from the date, so
a calendar app that refreshes the feed moves an event when its date moves.

Calendar apps fetch the feed again every few minutes to hours, mostly unchanged; it is
kept in the cache under a fingerprint of what it shows (how many briefs and
deliverables, and when each last changed), so an unchanged feed costs one small query
and a changed one is built afresh at once.
"""

import hashlib
from datetime import timedelta

from django.conf import settings
from django.core.cache import cache
from django.db.models import Count, Max
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import override
from icalendar import Calendar, Event
from icalendar.prop import vDDDTypes, vText, vUri

from accounts.models import Account
from agency.models import User

from .models import Brief, Deliverable

# Dates further back than this are left out: the feed is for what is coming.
LOOKBACK = timedelta(days=30)
# Deadlines don't make the person busy.
TRANSPARENT = vText("TRANSPARENT")
# How long a built feed is kept; any change to what it shows replaces it sooner.
CACHE_SECONDS = 60 * 60


def _event(uid: str, day, summary: str, url: str, stamp: vDDDTypes) -> Event:
    """An all-day event. Its properties are typed values set directly: `Event.add` would
    convert each one again, which doubles the time of a feed with hundreds of dates."""
    event = Event()
    event["UID"] = vText(uid)
    event["DTSTAMP"] = stamp
    event["DTSTART"] = vDDDTypes(day)
    event["DTEND"] = vDDDTypes(day + timedelta(days=1))
    event["SUMMARY"] = vText(summary)
    event["URL"] = vUri(url)
    event["TRANSP"] = TRANSPARENT
    return event


def calendar_of(user: User) -> bytes:
    """The dates of the open briefs on the accounts `user` works on and may see."""
    since = timezone.localdate() - LOOKBACK
    briefs = Brief.objects.visible_to(user).filter(
        account__in=Account.objects.worked_on_by(user), status__in=Brief.OPEN
    )
    seen = briefs.aggregate(
        brief_count=Count("pk", distinct=True),
        brief_changed=Max("updated_at"),
        deliverable_count=Count("deliverables"),
        deliverable_changed=Max("deliverables__updated_at"),
    )
    fingerprint = hashlib.blake2b(repr(sorted(seen.items())).encode(), digest_size=12).hexdigest()
    key = f"calendar:{user.pk}:{user.language}:{since.isoformat()}:{fingerprint}"
    feed = cache.get(key)
    if feed is None:
        feed = _build(user, briefs, since)
        cache.set(key, feed, CACHE_SECONDS)
    return feed


def _build(user: User, briefs, since) -> bytes:
    host = settings.SITE_URL.split("://", 1)[-1].split("/", 1)[0] or "suits"
    stamp = vDDDTypes(timezone.now())
    briefs = briefs.select_related("account").only("pk", "title", "account__name", *Brief.TIMING)
    deliverables = (
        Deliverable.objects.filter(brief__in=briefs.values("pk"), due_on__gte=since)
        .select_related("brief")
        .only("pk", "what", "due_on", "delivered_on", "brief__title")
    )
    calendar = Calendar()
    calendar.add("prodid", "-//Suits//Briefs//EN")
    calendar.add("version", "2.0")
    with override(user.language or settings.LANGUAGE_CODE):
        calendar.add("x-wr-calname", _("Suits: my briefs"))
        for brief in briefs:
            url = f"{settings.SITE_URL}{brief.get_absolute_url()}"
            for field in Brief.TIMING:
                day = getattr(brief, field)
                if day is None or day < since:
                    continue
                label = Brief._meta.get_field(field).verbose_name
                summary = f"{capfirst(label)}: {brief.title} ({brief.account.name})"
                calendar.add_component(
                    _event(f"brief-{brief.pk}-{field}@{host}", day, summary, url, stamp)
                )
        for deliverable in deliverables:
            url = f"{settings.SITE_URL}{deliverable.get_absolute_url()}"
            summary = _("Due: %(what)s for %(title)s") % {
                "what": deliverable.what,
                "title": deliverable.brief.title,
            }
            calendar.add_component(
                _event(
                    f"deliverable-{deliverable.pk}@{host}", deliverable.due_on, summary, url, stamp
                )
            )
    return calendar.to_ical()
