"""The hotline models (one module per concept, re-exported here)."""
