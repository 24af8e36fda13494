from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render

from awards import selectors


@login_required
def competition_list(request):
    if not request.user.has_perm("awards.view_competition"):
        raise PermissionDenied
    competitions = selectors.competition_list(user=request.user)
    return render(request, "awards/competition_list.html", {"competitions": competitions})


@login_required
def competition_detail(request, pk):
    competition = selectors.competition_get(user=request.user, pk=pk)
    return render(request, "awards/competition_detail.html", {"competition": competition})
