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
from tests.community.factories import StewardFactory


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
