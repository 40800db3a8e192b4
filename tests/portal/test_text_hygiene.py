"""One rule for hidden characters in what people type (portal.text.text_problem), on every path."""

import pytest
from django import forms
from django.core.files.uploadedfile import SimpleUploadedFile

from portal.forms import TextHygieneMixin
from portal.text import text_problem

RLO = "\u202e"


@pytest.mark.parametrize(
    ("text", "named"),
    [
        (f"LTR {RLO}override", "RIGHT-TO-LEFT OVERRIDE (U+202E) after “LTR ”"),
        ("isolate \u2066x\u2069", "LEFT-TO-RIGHT ISOLATE (U+2066)"),
        ("bell \x07", "CONTROL CHARACTER (U+0007) after “bell ”"),
        ("\ufeffstart", "(U+FEFF) at the start"),
        ("line\u2028separator", "LINE SEPARATOR (U+2028)"),
    ],
)
def test_controls_that_hide_or_reorder_text_are_refused_by_name(text, named):
    problem = text_problem(text)

    assert problem.startswith("Remove the hidden character")
    assert named in problem


@pytest.mark.parametrize(
    "text",
    [
        "Two lines\nand a\ttab\r\n",
        "Family emoji 👨\u200d👩\u200d👧 and a soft hy\u00adphen",
        "Arabic text مرحبا and Hebrew שלום read right to left by themselves",
        "",
    ],
)
def test_ordinary_text_in_any_script_is_accepted(text):
    assert text_problem(text) is None


def test_many_hidden_characters_are_summarised():
    assert text_problem(RLO * 5).endswith(
        "and others. They can make text show differently from what was typed"
    )


class ExampleForm(TextHygieneMixin, forms.Form):
    title = forms.CharField()
    tags = forms.MultipleChoiceField(choices=[("a", "a"), (f"b{RLO}", "b")], required=False)
    secret = forms.CharField(widget=forms.PasswordInput, required=False)


def test_a_form_says_what_to_remove_and_keeps_what_was_typed():
    form = ExampleForm(data={"title": f"Record {RLO}who"})

    assert not form.is_valid()
    assert "RIGHT-TO-LEFT OVERRIDE" in form.errors["title"][0]
    assert form["title"].value() == f"Record {RLO}who"


def test_a_form_checks_each_chosen_value_too():
    form = ExampleForm(data={"title": "fine", "tags": [f"b{RLO}"]})

    assert not form.is_valid()
    assert "tags" in form.errors


def test_a_password_is_never_checked_or_echoed():
    form = ExampleForm(data={"title": "fine", "secret": f"pa{RLO}ss"})

    assert form.is_valid()


class UploadForm(TextHygieneMixin, forms.Form):
    file = forms.FileField()

    def clean_file(self):
        return self.cleaned_data["file"].name, self.cleaned_data["file"].read().decode()


def test_a_files_content_is_left_to_the_importer_that_reads_it():
    upload = SimpleUploadedFile("codes.csv", "Code\n\ufeffA\n".encode())

    assert UploadForm(data={}, files={"file": upload}).is_valid()
