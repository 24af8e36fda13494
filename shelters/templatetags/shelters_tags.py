from django import template

from shelters.models import choices

register = template.Library()

_GROUPS = dict(choices.TargetGroup.choices)
_SERVICES = dict(choices.ShelterService.choices)


@register.filter
def target_group_label(code: str) -> str:
    return str(_GROUPS.get(code, code))


@register.filter
def service_label(code: str) -> str:
    return str(_SERVICES.get(code, code))
