"""Re-encrypt every encrypted value, and every encrypted attachment, under the current key.

How to change the data key:

1. ``python manage.py generate_key`` prints a new ``kid:base64key`` line.
2. Put it FIRST in ``AMANAT_KEYS`` (comma-separated) or in the key file (one line each), keep the
   older lines, and restart every process: new values are now encrypted under the new key.
3. ``python manage.py rotate_keys`` re-encrypts everything still under an older key id. It works in
   batches, each in its own transaction; an interrupted run simply resumes when started again,
   because it selects only values whose key id is not the current one. A second run changes nothing.
4. When ``rotate_keys --dry-run`` reports 0 everywhere, the old lines may be removed.

Which values: every field that is an ``EncryptedField`` (``cases.crypto``) on every installed model,
including the historical models of django-simple-history. Values are read raw (a ``Cast`` to text,
so nothing is decrypted to select them) and written back with a conditional update (only if the
value is still the one read), so a concurrent edit is never overwritten.

Attachments — the contract for models with encrypted files: a model lists in
``encrypted_file_fields = ("storage_name",)`` its fields that name a stored file — a ``FileField``
(its own storage) or a ``CharField`` holding a name in ``default_storage``; the stored file's bytes
are ``encrypt_bytes(content, context=file_context(Model, stored_name))`` (``cases.crypto``), e.g.
``cases.attachment.cases/attachments/<uuid>.bin``. Files are rewritten under the same name
(atomically on local storage), so historical rows that name the same file stay valid. Files that
are not encrypted values (or missing) are left alone.

Output is counts per model and field, never a value.
"""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass

from django.apps import apps
from django.core.files.storage import default_storage
from django.core.management.base import BaseCommand, CommandError
from django.db import models, transaction
from django.db.models.functions import Cast, Substr

from cases.crypto import (
    PREFIX,
    DecryptionError,
    EncryptedField,
    decrypt_bytes,
    encrypt_bytes,
    field_context,
    file_context,
    key_id_of,
    keyring,
    reencrypt,
)

HEADER_BYTES = 80  # enough for "v1:<kid up to 64 characters>:"


@dataclass
class Tally:
    label: str
    pending: int = 0
    changed: int = 0
    failed: int = 0


class BatchLimitReached(Exception):
    pass


def encrypted_fields() -> list[tuple[type[models.Model], EncryptedField]]:
    """Every encrypted column: (model, field), each table once (no proxies, no inherited columns)."""
    found = []
    for model in apps.get_models(include_auto_created=True):
        if model._meta.proxy:
            continue
        found += [(model, f) for f in model._meta.local_concrete_fields if isinstance(f, EncryptedField)]
    return found


def encrypted_file_fields() -> list[tuple[type[models.Model], models.Field]]:
    found = []
    for model in apps.get_models():
        for name in getattr(model, "encrypted_file_fields", ()):
            found.append((model, model._meta.get_field(name)))
    return found


class Command(BaseCommand):
    help = (
        "Re-encrypt every encrypted field and attachment that is not under the current (first) data key. "
        "Safe to interrupt and to run again."
    )

    def add_arguments(self, parser):
        parser.add_argument("--batch-size", type=int, default=500, help="rows per transaction (default 500)")
        parser.add_argument("--dry-run", action="store_true", help="only count what would be re-encrypted")
        parser.add_argument(
            "--max-batches", type=int, default=None, help="stop after this many batches (resume later)"
        )
        parser.add_argument("--database", default="default", help="database alias (default 'default')")

    def handle(self, *args, batch_size, dry_run, max_batches, database, **options):
        if batch_size < 1:
            raise CommandError("--batch-size must be at least 1.")
        self.database = database
        self.batch_size = batch_size
        self.max_batches = max_batches
        self.batches = 0
        current = keyring().current_kid
        self.stdout.write(f"Current key id: {current}")
        tallies = []
        try:
            for model, field in encrypted_fields():
                tally = Tally(f"{model._meta.label_lower}.{field.name}")
                tallies.append(tally)
                self.rotate_field(model, field, current, tally, dry_run=dry_run)
                self.report(tally, dry_run=dry_run)
            for model, field in encrypted_file_fields():
                tally = Tally(f"{model._meta.label_lower}.{field.name} (files)")
                tallies.append(tally)
                self.rotate_files(model, field, current, tally, dry_run=dry_run)
                self.report(tally, dry_run=dry_run)
        except BatchLimitReached:
            self.report(tallies[-1], dry_run=dry_run)
            self.stdout.write(f"Stopped after {self.batches} batches; run rotate_keys again to continue.")
        if dry_run:
            self.stdout.write(f"Total to re-encrypt: {sum(t.pending for t in tallies)}")
        else:
            self.stdout.write(f"Total re-encrypted: {sum(t.changed for t in tallies)}")
        failed = sum(t.failed for t in tallies)
        if failed:
            raise CommandError(
                f"{failed} values could not be decrypted (unknown key id or damaged value); they were left "
                "as they are. Add the missing keys and run rotate_keys again."
            )

    def report(self, tally: Tally, *, dry_run: bool) -> None:
        if dry_run:
            self.stdout.write(f"{tally.label}: {tally.pending} to re-encrypt")
        else:
            failed = f", {tally.failed} failed" if tally.failed else ""
            self.stdout.write(f"{tally.label}: {tally.changed} re-encrypted{failed}")

    def start_batch(self) -> None:
        if self.max_batches is not None and self.batches >= self.max_batches:
            raise BatchLimitReached
        self.batches += 1

    def rotate_field(self, model, field: EncryptedField, current: str, tally: Tally, *, dry_run: bool):
        prefix = f"{PREFIX}:{current}:"
        raw = Cast(field.attname, output_field=models.TextField())
        # Every row of the table, whatever its organisation: this is maintenance of the whole database.
        stale = (
            model._base_manager.using(self.database)
            .filter(**{f"{field.attname}__isnull": False})
            .annotate(rotate_raw=raw, rotate_head=Substr(raw, 1, len(prefix)))
            .exclude(rotate_head=prefix)
            .order_by("pk")
        )
        if dry_run:
            tally.pending = stale.count()
            return
        context = field_context(model, field.name)
        last_pk = None
        while True:
            rows_left = stale if last_pk is None else stale.filter(pk__gt=last_pk)
            with transaction.atomic(using=self.database):
                rows = list(rows_left.values_list("pk", "rotate_raw")[: self.batch_size])
                if not rows:
                    return
                self.start_batch()
                for pk, token in rows:
                    try:
                        fresh = reencrypt(token, context=context)
                    except DecryptionError:
                        tally.failed += 1
                        continue
                    # One conditional update per row: a value edited since it was read is left alone
                    # (the edit already used the current key).
                    tally.changed += (
                        model._base_manager.using(self.database)
                        .filter(pk=pk)
                        .annotate(rotate_raw=raw)
                        .filter(rotate_raw=token)
                        .update(**{field.attname: models.Value(fresh, output_field=models.TextField())})
                    )
            if len(rows) < self.batch_size:
                return
            last_pk = rows[-1][0]

    def rotate_files(self, model, field: models.Field, current: str, tally: Tally, *, dry_run: bool):
        storage = field.storage if isinstance(field, models.FileField) else default_storage
        # Every attachment of every organisation: this is maintenance of the whole database.
        named = (
            model._base_manager.using(self.database)
            .exclude(**{field.attname: ""})
            .exclude(**{f"{field.attname}__isnull": True})
            .order_by("pk")
        )
        last_pk = None
        while True:
            rows_left = named if last_pk is None else named.filter(pk__gt=last_pk)
            rows = list(rows_left.values_list("pk", field.attname)[: self.batch_size])
            stale = [name for _pk, name in rows if self.file_key_id(storage, name) not in (current, None)]
            if dry_run:
                tally.pending += len(stale)
            elif stale:
                self.start_batch()
                for name in stale:
                    try:
                        self.rewrite_file(storage, name, file_context(model, name))
                    except DecryptionError:
                        tally.failed += 1
                    else:
                        tally.changed += 1
            if len(rows) < self.batch_size:
                return
            last_pk = rows[-1][0]

    @staticmethod
    def file_key_id(storage, name: str) -> str | None:
        if not storage.exists(name):
            return None
        with storage.open(name, "rb") as file:
            return key_id_of(file.read(HEADER_BYTES))

    @staticmethod
    def rewrite_file(storage, name: str, context: str) -> None:
        with storage.open(name, "rb") as file:
            fresh = encrypt_bytes(decrypt_bytes(file.read(), context=context), context=context)
        try:
            path = storage.path(name)
        except NotImplementedError:
            with storage.open(name, "wb") as file:
                file.write(fresh)
            return
        # Local files: write beside the old one and swap, so a crash never leaves half a file.
        descriptor, temporary = tempfile.mkstemp(dir=os.path.dirname(path), prefix=".rotating-")
        with os.fdopen(descriptor, "wb") as file:
            file.write(fresh)
        os.replace(temporary, path)
