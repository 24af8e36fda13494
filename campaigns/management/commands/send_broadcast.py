"""``python manage.py send_broadcast <id>``: run the SMS worker for one broadcast in the foreground (what
``broadcast_send_task`` runs under ``db_worker``), for operators and for the kill-and-resume test."""

from django.core.management.base import BaseCommand

from campaigns.services.sending import broadcast_send


class Command(BaseCommand):
    help = "Send the due messages of one SMS broadcast (the worker of broadcast_send_task)."

    def add_arguments(self, parser):
        parser.add_argument("broadcast_id", type=int)

    def handle(self, *args, broadcast_id, **options):
        self.stdout.write(broadcast_send(broadcast_id=broadcast_id))
