from django.http import HttpResponse


def directory(request):
    return HttpResponse("directory")
