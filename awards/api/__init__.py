"""The awards' endpoints under /api/v1/awards/, one module per concept."""


def register(router) -> None:
    """Add this app's viewsets to the API router."""
    from awards.api import competitions, entries

    for module in (competitions, entries):
        module.register(router)
