"""The change history of a record (django-simple-history), as a page shows it."""

from collections import defaultdict
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


def _display(field, value, related):
    if value in (None, ""):
        return "—"
    if field.is_relation:
        return str(related[field.related_model].get(value, value))
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    return str(value)


def history_of(obj, *, limit: int = 20) -> list[HistoryEntry]:
    """The latest changes to `obj`, newest first.

    Two queries, plus one per kind of related record that changed (an owner, a contact),
    however long the history is.
    """
    records = list(
        obj.history.select_related("history_user").order_by("-history_date")[: limit + 1]
    )
    raw = []  # (record, [(field, old, new)])
    related_ids = defaultdict(set)
    for index, newer in enumerate(records[:limit]):
        older = records[index + 1] if index + 1 < len(records) else None
        changes = []
        if older is not None:
            for change in newer.diff_against(older, foreign_keys_are_objs=False).changes:
                field = obj._meta.get_field(change.field)
                changes.append((field, change.old, change.new))
                if field.is_relation:
                    related_ids[field.related_model].update(
                        v for v in (change.old, change.new) if v is not None
                    )
        raw.append((newer, changes))
    related = {model: model._base_manager.in_bulk(ids) for model, ids in related_ids.items()}
    return [
        HistoryEntry(
            when=record.history_date,
            who=record.history_user,
            action=str(_ACTIONS.get(record.history_type, record.history_type)),
            changes=[
                Change(
                    field=str(field.verbose_name),
                    old=_display(field, old, related),
                    new=_display(field, new, related),
                )
                for field, old, new in changes
            ],
        )
        for record, changes in raw
    ]
