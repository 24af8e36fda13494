"""A campaign's effect on the hotline: contacts that name it, and contacts from its regions during it and
as many weeks after it, against the same number of weeks before it.

Weeks run Monday to Sunday (local time). A campaign spanning n weeks (from the Monday of its first day's
week to the Sunday of its last day's week) is compared over 2n weeks: its n weeks and the n weeks after
it ("during/after"), against the 2n weeks just before it ("before"). Row i of the weekly table sets the
i-th week before beside the i-th week during/after. A week still running or to come is shown but left
out of the totals, on both sides, so that the change compares whole weeks with whole weeks.

The contacts counted are the completed contacts of every line of the campaign's lead and partner
organisations, from callers whose region is one of the campaign's; counts only, read through
``hotline.selectors`` (campaigns never read hotline's tables)."""

import datetime
from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from campaigns.models import Campaign
from hotline import selectors as hotline_selectors


@dataclass
class EffectWeek:
    index: int
    before_from: datetime.date
    before: int
    after_from: datetime.date
    after: int
    during: bool  # a week of the campaign itself (else one of the weeks after it)
    complete: bool  # the during/after week is over: counted in the totals

    @property
    def phase(self) -> str:
        return str(_("during") if self.during else _("after"))


@dataclass
class CampaignEffect:
    campaign: Campaign
    region_names: list = field(default_factory=list)
    campaign_weeks: int = 0
    weeks: list = field(default_factory=list)  # [EffectWeek]
    before_total: int = 0
    during_total: int = 0
    after_total: int = 0
    named: int = 0
    named_by_heard_via: list = field(default_factory=list)

    @property
    def during_after_total(self) -> int:
        return self.during_total + self.after_total

    @property
    def change_percent(self) -> float | None:
        """The change of the during/after total over the before total, in percent (None: nothing before)."""
        if not self.before_total:
            return None
        return round((self.during_after_total - self.before_total) * 100 / self.before_total, 1)

    @property
    def complete_weeks(self) -> int:
        return sum(week.complete for week in self.weeks)

    @property
    def peak(self) -> int:
        return max([max(week.before, week.after) for week in self.weeks] or [0])

    @property
    def period_from(self) -> datetime.date | None:
        return self.weeks[0].before_from if self.weeks else None

    @property
    def period_to(self) -> datetime.date | None:
        return self.weeks[-1].after_from + datetime.timedelta(days=6) if self.weeks else None


def campaign_weeks(campaign: Campaign) -> tuple[datetime.date, int]:
    """The Monday of the campaign's first week, and how many weeks (Monday to Sunday) it spans."""
    monday = campaign.starts_on - datetime.timedelta(days=campaign.starts_on.weekday())
    return monday, (campaign.ends_on - monday).days // 7 + 1


def campaign_effect(*, user, campaign: Campaign) -> CampaignEffect:
    """The hotline effect of ``campaign`` (visible to ``user``, and ``reach.reach_viewable``)."""
    regions = list(campaign.regions.order_by("code"))
    organisation_ids = {campaign.organisation_id, *campaign.partners.values_list("pk", flat=True)}
    monday, weeks = campaign_weeks(campaign)
    before_from = monday - datetime.timedelta(weeks=2 * weeks)
    counts = hotline_selectors.organisation_contact_counts(
        user=user,
        organisation_ids=organisation_ids,
        region_codes=[region.code for region in regions],
        date_from=before_from,
        date_to=monday + datetime.timedelta(weeks=2 * weeks, days=-1),
        campaign_id=campaign.pk,
    )
    effect = CampaignEffect(
        campaign=campaign,
        region_names=[region.name for region in regions],
        campaign_weeks=weeks,
        named=counts.named,
        named_by_heard_via=counts.named_by_heard_via,
    )
    if not regions:
        return effect
    today = timezone.localdate()
    for index in range(2 * weeks):
        before_week = before_from + datetime.timedelta(weeks=index)
        after_week = monday + datetime.timedelta(weeks=index)
        week = EffectWeek(
            index=index + 1,
            before_from=before_week,
            before=counts.weekly.get(before_week, 0),
            after_from=after_week,
            after=counts.weekly.get(after_week, 0),
            during=index < weeks,
            complete=after_week + datetime.timedelta(days=7) <= today,
        )
        effect.weeks.append(week)
        if week.complete:
            effect.before_total += week.before
            if week.during:
                effect.during_total += week.after
            else:
                effect.after_total += week.after
    return effect


@dataclass
class Bar:
    x: float
    y: float
    width: float
    height: float
    value: int
    label: str
    before: bool


CHART_HEIGHT = 160
CHART_LEFT = 28
BAR_WIDTH = 8
GROUP_WIDTH = 22


def effect_chart(effect: CampaignEffect) -> dict | None:
    """Bars of the weekly contacts, before beside during/after, for an inline SVG (the table is the data)."""
    if not effect.weeks:
        return None
    top, bottom = 10, CHART_HEIGHT - 20
    scale = (bottom - top) / max(effect.peak, 1)
    bars = []
    for position, week in enumerate(effect.weeks):
        x = CHART_LEFT + position * GROUP_WIDTH + 2
        for offset, value, before, start in (
            (0, week.before, True, week.before_from),
            (BAR_WIDTH, week.after, False, week.after_from),
        ):
            height = round(value * scale, 1)
            label = (
                _("week %(index)s, before (from %(date)s): %(count)s")
                if before
                else _("week %(index)s, %(phase)s (from %(date)s): %(count)s")
            )
            bars.append(
                Bar(
                    x=x + offset,
                    y=round(bottom - height, 1),
                    width=BAR_WIDTH,
                    height=height,
                    value=value,
                    label=str(label)
                    % {"index": week.index, "phase": week.phase, "date": start.isoformat(), "count": value},
                    before=before,
                )
            )
    right = CHART_LEFT + len(effect.weeks) * GROUP_WIDTH + 4
    return {
        "width": right,
        "height": CHART_HEIGHT,
        "left": CHART_LEFT,
        "right": right,
        "top": top,
        "bottom": bottom,
        "peak": effect.peak,
        "bars": bars,
        # The first week after the campaign: where a dashed line marks its end.
        "end_x": CHART_LEFT + effect.campaign_weeks * GROUP_WIDTH,
    }
