"""Entries as each reader may see them: the entry's own organisation and the organisers see everything;
a judge of a blind competition sees the code instead of the organisation, no partners and no
identifying figure (``awards.figures``). Which entries a user reads at all is ``Entry.objects.visible_to``."""

from __future__ import annotations

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from accounts.backends import member_organisations_with_perm
from awards import figures as award_figures
from awards.models import Entry, EntryFile, Nominee
from awards.models.scope import VIEW_ENTRY, organiser_ids
from privacy.files import encrypted_file_read


def entry_list(*, user) -> QuerySet[Entry]:
    return Entry.objects.visible_to(user).select_related("competition", "nomination", "organisation")


def entry_rows(*, user) -> list[dict]:
    """The entries ``user`` reads for a list: each with its organisation, None where judging is blind."""
    rows = []
    for entry in entry_list(user=user):
        blind = entry.competition.blind and not sees_everything(user=user, entry=entry)
        rows.append({"entry": entry, "organisation": None if blind else entry.organisation})
    return rows


def entry_get(*, user, pk: int) -> Entry:
    """An entry ``user`` reads, or 404."""
    return get_object_or_404(entry_list(user=user), pk=pk)


def nominations_awaiting_entry(*, user) -> QuerySet[Nominee]:
    """The nominations of the organisations where ``user`` writes entries that have no entry yet and
    whose deadline has not passed."""
    writers = member_organisations_with_perm(user, "awards.add_entry")
    return (
        Nominee.objects.visible_to(user)
        .filter(
            organisation_id__in=writers,
            entry__isnull=True,
            nomination__competition__submission_deadline__gt=timezone.now(),
        )
        .select_related("organisation", "nomination", "nomination__competition")
        .order_by("nomination__competition__submission_deadline", "nomination__order", "pk")
    )


def entry_files(*, user, entry: Entry) -> QuerySet[EntryFile]:
    return EntryFile.objects.visible_to(user).filter(entry=entry).select_related("uploaded_by")


def entryfile_content(*, user, pk: int) -> tuple[EntryFile, bytes]:
    """A presentation file in the user's scope and its decrypted bytes; EntryFile.DoesNotExist otherwise."""
    entry_file = EntryFile.objects.visible_to(user).select_related("entry").get(pk=pk)
    return entry_file, encrypted_file_read(model=EntryFile, name=entry_file.storage_name)


def sees_everything(*, user, entry: Entry) -> bool:
    """The entry's own organisation and the competition's organisers see names, partners and every figure."""
    return entry.organisation_id in member_organisations_with_perm(
        user, VIEW_ENTRY
    ) or entry.competition.organisation_id in organiser_ids(user)


def entry_shown(*, user, entry: Entry) -> dict:
    """What ``user`` (who reads ``entry``) is shown of it. Blind (``competition.blind``) for anyone but the
    entry's own organisation and the organisers: ``organisation`` and ``partners`` are None and identifying
    figures are left out; the code stands for the organisation."""
    blind = entry.competition.blind and not sees_everything(user=user, entry=entry)
    return {
        "entry": entry,
        "id": entry.pk,
        "code": entry.code,
        "blind": blind,
        "competition": entry.competition,
        "nomination": entry.nomination,
        "organisation": None if blind else entry.organisation,
        "partners": None if blind else list(entry.partners.all()),
        "title": entry.title,
        "summary": entry.summary,
        "figures": award_figures.figures_shown(entry.figures, hide_identifying=blind),
        "figures_from": entry.figures_from,
        "figures_to": entry.figures_to,
        "figures_drawn_at": entry.figures_drawn_at,
        "figures_frozen_at": entry.figures_frozen_at,
        "submitted_at": entry.submitted_at,
    }
