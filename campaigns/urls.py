from django.urls import path

from campaigns.views import (
    activities,
    broadcasts,
    campaigns,
    delivery,
    gateways,
    opt_outs,
    reach,
    subscribers,
)

app_name = "campaigns"
urlpatterns = [
    path("", campaigns.campaign_list, name="campaign_list"),
    path("new/", campaigns.campaign_create, name="campaign_create"),
    path("<int:pk>/", campaigns.campaign_detail, name="campaign_detail"),
    path("<int:pk>/edit/", campaigns.campaign_update, name="campaign_update"),
    path("<int:pk>/materials/new/", campaigns.campaign_material_add, name="campaign_material_add"),
    path("materials/<int:pk>/download/", campaigns.material_download, name="material_download"),
    path("<int:pk>/activities/new/", activities.campaign_activity_add, name="campaign_activity_add"),
    path("activities/<int:pk>/edit/", activities.activity_update, name="activity_update"),
    path("activities/<int:pk>/airings/new/", activities.activity_airing_add, name="activity_airing_add"),
    path(
        "activities/<int:pk>/participants/",
        activities.activity_participation_set,
        name="activity_participation_set",
    ),
    # Reach and effect (the figures a donor report or an award entry cites).
    path("<int:pk>/reach/", reach.campaign_reach, name="campaign_reach"),
    path("<int:pk>/reach/csv/", reach.campaign_reach_csv, name="campaign_reach_csv"),
    # SMS broadcasts and the SMS policy.
    path("broadcasts/", broadcasts.broadcast_list, name="broadcast_list"),
    path("broadcasts/new/", broadcasts.broadcast_create, name="broadcast_create"),
    path("broadcasts/<int:pk>/", broadcasts.broadcast_detail, name="broadcast_detail"),
    path("broadcasts/<int:pk>/edit/", broadcasts.broadcast_update, name="broadcast_update"),
    path("broadcasts/<int:pk>/preview/", broadcasts.broadcast_preview, name="broadcast_preview"),
    path("broadcasts/<int:pk>/start/", broadcasts.broadcast_start, name="broadcast_start"),
    path("broadcasts/<int:pk>/pause/", broadcasts.broadcast_pause, name="broadcast_pause"),
    path("broadcasts/<int:pk>/resume/", broadcasts.broadcast_resume, name="broadcast_resume"),
    path("broadcasts/<int:pk>/cancel/", broadcasts.broadcast_cancel, name="broadcast_cancel"),
    path("<int:pk>/broadcasts/", broadcasts.campaign_broadcast_list, name="campaign_broadcast_list"),
    path("sms-policy/", broadcasts.sms_policy_edit, name="sms_policy_edit"),
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
    # SMS gateways (managers) and the delivery reports they send back.
    path("gateways/", gateways.gateway_list, name="gateway_list"),
    path("gateways/new/", gateways.gateway_create, name="gateway_create"),
    path("gateways/<int:pk>/", gateways.gateway_update, name="gateway_update"),
    path("gateways/<int:pk>/secret/", gateways.gateway_secret, name="gateway_secret"),
    path("gateways/<int:pk>/prices/", gateways.operatorprice_add, name="operatorprice_add"),
    path("gateways/prices/<int:pk>/remove/", gateways.operatorprice_remove, name="operatorprice_remove"),
    path("webhooks/<uuid:webhook_id>/delivery/", delivery.delivery_webhook, name="delivery_webhook"),
]
