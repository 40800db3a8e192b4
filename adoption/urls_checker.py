"""URLs of the checker (see adoption/urls.py)."""

urlpatterns = []
