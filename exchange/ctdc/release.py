"""The CTDC-format k-anonymised release of the network's cases: who may ask for it, and the file.

``ctdc_release_write`` writes the rows of ``exchange.ctdc.kanon`` into a CSV of format A and then proves
the file with ``check_k_anonymity``: a file that fails (the cases changed between the two passes over
them) is refused, never handed out."""

import csv
import io
import zipfile
from collections.abc import Iterable
from typing import IO

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from accounts.roles import Role
from analytics.scope import analytics_scope
from exchange.ctdc import kanon
from exchange.ctdc.columns import COLUMNS_A
from exchange.ctdc.records import ctdc_rows

PERMISSION = "exchange.export_deidentified"
DEFAULT_K = 11
MIN_K = 2
MAX_K = 100


class ReleaseNotAnonymous(Exception):
    """The written file has a combination of quasi-identifiers rarer than k (it is not handed out)."""


def ctdc_release_scope(*, user, membership) -> frozenset[int]:
    """The organisations whose cases ``user``, acting in ``membership``, may release: a regional analyst
    holding ``exchange.export_deidentified`` releases the network's (their analytics scope).

    Anyone else — coordinators and managers included — is refused (PermissionDenied): fail closed."""
    if membership is None or membership.role != Role.ANALYST:
        raise PermissionDenied
    if not user.has_perm(PERMISSION, membership.organisation):
        raise PermissionDenied
    return analytics_scope(user=user, membership=membership).organisation_ids


def ctdc_release(*, organisation_ids: Iterable[int], k: int = DEFAULT_K) -> kanon.Release:
    """The k-anonymised release of the counted cases of ``organisation_ids`` (rows not yet read)."""
    organisation_ids = frozenset(organisation_ids)
    return kanon.anonymise(lambda: ctdc_rows(organisation_ids=organisation_ids), k=k)


def ctdc_release_write(release: kanon.Release, handle: IO[str]) -> int:
    """Write ``release`` as CSV (the header of format A, ``-99`` for missing) to ``handle`` (a seekable
    text file), check it, and return the number of rows; ReleaseNotAnonymous when the check fails."""
    start = handle.tell()
    writer = csv.DictWriter(handle, fieldnames=COLUMNS_A, lineterminator="\n")
    writer.writeheader()
    written = 0
    for row in release.rows():
        writer.writerow(row)
        written += 1
    handle.seek(start)
    offending = kanon.check_k_anonymity(csv.DictReader(handle), kanon.QUASI_IDENTIFIER_COLUMNS, release.k)
    handle.seek(0, io.SEEK_END)
    if offending:
        raise ReleaseNotAnonymous(
            _("%(count)s combinations of quasi-identifiers occur fewer than %(k)s times: try again.")
            % {"count": len(offending), "k": release.k}
        )
    return written


def ctdc_release_archive(release: kanon.Release) -> bytes:
    """The release as a ZIP: the CSV of format A and its report (text), checked as ``ctdc_release_write``."""
    rows = io.StringIO()
    ctdc_release_write(release, rows)
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w", compression=zipfile.ZIP_DEFLATED) as bundle:
        bundle.writestr(f"ctdc_release_k{release.k}.csv", rows.getvalue())
        bundle.writestr("report.txt", "\n".join(release.report.lines()) + "\n")
    return archive.getvalue()
