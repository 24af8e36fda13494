import signal
import threading

from django.core.management.base import BaseCommand

from scheduler.services import scheduled_runs_enqueue


class Command(BaseCommand):
    help = (
        "Enqueue the periodic tasks (daily follow-up reminders and those other apps register) once per "
        "period; the task worker (db_worker) runs them. Several schedulers may run: each period is "
        "enqueued once."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--once", action="store_true", help="Enqueue what is due and exit (for cron or a systemd timer)."
        )
        parser.add_argument(
            "--interval", type=float, default=60.0, help="Seconds between checks when running (default 60)."
        )

    def handle(self, *args, once: bool, interval: float, **options):
        stop = threading.Event()
        if not once:
            for signum in (signal.SIGINT, signal.SIGTERM):
                signal.signal(signum, lambda *_: stop.set())
        while True:
            for name in scheduled_runs_enqueue():
                self.stdout.write(f"Enqueued {name}")
            if once or stop.wait(interval):
                return
