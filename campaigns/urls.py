from django.urls import path  # noqa: F401  (the pages arrive with issue 10's helpers)

app_name = "campaigns"
urlpatterns: list = []
