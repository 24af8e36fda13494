"""What the exchange's commands are given on their command line: the acting user, the organisation and a
passphrase file, each found or refused with a translated CommandError."""

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import CommandError
from django.utils.translation import gettext as _

from network.models import Organisation


def acting_user(username: str):
    """The active user ``--as`` names (whose permissions the command then checks)."""
    user = get_user_model().objects.filter(username=username, is_active=True).first()
    if user is None:
        raise CommandError(_("No active user %(user)s.") % {"user": username})
    return user


def organisation_given(given: str) -> Organisation:
    """The organisation ``--organisation`` names by its id or its short name (one, never a guess)."""
    found = Organisation.objects.filter(short_name__iexact=given)
    if given.isdigit():
        found = Organisation.objects.filter(pk=int(given))
    organisation = found.first() if found.count() == 1 else None
    if organisation is None:
        raise CommandError(
            _("No organisation %(organisation)s (give its id or short name).") % {"organisation": given}
        )
    return organisation


def passphrase_from(path: Path | None) -> str | None:
    """The passphrase in the file ``--passphrase-file`` names (a passphrase never goes on the command
    line, where the shell's history and the process list would keep it); None without a file."""
    if path is None:
        return None
    try:
        return path.read_text(encoding="utf-8").strip()
    except OSError as error:
        raise CommandError(
            _("The passphrase file cannot be read: %(error)s") % {"error": error.strerror}
        ) from None
