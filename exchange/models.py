"""The exchange's records: imports, protected export files, privacy budgets and the CTDC reference data."""
