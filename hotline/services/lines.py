"""Hotline lines: a manager sets up the organisation's lines, their languages and who answers them."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from accounts import selectors as accounts_selectors
from accounts.roles import Role
from audit.services import audit_record
from hotline.models import Language, Line

MANAGE_LINE = "hotline.manage_line"
# Who may answer a line: the organisation's hotline operators and its managers.
OPERATOR_ROLES = (Role.HOTLINE_OPERATOR, Role.MANAGER)
LINE_FIELDS = ("name", "public_number", "languages", "is_active", "operators")


def line_operator_candidates(*, organisation):
    """Users with an active hotline operator's or manager's membership of ``organisation`` (the caller's
    permission on it is checked by the services and the forms' views)."""
    return accounts_selectors.members_with_roles(organisation=organisation, roles=OPERATOR_ROLES)


def _clean(*, organisation, line: Line | None, values: dict) -> dict:
    errors = {}
    if "name" in values:
        values["name"] = (values["name"] or "").strip()
        if not values["name"]:
            errors["name"] = _("Give the line a name.")
        else:
            # unscoped: names are unique within the line's own organisation only.
            same = Line.unscoped.filter(organisation=organisation, name__iexact=values["name"])
            if line is not None:
                same = same.exclude(pk=line.pk)
            if same.exists():
                errors["name"] = _("Your organisation already has a line with this name.")
    if "public_number" in values:
        values["public_number"] = (values["public_number"] or "").strip()
    if "languages" in values:
        languages = list(dict.fromkeys(values["languages"] or []))
        unknown = [code for code in languages if code not in Language.values]
        if unknown:
            errors["languages"] = _("Unknown language: %(codes)s.") % {"codes": ", ".join(map(str, unknown))}
        values["languages"] = languages
    if "operators" in values:
        operators = list(values["operators"] or [])
        allowed = set(line_operator_candidates(organisation=organisation).values_list("pk", flat=True))
        if any(user.pk not in allowed for user in operators):
            errors["operators"] = _(
                "Only hotline operators and managers of your organisation can answer its lines."
            )
        values["operators"] = operators
    if errors:
        raise ValidationError(errors)
    return values


def _details(line: Line) -> dict:
    return {
        "languages": list(line.languages),
        "is_active": line.is_active,
        "operators": sorted(line.operators.values_list("pk", flat=True)),
    }


@transaction.atomic
def line_create(*, organisation, by, name: str, public_number: str = "", languages=(), operators=()) -> Line:
    """A new active line of ``organisation``. PermissionDenied without ``hotline.manage_line`` there;
    ValidationError with field errors (name missing or taken, unknown language, a foreign operator)."""
    if not by.has_perm(MANAGE_LINE, organisation):
        raise PermissionDenied
    values = _clean(
        organisation=organisation,
        line=None,
        values={"name": name, "public_number": public_number, "languages": languages, "operators": operators},
    )
    operators = values.pop("operators")
    line = Line.objects.create(organisation=organisation, **values)
    line.operators.set(operators)
    audit_record(by=by, action="hotline.line_created", obj=line, details=_details(line))
    return line


@transaction.atomic
def line_update(*, line: Line, by, **fields) -> Line:
    """Change ``fields`` (of name, public_number, languages, is_active, operators) of ``line``.

    Deactivating keeps the line's contacts: it only stops new calls being logged on it."""
    unknown = set(fields) - set(LINE_FIELDS)
    if unknown:
        raise TypeError(f"line_update() got unexpected fields: {sorted(unknown)}")
    if not by.has_perm(MANAGE_LINE, line):
        raise PermissionDenied
    # unscoped: lock the row of a line the caller manages (checked above), so two edits serialise.
    line = Line.unscoped.select_for_update().get(pk=line.pk)
    values = _clean(organisation=line.organisation, line=line, values=dict(fields))
    operators = values.pop("operators", None)
    if "is_active" in values:
        values["is_active"] = bool(values["is_active"])
    changed = [name for name, value in values.items() if getattr(line, name) != value]
    for name in changed:
        setattr(line, name, values[name])
    if changed:
        line.save(update_fields=changed)
    current = set(line.operators.values_list("pk", flat=True))
    if operators is not None and current != {user.pk for user in operators}:
        line.operators.set(operators)
        changed.append("operators")
    audit_record(
        by=by, action="hotline.line_updated", obj=line, details={"changed": changed, **_details(line)}
    )
    return line
