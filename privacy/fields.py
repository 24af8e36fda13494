"""Encrypted model fields: Python code sees plain values, the table holds ``v2`` ciphertexts bound to
the model, the field and the record (the format is described in ``privacy.crypto``).

A model with encrypted fields inherits ``privacy.models.EncryptedRecord``, which gives every row a
random ``record_key`` before its first save (the primary key is not known before the INSERT). Values
are sealed when the record is saved (``pre_save`` sees the instance) and opened when the attribute is
first read (the descriptor sees the instance), so a value copied from one row into another fails with
``RecordBindingError``, never with somebody else's data.

Because the record is part of the encryption, ``QuerySet.update(field=…)`` and ``bulk_update`` of an
encrypted field are refused: set the value on the instance and ``save()`` it. Encrypted fields cannot be
searched either: ``filter(field=value)`` and every other lookup except ``isnull`` (and ``=None``/``=""``,
which mean NULL) raise ``FieldError`` instead of silently matching nothing. Search a person through
``privacy.blind_index``.
"""

from __future__ import annotations

import datetime
import json
import uuid

from django.core.exceptions import FieldError, ValidationError
from django.db import models
from django.db.models.lookups import Exact
from django.db.models.query_utils import DeferredAttribute
from django.utils.translation import gettext_lazy as _

from privacy.crypto import (
    V1,
    V2,
    DecryptionError,
    UnknownKeyError,
    decrypt_text,
    encrypt_text,
    field_context,
    version_of,
)

RECORD_KEY = "record_key"
EMPTY_VALUES = (None, "", [], {})


class RecordBindingError(DecryptionError):
    """A stored field value does not decrypt for the record that holds it: it was moved or copied from
    another record (or field), altered, or written before record binding and not yet re-bound.

    The message names the model and the field, never the value."""

    def __init__(self, *, model_label: str, field_name: str, reason: str):
        self.model_label = model_label
        self.field_name = field_name
        super().__init__(f"{model_label}.{field_name}: {reason}")


class Sealed:
    """A ciphertext read from the table and not yet opened (or about to be written)."""

    __slots__ = ("token",)

    def __init__(self, token: str):
        self.token = token

    def __repr__(self) -> str:
        return "<encrypted value>"

    def __eq__(self, other) -> bool:
        return isinstance(other, Sealed) and other.token == self.token

    def __hash__(self) -> int:
        return hash(self.token)


class _OpeningAttribute(DeferredAttribute):
    """Loads a deferred value like Django's attribute, and opens a sealed value for this instance.

    A data descriptor (it has ``__set__``), so it is asked even when the value is in ``__dict__``."""

    def __set__(self, instance, value):
        instance.__dict__[self.field.attname] = value

    def __get__(self, instance, cls=None):
        if instance is None:
            return self
        value = super().__get__(instance, cls)
        if isinstance(value, Sealed):
            value = self.field.open(value.token, instance)
            instance.__dict__[self.field.attname] = value
        return value


class _EncryptedExact(Exact):
    """``field=None`` and ``field=""`` mean NULL (empty values are stored as NULL); anything else
    would compare against a fresh random ciphertext and silently match nothing."""

    def get_prep_lookup(self):
        if self.rhs not in EMPTY_VALUES:
            raise FieldError(
                f"{self.lhs.output_field.__class__.__name__} cannot be searched by value "
                "(it is encrypted); search people through privacy.blind_index."
            )
        return None


class EncryptedField(models.TextField):
    """A value stored encrypted for its record; Python code sees plain values. Empty values are NULL.

    It cannot be searched or ordered: equality search goes through a blind index."""

    empty_value = None  # what Python sees for an empty value
    # Read by lower layers that must not import this one (audit's change history): never show the value.
    personal_data = True
    descriptor_class = _OpeningAttribute

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("blank", True)
        kwargs["null"] = True
        super().__init__(*args, **kwargs)

    @property
    def model_label(self) -> str:
        return self.model._meta.label_lower

    def _binding_error(self, reason: str) -> RecordBindingError:
        return RecordBindingError(model_label=self.model_label, field_name=self.name, reason=reason)

    def _record_key(self, instance) -> uuid.UUID:
        record_key = getattr(instance, RECORD_KEY, None)
        if record_key is None:
            raise self._binding_error("the record has no record key (inherit privacy.models.EncryptedRecord)")
        return record_key if isinstance(record_key, uuid.UUID) else uuid.UUID(str(record_key))

    def seal(self, value, instance) -> str:
        """The ``v2`` ciphertext of a plain, non-empty value for this record."""
        context = field_context(self.model, self.name, self._record_key(instance))
        return encrypt_text(self.serialise(value), context=context, version=V2)

    def open(self, token: str, instance):
        """The plain value of a ciphertext stored in this record."""
        version = version_of(token)
        if version == V1:
            raise self._binding_error(
                "the value was written before record binding; run 'python manage.py rotate_keys'"
            )
        if version != V2:
            raise self._binding_error("the stored value is not an encrypted value")
        context = field_context(self.model, self.name, self._record_key(instance))
        try:
            return self.deserialise(decrypt_text(token, context=context))
        except UnknownKeyError:
            raise
        except DecryptionError:
            raise self._binding_error(
                "the value does not decrypt for this record: it was moved or copied from another record "
                "or field, or altered (or its key id names a different key than it was written with)"
            ) from None

    def get_lookup(self, lookup_name):
        if lookup_name == "exact":
            return _EncryptedExact
        if lookup_name == "isnull":
            return super().get_lookup(lookup_name)
        return None

    def get_transform(self, lookup_name):
        return None

    def serialise(self, value) -> str:
        return str(value)

    def deserialise(self, text: str):
        return text

    def from_db_value(self, value, expression, connection):
        if value is None:
            return self.empty_value
        # Opened by the attribute, which knows the record; values()/values_list() get the sealed value.
        return Sealed(value)

    def pre_save(self, model_instance, add):
        value = model_instance.__dict__.get(self.attname)
        if isinstance(value, Sealed):
            return value  # unchanged since it was read: already bound to this record
        value = self.to_python(value)
        if value in EMPTY_VALUES:
            return None
        return Sealed(self.seal(value, model_instance))

    def get_prep_value(self, value):
        if isinstance(value, Sealed):
            return value.token
        value = self.to_python(value)
        if value in EMPTY_VALUES:
            return None
        raise FieldError(
            f"{self.model_label}.{self.name} is encrypted for its record: set it on the instance and "
            "save() it (update() and bulk_update() cannot encrypt it), and never search it by value."
        )


class EncryptedTextField(EncryptedField):
    """Text; ``long=True`` for narratives (a text area in forms)."""

    empty_value = ""

    def __init__(self, *args, long: bool = False, **kwargs):
        self.long = long
        super().__init__(*args, **kwargs)

    def to_python(self, value):
        return value if value is None else str(value)

    def formfield(self, **kwargs):
        from django import forms

        kwargs.setdefault("widget", forms.Textarea if self.long else forms.TextInput)
        return super().formfield(**kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        if self.long:
            kwargs["long"] = True
        return name, path, args, kwargs


class EncryptedDateField(EncryptedField):
    def to_python(self, value):
        if value in (None, ""):
            return None
        if isinstance(value, datetime.datetime):
            return value.date()
        if isinstance(value, datetime.date):
            return value
        try:
            return datetime.date.fromisoformat(str(value))
        except ValueError:
            raise ValidationError(self.error_messages["invalid_date"], code="invalid_date") from None

    default_error_messages = {"invalid_date": _("Enter a valid date (YYYY-MM-DD).")}

    def value_to_string(self, obj) -> str:
        value = self.value_from_object(obj)
        return value.isoformat() if value else ""

    def serialise(self, value) -> str:
        return value.isoformat()

    def deserialise(self, text: str):
        return datetime.date.fromisoformat(text)

    def formfield(self, **kwargs):
        from django import forms

        widget = kwargs.get("widget")
        if widget is not None and issubclass(
            widget if isinstance(widget, type) else type(widget), forms.Textarea
        ):
            # The admin maps every TextField (our base class) to a text area.
            del kwargs["widget"]
        return models.Field.formfield(self, form_class=forms.DateField, **kwargs)


class EncryptedJSONField(EncryptedField):
    """Lists and dicts (aliases, documents, family contacts) stored as one encrypted JSON value."""

    default_error_messages = {"invalid_json": _("Enter valid JSON.")}

    def to_python(self, value):
        if isinstance(value, str) and value:
            try:
                return json.loads(value)
            except ValueError:
                raise ValidationError(self.error_messages["invalid_json"], code="invalid_json") from None
        return value

    def value_to_string(self, obj) -> str:
        value = self.value_from_object(obj)
        return json.dumps(value, ensure_ascii=False) if value not in (None, "") else ""

    def serialise(self, value) -> str:
        return json.dumps(value, ensure_ascii=False)

    def deserialise(self, text: str):
        return json.loads(text)

    def formfield(self, **kwargs):
        return None


def encrypted_fields_of(model: type[models.Model]) -> list[EncryptedField]:
    """The model's own encrypted columns (no inherited ones)."""
    return [field for field in model._meta.local_concrete_fields if isinstance(field, EncryptedField)]
