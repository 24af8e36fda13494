"""The awards' endpoints under /api/v1/awards/, one module per concept."""


def register(router) -> None:
    """Add this app's viewsets to the API router."""
    from awards.api import (
        competitions,
        programme,  # the forum's programme (issue 11, item 7)
    )

    for module in (competitions, programme):
        module.register(router)
