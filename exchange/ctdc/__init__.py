"""The CTDC formats: the k-anonymised release (``export_ctdc``) and the global reference data."""
