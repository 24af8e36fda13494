from django.urls import path

from awards.views import competitions, entries

app_name = "awards"
urlpatterns = [
    path("", competitions.competition_list, name="competition_list"),
    path("<int:pk>/", competitions.competition_detail, name="competition_detail"),
    # Entries (part "entries"): written by the nominee's managers, figures frozen at the deadline.
    path("entries/", entries.entry_list, name="entry_list"),
    path("nominees/<int:pk>/entry/", entries.nominee_entry_create, name="nominee_entry_create"),
    path("entries/<int:pk>/", entries.entry_detail, name="entry_detail"),
    path("entries/<int:pk>/edit/", entries.entry_update, name="entry_update"),
    path("entries/<int:pk>/submit/", entries.entry_submit, name="entry_submit"),
    path("entries/<int:pk>/figures/", entries.entry_figures_refresh, name="entry_figures_refresh"),
    path("entries/<int:pk>/files/add/", entries.entry_entryfile_add, name="entry_entryfile_add"),
    path("entry-files/<int:pk>/", entries.entryfile_download, name="entryfile_download"),
    path("entry-files/<int:pk>/remove/", entries.entryfile_remove, name="entryfile_remove"),
]
