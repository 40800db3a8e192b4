"""Forms for the stewards' pages: standards and drafts. They validate input only; the services
in ``standards.versions.services`` make each change, and the views put their refusals back here."""

import re

from django import forms

from portal.forms import TextHygieneMixin
from standards.engine.versioning import version_number_parse
from standards.exceptions import InvalidVersionNumber

NOTES_MAX = 20_000
REASON_MAX = 1000


def _textarea(rows: int = 5) -> forms.Textarea:
    return forms.Textarea(attrs={"rows": rows})


class StandardCreateForm(TextHygieneMixin, forms.Form):
    name = forms.CharField(
        label="Name",
        help_text="For example, Damp and mould.",
        max_length=200,
        error_messages={
            "required": "Enter the name of the standard",
            "max_length": "Enter a name of 200 characters or fewer",
        },
    )
    slug = forms.CharField(
        label="Short name",
        help_text=(
            "Used in the standard’s web addresses. Lowercase letters, numbers and hyphens, "
            "for example damp-and-mould. You cannot change it later."
        ),
        max_length=100,
        error_messages={
            "required": "Enter a short name",
            "max_length": "Enter a short name of 100 characters or fewer",
        },
        widget=forms.TextInput(attrs={"spellcheck": "false", "autocomplete": "off"}),
    )
    description = forms.CharField(
        label="Description",
        help_text="What the standard is for, in a sentence or two.",
        required=False,
        max_length=2000,
        widget=_textarea(4),
        error_messages={"max_length": "Enter a description of 2000 characters or fewer"},
    )
    proposal_prefix = forms.CharField(
        label="Proposal reference prefix",
        help_text=(
            "Starts each proposal’s reference, as DM in DM-0007. Up to 8 letters or numbers. "
            "Leave it blank to use the initials of the short name."
        ),
        required=False,
        max_length=8,
        error_messages={"max_length": "Enter a prefix of 8 characters or fewer"},
        widget=forms.TextInput(attrs={"class": "govuk-input--width-10", "spellcheck": "false"}),
    )

    def clean_slug(self) -> str:
        slug = self.cleaned_data["slug"].strip()
        if not re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", slug):
            raise forms.ValidationError(
                "Short name must only include lowercase letters, numbers and hyphens, "
                "like damp-and-mould"
            )
        return slug

    def clean_proposal_prefix(self) -> str:
        prefix = self.cleaned_data["proposal_prefix"].strip().upper()
        if prefix and not re.fullmatch(r"[A-Z0-9]+", prefix):
            raise forms.ValidationError(
                "Proposal reference prefix must only include letters and numbers"
            )
        return prefix


class DraftOpenForm(TextHygieneMixin, forms.Form):
    """The version number, and (when there is a published version) what the draft starts as."""

    EMPTY = "empty"
    CURRENT = "current"

    number = forms.CharField(
        label="Version number",
        max_length=40,
        error_messages={"required": "Enter a version number"},
        widget=forms.TextInput(attrs={"class": "govuk-input--width-10", "spellcheck": "false"}),
    )
    start = forms.ChoiceField(
        label="What should the draft start with?",
        widget=forms.RadioSelect,
        error_messages={"required": "Select what the draft should start with"},
    )

    def __init__(self, *args, current=None, suggested: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["number"].initial = suggested
        self.fields["number"].help_text = (
            f"In the format 1.2.3. We suggest {suggested}, the next minor version."
            if suggested
            else "In the format 1.2.3."
        )
        if current is None:
            del self.fields["start"]
        else:
            self.fields["start"].choices = [
                (self.CURRENT, f"A copy of version {current.number}, the current version"),
                (self.EMPTY, "Nothing: an empty draft"),
            ]
            self.fields["start"].initial = self.CURRENT

    def clean_number(self) -> str:
        text = self.cleaned_data["number"].strip()
        try:
            return str(version_number_parse(text))
        except InvalidVersionNumber as error:
            raise forms.ValidationError(
                "Enter a version number in the format 1.2.3, like 1.0.0 or 2.1.3"
            ) from error

    def copies_current(self) -> bool:
        return self.cleaned_data.get("start") == self.CURRENT


class ReleaseNotesForm(TextHygieneMixin, forms.Form):
    release_notes = forms.CharField(
        label="Release notes",
        help_text="What changed in this version and why. People see them on the standard’s page.",
        required=False,
        max_length=NOTES_MAX,
        widget=_textarea(10),
        error_messages={"max_length": f"Enter release notes of {NOTES_MAX:,} characters or fewer"},
    )


class PublicationRequestForm(TextHygieneMixin, forms.Form):
    release_notes = forms.CharField(
        label="Release notes",
        help_text=(
            "What changed in this version and why, in Markdown. The steward who approves it "
            "reads them, and everyone sees them once the version is published."
        ),
        max_length=NOTES_MAX,
        widget=_textarea(10),
        error_messages={
            "required": "Enter the release notes",
            "max_length": f"Enter release notes of {NOTES_MAX:,} characters or fewer",
        },
    )


class WithdrawForm(TextHygieneMixin, forms.Form):
    reason = forms.CharField(
        label="Why are you withdrawing it?",
        help_text="Everyone who opens the version will see your reason.",
        max_length=REASON_MAX,
        widget=_textarea(4),
        error_messages={
            "required": "Enter why you are withdrawing this version",
            "max_length": f"Enter a reason of {REASON_MAX:,} characters or fewer",
        },
    )


class ConfirmForm(TextHygieneMixin, forms.Form):
    """No fields: a confirmation page posts it to say "yes"."""
