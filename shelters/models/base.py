"""Who reads shelter rows: the organisation's members with the view permission; shelter staff (who lack
``shelters.view_every_stay``) only the stays and placement requests of the shelters they work in."""

from django.db import models

from tenancy import TenantQuerySet, organisations_with_perm

EVERY_STAY = "shelters.view_every_stay"


def _narrowed_to_staff(queryset, user, organisation_field: str):
    """Rows of organisations where ``user`` sees every stay, and rows of the shelters ``user`` works in."""
    from shelters.models.shelter import ShelterStaff

    every = organisations_with_perm(user, EVERY_STAY)
    if every is None:  # a network-wide role (none holds it today): every row already in scope
        return queryset
    own_shelters = ShelterStaff.objects.filter(user_id=user.pk).values("shelter_id")
    return queryset.filter(
        models.Q(**{f"{organisation_field}__in": every}) | models.Q(shelter_id__in=own_shelters)
    )


class ShelterQuerySet(TenantQuerySet):
    pass


class StayQuerySet(TenantQuerySet):
    def visible_to(self, user):
        return _narrowed_to_staff(super().visible_to(user), user, "organisation_id")

    def current(self):
        return self.filter(discharged_on__isnull=True)


class PlacementRequestQuerySet(TenantQuerySet):
    def shared_with(self, organisation_ids):
        """The requester's organisation and the organisation running the shelter asked."""
        return models.Q(organisation_id__in=organisation_ids) | models.Q(
            shelter__organisation_id__in=organisation_ids
        )

    def visible_to(self, user):
        queryset = super().visible_to(user)
        every = organisations_with_perm(user, EVERY_STAY)
        if every is None:
            return queryset
        from shelters.models.shelter import ShelterStaff

        own_shelters = ShelterStaff.objects.filter(user_id=user.pk).values("shelter_id")
        # Requests the user's own organisation sent (a caseworker's) and requests to the shelters where
        # the user works or the user's organisation's managers see everything.
        requester_ids = organisations_with_perm(user, "shelters.add_placementrequest")
        return queryset.filter(
            models.Q(organisation_id__in=requester_ids)
            | models.Q(shelter__organisation_id__in=every)
            | models.Q(shelter_id__in=own_shelters)
        )
