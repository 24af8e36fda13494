"""The campaigns' endpoints under /api/v1/campaigns/, one module per concept."""


def register(router) -> None:
    """Add this app's viewsets to the API router."""
    from campaigns.api import broadcasts, campaigns, reach, subscribers

    for module in (campaigns, subscribers, broadcasts, reach):
        module.register(router)
