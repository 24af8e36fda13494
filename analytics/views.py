from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from accounts.selectors import active_membership
from analytics import selectors
from hotline import selectors as hotline_selectors


@login_required
def home(request):
    """Each role's start page: the active membership and counts of what the user may see."""
    membership = active_membership(request)
    counts = selectors.home_counts(user=request.user, membership=membership)
    context = {"membership": membership, "counts": counts}
    # The hotline operator's work (issue 9: hotline).
    if membership is not None and membership.role == "hotline_operator":
        context["hotline"] = hotline_selectors.operator_home(user=request.user)
    return render(request, "home.html", context)
