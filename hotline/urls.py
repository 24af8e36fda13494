from django.urls import path

from hotline import views

app_name = "hotline"
urlpatterns = [
    path("contacts/", views.contact_list, name="contact_list"),
    path("contacts/new/", views.contact_create, name="contact_create"),
    path("contacts/autosave/", views.contact_autosave, name="contact_autosave"),
    path("contacts/<int:pk>/", views.contact_detail, name="contact_detail"),
    path("contacts/<int:pk>/edit/", views.contact_update, name="contact_update"),
    path("contacts/<int:pk>/open-case/", views.contact_case_open, name="contact_case_open"),
    path("contacts/<int:pk>/link-case/", views.contact_case_link, name="contact_case_link"),
    path("contacts/<int:pk>/flag/", views.contact_flag, name="contact_flag"),
    path("flags/<int:pk>/end/", views.caller_flag_end, name="callerflag_end"),
]
