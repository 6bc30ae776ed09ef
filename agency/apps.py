from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AgencyConfig(AppConfig):
    name = "agency"
    verbose_name = _("Agency")

    def ready(self):
        from . import checks  # noqa: F401 - registers the system checks
