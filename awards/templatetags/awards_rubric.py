"""Template filters of the rubric tables: the levels of a nomination's scale, a criterion's descriptor."""

from django import template

from awards.models import choices
from network.countries import country_name

register = template.Library()


@register.filter
def scale_levels(nomination) -> range:
    return range(nomination.scale_min, nomination.scale_max + 1)


@register.filter
def descriptor(criterion, level: int) -> str:
    return criterion.descriptor(level)


@register.filter
def country_names(codes) -> str:
    return ", ".join(country_name(code) for code in codes or [])


@register.filter
def figure_source_labels(codes) -> str:
    labels = dict(choices.FigureSource.choices)
    return "; ".join(str(labels.get(code, code)) for code in codes or [])


@register.filter(name="country_name")
def country_name_filter(code) -> str:
    return country_name(code) if code else ""
