# Migrations 0001 import this path (cases.crypto.EncryptedTextField …); the fields live in privacy.fields.
from privacy.fields import EncryptedDateField, EncryptedJSONField, EncryptedTextField  # noqa: F401
