"""Labels of the choice lists a campaign keeps as codes (target groups, languages, channels)."""

from django import template

from campaigns.models import choices

register = template.Library()

VOCABULARIES = {
    "target_groups": choices.TargetGroup,
    "languages": choices.Language,
    "channels": choices.Channel,
}


@register.filter
def choice_labels(codes, vocabulary: str) -> str:
    """``{{ campaign.channels|choice_labels:"channels" }}`` → "TV, SMS" in the active language."""
    labels = dict(VOCABULARIES[vocabulary].choices)
    return ", ".join(str(labels.get(code, code)) for code in codes or [])
