"""The dates and times a person may enter, bounded to a sensible range everywhere.

An interaction dated 0001-01-01 once passed the form, and every page that showed it
failed on the time-zone shift. So each date a person enters is checked in the form
(the model field's validators, which ModelForms and the admin run too) and in the
database (a named check constraint), with the same bounds.
"""

from datetime import UTC, date, datetime, timedelta

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

EARLIEST = date(1970, 1, 1)
LATEST = date(2099, 12, 31)
# The database bounds date-times a day wider than the forms, so that a time the form
# accepts in any time zone is never refused by the constraint after conversion to UTC.
EARLIEST_MOMENT = datetime(1969, 12, 31, tzinfo=UTC)
LATEST_MOMENT = datetime(2100, 1, 2, tzinfo=UTC)

_TOO_EARLY = _("Enter a date in %(earliest)s or later.")
_TOO_LATE = _("Enter a date before %(latest)s.")


def date_validators() -> list:
    return [
        MinValueValidator(EARLIEST, message=_("Enter a date on or after %(limit_value)s.")),
        MaxValueValidator(LATEST, message=_("Enter a date on or before %(limit_value)s.")),
    ]


def validate_moment(value: datetime) -> None:
    """Check a date-time by its year as entered: comparing an aware date-time of year 1
    with another shifts it to UTC first, and that shift itself fails."""
    if value.year < EARLIEST.year:
        raise ValidationError(_TOO_EARLY, code="too_early", params={"earliest": EARLIEST.year})
    if value.year > LATEST.year:
        raise ValidationError(_TOO_LATE, code="too_late", params={"latest": LATEST.year + 1})


def moment_validators() -> list:
    return [validate_moment]


def within_range(field: str, *, moment: bool = False) -> models.CheckConstraint:
    """The database's copy of the bounds, for one date (or date-time) column."""
    low, high = (EARLIEST_MOMENT, LATEST_MOMENT) if moment else (EARLIEST, LATEST)
    model_name = "%(class)s"
    return models.CheckConstraint(
        name=f"{model_name}_{field}_in_range",
        condition=models.Q(**{f"{field}__gte": low, f"{field}__lte": high})
        | models.Q(**{field: None}),
    )


def input_attrs(*, moment: bool = False) -> dict:
    """min/max for a date or datetime-local input, so the browser's picker agrees."""
    if moment:
        return {"min": f"{EARLIEST.isoformat()}T00:00", "max": f"{LATEST.isoformat()}T23:59"}
    return {"min": EARLIEST.isoformat(), "max": LATEST.isoformat()}


def date_input() -> forms.DateInput:
    """A browser date picker for a bounded date. Its value is always ISO 8601, whatever
    the reader's language: `<input type="date">` drops any other format, and a saved form
    would then clear the date it showed as empty."""
    return forms.DateInput(attrs={"type": "date", **input_attrs()}, format="%Y-%m-%d")


def moment_input() -> forms.DateTimeInput:
    """A browser date-and-time picker for a bounded moment, its value in ISO 8601."""
    return forms.DateTimeInput(
        attrs={"type": "datetime-local", **input_attrs(moment=True)}, format="%Y-%m-%dT%H:%M"
    )


def working_days_before(moment: datetime, days: int) -> datetime:
    """The moment `days` working days (Monday to Friday) before `moment`."""
    while days > 0:
        moment -= timedelta(days=1)
        if moment.weekday() < 5:
            days -= 1
    return moment


def working_days_after(day: date, days: int) -> date:
    """The date `days` working days (Monday to Friday) after `day`."""
    while days > 0:
        day += timedelta(days=1)
        if day.weekday() < 5:
            days -= 1
    return day
