"""How the diff tables show values: empty ones in words, long text as a word-level redline."""

from django.template.loader import render_to_string

from standards.engine.diff import FieldChange, ItemChange

LONG_OLD = "The date the work order was raised by the landlord, in the landlord's own time zone."
LONG_NEW = "The date the work order was raised by the tenant, in the landlord's own time zone."


def rendered(field: FieldChange) -> str:
    item = ItemChange(
        key="raised", name="raised", change="changed", impact=field.impact, fields=(field,)
    )
    return render_to_string(
        "standards/includes/item_changes.html",
        {"items": [item], "noun": "Attribute", "caption": "Changes", "label": "Changes"},
    )


def test_empty_value_reads_none_given_not_python_none():
    html = rendered(FieldChange("format", None, "date", "editorial"))

    assert "None given" in html
    assert ">None<" not in html


def test_long_text_change_is_a_word_level_redline():
    field = FieldChange("definition", LONG_OLD, LONG_NEW, "editorial")

    html = rendered(field)

    assert field.is_long_text
    assert '<del class="app-redline__removed">' in html
    assert "landlord,</del>" in html
    assert "tenant,</ins>" in html
    # The unchanged words are shown once, not repeated in a "was" and a "now" column.
    assert html.count("own time zone") == 1


def test_short_or_non_text_values_stay_side_by_side():
    assert not FieldChange("format", "date", "date-time", "editorial").is_long_text
    assert not FieldChange("enum_values", ["a"] * 40, ["b"], "editorial").is_long_text
