"""Selectors behind the browsing pages, and the fixed query count of every page.

Each page is requested for a small standard and for one with ten times as many components,
attributes and codes; the number of queries must be the same and within a stated bound.
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from standards.catalogue.selectors import (
    codes_as_tree,
    component_history_visible,
    component_versions_search,
    version_component_counts,
)
from standards.models import Code
from tests.standards.factories import build_standard

BASE = "/standards/damp-and-mould"

# Path, and the most queries it may run. Sessions and auth add none for anonymous visitors.
PAGES = [
    ("/standards/", 2),
    (f"{BASE}/", 2),
    # Version and component pages list the organisations using them (the adoption register):
    # one query when there are none.
    (f"{BASE}/1.1.0/", 5),
    (f"{BASE}/1.1.0/?q=order&kind=entity&status=current", 5),
    # The component pages include the open proposals that touch the component: one query;
    # and the relationship diagram stored at publication: one more.
    (f"{BASE}/1.1.0/work-order/", 10),
    (f"{BASE}/1.1.0/person-alert-codes/", 10),
    (f"{BASE}/1.1.0/property/", 10),
    (f"{BASE}/components/work-order/", 2),
    # Two versions, their components, and members of only the components that differ.
    (f"{BASE}/compare/1.0.0...1.1.0/", 6),
    (f"{BASE}/compare/1.0.0...1.1.0.json", 6),
    (f"{BASE}/components/work-order/compare/1.0.0...1.1.0/", 8),
    (f"{BASE}/components/work-order/compare/1.0.0...1.1.0.json", 8),
    (f"{BASE}/1.1.0/bundle.schema.json", 2),
    (f"{BASE}/1.1.0/work-order.schema.json", 2),
]


def _queries(client, path: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path)
    assert response.status_code in (200, 302), path
    return len(captured)


@pytest.mark.parametrize(("path", "bound"), PAGES)
def test_each_page_runs_a_fixed_number_of_queries(
    client, steward, django_assert_max_num_queries, path, bound
):
    small = build_standard(steward=steward, size=1)
    small_count = _queries(client, path)
    # The same page of a standard ten times the size, under the same slug.
    large_slug = "damp-and-mould-large"
    build_standard(steward=steward, size=10, slug=large_slug)
    large_path = path.replace("damp-and-mould", large_slug)

    with django_assert_max_num_queries(bound):
        large_count = _queries(client, large_path)

    assert small_count == large_count, (small.standard.slug, path)


def test_steward_pages_for_a_draft_add_only_the_permission_check(
    client, steward, django_assert_max_num_queries
):
    from standards.versions.services import version_draft_create

    catalogue = build_standard(steward=steward, size=5)
    version_draft_create(
        actor=steward, standard=catalogue.standard, number="2.0.0", base=catalogue.v2
    )
    client.force_login(steward)

    # Session, user, and the steward check on top of the anonymous page's queries; a draft's
    # diagram is drawn from its components and their linking attributes, two more.
    with django_assert_max_num_queries(7 + 3 + 2):
        client.get(f"{BASE}/2.0.0/work-order/")


def test_search_annotates_member_counts(catalogue):
    rows = {row.component.key: row for row in component_versions_search(version=catalogue.v2)}

    assert rows["work-order"].attribute_count == 6
    assert rows["person-alert-codes"].code_count == 5
    assert rows["person-alert-codes"].attribute_count == 0


def test_search_matches_codes_and_attributes_case_insensitively(catalogue):
    def keys(**kwargs):
        return {
            row.component.key for row in component_versions_search(version=catalogue.v2, **kwargs)
        }

    assert keys(query="WHEELCHAIR") == {"person-alert-codes"}
    assert keys(query="uprn") == {"property"}
    assert keys(query="alert", kinds=["entity"]) == set()
    assert keys(deprecated=True) == set()
    assert "damp-survey" in keys(deprecated=False)


def test_component_counts(catalogue):
    counts = version_component_counts(version=catalogue.v2)

    assert (counts.total, counts.entities, counts.code_lists, counts.deprecated) == (6, 4, 2, 0)


def test_history_hides_drafts_unless_asked_and_links_each_to_its_previous(catalogue, steward):
    from standards.versions.services import version_draft_create

    version_draft_create(
        actor=steward, standard=catalogue.standard, number="2.0.0", base=catalogue.v2
    )
    component = catalogue.v2.component_versions.get(component__key="work-order").component

    public = component_history_visible(component=component, include_drafts=False)
    everything = component_history_visible(component=component, include_drafts=True)

    assert [row.version.number for row in public] == ["1.1.0", "1.0.0"]
    assert public[0].previous == public[1]
    assert public[1].previous is None
    assert [row.version.number for row in everything] == ["2.0.0", "1.1.0", "1.0.0"]


def _code(value, parent=""):
    return Code(value=value, key=value, parent_value=parent)


def test_codes_as_tree_puts_children_under_parents_whatever_the_order():
    codes = [_code("B.1", "B"), _code("A"), _code("A.1.1", "A.1"), _code("B"), _code("A.1", "A")]

    rows = [(row.code.value, row.depth) for row in codes_as_tree(codes)]

    assert rows == [("A", 0), ("A.1", 1), ("A.1.1", 2), ("B", 0), ("B.1", 1)]


def test_codes_as_tree_keeps_orphans_and_loops():
    codes = [_code("X", "MISSING"), _code("P", "Q"), _code("Q", "P")]

    rows = [(row.code.value, row.depth) for row in codes_as_tree(codes)]

    assert sorted(rows) == [("P", 0), ("Q", 0), ("X", 0)]
