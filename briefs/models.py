from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.text import format_lazy
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


class CreativeTeam(models.Model):
    """A team of the creative department. Creatives don't log in: they get e-mail."""

    name = models.CharField(_("name"), max_length=120, unique=True)
    email = models.EmailField(
        _("team address"), help_text=_("Where briefs and routed feedback are sent.")
    )
    members = models.TextField(
        _("members"),
        blank=True,
        max_length=5_000,
        help_text=_(
            "One per line: name and e-mail address, e.g. Jana Vogel <jana@agency.example>."
        ),
    )
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("creative team")
        verbose_name_plural = _("creative teams")
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("briefs:creative_team_update", args=[self.pk])


# A brief's open states, by value: the indexes below are conditioned on them, and
# `Brief.OPEN` is the same tuple.
OPEN_BRIEF_STATES = (
    "draft", "strategy_review", "awaiting_approval", "in_creative", "presented", "revisions",
    "client_approved",
)  # fmt: skip


class BriefQuerySet(AccountScopedQuerySet):
    def open(self):
        return self.filter(status__in=Brief.OPEN)


class Brief(ChoiceLabels, models.Model):
    """A creative brief: what the creative department is asked to make, and why."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        STRATEGY_REVIEW = "strategy_review", _("Strategy review")
        AWAITING_APPROVAL = "awaiting_approval", _("Awaiting approval")
        IN_CREATIVE = "in_creative", _("In creative")
        PRESENTED = "presented", _("Presented")
        REVISIONS = "revisions", _("Revisions")
        CLIENT_APPROVED = "client_approved", _("Client approved")
        DELIVERED = "delivered", _("Delivered")
        CANCELLED = "cancelled", _("Cancelled")

    OPEN = tuple(map(Status, OPEN_BRIEF_STATES))
    # Once approved to creative the sections are locked: a change is a new version.
    LOCKED = (
        Status.IN_CREATIVE, Status.PRESENTED, Status.REVISIONS, Status.CLIENT_APPROVED,
    )  # fmt: skip

    # The lifecycle, as a table: each step, the states it starts from, where it leads,
    # and the rule (agency/permissions.py) that says who may take it.
    S = Status
    LIFECYCLE = Workflow(
        Step("submit", frozenset({S.DRAFT}), S.STRATEGY_REVIEW, _("Submit for strategy review"), "briefs.submit_brief"),
        Step("submit_for_approval", frozenset({S.DRAFT}), S.AWAITING_APPROVAL, _("Submit for approval"), "briefs.submit_brief_without_planner"),
        Step("sign_off", frozenset({S.STRATEGY_REVIEW}), S.AWAITING_APPROVAL, _("Sign off the strategy"), "briefs.sign_off_strategy"),
        Step("return_strategy", frozenset({S.STRATEGY_REVIEW}), S.DRAFT, _("Send back to the owner"), "briefs.return_strategy"),
        Step("approve", frozenset({S.AWAITING_APPROVAL}), S.IN_CREATIVE, _("Approve to creative"), "briefs.approve_brief"),
        Step("return_approval", frozenset({S.AWAITING_APPROVAL}), S.DRAFT, _("Send back to the owner"), "briefs.approve_brief"),
        Step("present", frozenset({S.IN_CREATIVE, S.REVISIONS}), S.PRESENTED, _("Mark presented"), "briefs.present_brief"),
        Step("client_approved", frozenset({S.PRESENTED}), S.CLIENT_APPROVED, _("Client approved"), "briefs.log_feedback"),
        Step("revisions", frozenset({S.PRESENTED}), S.REVISIONS, _("Client asked for changes"), "briefs.log_feedback"),
        Step("deliver", frozenset({S.CLIENT_APPROVED}), S.DELIVERED, _("Mark delivered"), "briefs.deliver_brief"),
        Step("cancel", frozenset(OPEN), S.CANCELLED, _("Cancel brief"), "briefs.cancel_brief"),
    )  # fmt: skip
    del S
    # Steps taken from the status bar; the feedback form takes the other two.
    BAR_STEPS = ("submit", "submit_for_approval", "sign_off", "return_strategy", "approve", "return_approval",
                 "present", "deliver", "cancel")  # fmt: skip
    # Steps that ask for a comment or reason.
    NEEDS_COMMENT = ("return_strategy", "return_approval", "cancel")

    SECTIONS = (
        "background", "business_objective", "communication_objective", "target_audience",
        "consumer_insight", "proposition", "reasons_to_believe", "tone_of_voice",
        "mandatories", "channels",
    )  # fmt: skip
    # The planner alone edits these during strategy review.
    STRATEGY_SECTIONS = ("target_audience", "consumer_insight", "proposition")
    TIMING = ("brief_due", "first_presentation", "final_delivery")

    account = models.ForeignKey(
        Account, verbose_name=_("account"), on_delete=models.PROTECT, related_name="briefs"
    )
    title = models.CharField(_("title"), max_length=200)
    request = models.OneToOneField(
        ClientRequest,
        verbose_name=_("client request"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="brief",
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner"),
        on_delete=models.PROTECT,
        related_name="owned_briefs",
    )
    planner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("planner"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="planned_briefs",
    )
    creative_team = models.ForeignKey(
        CreativeTeam,
        verbose_name=_("creative team"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="briefs",
    )
    version = models.PositiveIntegerField(_("version"), default=1)
    status = models.CharField(_("status"), max_length=20, choices=Status, default=Status.DRAFT)
    # How many feedback rounds were logged: the next round's number, kept under the
    # brief's row lock by the one service that logs feedback.
    feedback_rounds = models.PositiveIntegerField(_("feedback rounds"), default=0, editable=False)

    background = models.TextField(_("background"), blank=True, max_length=10_000)
    business_objective = models.TextField(_("business objective"), blank=True, max_length=5_000)
    communication_objective = models.TextField(
        _("communication objective"), blank=True, max_length=5_000
    )
    target_audience = models.TextField(_("target audience"), blank=True, max_length=5_000)
    consumer_insight = models.TextField(_("consumer insight"), blank=True, max_length=5_000)
    proposition = models.TextField(_("single-minded proposition"), blank=True, max_length=1_000)
    reasons_to_believe = models.TextField(_("reasons to believe"), blank=True, max_length=5_000)
    tone_of_voice = models.TextField(_("tone of voice"), blank=True, max_length=2_000)
    mandatories = models.TextField(_("mandatories"), blank=True, max_length=5_000)
    channels = models.TextField(_("channels"), blank=True, max_length=2_000)
    budget = models.DecimalField(
        _("budget"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    brief_due = models.DateField(
        _("brief due to creative"), null=True, blank=True, validators=dates.date_validators()
    )
    first_presentation = models.DateField(
        _("first presentation"), null=True, blank=True, validators=dates.date_validators()
    )
    final_delivery = models.DateField(
        _("final delivery"), null=True, blank=True, validators=dates.date_validators()
    )
    presented_on = models.DateField(
        _("presented on"), null=True, blank=True, validators=dates.date_validators()
    )
    cancel_reason = models.TextField(_("reason for cancelling"), blank=True, max_length=2_000)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = BriefQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("brief")
        verbose_name_plural = _("briefs")
        ordering = ["-updated_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                name="brief_budget_not_negative",
                condition=models.Q(budget__gte=0) | models.Q(budget=None),
            ),
            models.CheckConstraint(
                name="brief_presentation_before_delivery",
                condition=models.Q(first_presentation__lte=models.F("final_delivery"))
                | models.Q(first_presentation=None)
                | models.Q(final_delivery=None),
            ),
            models.CheckConstraint(
                name="brief_cancelled_has_reason",
                condition=~models.Q(status="cancelled") | ~models.Q(cancel_reason=""),
            ),
            dates.within_range("brief_due"),
            dates.within_range("first_presentation"),
            dates.within_range("final_delivery"),
            dates.within_range("presented_on"),
        ]
        indexes = [
            models.Index(fields=["account", "-updated_at"], name="brief_account_idx"),
            # Home pages: a person's open briefs, and the briefs waiting for a step.
            models.Index(
                fields=["owner", "status"],
                name="brief_owner_open_idx",
                condition=models.Q(status__in=list(OPEN_BRIEF_STATES)),
            ),
            models.Index(
                fields=["planner"],
                name="brief_strategy_review_idx",
                condition=models.Q(status="strategy_review"),
            ),
            models.Index(
                fields=["updated_at"],
                name="brief_awaiting_approval_idx",
                condition=models.Q(status="awaiting_approval"),
            ),
            models.Index(fields=["final_delivery"], name="brief_final_delivery_idx"),
            # The brief list's default: open briefs, most recently changed first.
            models.Index(
                models.F("updated_at").desc(),
                models.F("id").desc(),
                name="brief_open_recent_idx",
                condition=models.Q(status__in=list(OPEN_BRIEF_STATES)),
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("briefs:brief_detail", args=[self.pk])

    @property
    def is_open(self):
        return self.status in self.OPEN

    @property
    def is_locked(self):
        return self.status in self.LOCKED

    def sections(self) -> dict[str, str]:
        return {name: getattr(self, name) for name in self.SECTIONS}

    def section_items(self) -> list[tuple[str, str]]:
        """(label, text) of each section, in the brief's order."""
        return [
            (self._meta.get_field(name).verbose_name, getattr(self, name)) for name in self.SECTIONS
        ]


class BriefStep(models.Model):
    """One step of a brief's lifecycle: who took it, when, and what they said."""

    brief = models.ForeignKey(
        Brief, verbose_name=_("brief"), on_delete=models.CASCADE, related_name="steps"
    )
    step = models.CharField(_("step"), max_length=30)
    from_status = models.CharField(_("from"), max_length=20, choices=Brief.Status)
    to_status = models.CharField(_("to"), max_length=20, choices=Brief.Status)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    at = models.DateTimeField(_("when"), default=timezone.now)
    comment = models.TextField(_("comment"), blank=True, max_length=2_000)
    # The approval's e-mail to the creative team, sent by its own task: set once it has gone.
    emailed_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("brief step")
        verbose_name_plural = _("brief steps")
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["brief", "-at"], name="briefstep_brief_idx")]

    def __str__(self):
        return f"{self.brief_id}: {self.from_status} → {self.to_status}"


class BriefVersion(models.Model):
    """The brief's sections as they were submitted: each submission is a version."""

    brief = models.ForeignKey(
        Brief, verbose_name=_("brief"), on_delete=models.CASCADE, related_name="versions"
    )
    number = models.PositiveIntegerField(_("version"))
    sections = models.JSONField(_("sections"))
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("submitted by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    submitted_at = models.DateTimeField(_("submitted"), default=timezone.now)

    class Meta:
        verbose_name = _("brief version")
        verbose_name_plural = _("brief versions")
        ordering = ["brief", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["brief", "number"], name="briefversion_unique_number")
        ]

    def __str__(self):
        return f"{self.brief_id} v{self.number}"


class DeliverableQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(brief__in=Brief.objects.visible_to(user))

    def outstanding(self):
        return self.filter(delivered_on=None)


class Deliverable(models.Model):
    """One thing the brief asks creative to deliver, by a date."""

    brief = models.ForeignKey(
        Brief, verbose_name=_("brief"), on_delete=models.CASCADE, related_name="deliverables"
    )
    what = models.CharField(_("what"), max_length=200)
    format = models.CharField(_("channel or format"), max_length=120, blank=True)
    quantity = models.PositiveIntegerField(
        _("quantity"), default=1, validators=[MinValueValidator(1), MaxValueValidator(10_000)]
    )
    due_on = models.DateField(_("due"), validators=dates.date_validators())
    delivered_on = models.DateField(
        _("delivered on"), null=True, blank=True, validators=dates.date_validators()
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = DeliverableQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("deliverable")
        verbose_name_plural = _("deliverables")
        ordering = ["due_on", "pk"]
        constraints = [
            models.CheckConstraint(name="deliverable_quantity_positive", condition=models.Q(quantity__gte=1)),
            dates.within_range("due_on"),
            dates.within_range("delivered_on"),
        ]  # fmt: skip
        indexes = [
            models.Index(fields=["brief", "due_on"], name="deliverable_brief_idx"),
            # Reminders and the home pages: what is still to deliver, soonest first.
            models.Index(
                fields=["due_on"],
                name="deliverable_outstanding_idx",
                condition=models.Q(delivered_on=None),
            ),
        ]

    def __str__(self):
        return self.what

    def get_absolute_url(self):
        return reverse("briefs:brief_detail", args=[self.brief_id]) + f"#deliverable-{self.pk}"

    @property
    def account_id(self):
        return self.brief.account_id

    @property
    def is_overdue(self):
        return self.delivered_on is None and self.due_on < timezone.localdate()


class Feedback(ChoiceLabels, models.Model):
    """One round of client feedback on a brief's work."""

    class Sentiment(models.TextChoices):
        POSITIVE = "positive", _("Positive")
        NEUTRAL = "neutral", _("Neutral")
        NEGATIVE = "negative", _("Negative")

    class Verdict(models.TextChoices):
        APPROVED = "approved", _("Approved")
        MINOR_CHANGES = "minor_changes", _("Minor changes")
        MAJOR_CHANGES = "major_changes", _("Major changes")
        REJECTED = "rejected", _("Rejected")

    class Topic(models.TextChoices):
        CREATIVE = "creative", _("Creative")
        STRATEGY = "strategy", _("Strategy")
        BUDGET = "budget", _("Budget")
        TIMING = "timing", _("Timing")

    brief = models.ForeignKey(
        Brief, verbose_name=_("brief"), on_delete=models.CASCADE, related_name="feedback"
    )
    round = models.PositiveIntegerField(_("round"))
    received_at = models.DateTimeField(
        _("received"), default=timezone.now, validators=dates.moment_validators()
    )
    contact = models.ForeignKey(
        "clients.Contact",
        verbose_name=_("from"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="feedback",
    )
    channel = models.CharField(
        _("came in by"),
        max_length=20,
        choices=ClientRequest.Channel,
        default=ClientRequest.Channel.MEETING,
    )
    said = models.TextField(_("what the client said"), max_length=10_000)
    sentiment = models.CharField(
        _("sentiment"), max_length=20, choices=Sentiment, default=Sentiment.NEUTRAL
    )
    verdict = models.CharField(_("verdict"), max_length=20, choices=Verdict)
    topics = models.JSONField(_("about"), default=list, blank=True)
    # A round beyond the revision rounds included per job: billable scope.
    beyond_included = models.BooleanField(_("beyond the included rounds"), default=False)
    logged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("logged by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("acknowledged by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    acknowledged_at = models.DateTimeField(_("acknowledged"), null=True, blank=True)
    # Set when every rule has been applied; the sweep routes rounds still without it.
    routed_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    history = HistoricalRecords(excluded_fields=["routed_at"])

    class Meta:
        verbose_name = _("feedback round")
        verbose_name_plural = _("feedback rounds")
        ordering = ["brief", "-round"]
        constraints = [
            models.UniqueConstraint(fields=["brief", "round"], name="feedback_unique_round"),
            models.CheckConstraint(name="feedback_round_positive", condition=models.Q(round__gte=1)),
            dates.within_range("received_at", moment=True),
        ]  # fmt: skip
        indexes = [
            # The sweep: rounds not routed yet.
            models.Index(
                fields=["created_at"], name="feedback_unrouted_idx", condition=models.Q(routed_at=None)
            ),
            # Home pages and reminders: feedback nobody has acknowledged.
            models.Index(
                fields=["received_at"],
                name="feedback_unacknowledged_idx",
                condition=models.Q(acknowledged_at=None),
            ),
        ]  # fmt: skip

    def __str__(self):
        return f"{self.brief} · {self.round}"

    def get_absolute_url(self):
        return reverse("briefs:brief_detail", args=[self.brief_id]) + f"#feedback-{self.round}"

    @property
    def account_id(self):
        return self.brief.account_id

    def topic_labels(self) -> list[str]:
        labels = dict(self.Topic.choices)
        return [str(labels.get(topic, topic)) for topic in self.topics]


class FeedbackRouting(models.Model):
    """To whom one feedback round was routed, and why. Once per round and recipient."""

    class Reason(models.TextChoices):
        OWNER = "owner", _("owns the brief")
        CREATIVE_TEAM = "creative_team", _("the brief's creative team")
        STRATEGY = "strategy", _("about strategy")
        REJECTED = "rejected", _("the client rejected the work")
        NEGATIVE = "negative", _("negative feedback")
        THIRD_ROUND = "third_round", _("third round or later")
        BEYOND_INCLUDED = "beyond_included", _("beyond the included revision rounds")
        TURNS_RED = "turns_red", _("it turns the account red")

    feedback = models.ForeignKey(
        Feedback,
        verbose_name=_("feedback round"),
        on_delete=models.CASCADE,
        related_name="routings",
    )
    # "user:<id>" or "team:<id>": one column for the uniqueness of either kind.
    recipient_key = models.CharField(max_length=60, editable=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("staff member"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    creative_team = models.ForeignKey(
        CreativeTeam,
        verbose_name=_("creative team"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    name = models.CharField(_("sent to"), max_length=200)
    email = models.EmailField(_("e-mail"), blank=True)
    # Why, as FeedbackRouting.Reason values: shown in the reader's language.
    reasons = models.JSONField(_("why"), default=list)
    created_at = models.DateTimeField(_("routed"), auto_now_add=True)
    # A creative team's e-mail, sent by its own task: set once it has gone out.
    emailed_at = models.DateTimeField(_("e-mailed"), null=True, blank=True)

    class Meta:
        verbose_name = _("feedback routing")
        verbose_name_plural = _("feedback routings")
        ordering = ["feedback", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["feedback", "recipient_key"], name="routing_unique_recipient"
            ),
        ]

    def __str__(self):
        return f"{self.name} · {self.reason_text()}"

    def reason_text(self):
        """Why, in words: lazy, so a notification says it in its reader's language."""
        labels = dict(self.Reason.choices)
        parts = [labels.get(reason, reason) for reason in self.reasons]
        return format_lazy("; ".join(["{}"] * len(parts)), *parts)
