"""SMS back-ends: one interface (``gateways.base.Backend``) that each way out implements.

``backend_for(gateway)`` gives the back-end a ``campaigns.Gateway`` row names; a messaging channel
(Telegram, Viber, WhatsApp) is added later as one more class registered in ``BACKENDS``."""

from __future__ import annotations

from django.utils.module_loading import import_string

from campaigns.gateways.base import Backend

# The back-end's name (``Gateway.backend``) → its class, imported when first used.
BACKENDS = {
    "console": "campaigns.gateways.console.ConsoleBackend",
    "file": "campaigns.gateways.file.FileBackend",
    "http": "campaigns.gateways.http.HttpBackend",
    "smpp": "campaigns.gateways.smpp.SmppBackend",
}


def backend_for(gateway) -> Backend:
    """A new, not yet opened back-end for ``gateway`` (``with backend_for(gateway) as backend: …``)."""
    return import_string(BACKENDS[gateway.backend])(gateway)
