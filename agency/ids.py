"""Ids that come from outside (a URL, the query string, a form), parsed in one place.

`"²".isdigit()` is true and `int("²")` fails; a 5,000-digit number passes `isdigit()`
and overflows every integer column. Only 1 to 19 ASCII digits within a bigint are ids;
anything else is no id at all: a 404 in a URL, ignored or refused in a form.
"""

import re

from django import forms
from django.utils.translation import gettext_lazy as _

MAX_ID = 2**63 - 1
_ID = re.compile(r"[0-9]{1,19}")


def parse_id(value) -> int | None:
    """The id in `value`, or None if it is not one."""
    text = value.strip() if isinstance(value, str) else str(value if value is not None else "")
    if not _ID.fullmatch(text):
        return None
    number = int(text)
    return number if 0 < number <= MAX_ID else None


class IdConverter:
    """`<id:pk>` in URL patterns: what is not an id never reaches a view (a 404)."""

    regex = "[0-9]{1,19}"

    def to_python(self, value):
        number = parse_id(value)
        if number is None:
            raise ValueError(value)
        return number

    def to_url(self, value):
        return str(value)


class IdModelChoiceField(forms.ModelChoiceField):
    """A model choice whose submitted id is parsed here first; a bad id is an invalid choice."""

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if parse_id(value) is None:
            raise forms.ValidationError(
                self.error_messages["invalid_choice"], code="invalid_choice"
            )
        return super().to_python(value)


class IdListField(forms.Field):
    """A list of ids (`?id=1&id=2`); what is not an id is dropped, the list is bounded."""

    widget = forms.MultipleHiddenInput
    max_ids = 500
    default_error_messages = {"too_many": _("Choose at most %(limit)d at a time.")}

    def to_python(self, value):
        if not value:
            return []
        if not isinstance(value, list | tuple):
            value = [value]
        if len(value) > self.max_ids:
            raise forms.ValidationError(
                self.error_messages["too_many"], code="too_many", params={"limit": self.max_ids}
            )
        return [number for number in map(parse_id, value) if number is not None]
