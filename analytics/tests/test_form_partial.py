from django import forms
from django.template.loader import render_to_string


class ShelterForm(forms.Form):
    name = forms.CharField(label="Shelter name", max_length=20, help_text="As on the sign.")
    beds = forms.IntegerField(label="Beds")
    open_now = forms.BooleanField(label="Open now", required=False)
    token = forms.CharField(widget=forms.HiddenInput)

    def clean(self):
        raise forms.ValidationError("The shelter could not be saved.")


def test_form_partial_links_labels_help_and_errors_to_fields():
    form = ShelterForm({"name": "A shelter name that is far too long", "beds": "", "token": "t"})
    form.is_valid()

    content = render_to_string("_form.html", {"form": form})

    required = '<span class="required" aria-hidden="true">*</span>'
    assert f'<label for="id_name">Shelter name {required}</label>' in content
    assert 'aria-describedby="id_name_helptext id_name_error"' in content
    assert 'aria-invalid="true"' in content
    assert '<small class="field-error" id="id_name_error">' in content
    assert '<small class="helptext" id="id_name_helptext">As on the sign.</small>' in content
    assert 'value="A shelter name that is far too long"' in content


def test_form_partial_puts_form_errors_first_in_an_alert():
    form = ShelterForm({"name": "Safe house", "beds": "4", "token": "t"})
    form.is_valid()

    content = render_to_string("_form.html", {"form": form})

    assert content.index('role="alert"') < content.index('<label for="id_name">')
    assert "<li>The shelter could not be saved.</li>" in content
    assert '<input type="hidden" name="token" value="t" id="id_token">' in content


def test_form_partial_unbound_form_has_no_errors():
    content = render_to_string("_form.html", {"form": ShelterForm()})

    assert 'role="alert"' not in content
    assert "aria-invalid" not in content
    assert '<label for="id_open_now">' in content
