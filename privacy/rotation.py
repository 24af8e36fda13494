"""Batched rewrites of stored encrypted values, shared by ``rotate_keys`` and the data migrations.

Values are read raw (a ``Cast`` to text, so nothing is decrypted to select them) together with the
row's record key, and written back with a conditional update (only if the value is still the one
read), so a concurrent edit is never overwritten. Each batch is its own transaction; an interrupted
run resumes by being started again, because only values not yet in the wanted form are selected.
Counts only, never a value."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass

from django.apps import apps as global_apps
from django.db import models, transaction
from django.db.models.functions import Cast, Substr

from privacy.crypto import (
    V1,
    V2,
    DecryptionError,
    decrypt_text,
    encrypt_text,
    field_context,
    keyring,
    legacy_field_context,
    version_of,
)
from privacy.fields import RECORD_KEY, EncryptedField, encrypted_fields_of

HEADER_LENGTH = 80  # enough for "v2:<kid up to 64 characters>:"


@dataclass
class Tally:
    label: str
    pending: int = 0
    changed: int = 0
    failed: int = 0


class BatchLimitReached(Exception):
    pass


def encrypted_fields(apps=global_apps) -> list[tuple[type[models.Model], EncryptedField]]:
    """Every encrypted column: (model, field), each table once (no proxies, no inherited columns),
    history tables of django-simple-history included."""
    found = []
    for model in apps.get_models(include_auto_created=True):
        if not model._meta.proxy:
            found += [(model, field) for field in encrypted_fields_of(model)]
    return found


def bound_token(plain: str, model, field_name: str, record_key) -> str:
    key = record_key if isinstance(record_key, uuid.UUID) else uuid.UUID(str(record_key))
    return encrypt_text(plain, context=field_context(model, field_name, key), version=V2)


def open_token(token: str, model, field_name: str, record_key) -> str:
    """The serialised plain text of a stored value, ``v1`` (unbound) or ``v2`` (bound to the record)."""
    if version_of(token) == V1:
        return decrypt_text(token, context=legacy_field_context(model, field_name))
    if record_key is None:
        raise DecryptionError("the record has no record key")
    key = record_key if isinstance(record_key, uuid.UUID) else uuid.UUID(str(record_key))
    return decrypt_text(token, context=field_context(model, field_name, key))


def rewrite_column(
    model,
    field: models.Field,
    transform: Callable[[str, object], str | None],
    *,
    tally: Tally,
    stale: Callable[[models.QuerySet, models.Expression], models.QuerySet] = lambda rows, raw: rows,
    using: str = "default",
    batch_size: int = 500,
    dry_run: bool = False,
    start_batch: Callable[[], None] = lambda: None,
) -> None:
    """Replace each stored value of ``field`` selected by ``stale`` with ``transform(raw, record_key)``
    (None stores NULL); a value ``transform`` cannot decrypt is counted as failed and left alone."""
    raw = Cast(field.attname, output_field=models.TextField())
    # unscoped: every row of the table, whatever its organisation; maintenance of the whole database.
    rows = model._base_manager.using(using).filter(**{f"{field.attname}__isnull": False})
    rows = stale(rows.annotate(rewrite_raw=raw), raw).order_by("pk")
    if dry_run:
        tally.pending += rows.count()
        return
    has_record_key = any(f.name == RECORD_KEY for f in model._meta.concrete_fields)
    columns = ["pk", "rewrite_raw", RECORD_KEY] if has_record_key else ["pk", "rewrite_raw"]
    last_pk = None
    while True:
        rows_left = rows if last_pk is None else rows.filter(pk__gt=last_pk)
        with transaction.atomic(using=using):
            batch = list(rows_left.values_list(*columns)[:batch_size])
            if not batch:
                return
            start_batch()
            for pk, token, *record_key in batch:
                try:
                    fresh = transform(token, record_key[0] if record_key else None)
                except DecryptionError:
                    tally.failed += 1
                    continue
                value = models.Value(fresh, output_field=models.TextField())
                tally.changed += (
                    model._base_manager.using(using)
                    .filter(pk=pk)
                    .annotate(rewrite_raw=raw)
                    .filter(rewrite_raw=token)
                    .update(**{field.attname: value})
                )
        if len(batch) < batch_size:
            return
        last_pk = batch[-1][0]


def not_bound_under(kid: str) -> Callable[[models.QuerySet, models.Expression], models.QuerySet]:
    """Values that are not ``v2`` under ``kid``: old keys, and the unbound ``v1`` format."""
    prefix = f"{V2}:{kid}:"

    def select(rows, raw):
        return rows.annotate(rewrite_head=Substr(raw, 1, len(prefix))).exclude(rewrite_head=prefix)

    return select


def field_rebind(model, field: EncryptedField, *, tally: Tally, **options) -> None:
    """Re-encrypt every value not yet ``v2`` under the current key: bound to its record, current key."""

    def transform(token, record_key):
        return bound_token(open_token(token, model, field.name, record_key), model, field.name, record_key)

    rewrite_column(
        model, field, transform, tally=tally, stale=not_bound_under(keyring().current_kid), **options
    )


def field_encrypt_clear(model, field: models.Field, *, tally: Tally, **options) -> None:
    """Encrypt the clear values of a column that has just become encrypted ("" becomes NULL)."""

    def transform(text, record_key):
        return bound_token(text, model, field.name, record_key) if text else None

    rewrite_column(model, field, transform, tally=tally, **options)


def field_decrypt_to_clear(model, field: models.Field, *, tally: Tally, **options) -> None:
    """The reverse of ``field_encrypt_clear`` (a migration run backwards): clear text, "" for NULL."""

    def transform(token, record_key):
        return open_token(token, model, field.name, record_key)

    rewrite_column(model, field, transform, tally=tally, **options)
    if not options.get("dry_run"):
        empty = models.Value("", output_field=models.TextField())
        using = options.get("using", "default")
        model._base_manager.using(using).filter(**{f"{field.attname}__isnull": True}).update(
            **{field.attname: empty}
        )


def field_unbind(model, field: EncryptedField, *, tally: Tally, **options) -> None:
    """The reverse of record binding (a migration run backwards): ``v2`` values back to ``v1``."""

    def select(rows, raw):
        return rows.annotate(rewrite_head=Substr(raw, 1, 3)).filter(rewrite_head=f"{V2}:")

    def transform(token, record_key):
        plain = open_token(token, model, field.name, record_key)
        return encrypt_text(plain, context=legacy_field_context(model, field.name), version=V1)

    rewrite_column(model, field, transform, tally=tally, stale=select, **options)
