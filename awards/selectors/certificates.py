"""Who may download an entry's certificate, and whether it is a winner's or a nominee's.

Certificates exist once the competition's results are published: before that the route answers 404 as
for an entry that does not exist (the certificate does not exist yet, and a 403 would tell a stranger
that the entry does). Then the entry's own organisation's managers (``awards.view_entry`` on the entry)
and the competition's organisers download it; every entry of the competition is a nominee, and an entry
with a winning result in the nomination's overall ranking (``Result.is_winner``, no country) a winner."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404

from awards.models import Entry, Result

VIEW_ENTRY = "awards.view_entry"
MANAGE = "awards.manage_competition"


def certificate_entry(*, user, pk: int) -> tuple[Entry, bool]:
    """The entry ``user`` may download the certificate of, and whether it won: PermissionDenied for roles
    that never download certificates, Http404 outside the user's scope or before results are published."""
    if not (user.has_perm(VIEW_ENTRY) or user.has_perm(MANAGE)):
        raise PermissionDenied
    entry = get_object_or_404(
        Entry.objects.visible_to(user).select_related(
            "competition__organisation", "nomination", "organisation"
        ),
        pk=pk,
    )
    if entry.competition.results_published_at is None:
        raise Http404
    if not (user.has_perm(VIEW_ENTRY, entry) or user.has_perm(MANAGE, entry.competition)):
        raise PermissionDenied
    is_winner = Result.objects.visible_to(user).filter(entry=entry, country="", is_winner=True).exists()
    return entry, is_winner


def certificate_downloadable(*, user, entry: Entry) -> bool:
    """Whether the entry's page offers ``user`` its certificate (the rule of ``certificate_entry``)."""
    return entry.competition.results_published_at is not None and (
        user.has_perm(VIEW_ENTRY, entry) or user.has_perm(MANAGE, entry.competition)
    )
