"""What shelters tell users through the ``notifications`` app: the kinds they send and who gets them."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from notifications import kinds
from notifications.services import members_with_perm, notification_create

PLACEMENT_REQUESTED = "shelters.placement_requested"
PLACEMENT_ACCEPTED = "shelters.placement_accepted"
PLACEMENT_DECLINED = "shelters.placement_declined"
NEARLY_FULL = "shelters.nearly_full"
FULL_SHARE = 0.9  # a shelter this full warns its staff and managers

kinds.register(
    PLACEMENT_REQUESTED,
    label=_("Placement requested"),
    message=_("A place in your shelter was requested for case %(subject)s by %(actor)s."),
)
kinds.register(
    PLACEMENT_ACCEPTED,
    label=_("Placement accepted"),
    message=_("Your placement request for case %(subject)s was accepted by %(actor)s."),
)
kinds.register(
    PLACEMENT_DECLINED,
    label=_("Placement declined"),
    message=_("Your placement request for case %(subject)s was declined by %(actor)s."),
)
kinds.register(
    NEARLY_FULL,
    label=_("Shelter nearly full"),
    message=_("Shelter %(actor)s is at least 90%% full (%(subject)s places taken)."),
)


def shelter_people(shelter) -> list:
    """The shelter's staff and its organisation's managers (who run every shelter of it)."""
    people = {user.pk: user for user in shelter.staff.filter(is_active=True)}
    for user in members_with_perm(shelter.organisation, "shelters.change_shelter"):
        people.setdefault(user.pk, user)
    return list(people.values())


def placement_requested_notify(*, request) -> None:
    shelter = request.shelter
    notification_create(
        recipients=shelter_people(shelter),
        organisation=shelter.organisation,
        kind=PLACEMENT_REQUESTED,
        subject=request.case.code,
        url=reverse("shelters:placement_request_list"),
        actor=str(request.organisation),
    )


def placement_answered_notify(*, request, kind: str) -> None:
    notification_create(
        recipients=[request.requested_by],
        organisation=request.organisation,
        kind=kind,
        subject=request.case.code,
        url=reverse("shelters:placement_request_list"),
        actor=str(request.shelter.organisation),
    )


def nearly_full_notify(*, shelter, occupied: int, places: int) -> None:
    notification_create(
        recipients=shelter_people(shelter),
        organisation=shelter.organisation,
        kind=NEARLY_FULL,
        subject=f"{occupied}/{places}",
        url=reverse("shelters:shelter_occupancy", args=[shelter.pk]),
        actor=shelter.name,
    )


def crossed_nearly_full(before: int, after: int, places: int) -> bool:
    return places > 0 and before < FULL_SHARE * places <= after
