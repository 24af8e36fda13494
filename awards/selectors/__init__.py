"""What the awards pages, API and other apps read (one module per concept, re-exported here)."""

from awards.selectors.competitions import competition_get, competition_list

__all__ = ["competition_get", "competition_list"]
