"""/exchange/: HTCDS imports and exports, the CTDC release, private tables, the global reference data."""

from django.urls import path

from exchange.views import index
from exchange.views.hxl import indicator_hxl_csv
from exchange.views.reference import reference_compare, reference_compare_csv, reference_import

app_name = "exchange"
urlpatterns = [
    path("", index.index, name="index"),
    # The global CTDC data beside the network's (views/reference.py).
    path("reference/", reference_compare, name="reference_compare"),
    path("reference/csv/", reference_compare_csv, name="reference_compare_csv"),
    path("reference/import/", reference_import, name="reference_import"),
    # HXL-tagged aggregates of an indicator (views/hxl.py).
    path("hxl/<slug:key>/", indicator_hxl_csv, name="indicator_hxl"),
]
