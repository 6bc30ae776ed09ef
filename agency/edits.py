"""Edits that two people make at once don't overwrite each other.

An edit form carries the record's version (its `updated_at` when the form was shown).
The service that saves the edit locks the row, compares the version and saves, all in
its own transaction: of two people saving at once, the second waits for the first,
then finds a newer version and is told so instead of overwriting it.
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

STALE_MESSAGE = _(
    "Someone else changed this while you were editing. Check the page below, "
    "then save again to keep your version."
)
GONE_MESSAGE = _("This record was deleted while you were editing it.")


class StaleEdit(ValidationError):
    """The record changed since the form was loaded; `current_version` is the newer one."""

    def __init__(self, current_version: str):
        super().__init__(STALE_MESSAGE, code="stale")
        self.current_version = current_version


def version_of(instance) -> str:
    return instance.updated_at.isoformat() if instance.updated_at else ""


def lock_for_edit(instance, *, version: str) -> None:
    """Lock `instance`'s row for the caller's transaction and check it is still `version`.

    Only the row itself is locked (`of=("self",)`), whatever the model's joins.
    """
    model = type(instance)
    current = (
        model._base_manager.select_for_update(of=("self",))
        .filter(pk=instance.pk)
        .values_list("updated_at", flat=True)
        .first()
    )
    if current is None:
        raise ValidationError(GONE_MESSAGE, code="gone")
    if current.isoformat() != version:
        raise StaleEdit(current.isoformat())


def save_edit(instance, *, fields, by) -> None:
    """Save only the fields the edit changed (and `updated_at`), with its history.

    Whatever else changed in the row meanwhile (a job's claim, say) is left as it is.
    """
    columns = {field.name for field in instance._meta.concrete_fields}
    instance._history_user = by
    instance.save(update_fields=[*(f for f in fields if f in columns), "updated_at"])
