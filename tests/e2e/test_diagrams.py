"""Browser tests for the relationship diagrams: accessibility with the diagram present, and the
journey from a version to its diagram and downloads, and to the Reference guidance."""

import pytest
from playwright.sync_api import Page, expect

from standards.demo import guidance as demo_guidance
from standards.demo import reference as demo_reference
from standards.demo import reference_guidance as demo_reference_guidance
from tests.community.factories import StewardFactory
from tests.e2e.conftest import assert_accessible
from tests.portal.factories import guidance_index
from tests.standards.factories import build_standard

BASE = "/standards/damp-and-mould"
REFERENCE = f"/standards/{demo_reference.SLUG}/0.1.0"


@pytest.fixture
def catalogue(home_page):
    steward = StewardFactory()
    catalogue = build_standard(steward=steward, size=2)
    guidance_index(parent=home_page)
    demo_guidance.load()
    demo_reference.load()
    demo_reference_guidance.load()
    return catalogue


@pytest.mark.parametrize(
    "path",
    [
        f"{BASE}/1.1.0/diagram/",
        f"{BASE}/1.1.0/property/",
        f"{REFERENCE}/diagram/",
        f"{REFERENCE}/reference/",
        "/guidance/components/reference/summary/",
        "/guidance/components/reference/making-the-case/",
        "/guidance/components/reference/technical-guidance/",
    ],
)
def test_diagram_pages_have_no_wcag_22_aa_violations(page: Page, catalogue, path):
    page.goto(path)

    expect(page.locator("h1")).to_be_visible()
    if "summary" not in path and "making-the-case" not in path:
        expect(page.get_by_role("img", name="Relationships")).to_be_visible()
    assert_accessible(page)


def test_diagram_reflows_at_320_pixels(page: Page, catalogue):
    page.set_viewport_size({"width": 320, "height": 640})
    page.goto(f"{BASE}/1.1.0/diagram/")

    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 320
    expect(page.get_by_role("region", name="Relationships between the components")).to_be_visible()


def test_from_a_version_to_its_diagram_and_downloads(page: Page, catalogue):
    page.goto(f"{BASE}/1.1.0/")
    page.get_by_role("link", name="See how the components relate in a diagram").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Relationship diagram")
    diagram = page.get_by_role("img", name="Relationships between the components of")
    expect(diagram).to_be_visible()
    expect(page.locator("figcaption")).to_contain_text("The diagram shows 7 components and 4 links")
    expect(
        page.get_by_role("table", name="Every link in the diagram, by component")
    ).to_be_visible()
    for name in ("SVG", "Graphviz DOT", "Mermaid text"):
        link = page.get_by_role("link", name=f"Diagram as {name}")
        response = page.request.get(link.get_attribute("href"))
        assert response.ok
    mermaid = page.request.get(f"{BASE}/1.1.0/diagram.mmd").text()
    assert "flowchart LR" in mermaid


def test_reference_technical_guidance_shows_tables_and_diagram(page: Page, catalogue):
    page.goto("/guidance/components/reference/technical-guidance/")

    expect(page.get_by_role("region", name="Attributes of Reference")).to_be_visible()
    expect(page.get_by_role("region", name="Codes in Role codes")).to_contain_text("110")
    expect(page.get_by_role("img", name="Relationships of Reference")).to_be_visible()
    page.get_by_role("link", name="Role codes in the standard").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Role codes")
