from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from accounts.selectors import active_membership
from analytics import selectors


@login_required
def home(request):
    """Each role's start page: the active membership and counts of what the user may see."""
    membership = active_membership(request)
    counts = selectors.home_counts(user=request.user, membership=membership)
    return render(request, "home.html", {"membership": membership, "counts": counts})
