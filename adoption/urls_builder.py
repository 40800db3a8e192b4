"""URLs of the builder (see adoption/urls.py)."""

urlpatterns = []
