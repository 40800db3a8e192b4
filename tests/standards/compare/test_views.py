"""Diff pages and their JSON, between versions of a standard and of one component."""

import pytest
from django.template.loader import render_to_string

from standards.engine.diff import Impact

BASE = "/standards/damp-and-mould"


def test_version_diff_page_shows_each_change_with_old_and_new_values(client, catalogue):
    response = client.get(f"{BASE}/compare/1.0.0...1.1.0/")

    html = response.content.decode()
    assert response.status_code == 200
    assert "Changes from version 1.0.0 to 1.1.0" in html
    assert "Minor: things were added or deprecated" in html
    assert f'href="{BASE}/1.1.0/damp-survey/">Damp survey</a>' in html
    assert '<span class="app-code">reportedAt</span>' in html
    assert '<span class="app-diff-removed">Wat to do.</span>' in html
    assert '<span class="app-diff-added">What to do.</span>' in html
    assert f'href="{BASE}/compare/1.0.0...1.1.0.json"' in html
    assert f'href="{BASE}/components/work-order/compare/1.0.0...1.1.0/"' in html


def test_version_diff_json(client, catalogue):
    response = client.get(f"{BASE}/compare/1.0.0...1.1.0.json")

    data = response.json()
    assert response["Content-Type"] == "application/json"
    assert (data["standard"], data["from"], data["to"], data["impact"]) == (
        "damp-and-mould",
        "1.0.0",
        "1.1.0",
        "minor",
    )
    assert data["summary"] == {"added": 1, "removed": 0, "changed": 2}
    changes = {component["key"]: component for component in data["components"]}
    assert changes["damp-survey"]["change"] == "added"
    order = changes["work-order"]
    assert {(a["key"], a["change"], a["impact"]) for a in order["attributes"]} == {
        ("reported_at", "added", "minor"),
        ("description", "changed", "patch"),
    }
    (code,) = changes["person-alert-codes"]["codes"]
    why = {
        "impact": "minor",
        "rule": "deprecated",
        "breaks": "nobody",
        "reason": "Deprecation warns before a later removal; data stays valid",
    }
    assert code["fields"] == [
        {"field": "deprecated", "old": False, "new": True, **why},
        {"field": "replaced_by", "old": "", "new": "COM", **why},
    ]


def test_an_added_attribute_in_the_diff_json_says_which_rule_and_whom_it_breaks(client, catalogue):
    data = client.get(f"{BASE}/compare/1.0.0...1.1.0.json").json()
    order = next(change for change in data["components"] if change["key"] == "work-order")

    added = next(item for item in order["attributes"] if item["key"] == "reported_at")

    assert (added["rule"], added["breaks"]) == ("attribute.added.optional", "nobody")
    assert added["reason"] == "Readers ignore attributes they do not know"


def test_version_diff_the_other_way_round_is_major(client, catalogue):
    data = client.get(f"{BASE}/compare/1.1.0...1.0.0.json").json()

    assert data["impact"] == "major"
    assert data["summary"]["removed"] == 1


def test_version_diff_with_itself_has_no_changes(client, catalogue):
    response = client.get(f"{BASE}/compare/1.1.0...1.1.0/")

    assert b"There are no differences between these versions." in response.content


@pytest.mark.parametrize(
    ("path", "target"),
    [
        ("/compare/1.0.0...latest/", "/compare/1.0.0...1.1.0/"),
        ("/compare/latest...1.0.0.json", "/compare/1.1.0...1.0.0.json"),
        (
            "/components/work-order/compare/1.0.0...latest/",
            "/components/work-order/compare/1.0.0...1.1.0/",
        ),
        (
            "/components/work-order/compare/1.0.0...latest.json",
            "/components/work-order/compare/1.0.0...1.1.0.json",
        ),
    ],
)
def test_latest_in_a_diff_redirects(client, catalogue, path, target):
    response = client.get(f"{BASE}{path}")

    assert response.status_code == 302
    assert response["Location"] == f"{BASE}{target}"


@pytest.mark.parametrize(
    "path",
    [
        "/compare/1.0.0...9.0.0/",
        "/compare/1.0.0...9.0.0.json",
        "/components/work-order/compare/1.0.0...9.0.0/",
        "/components/nope/compare/1.0.0...1.1.0/",
        "/components/nope/compare/1.0.0...1.1.0.json",
    ],
)
def test_diffs_of_unknown_versions_or_components_are_not_found(client, catalogue, path):
    assert client.get(f"{BASE}{path}").status_code == 404


def test_component_diff_page(client, catalogue):
    response = client.get(f"{BASE}/components/work-order/compare/1.0.0...1.1.0/")

    html = response.content.decode()
    assert response.status_code == 200
    assert "Changes to Work order from version 1.0.0 to 1.1.0" in html
    assert '<span class="app-code">reportedAt</span>' in html
    assert "Definition" in html
    assert f'href="{BASE}/1.1.0/work-order/">Work order</a>' in html


def test_component_diff_for_a_component_added_later(client, catalogue):
    response = client.get(f"{BASE}/components/damp-survey/compare/1.0.0...1.1.0/")

    assert response.status_code == 200
    assert b"Damp survey was added in version 1.1.0." in response.content


def test_component_diff_json(client, catalogue):
    data = client.get(f"{BASE}/components/person-alert-codes/compare/1.0.0...1.1.0.json").json()

    assert (data["component"], data["from"], data["to"], data["change"], data["impact"]) == (
        "person-alert-codes",
        "1.0.0",
        "1.1.0",
        "changed",
        "minor",
    )
    assert [code["key"] for code in data["codes"]] == ["COM1"]
    assert data["attributes"] == []


def test_an_impact_tag_is_not_followed_by_its_own_word_again():
    tagged = render_to_string(
        "standards/includes/impact_summary.html", {"impact": Impact.MINOR, "after_tag": True}
    )
    alone = render_to_string("standards/includes/impact_summary.html", {"impact": Impact.MINOR})

    assert tagged.strip().startswith("Things were added or deprecated")
    assert alone.strip().startswith("Minor: things were added or deprecated")
