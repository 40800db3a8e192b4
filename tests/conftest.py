import pytest

from tests.community.factories import StewardFactory, UserFactory


@pytest.fixture(autouse=True)
def _fast_static_storage(settings):
    """Tests never need hashed static files; this keeps templates independent of collectstatic."""
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture
def user(db):
    return UserFactory()


@pytest.fixture
def steward(db):
    return StewardFactory()


@pytest.fixture
def home_page(db):
    from portal.demo.pages import home_page_ensure

    return home_page_ensure(
        title="Social housing data standards", intro="Agree and adopt data standards."
    )


@pytest.fixture(autouse=True)
def _clear_cache():
    """Rate limits live in the cache; each test starts with none used."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()
