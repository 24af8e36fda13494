from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Accounts")

    def ready(self):
        from django.contrib.auth.signals import user_logged_in, user_login_failed

        from accounts import checks, throttle  # checks registers the deploy checks

        user_login_failed.connect(throttle.on_login_failed, dispatch_uid="amanat.throttle.failed")
        user_logged_in.connect(throttle.on_logged_in, dispatch_uid="amanat.throttle.logged_in")
        from privacy.checks import demo_key_errors

        checks.refuse_unsafe_production(
            [*checks.secret_key_errors(), *checks.email_errors(), *checks.proxy_errors(), *demo_key_errors()]
        )
        from accounts import signals  # noqa: F401  (connects the session-record receivers)
