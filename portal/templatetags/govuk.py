"""Template helpers for GOV.UK Design System markup."""

from django import template
from django.forms import BoundField
from django.utils.safestring import mark_safe

from portal.richtext import govukify
from portal.text import govuk_datetime

register = template.Library()

WIDGET_CLASSES = {
    "textarea": "govuk-textarea",
    "select": "govuk-select",
    "selectmultiple": "govuk-select",
    "clearablefile": "govuk-file-upload",
    "file": "govuk-file-upload",
    "checkbox": "govuk-checkboxes__input",
}
ERROR_CLASSES = {
    "govuk-input": "govuk-input--error",
    "govuk-textarea": "govuk-textarea--error",
    "govuk-select": "govuk-select--error",
    "govuk-file-upload": "govuk-file-upload--error",
}
# Width classes keep short identifiers from stretching across the page.
NARROW_WIDGETS = {"number": "govuk-input--width-10"}


def describedby_ids(field: BoundField) -> str:
    ids = []
    if field.help_text:
        ids.append(f"{field.auto_id}-hint")
    if field.errors:
        ids.append(f"{field.auto_id}-error")
    return " ".join(ids)


@register.simple_tag
def govuk_widget(field: BoundField, extra_class: str = ""):
    """Render a field's widget with GOV.UK classes and its hint and error wired up."""
    css_class = WIDGET_CLASSES.get(field.widget_type, "govuk-input")
    classes = [css_class, NARROW_WIDGETS.get(field.widget_type, ""), extra_class]
    if field.errors and css_class in ERROR_CLASSES:
        classes.append(ERROR_CLASSES[css_class])
    existing = field.field.widget.attrs.get("class", "")
    attrs = {"class": " ".join(c for c in [*classes, existing] if c)}
    if describedby := describedby_ids(field):
        attrs["aria-describedby"] = describedby
    if field.widget_type in {"text", "email", "password", "url"}:
        # GOV.UK advises against placeholders: they disappear as you type and fail contrast.
        field.field.widget.attrs.pop("placeholder", None)
        attrs["spellcheck"] = "false" if field.widget_type != "text" else None
    attrs = {key: value for key, value in attrs.items() if value is not None}
    return field.as_widget(attrs=attrs)


@register.filter
def error_anchor(field: BoundField) -> str:
    """The id an error summary link should point to: the first option for radios and checkboxes."""
    if field.widget_type in {"radioselect", "checkboxselectmultiple"}:
        return f"{field.auto_id}_0"
    return field.auto_id


@register.filter
def describedby(field: BoundField) -> str:
    return describedby_ids(field)


@register.filter
def govuk_richtext(html) -> str:
    """Add GOV.UK classes and heading anchors to already-expanded rich text HTML."""
    return mark_safe(govukify(str(html)))  # noqa: S308 - input is Wagtail's sanitised rich text


@register.simple_tag(takes_context=True)
def nav_active(context, prefix: str) -> bool:
    request = context.get("request")
    return bool(request and request.path.startswith(prefix))


@register.filter(name="govuk_datetime")
def govuk_datetime_filter(moment, month: str = "F") -> str:
    """``{{ at|govuk_datetime }}``: 7 December 2026 at 12:05pm; ``:"M"`` for 7 Dec 2026."""
    if not moment:
        return ""
    return govuk_datetime(moment, month=month)


@register.filter
def without_full_stop(text: str) -> str:
    """A sentence typed by someone, to sit inside ours: "Codes were wrong." loses its stop."""
    return str(text or "").rstrip().rstrip(".").rstrip()
