"""Entries: written by a manager of the nominated organisation until the submission deadline, with
figures drawn live from the organisation's own data in Amanat; frozen at the deadline.

Every write checks its permission on the nominee or entry (PermissionDenied), refuses after the
deadline with the reason (ValidationError), and writes its audit entry (field names, never values).
``entries_freeze`` draws the figures one last time at the deadline and stamps ``figures_frozen_at``; it
claims each entry with a conditional update, so running it twice (the periodic task, the command, a
judge opening the entry) freezes each entry once."""

from __future__ import annotations

import hashlib
import string

from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _

from accounts.backends import require_perm
from audit.services import audit_record
from awards import figures as award_figures
from awards.models import Competition, Entry, EntryFile, Nomination, Nominee
from network.models import Organisation
from privacy.files import attachment_content_check, encrypted_file_save

ENTRY_FIELDS = ("title", "summary", "partners")


def _errors(errors: dict) -> None:
    if errors:
        raise ValidationError(
            {field: [ValidationError(message, code=code)] for field, (message, code) in errors.items()}
        )


def deadline_refusal(competition: Competition) -> str | None:
    """Why an entry of ``competition`` can no longer be changed (None while it can)."""
    if not competition.deadline_passed:
        return None
    when = formats.date_format(timezone.localtime(competition.submission_deadline), "DATETIME_FORMAT")
    return str(_("The submission deadline passed on %(when)s: the entry is frozen.") % {"when": when})


def _require_open(competition: Competition) -> None:
    refusal = deadline_refusal(competition)
    if refusal:
        raise ValidationError(refusal, code="deadline_passed")


def _clean(fields: dict, *, organisation_id: int) -> dict:
    unexpected = set(fields) - set(ENTRY_FIELDS)
    if unexpected:
        raise TypeError(f"unexpected fields: {sorted(unexpected)}")
    clean, errors = dict(fields), {}
    for name in ("title", "summary"):
        if name in clean:
            clean[name] = (clean[name] or "").strip()
            if not clean[name]:
                errors[name] = (_("This field is required."), "required")
    if "title" in clean and len(clean["title"]) > 200:
        errors["title"] = (_("Keep the title within 200 characters."), "max_length")
    if "partners" in clean:
        partners = list(dict.fromkeys(clean["partners"] or []))
        if any(not isinstance(partner, Organisation) for partner in partners):
            errors["partners"] = (_("Unknown organisation."), "unknown_organisation")
        # The nominated organisation is not its own partner.
        clean["partners"] = [p for p in partners if isinstance(p, Organisation) and p.pk != organisation_id]
    _errors(errors)
    return clean


def _nomination_letter(nomination: Nomination) -> str:
    # unscoped: the competition's own nominations, for the letter of this one (its place in their order).
    order = list(
        Nomination.unscoped.filter(competition_id=nomination.competition_id).values_list("pk", flat=True)
    )
    index = order.index(nomination.pk)
    letters = string.ascii_uppercase
    return letters[index] if index < len(letters) else f"{letters[index // 26 - 1]}{letters[index % 26]}"


def _next_code(nomination: Nomination) -> str:
    """The nomination's letter and the next number in it: "D-03". The caller holds the nomination's lock."""
    prefix = f"{_nomination_letter(nomination)}-"
    # unscoped: the codes already given in the competition, so that the new one is unique there.
    codes = Entry.unscoped.filter(
        competition_id=nomination.competition_id, code__startswith=prefix
    ).values_list("code", flat=True)
    numbers = [int(code[len(prefix) :]) for code in codes if code[len(prefix) :].isdigit()]
    return f"{prefix}{max(numbers, default=0) + 1:02d}"


def _draw(entry: Entry) -> list[str]:
    entry.figures, entry.figures_from, entry.figures_to = award_figures.figures_draw(entry=entry)
    entry.figures_drawn_at = timezone.now()
    return ["figures", "figures_from", "figures_to", "figures_drawn_at"]


@transaction.atomic
def entry_create(*, nominee: Nominee, by, title: str, summary: str, partners=()) -> Entry:
    """The nominee's entry, by a manager of the nominated organisation (``awards.add_entry``), with its
    code ("D-03": the nomination's letter and a number) and its figures drawn now. One per nominee."""
    require_perm(by, "awards.add_entry", nominee)
    # unscoped: lock the nomination, so that two entries written at once get different numbers.
    nomination = (
        Nomination.unscoped.select_for_update(of=("self",))
        .select_related("competition")
        .get(pk=nominee.nomination_id)
    )
    competition = nomination.competition
    _require_open(competition)
    # unscoped: whether the nominee (in the caller's scope) already has an entry, whoever wrote it.
    if Entry.unscoped.filter(nominee_id=nominee.pk).exists():
        raise ValidationError(
            {"nominee": ValidationError(_("This nomination already has an entry."), code="entry_exists")}
        )
    clean = _clean(
        {"title": title, "summary": summary, "partners": partners}, organisation_id=nominee.organisation_id
    )
    entry = Entry(
        organisation_id=nominee.organisation_id,
        nominee=nominee,
        competition=competition,
        nomination=nomination,
        code=_next_code(nomination),
        title=clean["title"],
        summary=clean["summary"],
        created_by=by,
    )
    _draw(entry)
    entry.save()
    entry.partners.set(clean["partners"])
    audit_record(by=by, action="entry.created", obj=entry, details={"entry": entry.pk, "code": entry.code})
    return entry


def _locked(entry: Entry, by, perm: str = "awards.change_entry") -> Entry:
    require_perm(by, perm, entry)
    # unscoped: lock the row the caller loaded through scope (its deadline read afresh with it).
    entry = (
        Entry.unscoped.select_for_update(of=("self",))
        .select_related("competition", "nomination")
        .get(pk=entry.pk)
    )
    _require_open(entry.competition)
    return entry


@transaction.atomic
def entry_update(*, entry: Entry, by, **fields) -> Entry:
    """Change the title, summary or partners (what is given) until the deadline."""
    entry = _locked(entry, by)
    clean = _clean(fields, organisation_id=entry.organisation_id)
    partners = clean.pop("partners", None)
    changed = [name for name, value in clean.items() if getattr(entry, name) != value]
    for name in changed:
        setattr(entry, name, clean[name])
    if changed:
        entry.save(update_fields=[*changed, "updated_at"])
    if partners is not None and set(entry.partners.values_list("pk", flat=True)) != {p.pk for p in partners}:
        entry.partners.set(partners)
        changed.append("partners")
    if changed:
        audit_record(by=by, action="entry.updated", obj=entry, details={"fields": sorted(changed)})
    return entry


@transaction.atomic
def entry_submit(*, entry: Entry, by) -> Entry:
    """Mark the entry ready for judging (its figures drawn again); it stays editable until the deadline."""
    entry = _locked(entry, by)
    updated = _draw(entry)
    entry.submitted_at = timezone.now()
    entry.save(update_fields=[*updated, "submitted_at", "updated_at"])
    audit_record(by=by, action="entry.submitted", obj=entry, details={"entry": entry.pk})
    return entry


@transaction.atomic
def entry_figures_refresh(*, entry: Entry, by) -> Entry:
    """Draw the live figures again (until the deadline)."""
    entry = _locked(entry, by)
    entry.save(update_fields=[*_draw(entry), "updated_at"])
    audit_record(by=by, action="entry.figures_drawn", obj=entry, details={"entry": entry.pk})
    return entry


@transaction.atomic
def entryfile_add(*, entry: Entry, by, title: str, content, file_name: str) -> EntryFile:
    """A presentation file stored encrypted, under the attachment rules (size limit and type read from
    the bytes: ValidationError on ``file``). Until the deadline."""
    entry = _locked(entry, by, "awards.add_entryfile")
    if hasattr(content, "read"):
        content = content.read()
    errors = {}
    title = (title or "").strip()
    if not title:
        errors["title"] = [ValidationError(_("This field is required."), code="required")]
    try:
        content_type = attachment_content_check(content)
    except ValidationError as error:
        errors.update(error.error_dict)
    if errors:
        raise ValidationError(errors)
    entry_file = EntryFile(
        organisation_id=entry.organisation_id,
        entry=entry,
        title=title[:200],
        file_name=(file_name or "")[-200:],
        content_type=content_type,
        size=len(content),
        sha256=hashlib.sha256(content).hexdigest(),
        uploaded_by=by,
    )
    entry_file.storage_name = encrypted_file_save(
        model=EntryFile, name=entry_file.storage_name, content=content
    )
    entry_file.save()
    audit_record(
        by=by, action="entryfile.added", obj=entry, details={"entryfile": entry_file.pk, "type": content_type}
    )
    return entry_file


@transaction.atomic
def entryfile_remove(*, entry_file: EntryFile, by) -> None:
    """Remove a presentation file (its stored ciphertext once the transaction commits). Until the
    deadline."""
    entry = _locked(entry_file.entry, by)
    storage_name = entry_file.storage_name
    # unscoped: delete the row the caller loaded through scope.
    EntryFile.unscoped.filter(pk=entry_file.pk).delete()
    transaction.on_commit(lambda: default_storage.delete(storage_name))
    audit_record(by=by, action="entryfile.removed", obj=entry, details={"entryfile": entry_file.pk})


def entry_freeze(*, entry: Entry) -> bool:
    """Freeze one entry whose deadline passed: draw its figures one last time and stamp
    ``figures_frozen_at``. False if it was frozen already (or its deadline has not passed)."""
    if entry.figures_frozen_at is not None or not entry.competition.deadline_passed:
        return False
    drawn, date_from, date_to = award_figures.figures_draw(entry=entry)
    now = timezone.now()
    with transaction.atomic():
        # unscoped: the claim of one entry (the conditional update makes a second freeze a no-op).
        claimed = Entry.unscoped.filter(pk=entry.pk, figures_frozen_at=None).update(
            figures=drawn,
            figures_from=date_from,
            figures_to=date_to,
            figures_drawn_at=now,
            figures_frozen_at=now,
        )
        if claimed:
            audit_record(
                by=None,
                action="entry.frozen",
                obj=entry,
                details={"entry": entry.pk, "figures": len(drawn)},
            )
    if claimed:
        entry.figures, entry.figures_from, entry.figures_to = drawn, date_from, date_to
        entry.figures_drawn_at = entry.figures_frozen_at = now
    else:
        entry.refresh_from_db(
            fields=["figures", "figures_from", "figures_to", "figures_drawn_at", "figures_frozen_at"]
        )
    return bool(claimed)


def entries_freeze(*, competition: Competition) -> int:
    """Freeze every entry of ``competition`` once its deadline passed; how many were frozen now."""
    if not competition.deadline_passed:
        return 0
    # unscoped: the freeze at the deadline runs for every entry of the competition (a task, a command).
    pending = Entry.unscoped.filter(competition=competition, figures_frozen_at=None).select_related(
        "competition", "nomination"
    )
    return sum(entry_freeze(entry=entry) for entry in pending)


def entries_freeze_due() -> int:
    """Freeze the entries of every competition whose deadline passed (the periodic task's work)."""
    # unscoped: the periodic freeze looks at every competition with an entry not frozen yet.
    competitions = Competition.unscoped.filter(
        submission_deadline__lte=timezone.now(),
        entries__isnull=False,
        entries__figures_frozen_at__isnull=True,
    ).distinct()
    return sum(entries_freeze(competition=competition) for competition in competitions)
