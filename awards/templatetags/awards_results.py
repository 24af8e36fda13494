from django import template

from network.countries import country_name

register = template.Library()


@register.filter
def country_label(code: str) -> str:
    """A country's name in the active language, from its ISO 3166-1 code."""
    return country_name(code) if code else ""


@register.simple_tag(takes_context=True)
def can_view_results(context, competition) -> bool:
    """Does the user follow this competition's live results (its chair or an organiser)?"""
    from awards.selectors import results

    user = context.get("user")
    if competition is None or not getattr(competition, "pk", None) or user is None:
        return False
    return results.can_view_table(user=user, competition=competition)
