"""The shelter pages: shelters and their beds for managers, residents and admissions for staff, the
network's bed board for every NGO member with a case role, and placement requests between them."""

import datetime

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cases import selectors as case_selectors
from notifications.services import members_with_perm
from shelters import selectors, services
from shelters.forms import (
    AdmitForm,
    BedForm,
    BoardFilterForm,
    DischargeForm,
    PlacementRequestForm,
    RoomForm,
    ShelterForm,
    StayForm,
)
from tenancy import organisations_with_perm
from tenancy.forms import errors_to_form


def _require(user, perm: str) -> None:
    """Roles that never hold ``perm`` anywhere get 403 (before any row is looked up)."""
    if not user.has_perm(perm):
        raise PermissionDenied


def shelter_for(request, pk: int, perm: str | None = None):
    """The shelter if it is in the user's scope (else 404); 403 without ``perm`` on it."""
    _require(request.user, "shelters.view_shelter")
    shelter = get_object_or_404(selectors.shelter_list(user=request.user), pk=pk)
    if perm is not None and not request.user.has_perm(perm, shelter):
        raise PermissionDenied
    return shelter


def stay_for(request, pk: int):
    _require(request.user, "shelters.view_stay")
    stay = get_object_or_404(selectors.stay_list(user=request.user), pk=pk)
    if not request.user.has_perm("shelters.admit_resident", stay):
        raise PermissionDenied
    return stay


def _case_by_code(user, code: str):
    return case_selectors.case_list(user=user).filter(code=(code or "").strip().upper()).first()


# Shelters ------------------------------------------------------------------------------------------


def shelter_list(request):
    _require(request.user, "shelters.view_shelter")
    shelters = selectors.shelter_list(user=request.user).annotate(occupied=selectors.open_stays_count())
    can_add = bool(organisations_with_perm(request.user, "shelters.add_shelter"))
    return render(request, "shelters/shelter_list.html", {"shelters": shelters, "can_add": can_add})


def _staff_choices(organisation):
    return members_with_perm(organisation, "shelters.admit_resident")


def _acting_organisation(request, perm: str):
    organisation_ids = organisations_with_perm(request.user, perm)
    if not organisation_ids:
        raise PermissionDenied
    from network.models import Organisation

    return Organisation.objects.get(pk=min(organisation_ids))


def shelter_create(request):
    _require(request.user, "shelters.add_shelter")
    organisation = _acting_organisation(request, "shelters.add_shelter")
    form = ShelterForm(request.POST or None, staff_choices=_staff_choices(organisation))
    if form.is_valid():
        fields = dict(form.cleaned_data)
        staff = fields.pop("staff")
        try:
            shelter = services.shelter_create(
                organisation=organisation, by=request.user, staff=staff, **fields
            )
        except ValidationError as error:
            errors_to_form(form, error)
        else:
            messages.success(request, _("Shelter saved."))
            return redirect(shelter)
    return render(request, "shelters/shelter_form.html", {"form": form, "shelter": None})


def shelter_detail(request, pk):
    shelter = shelter_for(request, pk)
    context = {
        "shelter": shelter,
        "occupancy": selectors.shelter_occupancy(user=request.user, shelter=shelter),
        "rooms": shelter.rooms.prefetch_related("beds"),
        "beds_without_room": shelter.beds.filter(room=None),
        "staff": shelter.staff.order_by("username"),
        "can_change": request.user.has_perm("shelters.change_shelter", shelter),
        "can_admit": request.user.has_perm("shelters.admit_resident", shelter),
    }
    return render(request, "shelters/shelter_detail.html", context)


def shelter_update(request, pk):
    shelter = shelter_for(request, pk, "shelters.change_shelter")
    staff_choices = _staff_choices(shelter.organisation)
    initial = {
        name: getattr(shelter, name)
        for name in ("name", "city", "address", "target_groups", "capacity", "services", "rules", "is_active")
    }
    initial.update(region=shelter.region_id, staff=list(shelter.staff.values_list("pk", flat=True)))
    form = ShelterForm(request.POST or None, initial=initial, staff_choices=staff_choices)
    if form.is_valid():
        fields = dict(form.cleaned_data)
        staff = fields.pop("staff")
        try:
            services.shelter_update(shelter=shelter, by=request.user, staff=staff, **fields)
        except ValidationError as error:
            errors_to_form(form, error)
        else:
            messages.success(request, _("Shelter saved."))
            return redirect(shelter)
    return render(request, "shelters/shelter_form.html", {"form": form, "shelter": shelter})


def shelter_room_add(request, pk):
    shelter = shelter_for(request, pk, "shelters.change_shelter")
    form = RoomForm(request.POST or None)
    if form.is_valid():
        try:
            services.room_add(shelter=shelter, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            errors_to_form(form, error)
        else:
            messages.success(request, _("Room added."))
            return redirect(shelter)
    return render(
        request,
        "shelters/shelter_part_form.html",
        {"form": form, "shelter": shelter, "title": _("Add a room")},
    )


def shelter_bed_add(request, pk):
    shelter = shelter_for(request, pk, "shelters.change_shelter")
    form = BedForm(request.POST or None, shelter=shelter)
    if form.is_valid():
        try:
            services.bed_add(shelter=shelter, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            errors_to_form(form, error)
        else:
            messages.success(request, _("Bed added."))
            return redirect(shelter)
    return render(
        request,
        "shelters/shelter_part_form.html",
        {"form": form, "shelter": shelter, "title": _("Add a bed")},
    )


def shelter_occupancy(request, pk):
    shelter = shelter_for(request, pk)
    today = timezone.localdate()
    start = today - datetime.timedelta(days=364)
    series = selectors.occupancy_series(user=request.user, shelter=shelter, start=start, end=today)
    months: dict = {}
    for day in series:
        months.setdefault(day.day.replace(day=1), []).append(day)
    monthly = [
        {
            "month": month,
            "average": sum(d.occupied for d in days) / len(days),
            "peak": max(d.occupied for d in days),
            "share": (sum(d.share for d in days) / len(days)),
        }
        for month, days in months.items()
    ]
    context = {
        "shelter": shelter,
        "occupancy": selectors.shelter_occupancy(user=request.user, shelter=shelter),
        "monthly": monthly,
        "last_days": series[-14:],
        "average_stay": selectors.average_stay_days(
            user=request.user, shelter=shelter, start=start, end=today
        ),
    }
    return render(request, "shelters/shelter_occupancy.html", context)


# Residents -----------------------------------------------------------------------------------------


def shelter_residents(request, pk):
    shelter = shelter_for(request, pk)
    _require(request.user, "shelters.view_stay")
    stays = list(selectors.residents(user=request.user, shelter=shelter))
    visible_cases = set(
        case_selectors.case_list(user=request.user)
        .filter(pk__in=[s.case_id for s in stays])
        .values_list("pk", flat=True)
    )
    context = {
        "shelter": shelter,
        "stays": stays,
        "visible_cases": visible_cases,
        "occupancy": selectors.shelter_occupancy(user=request.user, shelter=shelter),
        "can_admit": request.user.has_perm("shelters.admit_resident", shelter),
    }
    return render(request, "shelters/shelter_residents.html", context)


def shelter_admit(request, pk):
    shelter = shelter_for(request, pk, "shelters.admit_resident")
    placement = None
    if request.GET.get("request", "").isdigit():
        placement = get_object_or_404(
            selectors.placement_request_list(user=request.user),
            pk=int(request.GET["request"]),
            shelter=shelter,
        )
    initial = {}
    if placement is not None:
        initial = {"case_code": placement.case.code, "target_group": placement.target_group}
        initial["admitted_on"] = min(placement.requested_for, timezone.localdate())
    form = AdmitForm(
        request.POST or None,
        initial=initial,
        shelter=shelter,
        free_beds=selectors.free_beds(shelter=shelter),
        from_request=placement is not None,
    )
    if form.is_valid():
        data = form.cleaned_data
        case = None if placement is not None else _case_by_code(request.user, data["case_code"])
        try:
            if placement is None and case is None:
                raise ValidationError({"case_code": _("No case of this code among the cases you may see.")})
            services.stay_admit(
                shelter=shelter,
                by=request.user,
                case=case,
                placement_request=placement,
                target_group=data["target_group"],
                admitted_on=data["admitted_on"],
                planned_discharge_on=data["planned_discharge_on"],
                bed=data.get("bed"),
            )
        except ValidationError as error:
            errors_to_form(form, error)
        else:
            messages.success(request, _("Resident admitted."))
            return redirect("shelters:shelter_residents", shelter.pk)
    context = {
        "shelter": shelter,
        "form": form,
        "placement": placement,
        "occupancy": selectors.shelter_occupancy(user=request.user, shelter=shelter),
    }
    return render(request, "shelters/shelter_admit.html", context)


def stay_update(request, pk):
    stay = stay_for(request, pk)
    form = StayForm(
        request.POST or None,
        initial={"planned_discharge_on": stay.planned_discharge_on, "target_group": stay.target_group},
        shelter=stay.shelter,
    )
    if form.is_valid():
        try:
            services.stay_update(stay=stay, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            errors_to_form(form, error)
        else:
            messages.success(request, _("Stay saved."))
            return redirect("shelters:shelter_residents", stay.shelter_id)
    return render(
        request, "shelters/stay_form.html", {"stay": stay, "form": form, "title": _("Change the stay")}
    )


def stay_discharge(request, pk):
    stay = stay_for(request, pk)
    form = DischargeForm(request.POST or None)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.stay_discharge(
                stay=stay,
                by=request.user,
                discharged_on=data["discharged_on"],
                reason=data["discharge_reason"],
                destination=data["discharge_destination"],
                destination_detail=data["destination_detail"],
            )
        except ValidationError as error:
            errors_to_form(form, error)
        else:
            messages.success(request, _("Resident discharged."))
            return redirect("shelters:shelter_residents", stay.shelter_id)
    return render(request, "shelters/stay_form.html", {"stay": stay, "form": form, "title": _("Discharge")})


# The network's bed board ----------------------------------------------------------------------------


def _board_context(request) -> dict:
    _require(request.user, "shelters.view_board")
    filters = BoardFilterForm(request.GET or None)
    values = filters.cleaned_data if filters.is_valid() else {}
    rows = selectors.board_rows(
        user=request.user,
        country=values.get("country", ""),
        region=values.get("region", ""),
        target_group=values.get("target_group", ""),
    )
    return {
        "filters": filters,
        "rows": rows,
        "totals": selectors.board_totals(rows),
        "can_request": request.user.has_perm("shelters.add_placementrequest"),
        "updated_at": timezone.localtime(),
        "query": request.GET.urlencode(),
    }


def board(request):
    return render(request, "shelters/board.html", _board_context(request))


def board_rows(request):
    """The board's table alone, which the page asks for every 30 seconds (htmx)."""
    return render(request, "shelters/_board_rows.html", _board_context(request))


# Placement requests ---------------------------------------------------------------------------------


def placement_request_list(request):
    _require(request.user, "shelters.view_placementrequest")
    context = {
        "waiting": selectors.placement_requests_waiting(user=request.user),
        "sent": selectors.placement_requests_sent(user=request.user)[:50],
    }
    return render(request, "shelters/placement_request_list.html", context)


def placement_request_create(request):
    _require(request.user, "shelters.add_placementrequest")
    rows = selectors.board_rows(user=request.user)
    initial = {}
    if request.GET.get("case", "").isdigit():
        case = get_object_or_404(case_selectors.case_list(user=request.user), pk=int(request.GET["case"]))
        initial["case_code"] = case.code
    if request.GET.get("shelter", "").isdigit():
        initial["shelter"] = int(request.GET["shelter"])
    form = PlacementRequestForm(request.POST or None, initial=initial, board_rows=rows)
    if form.is_valid():
        data = form.cleaned_data
        case = _case_by_code(request.user, data["case_code"])
        shelter = selectors.shelter_for_placement(pk=data["shelter"])
        try:
            if case is None:
                raise ValidationError({"case_code": _("No case of this code among the cases you may see.")})
            services.placement_request_create(
                case=case,
                shelter=shelter,
                by=request.user,
                target_group=data["target_group"],
                requested_for=data["requested_for"],
                note=data["note"],
            )
        except ValidationError as error:
            errors_to_form(form, error)
        else:
            messages.success(request, _("Placement requested: the shelter's staff have been told."))
            return redirect("shelters:placement_request_list")
    return render(request, "shelters/placement_request_form.html", {"form": form})


def _placement_for(request, pk: int):
    _require(request.user, "shelters.view_placementrequest")
    return get_object_or_404(selectors.placement_request_list(user=request.user), pk=pk)


@require_POST
def placement_request_accept(request, pk):
    placement = _placement_for(request, pk)
    if not request.user.has_perm("shelters.answer_placementrequest", placement.shelter):
        raise PermissionDenied
    try:
        services.placement_request_accept(request=placement, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("shelters:placement_request_list")
    messages.success(request, _("Request accepted. Admit the resident when they arrive."))
    return redirect(
        reverse("shelters:shelter_admit", args=[placement.shelter_id]) + f"?request={placement.pk}"
    )


@require_POST
def placement_request_decline(request, pk):
    placement = _placement_for(request, pk)
    if not request.user.has_perm("shelters.answer_placementrequest", placement.shelter):
        raise PermissionDenied
    try:
        services.placement_request_decline(request=placement, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Request declined."))
    return redirect("shelters:placement_request_list")


@require_POST
def placement_request_withdraw(request, pk):
    placement = _placement_for(request, pk)
    if not request.user.has_perm("shelters.add_placementrequest", placement):
        raise PermissionDenied
    try:
        services.placement_request_withdraw(request=placement, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Request withdrawn."))
    return redirect("shelters:placement_request_list")
