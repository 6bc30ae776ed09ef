"""The change history of a record (django-simple-history), as a page shows it."""

from dataclasses import dataclass
from datetime import datetime

from django.utils.translation import gettext_lazy as _

_ACTIONS = {"+": _("created"), "~": _("changed"), "-": _("deleted")}


@dataclass
class Change:
    field: str
    old: str
    new: str


@dataclass
class HistoryEntry:
    when: datetime
    who: object
    action: str
    changes: list[Change]


def _display(record, field, value):
    if value in (None, ""):
        return "—"
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if field.is_relation:
        return str(getattr(record, field.name, value) or "—")
    return str(value)


def history_of(obj, *, limit: int = 20) -> list[HistoryEntry]:
    """The latest changes to `obj`, newest first, in two queries whatever its length."""
    records = list(
        obj.history.select_related("history_user").order_by("-history_date")[: limit + 1]
    )
    model_fields = {f.attname: f for f in obj._meta.concrete_fields}
    entries = []
    for index, newer in enumerate(records[:limit]):
        older = records[index + 1] if index + 1 < len(records) else None
        changes = []
        if older is not None:
            for change in newer.diff_against(older, foreign_keys_are_objs=False).changes:
                field = model_fields.get(change.field) or obj._meta.get_field(change.field)
                changes.append(
                    Change(
                        field=str(field.verbose_name),
                        old=_display(older, field, change.old),
                        new=_display(newer, field, change.new),
                    )
                )
        entries.append(
            HistoryEntry(
                when=newer.history_date,
                who=newer.history_user,
                action=str(_ACTIONS.get(newer.history_type, newer.history_type)),
                changes=changes,
            )
        )
    return entries
