"""Change history (django-simple-history) scoped like every other tenant table."""

from simple_history.manager import HistoricalQuerySet

from accounts.tenancy import ALL_ORGANISATIONS, organisations_with_perm

HISTORY_VIEW_PERMISSION = "audit.view_history"


class TenantHistoricalQuerySet(HistoricalQuerySet):
    def visible_to(self, user):
        organisation_ids = organisations_with_perm(user, HISTORY_VIEW_PERMISSION)
        if organisation_ids is ALL_ORGANISATIONS:
            return self.all()
        return self.filter(organisation_id__in=organisation_ids)
