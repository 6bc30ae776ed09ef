import shutil
import subprocess
import sys
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


def test_every_string_in_the_code_has_a_german_translation(tmp_path):
    """Extract the strings afresh (in a copy, as `make messages` would) and find none new."""
    base = Path(settings.BASE_DIR)
    for name in ("agency", "accounts", "briefs", "clients", "templates", "locale"):
        shutil.copytree(base / name, tmp_path / name, ignore=shutil.ignore_patterns("*.mo"))
    shutil.copy(base / "manage.py", tmp_path)
    subprocess.run(
        [sys.executable, "manage.py", "makemessages", "-l", "de", "--no-location", "-v", "0"],
        cwd=tmp_path,
        check=True,
        capture_output=True,
    )
    catalogue = tmp_path / "locale" / "de" / "LC_MESSAGES" / "django.po"
    new = _msgids(catalogue, "--untranslated") + _msgids(catalogue, "--only-fuzzy")
    assert new == [], f"untranslated: {new}"


def _msgids(catalogue, selection):
    """The messages msgattrib selects, without the catalogue's header."""
    output = subprocess.run(
        ["msgattrib", selection, "--no-obsolete", str(catalogue)],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return [
        line for line in output.splitlines() if line.startswith("msgid ") and line != 'msgid ""'
    ]


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
