"""Forms for releases: choosing accepted proposals, the number and notes, and decisions.

They validate input only; ``standards.releases.services`` decides whether a release can be built.
"""

from django import forms

from portal.forms import TextHygieneMixin
from standards.models import Proposal

NOTES_MAX = 20_000
REASON_MAX = 1000


class ReleaseChooseForm(TextHygieneMixin, forms.Form):
    """Step 1: which accepted proposals go into the release. Also carried, hidden, in step 2."""

    proposals = forms.ModelMultipleChoiceField(
        queryset=Proposal.objects.none(),
        label="Which accepted proposals go into this release?",
        help_text="Their change sets are applied in this order to a copy of the current version.",
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": "Choose at least one accepted proposal",
            "invalid_choice": "Choose accepted proposals from the list",
            "invalid_pk_value": "Choose accepted proposals from the list",
        },
    )

    def __init__(self, *args, proposals, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["proposals"]
        field.queryset = proposals
        field.label_from_instance = lambda proposal: f"{proposal.reference}: {proposal.title}"

    def chosen(self) -> list[Proposal]:
        """In the order the list shows them, which is the order they are applied in."""
        return sorted(self.cleaned_data["proposals"], key=lambda proposal: proposal.number)


class ReleaseDetailsForm(ReleaseChooseForm):
    """Step 2: the number and notes, with the chosen proposals carried along."""

    number = forms.CharField(
        label="Version number",
        max_length=30,
        required=False,
        help_text="Worked out from the highest impact of the changes. You can choose a later one.",
        widget=forms.TextInput(attrs={"class": "govuk-input--width-10", "spellcheck": "false"}),
    )
    number_reason = forms.CharField(
        label="Why is the number later than it needs to be? (only if it is)",
        max_length=REASON_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    notes = forms.CharField(
        label="Release notes",
        max_length=NOTES_MAX,
        required=False,
        help_text="In Markdown. Generated from the proposals; edit them as you need.",
        widget=forms.Textarea(attrs={"rows": 14}),
        error_messages={"max_length": f"Enter release notes of {NOTES_MAX:,} characters or fewer"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["proposals"].widget = forms.MultipleHiddenInput()


class DecisionReasonForm(TextHygieneMixin, forms.Form):
    reason = forms.CharField(
        label="Why are you withdrawing the request? (optional)",
        max_length=REASON_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"max_length": f"Enter a reason of {REASON_MAX} characters or fewer"},
    )


class RejectForm(TextHygieneMixin, forms.Form):
    reason = forms.CharField(
        label="Why are you rejecting it?",
        help_text=(
            "The steward who asked for it will see your reason, on the release page and by email."
        ),
        max_length=REASON_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={
            "required": "Enter why you are rejecting this request",
            "max_length": f"Enter a reason of {REASON_MAX:,} characters or fewer",
        },
    )


class ConfirmForm(TextHygieneMixin, forms.Form):
    """A confirmation with nothing to fill in."""
