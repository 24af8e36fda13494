"""The analytics' API: indicators (tables with their definitions) and donor reports."""


def register(router) -> None:
    """Add this app's viewsets to the API router."""
    from analytics.api.indicators import IndicatorViewSet

    router.register("analytics/indicators", IndicatorViewSet, basename="analytics-indicator")
