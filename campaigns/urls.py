from django.urls import path

from campaigns.views import delivery

app_name = "campaigns"
urlpatterns = [
    path("webhooks/<uuid:webhook_id>/delivery/", delivery.delivery_webhook, name="delivery_webhook"),
]
