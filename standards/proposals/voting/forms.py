"""Forms for votes: casting a position, answering an objection, and the decision rule.

They validate input only; ``standards.proposals.voting.services`` makes each change, and the
views put its refusals back on these forms.
"""

from django import forms

from community.models import WorkingGroup
from portal.forms import TextHygieneMixin
from standards.choices import ObjectionResponseKind, Stance
from standards.limits import REASON_MAX_LENGTH


class PositionForm(TextHygieneMixin, forms.Form):
    group = forms.ModelChoiceField(
        queryset=WorkingGroup.objects.none(),
        label="Which group are you voting for?",
        help_text="You are a member of more than one group that votes. Vote for each separately.",
        widget=forms.RadioSelect,
        empty_label=None,
        error_messages={"required": "Choose the group you are voting for"},
    )
    stance = forms.ChoiceField(
        label="How do you vote?",
        choices=Stance.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose approve, object or abstain"},
    )
    reason = forms.CharField(
        label="Your reason",
        help_text="Required if you object, so the author can answer it. Everyone can read it.",
        required=False,
        max_length=REASON_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={
            "max_length": f"Enter a reason of {REASON_MAX_LENGTH:,} characters or fewer"
        },
    )

    def __init__(self, *args, groups: list[WorkingGroup], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["group"].queryset = WorkingGroup.objects.filter(
            pk__in=[group.pk for group in groups]
        ).order_by("name")
        if len(groups) == 1:
            self.fields["group"].widget = forms.HiddenInput()
            self.fields["group"].initial = groups[0].pk

    def clean(self):
        data = super().clean()
        if data.get("stance") == Stance.OBJECT and not (data.get("reason") or "").strip():
            self.add_error("reason", "Enter why you object, so the author can answer it")
        return data


class ObjectionAnswerForm(TextHygieneMixin, forms.Form):
    kind = forms.ChoiceField(
        label="Is the objection persuasive?",
        choices=ObjectionResponseKind.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose whether the objection is persuasive, not persuasive or out of scope"
        },
    )
    text = forms.CharField(
        label="Your answer",
        help_text="The objector is emailed your answer, and everyone can read it.",
        max_length=REASON_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={
            "required": "Enter your answer to the objection",
            "max_length": f"Enter an answer of {REASON_MAX_LENGTH:,} characters or fewer",
        },
    )


class DecisionRuleForm(TextHygieneMixin, forms.Form):
    voting_period_days = forms.IntegerField(
        label="Voting period, in days",
        min_value=1,
        max_value=90,
        widget=forms.NumberInput(attrs={"class": "govuk-input--width-3"}),
        error_messages={
            "required": "Enter the voting period in days",
            "invalid": "Enter the voting period as a whole number of days, like 14",
            "min_value": "Enter a voting period between 1 and 90 days",
            "max_value": "Enter a voting period between 1 and 90 days",
        },
    )
    minimum_open_days = forms.IntegerField(
        label="Minimum open time before a convener can close it early, in days",
        min_value=0,
        max_value=90,
        widget=forms.NumberInput(attrs={"class": "govuk-input--width-3"}),
        error_messages={
            "required": "Enter the minimum open time in days",
            "invalid": "Enter the minimum open time as a whole number of days, like 7",
            "min_value": "Enter a minimum open time of 0 days or more",
            "max_value": "Enter a minimum open time no longer than the voting period",
        },
    )
    quorum_percent = forms.IntegerField(
        label="Quorum, as a percentage of each group’s eligible members",
        help_text="Abstentions count towards quorum.",
        min_value=0,
        max_value=100,
        widget=forms.NumberInput(attrs={"class": "govuk-input--width-3"}),
        error_messages={
            "required": "Enter the quorum as a percentage",
            "invalid": "Enter the quorum as a whole number, like 30",
            "min_value": "Enter a quorum between 0% and 100%",
            "max_value": "Enter a quorum between 0% and 100%",
        },
    )
    threshold_numerator = forms.IntegerField(
        label="Approvals needed: this many",
        min_value=1,
        widget=forms.NumberInput(attrs={"class": "govuk-input--width-2"}),
        error_messages={
            "required": "Enter the threshold, like 2 in 3",
            "invalid": "Enter the threshold as whole numbers, like 2 in 3",
            "min_value": "Enter a threshold greater than zero, like 2 in 3",
        },
    )
    threshold_denominator = forms.IntegerField(
        label="in every this many of those approving or objecting",
        min_value=1,
        widget=forms.NumberInput(attrs={"class": "govuk-input--width-2"}),
        error_messages={
            "required": "Enter the threshold, like 2 in 3",
            "invalid": "Enter the threshold as whole numbers, like 2 in 3",
            "min_value": "Enter a threshold greater than zero, like 2 in 3",
        },
    )
    required_groups = forms.ModelMultipleChoiceField(
        queryset=WorkingGroup.objects.none(),
        label="Groups that must pass a proposal",
        help_text="Choose none for every active group.",
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    advisory_groups = forms.ModelMultipleChoiceField(
        queryset=WorkingGroup.objects.none(),
        label="Groups that only advise",
        help_text="Their votes are shown but do not decide.",
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    lazy_consensus = forms.BooleanField(
        label="Lazy consensus: pass at the deadline if nobody objects, whatever the turnout",
        required=False,
    )

    def __init__(self, *args, groups, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["required_groups"].queryset = groups
        self.fields["advisory_groups"].queryset = groups

    def clean(self):
        data = super().clean()
        minimum, period = data.get("minimum_open_days"), data.get("voting_period_days")
        if minimum is not None and period is not None and minimum > period:
            self.add_error(
                "minimum_open_days", "Enter a minimum open time no longer than the voting period"
            )
        top, bottom = data.get("threshold_numerator"), data.get("threshold_denominator")
        if top is not None and bottom is not None and top > bottom:
            self.add_error(
                "threshold_numerator", "Enter a threshold no greater than all, like 2 in 3"
            )
        both = set(data.get("required_groups") or []) & set(data.get("advisory_groups") or [])
        if both:
            self.add_error(
                "advisory_groups", "A group cannot both have to pass a proposal and only advise"
            )
        return data
