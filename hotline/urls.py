from django.urls import path

from hotline.views import knowledge, statistics, telephony

app_name = "hotline"
urlpatterns: list = [
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
