"""The shelters models (one module per concept, re-exported here)."""
