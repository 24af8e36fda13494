"""The campaigns' endpoints under /api/v1/campaigns/, one module per concept."""


def register(router) -> None:
    """Add this app's viewsets to the API router."""
    from campaigns.api import broadcasts, campaigns, reach, subscribers

    # campaigns/<pk>/ last: its pattern would take "subscribers", "broadcasts" or "reach" for a pk.
    for module in (subscribers, broadcasts, reach, campaigns):
        module.register(router)
