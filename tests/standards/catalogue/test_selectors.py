import pytest

from standards.catalogue.selectors import (
    component_history,
    component_referenced_by,
    component_version_get,
    component_versions_for,
    standard_list,
    version_get,
    version_latest_published,
)
from standards.choices import ComponentKind, DataType
from standards.models import StandardVersion
from standards.versions.services import version_draft_create
from tests.standards.factories import (
    AttributeFactory,
    CodeFactory,
    ComponentVersionFactory,
    VersionFactory,
    publish_with_four_eyes,
)


def _version_with(size: int) -> StandardVersion:
    version = VersionFactory()
    code_list = ComponentVersionFactory(version=version, kind=ComponentKind.CODE_LIST)
    for _ in range(size):
        entity = AttributeFactory(component_version__version=version).component_version
        AttributeFactory(
            component_version=entity,
            data_type=DataType.REFERENCE,
            references=code_list.component,
        )
        CodeFactory(component_version=code_list)
    return version


def _walk(component_versions) -> None:
    for row in component_versions:
        _ = row.component.key, row.version.standard.slug
        _ = [attribute.references for attribute in row.attributes.all()]
        _ = list(row.codes.all())


@pytest.mark.parametrize("size", [1, 10])
def test_component_versions_for_runs_fixed_queries(db, django_assert_num_queries, size):
    version = _version_with(size)

    with django_assert_num_queries(3):
        _walk(component_versions_for(version=version, with_members=True))


@pytest.mark.parametrize("size", [1, 10])
def test_standard_list_runs_fixed_queries(db, django_assert_num_queries, size):
    for _ in range(size):
        VersionFactory()

    with django_assert_num_queries(2):
        assert all(standard.version_list for standard in standard_list())


def test_version_get_finds_by_number(published_version):
    found = version_get(standard_slug=published_version.standard.slug, number="1.0.0")

    assert found == published_version


def test_version_get_latest_is_the_published_version(published_version):
    VersionFactory(standard=published_version.standard, major=2)

    found = version_get(standard_slug=published_version.standard.slug, number="latest")

    assert found == published_version


def test_version_get_treats_a_malformed_number_as_missing(published_version):
    with pytest.raises(StandardVersion.DoesNotExist):
        version_get(standard_slug=published_version.standard.slug, number="1.0")


def test_version_latest_published_is_none_with_only_drafts(draft_with_contents):
    assert version_latest_published(standard=draft_with_contents.standard) is None


def test_component_history_lists_every_version_newest_first(steward, published_version):
    version_draft_create(
        actor=steward, standard=published_version.standard, number="1.1.0", base=published_version
    )
    component = published_version.component_versions.first().component

    numbers = [row.version.number for row in component_history(component=component)]

    assert numbers == ["1.1.0", "1.0.0"]


def test_component_referenced_by_lists_incoming_references(db):
    version = _version_with(2)
    code_list = version.component_versions.get(component__kind=ComponentKind.CODE_LIST)

    incoming = component_referenced_by(version=version, component=code_list.component)

    assert incoming.count() == 2


def test_component_version_get_prefetches_members(db, django_assert_num_queries):
    version = _version_with(3)
    key = version.component_versions.get(component__kind=ComponentKind.CODE_LIST).key

    with django_assert_num_queries(3):
        row = component_version_get(version=version, key=key)
        assert len(row.codes.all()) == 3


def test_published_version_can_be_read_after_publish(steward, draft_with_contents):
    version = publish_with_four_eyes(actor=steward, version=draft_with_contents)

    rows = component_versions_for(version=version)

    assert len(rows) == 2
