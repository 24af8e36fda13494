"""The one way personal data is read for a person to see: decrypted and written to the access log.

Every view or API operation that shows a record's personal data (a victim's identity, a downloaded
attachment, later a hotline caller's number) loads it through ``personal_data_read`` or
``personal_file_read``: the record is decrypted and one access-log entry (who, which record, what, from
where; never a value) is written in the same step, so a caller cannot show personal data and forget the
log. Scoping stays the caller's: pass a queryset that already starts from ``visible_to(user)``."""

from __future__ import annotations

from collections.abc import Callable

from django.db import models

from audit.services import access_log_record, access_log_record_list
from privacy.fields import encrypted_fields_of
from privacy.files import encrypted_file_read

Label = str | Callable[[models.Model], str]


def _label(label: Label, record: models.Model) -> str:
    return label(record) if callable(label) else label


def personal_data_read(
    queryset: models.QuerySet, *, by, purpose: str, label: Label = "", request=None, **lookup
) -> models.Model:
    """The one record of ``queryset`` matching ``lookup``, every loaded encrypted field decrypted, and
    the read in the access log. ``label`` (or a function of the record) is a pseudonym such as the case
    code, never a name. ``DoesNotExist`` outside the queryset (nothing logged); ``RecordBindingError``
    if a value does not belong to the record (nothing logged, nothing shown)."""
    record = queryset.get(**lookup)
    deferred = record.get_deferred_fields()
    for field in encrypted_fields_of(type(record)):
        if field.attname not in deferred:
            getattr(record, field.attname)
    access_log_record(by=by, obj=record, purpose=purpose, label=_label(label, record), request=request)
    return record


def personal_data_list(
    queryset: models.QuerySet, *, by, purpose: str, label: Label, request=None
) -> list[models.Model]:
    """Every record of ``queryset`` with its loaded encrypted fields decrypted, for a list page, and
    one access-log entry per owning organisation naming the records shown (``label`` of each, a
    pseudonym). Nothing is logged when the list is empty."""
    records = list(queryset)
    by_organisation: dict[int, list[str]] = {}
    for record in records:
        deferred = record.get_deferred_fields()
        for field in encrypted_fields_of(type(record)):
            if field.attname not in deferred:
                getattr(record, field.attname)
        by_organisation.setdefault(record.organisation_id, []).append(_label(label, record))
    object_type = f"{queryset.model._meta.app_label}.{queryset.model._meta.model_name}"
    for organisation_id, labels in by_organisation.items():
        access_log_record_list(
            by=by,
            organisation_id=organisation_id,
            object_type=object_type,
            labels=labels,
            purpose=purpose,
            request=request,
        )
    return records


def personal_file_read(
    record: models.Model, *, by, field_name: str, purpose: str, label: Label = "", request=None
) -> bytes:
    """The decrypted content of the encrypted file that ``record.<field_name>`` names, and the read in
    the access log. The caller has scoped ``record``."""
    field = record._meta.get_field(field_name)
    storage = field.storage if isinstance(field, models.FileField) else None
    name = str(getattr(record, field.attname))
    content = encrypted_file_read(model=type(record), name=name, storage=storage)
    access_log_record(by=by, obj=record, purpose=purpose, label=_label(label, record), request=request)
    return content
