"""The search tokens of each victim's names and birth data (``privacy.search_tokens`` derives them)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from cases.models import choices
from cases.models.base import SectionQuerySet, case_fk
from tenancy import TenantModel, organisation_fk


class VictimSearchToken(TenantModel, models.Model):
    """One keyed token of a victim's folded names or birth data: part of the personal section, so it is
    read (searched) only where the personal data may be seen. Rebuilt by the services that write names
    and by ``recompute_blind_indexes`` after a blind-index key change (``kid`` names the key)."""

    shared_section = choices.Section.PERSONAL_DATA
    tenant_view_permission = "cases.view_personal_data"

    organisation = organisation_fk()
    case = case_fk("search_tokens")
    token = models.BigIntegerField(_("token"))
    kid = models.CharField(_("key id"), max_length=64)

    objects = SectionQuerySet.as_manager()
    unscoped = SectionQuerySet.as_unscoped_manager()

    class Meta:
        verbose_name = _("search token")
        verbose_name_plural = _("search tokens")
        # A search reads the matching cases of the user's organisations from the index alone.
        indexes = [
            models.Index(fields=["token", "organisation", "case"], name="victimsearchtoken_token_case")
        ]

    def __str__(self) -> str:
        return f"{self.case_id}:{self.kid}"
