"""The exchange's records: imports, protected export files, privacy budgets and the CTDC reference data.
One module per area; each is imported here (one line each)."""

from exchange.models.private import PrivacyBudget, PrivateRelease  # noqa: F401
