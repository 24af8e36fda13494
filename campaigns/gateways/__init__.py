"""SMS back-ends: one interface (``gateways.base.Backend``) that each way out implements.

``backend_for(gateway)`` gives the back-end a ``campaigns.Gateway`` row names; a messaging channel
(Telegram, Viber, WhatsApp) is added later as one more class registered in ``BACKENDS``."""
