"""/exchange/: HTCDS imports and exports, the CTDC release, private tables, the global reference data."""

from django.urls import path

from exchange.views import index

app_name = "exchange"
urlpatterns = [
    path("", index.index, name="index"),
]
