import re
import unicodedata

from django.conf import settings
from django.db import models
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from agency import dates
from agency.models import ChoiceLabels

# Legal forms set aside when comparing company names ("ACME GmbH" is "Acme").
_LEGAL_SUFFIXES = {
    "ag", "bv", "co", "company", "corp", "corporation", "e", "eg", "gbr", "gmbh", "inc",
    "incorporated", "kg", "kgaa", "limited", "llc", "llp", "ltd", "mbh", "nv", "ohg", "plc",
    "sa", "sarl", "sas", "se", "spa", "ug", "v",
}  # fmt: skip


def company_name_key(name: str) -> str:
    """The comparable form of a company name: case, spacing, punctuation, legal form gone."""
    text = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    text = text.replace("&", " ")
    words = re.sub(r"[^a-z0-9]+", " ", text).split()
    while len(words) > 1 and words[-1] in _LEGAL_SUFFIXES:
        words.pop()
    return "".join(words)


class ClientQuerySet(models.QuerySet):
    def visible_to(self, user):
        """A client is visible through any visible account; directors see every client.

        The same rule as `Account.objects.visible_to` (`User.sees_accounts_of`), followed
        from the client to its accounts' teams. Its creator sees it too, so a new client
        without an account yet isn't lost.
        """
        if user.sees_every_account:
            return self
        through_accounts = Client.objects.filter(
            accounts__memberships__user__in=user.sees_accounts_of
        ).values("pk")
        return self.filter(models.Q(pk__in=through_accounts) | models.Q(created_by=user))


class Client(ChoiceLabels, models.Model):
    """A client company."""

    class Status(models.TextChoices):
        PROSPECT = "prospect", _("Prospect")
        ACTIVE = "active", _("Active")
        PAUSED = "paused", _("Paused")
        FORMER = "former", _("Former")

    name = models.CharField(_("name"), max_length=200)
    legal_name = models.CharField(_("legal name"), max_length=200, blank=True)
    name_key = models.CharField(max_length=200, editable=False, db_index=True)
    industry = models.CharField(_("industry"), max_length=100, blank=True)
    website = models.URLField(_("website"), blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status, default=Status.ACTIVE)
    address = models.TextField(_("address"), blank=True, max_length=1_000)
    notes = models.TextField(_("notes"), blank=True, max_length=10_000)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = ClientQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["name_key"])

    class Meta:
        verbose_name = _("client")
        verbose_name_plural = _("clients")
        ordering = ["name"]
        indexes = [
            # The client list, sorted by name.
            models.Index(fields=["name"], name="client_name_idx"),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("clients:client_detail", args=[self.pk])

    def refresh_name_key(self):
        self.name_key = company_name_key(self.name)


class ContactQuerySet(models.QuerySet):
    def visible_to(self, user):
        if user.sees_every_account:
            return self
        return self.filter(client__in=Client.objects.visible_to(user))

    def current(self):
        return self.filter(left_on=None)


class Contact(ChoiceLabels, models.Model):
    """A person at a client."""

    client = models.ForeignKey(
        Client, verbose_name=_("client"), on_delete=models.CASCADE, related_name="contacts"
    )
    name = models.CharField(_("name"), max_length=200)
    job_title = models.CharField(_("job title"), max_length=200, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=50, blank=True)
    is_primary = models.BooleanField(_("primary contact"), default=False)
    is_decision_maker = models.BooleanField(_("decision maker"), default=False)
    left_on = models.DateField(
        _("left the client on"),
        null=True,
        blank=True,
        validators=dates.date_validators(),
        help_text=_("Set when the person leaves; a key contact leaving is a warning sign."),
    )
    notes = models.TextField(_("notes"), blank=True, max_length=10_000)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = ContactQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("contact")
        verbose_name_plural = _("contacts")
        ordering = ["-is_primary", "name"]
        constraints = [dates.within_range("left_on")]
        indexes = [
            # The duplicate check: a contact with this e-mail, whatever its case.
            models.Index(Lower("email"), name="contact_email_lower_idx"),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("clients:client_detail", args=[self.client_id]) + f"#contact-{self.pk}"

    @property
    def has_left(self):
        return self.left_on is not None and self.left_on <= timezone.localdate()
