"""The cases endpoints under /api/v1/; ``api/urls.py`` calls ``register``."""

from cases.api.assistance import AssessmentViewSet, FollowUpViewSet, GoalViewSet, ServiceViewSet
from cases.api.cases import CaseViewSet
from cases.api.consents import ConsentViewSet
from cases.api.legal import PerpetratorViewSet, ProceedingViewSet
from cases.api.referrals import ReferralViewSet
from cases.api.sections import CaseSectionViewSet


def register(router) -> None:
    """Add this app's viewsets to the API router."""
    router.register("cases", CaseViewSet, basename="case")
    router.register("cases", CaseSectionViewSet, basename="case-section")
    router.register("consents", ConsentViewSet, basename="consent")
    router.register("services", ServiceViewSet, basename="service")
    router.register("referrals", ReferralViewSet, basename="referral")
    router.register("followups", FollowUpViewSet, basename="followup")
    router.register("assessments", AssessmentViewSet, basename="assessment")
    router.register("goals", GoalViewSet, basename="goal")
    router.register("perpetrators", PerpetratorViewSet, basename="perpetrator")
    router.register("proceedings", ProceedingViewSet, basename="proceeding")
