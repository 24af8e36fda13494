from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render


@login_required
def home(request):
    return render(request, "home.html", {})


def two_factor(request):
    return HttpResponse("two-factor")


@login_required
def user_list(request):
    return HttpResponse("users")


def locked_out(request, credentials, *args, **kwargs):
    return HttpResponse("locked", status=403)
