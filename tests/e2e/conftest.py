"""Browser tests: Playwright drives Debian's Chromium against pytest-django's live server.

Playwright never downloads a browser here; it launches the executable at CHROMIUM_PATH.
"""

import json
import os
from pathlib import Path

import pytest
from django.db import DEFAULT_DB_ALIAS, connections
from playwright.sync_api import Page, sync_playwright

# Playwright's sync API runs an event loop in the test thread; Django's ORM calls made from the
# test body (to arrange data) are still synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM_PATH = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
AXE_SOURCE = (ROOT / "node_modules" / "axe-core" / "axe.min.js").read_text()
WCAG_22_AA_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/e2e/" in str(item.fspath):
            item.add_marker(pytest.mark.e2e)
            # The live server runs in another thread, so tests commit the data they arrange.
            # Serialized rollback restores what migrations created (Wagtail's root page, the
            # working groups) after each test's flush.
            item.add_marker(pytest.mark.django_db(transaction=True, serialized_rollback=True))


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup):
    """Keep the migrated data that pytest-django serialized when it created the test database.

    Django keeps it on the connection object, but connections are per-context, and Playwright's
    event loop gives browser tests a context (and so a connection) of their own.
    """
    return getattr(connections[DEFAULT_DB_ALIAS], "_test_serialized_contents", None)


@pytest.fixture(autouse=True)
def _migrated_data(django_db_setup):
    connection = connections[DEFAULT_DB_ALIAS]
    if django_db_setup and not hasattr(connection, "_test_serialized_contents"):
        connection._test_serialized_contents = django_db_setup
        connection.creation.deserialize_db_from_string(django_db_setup)


@pytest.fixture(scope="session")
def browser():
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM_PATH, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server) -> Page:
    context = browser.new_context(base_url=live_server.url)
    page = context.new_page()
    page.set_default_timeout(10_000)
    csp_errors: list[str] = []
    page.on(
        "console",
        lambda message: (
            csp_errors.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    yield page
    context.close()
    assert not csp_errors, f"Content Security Policy violations: {csp_errors}"


@pytest.fixture(autouse=True)
def _close_browser_contexts(request):
    """Close every browser context a test leaves open. Chromium keeps connections to the live
    server alive; one still open when the server stops is closed from a thread that may no
    longer share the test database connection, which pytest reports as a thread exception."""
    yield
    if "browser" in request.fixturenames:
        for context in request.getfixturevalue("browser").contexts:
            context.close()


@pytest.fixture
def open_page(browser, live_server):
    """Open pages on the live server, each in a browser context of its own:
    ``open_page(javascript=False, accept_downloads=True)``. Every context is closed at teardown,
    so no browser connection outlives the server's database connection."""
    contexts = []

    def open_(*, javascript: bool = True, **options) -> Page:
        context = browser.new_context(
            base_url=live_server.url, java_script_enabled=javascript, **options
        )
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(10_000)
        return page

    yield open_
    for context in contexts:
        context.close()


def assert_accessible(page: Page) -> None:
    """Fail with a readable list if axe finds any WCAG 2.2 A or AA violation on the page."""
    page.evaluate(AXE_SOURCE)
    results = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG_22_AA_TAGS
    )
    violations = [
        {
            "id": violation["id"],
            "impact": violation["impact"],
            "help": violation["help"],
            "targets": [node["target"] for node in violation["nodes"]][:5],
        }
        for violation in results["violations"]
    ]
    assert not violations, f"{page.url}:\n{json.dumps(violations, indent=2)}"


def sign_in(page: Page, *, email: str, password: str) -> None:
    page.goto("/accounts/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
