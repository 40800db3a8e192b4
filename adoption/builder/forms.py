"""One form per question of the requirements builder. They validate the query string only."""

from django import forms

from adoption.builder.compose import version_key
from adoption.models.builder import ACCESS_LEVEL_HINTS, AccessLevel
from portal.forms import TextHygieneMixin
from standards.choices import ComponentKind, VersionStatus
from standards.models import ComponentVersion, StandardVersion

YES, NO = "yes", "no"


class VersionForm(TextHygieneMixin, forms.Form):
    version = forms.ChoiceField(
        widget=forms.RadioSelect,
        error_messages={
            "required": "Select the version of the standard your system must support",
            "invalid_choice": "Select a version from the list",
        },
    )

    def __init__(self, *args, versions: list[StandardVersion], **kwargs):
        super().__init__(*args, **kwargs)
        self.versions = {version_key(version): version for version in versions}
        self.fields["version"].choices = [
            (key, f"{version.standard.name} {version.number}")
            for key, version in self.versions.items()
        ]
        self.hints = {
            key: "The current version"
            if version.status == VersionStatus.PUBLISHED
            else "Superseded"
            for key, version in self.versions.items()
        }

    def clean_version(self) -> StandardVersion:
        return self.versions[self.cleaned_data["version"]]


class ComponentsForm(TextHygieneMixin, forms.Form):
    component = forms.MultipleChoiceField(
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": "Select at least one component your system must support",
            "invalid_choice": "Select components from the list",
        },
    )

    def __init__(self, *args, components: list[ComponentVersion], **kwargs):
        super().__init__(*args, **kwargs)
        self.components = {row.component.key: row for row in components}
        self.fields["component"].choices = [(key, row.name) for key, row in self.components.items()]
        self.hints = {
            key: "Code list" if row.component.kind == ComponentKind.CODE_LIST else "Entity"
            for key, row in self.components.items()
        }

    def clean_component(self) -> list[ComponentVersion]:
        chosen = set(self.cleaned_data["component"])
        # In the version's order, whatever order the boxes were ticked or the URL lists them.
        return [row for key, row in self.components.items() if key in chosen]


class AccessForm(TextHygieneMixin, forms.Form):
    access = forms.TypedChoiceField(
        choices=AccessLevel.choices,
        coerce=lambda value: AccessLevel(int(value)),
        widget=forms.RadioSelect,
        error_messages={
            "required": "Select the level of data access you need",
            "invalid_choice": "Select a level of data access from the list",
        },
    )
    hints = {str(level.value): hint for level, hint in ACCESS_LEVEL_HINTS.items()}


class WriteForm(TextHygieneMixin, forms.Form):
    write = forms.ChoiceField(
        choices=[(YES, "Yes"), (NO, "No")],
        widget=forms.RadioSelect,
        error_messages={
            "required": "Select yes if other systems need to change data through an API",
            "invalid_choice": "Select yes if other systems need to change data through an API",
        },
    )
    hints = {}

    def clean_write(self) -> bool:
        return self.cleaned_data["write"] == YES
