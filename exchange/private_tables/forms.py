"""The analyst's request for a private release: which tables, ε (and δ), a title."""

from decimal import Decimal

from django import forms
from django.utils.formats import number_format
from django.utils.translation import gettext as _, gettext_lazy

from exchange.models import PrivacyBudget
from exchange.private_tables.counting import TableSpec
from exchange.private_tables.dimensions import dimension_choices

MAX_TABLES = 6


class PrivateReleaseForm(forms.Form):
    title = forms.CharField(label=gettext_lazy("Title"), max_length=200)
    dimensions = forms.MultipleChoiceField(
        label=gettext_lazy("Dimensions"),
        widget=forms.CheckboxSelectMultiple,
        help_text=gettext_lazy("One table by each dimension chosen, or one table crossing two."),
    )
    crossed = forms.BooleanField(label=gettext_lazy("Cross the two dimensions in one table"), required=False)
    epsilon = forms.DecimalField(
        label=gettext_lazy("ε (privacy loss of this release)"),
        max_digits=7,
        decimal_places=3,
        min_value=Decimal("0.01"),
    )
    delta = forms.DecimalField(
        label=gettext_lazy("δ (optional: the discrete Gaussian mechanism instead of Laplace)"),
        max_digits=14,
        decimal_places=12,
        min_value=Decimal(0),
        max_value=Decimal("0.001"),
        required=False,
    )

    def __init__(self, data=None, *, budget: PrivacyBudget, **kwargs):
        super().__init__(data, **kwargs)
        self.budget = budget
        self.fields["dimensions"].choices = dimension_choices()
        self.fields["epsilon"].initial = budget.release_epsilon

    def clean_epsilon(self):
        epsilon = self.cleaned_data["epsilon"]
        if epsilon > self.budget.release_epsilon:
            raise forms.ValidationError(
                _("One public release may spend at most ε = %(most)s; you asked for %(asked)s.")
                % {
                    "most": number_format(self.budget.release_epsilon.normalize()),
                    "asked": number_format(epsilon.normalize()),
                }
            )
        return epsilon

    def clean(self):
        cleaned = super().clean()
        chosen = cleaned.get("dimensions") or []
        if cleaned.get("crossed") and len(chosen) != 2:
            self.add_error("crossed", _("Choose exactly two dimensions to cross them in one table."))
        if len(chosen) > MAX_TABLES:
            self.add_error("dimensions", _("Choose at most %(most)d dimensions.") % {"most": MAX_TABLES})
        cleaned["delta"] = cleaned.get("delta") or Decimal(0)
        return cleaned

    def tables(self) -> list[TableSpec]:
        """The tables asked for (after ``is_valid()``), in the order of the dimensions' list."""
        order = [key for key, _label in dimension_choices()]
        chosen = sorted(self.cleaned_data["dimensions"], key=order.index)
        if self.cleaned_data.get("crossed"):
            return [tuple(chosen)]
        return [(key,) for key in chosen]
