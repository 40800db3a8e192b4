"""Forms validate input only. Services make the change; views put service refusals back here."""

from datetime import timedelta

from django import forms
from django.core.exceptions import ValidationError
from django.utils import dateformat, timezone

from community import selectors
from community.choices import (
    TOKEN_LIFETIME_DAYS,
    TOKEN_SCOPE_HINTS,
    MembershipRole,
    OrganisationType,
    TokenScope,
)
from community.models import AccessToken
from community.validators import (
    normalise_identifier,
    parse_email_domains,
    validate_identifier,
    validate_plain_email,
)
from portal.forms import CheckboxSelectMultipleWidget, RadioSelectWidget, TextHygieneMixin

STATEMENT_MAX = 1000
REASON_MAX = 1000


class PlainEmailField(forms.EmailField):
    """An email address we can safely show and write to: no quoted local part or controls."""

    default_validators = [validate_plain_email]


class ReasonField(forms.CharField):
    def __init__(
        self,
        *,
        label: str = "Reason",
        help_text: str = "",
        required: bool = False,
        required_message: str = "Enter a reason",
    ):
        super().__init__(
            label=label,
            help_text=help_text,
            required=required,
            max_length=REASON_MAX,
            widget=forms.Textarea(attrs={"rows": 4}),
            error_messages={
                "required": required_message,
                "max_length": f"{label} must be {REASON_MAX} characters or fewer",
            },
        )


class OrganisationChooseForm(TextHygieneMixin, forms.Form):
    organisation = forms.ChoiceField(
        label="Which organisation do you work for?",
        widget=forms.RadioSelect,
        error_messages={
            "required": "Select the organisation you work for",
            "invalid_choice": "Select an organisation from the list",
        },
    )

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.organisations = {str(o.pk): o for o in organisations}
        self.fields["organisation"].choices = [
            (pk, self.describe(organisation)) for pk, organisation in self.organisations.items()
        ]

    @staticmethod
    def describe(organisation) -> str:
        parts = [organisation.get_type_display().lower()]
        if organisation.identifier:
            parts.append(organisation.identifier)
        if not organisation.is_verified:
            parts.append("not yet verified")
        return f"{organisation.name} ({', '.join(parts)})"

    @property
    def chosen(self):
        return self.organisations[self.cleaned_data["organisation"]]


class OrganisationRegisterForm(TextHygieneMixin, forms.Form):
    name = forms.CharField(
        label="Organisation name",
        max_length=200,
        error_messages={"required": "Enter the name of your organisation"},
    )
    type = forms.ChoiceField(
        label="Type of organisation",
        choices=OrganisationType.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the type of organisation"},
    )
    identifier = forms.CharField(
        label="Identifier",
        max_length=20,
        required=False,
        help_text=(
            "For a local authority, its ONS GSS code, like E06000023. For a housing "
            "association, its RSH registration number, like L4390. For a technology supplier, "
            "its Companies House number, like SC123456. Leave blank for other organisations."
        ),
    )
    email_domains = forms.CharField(
        label="Email domains",
        required=False,
        help_text=(
            "The part of your colleagues' email addresses after the @, like example.gov.uk. "
            "Separate more than one with commas."
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["identifier"].hide_optional = True
        self.fields["identifier"].widget.attrs.update(
            {"class": "govuk-input--width-10", "autocomplete": "off"}
        )

    def clean_identifier(self) -> str:
        return normalise_identifier(self.cleaned_data["identifier"])

    def clean_email_domains(self) -> list[str]:
        return parse_email_domains(self.cleaned_data["email_domains"])

    def clean(self):
        cleaned = super().clean()
        if "type" in cleaned and "identifier" in cleaned:
            try:
                validate_identifier(cleaned["type"], cleaned["identifier"])
            except ValidationError as error:
                self.add_error("identifier", error)
        return cleaned


class JoinRequestForm(TextHygieneMixin, forms.Form):
    statement = forms.CharField(
        label="Why do you want to join this group?",
        help_text=(
            "Tell the conveners about your role and what you hope to contribute. They will see "
            "your name, email address and organisation."
        ),
        max_length=STATEMENT_MAX,
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={
            "required": "Enter why you want to join the group",
            "max_length": f"Your reason must be {STATEMENT_MAX} characters or fewer",
        },
    )


class DecisionForm(TextHygieneMixin, forms.Form):
    APPROVE = "approve"
    REJECT = "reject"

    decision = forms.ChoiceField(
        label="Do you want to approve this request?",
        choices=[(APPROVE, "Yes, approve it"), (REJECT, "No, reject it")],
        widget=forms.RadioSelect,
        error_messages={"required": "Select whether to approve or reject the request"},
    )
    reason = ReasonField(
        help_text="Required if you reject the request. The person will see this in an email.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reason"].hide_optional = True

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("decision") == self.REJECT and not cleaned.get("reason", "").strip():
            self.add_error("reason", "Enter a reason for rejecting the request")
        return cleaned


class InvitationForm(TextHygieneMixin, forms.Form):
    email = PlainEmailField(
        label="Email address",
        help_text="We will email them a link that works once and lasts 14 days.",
        error_messages={
            "required": "Enter the email address of the person you want to invite",
            "invalid": "Enter an email address in the correct format, like name@example.gov.uk",
        },
    )
    message = ReasonField(label="Message", help_text="Added to the invitation email.")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email"].widget.attrs["autocomplete"] = "off"


class OptionalReasonForm(TextHygieneMixin, forms.Form):
    reason = ReasonField()

    def __init__(self, *args, help_text: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        if help_text:
            self.fields["reason"].help_text = help_text


class RequiredReasonForm(TextHygieneMixin, forms.Form):
    reason = ReasonField(required=True)

    def __init__(self, *args, help_text: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        if help_text:
            self.fields["reason"].help_text = help_text


class RoleChangeForm(OptionalReasonForm):
    # The target role travels with the form, so submitting twice cannot flip the role back.
    role = forms.ChoiceField(choices=MembershipRole.choices, widget=forms.HiddenInput)


class GroupForm(TextHygieneMixin, forms.Form):
    name = forms.CharField(
        label="Name", max_length=100, error_messages={"required": "Enter the name of the group"}
    )
    remit = forms.CharField(
        label="Remit",
        help_text="What the group is for and who should join it. Shown on the list of groups.",
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": "Enter the group's remit"},
    )
    organisation_types = forms.MultipleChoiceField(
        label="Which organisations is this group for?",
        help_text=(
            "People from these organisations are shown this group first. Select all that apply."
        ),
        choices=OrganisationType.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )


class AppointConvenerForm(TextHygieneMixin, forms.Form):
    email = PlainEmailField(
        label="Email address of the new convener",
        help_text="They need an account on this service. If they are not a member yet, they "
        "will be added to the group.",
        error_messages={
            "required": "Enter the email address of the person to appoint",
            "invalid": "Enter an email address in the correct format, like name@example.gov.uk",
        },
    )
    reason = ReasonField()

    def clean_email(self):
        person = selectors.user_by_email(email=self.cleaned_data["email"])
        if person is None:
            raise ValidationError(
                "No one has an account with that email address. Ask them to create an account "
                "first, or invite them to the group"
            )
        self.cleaned_data["person"] = person
        return self.cleaned_data["email"]


TOKEN_NAME_MAX = AccessToken._meta.get_field("name").max_length


class AccessTokenForm(TextHygieneMixin, forms.Form):
    name = forms.CharField(
        label="What is the token for?",
        help_text="You will see this in your list of tokens, for example "
        "‘Repairs system at Brookvale Homes’.",
        max_length=TOKEN_NAME_MAX,
        error_messages={
            "required": "Enter what the token is for",
            "max_length": f"What the token is for must be {TOKEN_NAME_MAX} characters or fewer",
        },
    )
    scopes = forms.MultipleChoiceField(
        label="What can the token do?",
        help_text="Select all that apply. A token can never do more than you can do yourself.",
        choices=TokenScope.choices,
        widget=CheckboxSelectMultipleWidget(hints=TOKEN_SCOPE_HINTS),
        error_messages={
            "required": "Select what the token can do",
            "invalid_choice": "Select what the token can do from the list",
        },
    )
    days = forms.TypedChoiceField(
        label="When should the token expire?",
        help_text="Choose the shortest time that works for you. You can create a new token "
        "when this one expires.",
        coerce=int,
        choices=[(days, f"In {days} days") for days in TOKEN_LIFETIME_DAYS],
        widget=RadioSelectWidget,
        error_messages={
            "required": "Select when the token should expire",
            "invalid_choice": "Select when the token should expire from the list",
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["name"].widget.attrs["autocomplete"] = "off"
        today = timezone.localdate()
        self.fields["days"].widget.hints = {
            days: f"On {dateformat.format(today + timedelta(days=days), 'j F Y')}"
            for days in TOKEN_LIFETIME_DAYS
        }


class TokenRevokeForm(TextHygieneMixin, forms.Form):
    """Revoking your own token needs no reason; a steward revoking someone else's may give one,
    which goes to the owner."""

    reason = ReasonField(help_text="The owner will see this in an email.")

    def __init__(self, *args, on_behalf: bool, **kwargs):
        super().__init__(*args, **kwargs)
        if not on_behalf:
            del self.fields["reason"]
