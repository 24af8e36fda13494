from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Accounts")

    def ready(self):
        from accounts import checks  # registers the deploy checks

        checks.refuse_unsafe_production(
            [*checks.secret_key_errors(), *checks.email_errors(), *checks.proxy_errors()]
        )
