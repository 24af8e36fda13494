from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CasesConfig(AppConfig):
    name = "cases"
    verbose_name = _("Cases")

    def ready(self):
        # Registers the kinds of notification cases send (an e-mail worker needs them too).
        from cases.services import notifications  # noqa: F401
