"""National consultations and the nominees they put forward.

The coordinator of a country (``awards.run_consultation`` in their office) records the one consultation
of that country for a published competition held there, and puts forward nominees: organisations of the
country, each in a nomination of the competition. Both close with the national consultations
(``consultations_close_on``). Refusals are ValidationErrors under the field at fault; a missing permission
is PermissionDenied; every change writes its audit entry."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _

from accounts.backends import require_perm
from audit.services import audit_record
from awards.models import Competition, Consultation, Entry, Nomination, Nominee
from network.countries import country_name
from network.models import Organisation

RUN = "awards.run_consultation"
ADD_NOMINEE = "awards.add_nominee"
CONSULTATION_FIELDS = ("held_on", "place", "participants", "other_participants", "notes")


def consultations_open(competition: Competition) -> bool:
    """Whether nominees may still be put forward (until the end of ``consultations_close_on``)."""
    return competition.published_at is not None and timezone.localdate() <= competition.consultations_close_on


def _refuse_if_closed(competition: Competition) -> None:
    if competition.published_at is None:
        raise ValidationError(
            {
                "competition": ValidationError(
                    _("The call of this competition is not published yet."), code="draft"
                )
            }
        )
    if timezone.localdate() > competition.consultations_close_on:
        raise ValidationError(
            {
                "competition": ValidationError(
                    _("National consultations closed on %(date)s.")
                    % {"date": formats.date_format(competition.consultations_close_on)},
                    code="closed",
                )
            }
        )


def _clean(fields: dict, *, country: str, competition: Competition, errors: dict) -> dict:
    unexpected = set(fields) - set(CONSULTATION_FIELDS)
    if unexpected:
        raise TypeError(f"unexpected fields: {sorted(unexpected)}")
    clean = dict(fields)

    def add(field, message, code):
        errors.setdefault(field, []).append(ValidationError(message, code=code))

    for name in ("place", "other_participants", "notes"):
        if name in clean:
            clean[name] = (clean[name] or "").strip()
    if "held_on" in clean:
        held_on = clean["held_on"]
        if not isinstance(held_on, datetime.date):
            add("held_on", _("This field is required."), "required")
        elif held_on > competition.consultations_close_on:
            add(
                "held_on",
                _("National consultations close on %(date)s.")
                % {"date": formats.date_format(competition.consultations_close_on)},
                "after_close",
            )
    if "participants" in clean:
        participants = list(dict.fromkeys(clean["participants"] or []))
        foreign = [p for p in participants if not isinstance(p, Organisation) or p.country != country]
        if foreign:
            add(
                "participants",
                _("Not an organisation of %(country)s: %(organisations)s.")
                % {"country": country_name(country), "organisations": ", ".join(map(str, foreign))},
                "foreign",
            )
        clean["participants"] = participants
    return clean


@transaction.atomic
def consultation_create(
    *, competition: Competition, by, organisation: Organisation, country: str | None = None, **fields
) -> Consultation:
    """The national consultation of ``organisation``'s country (``by`` runs consultations there): one per
    competition and country, in a country of the competition, until consultations close."""
    require_perm(by, RUN, organisation)
    _refuse_if_closed(competition)
    country = country or organisation.country
    errors: dict[str, list] = {}
    if country != organisation.country:
        errors["country"] = [
            ValidationError(
                _("Your office runs the national consultation of %(country)s only.")
                % {"country": country_name(organisation.country)},
                code="other_country",
            )
        ]
    elif country not in competition.countries:
        errors["country"] = [
            ValidationError(
                _("This competition is not held in %(country)s.") % {"country": country_name(country)},
                code="not_in_competition",
            )
        ]
    # unscoped: one consultation per competition and country, whoever recorded the existing one.
    elif Consultation.unscoped.filter(competition=competition, country=country).exists():
        errors["country"] = [
            ValidationError(
                _("The national consultation of %(country)s is already recorded for this competition.")
                % {"country": country_name(country)},
                code="duplicate",
            )
        ]
    fields.setdefault("held_on", None)
    clean = _clean(fields, country=country, competition=competition, errors=errors)
    if errors:
        raise ValidationError(errors)
    participants = clean.pop("participants", [])
    consultation = Consultation.objects.create(
        organisation=organisation, competition=competition, country=country, created_by=by, **clean
    )
    consultation.participants.set(participants)
    audit_record(
        by=by,
        action="consultation.created",
        obj=consultation,
        details={"competition": competition.pk, "country": country},
    )
    return consultation


@transaction.atomic
def consultation_update(*, consultation: Consultation, by, **fields) -> Consultation:
    """Change the record of a consultation until consultations close."""
    require_perm(by, RUN, consultation)
    # unscoped: lock the row the caller loaded through scope.
    consultation = Consultation.unscoped.select_for_update().get(pk=consultation.pk)
    _refuse_if_closed(consultation.competition)
    errors: dict[str, list] = {}
    clean = _clean(fields, country=consultation.country, competition=consultation.competition, errors=errors)
    if errors:
        raise ValidationError(errors)
    changed = []
    if "participants" in clean:
        participants = clean.pop("participants")
        if set(consultation.participants.values_list("pk", flat=True)) != {p.pk for p in participants}:
            consultation.participants.set(participants)
            changed.append("participants")
    fields_changed = [name for name, value in clean.items() if getattr(consultation, name) != value]
    for name in fields_changed:
        setattr(consultation, name, clean[name])
    if fields_changed:
        consultation.save(update_fields=fields_changed)
    changed += fields_changed
    if changed:
        audit_record(
            by=by, action="consultation.updated", obj=consultation, details={"fields": sorted(changed)}
        )
    return consultation


@transaction.atomic
def nominee_add(
    *, consultation: Consultation, by, organisation: Organisation, nomination: Nomination, notes: str = ""
) -> Nominee:
    """Put ``organisation`` forward in ``nomination``: an organisation of the consultation's country (not
    the coordinator's office), in a nomination of the same competition, once, until consultations close."""
    require_perm(by, ADD_NOMINEE, consultation)
    competition = consultation.competition
    _refuse_if_closed(competition)
    errors: dict[str, list] = {}
    if not isinstance(organisation, Organisation) or not organisation.is_active:
        errors["organisation"] = [ValidationError(_("Unknown organisation."), code="unknown")]
    elif organisation.pk == consultation.organisation_id:
        errors["organisation"] = [
            ValidationError(_("The office running the consultation cannot nominate itself."), code="self")
        ]
    elif organisation.country != consultation.country:
        errors["organisation"] = [
            ValidationError(
                _("Not an organisation of %(country)s.") % {"country": country_name(consultation.country)},
                code="foreign",
            )
        ]
    if not isinstance(nomination, Nomination) or nomination.competition_id != competition.pk:
        errors["nomination"] = [ValidationError(_("Not a nomination of this competition."), code="foreign")]
    if not errors and (
        # unscoped: a nominee is put forward once, whoever may read the existing one.
        Nominee.unscoped.filter(
            consultation=consultation, nomination=nomination, organisation=organisation
        ).exists()
    ):
        errors["organisation"] = [
            ValidationError(
                _("%(organisation)s is already put forward in this nomination.")
                % {"organisation": organisation},
                code="duplicate",
            )
        ]
    if errors:
        raise ValidationError(errors)
    nominee = Nominee.objects.create(
        organisation=organisation,
        consultation=consultation,
        nomination=nomination,
        notes=(notes or "").strip(),
        put_forward_by=by,
    )
    audit_record(
        by=by,
        action="nominee.added",
        obj=nominee,
        details={"consultation": consultation.pk, "nomination": nomination.pk},
    )
    return nominee


@transaction.atomic
def nominee_withdraw(*, nominee: Nominee, by) -> None:
    """Withdraw a nominee the consultation put forward, while its organisation has written no entry."""
    require_perm(by, ADD_NOMINEE, nominee.consultation)
    # unscoped: an entry of the nominee forbids the withdrawal, whoever may read the entry.
    if Entry.unscoped.filter(nominee=nominee).exists():
        raise ValidationError(
            {
                "nominee": ValidationError(
                    _("%(organisation)s has already written its entry: the nomination cannot be withdrawn.")
                    % {"organisation": nominee.organisation},
                    code="has_entry",
                )
            }
        )
    audit_record(
        by=by,
        action="nominee.withdrawn",
        obj=nominee.consultation,
        details={
            "nominee": nominee.pk,
            "organisation": nominee.organisation_id,
            "nomination": nominee.nomination_id,
        },
    )
    # unscoped: delete the row the caller loaded through scope.
    Nominee.unscoped.filter(pk=nominee.pk).delete()
