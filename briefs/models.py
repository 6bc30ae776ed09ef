from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from accounts.models import Account, AccountScopedQuerySet
from agency import dates
from agency.models import ChoiceLabels
from agency.workflow import Step, Workflow


class ClientRequestQuerySet(AccountScopedQuerySet):
    def open(self):
        return self.filter(status__in=ClientRequest.OPEN)

    def overdue(self):
        return self.open().filter(wanted_by__lt=timezone.localdate())

    def open_count_for_account(self):
        """Each account's number of open requests, for annotating a list of accounts."""
        counts = (
            self.open()
            .filter(account=models.OuterRef("pk"))
            .order_by()
            .values("account")
            .annotate(n=models.Count("pk"))
            .values("n")
        )
        return Coalesce(models.Subquery(counts), 0)

    def inbox_order(self):
        """New requests first, then newest received."""
        return self.order_by("-is_new", "-received_at", "-pk")


class ClientRequest(ChoiceLabels, models.Model):
    """Something a client asked the agency for, logged as it came in."""

    class Channel(models.TextChoices):
        CALL = "call", _("Call")
        EMAIL = "email", _("E-mail")
        MEETING = "meeting", _("Meeting")
        OTHER = "other", _("Other")

    class Priority(models.TextChoices):
        LOW = "low", _("Low")
        NORMAL = "normal", _("Normal")
        HIGH = "high", _("High")

    class Status(models.TextChoices):
        NEW = "new", _("New")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Declined")
        DONE = "done", _("Done")

    OPEN = (Status.NEW, Status.ACCEPTED)

    # Triage, as a table: what each step starts from, where it leads, who may take it.
    TRIAGE = Workflow(
        Step("accept", frozenset({Status.NEW}), Status.ACCEPTED, _("Accept and assign"), "briefs.triage_request"),
        Step("decline", frozenset(OPEN), Status.DECLINED, _("Decline"), "briefs.triage_request"),
        Step("done", frozenset(OPEN), Status.DONE, _("Mark done"), "briefs.triage_request"),
    )  # fmt: skip

    account = models.ForeignKey(
        Account, verbose_name=_("account"), on_delete=models.PROTECT, related_name="requests"
    )
    title = models.CharField(_("what the client asked for"), max_length=200)
    details = models.TextField(_("details"), blank=True, max_length=10_000)
    contact = models.ForeignKey(
        "clients.Contact",
        verbose_name=_("requested by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="requests",
    )
    channel = models.CharField(
        _("came in by"), max_length=20, choices=Channel, default=Channel.EMAIL
    )
    received_at = models.DateTimeField(
        _("received"), default=timezone.now, validators=dates.moment_validators()
    )
    wanted_by = models.DateField(
        _("wanted by"), null=True, blank=True, validators=dates.date_validators()
    )
    budget_hint = models.DecimalField(
        _("rough budget"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    priority = models.CharField(
        _("priority"), max_length=10, choices=Priority, default=Priority.NORMAL
    )
    status = models.CharField(_("status"), max_length=20, choices=Status, default=Status.NEW)
    # Derived, stored and indexed: the inbox shows new requests first.
    is_new = models.GeneratedField(
        expression=models.Q(status="new"),
        output_field=models.BooleanField(),
        db_persist=True,
    )
    decline_reason = models.TextField(_("reason for declining"), blank=True, max_length=2_000)
    logged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("logged by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="owned_requests",
    )
    triaged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("triaged by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    triaged_at = models.DateTimeField(_("triaged"), null=True, blank=True)
    # Claimed by the reminder job, so each untriaged request is reminded of once.
    untriaged_reminded_at = models.DateTimeField(null=True, blank=True, editable=False)
    # The intake form's one-time token: a double submit finds the request it made.
    intake_token = models.UUIDField(null=True, blank=True, unique=True, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = ClientRequestQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["is_new", "intake_token", "untriaged_reminded_at"])

    class Meta:
        verbose_name = _("client request")
        verbose_name_plural = _("client requests")
        ordering = ["-received_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                name="request_budget_hint_not_negative",
                condition=models.Q(budget_hint__gte=0) | models.Q(budget_hint=None),
            ),
            models.CheckConstraint(
                name="request_declined_has_reason",
                condition=~models.Q(status="declined") | ~models.Q(decline_reason=""),
            ),
            dates.within_range("received_at", moment=True),
            dates.within_range("wanted_by"),
        ]
        indexes = [
            # The inbox: new first, newest received.
            models.Index(
                models.F("is_new").desc(),
                models.F("received_at").desc(),
                name="request_inbox_idx",
            ),
            # An account's open requests and timeline.
            models.Index(fields=["account", "-received_at"], name="request_account_idx"),
            # What waits for triage on the home pages and in the inbox: new, oldest first.
            models.Index(
                fields=["received_at"],
                name="request_new_idx",
                condition=models.Q(status="new"),
            ),
            # Overdue requests: open, wanted by a day gone (the director's home, a quick filter).
            models.Index(
                fields=["wanted_by"],
                name="request_open_wanted_idx",
                condition=models.Q(status__in=["new", "accepted"]),
            ),
            # Counts of an account's open requests (lists, the inbox, home pages).
            models.Index(fields=["account", "status"], name="request_account_status_idx"),
            # A person's open requests, soonest wanted first (home pages, team workload).
            models.Index(
                fields=["owner", "wanted_by"],
                name="request_owner_open_idx",
                condition=models.Q(status__in=["new", "accepted"]),
            ),
            # The untriaged-request reminder: new, not yet reminded, oldest first.
            models.Index(
                fields=["received_at"],
                name="request_untriaged_idx",
                condition=models.Q(status="new", untriaged_reminded_at=None),
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("briefs:request_detail", args=[self.pk])

    @property
    def is_open(self):
        return self.status in self.OPEN

    @property
    def is_overdue(self):
        return self.is_open and self.wanted_by is not None and self.wanted_by < timezone.localdate()
