from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from accounts.roles import Role
from accounts.selectors import active_membership
from analytics import selectors
from hotline import selectors as hotline_selectors
from shelters import selectors as shelter_selectors


@login_required
def home(request):
    """Each role's start page: the active membership and counts of what the user may see."""
    membership = active_membership(request)
    counts = selectors.home_counts(user=request.user, membership=membership)
    context = {"membership": membership, "counts": counts}
    # Shelter staff (issue 9): residents now, discharges planned this week, requests waiting, occupancy.
    if membership is not None and membership.role == Role.SHELTER_STAFF:
        context["shelter_home"] = shelter_selectors.home_summary(user=request.user)
    # The hotline operator's work (issue 9: hotline).
    if membership is not None and membership.role == Role.HOTLINE_OPERATOR:
        context["hotline"] = hotline_selectors.operator_home(user=request.user)
    return render(request, "home.html", context)
