from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from notifications import selectors, services


@login_required
def notification_list(request):
    notifications = selectors.notification_list(user=request.user)
    return render(request, "notifications/notification_list.html", {"notifications": notifications[:100]})


@login_required
@require_POST
def notification_open(request, pk):
    """Mark the notification read and go to its record (whose page answers 404 if no longer visible)."""
    notification = get_object_or_404(selectors.notification_list(user=request.user), pk=pk)
    services.notification_mark_read(notification=notification, by=request.user)
    if notification.url and url_has_allowed_host_and_scheme(notification.url, allowed_hosts=None):
        return redirect(notification.url)
    return redirect("notifications:notification_list")
