"""Forms of the conformance checker. They validate the choices and the upload's envelope (name,
size, emptiness); reading the file itself is the checker's job, which reports through the view."""

from django import forms

from adoption.checker.engine import (
    EXTENSIONS,
    MAX_UPLOAD_BYTES,
    checkable_components,
    checkable_versions,
)
from adoption.checker.reading import CheckRefused
from portal.forms import TextHygieneMixin
from standards.models import ComponentVersion, StandardVersion

TOO_BIG = "The selected file must be smaller than 50 MB"
REPORT_FORMATS = (("json", "JSON"), ("csv", "CSV"))


class VersionChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: StandardVersion) -> str:
        superseded = " (superseded)" if obj.status == "superseded" else ""
        return f"{obj.standard.name} {obj.number}{superseded}"


class ComponentChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: ComponentVersion) -> str:
        return obj.name


class VersionForm(TextHygieneMixin, forms.Form):
    version = VersionChoiceField(
        label="Which version of a standard do you want to check against?",
        queryset=StandardVersion.objects.none(),
        empty_label=None,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Select a version of a standard",
            "invalid_choice": "Select a version of a standard from the list",
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["version"].queryset = checkable_versions()


class ExtractForm(TextHygieneMixin, forms.Form):
    component = ComponentChoiceField(
        label="Which component does your file hold?",
        help_text="For example, choose Work order for an extract of work orders.",
        queryset=ComponentVersion.objects.none(),
        empty_label="Choose a component",
        error_messages={
            "required": "Select a component",
            "invalid_choice": "Select a component from the list",
        },
    )
    file = forms.FileField(
        label="Upload your extract",
        help_text=(
            "A CSV file with a header row, or a JSON file (a list of records, or one record "
            "per line). Up to 50 MB."
        ),
        allow_empty_file=True,  # refused below, with the message GOV.UK asks for
        error_messages={"required": "Select a file"},
    )

    def __init__(
        self, *args, version: StandardVersion, too_big: bool = False, refused: str = "", **kwargs
    ):
        super().__init__(*args, **kwargs)
        self.too_big = too_big
        self.refused = refused
        self.fields["component"].queryset = checkable_components(version)

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if upload is None:
            return upload
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(TOO_BIG)
        name = (upload.name or "").lower()
        if not name.endswith(tuple(EXTENSIONS)):
            raise forms.ValidationError(
                "The selected file must be a CSV, JSON or NDJSON file "
                "(.csv, .json, .ndjson or .jsonl)"
            )
        if upload.size == 0:
            raise forms.ValidationError("The selected file is empty")
        return upload

    def clean(self):
        cleaned = super().clean()
        if self.too_big:
            # The upload handler stopped reading: the file is gone, whatever the form holds.
            self.errors.pop("file", None)
            self.add_error("file", TOO_BIG)
        if self.refused:
            # Refused before the upload was read (a rate limit): the form holds nothing, and
            # only the refusal is worth saying.
            self.errors.clear()
            self.add_error("file", self.refused)
        return cleaned

    def refuse(self, error: CheckRefused) -> None:
        """Show a refusal from the checker (not UTF-8, header row only...) on the file field."""
        self.add_error("file", error.message)


class DownloadForm(TextHygieneMixin, forms.Form):
    report = forms.CharField(widget=forms.HiddenInput)
    format = forms.ChoiceField(choices=REPORT_FORMATS)
