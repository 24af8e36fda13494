from django.contrib.auth.decorators import login_required
from django.http import HttpResponse


def two_factor(request):
    return HttpResponse("two-factor")


@login_required
def user_list(request):
    return HttpResponse("users")


def locked_out(request, credentials, *args, **kwargs):
    return HttpResponse("locked", status=403)
