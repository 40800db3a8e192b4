import pytest

from tests.portal.factories import guidance_index, guidance_page

pytestmark = pytest.mark.django_db


@pytest.fixture
def guidance(home_page):
    index = guidance_index(parent=home_page)
    page = guidance_page(parent=index)
    return index, page


def test_home_page_lists_its_sections(client, guidance):
    response = client.get("/")

    content = response.content.decode()
    assert response.status_code == 200
    assert '<a class="govuk-link" href="/guidance/">Guidance</a>' in content


def test_the_home_pages_title_names_the_service_once(client, home_page, settings):
    html = client.get("/").content.decode()

    assert f"<title>{settings.SERVICE_NAME}</title>" in html


def test_another_pages_title_ends_with_the_service_name(client, guidance, settings):
    _index, page = guidance

    html = client.get(page.url).content.decode()

    assert f"<title>{page.title} – {settings.SERVICE_NAME}</title>" in html


def test_guidance_page_has_breadcrumbs_back_to_home(client, guidance):
    response = client.get("/guidance/about/")

    content = response.content.decode()
    assert '<a class="govuk-breadcrumbs__link" href="/">Home</a>' in content
    assert '<a class="govuk-breadcrumbs__link" href="/guidance/">Guidance</a>' in content


def test_guidance_page_has_an_on_this_page_list_built_from_its_headings(client, guidance):
    response = client.get("/guidance/about/")

    content = response.content.decode()
    assert "On this page" in content
    assert '<a class="govuk-link" href="#who-runs-it">Who runs it</a>' in content
    assert 'id="who-runs-it"' in content


def test_guidance_index_lists_child_pages_with_their_summaries(client, guidance):
    response = client.get("/guidance/")

    content = response.content.decode()
    assert "About this portal" in content
    assert "What it is for." in content


def test_base_layout_has_skip_link_phase_banner_navigation_and_footer(client, guidance):
    content = client.get("/").content.decode()

    assert '<a href="#main-content" class="govuk-skip-link"' in content
    assert "govuk-phase-banner" in content
    assert "Beta" in content
    for label in ("Guidance", "Standards", "Community", "Sign in"):
        assert f">{label}</" in content or f">{label}</strong>" in content
    for href in ("/accessibility/", "/privacy/", "/cookies/"):
        assert f'href="{href}"' in content


def test_signed_in_navigation_offers_your_account_and_sign_out(client, guidance, user):
    client.force_login(user)

    content = client.get("/").content.decode()

    assert "Your account" in content
    assert "Sign out" in content
    assert ">Sign in<" not in content


def test_the_only_inline_script_is_allowed_by_its_hash(client, guidance):
    # A hash rather than a nonce, so whole pages can be cached (tests/portal/test_caching.py).
    response = client.get("/")

    content = response.content.decode()
    policy = response.headers["Content-Security-Policy"]
    assert content.count("<script") == 2
    assert "<script>document.body.className" in content
    assert "script-src 'self' 'sha256-" in policy
    assert "nonce" not in policy


def test_home_page_runs_a_bounded_number_of_queries(
    client, guidance, django_assert_max_num_queries
):
    client.get("/")
    with django_assert_max_num_queries(10):
        client.get("/")


def test_guidance_page_runs_a_bounded_number_of_queries(
    client, guidance, django_assert_max_num_queries
):
    for number in range(5):
        guidance_page(parent=guidance[0], slug=f"extra-{number}", title=f"Extra {number}")
    client.get("/guidance/about/")
    with django_assert_max_num_queries(10):
        client.get("/guidance/about/")
    with django_assert_max_num_queries(10):
        client.get("/guidance/")


def test_the_wagtail_admin_gets_a_policy_that_allows_its_inline_scripts(client, steward):
    from portal.editorial import editorial_setup_ensure

    editorial_setup_ensure()
    client.force_login(steward)

    policy = client.get("/admin/").headers["Content-Security-Policy"]

    assert "script-src 'self' 'unsafe-inline'" in policy
    assert "nonce" not in policy


def test_public_pages_keep_the_strict_policy(client, guidance):
    policy = client.get("/guidance/").headers["Content-Security-Policy"]

    assert "unsafe-inline" not in policy
