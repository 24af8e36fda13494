from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ExchangeConfig(AppConfig):
    name = "exchange"
    verbose_name = _("Data exchange")

    def ready(self):
        # The global CTDC victims join the analytics' registry of indicators (exchange.indicators).
        from exchange import indicators  # noqa: F401
