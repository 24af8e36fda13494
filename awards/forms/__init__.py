"""The awards forms, one module per concept."""
