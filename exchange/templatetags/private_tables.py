"""``{{ value|privacy_figure }}``: an ε or δ as a reader writes it (0.5, 1, 0.000001)."""

from decimal import Decimal

from django import template
from django.utils.formats import number_format

register = template.Library()


@register.filter
def privacy_figure(value) -> str:
    if value is None or value == "":
        return ""
    return number_format(Decimal(format(Decimal(value).normalize(), "f")))
