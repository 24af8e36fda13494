"""The figures of a campaign's reach and effect as rows, for a CSV a donor report or an award entry can cite.

Every row says whether its value is counted or estimated, and where an estimate comes from."""

from django.utils.translation import gettext as _

from campaigns.selectors.effect import CampaignEffect
from campaigns.selectors.reach import CampaignReach


def reach_rows(*, reach: CampaignReach, effect: CampaignEffect) -> list[list]:
    """Rows (the first is the header) of the campaign's figures: section, figure, value, kind, source."""
    campaign = reach.campaign
    counted, estimated = _("counted"), _("estimated")
    rows = [[_("Section"), _("Figure"), _("Value"), _("Counted or estimated"), _("Source")]]
    rows += [
        [_("Campaign"), _("Name"), campaign.name, "", ""],
        [
            _("Campaign"),
            _("Period"),
            f"{campaign.starts_on.isoformat()} – {campaign.ends_on.isoformat()}",
            "",
            "",
        ],
        [_("Reach"), _("People reached, counted (total)"), reach.counted_total, counted, ""],
        [_("Reach"), _("People reached, estimated (total)"), reach.estimated_total, estimated, ""],
    ]
    for channel in reach.channels:
        if channel.counted is not None:
            rows.append([channel.label, channel.counted_what, channel.counted, counted, ""])
        if channel.estimated is not None:
            rows.append(
                [
                    channel.label,
                    channel.estimated_what,
                    channel.estimated,
                    estimated,
                    "; ".join(channel.sources),
                ]
            )
        rows += [[channel.label, label, value, counted, ""] for key, label, value in channel.details]
    rows += [
        [_("Event participants"), f"{sex}, {band}", n, counted, ""] for sex, band, n in reach.participants
    ]
    rows += [
        [_("Hotline"), _("Contacts naming the campaign"), effect.named, counted, ""],
        [
            _("Hotline"),
            _("Contacts from the campaign's regions, weeks before"),
            effect.before_total,
            counted,
            "",
        ],
        [
            _("Hotline"),
            _("Contacts from the campaign's regions, weeks during"),
            effect.during_total,
            counted,
            "",
        ],
        [
            _("Hotline"),
            _("Contacts from the campaign's regions, weeks after"),
            effect.after_total,
            counted,
            "",
        ],
        [
            _("Hotline"),
            _("Change, during and after against before (%)"),
            "" if effect.change_percent is None else effect.change_percent,
            counted,
            "",
        ],
    ]
    for week in effect.weeks:
        rows.append(
            [
                _("Hotline, week %(index)s") % {"index": week.index},
                _("before (from %(before)s) / %(phase)s (from %(after)s)")
                % {
                    "before": week.before_from.isoformat(),
                    "phase": week.phase,
                    "after": week.after_from.isoformat(),
                },
                f"{week.before} / {week.after}" + ("" if week.complete else " *"),
                counted,
                "",
            ]
        )
    return rows
