from django.db import models

from audit.models import AccessLogEntry, AuditEntry


def _object_type(obj: models.Model) -> str:
    return f"{obj._meta.app_label}.{obj._meta.model_name}"


def audit_record(
    *, by, action: str, obj: models.Model | None = None, organisation=None, details: dict | None = None
) -> AuditEntry:
    """Record that ``by`` did ``action`` (to ``obj``). ``details`` must hold no personal data."""
    if organisation is None and obj is not None:
        organisation = getattr(obj, "organisation", None)
    return AuditEntry.objects.create(
        organisation=organisation,
        actor=by if getattr(by, "is_authenticated", False) else None,
        action=action,
        object_type=_object_type(obj) if obj is not None else "",
        object_id=str(obj.pk) if obj is not None else "",
        details=details or {},
    )


def access_log_record(
    *, by, obj: models.Model, purpose: str, label: str = "", request=None
) -> AccessLogEntry:
    """Record one read of personal data held in ``obj`` (which carries ``organisation_id``).

    ``label`` is a pseudonym such as the case code, never a name."""
    return AccessLogEntry.objects.create(
        organisation_id=obj.organisation_id,
        actor=by,
        object_type=_object_type(obj),
        object_id=str(obj.pk),
        object_label=label,
        purpose=purpose,
        ip_address=request.META.get("REMOTE_ADDR") if request is not None else None,
    )


def access_log_record_list(
    *, by, organisation_id: int, object_type: str, labels: list[str], purpose: str, request=None
) -> AccessLogEntry:
    """Record one list page that showed personal data of several records of one organisation:
    ``labels`` are their pseudonyms (case codes), never names."""
    return AccessLogEntry.objects.create(
        organisation_id=organisation_id,
        actor=by,
        object_type=object_type,
        object_id="list",
        object_label=f"{labels[0]} +{len(labels) - 1}" if len(labels) > 1 else (labels[0] if labels else ""),
        object_labels=labels,
        purpose=purpose,
        ip_address=request.META.get("REMOTE_ADDR") if request is not None else None,
    )
