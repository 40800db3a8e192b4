"""Forms validate input only. Services make the change; views put service refusals back here."""

from django import forms
from django.core.validators import validate_slug

from portal.forms import TextHygieneMixin
from portal.text import undecodable_line
from standards.interchange.importers import plan_parse
from standards.models import ImportFormat, StandardVersion

MAX_UPLOAD_BYTES = 5 * 1024 * 1024
# Findings that mean the file could not be read at all: refused here, so nothing is stored.
UNREADABLE = frozenset(
    {"not_utf8", "invalid_json", "not_object", "too_deep", "unreadable_csv", "wrong_separator"}
    | {"nul_character"}
)


class DraftVersionChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: StandardVersion) -> str:
        return f"{obj.standard.name} {obj.number} (draft)"


class ImportUploadForm(TextHygieneMixin, forms.Form):
    version = DraftVersionChoiceField(
        label="Which draft version should the file be imported into?",
        queryset=StandardVersion.objects.none(),
        empty_label="Choose a draft version",
        error_messages={
            "required": "Select a draft version",
            "invalid_choice": "Select a draft version from the list",
        },
    )
    format = forms.ChoiceField(
        label="What kind of file is it?",
        choices=ImportFormat.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select what kind of file it is"},
    )
    file = forms.FileField(
        label="Upload a file",
        help_text="A JSON Schema file (.json), or a CSV file of codes. Up to 5 MB.",
        error_messages={
            "required": "Select a file",
            "empty": "The selected file is empty",
        },
    )
    key = forms.CharField(
        label="Code list key",
        help_text="For a CSV file: the short name used in URLs, for example person-alert-codes.",
        required=False,
        max_length=100,
    )
    name = forms.CharField(
        label="Code list name",
        help_text="For a CSV file: for example Person alert codes.",
        required=False,
        max_length=200,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["version"].queryset = (
            StandardVersion.objects.drafts()
            .select_related("standard")
            .order_by("standard__name", "-major", "-minor", "-patch")
        )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError("The selected file must be smaller than 5 MB")
        content = upload.read()
        line = undecodable_line(content)
        if line is not None:
            raise forms.ValidationError(
                f"The selected file must be saved as UTF-8 text. Line {line} has a character "
                "that is not UTF-8"
            )
        return upload.name, content.decode("utf-8-sig")

    def clean_key(self):
        key = self.cleaned_data["key"].strip()
        if key:
            try:
                validate_slug(key)
            except forms.ValidationError as error:
                raise forms.ValidationError(
                    "Code list key must only include letters, numbers, hyphens and underscores"
                ) from error
        return key

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("format") == ImportFormat.CSV_CODE_LIST:
            if not cleaned.get("key"):
                self.add_error("key", "Enter a code list key")
            if not cleaned.get("name", "").strip():
                self.add_error("name", "Enter a code list name")
        if not self.errors:
            self._refuse_unreadable(cleaned)
        return cleaned

    def _refuse_unreadable(self, cleaned: dict) -> None:
        name, content = cleaned["file"]
        plan = plan_parse(
            format=cleaned["format"], content=content, source=name, options=self.options()
        )
        unreadable = next((issue for issue in plan.errors if issue.code in UNREADABLE), None)
        if unreadable is not None:
            where = f" ({unreadable.location})" if unreadable.line is not None else ""
            self.add_error("file", f"{unreadable.message}{where}")

    def options(self) -> dict:
        if self.cleaned_data["format"] != ImportFormat.CSV_CODE_LIST:
            return {}
        return {"key": self.cleaned_data["key"], "name": self.cleaned_data["name"].strip()}
