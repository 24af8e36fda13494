from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SchedulerConfig(AppConfig):
    name = "scheduler"
    verbose_name = _("Periodic tasks")
    default_auto_field = "django.db.models.BigAutoField"
