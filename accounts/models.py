from datetime import timedelta
from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models.functions import Round
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from agency import dates
from agency.models import ChoiceLabels, User


def _visible_account_ids(user):
    """The ids of the accounts a non-director sees, as a subquery (`User.sees_accounts_of`)."""
    return AccountMembership.objects.filter(user__in=user.sees_accounts_of).values("account_id")


class AccountQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Directors see all; managers their own and their reports'; others their own.

        Every page, form choice, export and search that shows accounts goes through
        here: an account you can't see is a 404.
        """
        if user.sees_every_account:
            return self
        return self.filter(pk__in=_visible_account_ids(user))

    def worked_on_by(self, user):
        """The accounts `user` is on the team of: 'my accounts', the intake form's choices."""
        return self.filter(pk__in=AccountMembership.objects.filter(user=user).values("account_id"))

    def active(self):
        return self.filter(status=Account.Status.ACTIVE)

    def worst_first(self):
        """Red before amber before green (then not yet worked out), the lowest score first
        within a band: the dashboard's order and the home pages'. `band_rank` sorts."""
        rank = models.Case(
            *(models.When(health_band=band, then=models.Value(i))
              for i, band in enumerate((HealthBand.RED, HealthBand.AMBER, HealthBand.GREEN))),
            default=models.Value(3),
            output_field=models.IntegerField(),
        )  # fmt: skip
        return self.annotate(band_rank=rank).order_by(
            "band_rank", models.F("health_score").asc(nulls_last=True), "name"
        )

    # For pages of lower layers, through the reverse relation `client.accounts`: they
    # may not import this app, so the accounts layer offers what they show.
    def interactions(self):
        """The relationship log of these accounts, newest first."""
        return Interaction.objects.filter(account__in=self).order_by("-occurred_at", "-pk")


class AccountScopedQuerySet(models.QuerySet):
    """Rows that belong to an account (requests, interactions…) are visible through it."""

    def visible_to(self, user):
        if user.sees_every_account:
            return self
        return self.filter(account_id__in=_visible_account_ids(user))


class HealthBand(models.TextChoices):
    GREEN = "green", _("Green")
    AMBER = "amber", _("Amber")
    RED = "red", _("Red")


class Account(ChoiceLabels, models.Model):
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
    start_date = models.DateField(
        _("start date"), null=True, blank=True, validators=dates.date_validators()
    )
    description = models.TextField(_("description"), blank=True, max_length=10_000)
    pitch_called_on = models.DateField(
        _("client called a pitch on"),
        null=True,
        blank=True,
        validators=dates.date_validators(),
        help_text=_("The client put the account up for review: it shows red until cleared."),
    )
    # Health: the current score, band and each signal's points and reason (kept by
    # `agency.health`, recomputed when an input changes and nightly).
    health_score = models.PositiveSmallIntegerField(_("health"), null=True, editable=False)
    health_band = models.CharField(
        _("health band"), max_length=10, choices=HealthBand, blank=True, editable=False
    )
    health_signals = models.JSONField(default=list, editable=False)
    # The scores of the last 12 weekly snapshots, oldest first (kept by the nightly run).
    health_trend = models.JSONField(default=list, editable=False)
    health_red_since = models.DateTimeField(null=True, editable=False)
    # Deliverables past due and not delivered (of the last 180 days): the dashboard's tile.
    health_overdue = models.PositiveIntegerField(default=0, editable=False)
    health_updated_at = models.DateTimeField(null=True, editable=False)
    # Marked by a change to one of health's inputs, in that change's transaction; the
    # recompute job clears it.
    health_stale = models.BooleanField(default=False, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = AccountQuerySet.as_manager()
    history = HistoricalRecords(
        excluded_fields=[
            "health_score", "health_band", "health_signals", "health_trend", "health_red_since",
            "health_overdue",
            "health_updated_at", "health_stale",
        ]
    )  # fmt: skip

    class Meta:
        verbose_name = _("account")
        verbose_name_plural = _("accounts")
        ordering = ["name"]
        constraints = [dates.within_range("start_date")]
        indexes = [
            # The account list, sorted by name.
            models.Index(fields=["name"], name="account_name_idx"),
            # The health dashboard, worst first.
            models.Index(fields=["health_score", "name"], name="account_health_idx"),
            # The recompute job: the accounts a change marked.
            models.Index(fields=["id"], name="account_health_stale_idx", condition=models.Q(health_stale=True)),
        ]  # fmt: skip

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("accounts:account_detail", args=[self.pk])


class TeamQuerySet(models.QuerySet):
    """Who is on an account's team, in which role: the one place that answers it.

    Two roles matter, for different things. The *staff role* (`User.role`) decides what
    someone may do at all (the rules in `agency/permissions.py`) and what they see (a
    manager sees their reporting tree's accounts). The *role on the account*
    (`AccountMembership.role`) decides who carries a duty on that account: who is told
    of a high-priority request, who is reminded, who approves and who receives routed
    feedback. Former staff (inactive users) stay in the history but carry no duty:
    `current()` leaves them out, and every recipient list and choice starts from it.
    """

    def of(self, account):
        """The team of `account` (an Account or its id)."""
        return self.filter(account=account)

    def current(self):
        return self.filter(user__is_active=True)

    def in_role(self, *roles):
        return self.filter(role__in=roles)

    def managers(self):
        """The account's managers: those on the team in the manager role."""
        return self.in_role(User.Role.MANAGER)

    def people(self):
        """The staff members of these memberships, as a User QuerySet."""
        return User.objects.filter(pk__in=self.values("user_id"))


class AccountMembership(ChoiceLabels, models.Model):
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

    objects = TeamQuerySet.as_manager()
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


class Interaction(ChoiceLabels, models.Model):
    """An entry in the relationship log: a meeting, call, e-mail or presentation."""

    class Kind(models.TextChoices):
        MEETING = "meeting", _("Meeting")
        CALL = "call", _("Call")
        EMAIL = "email", _("E-mail")
        PRESENTATION = "presentation", _("Presentation")
        OTHER = "other", _("Other")

    class Sentiment(models.TextChoices):
        POSITIVE = "positive", _("Positive")
        NEUTRAL = "neutral", _("Neutral")
        NEGATIVE = "negative", _("Negative")

    account = models.ForeignKey(
        Account, verbose_name=_("account"), on_delete=models.CASCADE, related_name="interactions"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind, default=Kind.MEETING)
    occurred_at = models.DateTimeField(
        _("when"), default=timezone.now, validators=dates.moment_validators()
    )
    summary = models.TextField(_("summary"), max_length=10_000)
    sentiment = models.CharField(
        _("sentiment"), max_length=20, choices=Sentiment, default=Sentiment.NEUTRAL
    )
    staff = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("staff"), blank=True, related_name="+"
    )
    contacts = models.ManyToManyField(
        "clients.Contact",
        verbose_name=_("client contacts"),
        blank=True,
        related_name="interactions",
    )
    logged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("logged by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = AccountScopedQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("interaction")
        verbose_name_plural = _("interactions")
        ordering = ["-occurred_at", "-pk"]
        constraints = [dates.within_range("occurred_at", moment=True)]
        indexes = [
            # An account's timeline, newest first.
            models.Index(fields=["account", "-occurred_at"], name="interaction_timeline_idx"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} · {self.account} · {self.occurred_at:%Y-%m-%d}"

    def get_absolute_url(self):
        return (
            reverse("accounts:account_detail", args=[self.account_id]) + f"#interaction-{self.pk}"
        )


def agency_currency() -> str:
    return settings.AGENCY_CURRENCY


class BudgetQuerySet(AccountScopedQuerySet):
    def waiting(self):
        return self.filter(status=Budget.Status.SUBMITTED)


class Budget(ChoiceLabels, models.Model):
    """An estimate (Kostenvoranschlag) for work on an account, approved before it is spent.

    An approved budget is locked: a change is a new revision (a change order) that
    replaces it once approved in turn.
    """

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")
        SUPERSEDED = "superseded", _("Superseded")

    account = models.ForeignKey(
        Account, verbose_name=_("account"), on_delete=models.PROTECT, related_name="budgets"
    )
    title = models.CharField(_("title"), max_length=200)
    purpose = models.TextField(_("what it is for"), blank=True, max_length=5_000)
    currency = models.CharField(
        _("currency"), max_length=3, default=agency_currency, editable=False
    )
    status = models.CharField(_("status"), max_length=20, choices=Status, default=Status.DRAFT)
    revision = models.PositiveIntegerField(_("revision"), default=1)
    replaces = models.OneToOneField(
        "self",
        verbose_name=_("replaces"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="replaced_by",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("drafted by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("submitted by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    reject_reason = models.TextField(_("reason for rejecting"), blank=True, max_length=2_000)
    # The sum of the lines' totals (which the database derives), stored by the one
    # service function that changes lines, under the budget's row lock: the approvals
    # queue filters and the approval rule decides by it.
    total = models.DecimalField(
        _("total"), max_digits=14, decimal_places=2, default=Decimal("0.00"), editable=False
    )
    # Claimed by the reminder job: an approver is reminded of a waiting budget once.
    reminded_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = BudgetQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["reminded_at"])

    class Meta:
        verbose_name = _("budget")
        verbose_name_plural = _("budgets")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                name="budget_total_not_negative", condition=models.Q(total__gte=0)
            ),
            models.CheckConstraint(
                name="budget_rejected_has_reason",
                condition=~models.Q(status="rejected") | ~models.Q(reject_reason=""),
            ),
        ]
        indexes = [
            models.Index(fields=["account", "-created_at"], name="budget_account_idx"),
            # The approvals queue: what waits, oldest first.
            models.Index(
                fields=["submitted_at"],
                name="budget_waiting_idx",
                condition=models.Q(status="submitted"),
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("accounts:budget_detail", args=[self.pk])

    @property
    def is_editable(self):
        return self.status == self.Status.DRAFT


class BudgetLine(ChoiceLabels, models.Model):
    """One line of a budget. Its total is derived by the database: quantity times unit price,
    plus the markup on third-party costs."""

    class Kind(models.TextChoices):
        FEE = "fee", _("Fee (hours at a rate)")
        THIRD_PARTY = "third_party", _("Third-party production")
        MEDIA = "media", _("Media")
        OUT_OF_POCKET = "out_of_pocket", _("Out-of-pocket")

    budget = models.ForeignKey(
        Budget, verbose_name=_("budget"), on_delete=models.CASCADE, related_name="lines"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind, default=Kind.FEE)
    description = models.CharField(_("description"), max_length=300)
    quantity = models.DecimalField(
        _("quantity"), max_digits=10, decimal_places=2, validators=[MinValueValidator(0)]
    )
    unit_price = models.DecimalField(
        _("unit price"), max_digits=12, decimal_places=2, validators=[MinValueValidator(0)]
    )
    markup_percent = models.DecimalField(
        _("markup %"),
        max_digits=5,
        decimal_places=2,
        default=0,
        validators=[MinValueValidator(0), MaxValueValidator(500)],
    )
    total = models.GeneratedField(
        expression=Round(
            models.F("quantity")
            * models.F("unit_price")
            * (100 + models.F("markup_percent"))
            / 100,
            2,
        ),
        output_field=models.DecimalField(max_digits=14, decimal_places=2),
        db_persist=True,
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    history = HistoricalRecords(excluded_fields=["total"])

    class Meta:
        verbose_name = _("budget line")
        verbose_name_plural = _("budget lines")
        ordering = ["budget", "pk"]
        constraints = [
            models.CheckConstraint(name="budgetline_quantity_not_negative", condition=models.Q(quantity__gte=0)),
            models.CheckConstraint(name="budgetline_price_not_negative", condition=models.Q(unit_price__gte=0)),
            models.CheckConstraint(
                name="budgetline_markup_in_range",
                condition=models.Q(markup_percent__gte=0, markup_percent__lte=500),
            ),
        ]  # fmt: skip

    def __str__(self):
        return self.description


class PaymentQuerySet(AccountScopedQuerySet):
    def waiting(self):
        return self.filter(status=Payment.Status.SUBMITTED)

    def unpaid(self):
        return self.filter(status__in=(Payment.Status.SUBMITTED, Payment.Status.APPROVED))

    def drawing(self):
        """The payments that count against a budget: approved, or paid."""
        return self.filter(status__in=(Payment.Status.APPROVED, Payment.Status.PAID))


class Payment(ChoiceLabels, models.Model):
    """An invoice on an account: to the client (money in) or from a supplier (money out).

    It is approved before it is sent or paid, and may draw on an approved budget.
    """

    class Direction(models.TextChoices):
        CLIENT = "client", _("Client invoice (money in)")
        SUPPLIER = "supplier", _("Supplier invoice (money out)")

    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("Submitted")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")
        PAID = "paid", _("Paid")

    account = models.ForeignKey(
        Account, verbose_name=_("account"), on_delete=models.PROTECT, related_name="payments"
    )
    budget = models.ForeignKey(
        Budget,
        verbose_name=_("budget it draws on"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="payments",
    )
    direction = models.CharField(_("direction"), max_length=20, choices=Direction)
    number = models.CharField(_("invoice number"), max_length=50)
    counterparty = models.CharField(_("client or supplier"), max_length=200)
    amount = models.DecimalField(_("amount"), max_digits=14, decimal_places=2)
    currency = models.CharField(
        _("currency"), max_length=3, default=agency_currency, editable=False
    )
    issued_on = models.DateField(_("issued on"), validators=dates.date_validators())
    due_on = models.DateField(_("due on"), validators=dates.date_validators())
    paid_on = models.DateField(
        _("paid on"), null=True, blank=True, validators=dates.date_validators()
    )
    status = models.CharField(_("status"), max_length=20, choices=Status, default=Status.SUBMITTED)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("submitted by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    submitted_at = models.DateTimeField(_("submitted"), default=timezone.now)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    reject_reason = models.TextField(_("reason for rejecting"), blank=True, max_length=2_000)
    # Claimed by the reminder job: an approver is reminded of a waiting payment once.
    reminded_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = PaymentQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["reminded_at"])

    class Meta:
        verbose_name = _("payment")
        verbose_name_plural = _("payments")
        ordering = ["-issued_on", "-pk"]
        constraints = [
            models.CheckConstraint(name="payment_amount_positive", condition=models.Q(amount__gt=0)),
            models.CheckConstraint(name="payment_due_after_issue", condition=models.Q(due_on__gte=models.F("issued_on"))),
            models.CheckConstraint(
                name="payment_paid_after_issue",
                condition=models.Q(paid_on=None) | models.Q(paid_on__gte=models.F("issued_on")),
            ),
            models.CheckConstraint(
                name="payment_paid_has_date",
                condition=~models.Q(status="paid") | models.Q(paid_on__isnull=False),
            ),
            models.CheckConstraint(
                name="payment_rejected_has_reason",
                condition=~models.Q(status="rejected") | ~models.Q(reject_reason=""),
            ),
            # One invoice is entered once: a second submit of the same number is refused;
            # a rejected one may be entered again.
            models.UniqueConstraint(fields=["account", "direction", "number"], name="payment_unique_number",
                                    condition=~models.Q(status="rejected")),
            dates.within_range("issued_on"),
            dates.within_range("due_on"),
            dates.within_range("paid_on"),
        ]  # fmt: skip
        indexes = [
            models.Index(fields=["account", "-issued_on"], name="payment_account_idx"),
            models.Index(fields=["budget", "direction"], name="payment_budget_idx"),
            # The approvals queue: what waits, oldest first.
            models.Index(
                fields=["submitted_at"],
                name="payment_waiting_idx",
                condition=models.Q(status="submitted"),
            ),
        ]

    def __str__(self):
        return f"{self.number} · {self.counterparty}"

    def get_absolute_url(self):
        return reverse("accounts:payment_detail", args=[self.pk])

    @property
    def days_late(self) -> int:
        """Days past due: until today while unpaid, until the day it was paid after."""
        if self.status == self.Status.REJECTED:
            return 0
        until = self.paid_on or timezone.localdate()
        return max((until - self.due_on).days, 0)


def notice_deadline(ends_on, notice_days):
    """The last day to give notice: the notice period before the end. None without an end."""
    if ends_on is None:
        return None
    return ends_on - timedelta(days=notice_days or 0)


class ContractQuerySet(AccountScopedQuerySet):
    def active(self):
        """The contracts marked active: renewal reminders and deadlines look at these."""
        return self.filter(status=Contract.Status.ACTIVE)

    def current(self, today=None):
        """The active contracts in force on `today`: started, and not ended."""
        today = today or timezone.localdate()
        return self.active().filter(
            models.Q(ends_on=None) | models.Q(ends_on__gte=today), starts_on__lte=today
        )


class Contract(ChoiceLabels, models.Model):
    """The agreement an account works under: its term, notice, fees and included rounds."""

    class Kind(models.TextChoices):
        RETAINER = "retainer", _("Retainer")
        FRAMEWORK = "framework", _("Framework agreement")
        SOW = "sow", _("Statement of work")
        PROJECT = "project", _("Project")

    class FeeModel(models.TextChoices):
        RETAINER = "retainer", _("Monthly retainer")
        TIME = "time", _("Time and materials")
        FIXED = "fixed", _("Fixed price")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        ACTIVE = "active", _("Active")
        ENDED = "ended", _("Ended")
        TERMINATED = "terminated", _("Terminated")

    class Renewal(models.TextChoices):
        UNDECIDED = "undecided", _("Not decided")
        RENEW = "renew", _("Renew")
        END = "end", _("Give notice")

    account = models.ForeignKey(
        Account, verbose_name=_("account"), on_delete=models.PROTECT, related_name="contracts"
    )
    title = models.CharField(_("title"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind, default=Kind.RETAINER)
    status = models.CharField(_("status"), max_length=20, choices=Status, default=Status.ACTIVE)
    starts_on = models.DateField(_("starts on"), validators=dates.date_validators())
    ends_on = models.DateField(
        _("ends on"),
        null=True,
        blank=True,
        validators=dates.date_validators(),
        help_text=_("Leave empty for an open-ended contract."),
    )
    auto_renews = models.BooleanField(
        _("renews automatically"),
        default=False,
        help_text=_("Renews for another term unless notice is given by the deadline."),
    )
    notice_days = models.PositiveSmallIntegerField(
        _("notice period (days)"), default=90, validators=[MaxValueValidator(730)]
    )
    # The last day to give notice, derived from the end and the notice period whenever
    # either changes (`save`); stored and indexed for the renewal reminders and the lists.
    notice_deadline = models.DateField(_("notice deadline"), null=True, editable=False)
    renewal = models.CharField(
        _("renewal decision"), max_length=20, choices=Renewal, default=Renewal.UNDECIDED
    )
    included_rounds = models.PositiveSmallIntegerField(
        _("revision rounds included per job"), default=2, validators=[MaxValueValidator(50)]
    )
    fee_model = models.CharField(
        _("fee model"), max_length=20, choices=FeeModel, default=FeeModel.RETAINER
    )
    fee = models.DecimalField(
        _("fee"),
        max_digits=14,
        decimal_places=2,
        default=Decimal("0.00"),
        validators=[MinValueValidator(0)],
        help_text=_("Per month for a retainer; the day rate or the fixed price otherwise."),
    )
    currency = models.CharField(
        _("currency"), max_length=3, default=agency_currency, editable=False
    )
    markup_percent = models.DecimalField(
        _("markup %"),
        max_digits=5,
        decimal_places=2,
        default=Decimal("0.00"),
        validators=[MinValueValidator(0), MaxValueValidator(500)],
    )
    payment_terms_days = models.PositiveSmallIntegerField(
        _("payment terms (days)"), default=30, validators=[MaxValueValidator(365)]
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = ContractQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("contract")
        verbose_name_plural = _("contracts")
        ordering = ["-starts_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                name="contract_ends_after_start",
                condition=models.Q(ends_on=None) | models.Q(ends_on__gte=models.F("starts_on")),
            ),
            models.CheckConstraint(name="contract_fee_not_negative", condition=models.Q(fee__gte=0)),
            models.CheckConstraint(
                name="contract_markup_in_range",
                condition=models.Q(markup_percent__gte=0, markup_percent__lte=500),
            ),
            dates.within_range("starts_on"),
            dates.within_range("ends_on"),
            # A double submit of the new-contract form makes one contract.
            models.UniqueConstraint(fields=["account", "title"], name="contract_unique_title"),
        ]  # fmt: skip
        indexes = [
            models.Index(fields=["account", "-starts_on"], name="contract_account_idx"),
            # Renewal reminders and "renewals due": active contracts by notice deadline.
            models.Index(
                fields=["notice_deadline"],
                name="contract_notice_idx",
                condition=models.Q(status="active"),
            ),
        ]

    def __str__(self):
        return self.title

    def save(self, *args, update_fields=None, **kwargs):
        self.notice_deadline = notice_deadline(self.ends_on, self.notice_days)
        if update_fields is not None and {"ends_on", "notice_days"} & set(update_fields):
            update_fields = {*update_fields, "notice_deadline"}
        super().save(*args, update_fields=update_fields, **kwargs)

    def get_absolute_url(self):
        return reverse("accounts:contract_detail", args=[self.pk])


class OpportunityQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Directors see every opportunity; others those owned in their reporting tree."""
        if user.sees_every_account:
            return self
        return self.filter(owner__in=user.sees_accounts_of)

    def open(self):
        return self.exclude(stage__in=(Opportunity.Stage.WON, Opportunity.Stage.LOST))

    @staticmethod
    def weighted():
        """An opportunity's value weighted by its probability. Per cent as a decimal
        factor: integer division would drop the cents on SQLite."""
        return models.ExpressionWrapper(
            models.F("value") * models.F("probability") * models.Value(Decimal("0.01")),
            output_field=models.DecimalField(max_digits=16, decimal_places=2),
        )


class Opportunity(ChoiceLabels, models.Model):
    """New business: a pitch or an extension, from first lead to won or lost."""

    class Stage(models.TextChoices):
        LEAD = "lead", _("Lead")
        QUALIFIED = "qualified", _("Qualified")
        PITCH = "pitch", _("Pitch")
        WON = "won", _("Won")
        LOST = "lost", _("Lost")

    # The probability a stage starts with, in per cent; the owner may change it.
    STAGE_PROBABILITY = {"lead": 10, "qualified": 30, "pitch": 50, "won": 100, "lost": 0}

    client = models.ForeignKey(
        "clients.Client",
        verbose_name=_("client or prospect"),
        on_delete=models.PROTECT,
        related_name="opportunities",
    )
    title = models.CharField(_("title"), max_length=200)
    value = models.DecimalField(
        _("estimated value"),
        max_digits=14,
        decimal_places=2,
        validators=[MinValueValidator(0)],
    )
    currency = models.CharField(
        _("currency"), max_length=3, default=agency_currency, editable=False
    )
    stage = models.CharField(_("stage"), max_length=20, choices=Stage, default=Stage.LEAD)
    probability = models.PositiveSmallIntegerField(
        _("probability %"), default=10, validators=[MaxValueValidator(100)]
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner"),
        on_delete=models.PROTECT,
        related_name="opportunities",
    )
    pitch_on = models.DateField(
        _("pitch date"), null=True, blank=True, validators=dates.date_validators()
    )
    expected_close = models.DateField(
        _("expected close"), null=True, blank=True, validators=dates.date_validators()
    )
    account = models.OneToOneField(
        Account,
        verbose_name=_("account"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="won_from",
        help_text=_("The account made when it was won."),
    )
    notes = models.TextField(_("notes"), blank=True, max_length=10_000)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = OpportunityQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("opportunity")
        verbose_name_plural = _("opportunities")
        ordering = ["expected_close", "pk"]
        constraints = [
            models.CheckConstraint(name="opportunity_value_not_negative", condition=models.Q(value__gte=0)),
            models.CheckConstraint(name="opportunity_probability_range", condition=models.Q(probability__lte=100)),
            dates.within_range("pitch_on"),
            dates.within_range("expected_close"),
            models.UniqueConstraint(
                fields=["client", "title"], name="opportunity_unique_title",
                violation_error_message=_("This client already has an opportunity with this title."),
            ),
        ]  # fmt: skip
        indexes = [
            models.Index(fields=["stage", "expected_close"], name="opportunity_stage_idx"),
            models.Index(fields=["owner", "stage"], name="opportunity_owner_idx"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("accounts:opportunity_update", args=[self.pk])


class HealthSnapshot(ChoiceLabels, models.Model):
    """An account's health in one ISO week: the trend's data. One per account and week;
    the nightly run overwrites the week's row with the latest figures."""

    account = models.ForeignKey(
        Account,
        verbose_name=_("account"),
        on_delete=models.CASCADE,
        related_name="health_snapshots",
    )
    week = models.DateField(_("week"), help_text=_("The Monday of the ISO week."))
    score = models.PositiveSmallIntegerField(_("health"))
    band = models.CharField(_("health band"), max_length=10, choices=HealthBand)
    # Each signal's points that week, by signal name.
    points = models.JSONField(default=dict)
    taken_at = models.DateTimeField(_("taken"), default=timezone.now)

    class Meta:
        verbose_name = _("health snapshot")
        verbose_name_plural = _("health snapshots")
        ordering = ["account", "-week"]
        constraints = [
            models.UniqueConstraint(fields=["account", "week"], name="snapshot_unique_week"),
        ]
        indexes = [
            # Last week's bands, across all accounts.
            models.Index(fields=["week", "band"], name="snapshot_week_idx"),
        ]

    def __str__(self):
        return f"{self.account} · {self.week:%G-W%V} · {self.score}"
