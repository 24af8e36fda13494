"""HTCDS 2.0 spreadsheets in and out: ``import_htcds`` and ``export_htcds``."""
