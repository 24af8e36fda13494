from django.urls import path

from campaigns.views import opt_outs, subscribers

app_name = "campaigns"
urlpatterns = [
    # SMS subscribers: lists, numbers, uploads.
    path("subscribers/", subscribers.subscriberlist_list, name="subscriberlist_list"),
    path("subscribers/new/", subscribers.subscriberlist_create, name="subscriberlist_create"),
    path("subscribers/template.csv", subscribers.subscriberimport_template, name="subscriberimport_template"),
    path("subscribers/<int:pk>/", subscribers.subscriberlist_detail, name="subscriberlist_detail"),
    path("subscribers/<int:pk>/edit/", subscribers.subscriberlist_update, name="subscriberlist_update"),
    path("subscribers/<int:pk>/add/", subscribers.subscriber_create, name="subscriber_create"),
    path("subscribers/<int:pk>/upload/", subscribers.subscriberimport_create, name="subscriberimport_create"),
    path("subscribers/numbers/<int:pk>/", subscribers.subscriber_number, name="subscriber_number"),
    path("subscribers/numbers/<int:pk>/remove/", subscribers.subscriber_remove, name="subscriber_remove"),
    path(
        "subscribers/uploads/<int:pk>/", subscribers.subscriberimport_detail, name="subscriberimport_detail"
    ),
    path(
        "subscribers/uploads/<int:pk>/confirm/",
        subscribers.subscriberimport_confirm,
        name="subscriberimport_confirm",
    ),
    path(
        "subscribers/uploads/<int:pk>/cancel/",
        subscribers.subscriberimport_cancel,
        name="subscriberimport_cancel",
    ),
    # Opt-outs: the organisation's list, one recorded by staff, and the subscriber's two public ways.
    path("opt-outs/", opt_outs.optout_list, name="optout_list"),
    path("opt-outs/new/", opt_outs.optout_create, name="optout_create"),
    path("webhooks/<uuid:webhook_id>/inbound/", opt_outs.inbound_webhook, name="inbound_webhook"),
    path("o/<str:token>/", opt_outs.opt_out_link, name="opt_out_link"),
]
