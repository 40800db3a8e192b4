"""Forms for webhook endpoints. They validate input only: ``standards.webhooks.services``
registers the endpoint (and checks its address), and the views put its refusals back here."""

from django import forms

from portal.forms import TextHygieneMixin
from standards.limits import DESCRIPTION_MAX_LENGTH
from standards.models import Standard, WebhookEventType


class EndpointForm(TextHygieneMixin, forms.Form):
    url = forms.CharField(
        label="Endpoint address",
        help_text="Where we send events. It must start with https:// and be on the public "
        "internet, for example https://example.com/webhooks/standards",
        max_length=500,
        error_messages={
            "required": "Enter the endpoint address",
            "max_length": "Enter an address of 500 characters or fewer",
        },
        widget=forms.TextInput(attrs={"spellcheck": "false", "autocomplete": "url"}),
    )
    description = forms.CharField(
        label="Description",
        help_text="What receives the events, so you recognise it later.",
        max_length=DESCRIPTION_MAX_LENGTH,
        required=False,
        error_messages={
            "max_length": f"Enter a description of {DESCRIPTION_MAX_LENGTH} characters or fewer"
        },
    )
    event_types = forms.MultipleChoiceField(
        label="Which events should we send?",
        choices=WebhookEventType.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": "Select at least one event to send",
            "invalid_choice": "Select events from the list",
        },
    )
    standard = forms.ModelChoiceField(
        label="For which standard?",
        queryset=Standard.objects.order_by("name"),
        required=False,
        empty_label="All standards",
        error_messages={"invalid_choice": "Select a standard from the list"},
    )
