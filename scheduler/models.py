from django.db import models
from django.utils.translation import gettext_lazy as _


class ScheduledRun(models.Model):
    """One periodic task enqueued for one period (e.g. ``2026-12-01`` for a daily task).

    The unique constraint is the claim: however many scheduler processes run, only the one whose row
    was inserted enqueues the task for that period."""

    task_name = models.CharField(_("task"), max_length=200)
    period_key = models.CharField(_("period"), max_length=32)
    enqueued_at = models.DateTimeField(_("enqueued at"), auto_now_add=True)
    result_id = models.CharField(_("task result"), max_length=64, blank=True)

    class Meta:
        verbose_name = _("scheduled run")
        verbose_name_plural = _("scheduled runs")
        constraints = [
            models.UniqueConstraint(fields=["task_name", "period_key"], name="scheduledrun_task_period"),
        ]

    def __str__(self) -> str:
        return f"{self.task_name} {self.period_key}"
