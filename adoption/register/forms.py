"""Forms for the adoption register. They validate input only: ``adoption.register.services``
makes each change, and views put its refusals back on the form with what the person typed."""

from django import forms

from adoption.choices import AdoptionStatus
from adoption.limits import REASON_MAX, SYSTEM_NAME_MAX
from portal.forms import TextHygieneMixin


class VersionChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        label = f"{obj.standard.name} {obj.number}"
        return label if obj.status == "published" else f"{label} ({obj.get_status_display()})"


class ComponentChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj) -> str:
        return getattr(obj, "version_name", None) or obj.key


class VersionChooseForm(TextHygieneMixin, forms.Form):
    version = VersionChoiceField(
        label="Version",
        queryset=None,
        widget=forms.RadioSelect,
        empty_label=None,
        help_text="Choose the version your system follows. Superseded versions are listed too.",
        error_messages={
            "required": "Select the version your organisation uses",
            "invalid_choice": "Select a published version of the standard",
        },
    )

    def __init__(self, *args, versions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["version"].queryset = versions


class DeclarationForm(TextHygieneMixin, forms.Form):
    components = ComponentChoiceField(
        label="Which components does your system use?",
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
        help_text="Select all that apply.",
        error_messages={
            "required": "Select the components your system uses",
            "invalid_choice": "Select components from the list",
            "invalid_pk_value": "Select components from the list",
        },
    )
    status = forms.ChoiceField(
        label="How far has your organisation got?",
        choices=AdoptionStatus.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select how far your organisation has got"},
    )
    system_name = forms.CharField(
        label="System name",
        help_text="The product or system that uses the standard, for example “Repairs Hub”.",
        max_length=SYSTEM_NAME_MAX,
        error_messages={
            "required": "Enter the name of the system that uses the standard",
            "max_length": f"Enter a system name of {SYSTEM_NAME_MAX} characters or fewer",
        },
    )

    def __init__(self, *args, components, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["components"].queryset = components


class DeclarationEditForm(DeclarationForm):
    # The revision the person loaded: a change someone else saved since is refused.
    revision = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class HideForm(TextHygieneMixin, forms.Form):
    reason = forms.CharField(
        label="Why are you hiding this declaration?",
        help_text="The organisation's members and other stewards will see your reason.",
        max_length=REASON_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={
            "required": "Enter why you are hiding this declaration",
            "max_length": f"Enter a reason of {REASON_MAX} characters or fewer",
        },
    )


class UnhideForm(TextHygieneMixin, forms.Form):
    reason = forms.CharField(
        label="Why are you showing it again?",
        required=False,
        max_length=REASON_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"max_length": f"Enter a reason of {REASON_MAX} characters or fewer"},
    )
