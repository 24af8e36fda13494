from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Accounts")

    def ready(self):
        import tenancy
        from accounts.backends import organisations_with_perm

        # Tenancy sits below accounts (audit's tenant models use it); accounts tells it who may read what.
        tenancy.register_permission_source(organisations_with_perm)
