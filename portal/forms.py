from django.forms.renderers import TemplatesSetting


class GovukFormRenderer(TemplatesSetting):
    """Renders every Django form with GOV.UK Design System markup.

    Using the project template directories (rather than Django's bundled ones) lets the
    templates in ``templates/forms/govuk`` override Django's defaults for every form,
    including allauth's and Wagtail's front-end forms.
    """

    form_template_name = "forms/govuk/form.html"
    field_template_name = "forms/govuk/field.html"
