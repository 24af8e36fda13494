"""The exchange's records: imports, protected export files, privacy budgets and the CTDC reference data.
One module per area; each is imported here (one line each)."""

from exchange.models.exports import ExportFile  # noqa: F401
from exchange.models.imports import ImportedRecord, ImportRun  # noqa: F401
from exchange.models.private import PrivacyBudget, PrivateRelease  # noqa: F401
from exchange.models.reference import GlobalVictim, ReferenceDataset, ReferenceFormat  # noqa: F401
