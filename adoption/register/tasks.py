"""Emails from the adoption register. Queued after the transaction that caused them commits.

Each task takes row ids, so it can run later in a worker and read what was committed.
"""

from django.db.models import Q
from django.tasks import task
from django.urls import reverse

from adoption.models import AdoptionEvent, AdoptionRecord
from adoption.register.selectors import PUBLIC
from community.selectors import people_acting_for
from portal.links import absolute_url
from portal.mail import send_email
from standards.choices import VersionStatus
from standards.models import StandardVersion


def superseded_recipients(record_ids: list[int], organisation_id: int) -> list[str]:
    """Whoever declared or changed these records and still acts for the organisation; if
    none of them does, everyone who acts for it, so the news is not lost. A self-declared
    affiliation gets nothing: the records may be hidden, and the news is the organisation's."""
    people = people_acting_for(organisation_id=organisation_id)
    actors = AdoptionEvent.objects.filter(record_id__in=record_ids).values("actor_id")
    declarers = people.filter(Q(pk__in=actors))
    emails = list(declarers.values_list("email", flat=True))
    return emails or list(people.values_list("email", flat=True))


@task
def send_version_superseded(version_id: int) -> int:
    """``version_id`` was just published. Email each organisation that uses a version it
    superseded (one message per person, listing that organisation's systems)."""
    version = StandardVersion.objects.select_related("standard").get(pk=version_id)
    if version.published_at is None:
        return 0
    # ``version_publish`` supersedes the previous version at the same instant it publishes.
    superseded = StandardVersion.objects.filter(
        standard_id=version.standard_id,
        status=VersionStatus.SUPERSEDED,
        superseded_at=version.published_at,
    )
    records = (
        AdoptionRecord.objects.filter(PUBLIC, version__in=superseded)
        .select_related("organisation", "version__standard")
        .order_by("organisation__name", "system_name")
    )
    by_organisation: dict[int, list[AdoptionRecord]] = {}
    for record in records:
        by_organisation.setdefault(record.organisation_id, []).append(record)
    sent = 0
    for organisation_id, organisation_records in by_organisation.items():
        sent += send_email(
            to=superseded_recipients(
                [record.pk for record in organisation_records], organisation_id
            ),
            template="adoption/email/version_superseded",
            context={
                "organisation": organisation_records[0].organisation,
                "records": [
                    (record, absolute_url(record.get_absolute_url()))
                    for record in organisation_records
                ],
                "old_version": organisation_records[0].version,
                "version": version,
                "standard": version.standard,
                "version_url": absolute_url(version.get_absolute_url()),
                "register_url": absolute_url(reverse("adoption:register_list")),
            },
        )
    return sent
