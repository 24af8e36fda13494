"""GET /api/v1/campaigns/reach/<pk>/: a campaign's reach and its effect on the hotline (counts apart from
estimates), for managers holding ``campaigns.view_reach`` in its lead or a partner organisation."""

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, viewsets
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response

from campaigns.models import Campaign
from campaigns.selectors import effect as effect_selectors, reach as reach_selectors

TAGS = ["campaigns"]


class ChannelReachSerializer(serializers.Serializer):
    channel = serializers.CharField()
    label = serializers.CharField()
    activities = serializers.IntegerField()
    counted = serializers.IntegerField(allow_null=True, help_text=_("People counted from records."))
    counted_what = serializers.CharField()
    estimated = serializers.IntegerField(allow_null=True, help_text=_("People estimated (an estimate)."))
    estimated_what = serializers.CharField()
    details = serializers.SerializerMethodField()
    sources = serializers.ListField(child=serializers.CharField(), help_text=_("Sources of the estimates."))

    def get_details(self, channel) -> dict[str, int]:
        """Airings, posts, engagements or SMS statuses, by a stable key."""
        return {key: value for key, label, value in channel.details}


class SmsDeliverySerializer(serializers.Serializer):
    broadcasts = serializers.IntegerField()
    messages = serializers.IntegerField()
    delivered = serializers.IntegerField()
    sent = serializers.IntegerField()
    failed = serializers.IntegerField()
    unconfirmed = serializers.IntegerField()
    pending = serializers.IntegerField()
    cancelled = serializers.IntegerField()
    numbers_reached = serializers.IntegerField()


class EffectWeekSerializer(serializers.Serializer):
    index = serializers.IntegerField()
    before_from = serializers.DateField()
    before = serializers.IntegerField()
    after_from = serializers.DateField()
    after = serializers.IntegerField()
    during = serializers.BooleanField()
    complete = serializers.BooleanField(help_text=_("The week is over and counted in the totals."))


class EffectSerializer(serializers.Serializer):
    regions = serializers.ListField(child=serializers.CharField(), source="region_names")
    campaign_weeks = serializers.IntegerField()
    before_total = serializers.IntegerField()
    during_total = serializers.IntegerField()
    after_total = serializers.IntegerField()
    change_percent = serializers.FloatField(allow_null=True)
    named = serializers.IntegerField(help_text=_("Hotline contacts naming the campaign."))
    weeks = EffectWeekSerializer(many=True)


class CampaignReachSerializer(serializers.Serializer):
    campaign = serializers.IntegerField(source="campaign.pk")
    counted_total = serializers.IntegerField(help_text=_("People reached, counted from records."))
    estimated_total = serializers.IntegerField(
        help_text=_("People reached, estimated: never added to counts.")
    )
    channels = ChannelReachSerializer(many=True)
    sms = SmsDeliverySerializer()
    effect = serializers.SerializerMethodField()

    @extend_schema(responses=EffectSerializer)
    def get_effect(self, reach) -> dict:
        return EffectSerializer(self.context["effect"]).data


class CampaignReachViewSet(viewsets.GenericViewSet):
    """A campaign's reach and hotline effect: counts only, never a subscriber or a caller."""

    serializer_class = CampaignReachSerializer
    queryset = Campaign.objects.none()  # for the schema: retrieve reads through visible_to(user)

    @extend_schema(summary=_("Reach and hotline effect of a campaign"), tags=TAGS)
    def retrieve(self, request, pk=None):
        campaign = get_object_or_404(Campaign.objects.visible_to(request.user), pk=pk)
        if not reach_selectors.reach_viewable(user=request.user, campaign=campaign):
            raise PermissionDenied
        reach = reach_selectors.campaign_reach(user=request.user, campaign=campaign)
        effect = effect_selectors.campaign_effect(user=request.user, campaign=campaign)
        return Response(CampaignReachSerializer(reach, context={"effect": effect}).data)


def register(router) -> None:
    """Add this module's viewset to the API router."""
    router.register("campaigns/reach", CampaignReachViewSet, basename="campaign-reach")
