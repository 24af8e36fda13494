"""What the campaign pages and the API read: campaigns in the user's scope (lead or partner), their
activities by channel and their materials."""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet

from campaigns.models import Activity, Airing, Campaign, Material, Participation, choices
from privacy.files import encrypted_file_read


def campaign_list(*, user, filters: dict | None = None) -> QuerySet[Campaign]:
    """Campaigns led by or shared with the user's organisations; ``filters`` as the list's FilterSet
    takes them (year, channel, target_group, region)."""
    campaigns = (
        Campaign.objects.visible_to(user)
        .select_related("organisation", "donor", "programme")
        .prefetch_related("partners", "regions")
    )
    if filters:
        from campaigns.filters import CampaignFilter

        filterset = CampaignFilter(filters, queryset=campaigns)
        campaigns = filterset.qs if filterset.is_valid() else campaigns.none()
    return campaigns


def campaign_get(*, user, pk: int) -> Campaign:
    """One campaign in the user's scope; Campaign.DoesNotExist otherwise (404 for the caller)."""
    return campaign_list(user=user).get(pk=pk)


def activity_list(*, user) -> QuerySet[Activity]:
    # unscoped: the airings and participants of activities already read through scope (their own).
    airings = Airing.unscoped.order_by("aired_at")
    participations = Participation.unscoped.order_by("sex", "age_band")  # unscoped: as above
    return (
        Activity.objects.visible_to(user)
        .select_related("organisation", "region", "campaign")
        .prefetch_related(
            Prefetch("airings", queryset=airings), Prefetch("participations", queryset=participations)
        )
    )


def activities_by_channel(*, user, campaign: Campaign) -> list[tuple[str, str, list[Activity]]]:
    """(channel, its label, activities) for each channel the campaign has activities on, in the
    vocabulary's order."""
    activities = list(activity_list(user=user).filter(campaign=campaign).order_by("starts_on", "pk"))
    groups = []
    for channel, label in choices.Channel.choices:
        rows = [activity for activity in activities if activity.channel == channel]
        if rows:
            groups.append((channel, label, rows))
    return groups


def material_list(*, user) -> QuerySet[Material]:
    return Material.objects.visible_to(user).select_related("campaign", "uploaded_by")


def material_content(*, user, pk: int) -> tuple[Material, bytes]:
    """A material in the user's scope and its decrypted bytes; Material.DoesNotExist otherwise."""
    material = material_list(user=user).get(pk=pk)
    return material, encrypted_file_read(model=Material, name=material.storage_name)
