"""Forms of the committee pages: seat a judge, declare a conflict of interest, assign a judge by hand."""

from django import forms
from django.utils.translation import gettext_lazy as _

from awards.models import Entry
from awards.selectors import judging as selectors
from network import selectors as network_selectors
from network.countries import country_name


class JudgeChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, user):
        return user.get_full_name() or user.get_username()


class CommitteeMemberForm(forms.Form):
    judge = JudgeChoiceField(label=_("Judge"), queryset=None)
    country = forms.ChoiceField(
        label=_("National panel"),
        required=False,
        help_text=_("Leave empty for a judge of every country's entries."),
    )
    is_chair = forms.BooleanField(
        label=_("Chair of the committee"),
        required=False,
        help_text=_("The chair assigns judges and follows the progress; naming a new chair moves the seat."),
    )

    def __init__(self, *args, user, competition, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)
        self.fields["judge"].queryset = selectors.judge_choices(competition=competition)
        self.fields["country"].choices = [
            ("", _("Every country")),
            *((code, country_name(code)) for code in competition.countries),
        ]


class ConflictDeclareForm(forms.Form):
    judge = JudgeChoiceField(label=_("Judge"), queryset=None)
    with_organisation = forms.ModelChoiceField(
        label=_("Organisation"),
        queryset=None,
        required=False,
        help_text=_("The judge may not judge its entries nor the entries it partners."),
    )
    entry = forms.ModelChoiceField(label=_("Entry"), queryset=None, required=False)
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, user, competition, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)
        judges = selectors.committee_judges(user=user, competition=competition)
        if not selectors.can_run_judging(user=user, competition=competition):
            judges = judges.filter(pk=user.pk)  # a judge declares their own
        self.fields["judge"].queryset = judges
        self.fields["with_organisation"].queryset = network_selectors.organisation_list(user=user).order_by(
            "name_en"
        )
        self.fields["entry"].queryset = Entry.objects.visible_to(user).filter(competition=competition)


class AssignmentAddForm(forms.Form):
    judge = JudgeChoiceField(label=_("Judge"), queryset=None)

    def __init__(self, *args, user, entry, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)
        self.fields["judge"].queryset = selectors.committee_judges(
            user=user, competition=entry.competition
        ).exclude(award_assignments__entry=entry)
