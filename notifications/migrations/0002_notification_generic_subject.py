"""A notification names its subject and page instead of a case, so that every module can send one.

The link to the case becomes its page (``/cases/<id>/``), the case code the subject, and the table takes
this app's name. Backwards, the case is read back from the link."""

import re

from django.db import migrations, models

CASE_URL = "/cases/{}/"
CASE_URL_PATTERN = re.compile(r"^/cases/(\d+)/$")
BATCH = 1000


def links_from_cases(apps, schema_editor):
    # Migrations' historical models carry a plain manager: this reads every organisation's rows on purpose.
    Notification = apps.get_model("notifications", "Notification")
    pending = Notification.objects.filter(case__isnull=False, url="").order_by("pk")
    while batch := list(pending[:BATCH]):
        for notification in batch:
            notification.url = CASE_URL.format(notification.case_id)
        Notification.objects.bulk_update(batch, ["url"])


def cases_from_links(apps, schema_editor):
    Notification = apps.get_model("notifications", "Notification")
    for notification in Notification.objects.filter(url__startswith="/cases/").iterator():
        match = CASE_URL_PATTERN.match(notification.url)
        if match:
            Notification.objects.filter(pk=notification.pk).update(case_id=int(match.group(1)))


class Migration(migrations.Migration):
    dependencies = [
        ("notifications", "0001_initial"),
        ("cases", "0007_notification_moves_to_notifications"),
    ]

    operations = [
        migrations.RunPython(links_from_cases, cases_from_links),
        migrations.RemoveField(model_name="notification", name="case"),
        migrations.RenameField(model_name="notification", old_name="case_code", new_name="subject"),
        migrations.AlterField(
            model_name="notification",
            name="subject",
            field=models.CharField(blank=True, max_length=20, verbose_name="subject"),
        ),
        migrations.AlterModelTable(name="notification", table=None),
        migrations.RenameIndex(
            model_name="notification",
            new_name="notificatio_recipie_564b1f_idx",
            old_name="cases_notif_recipie_042d3c_idx",
        ),
    ]
