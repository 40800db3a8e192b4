"""URLs included by ``standards.urls_publishing``."""

urlpatterns: list = []
