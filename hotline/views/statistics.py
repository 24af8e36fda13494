"""Hotline statistics (operators and managers): a period and a line, aggregates only."""

import datetime

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.utils import timezone

from hotline import selectors
from hotline.forms import StatisticsFilterForm

DEFAULT_DAYS = 30


@login_required
def statistics(request):
    if not request.user.has_perm("hotline.view_statistics"):
        raise PermissionDenied
    today = timezone.localdate()
    initial = {"date_from": today - datetime.timedelta(days=DEFAULT_DAYS - 1), "date_to": today}
    lines = selectors.statistics_lines(user=request.user)
    form = StatisticsFilterForm(request.GET or None, lines=lines, initial=initial)
    stats = None
    if not request.GET:
        stats = selectors.hotline_statistics(user=request.user, **initial)
    elif form.is_valid():
        stats = selectors.hotline_statistics(user=request.user, **form.cleaned_data)
    return render(request, "hotline/statistics.html", {"form": form, "stats": stats})
