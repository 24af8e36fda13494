"""Reads of the audit trail: audit entries, the access log and the change history of every tenant model.

Everything starts from ``visible_to(user)``: an NGO manager reads their organisation's trail, a
system administrator everybody's."""

from __future__ import annotations

import heapq
import itertools
from dataclasses import dataclass, field as dataclass_field
from datetime import date, datetime
from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q, QuerySet
from django.utils import formats, timezone
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from simple_history.models import registered_models

from audit.models import AccessLogEntry, AuditEntry

HISTORY_TYPES = {"+": _("created"), "~": _("changed"), "-": _("deleted")}


def audit_entry_list(*, user) -> QuerySet[AuditEntry]:
    return AuditEntry.objects.visible_to(user).select_related("actor", "organisation")


def access_log_list(*, user) -> QuerySet[AccessLogEntry]:
    return AccessLogEntry.objects.visible_to(user).select_related("actor", "organisation")


def auditable_users(*, queryset: QuerySet, user_field: str) -> QuerySet:
    """The users who appear in ``queryset`` (already scoped), for the 'user' filter's choices."""
    return get_user_model().objects.filter(pk__in=queryset.values(user_field)).order_by("username")


# Change history -------------------------------------------------------------------------------------


def tracked_models() -> list[type[models.Model]]:
    """Models whose change history is tenant data: registered with simple-history, with a history
    queryset that has ``visible_to`` (``TenantHistoricalQuerySet``) and an ``organisation`` field."""
    found = []
    for model in registered_models.values():
        manager_name = getattr(model._meta, "simple_history_manager_attribute", None)
        if manager_name is None:
            continue
        manager = getattr(model, manager_name)
        field_names = {field.name for field in manager.model._meta.get_fields()}
        if hasattr(manager, "visible_to") and "organisation" in field_names:
            found.append(model)
    return sorted(found, key=lambda model: model._meta.label_lower)


def tracked_model_choices() -> list[tuple[str, str]]:
    return [(model._meta.label_lower, capfirst(str(model._meta.verbose_name))) for model in tracked_models()]


def history_queryset(*, user, model: type[models.Model]) -> QuerySet:
    manager = getattr(model, model._meta.simple_history_manager_attribute)
    return manager.visible_to(user).select_related("history_user").order_by("-history_date", "-history_id")


@dataclass
class FieldChange:
    label: str
    before: str = ""
    after: str = ""
    hidden: bool = False  # encrypted personal data: shown as "changed", never its values


@dataclass
class HistoryRow:
    record: Any
    model: type[models.Model]
    changes: list[FieldChange] = dataclass_field(default_factory=list)

    @property
    def record_type(self) -> str:
        return capfirst(str(self.model._meta.verbose_name))

    @property
    def object_id(self):
        return getattr(self.record, self.model._meta.pk.attname)

    @property
    def date(self) -> datetime:
        return self.record.history_date

    @property
    def user(self):
        return self.record.history_user

    @property
    def action(self) -> str:
        return str(HISTORY_TYPES.get(self.record.history_type, self.record.history_type))

    @property
    def organisation_id(self):
        return self.record.organisation_id


def _display(model_field, value) -> str:
    if value is None or value == "" or value == []:
        return "—"
    if isinstance(value, bool):
        return str(_("yes") if value else _("no"))
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    if isinstance(value, list):
        # A JSON list of choice codes names its labels in ``item_choices`` (tenancy.fields.choice_list).
        item_choices = getattr(model_field, "item_choices", None) or ()
        labels = dict(item_choices() if callable(item_choices) else item_choices)
        return ", ".join(str(labels.get(item, item)) for item in value)
    # Dates, times and numbers as the reader's language writes them, times in the configured time zone.
    if isinstance(value, datetime):
        return formats.date_format(timezone.localtime(value), "SHORT_DATETIME_FORMAT")
    if isinstance(value, date):
        return formats.date_format(value, "SHORT_DATE_FORMAT")
    return str(formats.localize(value))


def _pairs(record, previous) -> list[tuple[str, Any, Any]]:
    """(field name, before, after) of what ``record`` changed against ``previous`` (None: created)."""
    if record.history_type == "-":
        return []
    if previous is None:
        pairs = [
            (f.name, None, getattr(record, f.attname))
            for f in record.tracked_fields
            # The primary key is the record number the row already shows.
            if f.editable and not f.primary_key and getattr(record, f.attname) not in (None, "", [])
        ]
    else:
        delta = record.diff_against(previous)
        pairs = [(change.field, change.old, change.new) for change in delta.changes]
    return pairs


def _names_of_related(*, user, changes: list[tuple[type[models.Model], list]]) -> dict[tuple[type, Any], str]:
    """The names of the users, organisations, cases … that changed foreign keys point to, one query per
    related model. Rows of a tenant model are named only when they are in the reader's scope
    (``visible_to``); others keep their number."""
    wanted: dict[type[models.Model], set] = {}
    for model, pairs in changes:
        for name, before, after in pairs:
            model_field = model._meta.get_field(name)
            related = model_field.related_model if model_field.many_to_one else None
            if related is None:
                continue
            wanted.setdefault(related, set()).update(v for v in (before, after) if v is not None)
    names = {}
    for related, ids in wanted.items():
        rows = related._default_manager
        if any(f.name == "organisation" for f in related._meta.fields):
            if not hasattr(rows, "visible_to"):
                continue
            rows = rows.visible_to(user)
        for row in rows.filter(pk__in=ids):
            names[(related, row.pk)] = str(row)
    return names


def _changes(model: type[models.Model], pairs: list, names: dict) -> list[FieldChange]:
    changes = []
    for name, before, after in pairs:
        model_field = model._meta.get_field(name)
        label = capfirst(str(model_field.verbose_name))  # "ISIC" stays upper case
        # privacy's encrypted fields say so themselves (audit stands below privacy and cannot import it).
        if getattr(model_field, "personal_data", False):
            changes.append(FieldChange(label=label, hidden=True))
            continue
        if model_field.many_to_one:
            related = model_field.related_model
            before, after = names.get((related, before), before), names.get((related, after), after)
        changes.append(
            FieldChange(label=label, before=_display(model_field, before), after=_display(model_field, after))
        )
    return changes


def _with_changes(*, user, records: list[tuple[type[models.Model], Any]]) -> list[HistoryRow]:
    """Rows with their field changes; one query per model for the previous versions (no query per row)."""
    previous: dict[tuple[type[models.Model], Any], Any] = {}
    by_model: dict[type[models.Model], list] = {}
    for model, record in records:
        by_model.setdefault(model, []).append(record)
    for model, model_records in by_model.items():
        pk_name = model._meta.pk.attname
        object_ids = {getattr(record, pk_name) for record in model_records}
        latest = max(record.history_date for record in model_records)
        versions = list(
            history_queryset(user=user, model=model)
            .filter(**{f"{pk_name}__in": object_ids}, history_date__lte=latest)
            .order_by(pk_name, "history_date", "history_id")
        )
        for earlier, later in itertools.pairwise(versions):
            if getattr(earlier, pk_name) == getattr(later, pk_name):
                previous[(model, later.history_id)] = earlier
    pairs = [(model, _pairs(record, previous.get((model, record.history_id)))) for model, record in records]
    names = _names_of_related(user=user, changes=pairs)
    return [
        HistoryRow(record=record, model=model, changes=_changes(model, changed, names))
        for (model, record), (_model, changed) in zip(records, pairs, strict=True)
    ]


class HistoryList:
    """Change records of several models, newest first, that a ``Paginator`` can page through.

    A page fetches at most ``offset + page size`` rows of each model and merges them."""

    def __init__(self, *, user, querysets: dict[type[models.Model], QuerySet]):
        self.user = user
        self.querysets = querysets
        self._count: int | None = None

    def count(self) -> int:
        if self._count is None:
            self._count = sum(queryset.count() for queryset in self.querysets.values())
        return self._count

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, index):
        if not isinstance(index, slice):
            return self[index : index + 1][0]
        start, stop = index.start or 0, index.stop if index.stop is not None else self.count()
        streams = [
            [(record.history_date, record.history_id, model, record) for record in queryset[:stop]]
            for model, queryset in self.querysets.items()
        ]
        merged = heapq.merge(*streams, key=lambda item: (item[0], item[1]), reverse=True)
        chosen = [(model, record) for _, _, model, record in list(merged)[start:stop]]
        return _with_changes(user=self.user, records=chosen)


def history_list(
    *,
    user,
    record_type: str = "",
    record_id: str = "",
    by=None,
    action: str = "",
    date_from=None,
    date_to=None,
) -> HistoryList:
    """Change records of every tenant model the user may audit, filtered; page it with ``Paginator``."""
    querysets = {}
    for model in tracked_models():
        if record_type and model._meta.label_lower != record_type:
            continue
        queryset = history_queryset(user=user, model=model)
        if record_id:
            try:
                queryset = queryset.filter(**{model._meta.pk.attname: model._meta.pk.to_python(record_id)})
            except ValidationError:  # an id of another type (a UUID for an integer key…) matches nothing
                queryset = queryset.none()
        if by is not None:
            queryset = queryset.filter(history_user_id=by.pk)
        if action:
            queryset = queryset.filter(history_type=action)
        if date_from:
            queryset = queryset.filter(history_date__date__gte=date_from)
        if date_to:
            queryset = queryset.filter(history_date__date__lte=date_to)
        querysets[model] = queryset
    return HistoryList(user=user, querysets=querysets)


def history_users(*, user) -> QuerySet:
    """The users who made a change the user may audit, for the 'user' filter's choices."""
    condition = Q(pk__in=[])
    for model in tracked_models():
        condition |= Q(pk__in=history_queryset(user=user, model=model).values("history_user_id"))
    return get_user_model().objects.filter(condition).order_by("username")


def history_for_object(*, user, obj: models.Model) -> list[HistoryRow]:
    """The change list of one record, newest first (empty when the user may not audit it).

    Each row has who, when, what happened and the field changes; encrypted personal data is
    marked ``hidden`` without values."""
    model = obj._meta.concrete_model
    if model not in tracked_models():
        return []
    queryset = history_queryset(user=user, model=model).filter(**{model._meta.pk.attname: obj.pk})
    return _with_changes(user=user, records=[(model, record) for record in queryset])
