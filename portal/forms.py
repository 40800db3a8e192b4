from django import forms
from django.forms.renderers import TemplatesSetting

from portal.text import text_problem


class GovukFormRenderer(TemplatesSetting):
    """Renders every Django form with GOV.UK Design System markup.

    Using the project template directories (rather than Django's bundled ones) lets the
    templates in ``templates/forms/govuk`` override Django's defaults for every form,
    including allauth's and Wagtail's front-end forms.
    """

    form_template_name = "forms/govuk/form.html"
    field_template_name = "forms/govuk/field.html"


class _OptionHints:
    """A hint under each option, as GOV.UK radios and checkboxes allow: ``hints`` maps an
    option's value to its hint. ``templates/forms/govuk/choices.html`` shows them."""

    def __init__(self, *args, hints: dict | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.hints = dict(hints or {})

    def __deepcopy__(self, memo):
        copy = super().__deepcopy__(memo)
        copy.hints = dict(self.hints)
        return copy

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index, subindex, attrs)
        option["hint"] = self.hints.get(value, "")
        return option


# The names end in "Widget" so that BoundField.widget_type, which drops that suffix, is still
# "radioselect" or "checkboxselectmultiple": the GOV.UK field templates and filters go by it.
class RadioSelectWidget(_OptionHints, forms.RadioSelect):
    """GOV.UK radios with a hint under each option."""


class CheckboxSelectMultipleWidget(_OptionHints, forms.CheckboxSelectMultiple):
    """GOV.UK checkboxes with a hint under each option."""


class TextHygieneMixin:
    """Every text a form accepts passes ``portal.text.text_problem``; the field says what to
    remove, and keeps what was typed.

    Put it first in a form's bases. It runs after the form's own cleaning, on every string in
    ``cleaned_data`` (and in lists of strings), so no form can forget a field.
    ``tests/portal/test_architecture.py`` checks that every form of the portal has it.
    """

    def full_clean(self):
        super().full_clean()
        for name, value in list(getattr(self, "cleaned_data", {}).items()):
            field = self.fields.get(name)
            if field is not None and isinstance(field.widget, forms.PasswordInput):
                continue  # A password is checked by the password validators, never echoed.
            if isinstance(field, forms.FileField):
                continue  # A file's content is the importer's or checker's to read and report.
            texts = value if isinstance(value, list | tuple) else [value]
            for text in texts:
                if isinstance(text, str) and (problem := text_problem(text)):
                    self.add_error(name, problem)
                    break
