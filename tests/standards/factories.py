from dataclasses import dataclass

import factory
from django.utils import timezone

from standards.choices import ComponentKind, DataType, VersionStatus
from standards.models import (
    Attribute,
    Code,
    Component,
    ComponentVersion,
    Standard,
    StandardVersion,
)
from standards.services import version_draft_create
from standards.services_releases import release_approve, release_request
from tests.community.factories import StewardFactory


def publish_with_four_eyes(
    *, actor, version: StandardVersion, release_notes: str | None = None, approver=None
) -> StandardVersion:
    """Publish a draft as the portal allows: ``actor`` asks, a second steward (``approver``, or
    a new one) approves. For tests whose subject is what a published version does."""
    notes = release_notes or version.release_notes or f"Version {version.number}."
    release = release_request(actor=actor, version=version, notes=notes)
    release_approve(actor=approver or StewardFactory(), release=release)
    version.refresh_from_db()
    return version


class StandardFactory(factory.django.DjangoModelFactory):
    name = factory.Sequence(lambda n: f"Damp and mould {n}")
    slug = factory.Sequence(lambda n: f"damp-and-mould-{n}")
    description = "Data about damp and mould in social housing."

    class Meta:
        model = Standard


class VersionFactory(factory.django.DjangoModelFactory):
    """A draft version. For a published one with contents, build the draft then publish it."""

    standard = factory.SubFactory(StandardFactory)
    major = 1
    minor = 0
    patch = 0
    status = VersionStatus.DRAFT

    class Meta:
        model = StandardVersion

    class Params:
        # Straight into the database, for tests that need no contents.
        published = factory.Trait(
            status=VersionStatus.PUBLISHED,
            published_at=factory.LazyFunction(timezone.now),
            published_by=factory.SubFactory(StewardFactory),
        )


class ComponentFactory(factory.django.DjangoModelFactory):
    standard = factory.SubFactory(StandardFactory)
    key = factory.Sequence(lambda n: f"component_{n}")
    kind = ComponentKind.ENTITY

    class Meta:
        model = Component


class ComponentVersionFactory(factory.django.DjangoModelFactory):
    version = factory.SubFactory(VersionFactory)
    component = factory.SubFactory(
        ComponentFactory,
        standard=factory.SelfAttribute("..version.standard"),
        kind=factory.SelfAttribute("..kind"),
    )
    name = factory.Sequence(lambda n: f"Component {n}")
    definition = "A building block of the standard."

    class Meta:
        model = ComponentVersion

    class Params:
        kind = ComponentKind.ENTITY


class AttributeFactory(factory.django.DjangoModelFactory):
    component_version = factory.SubFactory(ComponentVersionFactory)
    key = factory.Sequence(lambda n: f"attribute_{n}")
    name = factory.SelfAttribute("key")
    definition = "An attribute."
    data_type = DataType.STRING

    class Meta:
        model = Attribute


class CodeFactory(factory.django.DjangoModelFactory):
    component_version = factory.SubFactory(ComponentVersionFactory, kind=ComponentKind.CODE_LIST)
    value = factory.Sequence(lambda n: f"MED{n}")
    key = factory.SelfAttribute("value")
    label = factory.Sequence(lambda n: f"Medical condition {n}")

    class Meta:
        model = Code


# A realistic standard for page, diff, download and query-count tests -------------------------


@dataclass
class Catalogue:
    standard: Standard
    v1: StandardVersion
    v2: StandardVersion


def _entity(version, key, name, definition=""):
    return ComponentVersionFactory(
        version=version, component__key=key, name=name, definition=definition
    )


def _code_list(version, key, name):
    return ComponentVersionFactory(
        version=version, kind=ComponentKind.CODE_LIST, component__key=key, name=name
    )


def build_standard(*, steward, size: int = 1, slug: str = "damp-and-mould") -> Catalogue:
    """Versions 1.0.0 (superseded) and 1.1.0 (published) of a small housing standard.

    ``size`` adds that many extra entities, attributes and codes, for query-count tests.
    1.1.0 adds an attribute and a component, deprecates a code and corrects a definition.
    """
    standard = StandardFactory(slug=slug, name="Damp and mould")
    v1 = VersionFactory(standard=standard, release_notes="The first release.")
    alerts = _code_list(v1, "person-alert-codes", "Person alert codes")
    CodeFactory(component_version=alerts, value="MED", label="Medical")
    CodeFactory(
        component_version=alerts,
        value="MED1",
        label="Uses a wheelchair",
        parent_value="MED",
        properties={"is_critical": True},
    )
    CodeFactory(component_version=alerts, value="COM", label="Communication")
    CodeFactory(component_version=alerts, value="COM1", label="Hearing", parent_value="COM")
    priorities = _code_list(v1, "work-priority-codes", "Work priority codes")
    CodeFactory(component_version=priorities, value="EMG", label="Emergency")
    prop = _entity(v1, "property", "Property", "A home or other building.")
    AttributeFactory(component_version=prop, key="uprn", name="uprn", required=True)
    order = _entity(v1, "work-order", "Work order", "A job to be done at a property.")
    AttributeFactory(component_version=order, key="work_order_id", name="id", required=True)
    AttributeFactory(
        component_version=order,
        key="priority",
        name="priority",
        data_type=DataType.REFERENCE,
        references=priorities.component,
    )
    AttributeFactory(
        component_version=order,
        key="property",
        name="property",
        data_type=DataType.REFERENCE,
        references=prop.component,
    )
    AttributeFactory(
        component_version=order, key="description", name="description", definition="Wat to do."
    )
    for n in range(size):
        extra = _entity(v1, f"extra-{n}", f"Extra {n}")
        AttributeFactory(
            component_version=extra,
            key="property",
            data_type=DataType.REFERENCE,
            references=prop.component,
        )
        AttributeFactory(component_version=extra)
        AttributeFactory(component_version=order, key=f"note_{n}", name=f"note_{n}")
        CodeFactory(component_version=alerts, value=f"MED1.{n:02d}", parent_value="MED1")
    v1 = publish_with_four_eyes(actor=steward, version=v1)

    v2 = version_draft_create(
        actor=steward, standard=standard, number="1.1.0", base=v1, release_notes="Adds dates."
    )
    order2 = ComponentVersion.objects.get(version=v2, component__key="work-order")
    AttributeFactory(
        component_version=order2,
        key="reported_at",
        name="reportedAt",
        data_type=DataType.DATE_TIME,
        definition="When the resident reported the problem.",
    )
    Attribute.objects.filter(component_version=order2, key="description").update(
        definition="What to do."
    )
    Code.objects.filter(component_version__version=v2, value="COM1").update(
        deprecated=True, replaced_by="COM"
    )
    _entity(v2, "damp-survey", "Damp survey", "An inspection for damp and mould.")
    v2 = publish_with_four_eyes(actor=steward, version=v2)
    v1.refresh_from_db()
    return Catalogue(standard=standard, v1=v1, v2=v2)


# Proposals, built through the services so every one has its events -------------------------


class ProposalFactory(factory.Factory):
    """A draft proposal made with ``proposal_create``; ``submit=True`` opens it for comment.

    Pass ``author`` (a working-group member), ``base_version`` (a published version) and
    optionally ``operations`` (``changesets.Operation`` objects).
    """

    title = factory.Sequence(lambda n: f"Record something new {n}")
    problem = "Landlords cannot record it today."
    use_case = "A surveyor records it during an inspection."
    affected = "Housing associations and their suppliers."
    operations = ()

    class Meta:
        model = dict

    @classmethod
    def _create(cls, model_class, *, author, base_version, submit=False, **kwargs):
        from standards.services_proposals import proposal_create, proposal_submit

        proposal = proposal_create(actor=author, base_version=base_version, **kwargs)
        if submit:
            proposal = proposal_submit(actor=author, proposal=proposal)
        return proposal

    _build = _create
