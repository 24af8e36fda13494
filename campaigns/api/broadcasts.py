"""Endpoints of broadcasts (issue 10)."""


def register(router) -> None:
    """Add this module's viewsets to the API router."""
