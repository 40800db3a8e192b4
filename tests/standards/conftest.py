import pytest

from standards.choices import ComponentKind
from tests.standards.factories import (
    AttributeFactory,
    CodeFactory,
    ComponentVersionFactory,
    build_standard,
    publish_with_four_eyes,
)


@pytest.fixture
def draft_with_contents(db):
    """A draft holding an entity with an attribute and a code list with a code."""
    entity = ComponentVersionFactory(name="Work order")
    AttributeFactory(component_version=entity, key="work_order_id")
    code_list = ComponentVersionFactory(
        version=entity.version, kind=ComponentKind.CODE_LIST, name="Alerts"
    )
    CodeFactory(component_version=code_list, value="MED1")
    return entity.version


@pytest.fixture
def published_version(draft_with_contents, steward):
    return publish_with_four_eyes(actor=steward, version=draft_with_contents)


@pytest.fixture
def catalogue(steward):
    """Versions 1.0.0 and 1.1.0 of a small standard; see ``build_standard``."""
    return build_standard(steward=steward)
