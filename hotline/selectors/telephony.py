"""Reading the telephony set-up of the user's organisation (managers)."""

from django.contrib.auth import get_user_model

from hotline.models import Line, OperatorExtension, TelephonyAccount


def telephony_account_list(*, user):
    return TelephonyAccount.objects.visible_to(user).select_related("created_by", "organisation")


def operator_extension_list(*, user):
    return OperatorExtension.objects.visible_to(user).select_related("line", "operator")


def telephony_line_list(*, user):
    """Lines whose telephony ``user`` manages."""
    from tenancy import organisations_with_perm

    organisation_ids = organisations_with_perm(user, "hotline.manage_telephony") or set()
    return Line.objects.visible_to(user).filter(organisation_id__in=organisation_ids)


def line_operator_choices(*, user):
    """People who answer a line ``user`` manages (the extension map's operators)."""
    lines = telephony_line_list(user=user)
    return (
        get_user_model().objects.filter(hotline_lines__in=lines).distinct().order_by("last_name", "username")
    )
