"""The awards' endpoints under /api/v1/awards/, one module per concept."""


def register(router) -> None:
    """Add this app's viewsets to the API router."""
    from awards.api import assignments, competitions, consultations, entries, programme, results, scores

    for module in (competitions, consultations, entries, assignments, scores, results, programme):
        module.register(router)
