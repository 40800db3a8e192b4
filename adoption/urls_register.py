"""URLs of the register (see adoption/urls.py)."""

urlpatterns = []
