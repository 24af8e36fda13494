"""/exchange/: HTCDS imports and exports, the CTDC release, private tables, the global reference data."""

from django.urls import path

from exchange.views import index, private

app_name = "exchange"
urlpatterns = [
    path("", index.index, name="index"),
    path("private/", private.private_release_list, name="private_release_list"),
    path("private/new/", private.private_release_create, name="private_release_create"),
    path("private/<int:pk>/", private.private_release_detail, name="private_release_detail"),
    path("private/<int:pk>/publish/", private.private_release_publish, name="private_release_publish"),
    path("private/<int:pk>/csv/", private.private_release_csv, name="private_release_csv"),
    path("statistics/", private.public_statistics, name="public_statistics"),
]
