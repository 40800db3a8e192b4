"""Demo standard "UK Housing Data Standards (core)" 0.1.0: the Reference entity and Role codes.

The prototype this portal grew from had two components: Person alert codes, and HACT's
*Reference* entity with its *Role codes*. This module adds the second as a small standard of
its own, built through the same services as any import and published, so it gets its schemas
and diagrams like every other version. Idempotent: a published version is left alone.

Source: HACT, UK Housing Data Standards (UKHDS) 3.5. The facts (the attributes of a reference,
and the role code values 0 to 110) follow that release; every definition and label here is
written in our own words. The full definitions are in OSCRE's model of the standard, which
needs an OSCRE sign-in.
"""

from django.db import transaction

from standards.choices import ComponentKind, DataType
from standards.demo.catalogue import _steward, publish_with_four_eyes
from standards.interchange.importers import ImportPlan
from standards.interchange.importers.plan import AttributePlan, CodePlan, ComponentPlan
from standards.models import Standard
from standards.versions import services

SLUG = "uk-housing-data-standards-core"
NAME = "UK Housing Data Standards (core)"
NUMBER = "0.1.0"
REFERENCE = "reference"
ROLE_CODES = "role-codes"
SOURCE = "HACT UK Housing Data Standards 3.5"
OSCRE_NOTE = (
    "The full definitions are in OSCRE's model of the UK Housing Data Standards, which needs "
    "an OSCRE account to view."
)
DESCRIPTION = (
    "Core building blocks shared by every part of the UK Housing Data Standards, starting with "
    f"how to record a reference and who issued it. Based on {SOURCE}. {OSCRE_NOTE}"
)
RELEASE_NOTES = (
    f"First release: the Reference entity and the Role codes list, from {SOURCE}, with "
    "definitions written for this portal."
)

# (value, label, definition), in the order of the source list.
ROLES = (
    ("0", "Not known", "The role of whoever issued the reference is not recorded."),
    (
        "10",
        "Landlord",
        "The organisation that owns the home or lets it to the resident, such as a housing "
        "association or a council's housing service.",
    ),
    (
        "20",
        "Managing agent",
        "An organisation that manages homes on the landlord's behalf.",
    ),
    (
        "30",
        "Local authority",
        "A council acting in a role other than landlord, such as planning, environmental "
        "health or council tax.",
    ),
    ("40", "Contractor", "A firm engaged to carry out work, such as repairs or servicing."),
    ("50", "Subcontractor", "A firm doing work for a contractor rather than for the landlord."),
    ("60", "Supplier", "A business that provides goods or materials used in the work."),
    ("70", "Resident", "A tenant, leaseholder or other person living in the home."),
    (
        "80",
        "Regulator or government body",
        "A public body that oversees housing, such as a regulator or a government department.",
    ),
    (
        "90",
        "Utility provider",
        "A supplier of energy, water or telecommunications to the home.",
    ),
    (
        "100",
        "System provider",
        "The software or service that generated the reference automatically.",
    ),
    ("110", "Other", "Any role not listed. Describe it in the allocated-by description."),
)


def plan() -> ImportPlan:
    """The version's two components, as an import plan the services can apply."""
    role_codes = ComponentPlan(
        key=ROLE_CODES,
        name="Role codes",
        kind=ComponentKind.CODE_LIST,
        definition=(
            "The part an organisation or person plays, used to say who issued a reference. "
            f"The code values follow {SOURCE}; the names shown here are this demo's working "
            "summary, so check them against the standard before relying on them."
        ),
        codes=[
            CodePlan(key=value, value=value, label=label, definition=text, sort_order=index)
            for index, (value, label, text) in enumerate(ROLES)
        ],
    )
    attributes = [
        AttributePlan(
            key="id",
            name="id",
            definition=(
                "The reference itself, exactly as the issuer wrote it: letters, digits and "
                "punctuation are all significant."
            ),
            required=True,
            example="REP-2025-004512",
        ),
        AttributePlan(
            key="allocated_by_code",
            name="allocated_by_code",
            definition="The role of whoever issued the reference, from the Role codes list.",
            data_type=DataType.REFERENCE,
            references=ROLE_CODES,
            example="40",
        ),
        AttributePlan(
            key="allocated_by_description",
            name="allocated_by_description",
            definition=(
                "The issuer's role in words, for when no role code fits or more detail helps."
            ),
            example="Responsive repairs contractor",
        ),
        AttributePlan(
            key="description",
            name="description",
            definition="What the reference identifies, for someone reading it out of context.",
            example="Contractor's job number for the repair",
        ),
        AttributePlan(
            key="allocated_by",
            name="allocated_by",
            definition=(
                "Who issued the reference: the name or identifier of the organisation, "
                "person or system."
            ),
            example="Northmere Property Services",
        ),
    ]
    for index, attribute in enumerate(attributes):
        attribute.sort_order = index
    reference = ComponentPlan(
        key=REFERENCE,
        name="Reference",
        definition=(
            "An identifier that one party has given to something, such as a property, a job or "
            "a person, together with who gave it. Systems keep several references for the same "
            "thing, so each one says who issued it."
        ),
        attributes=attributes,
    )
    return ImportPlan(source="demo_reference.py", format="demo", components=[role_codes, reference])


def load() -> None:
    """Create and publish version 0.1.0, unless it is already there."""
    steward = _steward()
    with transaction.atomic():
        standard = Standard.objects.filter(slug=SLUG).first() or services.standard_create(
            actor=steward, name=NAME, slug=SLUG, description=DESCRIPTION
        )
        version = standard.versions.with_number(NUMBER).first()
        if version is None:
            version = services.version_draft_create(actor=steward, standard=standard, number=NUMBER)
        if version.is_draft:
            services.import_apply(actor=steward, version=version, plan=plan())
            publish_with_four_eyes(requester=steward, version=version, notes=RELEASE_NOTES)
