from django.db import migrations
from django.utils import timezone

SEED_REASON = "The three founding working groups, created when the portal was set up"

WORKING_GROUPS = [
    {
        "name": "Local authorities",
        "slug": "local-authorities",
        "remit": (
            "For councils that own and manage social housing. The group agrees how the "
            "standard fits council housing services, their systems and their statutory "
            "returns, and votes on changes on behalf of local authorities."
        ),
        "organisation_types": ["local_authority"],
    },
    {
        "name": "Housing associations",
        "slug": "housing-associations",
        "remit": (
            "For private registered providers of social housing of every size, from a few "
            "dozen homes to tens of thousands. The group shapes the standard around how "
            "housing associations run repairs, assets and tenancies, and votes on changes on "
            "their behalf."
        ),
        "organisation_types": ["housing_association"],
    },
    {
        "name": "Technology suppliers",
        "slug": "technology-suppliers",
        "remit": (
            "For companies that build housing management, repairs, asset and customer "
            "relationship systems. The group advises on how the standard can be built into "
            "products and exchanged through APIs, and votes on changes on behalf of suppliers."
        ),
        "organisation_types": ["technology_supplier"],
    },
]


def seed(apps, schema_editor):
    WorkingGroup = apps.get_model("community", "WorkingGroup")
    HistoricalWorkingGroup = apps.get_model("community", "HistoricalWorkingGroup")
    MembershipEvent = apps.get_model("community", "MembershipEvent")
    now = timezone.now()
    for fields in WORKING_GROUPS:
        group, created = WorkingGroup.objects.get_or_create(
            slug=fields["slug"], defaults={**fields, "created_at": now}
        )
        if not created:
            continue
        # Historical models in migrations have no signal handlers, so write the first
        # history row and event by hand: every group's history starts with its creation.
        HistoricalWorkingGroup.objects.create(
            id=group.pk,
            name=group.name,
            slug=group.slug,
            remit=group.remit,
            organisation_types=group.organisation_types,
            status=group.status,
            archived_at=None,
            created_at=group.created_at,
            history_date=now,
            history_type="+",
            history_change_reason=SEED_REASON,
        )
        MembershipEvent.objects.create(
            created_at=now, kind="group_created", group=group, reason=SEED_REASON
        )


def unseed(apps, schema_editor):
    WorkingGroup = apps.get_model("community", "WorkingGroup")
    MembershipEvent = apps.get_model("community", "MembershipEvent")
    HistoricalWorkingGroup = apps.get_model("community", "HistoricalWorkingGroup")
    slugs = [fields["slug"] for fields in WORKING_GROUPS]
    MembershipEvent.objects.filter(group__slug__in=slugs, kind="group_created").delete()
    HistoricalWorkingGroup.objects.filter(slug__in=slugs).delete()
    WorkingGroup.objects.filter(slug__in=slugs, memberships__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("community", "0002_community_model")]

    operations = [migrations.RunPython(seed, unseed)]
