from django.urls import path

from audit import views

app_name = "audit"
urlpatterns = [
    path("", views.entry_list, name="entry_list"),
    path("access/", views.access_log_list, name="access_log_list"),
    path("history/", views.history_list, name="history_list"),
]
