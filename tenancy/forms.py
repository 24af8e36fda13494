"""Form helpers every domain's views share."""

from django import forms
from django.core.exceptions import ValidationError


def errors_to_form(form: forms.Form, error: ValidationError) -> None:
    """A service's ValidationError on the form: on the named field when the form has it, else on top, so
    that the page shows every reason beside what the user typed."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for name, errors in error.error_dict.items():
        form.add_error(name if name in form.fields else None, errors)
