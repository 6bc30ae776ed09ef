from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from agency.models import User


def _visible_account_ids(user):
    """The ids of the accounts a non-director sees, as a subquery."""
    members = user.team_ids if user.role == User.Role.MANAGER else [user.pk]
    return AccountMembership.objects.filter(user__in=members).values("account_id")


class AccountQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Directors see all; managers their own and their reports'; others their own.

        Every page, form choice, export and search that shows accounts goes through
        here: an account you can't see is a 404.
        """
        if user.sees_every_account:
            return self
        return self.filter(pk__in=_visible_account_ids(user))

    def active(self):
        return self.filter(status=Account.Status.ACTIVE)


class AccountScopedQuerySet(models.QuerySet):
    """Rows that belong to an account (requests, interactions…) are visible through it."""

    def visible_to(self, user):
        if user.sees_every_account:
            return self
        return self.filter(account_id__in=_visible_account_ids(user))


class Account(models.Model):
    """A client's engagement or brand that the agency works on."""

    class Status(models.TextChoices):
        PITCH = "pitch", _("Pitch")
        ACTIVE = "active", _("Active")
        ON_HOLD = "on_hold", _("On hold")
        CLOSED = "closed", _("Closed")

    class Kind(models.TextChoices):
        RETAINER = "retainer", _("Retainer")
        PROJECT = "project", _("Project")

    client = models.ForeignKey(
        "clients.Client",
        verbose_name=_("client"),
        on_delete=models.PROTECT,
        related_name="accounts",
    )
    name = models.CharField(_("name"), max_length=200)
    code = models.CharField(
        _("short code"),
        max_length=20,
        unique=True,
        help_text=_("A short code used on job numbers and in lists, e.g. ACME-RET."),
    )
    status = models.CharField(_("status"), max_length=20, choices=Status, default=Status.ACTIVE)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind, default=Kind.RETAINER)
    start_date = models.DateField(_("start date"), null=True, blank=True)
    description = models.TextField(_("description"), blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = AccountQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("account")
        verbose_name_plural = _("accounts")
        ordering = ["name"]
        indexes = [
            # The account list, sorted by name.
            models.Index(fields=["name"], name="account_name_idx"),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("accounts:account_detail", args=[self.pk])


class AccountMembership(models.Model):
    """A staff member on an account's team, in one of the five roles."""

    account = models.ForeignKey(
        Account, verbose_name=_("account"), on_delete=models.CASCADE, related_name="memberships"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("staff member"),
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    role = models.CharField(_("role on the account"), max_length=20, choices=User.Role)
    is_primary = models.BooleanField(
        _("primary"), default=False, help_text=_("The main person for this role on the account.")
    )
    created_at = models.DateTimeField(_("added"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("team member")
        verbose_name_plural = _("team members")
        ordering = ["account", "role", "user"]
        constraints = [
            models.UniqueConstraint(fields=["account", "user"], name="membership_unique_user"),
        ]
        indexes = [
            # visible_to: the accounts of a set of users.
            models.Index(fields=["user", "account"], name="membership_user_idx"),
        ]

    def __str__(self):
        return f"{self.user} · {self.get_role_display()} · {self.account}"
