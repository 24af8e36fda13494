from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CasesConfig(AppConfig):
    name = "cases"
    verbose_name = _("Cases")

    def ready(self):
        from accounts.checks import refuse_unsafe_production
        from cases import checks  # registers the deploy check of the encryption keys

        refuse_unsafe_production(checks.demo_key_errors())
