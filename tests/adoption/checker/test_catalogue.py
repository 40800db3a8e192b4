"""An invented standard for the checker's tests, with an attribute of every kind it checks.

``build_checker_standard`` publishes version 1.0.0 (so its artefacts are generated, as they are
for a real publication) and leaves a draft 1.1.0 and a withdrawn 0.9.0 beside it.
"""

from dataclasses import dataclass

import pytest
from django.utils import timezone

from standards.choices import Cardinality, ComponentKind, DataType, VersionStatus
from standards.models import ComponentVersion, StandardVersion
from standards.versions.services import version_draft_create
from tests.standards.factories import (
    AttributeFactory,
    CodeFactory,
    ComponentVersionFactory,
    StandardFactory,
    VersionFactory,
    publish_with_four_eyes,
)

HEADER = (
    "order_id,priority,status,cost,raised_at,due_on,urgent,visits,old_reference,tags,contact,site"
)


@dataclass
class CheckerCatalogue:
    version: StandardVersion
    draft: StandardVersion
    withdrawn: StandardVersion
    order: ComponentVersion
    codes: ComponentVersion


def build_checker_standard(*, steward, slug: str = "repairs") -> CheckerCatalogue:
    standard = StandardFactory(slug=slug, name="Repairs")
    withdrawn = VersionFactory(
        standard=standard,
        major=0,
        minor=9,
        status=VersionStatus.WITHDRAWN,
        published_at=timezone.now(),
        withdrawn_at=timezone.now(),
        withdrawn_reason="Published by mistake.",
        published_by=steward,
    )
    version = VersionFactory(standard=standard)
    codes = ComponentVersionFactory(
        version=version,
        kind=ComponentKind.CODE_LIST,
        component__key="priority-codes",
        name="Priority codes",
    )
    CodeFactory(component_version=codes, value="EMG", label="Emergency")
    CodeFactory(component_version=codes, value="URG", label="Urgent")
    CodeFactory(component_version=codes, value="RTN", label="Routine")
    CodeFactory(
        component_version=codes,
        value="OLD",
        label="Old routine",
        deprecated=True,
        replaced_by="RTN",
        deprecation_note="Merged into routine.",
    )
    site = ComponentVersionFactory(version=version, component__key="site", name="Site")
    AttributeFactory(component_version=site, key="site_id", name="site_id", required=True)
    order = ComponentVersionFactory(version=version, component__key="work-order", name="Work order")
    attributes = [
        {"key": "order_id", "required": True, "pattern": r"^WO-[0-9]+$"},
        {
            "key": "priority",
            "required": True,
            "data_type": DataType.REFERENCE,
            "references": codes.component,
        },
        {"key": "status", "enum_values": ["open", "closed"]},
        {"key": "cost", "data_type": DataType.NUMBER, "extra": {"keywords": {"maximum": 10000}}},
        {"key": "raised_at", "data_type": DataType.DATE_TIME, "required": True},
        {"key": "due_on", "data_type": DataType.DATE, "nullable": True},
        {"key": "urgent", "data_type": DataType.BOOLEAN},
        {"key": "visits", "data_type": DataType.INTEGER},
        {
            "key": "old_reference",
            "deprecated": True,
            "replaced_by": "order_id",
            "deprecation_note": "Use the order's own ID.",
        },
        {"key": "tags", "cardinality": Cardinality.MANY},
        {"key": "contact", "format": "email"},
        {"key": "site", "data_type": DataType.REFERENCE, "references": site.component},
    ]
    for order_number, fields in enumerate(attributes):
        AttributeFactory(
            component_version=order,
            name=fields["key"],
            sort_order=order_number,
            definition=f"The {fields['key']}.",
            **fields,
        )
    version = publish_with_four_eyes(actor=steward, version=version)
    draft = version_draft_create(actor=steward, standard=standard, number="1.1.0", base=version)
    order = ComponentVersion.objects.select_related("component").get(pk=order.pk)
    return CheckerCatalogue(
        version=version, draft=draft, withdrawn=withdrawn, order=order, codes=codes
    )


@pytest.fixture
def repairs(steward) -> CheckerCatalogue:
    return build_checker_standard(steward=steward)


def test_the_invented_standard_publishes_a_schema_with_every_rule(repairs):
    from adoption.checker.engine import checker_for

    checker = checker_for(version=repairs.version, component=repairs.order)
    properties = checker.schema["properties"]
    assert properties["order_id"]["pattern"] == r"^WO-[0-9]+$"
    assert properties["priority"]["$ref"].endswith("/priority-codes.schema.json")
    assert properties["cost"]["maximum"] == 10000
    assert properties["due_on"]["type"] == ["string", "null"]
    assert properties["tags"]["type"] == "array"
    assert checker.schema["required"] == ["order_id", "priority", "raised_at"]
