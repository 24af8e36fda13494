from django.urls import path

from hotline.views import contacts, knowledge, lines, statistics, telephony

app_name = "hotline"
urlpatterns = [
    # The contact log.
    path("contacts/", contacts.contact_list, name="contact_list"),
    path("contacts/new/", contacts.contact_create, name="contact_create"),
    path("contacts/autosave/", contacts.contact_autosave, name="contact_autosave"),
    path("contacts/<int:pk>/", contacts.contact_detail, name="contact_detail"),
    path("contacts/<int:pk>/edit/", contacts.contact_update, name="contact_update"),
    path("contacts/<int:pk>/open-case/", contacts.contact_case_open, name="contact_case_open"),
    path("contacts/<int:pk>/link-case/", contacts.contact_case_link, name="contact_case_link"),
    path("contacts/<int:pk>/flag/", contacts.contact_flag, name="contact_flag"),
    path("flags/<int:pk>/end/", contacts.caller_flag_end, name="callerflag_end"),
    # Operations: the knowledge base, statistics, telephony.
    path("knowledge/", knowledge.answer_list, name="answer_list"),
    path("knowledge/search/", knowledge.answer_search, name="answer_search"),
    path("knowledge/new/", knowledge.answer_create, name="answer_create"),
    path("knowledge/<int:pk>/", knowledge.answer_detail, name="answer_detail"),
    path("knowledge/<int:pk>/edit/", knowledge.answer_update, name="answer_update"),
    path(
        "knowledge/versions/<int:pk>/approve/",
        knowledge.answer_version_approve,
        name="answer_version_approve",
    ),
    path("lines/", lines.line_list, name="line_list"),
    path("lines/new/", lines.line_create, name="line_create"),
    path("lines/<int:pk>/edit/", lines.line_update, name="line_update"),
    path("statistics/", statistics.statistics, name="statistics"),
    path("telephony/", telephony.telephony, name="telephony"),
    path("telephony/accounts/new/", telephony.telephony_account_create, name="telephony_account_create"),
    path(
        "telephony/accounts/<int:pk>/revoke/",
        telephony.telephony_account_revoke,
        name="telephony_account_revoke",
    ),
    path("telephony/extensions/new/", telephony.operator_extension_create, name="operator_extension_create"),
    path(
        "telephony/extensions/<int:pk>/delete/",
        telephony.operator_extension_delete,
        name="operator_extension_delete",
    ),
]
