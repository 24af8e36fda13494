"""Recompute every stored blind index under the current (first) blind-index key.

How to change the blind-index key (``privacy.blind_index`` explains the index):

1. ``python manage.py generate_key --kid blind-index-<date>`` prints a new line.
2. Put it BEFORE the current ``blind-index`` line in ``AMANAT_KEYS`` or the key file, keep that line,
   and restart every process: new and changed records are indexed under the new key, and searches
   look under both keys, so duplicate detection keeps finding records not yet recomputed.
3. ``python manage.py recompute_blind_indexes`` decrypts each record's name and birth data, computes
   its index under the new key and stores it. It works in batches ordered by primary key, each in its
   own transaction, with a conditional update (only if the stored index is still the one read, so a
   concurrent edit wins). An interrupted run is resumed by running it again (records already under the
   new key are skipped without a write), or from where it stopped with ``--after <pk>``, as it says.
4. When a run reports 0 recomputed, remove the old blind-index line and restart.

Which records: every model with a ``blind_index_field`` and a ``blind_index_compute()`` method (on
``Victim`` today), found without importing the domain. Output is counts, never a value or an index.

The same run rebuilds the name-search tokens (``privacy.search_tokens``) of each such record that has
a ``search_tokens_sync(write=...)`` method, under the same key: tokens not current (another key id, or
names changed since) are replaced, current ones are left alone. After migrating to a version that adds
search tokens, one run builds them for every existing record.
"""

from __future__ import annotations

from django.apps import apps
from django.core.management.base import BaseCommand, CommandError
from django.db import models, transaction

from privacy.crypto import DecryptionError


def indexed_models() -> list[type[models.Model]]:
    return [
        model
        for model in apps.get_models()
        if getattr(model, "blind_index_field", None) and callable(getattr(model, "blind_index_compute", None))
    ]


class Command(BaseCommand):
    help = (
        "Recompute every blind index (duplicate detection) under the current blind-index key, in "
        "batches. Safe to interrupt and to run again."
    )

    def add_arguments(self, parser):
        parser.add_argument("--batch-size", type=int, default=500, help="rows per transaction (default 500)")
        parser.add_argument("--dry-run", action="store_true", help="only count what would change")
        parser.add_argument(
            "--max-batches", type=int, default=None, help="stop after this many batches (resume later)"
        )
        parser.add_argument("--after", type=int, default=None, help="start after this primary key")
        parser.add_argument("--database", default="default", help="database alias (default 'default')")

    def handle(self, *args, batch_size, dry_run, max_batches, after, database, **options):
        if batch_size < 1:
            raise CommandError("--batch-size must be at least 1.")
        batches = 0
        failed = 0
        for model in indexed_models():
            label = model._meta.label_lower
            column = model.blind_index_field
            related = getattr(model, "blind_index_select_related", ())
            # unscoped: every organisation's records; this is maintenance of the whole database.
            rows = model._base_manager.using(database).select_related(*related).order_by("pk")
            last_pk, changed, current = after, 0, 0
            tokens_sync = getattr(model, "search_tokens_sync", None)
            tokens_rebuilt, tokens_current = 0, 0
            while True:
                if max_batches is not None and batches >= max_batches:
                    self.stdout.write(f"{label}: {changed} recomputed, {current} already current")
                    self.stdout.write(
                        f"Stopped after {batches} batches; run again (or with --after {last_pk}) to continue."
                    )
                    return
                batches += 1
                with transaction.atomic(using=database):
                    batch = list((rows if last_pk is None else rows.filter(pk__gt=last_pk))[:batch_size])
                    for record in batch:
                        stored = getattr(record, column)
                        try:
                            fresh = record.blind_index_compute()
                            if tokens_sync is not None:
                                if record.search_tokens_sync(write=not dry_run):
                                    tokens_rebuilt += 1
                                else:
                                    tokens_current += 1
                        except DecryptionError:
                            failed += 1
                            continue
                        if fresh == stored:
                            current += 1
                        elif dry_run:
                            changed += 1
                        else:
                            changed += (
                                model._base_manager.using(database)
                                .filter(pk=record.pk, **{column: stored})
                                .update(**{column: fresh})
                            )
                if batch:
                    last_pk = batch[-1].pk
                if len(batch) < batch_size:
                    break
            verb = "to recompute" if dry_run else "recomputed"
            self.stdout.write(f"{label}: {changed} {verb}, {current} already current")
            if tokens_sync is not None:
                verb = "to rebuild" if dry_run else "rebuilt"
                self.stdout.write(
                    f"{label}: search tokens of {tokens_rebuilt} {verb}, {tokens_current} already current"
                )
        if failed:
            raise CommandError(
                f"{failed} records could not be decrypted (unknown key id or damaged value); their index "
                "was left as it is. Add the missing keys and run recompute_blind_indexes again."
            )
