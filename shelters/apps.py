from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SheltersConfig(AppConfig):
    name = "shelters"
    verbose_name = _("Shelters")

    def ready(self):
        # Registers the kinds of notification shelters send (an e-mail worker needs them too).
        from shelters.services import notifications  # noqa: F401
