from django import forms

from portal.forms import GovukFormRenderer


class ExampleForm(forms.Form):
    name = forms.CharField(label="Full name", help_text="As it appears on your work email")
    statement = forms.CharField(label="Why do you want to join?", widget=forms.Textarea)
    group = forms.ChoiceField(
        label="Working group", choices=[("la", "Local authorities")], widget=forms.RadioSelect
    )
    agree = forms.BooleanField(label="I agree", required=False)
    phone = forms.CharField(label="Phone", required=False)


def render(data=None) -> str:
    form = ExampleForm(data=data, renderer=GovukFormRenderer())
    form.is_valid()
    return str(form)


def test_fields_have_labels_hints_and_govuk_classes():
    html = render()

    assert '<label class="govuk-label" for="id_name">Full name</label>' in html
    assert (
        '<div id="id_name-hint" class="govuk-hint">As it appears on your work email</div>' in html
    )
    assert 'aria-describedby="id_name-hint"' in html
    assert 'class="govuk-textarea"' in html
    assert 'class="govuk-radios__input"' in html
    assert "Phone (optional)" in html


def test_errors_show_a_summary_linking_to_each_field():
    html = render({"name": "", "statement": "", "phone": "0123"})

    assert '<h2 class="govuk-error-summary__title">There is a problem</h2>' in html
    assert '<a href="#id_name">This field is required.</a>' in html
    assert '<a href="#id_group_0">This field is required.</a>' in html


def test_a_field_with_an_error_is_marked_and_described_by_its_message():
    html = render({"name": ""})

    assert "govuk-form-group govuk-form-group--error" in html
    assert '<p id="id_name-error" class="govuk-error-message">' in html
    assert 'class="govuk-input govuk-input--error"' in html
    assert 'aria-describedby="id_name-hint id_name-error"' in html


def test_what_the_user_typed_is_kept_after_an_error():
    html = render({"name": "", "phone": "0161 496 0000"})

    assert 'value="0161 496 0000"' in html
