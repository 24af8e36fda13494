"""Donor reports: what a report holds (``content``), and its three renderings (``pdf``, ``xlsx``,
``csv``), all from the same tables, so the figures agree whatever the format."""
