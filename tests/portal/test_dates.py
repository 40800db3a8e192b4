"""Times and dates as GOV.UK writes them, in one place (portal.text)."""

from datetime import UTC, datetime

import pytest
from django.template import Context, Template

from portal.text import govuk_datetime, govuk_time


@pytest.mark.parametrize(
    ("hour", "minute", "written"),
    [(9, 0, "9am"), (12, 5, "12:05pm"), (12, 0, "midday"), (0, 0, "midnight"), (23, 30, "11:30pm")],
)
def test_times_are_written_the_gov_uk_way(settings, hour, minute, written):
    settings.TIME_ZONE = "UTC"

    assert govuk_time(datetime(2026, 1, 7, hour, minute, tzinfo=UTC)) == written


def test_a_date_and_time_read_as_one_phrase(settings):
    settings.TIME_ZONE = "UTC"
    moment = datetime(2026, 12, 7, 12, 30, tzinfo=UTC)

    assert govuk_datetime(moment) == "7 December 2026 at 12:30pm"
    assert govuk_datetime(moment, month="M") == "7 Dec 2026 at 12:30pm"


def test_templates_use_the_same_words(settings):
    settings.TIME_ZONE = "UTC"
    template = Template("{% load govuk %}{{ at|govuk_datetime }} / {{ at|govuk_datetime:'M' }}")

    rendered = template.render(Context({"at": datetime(2026, 12, 7, 12, 5, tzinfo=UTC)}))

    assert rendered == "7 December 2026 at 12:05pm / 7 Dec 2026 at 12:05pm"
    assert "p.m." not in rendered


def test_a_reason_typed_as_a_sentence_is_not_given_a_second_full_stop():
    template = Template("{% load govuk %}Withdrawn: {{ reason|without_full_stop }}. Do not use it.")

    rendered = template.render(Context({"reason": "Codes were wrong in the drafts. "}))

    assert rendered == "Withdrawn: Codes were wrong in the drafts. Do not use it."
