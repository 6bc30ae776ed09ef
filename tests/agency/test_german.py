import subprocess
from pathlib import Path

from django.conf import settings

CATALOGUE = Path(settings.BASE_DIR) / "locale" / "de" / "LC_MESSAGES" / "django.po"


def test_german_catalogue_is_complete_and_valid():
    result = subprocess.run(
        ["msgfmt", "--check", "--statistics", "-o", "/dev/null", str(CATALOGUE)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "translated message" in result.stderr
    assert "fuzzy" not in result.stderr
    assert "untranslated" not in result.stderr


def test_role_names_use_the_agency_trade_terms(db):
    from django.utils import translation

    from agency.models import User

    with translation.override("de"):
        labels = {str(label) for label in User.Role.labels}
    assert labels == {
        "Junior-Kundenberater/in",
        "Kundenberater/in",
        "Strategische/r Planer/in",
        "Senior-Kundenberater/in",
        "Etatdirektor/in",
    }
