from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Accounts")

    def ready(self):
        from django.contrib.auth.signals import user_logged_in, user_login_failed

        import tenancy
        from accounts import checks, signals, throttle  # noqa: F401 (checks and signals register themselves)
        from accounts.backends import organisations_with_perm
        from privacy.checks import demo_key_errors

        # Tenancy sits below accounts (audit's tenant models use it); accounts tells it who may read what.
        tenancy.register_permission_source(organisations_with_perm)
        user_login_failed.connect(throttle.on_login_failed, dispatch_uid="amanat.throttle.failed")
        user_logged_in.connect(throttle.on_logged_in, dispatch_uid="amanat.throttle.logged_in")
        checks.refuse_unsafe_production(
            [*checks.secret_key_errors(), *checks.email_errors(), *checks.proxy_errors(), *demo_key_errors()]
        )
