"""The campaigns' endpoints under /api/v1/campaigns/."""


def register(router) -> None:
    """Add this app's viewsets to the API router."""
