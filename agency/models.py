from django.conf import settings
from django.contrib.auth.models import AbstractUser, UserManager
from django.core.exceptions import ValidationError
from django.db import connections, models, router
from django.db.models.expressions import RawSQL
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

# The reporting tree in one query, on PostgreSQL and SQLite alike. UNION (not UNION
# ALL) stops at users already seen, so even a cycle that slipped past validation ends.
_REPORTING_TREE_SQL = """
    WITH RECURSIVE tree(id) AS (
        SELECT id FROM agency_user WHERE id = %s
        UNION
        SELECT u.id FROM agency_user u JOIN tree ON u.reports_to_id = tree.id
    )
    SELECT id FROM tree
"""


class ChoiceLabels:
    """`get_FOO_display()` from a map built once per field, not once per call.

    Django rebuilds the field's whole choices map (and hashes every choice) at each call;
    lists show two or three of them a row. The labels stay lazy: the reader's language.
    """

    def _get_FIELD_display(self, field):
        labels = field.__dict__.get("_suits_labels")
        if labels is None:
            labels = field.__dict__["_suits_labels"] = dict(field.flatchoices)
        value = getattr(self, field.attname)
        label = labels.get(value, value)
        return None if label is None else str(label)


class StaffManager(UserManager):
    def directors(self):
        """The active directors: who decides above the managers' limit and hears of
        every account."""
        return self.filter(role=User.Role.DIRECTOR, is_active=True)


class User(ChoiceLabels, AbstractUser):
    """A member of the agency's staff."""

    class Role(models.TextChoices):
        COORDINATOR = "coordinator", _("Account Coordinator")
        EXECUTIVE = "executive", _("Account Executive")
        PLANNER = "planner", _("Account Planner")
        MANAGER = "manager", _("Account Manager")
        DIRECTOR = "director", _("Account Director")

    role = models.CharField(_("role"), max_length=20, choices=Role, default=Role.EXECUTIVE)
    reports_to = models.ForeignKey(
        "self",
        verbose_name=_("reports to"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="reports",
    )
    language = models.CharField(
        _("language"), max_length=10, choices=settings.LANGUAGES, blank=True
    )
    # The secret in the user's calendar feed address; a new one revokes the old.
    calendar_token = models.CharField(
        max_length=64, null=True, blank=True, unique=True, editable=False
    )

    objects = StaffManager()

    class Meta:
        verbose_name = _("staff member")
        verbose_name_plural = _("staff")
        ordering = ["first_name", "last_name", "username"]
        constraints = [
            models.CheckConstraint(
                name="user_not_reporting_to_self",
                condition=~models.Q(reports_to=models.F("pk")),
            ),
        ]

    def __str__(self):
        return self.get_full_name() or self.username

    def clean(self):
        super().clean()
        if (
            self.reports_to_id
            and self.pk
            and (
                self.reports_to_id == self.pk
                or self.team_including_self().filter(pk=self.reports_to_id).exists()
            )
        ):
            raise ValidationError(
                {
                    "reports_to": _(
                        "%(boss)s already reports to %(user)s, directly or further "
                        "down; a reporting line cannot go round in a circle."
                    )
                    % {"boss": self.reports_to, "user": self}
                }
            )

    def team_including_self(self):
        """This user and everyone who reports to them, directly or further down."""
        return User.objects.filter(pk__in=RawSQL(_REPORTING_TREE_SQL, [self.pk]))

    @cached_property
    def team_ids(self) -> list[int]:
        """The ids of `team_including_self()`: one query, kept for the request.

        As a literal list the database plans the visibility filters well; through the
        recursive query it guesses the tree's size and scans whole tables."""
        return list(self.team_including_self().values_list("pk", flat=True))

    @property
    def sees_every_account(self):
        return self.role == self.Role.DIRECTOR

    @cached_property
    def sees_accounts_of(self) -> list[int] | None:
        """Whose accounts this user sees: the one visibility rule of Suits.

        None for a director (every account); a manager sees the accounts of everyone in
        their reporting tree; everyone else only the accounts they are on themselves.
        The staff role decides this, never the role someone has on one account. Every
        `visible_to` QuerySet method applies it along its own path to the team.
        """
        if self.sees_every_account:
            return None
        if self.role == self.Role.MANAGER:
            return self.team_ids
        return [self.pk]


class NotificationQuerySet(models.QuerySet):
    def create_once(self, **values) -> "Notification | None":
        """Insert the notification unless one with its key exists; return it, or None.

        One statement (`INSERT … ON CONFLICT (key) DO NOTHING RETURNING id`, which
        PostgreSQL and SQLite both speak): no savepoint around a failing insert, so the
        caller's transaction is never broken and costs two queries less.
        """
        notification = self.model(**values)
        connection = connections[self._db or router.db_for_write(self.model)]
        fields = [field for field in self.model._meta.concrete_fields if not field.primary_key]
        params = [
            field.get_db_prep_save(field.pre_save(notification, add=True), connection)
            for field in fields
        ]
        name = connection.ops.quote_name
        sql = (
            f"INSERT INTO {name(self.model._meta.db_table)} "
            f"({', '.join(name(field.column) for field in fields)}) "
            f"VALUES ({', '.join(['%s'] * len(fields))}) "
            f"ON CONFLICT ({name(self.model._meta.get_field('key').column)}) DO NOTHING "
            f"RETURNING {name(self.model._meta.pk.column)}"
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            row = cursor.fetchone()
        if row is None:
            return None
        notification.pk = row[0]
        notification._state.adding, notification._state.db = False, connection.alias
        return notification

    def unread(self):
        return self.filter(read_at=None)

    def unsent(self):
        return self.filter(emailed_at=None)


class Notification(models.Model):
    """Something a staff member should know about, shown in the app and e-mailed."""

    recipient = models.ForeignKey(
        User, verbose_name=_("recipient"), on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField(_("kind"), max_length=60)
    # The same key never notifies twice: a unique constraint, not a read-then-write.
    key = models.CharField(_("key"), max_length=200, unique=True)
    message = models.CharField(_("message"), max_length=500)
    # Why this person was told: routing and reminders say which rule chose them.
    reason = models.CharField(_("reason"), max_length=300, blank=True)
    link = models.CharField(_("link"), max_length=300, blank=True)
    # The account the notification is about, if any: the list and the bell show it only
    # while the recipient may still see that account. A plain id, as the kernel knows
    # no accounts.
    account_id = models.BigIntegerField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    read_at = models.DateTimeField(_("read"), null=True, blank=True)
    emailed_at = models.DateTimeField(_("e-mailed"), null=True, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-pk"]
        indexes = [
            # The bell: a user's unread count on every page.
            models.Index(fields=["recipient", "read_at"], name="notification_unread_idx"),
            # The sweep: notifications whose e-mail a broker outage left unsent.
            models.Index(
                fields=["created_at"],
                name="notification_unsent_idx",
                condition=models.Q(emailed_at=None),
            ),
        ]

    def __str__(self):
        return self.message

    def get_absolute_url(self):
        return self.link or reverse("notifications")
