"""Re-encrypt every encrypted value, and every encrypted attachment, under the current key.

How to change the data key:

1. ``python manage.py generate_key`` prints a new ``kid:base64key`` line.
2. Put it FIRST in ``AMANAT_KEYS`` (comma-separated) or in the key file (one line each), keep the
   older lines, and restart every process: new values are now encrypted under the new key.
3. ``python manage.py rotate_keys`` re-encrypts everything still under an older key id, and every
   field value still in the ``v1`` format (written before values were bound to their record, e.g. by
   a process of the previous version during an upgrade) into ``v2``, bound to its record. It works in
   batches, each in its own transaction; an interrupted run simply resumes when started again,
   because it selects only values that are not ``v2`` under the current key id. A second run changes
   nothing.
4. When ``rotate_keys --dry-run`` reports 0 everywhere, the old lines may be removed.

Which values: every field that is an ``EncryptedField`` (``privacy.fields``) on every installed model,
including the historical models of django-simple-history (their rows carry the record key of their
original row). Values are read raw (a ``Cast`` to text, so nothing is decrypted to select them) and
written back with a conditional update (only if the value is still the one read), so a concurrent
edit is never overwritten (``privacy.rotation``).

Attachments: the files of models that list ``encrypted_file_fields`` (``privacy.files``), e.g.
``cases.attachment.cases/attachments/<uuid>.bin``. Files are rewritten under the same name
(atomically on local storage), so historical rows that name the same file stay valid. Files that
are not encrypted values (or missing) are left alone.

Output is counts per model and field, never a value.
"""

from __future__ import annotations

import os
import tempfile

from django.core.files.storage import default_storage
from django.core.management.base import BaseCommand, CommandError
from django.db import models

from privacy.crypto import DecryptionError, decrypt_bytes, encrypt_bytes, file_context, key_id_of, keyring
from privacy.files import encrypted_file_fields
from privacy.rotation import HEADER_LENGTH, BatchLimitReached, Tally, encrypted_fields, field_rebind


class Command(BaseCommand):
    help = (
        "Re-encrypt every encrypted field and attachment that is not under the current (first) data key, "
        "and bind old field values to their record. Safe to interrupt and to run again."
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
                field_rebind(
                    model,
                    field,
                    tally=tally,
                    using=database,
                    batch_size=batch_size,
                    dry_run=dry_run,
                    start_batch=self.start_batch,
                )
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

    def rotate_files(self, model, field: models.Field, current: str, tally: Tally, *, dry_run: bool):
        storage = field.storage if isinstance(field, models.FileField) else default_storage
        # unscoped: every attachment of every organisation; this is maintenance of the whole database.
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
            return key_id_of(file.read(HEADER_LENGTH))

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
