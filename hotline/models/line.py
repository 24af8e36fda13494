from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from hotline.models.choices import Language
from tenancy import TenantModel, TenantQuerySet, organisation_fk, tenant_history
from tenancy.fields import choice_list


class LineQuerySet(TenantQuerySet):
    def operated_by(self, user):
        return self.filter(operators=user)


class Line(TenantModel, models.Model):
    """A hotline an organisation runs: a public number (never a person's), answered in some languages."""

    organisation = organisation_fk("hotline_lines")
    name = models.CharField(_("name"), max_length=120)
    public_number = models.CharField(
        _("public phone number"),
        max_length=32,
        blank=True,
        help_text=_("The hotline's published number, never an operator's personal one."),
    )
    languages = choice_list(_("languages"), Language)
    is_active = models.BooleanField(_("active"), default=True)
    operators = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="hotline_lines",
        verbose_name=_("operators"),
        help_text=_("Who answers this line."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    objects = LineQuerySet.as_manager()
    unscoped = LineQuerySet.as_unscoped_manager()
    history = tenant_history()

    class Meta:
        verbose_name = _("hotline line")
        verbose_name_plural = _("hotline lines")
        ordering = ["organisation", "name"]
        permissions = [("manage_line", "Can manage hotline lines and their operators")]

    def __str__(self) -> str:
        return self.name
