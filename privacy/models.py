"""The one thing a model needs to hold encrypted fields: a random key of its own record."""

import uuid

from django.db import models
from django.utils.translation import gettext_lazy as _


class EncryptedRecord(models.Model):
    """Gives each row a random ``record_key`` before its first save; encrypted values are bound to it
    (``privacy.fields``), so a value moved to another row does not decrypt. History rows copy it."""

    record_key = models.UUIDField(_("record key"), default=uuid.uuid4, unique=True, editable=False)

    class Meta:
        abstract = True
