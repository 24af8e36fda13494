from django.urls import path

from campaigns.views import delivery, gateways

app_name = "campaigns"
urlpatterns = [
    # SMS gateways (managers) and the delivery reports they send back.
    path("gateways/", gateways.gateway_list, name="gateway_list"),
    path("gateways/new/", gateways.gateway_create, name="gateway_create"),
    path("gateways/<int:pk>/", gateways.gateway_update, name="gateway_update"),
    path("gateways/<int:pk>/secret/", gateways.gateway_secret, name="gateway_secret"),
    path("gateways/<int:pk>/prices/", gateways.operatorprice_add, name="operatorprice_add"),
    path("gateways/prices/<int:pk>/remove/", gateways.operatorprice_remove, name="operatorprice_remove"),
    path("webhooks/<uuid:webhook_id>/delivery/", delivery.delivery_webhook, name="delivery_webhook"),
]
